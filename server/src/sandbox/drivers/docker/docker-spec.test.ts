import { describe, expect, it } from 'vitest';
import type { SandboxSpec } from '../../driver.js';
import {
  commandExecBody, containerCreateBody, killMarkedExecBody, populateExecBody,
} from './docker-spec.js';
import { FrameDemuxer, frame } from './exec-frames.js';
import { sandboxSeccompProfile } from './seccomp-profile.js';

const spec: SandboxSpec = {
  id: 'abc123',
  lab: 'signals',
  filesDir: '/labs/signals/files',
  limits: { memoryBytes: 512 * 1024 * 1024, pids: 256, cpus: 0.5, diskBytes: 256 * 1024 * 1024 },
};
const host = { image: 'syslab-sandbox:latest', instance: 'f00dfeed00' };

describe('docker container spec', () => {
  it('asks for the exact isolation (golden)', () => {
    const body = containerCreateBody(spec, host);
    const { SecurityOpt, ...hostConfig } = body.HostConfig!;
    expect({ ...body, HostConfig: hostConfig }).toEqual({
      name: 'syslab-f00dfeed00-abc123',
      Image: 'syslab-sandbox:latest',
      Hostname: 'syslab',
      User: '1000:1000',
      WorkingDir: '/home/learner',
      Env: ['PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', 'TERM=xterm-256color', 'LANG=C.UTF-8', 'COLORTERM=truecolor',
        'HOME=/home/learner', 'USER=learner', 'LOGNAME=learner'],
      Cmd: ['/bin/sh', '-c', 'mkfifo -m 600 /run/.syslab-start && read -r _ < /run/.syslab-start; rm -f /run/.syslab-start; exec /bin/bash -l'],
      Tty: true,
      OpenStdin: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Labels: { 'syslab.instance': 'f00dfeed00', 'syslab.sandbox': 'abc123', 'syslab.lab': 'signals' },
      NetworkDisabled: true,
      HostConfig: {
        NetworkMode: 'none',
        Init: true,
        ReadonlyRootfs: true,
        Tmpfs: {
          '/home/learner': 'rw,exec,nosuid,nodev,size=268435456,uid=1000,gid=1000,mode=0755',
          '/tmp': 'rw,exec,nosuid,nodev,size=268435456,mode=1777',
          '/run': 'rw,exec,nosuid,nodev,size=16777216,uid=1000,gid=1000,mode=0755',
        },
        ShmSize: 268435456,
        IpcMode: 'private',
        CapDrop: ['ALL'],
        Memory: 536870912,
        MemorySwap: 536870912,
        PidsLimit: 256,
        NanoCpus: 500_000_000,
        OomScoreAdj: 500,
        LogConfig: { Type: 'none', Config: {} },
        RestartPolicy: { Name: 'no' },
      },
    });
    expect(SecurityOpt![0]).toBe('no-new-privileges');
    expect(JSON.parse(SecurityOpt![1]!.replace(/^seccomp=/, ''))).toEqual(sandboxSeccompProfile());
  });

  it('never passes the server\'s environment or privileges', () => {
    const body = containerCreateBody(spec, host);
    expect(body.HostConfig!.Privileged).toBeUndefined();
    expect(body.HostConfig!.Binds).toBeUndefined();
    expect(body.HostConfig!.CapAdd).toBeUndefined();
    for (const e of body.Env!) expect(e).toMatch(/^(PATH|TERM|LANG|COLORTERM|HOME|USER|LOGNAME)=/);
  });

});

describe('docker exec bodies', () => {
  it('runs commands as the learner without a TTY, marked', () => {
    const cmd = commandExecBody(['cat', '/x'], 'm1', { A: 'b' }, false);
    expect(cmd).toMatchObject({ Cmd: ['cat', '/x'], User: '1000:1000', WorkingDir: '/home/learner', AttachStdin: false });
    expect(cmd.Tty).toBeUndefined();
    expect(cmd.Env).toContain('A=b');
    expect(cmd.Env!.at(-1)).toBe('SYSLAB_EXEC=m1');
  });

  it('kills by marker as the learner, the marker passed as an argument (never spliced into the script)', () => {
    const body = killMarkedExecBody('deadbeef');
    expect(body.User).toBe('1000:1000');
    expect(body.Cmd!.at(-1)).toBe('deadbeef');
    expect(body.Cmd![2]).not.toContain('deadbeef');
  });

  it('populates the home from /etc/skel, and from a tar on stdin only when the lab has files, then lets the shell start', () => {
    expect(populateExecBody(false).AttachStdin).toBe(false);
    expect(populateExecBody(false).Cmd!.join(' ')).not.toContain('tar -x');
    expect(populateExecBody(true)).toMatchObject({ AttachStdin: true, User: '1000:1000' });
    expect(populateExecBody(true).Cmd![2]).toContain('tar -x');
    for (const files of [false, true]) expect(populateExecBody(files).Cmd![2]).toMatch(/echo go > \/run\/\.syslab-start$/);
  });
});

describe('seccomp profile', () => {
  const profile = sandboxSeccompProfile();
  it('allows by default and refuses namespaces, mounts, BPF, keyrings, io_uring', () => {
    expect(profile.defaultAction).toBe('SCMP_ACT_ALLOW');
    const denied = profile.syscalls[0]!.names;
    for (const name of ['unshare', 'setns', 'mount', 'bpf', 'keyctl', 'io_uring_setup', 'userfaultfd', 'perf_event_open']) {
      expect(denied).toContain(name);
    }
    // ptrace (strace, gdb) and personality (setarch -R) stay allowed.
    const all = profile.syscalls.flatMap((r) => r.names);
    expect(all).not.toContain('ptrace');
    expect(all).not.toContain('personality');
    expect(all).not.toContain('process_vm_readv');
  });

  it('refuses clone with any namespace flag, and clone3 with ENOSYS so glibc falls back to clone', () => {
    const cloneRules = profile.syscalls.filter((r) => r.names.includes('clone'));
    const flags = cloneRules.map((r) => r.args![0]!.value);
    expect(flags.reduce((a, b) => a | b, 0)).toBe(0x7e020000);
    for (const r of cloneRules) expect(r.args![0]).toMatchObject({ index: 0, op: 'SCMP_CMP_MASKED_EQ' });
    expect(profile.syscalls.find((r) => r.names.includes('clone3'))).toMatchObject({ errnoRet: 38 });
  });
});

describe('exec stream frames', () => {
  it('splits stdout from stderr, whatever the chunking', () => {
    const wire = Buffer.concat([frame(1, Buffer.from('hello ')), frame(2, Buffer.from('oops')), frame(1, Buffer.from('world'))]);
    for (let cut = 0; cut <= wire.length; cut++) {
      let out = '';
      let err = '';
      const demux = new FrameDemuxer((b) => { out += b; }, (b) => { err += b; });
      demux.push(wire.subarray(0, cut));
      demux.push(wire.subarray(cut));
      expect([out, err]).toEqual(['hello world', 'oops']);
    }
  });

  it('waits for a frame\'s whole payload', () => {
    let out = '';
    const demux = new FrameDemuxer((b) => { out += b; }, () => {});
    const f = frame(1, Buffer.from('abcdef'));
    demux.push(f.subarray(0, 10));
    expect(out).toBe('');
    demux.push(f.subarray(10));
    expect(out).toBe('abcdef');
  });
});
