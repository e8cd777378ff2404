/**
 * Command-line flags for every setting, derived from the one schema in
 * config.ts: `--port 8080` or `--port=8080` is SYSLAB_PORT=8080, a switch is
 * `--trust-proxy` / `--no-trust-proxy`. Flags override the environment. An
 * unknown flag is an error naming the nearest real one, never ignored: a
 * typo'd `--hots 0.0.0.0` must not quietly bind loopback.
 */
import { ConfigError, describeSettings, settingDocs, type SettingDoc } from './config.js';

export interface ParsedFlags {
  /** SYSLAB_* assignments, to lay over the environment. */
  env: Record<string, string>;
  /** Arguments that are not flags, in order (a CLI's sub-commands and ids). */
  positional: string[];
  help: boolean;
  /** Which of the caller's own switches (`extraSwitches`, e.g. --json) were given. */
  switches: Set<string>;
}

export function parseFlags(argv: readonly string[], extraSwitches: readonly string[] = []): ParsedFlags {
  const docs = settingDocs();
  const byFlag = new Map<string, SettingDoc>(docs.map((d) => [d.flag.split(' ')[0]!, d]));
  const out: ParsedFlags = { env: {}, positional: [], help: false, switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      out.help = true;
      continue;
    }
    if (arg === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg.length > 1) throw new ConfigError(`unknown option ${arg}; run with --help to see every option`);
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    if (extraSwitches.includes(name)) {
      if (inline !== undefined) throw new ConfigError(`${name} takes no value`);
      out.switches.add(name);
      continue;
    }
    const negated = name.startsWith('--no-') ? byFlag.get(`--${name.slice(5)}`) : undefined;
    if (negated?.isSwitch) {
      if (inline !== undefined) throw new ConfigError(`${name} takes no value`);
      out.env[negated.env] = 'false';
      continue;
    }
    const doc = byFlag.get(name);
    if (!doc) throw new ConfigError(`unknown option ${name}${suggest(name, [...byFlag.keys(), ...extraSwitches])}; run with --help to see every option`);
    if (doc.isSwitch) {
      out.env[doc.env] = inline ?? 'true';
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new ConfigError(`${name} needs a value (${doc.flag}; ${doc.description})`);
    }
    if (inline === undefined) i++;
    out.env[doc.env] = value;
  }
  return out;
}

/** `syslab serve --help` / `npm start -- --help`. */
export function serveHelp(): string {
  return `Usage: syslab serve [flags]        (or: npm start -- [flags])

Starts the syslab server. Every setting is a flag and an environment
variable with the same meaning; a flag wins over the variable. Switches
take no value (--trust-proxy, --no-metrics). docs/configuration.md has the
same list.

Settings:
${describeSettings()}
`;
}

/** " (did you mean --host?)" for a near miss, by edit distance. */
function suggest(name: string, known: string[]): string {
  let best: string | null = null;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best ? ` (did you mean ${best}?)` : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}
