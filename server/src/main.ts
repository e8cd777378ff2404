/**
 * The composition root (STYLE.md #3): config → store → driver → sessions →
 * HTTP/WS, and the process's lifecycle. Nothing else reads process.env.
 */
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, describeSettings, loadConfig, type Config } from './config.js';
import { LabEngine } from './engine/lab-engine.js';
import { createApp } from './http/app.js';
import { hostPolicy, hostRefusal } from './http/host-policy.js';
import { limitSessionCreation, TokenBuckets } from './http/session-rate-limit.js';
import { Inspectors } from './inspect/inspectors.js';
import { loadCatalog } from './labs/lab-catalog.js';
import { createLogger } from './log.js';
import { openDriver } from './sandbox/registry.js';
import { SessionManager } from './sessions/session-manager.js';
import { openDatabase } from './store/database.js';
import { LearnerStore } from './store/learner-store.js';
import { ProgressStore } from './store/progress-store.js';
import { parseAllowedOrigins } from './ws/origin-policy.js';
import { refuse, TerminalSockets } from './ws/terminal-socket.js';

/** bubblewrap is ready in ~30 ms; a sandbox still not up after this is stuck (a slow Docker pull is not our case: images are local). */
const SANDBOX_START_TIMEOUT_MS = 20_000;
/** SIGTERM must finish within this, even if a sandbox refuses to die. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function main(argv: string[]) {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`syslab: a Linux systems lab in the browser\n\nUsage: npm start [-- --flag value ...]\n\n`
      + `Every setting is an environment variable or a flag (--port 8080 = SYSLAB_PORT=8080):\n\n${describeSettings()}\n`);
    return;
  }
  let config: Config;
  try {
    config = loadConfig({ ...process.env, ...flagsToEnv(argv) });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nRun with --help to see every setting.\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
  const db = openDatabase(config.DATA_DIR);
  const learners = new LearnerStore(db);
  const progress = new ProgressStore(db);

  const { catalog, errors } = loadCatalog(config.LABS_DIR);
  for (const e of errors) log.error({ file: e.file, field: e.field }, `lab refused: ${e.message}`);

  const driver = await openDriver(config, log);
  const problem = await driver.check();
  if (problem) {
    log.fatal({ driver: driver.name }, problem);
    process.exit(1);
  }
  await driver.sweep();

  const sessions = new SessionManager({
    driver,
    log,
    sandboxLimits: {
      memoryBytes: config.SANDBOX_MEMORY, pids: config.SANDBOX_PIDS, cpus: config.SANDBOX_CPU, diskBytes: config.SANDBOX_DISK,
    },
    sessionLimits: {
      startTimeoutMs: SANDBOX_START_TIMEOUT_MS,
      maxSockets: config.MAX_SOCKETS_PER_SESSION,
      maxPendingInputBytes: config.MAX_PENDING_INPUT_BYTES,
      scrollbackLines: config.SCROLLBACK_LINES,
    },
    maxSessions: config.MAX_SESSIONS,
    maxSessionsPerClient: config.MAX_SESSIONS_PER_CLIENT,
    idleMs: config.SESSION_IDLE_SECONDS * 1000,
    maxAgeMs: config.SESSION_MAX_AGE_SECONDS * 1000,
  });
  const terminals = new TerminalSockets({
    sessions, log, maxMessageBytes: config.MAX_MESSAGE_BYTES, allowedOrigins: parseAllowedOrigins(config.ALLOWED_ORIGINS),
    pingIntervalMs: config.PING_SECONDS * 1000,
  });
  const engine = new LabEngine({ catalog, progress, log });
  const inspectors = new Inspectors(log);
  const createRate = { burst: config.SESSION_CREATE_BURST, perMinute: config.SESSION_CREATES_PER_MINUTE };
  const sessionCreateLimit = limitSessionCreation(new TokenBuckets(createRate), createRate);
  const hosts = hostPolicy(config.ALLOWED_HOSTS, config.HOST);
  const app = createApp({
    sessions, catalog, learners, engine, inspectors, log, webDir: config.WEB_DIR, trustProxy: config.TRUST_PROXY, hostPolicy: hosts, sessionCreateLimit,
  });
  const server = http.createServer(app);
  server.on('upgrade', (req, socket, head) => {
    if (!hosts.allows(req.headers.host)) {
      refuse(socket, 403, hostRefusal(req.headers.host, hosts));
      return;
    }
    if (!terminals.handleUpgrade(req, socket, head)) refuse(socket, 404, 'no WebSocket endpoint here; see docs/api.md');
  });

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const { port } = server.address() as AddressInfo;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  log.info({ url: `http://${host}:${port}`, driver: driver.name, labs: catalog.list().length }, 'listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: ending every session');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    server.close();
    await sessions.shutdown();
    await driver.close();
    terminals.close();
    server.closeAllConnections();
    db.close();
    clearTimeout(force);
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** `--port 8080` → { SYSLAB_PORT: "8080" }; `--trust-proxy` → "true". */
function flagsToEnv(argv: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(argv[i]!);
    if (!m) continue;
    const key = `SYSLAB_${m[1]!.replace(/-/g, '_').toUpperCase()}`;
    if (m[2] !== undefined) env[key] = m[2];
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) env[key] = argv[++i]!;
    else env[key] = 'true';
  }
  return env;
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`syslab failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
