/**
 * The peer: wetty (npm), installed on demand into a git-ignored directory
 * (never into the project's dependencies), run on this machine, spoken to
 * through its socket.io protocol as its own page does: 'input' up, 'data'
 * down, a 'commit' of 256 KiB per 256 KiB written (its flow control).
 *
 * wetty gives a local shell without ssh only when it runs as root and binds
 * localhost: then `--command` is run as is (`env -S "bash -l"`) instead of
 * `login` or ssh. That shell has no sandbox: wetty's figures are a terminal
 * server's cost alone, which flatters it next to syslab's.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { TermLink } from './term-link.js';

/** Pinned, so runs compare like with like. */
export const WETTY_VERSION = '3.2.0';
/** wetty's client acknowledges in steps of this (its FlowControlClient.ackBytes). */
const WETTY_ACK_BYTES = 262_144;
const BASE = '/wetty';

const run = promisify(execFile);

export interface WettyPeer {
  version: string;
  url: string;
  open(): Promise<WettyLink>;
  stop(): Promise<void>;
}

/** Null when wetty is ready to run; otherwise why it cannot run here. */
export async function installWetty(peerDir: string, log: (line: string) => void): Promise<string | null> {
  if (process.getuid?.() !== 0) {
    return `wetty only gives a local shell without ssh when it runs as root; this bench runs as uid ${process.getuid?.()}`;
  }
  const pkg = path.join(peerDir, 'node_modules', 'wetty', 'package.json');
  if (!existsSync(pkg) || JSON.parse(readFileSync(pkg, 'utf8')).version !== WETTY_VERSION) {
    log(`installing wetty@${WETTY_VERSION} into ${path.relative(process.cwd(), peerDir) || peerDir} (npm, once)…`);
    try {
      await run('npm', ['install', '--prefix', peerDir, '--no-audit', '--no-fund', '--no-save', `wetty@${WETTY_VERSION}`], { timeout: 300_000 });
    } catch (err) {
      return `npm install wetty@${WETTY_VERSION} failed: ${String((err as { stderr?: string }).stderr ?? err).trim().split('\n').slice(-3).join(' ')}`;
    }
  }
  const ptyBinding = path.join(peerDir, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node');
  if (!existsSync(ptyBinding)) {
    // npm 11 does not run install scripts it was not told to allow: build wetty's node-pty explicitly.
    log('building wetty\'s node-pty…');
    try {
      await run('npm', ['rebuild', 'node-pty', '--prefix', peerDir], { timeout: 300_000 });
    } catch (err) {
      return `wetty's node-pty could not be built: ${String(err).slice(0, 300)}`;
    }
    if (!existsSync(ptyBinding)) return 'wetty\'s node-pty has no native binding after npm rebuild';
  }
  return null;
}

export async function startWetty(peerDir: string): Promise<WettyPeer> {
  const port = await freePort();
  const home = mkdtempSync(path.join(os.tmpdir(), 'syslab-bench-wetty-'));
  const main = path.join(peerDir, 'node_modules', 'wetty', 'build', 'main.js');
  const child = spawn(process.execPath, [main, '--host', '127.0.0.1', '--port', String(port), '--base', BASE, '--command', 'bash -l', '--log-level', 'warn'], {
    cwd: home,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TERM: 'xterm-256color', LANG: 'C.UTF-8', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-2000); });
  // If the bench dies on an uncaught error, wetty goes with it.
  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  await waitForPort(port, child, () => stderr);
  const require = createRequire(path.join(peerDir, 'package.json'));
  // Loaded from .bench-peer at run time: socket.io-client is wetty's dependency, not ours.
  const { io } = (await import(pathToFileURL(require.resolve('socket.io-client')).href)) as { io: SocketIoConnect };
  const url = `http://127.0.0.1:${port}`;
  return {
    version: WETTY_VERSION,
    url,
    async open() {
      const socket = io(url, { path: `${BASE}/socket.io`, transports: ['websocket'], forceNew: true, reconnection: false });
      return new WettyLink(socket);
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      if (child.exitCode === null) child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      await exited;
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The little of socket.io-client's API the bench uses (its types are not installed with the project). */
interface Socket {
  on(event: string, fn: (data: string) => void): void;
  emit(event: string, data: unknown): void;
  disconnect(): void;
}
type SocketIoConnect = (url: string, options: Record<string, unknown>) => Socket;

export class WettyLink implements TermLink {
  private readonly listeners = new Set<(chunk: string) => void>();
  private counter = 0;

  constructor(private readonly socket: Socket) {
    socket.on('data', (data: string) => {
      for (const fn of this.listeners) fn(data);
      // As wetty's page does: one commit per ackBytes written.
      this.counter += data.length;
      while (this.counter >= WETTY_ACK_BYTES) {
        this.counter -= WETTY_ACK_BYTES;
        socket.emit('commit', WETTY_ACK_BYTES);
      }
    });
  }

  write(data: string): void {
    this.socket.emit('input', data);
  }

  onData(fn: (chunk: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async close(): Promise<void> {
    this.socket.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wetty exited with ${child.exitCode}: ${stderr().trim().slice(-300)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`wetty did not listen on ${port} within 30 s: ${stderr().trim().slice(-300)}`);
}
