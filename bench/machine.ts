/** What the numbers were measured on: printed first, stored with the results. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  kernel: string;
  node: string;
  bwrap: string | null;
  docker: string | null;
  /** 1, 5 and 15 minute load averages, at the start and the end of the run. */
  loadStart: number[];
  loadEnd: number[] | null;
  startedAt: string;
  commit: string | null;
}

function tryRun(file: string, args: string[]): string | null {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    return null;
  }
}

export function loadAverage(): number[] {
  return os.loadavg().map((x) => Math.round(x * 100) / 100);
}

export function describeMachine(repo: string): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpuModel: model.trim(),
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    bwrap: tryRun('/usr/bin/bwrap', ['--version']),
    docker: tryRun('docker', ['version', '--format', '{{.Server.Version}}']),
    loadStart: loadAverage(),
    loadEnd: null,
    startedAt: new Date().toISOString(),
    commit: tryRun('git', ['-C', repo, 'rev-parse', '--short', 'HEAD']),
  };
}

export function formatMachine(m: MachineInfo): string {
  return [
    `cpu      ${m.cpuModel}, ${m.cores} cores, ${(m.memoryBytes / 1024 ** 3).toFixed(1)} GiB`,
    `kernel   ${m.kernel}`,
    `node     ${m.node}`,
    `bwrap    ${m.bwrap ?? 'not installed'}`,
    `docker   ${m.docker ? `engine ${m.docker}` : 'no engine answering'}`,
    `load     ${m.loadStart.join(' ')} (1/5/15 min)`,
    `commit   ${m.commit ?? 'unknown'}`,
  ].join('\n');
}
