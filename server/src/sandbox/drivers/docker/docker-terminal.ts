/**
 * The learner's shell on the container's own TTY, through the Engine's
 * attach: it hijacks the HTTP connection into a raw byte stream (no framing
 * with a TTY).
 * Backpressure is TCP's: a paused socket stops dockerd reading the exec's
 * terminal, and the shell blocks once the buffers between are full.
 */
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { TerminalExit, TerminalStream } from '../../driver.js';
import { HeldOutput } from '../../held-output.js';
import { streamClosed } from './docker-exec.js';

export class DockerTerminal implements TerminalStream {
  readonly exited: Promise<TerminalExit>;
  private readonly output = new HeldOutput();

  constructor(private readonly container: Docker.Container, private readonly stream: Duplex) {
    stream.on('data', (b: Buffer) => this.output.push(b));
    stream.on('error', () => { /* ends like a close */ });
    // The shell is the container's process: its exit code is the container's
    // (Docker's init passes it on). A container removed meanwhile has none.
    this.exited = streamClosed(stream).then(async () => {
      const waited = await container.wait().catch(() => null) as { StatusCode?: number } | null;
      return { code: waited?.StatusCode ?? null, signal: null };
    });
  }

  onData(fn: (data: Buffer) => void) {
    return this.output.onData(fn);
  }

  write(data: Buffer) {
    if (!this.stream.destroyed) this.stream.write(data);
  }

  pendingInputBytes() {
    return this.stream.writableLength;
  }

  resize(cols: number, rows: number) {
    // A resize racing the shell's exit is harmless; the engine's 4xx then is too.
    this.container.resize({ w: cols, h: rows }).catch(() => {});
  }

  pause() {
    this.stream.pause();
  }

  resume() {
    this.stream.resume();
  }

  kill() {
    this.stream.destroy();
  }
}
