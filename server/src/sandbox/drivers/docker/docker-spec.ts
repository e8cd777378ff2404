/**
 * The Docker sandbox as data: pure functions from a spec to the bodies sent
 * to the Engine API (container create, exec create). No I/O here, so the
 * exact isolation we ask for is pinned by golden tests (STYLE.md #2), as
 * bwrap-spec.ts does for bubblewrap.
 */
import type Docker from 'dockerode';
import type { SandboxSpec } from '../../driver.js';
import { sandboxSeccompProfile } from './seccomp-profile.js';

/** Inside the sandbox the learner is uid/gid 1000, as with bubblewrap (the image has the user). */
export const LEARNER_UID = 1000;
export const LEARNER = `${LEARNER_UID}:${LEARNER_UID}`;
export const LEARNER_HOME = '/home/learner';
export const SANDBOX_HOSTNAME = 'syslab';
const PATH = '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin';
/** A small writable /run, as bubblewrap gives (labs keep pid files and sockets there; one fills it on purpose). */
export const RUN_TMPFS_BYTES = 16 * 1024 * 1024;
/**
 * Where the container's shell waits until its home is populated: a FIFO in
 * the /run tmpfs. The driver fills the home through an exec (the root fs is
 * read-only, the home a tmpfs: the engine cannot copy into either), then
 * writes a line here and the shell starts.
 */
export const START_FIFO = '/run/.syslab-start';
/**
 * The container's own command, under Docker's init: wait for the home, then
 * become the learner's login shell. So, as with bubblewrap, the shell is the
 * first child of the sandbox's pid 1 and everything the learner starts
 * descends from it; what exec runs beside it (checks, inspectors) has parent
 * 0 and is not the learner's.
 */
export const SHELL_ENTRY = `mkfifo -m 600 ${START_FIFO} && read -r _ < ${START_FIFO}; rm -f ${START_FIFO}; exec /bin/bash -l`;
/** How long the home may take to be populated before the start gives up (populateExecBody). */
const START_FIFO_WAIT_TICKS = 500;

/** Labels on every sandbox container: which server made it (the sweep's key), and for whom. */
export const LABEL_INSTANCE = 'syslab.instance';
export const LABEL_SANDBOX = 'syslab.sandbox';
export const LABEL_LAB = 'syslab.lab';

/**
 * Env var marking every process one exec() starts, so a timed-out command
 * and all it started can be found and killed: the Engine API has no call to
 * kill an exec, and its host pid is not ours to see when the server runs in a
 * container itself.
 */
export const EXEC_MARKER_VAR = 'SYSLAB_EXEC';

export function containerName(instance: string, sandboxId: string): string {
  return `syslab-${instance}-${sandboxId}`;
}

/** Only these reach the sandbox: the server's own environment (secrets) never does. */
export function sandboxEnv(): string[] {
  return [`PATH=${PATH}`, 'TERM=xterm-256color', 'LANG=C.UTF-8', 'COLORTERM=truecolor',
    `HOME=${LEARNER_HOME}`, 'USER=learner', 'LOGNAME=learner'];
}

export interface DockerHost {
  image: string;
  instance: string;
}

/**
 * The container: the learner's shell on a TTY (SHELL_ENTRY) under Docker's
 * init, which reaps every orphan; checks and probes come in through exec.
 * Nothing is reachable (no network), nothing on the image can be changed
 * (read-only root), the learner's writable places are size-capped tmpfs, and
 * the learner has no capability and cannot gain one.
 */
export function containerCreateBody(spec: SandboxSpec, host: DockerHost): Docker.ContainerCreateOptions {
  const size = spec.limits.diskBytes;
  // Docker mounts a --tmpfs noexec unless told otherwise; learners compile and run programs in both.
  const tmpfs = (extra: string) => `rw,exec,nosuid,nodev,size=${size},${extra}`;
  return {
    name: containerName(host.instance, spec.id),
    Image: host.image,
    Hostname: SANDBOX_HOSTNAME,
    User: LEARNER,
    WorkingDir: LEARNER_HOME,
    Env: sandboxEnv(),
    Cmd: ['/bin/sh', '-c', SHELL_ENTRY],
    Tty: true,
    OpenStdin: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Labels: { [LABEL_INSTANCE]: host.instance, [LABEL_SANDBOX]: spec.id, [LABEL_LAB]: spec.lab },
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: 'none',
      // pid 1 is docker-init (tini): it reaps the zombies the learner's orphans become.
      Init: true,
      ReadonlyRootfs: true,
      Tmpfs: {
        [LEARNER_HOME]: tmpfs(`uid=${LEARNER_UID},gid=${LEARNER_UID},mode=0755`),
        '/tmp': tmpfs('mode=1777'),
        '/run': `rw,exec,nosuid,nodev,size=${RUN_TMPFS_BYTES},uid=${LEARNER_UID},gid=${LEARNER_UID},mode=0755`,
      },
      ShmSize: size,
      IpcMode: 'private',
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges', `seccomp=${JSON.stringify(sandboxSeccompProfile())}`],
      Memory: spec.limits.memoryBytes,
      // Equal to Memory: no swap on top, so the limit is the limit.
      MemorySwap: spec.limits.memoryBytes,
      PidsLimit: spec.limits.pids,
      NanoCpus: Math.round(spec.limits.cpus * 1e9),
      // If the host runs out of memory, a sandbox goes before the server.
      OomScoreAdj: 500,
      // The terminal reaches the server through attach; the learner's screen never goes to a log file.
      LogConfig: { Type: 'none', Config: {} },
      RestartPolicy: { Name: 'no' },
    },
  };
}

/**
 * Fill the home before the shell starts: /etc/skel, then the lab's files
 * (a tar on stdin) when it has any; then let the shell go (SHELL_ENTRY),
 * once it is waiting.
 */
export function populateExecBody(withFiles: boolean): Docker.ExecCreateOptions {
  const steps = [
    'cp -R /etc/skel/. "$HOME"/ 2>/dev/null',
    ...(withFiles ? ['tar -x --no-same-owner -C "$HOME" -f - || exit 1'] : []),
    `i=0; while [ ! -p ${START_FIFO} ] && [ $i -lt ${START_FIFO_WAIT_TICKS} ]; do sleep 0.01; i=$((i+1)); done`,
    `echo go > ${START_FIFO}`,
  ];
  return {
    Cmd: ['/bin/sh', '-c', steps.join('; ')],
    User: LEARNER,
    WorkingDir: LEARNER_HOME,
    Env: sandboxEnv(),
    AttachStdin: withFiles,
    AttachStdout: true,
    AttachStderr: true,
  };
}

/** A command beside the shell (checks, probes, traces), as the learner, marked for killing. */
export function commandExecBody(argv: readonly string[], marker: string, env: Record<string, string>, withStdin: boolean): Docker.ExecCreateOptions {
  return {
    Cmd: [...argv],
    User: LEARNER,
    WorkingDir: LEARNER_HOME,
    Env: [...sandboxEnv(), ...Object.entries(env).map(([k, v]) => `${k}=${v}`), `${EXEC_MARKER_VAR}=${marker}`],
    AttachStdin: withStdin,
    AttachStdout: true,
    AttachStderr: true,
  };
}

/**
 * Kills every process carrying one exec's marker. Same uid, so /proc/<pid>/environ
 * is readable; the killer itself is a different exec and carries no marker.
 */
export function killMarkedExecBody(marker: string): Docker.ExecCreateOptions {
  const script = [
    'for d in /proc/[0-9]*; do',
    `  grep -qszxF "${EXEC_MARKER_VAR}=$1" "$d/environ" && kill -KILL "\${d#/proc/}" 2>/dev/null`,
    'done; true',
  ].join('\n');
  return {
    Cmd: ['/bin/sh', '-c', script, 'syslab-kill', marker],
    User: LEARNER,
    AttachStdout: true,
    AttachStderr: true,
  };
}
