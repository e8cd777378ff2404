/**
 * A data directory in a temporary folder, for tests that need a real SQLite
 * file (WAL and reopening cannot be tested in memory).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function makeDataDir(): { dataDir: string; cleanup: () => void } {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'syslab-data-'));
  return { dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}
