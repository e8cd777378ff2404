/**
 * The few /etc files a sandbox gets that are not the host's: its own users,
 * hosts and hostname. Written once per server start into the data directory
 * and bound read-only into every sandbox.
 */
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { HOST_ETC_ENTRIES, LEARNER_HOME, LEARNER_NAME, LEARNER_UID, SANDBOX_HOSTNAME } from './bwrap-spec.js';

export function generatedEtcFiles(): Record<string, string> {
  return {
    passwd: [
      'root:x:0:0:root:/root:/bin/bash',
      `${LEARNER_NAME}:x:${LEARNER_UID}:${LEARNER_UID}:Learner:${LEARNER_HOME}:/bin/bash`,
      'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
      '',
    ].join('\n'),
    group: ['root:x:0:', `${LEARNER_NAME}:x:${LEARNER_UID}:`, 'nogroup:x:65534:', ''].join('\n'),
    hosts: [`127.0.0.1\tlocalhost`, `127.0.1.1\t${SANDBOX_HOSTNAME}`, '::1\tlocalhost ip6-localhost ip6-loopback', ''].join('\n'),
    hostname: `${SANDBOX_HOSTNAME}\n`,
  };
}

export async function writeSandboxEtc(dataDir: string): Promise<string> {
  const dir = path.join(dataDir, 'sandbox-etc');
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  for (const [name, content] of Object.entries(generatedEtcFiles())) {
    await fs.writeFile(path.join(dir, name), content, { mode: 0o644 });
  }
  // The data directory may be private (0700); the sandbox's uid must be able to reach these files.
  await fs.chmod(dir, 0o755);
  return dir;
}

export function presentHostEtcEntries(): string[] {
  return HOST_ETC_ENTRIES.filter((e) => existsSync(`/etc/${e}`));
}
