/**
 * The /proc parsers against samples captured from a real sandbox (see
 * samples/; captured with the snapshot scripts, with `ps` and `ss` run at
 * the same moment as independent references).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitHeadOutput } from './head-frames.js';
import { parseSmaps } from './maps.js';
import { hexAddress, parseNetInet, parseNetUnix, parseSysvMsg, parseSysvShm, parseUnixPeers } from './net-tables.js';
import { parseStat } from './proc-stat.js';
import { decodeSignalMask, parseSignalSets } from './signal-masks.js';
import { StraceParser } from './strace-parser.js';

const sample = (name: string) => readFileSync(new URL(`./samples/${name}`, import.meta.url), 'utf8');

describe('/proc/PID/stat', () => {
  it('reads a command name with spaces and parentheses up to the last ")"', () => {
    const s = parseStat('10 (we(ird) )na me) S 2 10 0 34816 2 4194304 119 0 1 0 0 0 0 0 20 0 1 0 287917 2990080 411 18446744073709551615 1 2 3 0 0 0 0 0 0 1 0 0 17 1 0 0 0 0 0 1 2 3 4 5 6 7 0');
    expect(s).toMatchObject({ pid: 10, comm: 'we(ird) )na me', state: 'S', ppid: 2, pgrp: 10, session: 0, tpgid: 2, numThreads: 1, rssPages: 411 });
  });

  it('agrees with ps on every process of a real snapshot', () => {
    const files = splitHeadOutput(sample('process-snapshot.txt'));
    const ps = new Map(sample('ps-reference.txt').split('\n').slice(1).filter(Boolean).map((line) => {
      const [pid, ppid, pgid, sid, tpgid, stat] = line.trim().split(/\s+/);
      return [Number(pid), { ppid: Number(ppid), pgrp: Number(pgid), session: Number(sid), tpgid: Number(tpgid), state: stat![0] }];
    }));
    let compared = 0;
    for (const [path, content] of files) {
      const m = /^\/proc\/(\d+)\/stat$/.exec(path);
      if (!m || !ps.has(Number(m[1]))) continue;
      expect(parseStat(content.trim()), path).toMatchObject(ps.get(Number(m[1]))!);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(9);
  });

  it('refuses a line that is not a stat line', () => {
    expect(parseStat('')).toBeNull();
    expect(parseStat('12 sleep S 1')).toBeNull();
  });
});

describe('signal masks', () => {
  it('decodes bit n-1 as signal n, including real-time signals', () => {
    expect(decodeSignalMask('0000000000004002')).toEqual(['SIGINT', 'SIGTERM']);
    expect(decodeSignalMask('0000000000000800')).toEqual(['SIGUSR2']);
    expect(decodeSignalMask('fffffffe7ffbfeff')).toContain('SIGRTMAX');
    expect(decodeSignalMask('0000000200000000')).toEqual(['SIGRTMIN']);
    expect(decodeSignalMask('zz')).toEqual([]);
  });

  it('reads a real status: the handlers python installed, what it blocked, what the shell left ignored', () => {
    // python3 sets SIGINT's handler itself; the lab snippet caught SIGTERM, blocked SIGUSR2, and the shell's trap '' USR1 made USR1 ignored.
    const sets = parseSignalSets(sample('python-status.txt'));
    expect(sets.caught).toEqual(['SIGINT', 'SIGTERM']);
    expect(sets.blocked).toEqual(['SIGUSR2']);
    expect(sets.ignored).toEqual(['SIGUSR1', 'SIGPIPE', 'SIGXFSZ']);
  });

  it('counts process-wide pending signals (ShdPnd) as pending', () => {
    const sets = parseSignalSets('SigPnd:\t0000000000000000\nShdPnd:\t0000000000000800\nSigBlk:\t0000000000000800\nSigIgn:\t0\nSigCgt:\t0\n');
    expect(sets.pending).toEqual(['SIGUSR2']);
  });
});

describe('maps and smaps', () => {
  it('classifies a real bash: text, data, bss, heap, libraries, stack, vvar, vdso', () => {
    const entries = parseSmaps(sample('shell-smaps.txt'));
    const kinds = new Set(entries.map((e) => e.kind));
    for (const k of ['text', 'data', 'heap', 'mmap', 'stack', 'vvar', 'vdso'] as const) expect(kinds, k).toContain(k);
    const bash = entries.filter((e) => e.path === '/usr/bin/bash');
    expect(bash.map((e) => e.kind)).toEqual(bash.map((e) => (e.perms.startsWith('rw') ? 'data' : 'text')));
    // bash's bss spills past its data segment into an anonymous region right after it.
    const lastBash = entries.indexOf(bash.at(-1)!);
    expect(entries[lastBash + 1]).toMatchObject({ path: '', kind: 'bss', start: bash.at(-1)!.end });
    expect(entries.find((e) => e.kind === 'heap')!.rssKiB).toBeGreaterThan(0);
    for (const e of entries) expect(BigInt(e.end) - BigInt(e.start)).toBe(BigInt(e.sizeKiB) * 1024n);
  });

  it('finds System V and POSIX shared memory in a real map', () => {
    const entries = parseSmaps(sample('mqdemo-maps.txt'));
    const shm = entries.filter((e) => e.kind === 'shm');
    expect(shm.map((e) => e.path)).toEqual(['/SYSV00001234 (deleted)']);
    expect(shm[0]!.rssKiB).toBeNull(); // maps has no sizes
    expect(parseSmaps('7f1d4d3e6000-7f1d4d3e7000 rw-s 00000000 00:35 2                          /dev/shm/counter\n')[0]!.kind).toBe('shm');
  });

  it('keeps addresses above 2^53 exact (vsyscall)', () => {
    const [e] = parseSmaps('ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n');
    expect(e).toMatchObject({ start: '0xffffffffff600000', end: '0xffffffffff601000', kind: 'vsyscall', sizeKiB: 4 });
  });
});

describe('sockets and System V tables', () => {
  const files = splitHeadOutput(sample('ipc-snapshot.txt'));
  const ss = sample('ss-reference.txt');

  it('reads unix sockets and their peers as ss reports them', () => {
    const sockets = parseNetUnix(files.get('/proc/net/unix')!);
    const listening = sockets.find((s) => s.path === '/tmp/srv.sock')!;
    expect(listening.listening).toBe(true);
    expect(ss).toMatch(new RegExp(`/tmp/srv.sock ${listening.inode}\\b`));
    const peers = parseUnixPeers(files.get('/syslab/unix-peers')!);
    for (const m of ss.matchAll(/u_str ESTAB\s+\d+\s+\d+\s+\* (\d+)\s+\* (\d+)/g)) expect(peers.get(m[1]!)).toBe(m[2]);
    expect(peers.size).toBe(2);
  });

  it('decodes TCP addresses and states as ss prints them', () => {
    const tcp = parseNetInet(files.get('/proc/net/tcp')!, 'tcp');
    const pairs = tcp.map((s) => `${s.state} ${s.local} ${s.remote}`).sort();
    expect(pairs).toEqual([
      expect.stringMatching(/^ESTABLISHED 127\.0\.0\.1:\d+ 127\.0\.0\.1:8080$/),
      expect.stringMatching(/^ESTABLISHED 127\.0\.0\.1:8080 127\.0\.0\.1:\d+$/),
      'LISTEN 127.0.0.1:8080 0.0.0.0:0',
    ]);
    const clientPort = /ESTAB\s+\d+\s+\d+\s+127\.0\.0\.1:(\d+)\s+127\.0\.0\.1:8080/.exec(ss)![1];
    expect(tcp.some((s) => s.local === `127.0.0.1:${clientPort}`)).toBe(true);
  });

  it('decodes IPv6 addresses', () => {
    expect(hexAddress('00000000000000000000000001000000:1F90')).toBe('[::1]:8080');
    expect(hexAddress('0000000000000000FFFF00000100007F:0050')).toBe('[::ffff:7f00:1]:80');
    expect(hexAddress('00000000000000000000000000000000:0000')).toBe('[::]:0');
  });

  it('reads System V segments and queues with keys as ipcs prints them', () => {
    expect(parseSysvShm(files.get('/proc/sysvipc/shm')!)).toEqual([{ kind: 'sysv-shm', key: '0x00001234', id: '0', size: 8192, pids: [] }]);
    const [q] = parseSysvMsg(files.get('/proc/sysvipc/msg')!);
    expect(q).toMatchObject({ kind: 'sysv-msg', size: 0, pids: [] });
    expect(q!.key).toMatch(/^0x[0-9a-f]{8}$/);
  });
});

describe('head framing', () => {
  it('splits files, keeping NULs and blank lines inside them', () => {
    const files = splitHeadOutput('==> /proc/1/cmdline <==\na\0b\0\n==> /proc/1/stat <==\nx\n\nmore\n\n==> /proc/2/stat <==\ny\n');
    expect([...files.keys()]).toEqual(['/proc/1/cmdline', '/proc/1/stat', '/proc/2/stat']);
    expect(files.get('/proc/1/cmdline')).toBe('a\0b\0');
    expect(files.get('/proc/1/stat')).toBe('x\n\nmore\n');
  });
});

describe('strace output', () => {
  const parse = (text: string) => {
    const p = new StraceParser();
    return text.split('\n').map((l) => p.push(l)).filter((x) => x !== null);
  };

  it('reads every call of a real trace, joining unfinished and resumed halves', () => {
    const text = sample('strace.txt');
    const items = parse(text);
    const calls = items.flatMap((i) => ('call' in i ? [i.call] : []));
    const lines = text.split('\n').filter(Boolean);
    const halves = lines.filter((l) => l.endsWith('<unfinished ...>')).length;
    const notices = lines.filter((l) => / (---|\+\+\+) /.test(l)).length;
    // Each line is one call, a notice, or the first half of a call completed later.
    expect(calls.length + notices + halves).toBe(lines.length);
    expect(halves).toBeGreaterThan(0);
    const execs = calls.filter((c) => c.name === 'execve');
    expect(execs.map((c) => /^"([^"]+)"/.exec(c.args)?.[1])).toContain('/usr/bin/ls');
    const lsExec = execs.find((c) => c.args.startsWith('"/usr/bin/ls"'))!;
    expect(lsExec).toMatchObject({ result: '0', error: null });
    expect(lsExec.durationUs).toBeGreaterThan(0);
  });

  it('separates the return value from errno and keeps exit_group\'s "?"', () => {
    const calls = parse(sample('strace.txt')).flatMap((i) => ('call' in i ? [i.call] : []));
    const enoent = calls.find((c) => c.name === 'access')!;
    expect(enoent).toMatchObject({ args: '"/etc/ld.so.preload", R_OK', result: '-1', error: 'ENOENT (No such file or directory)' });
    expect(calls.filter((c) => c.name === 'exit_group').map((c) => `${c.args}=${c.result}`)).toEqual(expect.arrayContaining(['2=?', '3=?']));
    const sigsuspend = calls.find((c) => c.name === 'rt_sigsuspend');
    expect(sigsuspend?.error).toBe('ERESTARTNOHAND (To be restarted if no handler)');
  });

  it('reports signals as notices and mmap addresses as results', () => {
    const items = parse(sample('strace.txt'));
    const notices = items.flatMap((i) => ('notice' in i ? [i.notice.text] : []));
    expect(notices.some((t) => t.startsWith('SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED'))).toBe(true);
    expect(notices).toContainEqual(expect.stringMatching(/^SIGUSR1 /));
    const mmap = items.flatMap((i) => ('call' in i && i.call.name === 'mmap' ? [i.call] : []))[0]!;
    expect(mmap.result).toMatch(/^0x[0-9a-f]+$/);
    expect(new StraceParser().push('12 10:00:00.000001 +++ killed by SIGINT +++')).toEqual({ notice: { pid: 12, time: '10:00:00.000001', text: 'killed by SIGINT' } });
  });

  it('ignores lines that are not strace\'s', () => {
    expect(parse('strace: attach: ptrace(PTRACE_SEIZE, 1): Operation not permitted\n\nhello')).toEqual([]);
  });
});
