/**
 * `syslab doctor`: checks this host for what the configured driver needs,
 * prints what it found with the fix for each problem, and exits non-zero
 * when the configured driver cannot work here.
 */
import pino from 'pino';
import type { Config } from '../config.js';
import {
  bubblewrapInstalled, cgroups, dataDir, dockerEngine, labsAndPage, learnerTools, nodeVersion, runningAsRoot, trialSandbox,
  userNamespaces, type Finding, type Status,
} from './doctor-checks.js';

const MARK: Record<Status, string> = { ok: '✓', warn: '!', fail: '✗', info: '·' };

export async function doctor(config: Config, repo: string, out: (line: string) => void): Promise<number> {
  out(`syslab doctor: driver ${config.DRIVER}, data directory ${config.DATA_DIR}\n`);
  // Driver warnings (no cgroups…) are findings here, not log lines.
  const log = pino({ level: 'silent' });
  const findings: Finding[] = [];
  const show = (f: Finding | Finding[]) => {
    for (const one of [f].flat()) {
      findings.push(one);
      out(`  ${MARK[one.status]} ${one.title}`);
      if (one.fix && one.status !== 'ok') out(`      fix: ${one.fix}`);
    }
  };
  show(nodeVersion());
  show(runningAsRoot(config));
  show(dataDir(config));
  show(bubblewrapInstalled(config));
  show(userNamespaces(config));
  show(cgroups(config));
  show(await learnerTools(config, repo));
  show(await dockerEngine(config));
  show(labsAndPage(config));
  show(await trialSandbox(config, log));
  const failed = findings.filter((f) => f.status === 'fail').length;
  const warned = findings.filter((f) => f.status === 'warn').length;
  out('');
  if (failed > 0) {
    out(`✗ ${failed} problem${failed === 1 ? '' : 's'} stop${failed === 1 ? 's' : ''} the ${config.DRIVER} driver from working here; fix ${failed === 1 ? 'it' : 'them'} and run syslab doctor again.`);
    return 1;
  }
  out(`✓ the ${config.DRIVER} driver works here${warned > 0 ? ` (${warned} warning${warned === 1 ? '' : 's'} above)` : ''}.`);
  return 0;
}
