/**
 * The few /etc files a sandbox gets that are not the host's: its own users,
 * hosts and hostname (staged by runtime-dir.ts, bound read-only).
 */
import { existsSync } from 'node:fs';
import { HOST_ETC_ENTRIES, LEARNER_HOME, LEARNER_NAME, LEARNER_UID, SANDBOX_HOSTNAME } from './bwrap-spec.js';

/**
 * @param hostname    the sandbox's hostname (a lab network host's own name)
 * @param hostsLines  more /etc/hosts lines after localhost and the hostname's
 */
export function generatedEtcFiles(hostname = SANDBOX_HOSTNAME, hostsLines: readonly string[] = []): Record<string, string> {
  return {
    passwd: [
      'root:x:0:0:root:/root:/bin/bash',
      `${LEARNER_NAME}:x:${LEARNER_UID}:${LEARNER_UID}:Learner:${LEARNER_HOME}:/bin/bash`,
      'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
      '',
    ].join('\n'),
    group: ['root:x:0:', `${LEARNER_NAME}:x:${LEARNER_UID}:`, 'nogroup:x:65534:', ''].join('\n'),
    hosts: [`127.0.0.1\tlocalhost`, `127.0.1.1\t${hostname}`, '::1\tlocalhost ip6-localhost ip6-loopback', ...hostsLines, ''].join('\n'),
    hostname: `${hostname}\n`,
  };
}

export function presentHostEtcEntries(): string[] {
  return HOST_ETC_ENTRIES.filter((e) => existsSync(`/etc/${e}`));
}
