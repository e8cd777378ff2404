/**
 * The composition root (STYLE.md #3): config → store → driver → sessions →
 * HTTP/WS, and the process's lifecycle. Nothing else reads process.env.
 */
import { mkdirSync, realpathSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { Registry } from 'prom-client';
import { closeAdmin, listenAdmin } from './admin/admin-socket.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { parseFlags, serveHelp } from './config-flags.js';
import { LabEngine } from './engine/lab-engine.js';
import { createApp } from './http/app.js';
import { hostPolicy, hostRefusal } from './http/host-policy.js';
import { limitSessionCreation, TokenBuckets } from './http/session-rate-limit.js';
import { Inspectors } from './inspect/inspectors.js';
import { createWorkshops } from './workshops/workshops.js';
import { createRecordings } from './recording/recordings.js';
import { resultsRoutes } from './results/results-routes.js';
import { loadCatalog } from './labs/lab-catalog.js';
import { createLogger } from './log.js';
import { gracefulShutdown, SESSIONS_BUDGET_MS, DRIVER_BUDGET_MS } from './ops/graceful-shutdown.js';
import { Readiness } from './ops/readiness.js';
import { ServerMetrics } from './ops/server-metrics.js';
import { openDriver } from './sandbox/registry.js';
import { MirrorThread, mirrorHeapLimits } from './sessions/mirror-worker.js';
import { SessionManager } from './sessions/session-manager.js';
import { closeDatabase, openDatabase } from './store/database.js';
import { HeartbeatStore } from './store/heartbeat-store.js';
import { LearnerStore } from './store/learner-store.js';
import { sweepUnusedLearners } from './store/learner-sweeper.js';
import { ProgressStore } from './store/progress-store.js';
import { parseAllowedOrigins } from './ws/origin-policy.js';
import { refuse, TerminalSockets } from './ws/terminal-socket.js';

/** bubblewrap is ready in ~30 ms; a sandbox still not up after this is stuck (a slow Docker pull is not our case: images are local). */
const SANDBOX_START_TIMEOUT_MS = 20_000;
/**
 * Last resort on SIGTERM, should a step escape its own budget
 * (ops/graceful-shutdown.ts): the budgets plus a second for the rest.
 */
const SHUTDOWN_DEADLINE_MS = SESSIONS_BUDGET_MS + DRIVER_BUDGET_MS + 1_000;

/**
 * `npm start` and `syslab serve`: flags and environment in, a running server
 * out. `defaults` (SYSLAB_* values) sit under the environment: the syslab
 * command uses them to find its labs and page wherever it is run from.
 */
export async function runServer(argv: string[], defaults: Record<string, string> = {}): Promise<void> {
  let config: Config;
  try {
    const flags = parseFlags(argv);
    if (flags.help) {
      process.stdout.write(serveHelp());
      return;
    }
    if (flags.positional.length > 0) throw new ConfigError(`unexpected argument "${flags.positional[0]}" (settings are flags: --port 8080)`);
    config = loadConfig({ ...defaults, ...process.env, ...flags.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nRun with --help to see every setting.\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  const registry = new Registry();
  const metrics = new ServerMetrics(registry);
  mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
  const db = openDatabase(config.DATA_DIR);
  const learners = new LearnerStore(db);
  const progress = new ProgressStore(db);
  const heartbeat = new HeartbeatStore(db);

  const { catalog, errors } = loadCatalog(config.LABS_DIR);
  for (const e of errors) log.error({ file: e.file, field: e.field }, `lab refused: ${e.message}`);
  metrics.forLabs(catalog.list().map((l) => l.id));

  const driver = await openDriver(config, log);
  const problem = await driver.check();
  if (problem) {
    log.fatal({ driver: driver.name }, problem);
    process.exit(1);
  }

  MirrorThread.configure({
    heapLimits: mirrorHeapLimits(config.MAX_SESSIONS, config.SCROLLBACK_LINES),
    onExit: (err) => { if (err) log.warn({ err }, 'terminal mirror thread failed; screens replay from the next output'); },
  });
  const sessions = new SessionManager({
    driver,
    log,
    events: metrics,
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
    warmPerLab: config.WARM_SANDBOXES,
    warmLabs: config.WARM_LABS,
    idleMs: config.SESSION_IDLE_SECONDS * 1000,
    maxAgeMs: config.SESSION_MAX_AGE_SECONDS * 1000,
  });
  metrics.observe(sessions);
  const learnerSweep = sweepUnusedLearners({ learners, sessions, retentionDays: config.UNUSED_LEARNER_DAYS, log });
  // Before the sweep: a second server on this data directory would otherwise sweep the first one's sandboxes.
  const admin = await listenAdmin(config.DATA_DIR, sessions, log);
  if (!admin.ok) {
    if (admin.fatal) {
      log.fatal(admin.problem);
      process.exit(1);
    }
    log.warn(admin.problem);
  }
  await driver.sweep();
  sessions.startWarming(catalog.list().map((l) => catalog.get(l.id)!).map((l) => ({ lab: l.id, filesDir: l.filesDir, network: l.network })));
  const terminals = new TerminalSockets({
    sessions, log, maxMessageBytes: config.MAX_MESSAGE_BYTES, allowedOrigins: parseAllowedOrigins(config.ALLOWED_ORIGINS),
    pingIntervalMs: config.PING_SECONDS * 1000, traffic: metrics,
  });
  const engine = new LabEngine({ catalog, progress, log, events: metrics });
  const inspectors = new Inspectors(log);
  const workshops = createWorkshops({
    db, learners, progress, sessions, catalog, engine, terminals, log,
    allowedOrigins: parseAllowedOrigins(config.ALLOWED_ORIGINS),
    instructorKey: config.INSTRUCTOR_KEY || null,
    defaults: {
      maxParticipants: config.WORKSHOP_MAX_PARTICIPANTS, maxSessions: config.WORKSHOP_MAX_SESSIONS, stuckMinutes: config.WORKSHOP_STUCK_MINUTES,
    },
  });
  if (workshops.setup.generatedKey) {
    // Once, on the very first start: only its hash is kept (docs/api.md, "Instructor key").
    process.stderr.write(`\ninstructor key: ${workshops.setup.generatedKey}\n`
      + 'Keep it: it signs an instructor in (/instructor) and cannot be shown again. Set SYSLAB_INSTRUCTOR_KEY to choose your own.\n\n');
  }
  if (workshops.setup.rotated) log.warn('the instructor key changed (SYSLAB_INSTRUCTOR_KEY): the old one no longer works');
  const recordings = createRecordings({
    db, dataDir: config.DATA_DIR, sessions, catalog, engine, workshops, log, recordSoloSessions: config.RECORD_SOLO_SESSIONS,
  });
  const results = resultsRoutes({ service: workshops.service, workshops: workshops.store, progress, catalog }, workshops.requireInstructor);
  const createRate = { burst: config.SESSION_CREATE_BURST, perMinute: config.SESSION_CREATES_PER_MINUTE };
  const sessionCreateLimit = limitSessionCreation(new TokenBuckets(createRate), createRate);
  const readiness = new Readiness({ checkDriver: () => driver.check(), writeStore: () => heartbeat.beat() });
  const hosts = hostPolicy(config.ALLOWED_HOSTS, config.HOST);
  const app = createApp({
    sessions, catalog, learners, engine, inspectors, log, webDir: config.WEB_DIR, trustProxy: config.TRUST_PROXY, hostPolicy: hosts, sessionCreateLimit,
    featureRoutes: [workshops.routes, recordings.routes, results],
    ops: { readiness, metrics: config.METRICS ? registry : null, metricsToken: config.METRICS_TOKEN },
    onInternalError: () => metrics.failed('internal'),
  });
  const server = http.createServer(app);
  server.on('upgrade', (req, socket, head) => {
    if (!hosts.allows(req.headers.host)) {
      refuse(socket, 403, hostRefusal(req.headers.host, hosts));
      return;
    }
    if (workshops.sockets.handleUpgrade(req, socket, head)) return;
    if (!terminals.handleUpgrade(req, socket, head)) refuse(socket, 404, 'no WebSocket endpoint here; see docs/api.md');
  });

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const { port } = server.address() as AddressInfo;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  log.info({
    url: `http://${host}:${port}`, driver: driver.name, labs: catalog.list().length, admin: admin.ok ? admin.path : null, pid: process.pid,
  }, 'listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, sessions: sessions.count }, 'shutting down: ending every session');
    const force = setTimeout(() => {
      log.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown took too long; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    const result = await gracefulShutdown({
      stopAccepting: () => {
        readiness.markDraining();
        learnerSweep.stop();
        server.close();
        server.closeIdleConnections();
      },
      // Recordings close after their sessions end and before the database does.
      endSessions: async () => { await sessions.shutdown(); await recordings.close(); },
      closeDriver: () => driver.close(),
      closeConnections: () => {
        terminals.close();
        server.closeAllConnections();
        if (admin.ok) closeAdmin(admin.server, admin.path);
      },
      flushStore: () => closeDatabase(db),
    }, log);
    clearTimeout(force);
    log.info(result, result.clean ? 'stopped' : 'stopped, but not cleanly: the next start sweeps what is left');
    process.exit(result.clean ? 0 : 1);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** True when this file is the program (`node dist/server/src/main.js`, npm start), not imported by the syslab CLI. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  runServer(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`syslab failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
