/**
 * Every lab's content test in the Docker driver's sandboxes too: the lab
 * image must hold what the host set-up gives bubblewrap (same packages.txt),
 * and the container what its sandbox has (/run, /dev/shm, mqueue, job
 * control…), and a lab with a network of hosts gets it as containers of
 * its own (drivers/docker/docker-network.ts). Skips without an engine (with
 * the reason); in CI it fails instead.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContentTest } from '../../server/src/engine/content-test.js';
import { loadCatalog } from '../../server/src/labs/lab-catalog.js';
import { REPO } from '../support/server.js';
import { containerPids, dockerUnavailable, openDocker, type OpenedDocker } from '../sandbox/docker-support.js';
import { startSandbox, TEST_LIMITS } from '../sandbox/sandbox-harness.js';

const { catalog } = loadCatalog(path.join(REPO, 'labs'));
const labs = catalog.list().map(({ id }) => catalog.get(id)!);
const unavailable = await dockerUnavailable();
if (unavailable && process.env.CI) throw new Error(`the Docker driver must run in CI but cannot: ${unavailable}`);
if (unavailable) console.warn(`SKIPPED: lab content under Docker: ${unavailable}`);
let docker: OpenedDocker | null = null;

beforeAll(async () => { if (!unavailable) docker = await openDocker(); });
afterAll(async () => { await docker?.close(); });

describe.skipIf(unavailable !== null)('labs/ under the Docker driver', () => {
  it.each(labs.map((lab) => [lab.id, lab] as const))('%s passes its content test in a container', async (_id, lab) => {
    const s = await startSandbox(docker!.driver, containerPids(docker!.driver), TEST_LIMITS, lab.filesDir, lab.network);
    const lines: string[] = [];
    try {
      const report = await runContentTest(lab, s.sandbox, { onLine: (l) => lines.push(l) });
      expect(report.problems, lines.join('\n')).toEqual([]);
      expect(lines.filter((l) => l.startsWith('  ✓ step'))).toHaveLength(lab.steps.length);
    } finally {
      await s.destroy();
    }
  }, 120_000);

});
