/**
 * Content is tested like code: every lab in labs/, in a fresh real bubblewrap
 * sandbox with the learner's shell on a terminal, goes through the same
 * content test as `npm run lab -- check` (server/src/engine/content-test.ts).
 * Also: the scaffold of `npm run lab -- new` passes as written, and a check
 * that cannot fail is caught.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeScaffold } from '../../server/src/cli/lab-scaffold.js';
import { runContentTest, type ContentReport } from '../../server/src/engine/content-test.js';
import type { Lab } from '../../server/src/labs/lab.js';
import { loadCatalog } from '../../server/src/labs/lab-catalog.js';
import { loadLab } from '../../server/src/labs/lab-loader.js';
import { BubblewrapDriver } from '../../server/src/sandbox/drivers/bubblewrap/bwrap-driver.js';
import { REPO } from '../support/server.js';
import { ptyTreePids, startSandbox, TEST_LIMITS } from '../sandbox/sandbox-harness.js';

const { catalog, errors } = loadCatalog(path.join(REPO, 'labs'));
const labs = catalog.list().map(({ id }) => catalog.get(id)!);

let driver: BubblewrapDriver;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-content-'));
  driver = await BubblewrapDriver.open({
    dataDir, cgroupRoot: '/sys/fs/cgroup', uidBase: 6_000_000 + (process.pid % 100) * 10_000, log: pino({ level: 'silent' }),
  });
  const problem = await driver.check();
  // Content tests are the point of this file: no sandbox is a failure, not a skip.
  if (problem) throw new Error(`bubblewrap cannot run here: ${problem}`);
});
afterAll(async () => {
  await driver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function contentTest(lab: Lab): Promise<{ report: ContentReport; lines: string[] }> {
  const sandbox = await startSandbox(driver, ptyTreePids, TEST_LIMITS, lab.filesDir, lab.network);
  const lines: string[] = [];
  try {
    const report = await runContentTest(lab, sandbox.sandbox, { onLine: (l) => lines.push(l) });
    return { report, lines };
  } finally {
    await sandbox.destroy();
  }
}

describe('labs/', () => {
  it('holds at least one lab, and every lab folder is valid', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(labs.length).toBeGreaterThan(0);
  });

  it.each(labs.map((lab) => [lab.id, lab] as const))('%s passes its content test in a real sandbox', async (_id, lab) => {
    const { report, lines } = await contentTest(lab);
    expect(report.problems, lines.join('\n')).toEqual([]);
    expect(report.ok).toBe(true);
    // Every step was seen to fail first and then pass.
    expect(lines.filter((l) => l.startsWith('  ✓ step'))).toHaveLength(lab.steps.length);
  });
});

describe('the content test itself', () => {
  let labsDir: string;
  beforeAll(() => {
    labsDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'syslab-content-labs-')), 'labs');
  });
  afterAll(() => rmSync(path.dirname(labsDir), { recursive: true, force: true }));

  it('passes the scaffold of `npm run lab -- new` as written', async () => {
    writeScaffold(labsDir, 'fresh');
    const { report, lines } = await contentTest(loadLab(labsDir, 'fresh'));
    expect(report.problems, lines.join('\n')).toEqual([]);
  });

  it('catches a verify.sh that cannot fail', async () => {
    writeScaffold(labsDir, 'lenient');
    writeFileSync(path.join(labsDir, 'lenient/steps/01-make-a-note/verify.sh'), '#!/bin/sh\nexit 0\n');
    const { report } = await contentTest(loadLab(labsDir, 'lenient'));
    expect(report.problems).toEqual([expect.stringMatching(/^step 1 \(steps\/01-make-a-note\): verify\.sh passes before solve\.sh has run/)]);
  });

  it('catches a solve.sh that leaves a process holding its output, by the time limit', async () => {
    writeScaffold(labsDir, 'clingy');
    writeFileSync(path.join(labsDir, 'clingy/steps/01-make-a-note/solve.sh'), '#!/bin/sh\necho done > "$HOME/note.txt"\nsleep 60 &\n');
    const { report } = await contentTest(loadLab(labsDir, 'clingy'));
    expect(report.problems).toEqual([expect.stringMatching(/solve\.sh took longer than 15 s and was stopped/)]);
  }, 40_000);
});
