import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDataDir } from '../store/store-fixture.js';
import { RecordingFile } from './recording-file.js';
import { RecordingLimits } from './recording-limits.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dataDir: dir, cleanup } = makeDataDir());
});
afterEach(() => cleanup());

describe('RecordingFile', () => {
  it('appends lines in order, owner-only, and has them all on disk once closed', async () => {
    const file = new RecordingFile(path.join(dir, 'a.cast'));
    for (let i = 0; i < 1000; i++) expect(file.append(`line ${i}\n`)).toBe(true);
    await file.close();
    const lines = readFileSync(path.join(dir, 'a.cast'), 'utf8').split('\n');
    expect(lines.slice(0, 3)).toEqual(['line 0', 'line 1', 'line 2']);
    expect(lines).toHaveLength(1001);
    expect(statSync(path.join(dir, 'a.cast')).mode & 0o777).toBe(0o600);
  });

  it('refuses to overwrite a file', () => {
    new RecordingFile(path.join(dir, 'b.cast'));
    expect(() => new RecordingFile(path.join(dir, 'b.cast'))).toThrow(/EEXIST/);
  });

  it('holds at most MAX_PENDING_BYTES for a disk that is behind: further lines are refused, not queued', async () => {
    const file = new RecordingFile(path.join(dir, 'c.cast'));
    const line = `${'x'.repeat(1023)}\n`;
    let accepted = 0;
    // Synchronously, so no write can finish meanwhile: the disk is "behind" for the whole burst.
    for (let i = 0; i < (3 * RecordingLimits.MAX_PENDING_BYTES) / line.length; i++) {
      if (file.append(line)) accepted++;
      else break;
    }
    expect(accepted * line.length).toBeLessThanOrEqual(RecordingLimits.MAX_PENDING_BYTES);
    expect(accepted * line.length).toBeGreaterThan(RecordingLimits.MAX_PENDING_BYTES - 2 * line.length);
    // A stop notice still gets in.
    expect(file.append('notice\n', true)).toBe(true);
    await file.close();
    expect(statSync(path.join(dir, 'c.cast')).size).toBe(accepted * line.length + 'notice\n'.length);
    expect(file.append(line)).toBe(false);
  });
});
