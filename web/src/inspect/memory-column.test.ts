import { describe, expect, it } from 'vitest';
import type { MapEntry, MapKind } from '../../../common/src/inspect-api.js';
import { formatAddress, formatBytes, layoutMemoryColumn, parseAddress, regionHeight, regionName } from './memory-column.js';

function entry(start: string, end: string, kind: MapKind, path = ''): MapEntry {
  const sizeKiB = Number((BigInt(`0x${end}`) - BigInt(`0x${start}`)) / 1024n);
  return { start: `0x${start}`, end: `0x${end}`, perms: 'rw-p', offset: '0x0', path, kind, sizeKiB, rssKiB: null };
}

describe('regionHeight', () => {
  it('gives a page the minimum and grows with the logarithm of the size, up to a cap', () => {
    const scale = { minHeight: 14, perDoubling: 4, maxHeight: 110, gapHeight: 16 };
    expect(regionHeight(4, scale)).toBe(14);
    expect(regionHeight(1, scale)).toBe(14);
    expect(regionHeight(8, scale)).toBe(18);
    expect(regionHeight(1024, scale)).toBe(14 + 4 * 8);
    expect(regionHeight(100 * 1024 * 1024 * 1024, scale)).toBe(110);
    // A growing heap grows on screen: 132 KiB → 1 MiB is visibly taller.
    expect(regionHeight(1024, scale) - regionHeight(132, scale)).toBeGreaterThanOrEqual(10);
  });
});

describe('layoutMemoryColumn', () => {
  const maps = [
    entry('555555554000', '555555555000', 'other', '/home/learner/layout'),
    entry('555555555000', '555555556000', 'text', '/home/learner/layout'),
    entry('555555559000', '55555557a000', 'heap', '[heap]'),
    entry('7ffff7fc1000', '7ffff7fc5000', 'vvar', '[vvar]'),
    entry('7ffff7fc5000', '7ffff7fc7000', 'vdso', '[vdso]'),
    entry('7ffffffde000', '7ffffffff000', 'stack', '[stack]'),
    entry('ffffffffff600000', 'ffffffffff601000', 'vsyscall', '[vsyscall]'),
  ];

  it('orders from the highest address down, with a break for each gap and none between adjacent regions', () => {
    const column = layoutMemoryColumn([...maps].reverse());
    expect(column.blocks.map((b) => (b.kind === 'gap' ? 'gap' : b.entry.path))).toEqual([
      '[vsyscall]', 'gap', '[stack]', 'gap', '[vdso]', '[vvar]', 'gap', '[heap]', 'gap', '/home/learner/layout', '/home/learner/layout',
    ]);
    const heapGap = column.blocks[8]!;
    expect(heapGap.kind === 'gap' && heapGap.bytes).toBe(0x3000n);
  });

  it('stacks the blocks without overlap and reports the total height', () => {
    const column = layoutMemoryColumn(maps);
    let y = 0;
    for (const block of column.blocks) {
      expect(block.y).toBe(y);
      y += block.height;
    }
    expect(column.height).toBe(y);
  });

  it('handles 64-bit addresses beyond 2^53 exactly', () => {
    const column = layoutMemoryColumn(maps);
    const top = column.blocks[0]!;
    expect(top.kind === 'region' && formatAddress(top.start)).toBe('ffffffffff600000');
  });

  it('skips entries whose addresses do not parse', () => {
    expect(layoutMemoryColumn([{ ...maps[0]!, start: 'nonsense' }]).blocks).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats sizes in binary units with at most three significant digits', () => {
    expect(formatBytes(512n)).toBe('512 B');
    expect(formatBytes(4096n)).toBe('4 KiB');
    expect(formatBytes(132n * 1024n)).toBe('132 KiB');
    expect(formatBytes(1536n * 1024n)).toBe('1.5 MiB');
    expect(formatBytes(8n * 1024n * 1024n)).toBe('8 MiB');
    expect(formatBytes(0x7ffff7fc1000n - 0x55555557a000n)).toBe('42.7 TiB');
  });

  it('parses hex with or without 0x, and refuses the rest', () => {
    expect(parseAddress('0x1000')).toBe(4096n);
    expect(parseAddress('ff')).toBe(255n);
    expect(parseAddress('0x')).toBeNull();
    expect(parseAddress('12345678901234567')).toBeNull();
  });

  it('names a region by its file name', () => {
    expect(regionName(entry('1000', '2000', 'text', '/usr/lib/x86_64-linux-gnu/libc.so.6'))).toBe('libc.so.6');
    expect(regionName(entry('1000', '2000', 'heap', '[heap]'))).toBe('[heap]');
    expect(regionName(entry('1000', '2000', 'anon'))).toBe('');
  });
});
