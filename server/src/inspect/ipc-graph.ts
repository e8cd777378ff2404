/**
 * The IPC view: processes and the pipes, FIFOs, sockets, shared memory and
 * message queues between them, from one snapshot read inside the sandbox.
 */
import type { IpcEdge, IpcGraph, IpcMode, IpcNode } from '../../../common/src/inspect-api.js';
import { anonInode, parseFdLinks, type FdLink } from './proc/fd-links.js';
import { splitHeadOutput } from './proc/head-frames.js';
import {
  parseNetInet, parseNetUnix, parseSysvMsg, parseSysvShm, parseUnixPeers, type InetSocket, type UnixSocket,
} from './proc/net-tables.js';
import { learnerPids } from './proc/learner-pids.js';
import { parseStat, type ProcStat } from './proc/proc-stat.js';

/**
 * Sections are framed like head's output (`==> /name <==`) so one splitter
 * reads them all. ss gives what /proc/net/unix lacks: a socket's peer.
 *
 * It runs several times a second while someone watches, so it starts as few
 * programs as it can: one find lists every descriptor and /dev/shm, and the
 * maps are searched, and ss run, only when there is shared memory or a Unix
 * socket at all (tested with shell builtins, which start nothing).
 */
export const IPC_SNAPSHOT_SCRIPT = [
  'exec 2>/dev/null',
  "echo '==> /syslab/fds <=='; find /proc/[0-9]*/fd /dev/shm -mindepth 1 -maxdepth 1 \\( -path '/proc/*' -printf '%h %f %M %Y %l\\n' -o -printf '%p %s\\n' \\)",
  '{ read -r _; read -r segment; } < /proc/sysvipc/shm',
  'set -- /dev/shm/*',
  'if [ -e "$1" ] || [ -n "$segment" ]; then',
  "  echo; echo '==> /syslab/shared-maps <=='; grep -H -F -e /dev/shm/ -e /SYSV /proc/[0-9]*/maps",
  'fi',
  '{ read -r _; read -r socket; } < /proc/net/unix',
  'if [ -n "$socket" ]; then',
  "  echo; echo '==> /syslab/unix-peers <=='; ss -xanH",
  'fi',
  'echo; exec head -c 1000000 /proc/[0-9]*/stat /proc/[0-9]*/cmdline /proc/net/unix /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6 /proc/sysvipc/shm /proc/sysvipc/msg /dev/mqueue/*',
].join('\n');

export function parseIpcSnapshot(text: string): IpcGraph {
  const files = splitHeadOutput(text);
  const section = (name: string) => files.get(name) ?? '';
  const stats = new Map<number, ProcStat>();
  const argv = new Map<number, string>();
  for (const [path, content] of files) {
    const m = /^\/proc\/(\d+)\/(stat|cmdline)$/.exec(path);
    if (!m) continue;
    const pid = Number(m[1]);
    if (m[2] === 'stat') {
      const s = parseStat(content.trim());
      if (s) stats.set(pid, s);
    } else {
      argv.set(pid, content.split('\0').filter(Boolean).join(' '));
    }
  }
  const learners = learnerPids(stats.values());
  const graph = new GraphBuilder();
  const processNode = (pid: number) => {
    const id = `p:${pid}`;
    graph.node({ id, kind: 'process', label: argv.get(pid) || stats.get(pid)?.comm || String(pid), pid });
    return id;
  };

  const unix = new Map(parseNetUnix(section('/proc/net/unix')).map((s) => [s.inode, s]));
  const peers = parseUnixPeers(section('/syslab/unix-peers'));
  const inet = new Map<string, InetSocket>();
  for (const [file, proto] of [['tcp', 'tcp'], ['tcp6', 'tcp'], ['udp', 'udp'], ['udp6', 'udp']] as const) {
    for (const s of parseNetInet(section(`/proc/net/${file}`), proto)) inet.set(s.inode, s);
  }
  const mqueues = new Map<string, string>();
  for (const [path, content] of files) {
    if (path.startsWith('/dev/mqueue/')) mqueues.set(path.slice('/dev/mqueue'.length), content.trim());
  }
  const shmSizes = new Map<string, number>();
  // /dev/shm's entries share the descriptors' section: one find lists both.
  for (const line of section('/syslab/fds').split('\n')) {
    const m = /^\/dev\/shm\/(.+) (\d+)$/.exec(line);
    if (m) shmSizes.set(m[1]!, Number(m[2]));
  }

  for (const link of parseFdLinks(section('/syslab/fds'))) {
    if (!learners.has(link.pid)) continue;
    const to = resourceNode(graph, link, { unix, peers, inet, mqueues });
    if (to) graph.edge({ from: processNode(link.pid), to, fd: link.fd, mode: link.mode });
  }

  // Shared memory is used through mappings, often after its descriptor is closed.
  for (const line of section('/syslab/shared-maps').split('\n')) {
    const m = /^\/proc\/(\d+)\/maps:\S+ (\S+) \S+ \S+ \S+\s+(.*)$/.exec(line);
    if (!m || !learners.has(Number(m[1]))) continue;
    const perms = m[2]!;
    const mode: IpcMode = perms[1] === 'w' ? 'rw' : 'r';
    const path = m[3]!;
    let to: string | null = null;
    if (path.startsWith('/dev/shm/')) to = shmNode(graph, path.slice('/dev/shm/'.length), shmSizes);
    else if (path.startsWith('/SYSV')) to = sysvShmNode(graph, `0x${path.slice(5, 13)}`);
    if (to) graph.edge({ from: processNode(Number(m[1])), to, fd: null, mode });
  }

  // Objects that outlive their users are part of the lesson: list them even when unused.
  for (const name of shmSizes.keys()) shmNode(graph, name, shmSizes);
  for (const [name, info] of mqueues) mqNode(graph, name, info);
  for (const seg of parseSysvShm(section('/proc/sysvipc/shm'))) sysvShmNode(graph, seg.key, `${seg.size} bytes, id ${seg.id}`);
  for (const q of parseSysvMsg(section('/proc/sysvipc/msg'))) {
    const id = graph.node({ id: `sysv-msg:${q.id}`, kind: 'sysv-msg', label: `msg queue ${q.key}`, detail: `${q.size} message${q.size === 1 ? '' : 's'}, id ${q.id}` });
    // No descriptor: System V queues are used by id. The last sender and receiver are what the kernel records.
    const [sender, receiver] = [q.pids[0], q.pids[1]];
    if (sender !== undefined && learners.has(sender)) graph.edge({ from: processNode(sender), to: id, fd: null, mode: 'w' });
    if (receiver !== undefined && learners.has(receiver)) graph.edge({ from: processNode(receiver), to: id, fd: null, mode: 'r' });
  }
  return graph.build();
}

interface SocketTables {
  unix: Map<string, UnixSocket>;
  peers: Map<string, string>;
  inet: Map<string, InetSocket>;
  mqueues: Map<string, string>;
}

function resourceNode(graph: GraphBuilder, link: FdLink, t: SocketTables): string | null {
  const pipe = anonInode(link.target, 'pipe');
  if (pipe) return graph.node({ id: `pipe:${pipe}`, kind: 'pipe', label: 'pipe', detail: `inode ${pipe}` });
  if (link.type === 'p') return graph.node({ id: `fifo:${link.target}`, kind: 'fifo', label: link.target, detail: 'named pipe' });
  const socket = anonInode(link.target, 'socket');
  if (socket) return socketNode(graph, socket, t);
  if (link.target.startsWith('/dev/shm/')) return shmNode(graph, link.target.slice('/dev/shm/'.length), new Map());
  // An mqueue descriptor's link is the queue's path inside the mqueue mount.
  if (link.type === 'f' && t.mqueues.has(link.target)) return mqNode(graph, link.target, t.mqueues.get(link.target)!);
  return null;
}

function socketNode(graph: GraphBuilder, inode: string, t: SocketTables): string | null {
  const u = t.unix.get(inode);
  if (u) {
    const peer = t.peers.get(inode);
    if (peer) {
      // Both ends of a connection are one node, so the two processes meet there.
      const [a, b] = [inode, peer].sort();
      const named = u.path || t.unix.get(peer)?.path || '';
      return graph.node({ id: `unix:${a}-${b}`, kind: 'unix', label: named ? `unix ${named}` : 'unix socketpair', detail: `${u.type}, connected` });
    }
    return graph.node({ id: `unix:${inode}`, kind: 'unix', label: u.path ? `unix ${u.path}` : 'unix socket', detail: `${u.type}${u.listening ? ', listening' : ''}` });
  }
  const s = t.inet.get(inode);
  if (!s) return null;
  const other = [...t.inet.values()].find((o) => o.protocol === s.protocol && o.inode !== s.inode && o.local === s.remote && o.remote === s.local);
  if (other && s.state !== 'LISTEN') {
    const [a, b] = [s, other].sort((x, y) => x.inode.localeCompare(y.inode));
    return graph.node({ id: `${s.protocol}:${a!.inode}-${b!.inode}`, kind: s.protocol, label: `${s.protocol} ${a!.local} ⇄ ${b!.local}`, detail: s.state });
  }
  const label = s.state === 'LISTEN' || s.state === 'UNCONN' ? `${s.protocol} ${s.local}` : `${s.protocol} ${s.local} → ${s.remote}`;
  return graph.node({ id: `${s.protocol}:${inode}`, kind: s.protocol, label, detail: s.state });
}

function shmNode(graph: GraphBuilder, name: string, sizes: Map<string, number>): string {
  const size = sizes.get(name);
  return graph.node({ id: `shm:/${name}`, kind: 'shm', label: `/dev/shm/${name}`, ...(size !== undefined ? { detail: `${size} bytes` } : {}) });
}

function mqNode(graph: GraphBuilder, name: string, info: string): string {
  const queued = /QSIZE:(\d+)/.exec(info)?.[1];
  return graph.node({ id: `mq:${name}`, kind: 'mq', label: `mqueue ${name}`, ...(queued !== undefined ? { detail: `${queued} bytes queued` } : {}) });
}

function sysvShmNode(graph: GraphBuilder, key: string, detail?: string): string {
  return graph.node({ id: `sysv-shm:${key}`, kind: 'sysv-shm', label: `shm segment ${key}`, ...(detail ? { detail } : {}) });
}

class GraphBuilder {
  private readonly nodes = new Map<string, IpcNode>();
  private readonly edges = new Map<string, IpcEdge>();

  /** Adds the node unless one with its id exists (the first description wins, later ones may add detail). */
  node(n: IpcNode): string {
    const existing = this.nodes.get(n.id);
    if (!existing) this.nodes.set(n.id, n);
    else if (!existing.detail && n.detail) existing.detail = n.detail;
    return n.id;
  }

  edge(e: IpcEdge): void {
    this.edges.set(`${e.from} ${e.to} ${e.fd ?? 'map'} ${e.mode}`, e);
  }

  build(): IpcGraph {
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
  }
}
