/**
 * A fake sandbox for engine tests: exec answers by the script's name
 * ("01-first/verify.sh", "live-question") from a table of behaviours, and
 * records every call, how many ran at once, and in what order.
 */
import type { ExecOptions, ExecResult } from '../sandbox/driver.js';
import type { ExecTarget } from './lab-scripts.js';

export type Behaviour = (call: { text: string; options: ExecOptions; n: number }) => Partial<ExecResult> | Promise<Partial<ExecResult>>;

export const passes: Behaviour = () => ({ exitCode: 0 });
export const failsWith = (stdout: string): Behaviour => () => ({ exitCode: 1, stdout });
export const prints = (stdout: string): Behaviour => () => ({ exitCode: 0, stdout });

export class ScriptedExec implements ExecTarget {
  readonly calls: Array<{ name: string; text: string; options: ExecOptions }> = [];
  running = 0;
  maxRunning = 0;

  constructor(public behaviours: Record<string, Behaviour> = {}) {}

  callsOf(name: string): number {
    return this.calls.filter((c) => c.name === name).length;
  }

  async exec(argv: string[], options: ExecOptions): Promise<ExecResult> {
    // lab-scripts runs ['/bin/sh', '-c', text, name].
    const [shell, flag, text, name] = argv;
    if (shell !== '/bin/sh' || flag !== '-c' || text === undefined || name === undefined) throw new Error(`unexpected argv ${JSON.stringify(argv)}`);
    this.calls.push({ name, text, options });
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      const behaviour = this.behaviours[name] ?? passes;
      const r = await behaviour({ text, options, n: this.callsOf(name) });
      return {
        exitCode: 0, signal: null, stdout: '', stderr: '', timedOut: false, truncated: false, durationMs: 1, ...r,
      };
    } finally {
      this.running--;
    }
  }
}

/** A promise with its resolve outside, to hold a fake script mid-run. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}
