/**
 * Waiting for a server started as a child process (tests/support/server.ts,
 * bench/syslab-server.ts): its JSON log lines on stdout, read for its whole
 * life (its logging would block otherwise), until the "listening" line.
 */
import type { ChildProcess } from 'node:child_process';

export type LogEntry = Record<string, unknown> & { msg?: string; url?: string; level?: number };

/** Resolves with the server's URL; rejects if it exits first or takes longer than `timeoutMs`. */
export function waitListening(child: ChildProcess, onLog: (entry: LogEntry) => void, stderr: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let fatal = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs / 1000} s\n${stderr()}`)), timeoutMs);
    child.stdout!.on('data', (b: Buffer) => {
      buffered += b.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        let entry: LogEntry;
        try {
          entry = JSON.parse(line) as LogEntry;
        } catch {
          continue; // not a log line
        }
        onLog(entry);
        if (typeof entry.level === 'number' && entry.level >= 60) fatal = entry.msg ?? line;
        if (entry.msg === 'listening') {
          clearTimeout(timer);
          resolve(String(entry.url));
        }
      }
      if (buffered.length > 100_000) buffered = ''; // a line that never ends is not a log line
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening: ${fatal || stderr().trim()}`));
    });
  });
}
