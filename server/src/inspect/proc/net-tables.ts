/** /proc/net/{unix,tcp,tcp6,udp,udp6}, `ss -xanH` (unix peers) and /proc/sysvipc/{shm,msg}. */

export interface UnixSocket {
  inode: string;
  /** SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET. */
  type: 'stream' | 'dgram' | 'seqpacket';
  listening: boolean;
  /** Bound path ("@name" for the abstract namespace), or "". */
  path: string;
}

export function parseNetUnix(text: string): UnixSocket[] {
  const out: UnixSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    // Num RefCount Protocol Flags Type St Inode Path
    const f = line.trim().split(/\s+/);
    if (f.length < 7) continue;
    const type = f[4] === '0002' ? 'dgram' : f[4] === '0005' ? 'seqpacket' : 'stream';
    out.push({ inode: f[6]!, type, listening: (parseInt(f[3]!, 16) & 0x10000) !== 0, path: f.slice(7).join(' ') });
  }
  return out;
}

/** inode → peer inode, from `ss -xanH`: "u_str ESTAB 0 0 * 323772 * 323773". */
export function parseUnixPeers(text: string): Map<string, string> {
  const peers = new Map<string, string>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const inode = f.at(-3)!;
    const peer = f.at(-1)!;
    if (/^\d+$/.test(inode) && /^\d+$/.test(peer) && peer !== '0') peers.set(inode, peer);
  }
  return peers;
}

export interface InetSocket {
  protocol: 'tcp' | 'udp';
  inode: string;
  local: string;
  remote: string;
  /** TCP state name (LISTEN, ESTABLISHED…), or "UNCONN"/"ESTAB" for UDP. */
  state: string;
}

const TCP_STATES = ['', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING'];

export function parseNetInet(text: string, protocol: 'tcp' | 'udp'): InetSocket[] {
  const out: InetSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !f[0]!.endsWith(':')) continue;
    const st = parseInt(f[3]!, 16);
    out.push({
      protocol,
      inode: f[9]!,
      local: hexAddress(f[1]!),
      remote: hexAddress(f[2]!),
      state: protocol === 'tcp' ? (TCP_STATES[st] ?? String(st)) : st === 1 ? 'ESTAB' : 'UNCONN',
    });
  }
  return out;
}

/** "0100007F:1F90" → "127.0.0.1:8080"; IPv6 as four host-order 32-bit words → "[::1]:8080". */
export function hexAddress(hex: string): string {
  const [addr = '', port = '0'] = hex.split(':');
  const p = parseInt(port, 16);
  if (addr.length === 8) {
    const bytes = [0, 1, 2, 3].map((i) => parseInt(addr.slice(6 - i * 2, 8 - i * 2), 16));
    return `${bytes.join('.')}:${p}`;
  }
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = addr.slice(w * 8, w * 8 + 8);
    for (let i = 0; i < 4; i++) bytes.push(parseInt(word.slice(6 - i * 2, 8 - i * 2), 16));
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return `[${compressIpv6(groups)}]:${p}`;
}

function compressIpv6(groups: string[]): string {
  // The longest run of zero groups becomes "::".
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length;) {
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j === i ? i + 1 : j;
  }
  if (bestLen < 2) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export interface SysvObject {
  kind: 'sysv-shm' | 'sysv-msg';
  id: string;
  /** The key as ipcs prints it, 0x0000abcd. */
  key: string;
  /** Segment bytes, or messages queued. */
  size: number;
  /** Processes attached (shm) or the last sender/receiver pids (msg). */
  pids: number[];
}

export function parseSysvShm(text: string): SysvObject[] {
  return rows(text).map((f) => ({ kind: 'sysv-shm' as const, key: ipcKey(f[0]!), id: f[1]!, size: Number(f[3]), pids: [] }));
}

export function parseSysvMsg(text: string): SysvObject[] {
  // key msqid perms cbytes qnum lspid lrpid …
  return rows(text).map((f) => ({
    kind: 'sysv-msg' as const, key: ipcKey(f[0]!), id: f[1]!, size: Number(f[4]),
    pids: [Number(f[5]), Number(f[6])].filter((p) => p > 0),
  }));
}

function rows(text: string): string[][] {
  return text.split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 7 && /^-?\d+$/.test(f[0]!));
}

/** /proc/sysvipc prints the key as a signed decimal. */
function ipcKey(decimal: string): string {
  return `0x${(Number(decimal) >>> 0).toString(16).padStart(8, '0')}`;
}
