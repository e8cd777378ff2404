import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadInstanceId } from './instance-id.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'syslab-instance-'));
  dirs.push(d);
  return d;
};
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('docker instance id', () => {
  it('is made once per data directory and kept there (a restart finds the same one)', () => {
    const dir = tmp();
    const id = loadInstanceId(dir);
    expect(id).toMatch(/^[0-9a-f]{10}$/);
    expect(loadInstanceId(dir)).toBe(id);
    expect(readFileSync(path.join(dir, 'docker-instance'), 'utf8').trim()).toBe(id);
  });

  it('differs between data directories, even ones with the same path in different containers', () => {
    expect(loadInstanceId(tmp())).not.toBe(loadInstanceId(tmp()));
  });

  it('creates a missing data directory, and replaces a damaged file', () => {
    const dir = path.join(tmp(), 'not', 'yet');
    const id = loadInstanceId(dir);
    writeFileSync(path.join(dir, 'docker-instance'), 'garbage');
    expect(loadInstanceId(dir)).not.toBe('garbage');
    expect(loadInstanceId(dir)).toMatch(/^[0-9a-f]{10}$/);
    expect(id).toMatch(/^[0-9a-f]{10}$/);
  });
});
