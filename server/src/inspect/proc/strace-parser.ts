/**
 * strace's output, as `strace -f -tt -T -o '|cat'` prints it: every line
 * starts with the pid and the wall-clock time. A call that blocks while
 * another process runs is split into `name(args <unfinished ...>` and
 * `<... name resumed>rest) = result <secs>`; the parser joins the halves and
 * reports the call when it returns, stamped with the time it began.
 */
import type { SyscallEvent, TraceNotice } from '../../../../common/src/inspect-api.js';

export type ParsedCall = Omit<SyscallEvent, 'seq'>;
export type ParsedNotice = Omit<TraceNotice, 'seq'>;
export type StraceItem = { call: ParsedCall } | { notice: ParsedNotice };

const PREFIX = /^(\d+) +(\d\d:\d\d:\d\d\.\d+) (.*)$/;
const UNFINISHED = ' <unfinished ...>';
// "= -1 ENOENT (No such file or directory) <0.000011>", "= ?", "= 0x55d0 <0.000008>", "= 1 (in [0]) <0.1>"
const RESULT = / = (\?|-?\d+|0x[0-9a-f]+)((?: [^<]*?)?)(?: <(\d+\.\d+)>)?$/;

export class StraceParser {
  private readonly pending = new Map<number, { time: string; name: string; head: string }>();

  /** One line of output (without its newline). Null for a line that completes nothing yet or is not strace's. */
  push(line: string): StraceItem | null {
    const m = PREFIX.exec(line);
    if (!m) return null;
    const pid = Number(m[1]);
    const time = m[2]!;
    const rest = m[3]!;
    if (rest.startsWith('--- ') || rest.startsWith('+++ ')) {
      return { notice: { pid, time, text: rest.slice(4, -4) } };
    }
    const resumed = /^<\.\.\. ([\w]+) resumed>(.*)$/.exec(rest);
    if (resumed) {
      const start = this.pending.get(pid);
      this.pending.delete(pid);
      const head = start && start.name === resumed[1] ? start.head : `${resumed[1]}(…`;
      return this.complete(pid, start?.time ?? time, head + resumed[2]);
    }
    if (rest.endsWith(UNFINISHED)) {
      const name = /^(\w+)\(/.exec(rest)?.[1];
      if (name) this.pending.set(pid, { time, name, head: rest.slice(0, -UNFINISHED.length) });
      return null;
    }
    return this.complete(pid, time, rest);
  }

  private complete(pid: number, time: string, text: string): StraceItem | null {
    const open = text.indexOf('(');
    const r = RESULT.exec(text);
    if (open <= 0 || !r) return null;
    const name = text.slice(0, open);
    if (!/^\w+$/.test(name)) return null;
    // Arguments end at the ")" before " = "; padding spaces come between.
    const args = text.slice(open + 1, r.index).replace(/\)\s*$/, '');
    const extra = r[2]!.trim();
    const failed = /^E[A-Z0-9]+\b/.test(extra) && (r[1]!.startsWith('-') || r[1] === '?');
    return {
      call: {
        pid,
        time,
        name,
        args,
        result: failed || !extra ? r[1]! : `${r[1]} ${extra}`,
        error: failed ? extra : null,
        durationUs: r[3] ? Math.round(Number(r[3]) * 1e6) : null,
      },
    };
  }
}
