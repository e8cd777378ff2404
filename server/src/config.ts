/**
 * Every setting syslab has, with its default and a one-line description.
 * Parsed once from the environment (and flags) at start-up, then frozen and
 * passed down; nothing else reads process.env (STYLE.md #3, #5).
 */
import path from 'node:path';
import { z } from 'zod';

/** Sizes are written 512M, 1G or 65536; `BYTES` marks them so --help and the docs show the default that way too. */
const BYTES = 'bytes';
const bytes = (def: string) => z.string().default(def).transform((s, ctx) => {
  const n = parseBytes(s);
  if (n === null) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a size (try 512M, 1G, 65536)` });
    return z.NEVER;
  }
  return n;
}).describe(BYTES);
const seconds = (def: number) => z.coerce.number().int().min(1).max(30 * 24 * 3600).default(def);
const count = (def: number, max: number) => z.coerce.number().int().min(1).max(max).default(def);

/** Setting name → [schema, description]. The environment variable is SYSLAB_<NAME>. */
export const settings = {
  HOST: [z.string().default('127.0.0.1'), 'Address to bind. Default is loopback only; use 0.0.0.0 to open it up.'],
  PORT: [z.coerce.number().int().min(0).max(65535).default(3000), 'TCP port to listen on (0 picks a free one).'],
  DRIVER: [z.enum(['bubblewrap', 'docker', 'fake']).default('bubblewrap'), 'Sandbox driver: bubblewrap (embedded default), docker (a container per sandbox; docs/deploy.md) or fake (tests only).'],
  DOCKER_SOCKET: [z.string().default('/var/run/docker.sock'), 'Docker driver: the engine\'s Unix socket. Whoever can use it is root on that host (docs/deploy.md).'],
  DOCKER_IMAGE: [z.string().default('syslab-sandbox:latest'), 'Docker driver: the lab image sandboxes run (npm run image builds it).'],
  DATA_DIR: [z.string().default('./data'), 'Directory for the database and sandbox runtime files.'],
  LABS_DIR: [z.string().default('./labs'), 'Directory holding one folder per lab.'],
  WEB_DIR: [z.string().default('./dist/web'), 'Built web page to serve (npm run build:web).'],
  LOG_LEVEL: [z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), 'Log level for the JSON logs.'],
  ALLOWED_ORIGINS: [z.string().default(''), 'Comma-separated extra origins allowed to open terminals (the server\'s own origin always is).'],
  ALLOWED_HOSTS: [z.string().default(''), 'Comma-separated host names the server answers to (.example.org allows subdomains, * any). Empty: loopback names when bound to loopback, any name otherwise. Guards against DNS rebinding.'],
  TRUST_PROXY: [z.stringbool().default(false), 'Trust X-Forwarded-* headers from one proxy hop (set behind a TLS-terminating proxy): the client address is the one that proxy saw.'],
  SESSION_IDLE_SECONDS: [seconds(30 * 60), 'A session with no input and no socket attached for this long is destroyed.'],
  SESSION_MAX_AGE_SECONDS: [seconds(4 * 3600), 'A session is destroyed this long after it started, whatever it is doing.'],
  UNUSED_LEARNER_DAYS: [z.coerce.number().int().min(1).max(3650).default(7), 'Learners who stored nothing (no step passed, no quiz, no workshop) are forgotten this many days after they were made.'],
  MAX_SESSIONS: [count(200, 100_000), 'Sessions running at once on this server.'],
  MAX_SESSIONS_PER_CLIENT: [count(5, 1000), 'Sessions running at once per client address (an IPv6 /64 is one client).'],
  SESSION_CREATE_BURST: [count(20, 10_000), 'Session requests one client address may make at once before the rate limit applies.'],
  SESSION_CREATES_PER_MINUTE: [count(20, 100_000), 'Session requests per minute per client address after its burst; beyond, 429 with Retry-After.'],
  WARM_SANDBOXES: [z.coerce.number().int().min(0).max(100).default(1), 'Sandboxes kept started, their shell at its prompt, for each warm lab, so a learner\'s session starts without waiting for one (docs/performance.md). Each is a real sandbox (~1.7 MB idle): they count against MAX_SESSIONS and give way to sessions when it is reached. 0 turns the pool off.'],
  WARM_LABS: [count(8, 1000), 'Labs kept warm at once (WARM_SANDBOXES each): at start-up the first ones by id, then the ones most recently started. Labs with a network of hosts are never kept warm.'],
  MAX_SOCKETS_PER_SESSION: [count(8, 1000), 'Terminal sockets attached to one session at once (tabs, watchers).'],
  PING_SECONDS: [z.coerce.number().int().min(1).max(3600).default(30), 'Ping each terminal socket this often; one that missed the previous ping (a half-open connection) is dropped. Keep it under your proxy\'s idle timeout.'],
  MAX_MESSAGE_BYTES: [bytes('1M'), 'Largest WebSocket frame accepted; larger ones close the socket with 1009.'],
  MAX_PENDING_INPUT_BYTES: [bytes('1M'), 'Input waiting for the shell beyond which the server stops reading the socket.'],
  SCROLLBACK_LINES: [count(1000, 100_000), 'Lines of scrollback replayed to a reconnecting terminal.'],
  SANDBOX_MEMORY: [bytes('512M'), 'Memory limit of one sandbox (cgroup).'],
  SANDBOX_PIDS: [count(256, 65_536), 'Process limit of one sandbox (cgroup pids.max).'],
  SANDBOX_CPU: [z.coerce.number().min(0.05).max(64).default(1), 'CPUs one sandbox may use (cgroup quota).'],
  SANDBOX_DISK: [bytes('256M'), 'Size of the sandbox home directory and of its /tmp (tmpfs, each).'],
  SANDBOX_UID_BASE: [z.coerce.number().int().min(1000).max(4_000_000_000).default(2_000_000), 'First host uid of the pool that sandboxes run as (one uid per sandbox, never a real user).'],
  CGROUP_ROOT: [z.string().default('/sys/fs/cgroup'), 'Where the cgroup hierarchy is mounted (v1 or v2, detected).'],
  METRICS: [z.stringbool().default(true), 'Serve Prometheus metrics at /metrics (counts and timings, no learner data; docs/operations.md). false: /metrics answers 404.'],
  METRICS_TOKEN: [z.string().default(''), 'When set, /metrics needs Authorization: Bearer <this token> (for a server reachable from outside; Prometheus sends it with bearer_token).'],
  INSTRUCTOR_KEY: [z.string().default('').refine((k) => k === '' || k.length >= 16, 'an instructor key needs at least 16 characters (it is the only thing between a stranger and every learner\'s terminal)'), 'The instructor\'s key (Authorization: Bearer <key>). Unset: the one stored in the database, or on the first start a generated one, printed once. Only its hash is stored.'],
  WORKSHOP_MAX_PARTICIPANTS: [count(100, 1000), 'Learners who may join one workshop, unless the workshop sets its own.'],
  WORKSHOP_MAX_SESSIONS: [count(100, 10_000), 'Sandboxes one workshop\'s learners may run at once, unless the workshop sets its own.'],
  WORKSHOP_STUCK_MINUTES: [count(5, 240), 'A workshop learner with no step passed for this many minutes is flagged stuck on the dashboard, unless the workshop sets its own.'],
  RECORD_SOLO_SESSIONS: [z.stringbool().default(false), 'Record the sessions of learners outside any workshop too (asciicast files in DATA_DIR/recordings; workshop sessions are recorded unless the instructor turns it off).'],
} as const;

type Settings = typeof settings;
export type Config = Readonly<{ [K in keyof Settings]: z.output<Settings[K][0]> }>;

export class ConfigError extends Error {}

/** Parse the environment (SYSLAB_*, plus PORT and HOST as conventional aliases). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const shape = Object.fromEntries(Object.entries(settings).map(([k, [schema]]) => [k, schema]));
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(settings)) input[key] = env[`SYSLAB_${key}`];
  input.PORT ??= env.PORT;
  input.HOST ??= env.HOST;
  const result = z.object(shape).safeParse(stripEmpty(input));
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const key = String(i.path[0]);
      return `  SYSLAB_${key} (${key in settings ? settingFlag(key as SettingName) : '?'}): ${i.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const config = result.data as Config & Record<string, unknown>;
  for (const key of ['DATA_DIR', 'LABS_DIR', 'WEB_DIR'] as const) {
    (config as Record<string, unknown>)[key] = path.resolve(config[key]);
  }
  return Object.freeze(config) as Config;
}

export type SettingName = keyof Settings;

/** A setting as --help and docs/configuration.md show it. */
export interface SettingDoc {
  name: SettingName;
  env: string;
  /** `--port <n>`; a switch (true/false) has no value: `--trust-proxy`, `--no-trust-proxy`. */
  flag: string;
  isSwitch: boolean;
  default: string;
  description: string;
}

export function settingFlag(key: SettingName): string {
  return `--${key.toLowerCase().replace(/_/g, '-')}`;
}

export function settingDocs(): SettingDoc[] {
  return (Object.keys(settings) as SettingName[]).map((name) => {
    const [schema, description] = settings[name];
    const parsed = (schema as z.ZodType).safeParse(undefined);
    const value = parsed.success ? parsed.data : undefined;
    const isSwitch = typeof value === 'boolean';
    const isBytes = (schema as z.ZodType).description === BYTES;
    const choices = enumOptions(schema as z.ZodType);
    const placeholder = isSwitch ? '' : choices ? ` <${choices.join('|')}>` : isBytes ? ' <size>' : typeof value === 'number' ? ' <n>' : ' <text>';
    const shown = isBytes && typeof value === 'number' ? formatBytes(value) : value === '' ? '(empty)' : String(value);
    return { name, env: `SYSLAB_${name}`, flag: `${settingFlag(name)}${placeholder}`, isSwitch, default: shown, description };
  });
}

/** `--help` text: every setting, its flag, variable, default and what it does. */
export function describeSettings(): string {
  return settingDocs().map((d) => {
    const env = d.name === 'PORT' || d.name === 'HOST' ? `${d.env} (or ${d.name})` : d.env;
    return `  ${d.flag}\n      ${env}, default ${d.default}\n      ${d.description}`;
  }).join('\n');
}

function enumOptions(schema: z.ZodType): string[] | null {
  const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
  return inner instanceof z.ZodEnum ? (inner.options as string[]) : null;
}

/** 1048576 → "1M": the way the defaults are written in the schema. */
function formatBytes(n: number): string {
  for (const [unit, size] of [['G', 1024 ** 3], ['M', 1024 ** 2], ['K', 1024]] as const) {
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  }
  return String(n);
}

function stripEmpty(o: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
}

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
export function parseBytes(s: string): number | null {
  const m = /^(\d+)\s*([KMG]?)i?B?$/i.exec(s.trim());
  if (!m) return null;
  return Number(m[1]) * (UNITS[m[2]!.toUpperCase()] ?? 1);
}
