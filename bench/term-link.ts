/**
 * One terminal, whatever carries it: syslab's WebSocket, wetty's socket.io,
 * or a node-pty in this process (the floor). Every probe (echo, flood) is
 * written once against this, so the three are measured the same way.
 */
export interface TermLink {
  /** Keystrokes or a typed command. */
  write(data: string): void;
  /** Output as it arrives; returns a function that stops listening. */
  onData(fn: (chunk: Buffer | string) => void): () => void;
  close(): Promise<void>;
}

/** Resolves once output after this call matches `pattern` (searched in a sliding tail, so any size works). */
export function waitForOutput(link: TermLink, pattern: RegExp, timeoutMs: number, what = String(pattern)): Promise<void> {
  return new Promise((resolve, reject) => {
    let tail = '';
    const timer = setTimeout(() => { off(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last output: ${JSON.stringify(tail.slice(-200))}`)); }, timeoutMs);
    const off = link.onData((chunk) => {
      tail = (tail + chunk.toString()).slice(-4096);
      if (pattern.test(tail)) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

/** Resolves once no output has arrived for `quietMs` (the shell has finished drawing its prompt). */
export function waitQuiet(link: TermLink, quietMs: number, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer = setTimeout(done, quietMs);
    const deadline = setTimeout(() => { clearTimeout(timer); off(); reject(new Error(`output never went quiet in ${timeoutMs} ms`)); }, timeoutMs);
    const off = link.onData(() => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    });
    function done() {
      clearTimeout(deadline);
      off();
      resolve();
    }
  });
}

/** A marker the shell prints but whose typed form differs (`a""b` echoes as typed, prints as `ab`), so the echo of the command never matches. */
export function marker(): { typed: string; printed: RegExp } {
  const tag = Math.random().toString(36).slice(2, 8);
  return { typed: `__bench""_${tag}`, printed: new RegExp(`__bench_${tag}`) };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
