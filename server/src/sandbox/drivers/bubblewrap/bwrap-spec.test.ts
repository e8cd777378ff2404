import { describe, expect, it } from 'vitest';
import type { SandboxSpec } from '../../driver.js';
import { bwrapArgs, captureCommand, execCommand, GENERATED_ETC_FILES, hostCommand, launcherArgv, shellCommand, type BwrapHost } from './bwrap-spec.js';
import { CAPTURE_OPENER, CAPTURE_PARSER } from '../../network/packet-capture.js';

const spec: SandboxSpec = {
  id: 'sabcdefghijklmnopqrst',
  lab: 'hello',
  limits: { memoryBytes: 512 * 2 ** 20, pids: 256, cpus: 1, diskBytes: 256 * 2 ** 20 },
  filesDir: '/run/syslab-x/files/abc',
};
const host: BwrapHost = {
  hostUid: 2_000_007,
  generatedEtcDir: '/run/syslab-x/etc',
  generatedEtcFiles: GENERATED_ETC_FILES,
  hostname: 'syslab',
  netnsPath: null,
  configDir: null,
  hostEtcEntries: ['bash.bashrc', 'ld.so.cache'],
  usrMerged: { bin: true, lib: true, lib64: true, sbin: true },
  cgroupProcsFiles: ['/sys/fs/cgroup/memory/syslab-x/s1/cgroup.procs', '/sys/fs/cgroup/pids/syslab-x/s1/cgroup.procs'],
  rlimitFallback: null,
  seccomp: { filterFile: '/run/syslab-x/seccomp/filter.bpf', execHelper: '/run/syslab-x/seccomp/seccomp-exec' },
};

/** The value following a flag, for every occurrence. */
function after(args: string[], flag: string, n = 1): string[][] {
  const out: string[][] = [];
  args.forEach((a, i) => { if (a === flag) out.push(args.slice(i + 1, i + 1 + n)); });
  return out;
}

describe('bwrapArgs', () => {
  const args = bwrapArgs(spec, host);

  it('unshares every namespace, maps the learner to uid/gid 1000 and dies with its parent', () => {
    for (const ns of ['user', 'pid', 'ipc', 'uts', 'net', 'cgroup']) expect(args).toContain(`--unshare-${ns}`);
    expect(after(args, '--uid')).toEqual([['1000']]);
    expect(after(args, '--gid')).toEqual([['1000']]);
    expect(args).toContain('--die-with-parent');
  });

  it('forbids nested user namespaces', () => {
    expect(args).toContain('--disable-userns');
  });

  it('never uses --new-session, which would break job control', () => {
    expect(args).not.toContain('--new-session');
  });

  it('binds the host /usr read-only and never the host root, /etc wholesale or /home', () => {
    expect(after(args, '--ro-bind', 2)).toContainEqual(['/usr', '/usr']);
    const sources = [...after(args, '--bind', 2), ...after(args, '--ro-bind', 2), ...after(args, '--dev-bind', 2)].map(([src]) => src);
    expect(sources).not.toContain('/');
    expect(sources).not.toContain('/etc');
    expect(sources).not.toContain('/home');
    expect(sources).not.toContain('/root');
    expect(args).not.toContain('--bind');
  });

  it('caps every writable tmpfs with --size right before it', () => {
    const tmpfs = after(args, '--tmpfs').map(([p]) => p);
    expect(tmpfs).toEqual(expect.arrayContaining(['/home/learner', '/tmp', '/dev/shm', '/run']));
    args.forEach((a, i) => {
      if (a !== '--tmpfs') return;
      const sizeAt = args.lastIndexOf('--size', i);
      expect(sizeAt, `--size before --tmpfs ${args[i + 1]}`).toBeGreaterThan(-1);
      expect(args.slice(sizeAt + 2, i).every((x) => x === '--perms' || /^\d+$/.test(x))).toBe(true);
    });
    expect(after(args, '--size')[0]).toEqual([String(spec.limits.diskBytes)]);
  });

  it('gives a private mqueue, a fresh /proc and /dev, and remounts the root read-only after all mounts', () => {
    expect(after(args, '--mqueue')).toEqual([['/dev/mqueue']]);
    expect(after(args, '--proc')).toEqual([['/proc']]);
    expect(after(args, '--dev')).toEqual([['/dev']]);
    const remount = args.indexOf('--remount-ro');
    expect(args[remount + 1]).toBe('/');
    const lastMount = Math.max(...['--tmpfs', '--ro-bind', '--mqueue', '--proc', '--dev'].map((f) => args.lastIndexOf(f)));
    expect(remount).toBeGreaterThan(lastMount);
  });

  it('binds only the listed host /etc entries, the generated identity files and the lab files', () => {
    const binds = after(args, '--ro-bind', 2);
    expect(binds).toContainEqual(['/etc/bash.bashrc', '/etc/bash.bashrc']);
    expect(binds).toContainEqual(['/run/syslab-x/etc/passwd', '/etc/passwd']);
    expect(binds).toContainEqual(['/run/syslab-x/etc/hostname', '/etc/hostname']);
    expect(binds).toContainEqual(['/run/syslab-x/files/abc', '/opt/syslab/files']);
    expect(binds.filter(([s]) => s!.startsWith('/etc/')).map(([s]) => s)).toEqual(['/etc/bash.bashrc', '/etc/ld.so.cache']);
  });
});

describe('shellCommand', () => {
  it('joins the cgroups first, then drops to the sandbox uid with no groups, caps or new privileges, then runs bwrap', () => {
    const cmd = shellCommand(spec, host);
    expect(cmd.file).toBe('/bin/sh');
    expect(cmd.args.slice(2, 7)).toEqual(['syslab-launch', '/run/syslab-x/seccomp/filter.bpf', '2', ...host.cgroupProcsFiles]);
    const rest = cmd.args.slice(7);
    expect(rest.slice(0, 8)).toEqual(['/usr/bin/setpriv', '--reuid=2000007', '--regid=2000007', '--clear-groups',
      '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--']);
    expect(rest[8]).toBe('/usr/bin/bwrap');
    expect(rest.at(-1)).toMatch(/exec \/bin\/bash -l$/);
  });

  it('passes the sandbox a clean environment, never the server\'s', () => {
    expect(Object.keys(shellCommand(spec, host).env).sort()).toEqual(['COLORTERM', 'LANG', 'PATH', 'TERM']);
  });

  it('falls back to rlimits when there is no cgroup', () => {
    const cmd = shellCommand(spec, { ...host, cgroupProcsFiles: [], rlimitFallback: { nproc: 256, addressSpaceBytes: 1 << 30, fileSizeBytes: 1 << 28 } });
    expect(cmd.args.slice(2, 5)).toEqual(['syslab-launch', '/run/syslab-x/seccomp/filter.bpf', '0']);
    expect(cmd.args.slice(5, 10)).toEqual(['/usr/bin/prlimit', '--nproc=256', `--as=${1 << 30}`, `--fsize=${1 << 28}`, '--']);
  });
});

describe('execCommand', () => {
  it('enters every namespace and the root of the sandbox\'s init, as uid/gid 1000, with no-new-privs', () => {
    const cmd = execCommand(4242, host, ['cat', '/proc/1/status']);
    const args = cmd.args;
    const nsenter = args.indexOf('/usr/bin/nsenter');
    expect(args.slice(2, 7)).toEqual(['syslab-launch', '', '2', ...host.cgroupProcsFiles]);
    expect(args.slice(nsenter, nsenter + 3)).toEqual(['/usr/bin/nsenter', '-t', '4242']);
    for (const flag of ['-U', '-m', '-p', '-i', '-u', '-n', '-C', '--root']) expect(args).toContain(flag);
    expect(after(args, '-S')).toEqual([['1000']]);
    expect(after(args, '-G')).toEqual([['1000']]);
    expect(args.slice(args.indexOf('/usr/bin/setpriv'), args.indexOf('/usr/bin/setpriv') + 3)).toEqual(['/usr/bin/setpriv', '--no-new-privs', '--']);
    expect(args.slice(-2)).toEqual(['cat', '/proc/1/status']);
  });
});

describe('the system call filter', () => {
  it('bwrap loads it from descriptor 3, which the launcher opens from the filter file', () => {
    const cmd = shellCommand(spec, host);
    expect(cmd.args[3]).toBe('/run/syslab-x/seccomp/filter.bpf');
    expect(cmd.args[1]).toContain('exec 3<"$f"');
    expect(after(cmd.args, '--seccomp')).toEqual([['3']]);
  });

  it('exec loads it on the host side, as root, before nsenter joins the sandbox', () => {
    const args = execCommand(4242, host, ['true']).args;
    const helper = args.indexOf('/run/syslab-x/seccomp/seccomp-exec');
    expect(helper).toBeGreaterThan(-1);
    expect(args.slice(helper, helper + 3)).toEqual(['/run/syslab-x/seccomp/seccomp-exec', '/run/syslab-x/seccomp/filter.bpf', '/usr/bin/nsenter']);
  });

  it('is left out, everywhere, when there is none', () => {
    const none = { ...host, seccomp: null };
    expect(shellCommand(spec, none).args[3]).toBe('');
    expect(shellCommand(spec, none).args).not.toContain('--seccomp');
    expect(execCommand(4242, none, ['true']).args.some((a) => a.includes('seccomp'))).toBe(false);
  });
});

describe('launcherArgv', () => {
  it('passes arguments as argv, never through a shell string', () => {
    const args = launcherArgv([], ['echo', '$(rm -rf /)', '; reboot']);
    expect(args.slice(-3)).toEqual(['echo', '$(rm -rf /)', '; reboot']);
  });
});

describe('a host of a lab network', () => {
  const networked: BwrapHost = {
    ...host,
    hostname: 'laptop',
    netnsPath: '/run/netns/syslab-x-s1-h-laptop',
    generatedEtcDir: '/run/syslab-x/net/s1/laptop/etc',
    generatedEtcFiles: [...GENERATED_ETC_FILES, 'resolv.conf'],
    configDir: '/run/syslab-x/net/s1/laptop/config',
  };

  it('joins the prepared network namespace while root, before dropping privileges, and keeps every other namespace its own', () => {
    const cmd = shellCommand(spec, networked);
    const rest = cmd.args.slice(7);
    expect(rest.slice(0, 3)).toEqual(['/usr/bin/nsenter', '--net=/run/netns/syslab-x-s1-h-laptop', '--']);
    expect(rest[3]).toBe('/usr/bin/setpriv');
    const args = bwrapArgs(spec, networked);
    expect(args).not.toContain('--unshare-net');
    for (const ns of ['user', 'pid', 'ipc', 'uts', 'cgroup']) expect(args).toContain(`--unshare-${ns}`);
    expect(args).toContain('--disable-userns');
  });

  it('is named after its host and gets its resolv.conf and configuration read-only', () => {
    const args = bwrapArgs(spec, networked);
    expect(after(args, '--hostname')).toEqual([['laptop']]);
    const binds = after(args, '--ro-bind', 2);
    expect(binds).toContainEqual(['/run/syslab-x/net/s1/laptop/etc/resolv.conf', '/etc/resolv.conf']);
    expect(binds).toContainEqual(['/run/syslab-x/net/s1/laptop/config', '/etc/syslab']);
    expect(args).not.toContain('--bind');
  });

  it('runs a service host\'s command in place of the shell', () => {
    const cmd = hostCommand({ ...spec, filesDir: null }, networked, ['/usr/sbin/nginx', '-c', '/etc/syslab/nginx.conf']);
    expect(cmd.args.slice(-4)).toEqual(['--', '/usr/sbin/nginx', '-c', '/etc/syslab/nginx.conf']);
    expect(after(cmd.args, '--ro-bind', 2)).not.toContainEqual(['/run/syslab-x/files/abc', '/opt/syslab/files']);
  });

  it('binds a capture file read-only where the learner reads it', () => {
    expect(after(bwrapArgs(spec, { ...networked, captureFile: '/run/syslab-x/net/s1/laptop/capture.txt' }), '--ro-bind', 2))
      .toContainEqual(['/run/syslab-x/net/s1/laptop/capture.txt', '/var/log/capture.txt']);
  });

  it('captures with separated privileges: CAP_NET_RAW only to open the socket, then nothing, the parser with no network (golden)', () => {
    const cmd = captureCommand({ ...spec, filesDir: null }, { ...networked, hostUid: 2_000_009 }, 'eth0');
    expect(cmd.args.slice(2, 4)).toEqual(['syslab-launch', '/run/syslab-x/seccomp/filter.bpf']);
    const rest = cmd.args.slice(cmd.args.indexOf('/usr/bin/nsenter'));
    const bwrapAt = rest.indexOf('/usr/bin/bwrap');
    expect(rest.slice(0, bwrapAt)).toEqual([
      '/usr/bin/nsenter', '--net=/run/netns/syslab-x-s1-h-laptop', '--',
      '/usr/bin/setpriv', '--reuid=2000009', '--regid=2000009', '--clear-groups',
      '--inh-caps=-all,+net_raw', '--ambient-caps=-all,+net_raw', '--bounding-set=-all,+net_raw', '--no-new-privs', '--',
      '/usr/bin/python3', '-I', '-c', CAPTURE_OPENER, 'eth0',
      '/usr/bin/setpriv', '--inh-caps=-all', '--ambient-caps=-all', '--bounding-set=-all', '--no-new-privs', '--',
    ]);
    const parser = rest.slice(bwrapAt + 1);
    expect(parser).toContain('--unshare-net');
    expect(parser).toContain('--disable-userns');
    expect(parser.slice(-5)).toEqual(['--', '/usr/bin/python3', '-I', '-c', CAPTURE_PARSER]);
    expect(after(parser, '--ro-bind', 2).map(([src]) => src)).not.toContain('/run/syslab-x/net/s1/laptop/config');
  });
});
