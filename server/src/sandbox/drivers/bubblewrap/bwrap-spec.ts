/**
 * The bubblewrap sandbox as data: pure functions from a spec to the argv that
 * starts it and the argv that execs into it. No I/O here, so the exact
 * isolation we ask for is pinned by golden tests (STYLE.md #2).
 */
import type { SandboxSpec, SpawnCommand } from '../../driver.js';
import type { SeccompFiles } from '../../seccomp/seccomp-files.js';
import { CAPTURE_MOUNT, CAPTURE_OPENER, CAPTURE_PARSER } from '../../network/packet-capture.js';

/** Inside the sandbox the learner is always uid/gid 1000, whatever host uid backs it. */
export const LEARNER_UID = 1000;
export const LEARNER_NAME = 'learner';
export const LEARNER_HOME = '/home/learner';
export const SANDBOX_HOSTNAME = 'syslab';
/** Lab files are visible read-only here and copied into the home at start. */
export const LAB_FILES_MOUNT = '/opt/syslab/files';
/** Where a networked host sees its generated configuration (network/host-files.ts). */
export const CONFIG_MOUNT = '/etc/syslab';
/** The identity files every sandbox gets from generatedEtcDir. */
export const GENERATED_ETC_FILES = ['passwd', 'group', 'hosts', 'hostname'] as const;
const PATH = '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin';

/**
 * Host /etc entries a learner's tools need (dynamic loader, shell start-up,
 * terminfo, name service, gdb/vim defaults). Everything else in the host's
 * /etc stays invisible; passwd, group, hosts and hostname are generated.
 */
export const HOST_ETC_ENTRIES = [
  'alternatives', 'bash.bashrc', 'profile', 'profile.d', 'inputrc', 'skel',
  'ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'localtime', 'terminfo',
  'nsswitch.conf', 'host.conf', 'gai.conf', 'protocols', 'services', 'networks',
  'mime.types', 'magic', 'gdb', 'vim', 'manpath.config', 'environment',
  'locale.alias', 'debian_version', 'os-release', 'lsb-release', 'ssl', 'ca-certificates',
  'ltrace.conf', 'mke2fs.conf', 'nanorc', 'vimrc', 'less',
] as const;

export interface BwrapHost {
  /** Host uid (and gid) the sandbox runs as; null when the server is not root and cannot switch. */
  hostUid: number | null;
  /** Directory with generated passwd, group, hosts, hostname (see sandbox-etc.ts). */
  generatedEtcDir: string;
  /** Which files of generatedEtcDir become /etc/<name> (a networked host adds resolv.conf). */
  generatedEtcFiles: readonly string[];
  /** The sandbox's hostname (uts namespace). */
  hostname: string;
  /**
   * A prepared network namespace (/run/netns/…) the sandbox joins instead of
   * getting an empty one of its own: a host of the lab's network. Null: its
   * own namespace with only a loopback.
   */
  netnsPath: string | null;
  /** Host directory shown read-only at /etc/syslab (a lab network's certificate, a service's config), or null. */
  configDir: string | null;
  /** A packet capture of this host's network (network/packet-capture.ts), shown read-only at CAPTURE_MOUNT. */
  captureFile?: string | null;
  /** Which of HOST_ETC_ENTRIES exist on this host (an I/O fact, passed in). */
  hostEtcEntries: readonly string[];
  /** Host paths that exist and must appear as themselves (e.g. /lib64 symlink target). */
  usrMerged: { bin: boolean; lib: boolean; lib64: boolean; sbin: boolean };
  /** cgroup.procs files the launcher joins before dropping privileges. Empty: no cgroup. */
  cgroupProcsFiles: readonly string[];
  /** rlimits applied when no cgroup could be made (a weaker fallback). */
  rlimitFallback: { nproc: number; addressSpaceBytes: number; fileSizeBytes: number } | null;
  /** The seccomp filter every sandbox process carries (seccomp/deny-filter.ts); null: none (the driver warned). */
  seccomp: SeccompFiles | null;
}

/**
 * The launcher: a tiny POSIX sh program (dash starts in ~1 ms) that moves
 * itself into the sandbox's cgroups while still root, so every process the
 * sandbox ever creates is born inside them (no race with a fork), then
 * replaces itself with the rest of argv.
 *
 * It also opens the seccomp filter, if any, as descriptor 3 for bwrap's
 * `--seccomp 3` (node-pty cannot hand a child extra descriptors).
 *
 * argv: sh -c LAUNCHER syslab-launch <filter file or ""> <n> <procs file>×n <command…>
 */
const LAUNCHER = [
  'f=$1; shift',
  'if [ -n "$f" ]; then exec 3<"$f" || exit 125; fi',
  'n=$1; shift',
  'while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n-1)); done',
  'exec "$@"',
].join('\n');

export function launcherArgv(procsFiles: readonly string[], command: readonly string[], fd3File = ''): string[] {
  return ['-c', LAUNCHER, 'syslab-launch', fd3File, String(procsFiles.length), ...procsFiles, ...command];
}

/** Drop from root to the sandbox's host uid with nothing left: no groups, no caps, no-new-privs. */
function dropPrivileges(host: BwrapHost): string[] {
  if (host.hostUid === null) return [];
  const id = String(host.hostUid);
  return ['/usr/bin/setpriv', `--reuid=${id}`, `--regid=${id}`, '--clear-groups',
    '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--'];
}

/**
 * Join the lab network's namespace for this host while still root (setns
 * needs CAP_SYS_ADMIN over it); the user namespace bwrap makes next owns no
 * capability over that network, so the learner can read its routes and
 * neighbours but change nothing.
 */
function joinNetwork(host: BwrapHost): string[] {
  return host.netnsPath === null ? [] : ['/usr/bin/nsenter', `--net=${host.netnsPath}`, '--'];
}

function rlimits(host: BwrapHost): string[] {
  const r = host.rlimitFallback;
  if (!r) return [];
  return ['/usr/bin/prlimit', `--nproc=${r.nproc}`, `--as=${r.addressSpaceBytes}`, `--fsize=${r.fileSizeBytes}`, '--'];
}

/** The bwrap arguments: namespaces, filesystem, identity. */
export function bwrapArgs(spec: SandboxSpec, host: BwrapHost): string[] {
  const size = String(spec.limits.diskBytes);
  const a: string[] = [
    // Every namespace of its own. The user namespace maps the host uid to 1000;
    // --unshare-net leaves only a loopback, so nothing (the server's port
    // included) is reachable from inside. A host of a lab network has joined
    // that network's namespace instead (joinNetwork), which has no link to
    // the host machine either.
    '--unshare-user', '--unshare-pid', '--unshare-ipc', '--unshare-uts',
    ...(host.netnsPath === null ? ['--unshare-net'] : []),
    '--unshare-cgroup',
    // No nested user namespaces: `unshare -Ur` would hand the learner every
    // capability over a new namespace, and with it kernel code (netfilter…)
    // that has had local-root bugs.
    '--disable-userns',
    '--uid', String(LEARNER_UID), '--gid', String(LEARNER_UID),
    '--hostname', host.hostname,
    // If the server dies (even by SIGKILL) the kernel kills the sandbox: no orphans.
    '--die-with-parent',
    // The system call filter (descriptor 3, opened by the launcher): bwrap
    // loads it last, for its own init and everything the sandbox runs.
    ...(host.seccomp ? ['--seccomp', '3'] : []),
    // No --new-session: it would cost the shell its controlling terminal and
    // job control. TIOCSTI is harmless because nothing outside the sandbox
    // ever reads from the learner's pty (SECURITY.md #9).
    '--ro-bind', '/usr', '/usr',
  ];
  for (const d of ['bin', 'lib', 'lib64', 'sbin'] as const) {
    if (host.usrMerged[d]) a.push('--symlink', `usr/${d}`, `/${d}`);
  }
  a.push(
    '--proc', '/proc',
    '--dev', '/dev',
    // A private /dev/shm and POSIX message queue filesystem (the IPC labs need both).
    '--perms', '1777', '--size', size, '--tmpfs', '/dev/shm',
    '--mqueue', '/dev/mqueue',
    '--perms', '1777', '--size', size, '--tmpfs', '/tmp',
    '--symlink', '/tmp', '/var/tmp',
    '--perms', '0755', '--size', String(16 * 1024 * 1024), '--tmpfs', '/run',
    '--dir', '/home',
    '--perms', '0755', '--size', size, '--tmpfs', LEARNER_HOME,
    '--dir', '/etc',
  );
  for (const entry of host.hostEtcEntries) a.push('--ro-bind', `/etc/${entry}`, `/etc/${entry}`);
  for (const f of host.generatedEtcFiles) {
    a.push('--ro-bind', `${host.generatedEtcDir}/${f}`, `/etc/${f}`);
  }
  if (host.configDir) a.push('--ro-bind', host.configDir, CONFIG_MOUNT);
  if (host.captureFile) a.push('--ro-bind', host.captureFile, CAPTURE_MOUNT);
  if (spec.filesDir) a.push('--ro-bind', spec.filesDir, LAB_FILES_MOUNT);
  a.push(
    // Everything outside the tmpfs mounts above is read-only.
    '--remount-ro', '/',
    '--chdir', LEARNER_HOME,
    '--setenv', 'HOME', LEARNER_HOME,
    '--setenv', 'USER', LEARNER_NAME,
    '--setenv', 'LOGNAME', LEARNER_NAME,
    '--setenv', 'SHELL', '/bin/bash',
  );
  return a;
}

/** First thing in the sandbox: populate the home, then become a login shell. */
const SHELL_INIT = [
  'cp -R /etc/skel/. "$HOME"/ 2>/dev/null',
  `[ -d ${LAB_FILES_MOUNT} ] && cp -R ${LAB_FILES_MOUNT}/. "$HOME"/ 2>/dev/null`,
  'exec /bin/bash -l',
].join('; ');

/** Only these reach the sandbox: the server's own environment (secrets) never does. */
export function sandboxEnv(): Record<string, string> {
  return { PATH, TERM: 'xterm-256color', LANG: 'C.UTF-8', COLORTERM: 'truecolor' };
}

export function shellCommand(spec: SandboxSpec, host: BwrapHost): SpawnCommand {
  return hostCommand(spec, host, ['/bin/sh', '-c', SHELL_INIT]);
}

/** Any command as a sandbox's first process: the learner's shell, or a lab network host's services. */
export function hostCommand(spec: SandboxSpec, host: BwrapHost, command: readonly string[]): SpawnCommand {
  const argv = [...rlimits(host), ...joinNetwork(host), ...dropPrivileges(host), '/usr/bin/bwrap', ...bwrapArgs(spec, host),
    '--', ...command];
  return { file: '/bin/sh', args: launcherArgv(host.cgroupProcsFiles, argv, host.seccomp?.filterFile), env: sandboxEnv() };
}

/**
 * A packet capture of one interface of a lab network host, privileges
 * separated (network/packet-capture.ts): joined to the host's network
 * namespace as root, the launcher becomes the capture's own uid holding
 * CAP_NET_RAW and nothing else; the opener makes the packet socket and execs
 * setpriv, which drops that capability too before bwrap starts the parser in
 * a sandbox with no network of its own at all. `host` is the capture's
 * description: its uid, cgroup and filter, and the netns it captures in.
 */
export function captureCommand(spec: SandboxSpec, host: BwrapHost, iface: string): SpawnCommand {
  if (host.hostUid === null || host.netnsPath === null) throw new Error('a capture needs a host uid and a network namespace');
  const id = String(host.hostUid);
  const parserSandbox: BwrapHost = { ...host, netnsPath: null, captureFile: null, configDir: null };
  const argv = [...rlimits(host), ...joinNetwork(host),
    '/usr/bin/setpriv', `--reuid=${id}`, `--regid=${id}`, '--clear-groups',
    '--inh-caps=-all,+net_raw', '--ambient-caps=-all,+net_raw', '--bounding-set=-all,+net_raw', '--no-new-privs', '--',
    '/usr/bin/python3', '-I', '-c', CAPTURE_OPENER, iface,
    '/usr/bin/setpriv', '--inh-caps=-all', '--ambient-caps=-all', '--bounding-set=-all', '--no-new-privs', '--',
    '/usr/bin/bwrap', ...bwrapArgs(spec, parserSandbox), '--', '/usr/bin/python3', '-I', '-c', CAPTURE_PARSER];
  return { file: '/bin/sh', args: launcherArgv(host.cgroupProcsFiles, argv, host.seccomp?.filterFile), env: sandboxEnv() };
}

/**
 * Run argv inside a running sandbox: join its cgroups, enter every namespace
 * of its init process (and its root), become uid 1000 with no supplementary
 * groups, set no-new-privs. nsenter forks into the pid namespace, so the
 * command sees the learner's pids and dies with the sandbox. The seccomp
 * filter is loaded first, on the host side as root: by the time a process
 * the learner could ptrace exists, it is already filtered.
 */
export function execCommand(initPid: number, host: BwrapHost, argv: readonly string[]): SpawnCommand {
  const filter = host.seccomp ? [host.seccomp.execHelper, host.seccomp.filterFile] : [];
  const enter = [...filter, '/usr/bin/nsenter', '-t', String(initPid),
    // --root only: nsenter resolves --wd=DIR on the host side, so the
    // working directory is set by a `cd` inside instead.
    '-U', '-m', '-p', '-i', '-u', '-n', '-C', '--root',
    ...(host.hostUid === null ? ['--preserve-credentials'] : ['-S', String(LEARNER_UID), '-G', String(LEARNER_UID)]),
    '--', '/usr/bin/setpriv', '--no-new-privs', '--',
    '/bin/sh', '-c', `cd ${LEARNER_HOME} 2>/dev/null; exec "$@"`, 'syslab-exec', ...argv];
  return {
    file: '/bin/sh',
    args: launcherArgv(host.cgroupProcsFiles, enter),
    env: { ...sandboxEnv(), HOME: LEARNER_HOME, USER: LEARNER_NAME, LOGNAME: LEARNER_NAME },
  };
}
