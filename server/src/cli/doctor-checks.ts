/**
 * What `syslab doctor` looks at on the host, one function per finding. Each
 * says what it saw and, when something is wrong, the exact fix. `blocking`
 * findings are the ones that stop the configured driver from working; the
 * command exits non-zero on those only.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { loadCatalog } from '../labs/lab-catalog.js';
import { detectCgroupVersion } from '../sandbox/cgroups/cgroups.js';
import { V1_CONTROLLERS } from '../sandbox/cgroups/cgroup-plan.js';
import type { TerminalStream } from '../sandbox/driver.js';
import { openDriver } from '../sandbox/registry.js';
import { newSessionId } from '../sessions/credentials.js';

export type Status = 'ok' | 'warn' | 'fail' | 'info';

export interface Finding {
  status: Status;
  /** One line: what was looked at and what was seen. */
  title: string;
  /** The command or change that fixes it. */
  fix?: string;
}

/** Node 20.19 is the oldest Vite 7 and the server run on (package.json engines). */
const MIN_NODE: [number, number] = [20, 19];
/**
 * Doctor's trial sandbox runs as uids far from the server's pool (2,000,000
 * up), the tests' (3,000,000 up) and `lab check`'s (5,000,000 up), so it can
 * run beside a live server.
 */
const DOCTOR_UID_BASE = 6_000_000 + (process.pid % 100) * 10_000;
/** The whole trial (create, shell prompt, exec, destroy) normally takes well under a second. */
const TRIAL_TIMEOUT_MS = 30_000;
/** An engine that does not answer a ping within this is as good as absent. */
const DOCKER_PING_TIMEOUT_MS = 3_000;

export function nodeVersion(version = process.versions.node): Finding {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return ok
    ? { status: 'ok', title: `Node.js ${version}` }
    : { status: 'fail', title: `Node.js ${version} is too old (syslab needs ${MIN_NODE.join('.')} or newer)`, fix: 'install Node.js 20.19+ from https://nodejs.org or NodeSource' };
}

export function runningAsRoot(config: Config): Finding {
  if (process.getuid?.() === 0) {
    return { status: 'ok', title: config.DRIVER === 'bubblewrap' ? 'running as root (each sandbox gets a uid and cgroups of its own)' : 'running as root' };
  }
  if (config.DRIVER === 'docker') return { status: 'info', title: 'not running as root (fine for the Docker driver if this user may use the Docker socket)' };
  return {
    status: 'warn',
    title: 'not running as root: bubblewrap sandboxes would all run as your uid, without cgroup limits',
    fix: 'run the server (and this check) as root, e.g. sudo syslab serve',
  };
}

export function bubblewrapInstalled(config: Config): Finding[] {
  const blocking = config.DRIVER === 'bubblewrap';
  const findings: Finding[] = [];
  const bad: Status = blocking ? 'fail' : 'info';
  findings.push(existsSync('/usr/bin/bwrap')
    ? { status: 'ok', title: 'bubblewrap installed (/usr/bin/bwrap)' }
    : { status: bad, title: 'bubblewrap is not installed', fix: 'apt-get install bubblewrap (or ./scripts/setup.sh)' });
  const missing = ['/usr/bin/nsenter', '/usr/bin/setpriv', '/usr/bin/prlimit'].filter((t) => !existsSync(t));
  findings.push(missing.length === 0
    ? { status: 'ok', title: 'util-linux tools present (nsenter, setpriv, prlimit)' }
    : { status: bad, title: `missing ${missing.join(', ')}`, fix: 'apt-get install util-linux' });
  return findings;
}

export function userNamespaces(config: Config): Finding {
  const max = readInt('/proc/sys/user/max_user_namespaces');
  const clone = readInt('/proc/sys/kernel/unprivileged_userns_clone');
  const blocking = config.DRIVER === 'bubblewrap';
  if (max === 0) {
    return { status: blocking ? 'fail' : 'info', title: 'user namespaces are switched off (user.max_user_namespaces = 0)', fix: 'sysctl -w user.max_user_namespaces=15000 (and in /etc/sysctl.d/ to keep it)' };
  }
  if (clone === 0 && process.getuid?.() !== 0) {
    return { status: blocking ? 'fail' : 'info', title: 'unprivileged user namespaces are off (kernel.unprivileged_userns_clone = 0) and this is not root', fix: 'sysctl -w kernel.unprivileged_userns_clone=1, or run as root' };
  }
  return { status: 'ok', title: `user namespaces available (max ${max ?? 'unknown'}${clone === null ? '' : `, unprivileged_userns_clone ${clone}`})` };
}

/** Makes and removes a probe cgroup in each controller the driver uses. */
export function cgroups(config: Config): Finding {
  const root = config.CGROUP_ROOT;
  const version = detectCgroupVersion(root);
  if (config.DRIVER !== 'bubblewrap') {
    return { status: 'info', title: `cgroups ${version ? `v${version}` : 'not found'} at ${root} (the Docker engine applies limits itself)` };
  }
  if (!version) {
    return { status: 'warn', title: `no cgroup hierarchy at ${root}: sandboxes fall back to rlimits (weaker limits)`, fix: `mount cgroups there, or set --cgroup-root to where they are` };
  }
  const probe = `syslab-doctor-${process.pid}`;
  const dirs = version === 2 ? [path.join(root, probe)] : V1_CONTROLLERS.map((c) => path.join(root, c, probe));
  const refused: string[] = [];
  for (const dir of dirs) {
    try {
      mkdirSync(dir);
      rmdirSync(dir);
    } catch (err) {
      refused.push(`${path.dirname(dir)} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  if (refused.length > 0) {
    return {
      status: 'warn',
      title: `cgroups v${version} at ${root}, but cannot create cgroups in ${refused.join(', ')}: sandboxes fall back to rlimits`,
      fix: process.getuid?.() === 0 ? 'mount the cgroup hierarchy read-write (in a container: --cgroupns=host or a writable /sys/fs/cgroup)' : 'run as root',
    };
  }
  if (version === 2) {
    const enabled = readText(path.join(root, 'cgroup.subtree_control'))?.split(/\s+/) ?? [];
    const missing = ['memory', 'pids', 'cpu'].filter((c) => !enabled.includes(c));
    if (missing.length > 0) {
      return { status: 'warn', title: `cgroups v2 at ${root}: controllers ${missing.join(', ')} not enabled for children`, fix: `echo "${missing.map((m) => `+${m}`).join(' ')}" > ${root}/cgroup.subtree_control` };
    }
  }
  return { status: 'ok', title: `cgroups v${version} at ${root}, writable (memory, pids, cpu limits)` };
}

/** The learner's tools (sandbox/packages.txt) installed on this host, which bubblewrap sandboxes share read-only. */
export async function learnerTools(config: Config, repo: string): Promise<Finding> {
  if (config.DRIVER === 'docker') return { status: 'info', title: 'the learner tools come from the lab image (sandbox/Dockerfile), not this host' };
  const list = path.join(repo, 'sandbox/packages.txt');
  const text = readText(list);
  if (text === null) return { status: 'warn', title: `cannot read ${list}, the list of learner tools` };
  const packages = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const out = await run('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\\n', ...packages]);
  const installed = new Set(out.stdout.split('\n').filter((l) => /^\S+ ii/.test(l)).map((l) => l.split(' ')[0]));
  const missing = packages.filter((p) => !installed.has(p));
  if (missing.length === 0) return { status: 'ok', title: `all ${packages.length} learner tools installed (sandbox/packages.txt)` };
  return {
    status: 'warn',
    title: `${missing.length} of ${packages.length} learner tools missing: ${missing.join(' ')} (labs that use them will fail)`,
    fix: `apt-get install --no-install-recommends ${missing.join(' ')} (or ./scripts/setup.sh)`,
  };
}

/** Whether the engine answers on the socket, and has the lab image; blocking only for the Docker driver. */
export async function dockerEngine(config: Config): Promise<Finding[]> {
  const blocking = config.DRIVER === 'docker';
  const socket = config.DOCKER_SOCKET;
  if (!existsSync(socket)) {
    return [{
      status: blocking ? 'fail' : 'info',
      title: `no Docker engine socket at ${socket}${blocking ? '' : ' (only needed for --driver docker)'}`,
      fix: 'apt-get install docker.io and start dockerd (systemctl start docker), or set --docker-socket',
    }];
  }
  const docker = new Docker({ socketPath: socket, timeout: DOCKER_PING_TIMEOUT_MS });
  let version: string;
  try {
    version = (await docker.version()).Version;
  } catch (err) {
    return [{
      status: blocking ? 'fail' : 'info',
      title: `the Docker engine at ${socket} does not answer: ${(err as Error).message}`,
      fix: 'start dockerd (systemctl start docker); if permission is denied, run as root or a member of the docker group',
    }];
  }
  const findings: Finding[] = [{ status: blocking ? 'ok' : 'info', title: `Docker engine ${version} answers at ${socket}` }];
  try {
    await docker.getImage(config.DOCKER_IMAGE).inspect();
    findings.push({ status: blocking ? 'ok' : 'info', title: `lab image ${config.DOCKER_IMAGE} present` });
  } catch {
    findings.push({ status: blocking ? 'fail' : 'info', title: `lab image ${config.DOCKER_IMAGE} not found`, fix: 'npm run image (builds it from sandbox/Dockerfile)' });
  }
  return findings;
}

/**
 * The real thing: start a sandbox with the configured driver, in a data
 * directory of its own (so its clean-up cannot touch a running server's
 * sandboxes), wait for the shell's prompt, run a command beside it, destroy it.
 */
export async function trialSandbox(config: Config, log: Logger): Promise<Finding> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-doctor-'));
  const trialConfig: Config = Object.freeze({ ...config, DATA_DIR: dataDir, SANDBOX_UID_BASE: DOCTOR_UID_BASE });
  const started = performance.now();
  let driver: Awaited<ReturnType<typeof openDriver>> | null = null;
  try {
    driver = await openDriver(trialConfig, log);
    const problem = await driver.check();
    if (problem) return { status: 'fail', title: `the ${config.DRIVER} driver cannot run here: ${problem}` };
    const d = driver;
    return await withTimeout(async () => {
      const sandbox = await d.create({
        id: newSessionId(), lab: 'doctor', filesDir: null, network: null,
        limits: { memoryBytes: config.SANDBOX_MEMORY, pids: config.SANDBOX_PIDS, cpus: config.SANDBOX_CPU, diskBytes: config.SANDBOX_DISK },
      });
      try {
        const term = await sandbox.attach({ cols: 80, rows: 24 });
        await prompt(term);
        const readyMs = Math.round(performance.now() - started);
        const id = await sandbox.exec(['id', '-u'], { timeoutMs: 5_000 });
        const uid = id.stdout.trim();
        if (id.exitCode !== 0) return { status: 'fail', title: `a ${config.DRIVER} sandbox started but could not run a command: ${id.stderr.trim()}` } satisfies Finding;
        if (uid === '0') return { status: 'fail', title: `a ${config.DRIVER} sandbox runs as uid 0: it must not`, fix: 'report this: sandboxes must run unprivileged' } satisfies Finding;
        return { status: 'ok', title: `a ${config.DRIVER} sandbox started (shell prompt in ${readyMs} ms), ran a command as the unprivileged learner (uid ${uid} inside), and was removed` } satisfies Finding;
      } finally {
        await sandbox.destroy();
      }
    });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { status: 'fail', title: `could not start a ${config.DRIVER} sandbox: ${detail}` };
  } finally {
    await driver?.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function dataDir(config: Config): Finding {
  try {
    mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
    accessSync(config.DATA_DIR, constants.W_OK);
    const probe = path.join(config.DATA_DIR, `.doctor-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
    return { status: 'ok', title: `data directory ${config.DATA_DIR} is writable` };
  } catch (err) {
    return { status: 'fail', title: `data directory ${config.DATA_DIR} is not writable: ${(err as Error).message}`, fix: 'choose another with --data-dir, or fix its owner and permissions' };
  }
}

export function labsAndPage(config: Config): Finding[] {
  const { catalog, errors } = loadCatalog(config.LABS_DIR);
  const labs: Finding = errors.length === 0
    ? { status: catalog.list().length > 0 ? 'ok' : 'warn', title: `${catalog.list().length} labs in ${config.LABS_DIR}` }
    : { status: 'warn', title: `${errors.length} labs in ${config.LABS_DIR} are refused: ${errors.map((e) => e.message).join('; ')}`, fix: 'syslab labs check --all shows why' };
  const page: Finding = existsSync(path.join(config.WEB_DIR, 'index.html'))
    ? { status: 'ok', title: `web page built (${config.WEB_DIR})` }
    : { status: 'warn', title: `no built web page in ${config.WEB_DIR}: the server would serve the API only`, fix: 'npm run build' };
  return [labs, page];
}

async function prompt(term: TerminalStream): Promise<void> {
  await new Promise<void>((resolve) => {
    let seen = '';
    const listener = term.onData((d) => {
      seen += d.toString('utf8');
      if (/\$ /.test(seen)) {
        listener.dispose();
        resolve();
      }
    });
  });
}

async function withTimeout<T>(work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no shell prompt within ${TRIAL_TIMEOUT_MS / 1000} s`)), TRIAL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work(), late]);
  } finally {
    clearTimeout(timer);
  }
}

function run(file: string, args: string[]): Promise<{ stdout: string; code: number }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 10_000 }, (err, stdout) => {
      resolve({ stdout: String(stdout), code: err ? (typeof err.code === 'number' ? err.code : 1) : 0 });
    });
  });
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function readInt(file: string): number | null {
  const text = readText(file);
  return text === null ? null : Number(text.trim());
}
