/** /proc/PID/maps and /proc/PID/smaps, and what each region is. */
import type { MapEntry, MapKind } from '../../../../common/src/inspect-api.js';

interface RawRegion {
  start: bigint;
  end: bigint;
  perms: string;
  offset: string;
  path: string;
  rssKiB: number | null;
}

// 7f1d4d3e6000-7f1d4d3e7000 rw-s 00000000 00:35 2     /dev/shm/counter
const MAPS_LINE = /^([0-9a-f]+)-([0-9a-f]+) ([-r][-w][-x][ps]) ([0-9a-f]+) \S+ \d+ ?\s*(.*)$/;

/** Reads either format: smaps is maps with size lines after each region. */
export function parseSmaps(text: string): MapEntry[] {
  const regions: RawRegion[] = [];
  for (const line of text.split('\n')) {
    const m = MAPS_LINE.exec(line);
    if (m) {
      regions.push({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), perms: m[3]!, offset: m[4]!, path: m[5]!, rssKiB: null });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB$/.exec(line);
    const last = regions.at(-1);
    if (rss && last) last.rssKiB = Number(rss[1]);
  }
  return classify(regions);
}

const SPECIAL: Record<string, MapKind> = {
  '[heap]': 'heap', '[stack]': 'stack', '[vdso]': 'vdso', '[vvar]': 'vvar', '[vvar_vclock]': 'vvar', '[vsyscall]': 'vsyscall',
};

/**
 * The executable is the file of the first region (the kernel maps it before
 * anything else in a normal execve). Its executable and read-only segments
 * are "text", its writable one "data", and the anonymous writable region
 * right after its last segment is its "bss" (what did not fit in the data
 * page). Other files are "mmap", shared memory objects "shm".
 */
function classify(regions: RawRegion[]): MapEntry[] {
  const exe = regions.find((r) => r.path.startsWith('/'))?.path ?? null;
  let lastExeEnd: bigint | null = null;
  return regions.map((r) => {
    let kind: MapKind;
    if (SPECIAL[r.path]) kind = SPECIAL[r.path]!;
    else if (isSharedMemory(r)) kind = 'shm';
    else if (exe !== null && r.path === exe) kind = r.perms.startsWith('rw') ? 'data' : 'text';
    else if (r.path === '' && lastExeEnd !== null && r.start === lastExeEnd && r.perms.startsWith('rw')) kind = 'bss';
    else if (r.path === '' || r.path.startsWith('[anon')) kind = 'anon';
    else if (r.path.startsWith('/')) kind = 'mmap';
    else kind = 'other';
    if (exe !== null && r.path === exe) lastExeEnd = r.end;
    else lastExeEnd = null;
    return {
      start: `0x${r.start.toString(16)}`,
      end: `0x${r.end.toString(16)}`,
      perms: r.perms,
      offset: `0x${r.offset.replace(/^0+(?=.)/, '')}`,
      path: r.path,
      kind,
      sizeKiB: Number((r.end - r.start) / 1024n),
      rssKiB: r.rssKiB,
    };
  });
}

function isSharedMemory(r: RawRegion): boolean {
  return r.path.startsWith('/dev/shm/') || r.path.startsWith('/SYSV') || r.path.startsWith('/memfd:')
    // MAP_SHARED|MAP_ANONYMOUS is backed by an unlinked shmem file named /dev/zero.
    || (r.perms.endsWith('s') && r.path.startsWith('/dev/zero'));
}
