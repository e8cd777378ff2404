/**
 * A lab network under the Docker driver, as data (STYLE.md #2): the bodies
 * of the containers a networked session runs beside the learner's, the
 * script that wires them, and the execs that fill in their files. The I/O is
 * docker-network.ts and network-helper.ts.
 *
 * Why not Docker's own networks: a user-defined network is a bridge on the
 * machine's namespace with a gateway address there, so (1) two sessions of
 * the same lab (same subnets) would overlap, which the engine refuses, and
 * (2) the machine itself would sit on the learner's network, reachable from
 * every host of it (docs/security.md, "Lab networks"). Instead every host of
 * the lab is a container with NetworkMode none (a network namespace of its
 * own holding nothing but loopback), one more container holds the subnets'
 * switches, and the same plan as bubblewrap's (network/topology-plan.ts)
 * wires veth pairs between those namespaces: both ends of every wire inside
 * the session's containers, nothing on the machine's namespace.
 *
 * Who wires: making links in other namespaces needs CAP_NET_ADMIN and setns,
 * which no sandbox has. The server may run on the host (tests, `npm start`)
 * or in the compose container with nothing but the engine's socket, so it
 * asks the engine for the privilege instead: one small helper container per
 * server (networkHelperBody) with NET_ADMIN, SYS_ADMIN and SYS_PTRACE, the
 * host's pid namespace (to reach the session containers' namespaces through
 * /proc/<pid>/ns/net) and no network. Each wiring is one exec into it that
 * runs only a script generated here from the validated topology: no learner
 * input reaches it. One exec (~20 ms) instead of a new privileged container
 * per session (~200 ms+): the helper lives as long as the server, is labelled
 * like every sandbox, and the sweep removes it with them.
 */
import path from 'node:path';
import type Docker from 'dockerode';
import type { SandboxLimits, SandboxSpec } from '../../driver.js';
import { HOST_CONFIG_MOUNT, type HostFiles, type ListeningSocket } from '../../network/host-files.js';
import { NETWORK_HOST_LIMITS } from '../../network/network-host-limits.js';
import { CAPTURE_MAX_BYTES, CAPTURE_MOUNT, CAPTURE_OPENER, CAPTURE_PARSER } from '../../network/packet-capture.js';
import { NETNS_DIR, planScript, type NetworkPlan } from '../../network/topology-plan.js';
import { interfaceName, type NetworkHost } from '../../network/topology.js';
import {
  containerName, LABEL_INSTANCE, LABEL_LAB, LABEL_SANDBOX, LEARNER, LEARNER_HOME, LEARNER_UID, RUN_TMPFS_BYTES, sandboxEnv, type DockerHost,
} from './docker-spec.js';
import { sandboxSeccompProfile } from './seccomp-profile.js';

/** What a container is to its session: the sweep removes them all alike; tests and operators tell them apart. */
export const LABEL_ROLE = 'syslab.role';
export type ContainerRole = 'learner' | 'host' | 'switches' | 'capture' | 'network-helper';
/** The lab host a container plays (label), e.g. "www". */
export const LABEL_HOST = 'syslab.host';

/** Written last by the files exec: a service host's command waits for it, so its services never read half a config. */
const FILES_COMPLETE = `${HOST_CONFIG_MOUNT}/.complete`;
/** /etc/syslab holds a few small files (configs, pages capped by the schema, the certificate). */
const CONFIG_TMPFS_BYTES = 2 * 1024 * 1024;
/** Where the capture container writes; the learner's container sees the same volume read-only at dirname(CAPTURE_MOUNT). */
const CAPTURE_WRITE_DIR = '/capture';
/** The capture's parser runs as nobody: no capability, no file of anyone's. */
const CAPTURE_PARSER_UID = 65534;
/** How long the files exec waits for a host's services to listen (in 10 ms ticks): they take tens of milliseconds. */
const READY_TICKS = 1000;

export function networkHelperName(instance: string): string {
  return `syslab-${instance}-network-helper`;
}

export function hostContainerName(instance: string, sandboxId: string, host: string): string {
  return containerName(instance, `${sandboxId}-h-${host}`);
}

export function captureVolumeName(instance: string, sandboxId: string): string {
  return containerName(instance, `${sandboxId}-capture`);
}

function labels(host: DockerHost, spec: SandboxSpec, role: ContainerRole, labHost?: string): Record<string, string> {
  return {
    [LABEL_INSTANCE]: host.instance, [LABEL_SANDBOX]: spec.id, [LABEL_LAB]: spec.lab, [LABEL_ROLE]: role,
    ...(labHost ? { [LABEL_HOST]: labHost } : {}),
  };
}

/** `key=value` sysctls (NetworkNamespace.sysctls) as the engine takes them; runc sets them in the container's own namespace. */
export function sysctlMap(sysctls: readonly string[]): Record<string, string> {
  return Object.fromEntries(sysctls.map((s) => {
    const eq = s.indexOf('=');
    return [s.slice(0, eq), s.slice(eq + 1)];
  }));
}

/** /etc/hosts, /etc/resolv.conf and /etc/hostname: the engine writes them (read-only in the container) from these. */
export interface EtcIdentity {
  hostname: string;
  /** Lines beyond localhost, as name → address. */
  hostsLines: string[];
  resolvConf: string | null;
}

function identityHostConfig(identity: EtcIdentity): Pick<Docker.HostConfig, 'ExtraHosts' | 'Dns' | 'DnsSearch'> {
  // 127.0.1.1 <hostname> as bubblewrap's sandbox-etc.ts writes it (with NetworkMode none the engine adds no line for it).
  const extra = [`${identity.hostname}:127.0.1.1`, ...identity.hostsLines.map((line) => {
    const [address, name] = line.split('\t');
    return `${name}:${address}`;
  })];
  const resolv = identity.resolvConf ? parseResolvConf(identity.resolvConf) : null;
  return { ExtraHosts: extra, ...(resolv ? { Dns: resolv.nameservers, DnsSearch: resolv.search } : {}) };
}

function parseResolvConf(text: string): { nameservers: string[]; search: string[] } {
  const nameservers: string[] = [];
  const search: string[] = [];
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split(/\s+/);
    if (key === 'nameserver') nameservers.push(...rest);
    if (key === 'search') search.push(...rest);
  }
  return { nameservers, search };
}

/** What every sandbox container of a network shares with the learner's: no capability, no new privilege, our filter, read-only image. */
function hardened(limits: SandboxLimits): Docker.HostConfig {
  return {
    Init: true,
    ReadonlyRootfs: true,
    CapDrop: ['ALL'],
    SecurityOpt: ['no-new-privileges', `seccomp=${JSON.stringify(sandboxSeccompProfile())}`],
    IpcMode: 'private',
    Memory: limits.memoryBytes,
    MemorySwap: limits.memoryBytes,
    PidsLimit: limits.pids,
    NanoCpus: Math.round(limits.cpus * 1e9),
    OomScoreAdj: 500,
    LogConfig: { Type: 'none', Config: {} },
    RestartPolicy: { Name: 'no' },
  };
}

/** A root-owned tmpfs for the host's configuration: filled by a root exec, read-only to uid 1000 (its files are root's, 0644). */
function configTmpfs(): string {
  return `rw,noexec,nosuid,nodev,size=${CONFIG_TMPFS_BYTES},mode=0755`;
}

/**
 * The learner's container on its host of the network: that host's name,
 * /etc files and sysctls, the lab certificate under /etc/syslab, and (when
 * the topology captures) the capture's volume read-only where the learner
 * reads it. Still NetworkMode none: its eth0 is wired in afterwards.
 */
export function withLearnerNetwork(body: Docker.ContainerCreateOptions, identity: EtcIdentity, sysctls: readonly string[],
  captureVolume: string | null): Docker.ContainerCreateOptions {
  const hostConfig = body.HostConfig!;
  return {
    ...body,
    Hostname: identity.hostname,
    Labels: { ...body.Labels, [LABEL_ROLE]: 'learner', [LABEL_HOST]: identity.hostname },
    // NetworkDisabled would also stop the engine writing /etc/hosts and resolv.conf; NetworkMode none alone still gives only a loopback.
    NetworkDisabled: false,
    HostConfig: {
      ...hostConfig,
      ...identityHostConfig(identity),
      Sysctls: sysctlMap(sysctls),
      Tmpfs: { ...hostConfig.Tmpfs, [HOST_CONFIG_MOUNT]: configTmpfs() },
      ...(captureVolume ? {
        Mounts: [{ Type: 'volume' as const, Source: captureVolume, Target: path.dirname(CAPTURE_MOUNT), ReadOnly: true }],
      } : {}),
    },
  };
}

/**
 * A host of the lab that is not the learner's (a router, a DNS or web
 * server, a printer): uid 1000 without capabilities like the learner, small
 * limits, its services started once its files are complete
 * (hostFilesExecScript); low ports through the per-namespace sysctl in its
 * plan, not a capability.
 */
export function serviceHostBody(spec: SandboxSpec, host: DockerHost, labHost: NetworkHost, files: HostFiles, identity: EtcIdentity,
  sysctls: readonly string[]): Docker.ContainerCreateOptions {
  const limits = NETWORK_HOST_LIMITS;
  const tmpfs = `rw,exec,nosuid,nodev,size=${limits.diskBytes}`;
  const command = files.command[2]!;
  return {
    name: hostContainerName(host.instance, spec.id, labHost.name),
    Image: host.image,
    Hostname: identity.hostname,
    User: LEARNER,
    WorkingDir: LEARNER_HOME,
    Env: sandboxEnv(),
    Cmd: ['/bin/sh', '-c', `until [ -e ${FILES_COMPLETE} ]; do sleep 0.01; done\n${command}`],
    Labels: labels(host, spec, 'host', labHost.name),
    // Not NetworkDisabled: the engine would write no /etc/hosts or resolv.conf. NetworkMode none: a loopback only.
    HostConfig: {
      ...hardened(limits),
      NetworkMode: 'none',
      ...identityHostConfig(identity),
      Sysctls: sysctlMap(sysctls),
      Tmpfs: {
        [LEARNER_HOME]: `${tmpfs},uid=${LEARNER_UID},gid=${LEARNER_UID},mode=0755`,
        '/tmp': `${tmpfs},mode=1777`,
        '/run': `rw,nosuid,nodev,size=${RUN_TMPFS_BYTES},uid=${LEARNER_UID},gid=${LEARNER_UID},mode=0755`,
        [HOST_CONFIG_MOUNT]: configTmpfs(),
      },
      ShmSize: limits.diskBytes,
    },
  };
}

/**
 * The subnets' switches: one namespace holding one bridge per subnet
 * (br0, br1…, topology-plan.ts), kept alive by a process that only waits.
 * Nothing in it has an address, so nothing in it routes.
 */
export function switchesBody(spec: SandboxSpec, host: DockerHost, sysctls: readonly string[]): Docker.ContainerCreateOptions {
  return {
    name: containerName(host.instance, `${spec.id}-switches`),
    Image: host.image,
    User: LEARNER,
    Cmd: ['sleep', 'infinity'],
    Labels: labels(host, spec, 'switches'),
    NetworkDisabled: true,
    HostConfig: { ...hardened({ ...NETWORK_HOST_LIMITS, pids: 8 }), NetworkMode: 'none', Sysctls: sysctlMap(sysctls) },
  };
}

/**
 * The helper that wires sessions' networks (see the top of this file):
 * root with exactly the three capabilities wiring needs, in the host's pid
 * namespace, with no network, a read-only image and no learner input.
 * Docker's default seccomp profile allows setns/mount/unshare to a holder of
 * CAP_SYS_ADMIN; AppArmor's docker-default would still refuse the mounts
 * (`ip netns attach` bind-mounts), so it runs unconfined by AppArmor.
 */
export function networkHelperBody(host: DockerHost): Docker.ContainerCreateOptions {
  return {
    name: networkHelperName(host.instance),
    Image: host.image,
    User: '0:0',
    Cmd: ['sleep', 'infinity'],
    Labels: { [LABEL_INSTANCE]: host.instance, [LABEL_ROLE]: 'network-helper' },
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: 'none',
      PidMode: 'host',
      // An engine with userns-remap refuses the host's pid namespace unless the container opts out of the remap.
      UsernsMode: 'host',
      Init: true,
      ReadonlyRootfs: true,
      Tmpfs: { '/run': 'rw,nosuid,nodev,noexec,size=1m,mode=0700', '/tmp': 'rw,nosuid,nodev,noexec,size=1m,mode=0700' },
      CapDrop: ['ALL'],
      CapAdd: ['NET_ADMIN', 'SYS_ADMIN', 'SYS_PTRACE'],
      SecurityOpt: ['no-new-privileges', 'apparmor=unconfined'],
      Memory: 64 * 1024 * 1024,
      MemorySwap: 64 * 1024 * 1024,
      PidsLimit: 64,
      LogConfig: { Type: 'none', Config: {} },
      RestartPolicy: { Name: 'no' },
    },
  };
}

/**
 * The wiring, run in the helper: a private mount namespace (so every name
 * attached below vanishes with the exec, whatever happens), each namespace
 * of the plan attached under its plan name to the container that holds it
 * (`ip netns attach NAME PID`), then the plan's own steps after the
 * namespaces and sysctls (which the containers already have). Returns the
 * argv; the script is the last argument.
 */
export function wiringCommand(plan: NetworkPlan, pidOf: ReadonlyMap<string, number>): string[] {
  const attach = plan.namespaces.map((ns) => {
    const pid = pidOf.get(ns.name);
    if (pid === undefined || !Number.isInteger(pid) || pid <= 0) throw new Error(`no container pid for namespace ${ns.name}`);
    return ['netns', 'attach', ns.name, String(pid)];
  });
  const script = [
    'set -e',
    `mkdir -p ${NETNS_DIR}`,
    `mount -t tmpfs -o size=64k,mode=0700 syslab-netns ${NETNS_DIR}`,
    'set +e',
    planScript([{ argv: ['ip', '-batch', '-'], batch: attach }, ...plan.up.slice(plan.namespaceSteps)], true),
  ].join('\n');
  return ['unshare', '--mount', '--propagation', 'private', '/bin/sh', '-c', script];
}

/** Making the lab certificate in the helper (openssl is in the lab image, not necessarily the server's): key then certificate, as PEM on stdout. */
export function certificateCommand(opensslArgs: (keyOut: string, certOut: string) => string[]): string[] {
  const args = opensslArgs('"$d/key"', '"$d/crt"').map((a) => (a.startsWith('"$d/') ? a : shellQuote(a))).join(' ');
  return ['/bin/sh', '-c', `d=$(mktemp -d) && openssl ${args} 2>/dev/null && cat "$d/key" "$d/crt"; s=$?; rm -rf "$d"; exit $s`];
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * A host's /etc/syslab, written as root (no capability: the tmpfs is
 * root's) from a script on stdin, so the files are root's and read-only to
 * the host's own uid 1000. A service host then starts (FILES_COMPLETE) and
 * the script returns once its services listen, or fails saying which did not.
 */
export function hostFilesExecScript(config: Record<string, string>, ready: readonly ListeningSocket[], logs: readonly string[]): string {
  const lines = ['set -e', 'umask 022', `cd ${HOST_CONFIG_MOUNT}`];
  for (const [rel, content] of Object.entries(config)) {
    const dir = path.posix.dirname(rel);
    if (dir !== '.') lines.push(`mkdir -p ${shellQuote(dir)}`);
    lines.push(`printf '%s' ${shellQuote(Buffer.from(content).toString('base64'))} | base64 -d > ${shellQuote(rel)}`);
  }
  lines.push(`: > ${FILES_COMPLETE}`);
  if (ready.length > 0) {
    const bound = ready.map((s) => `ss -Hln${s.protocol === 'tcp' ? 't' : 'u'} 'sport = :${s.port}' | grep -q .`).join(' && ');
    const what = ready.map((s) => `${s.protocol}/${s.port}`).join(', ');
    lines.push('set +e', 'i=0',
      `until ${bound}; do`,
      `  if [ $i -ge ${READY_TICKS} ]; then echo "nothing listening on ${what}" >&2; tail -n 5 ${logs.join(' ')} >&2 2>/dev/null; exit 1; fi`,
      '  sleep 0.01; i=$((i+1))',
      'done');
  }
  return `${lines.join('\n')}\n`;
}

/** Runs a script from stdin as root inside a container of the network (no capability; see hostFilesExecScript). */
export function rootScriptExecBody(): Docker.ExecCreateOptions {
  return {
    Cmd: ['/bin/sh', '-s'],
    User: '0:0',
    WorkingDir: '/',
    Env: sandboxEnv().filter((e) => e.startsWith('PATH=') || e.startsWith('LANG=')),
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
  };
}

/** The tmpfs volume the capture writes and the learner reads; removed with the session, and by the sweep. */
export function captureVolumeBody(spec: SandboxSpec, host: DockerHost): Docker.VolumeCreateOptions {
  return {
    Name: captureVolumeName(host.instance, spec.id),
    Driver: 'local',
    // Twice the parser's cut-off: it cuts the file back to empty past CAPTURE_MAX_BYTES.
    DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: `size=${CAPTURE_MAX_BYTES * 2},mode=0755` },
    Labels: labels(host, spec, 'capture'),
  };
}

/**
 * The learner host's packet capture (network/packet-capture.ts), privileges
 * separated the Docker way: a container in the learner container's network
 * namespace (and nothing else of it: own pid, mount, ipc namespaces) whose
 * root holds only NET_RAW, SETUID and SETGID. The opener opens one packet
 * socket on eth0 (waiting for the wire to be up), then setpriv becomes
 * nobody — a uid change from 0 clears every capability — and execs the
 * parser, which reads the socket and writes lines to the capture volume.
 */
export function captureBody(spec: SandboxSpec, host: DockerHost, learnerContainerId: string, volume: string): Docker.ContainerCreateOptions {
  const iface = interfaceName(0);
  const file = `${CAPTURE_WRITE_DIR}/${path.basename(CAPTURE_MOUNT)}`;
  const uid = String(CAPTURE_PARSER_UID);
  const script = [
    // The wire is made by the helper at the same time as this starts. Up, not
    // only there: a packet socket bound to a link that is down fails its first
    // read with ENETDOWN, and the parser would die of it.
    `i=0; until [ "$(cat /sys/class/net/${iface}/operstate 2>/dev/null)" = up ] || [ $i -ge ${READY_TICKS} ]; do sleep 0.01; i=$((i+1)); done`,
    `exec python3 -I -c "$0" ${iface} /usr/bin/setpriv --reuid=${uid} --regid=${uid} --clear-groups -- /usr/bin/python3 -I -c "$1" >> ${file} 2>&1`,
  ].join('\n');
  return {
    name: containerName(host.instance, `${spec.id}-capture`),
    Image: host.image,
    User: '0:0',
    Env: sandboxEnv().filter((e) => e.startsWith('PATH=') || e.startsWith('LANG=')),
    Cmd: ['/bin/sh', '-c', script, CAPTURE_OPENER, CAPTURE_PARSER],
    Labels: labels(host, spec, 'capture'),
    HostConfig: {
      ...hardened(NETWORK_HOST_LIMITS),
      // No docker-init: it would stay root, holding these capabilities, for the session's life. The parser
      // becomes pid 1 itself and starts nothing to reap.
      Init: false,
      NetworkMode: `container:${learnerContainerId}`,
      CapAdd: ['NET_RAW', 'SETUID', 'SETGID'],
      Mounts: [{ Type: 'volume', Source: volume, Target: CAPTURE_WRITE_DIR }],
    },
  };
}

/** The learner's side of the capture: ready once the opener has said where it captures. */
export function captureReadyScript(): string {
  return `i=0; until [ -s ${CAPTURE_MOUNT} ]; do [ $i -lt ${READY_TICKS} ] || { echo "the packet capture did not start" >&2; exit 1; }; sleep 0.01; i=$((i+1)); done`;
}
