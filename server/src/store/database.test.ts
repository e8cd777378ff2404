import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabase, type Db } from './database.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { makeDataDir } from './store-fixture.js';

let dataDir: string;
let cleanup: () => void;
const open: Db[] = [];
beforeEach(() => ({ dataDir, cleanup } = makeDataDir()));
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  cleanup();
});

function openDb(migrations?: readonly Migration[]): Db {
  const db = openDatabase(dataDir, migrations);
  open.push(db);
  return db;
}

const tables = (db: Db) =>
  db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name);

describe('openDatabase', () => {
  it('creates <dataDir>/syslab.db in WAL mode with foreign keys and a busy timeout', () => {
    const db = openDb();
    expect(existsSync(path.join(dataDir, DATABASE_FILE))).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('creates the data directory when it does not exist yet', () => {
    const nested = path.join(dataDir, 'a', 'b');
    const db = openDatabase(nested);
    open.push(db);
    expect(existsSync(path.join(nested, DATABASE_FILE))).toBe(true);
  });

  it('applies every migration once and records it', () => {
    const db = openDb();
    expect(tables(db)).toEqual(expect.arrayContaining(['learners', 'migrations', 'quiz_attempts', 'step_passes']));
    const recorded = () => db.prepare('SELECT id, name FROM migrations ORDER BY id').all();
    expect(recorded()).toEqual(MIGRATIONS.map(({ id, name }) => ({ id, name })));
    db.close();
    const again = openDb();
    expect(again.prepare('SELECT id, name FROM migrations ORDER BY id').all()).toEqual(MIGRATIONS.map(({ id, name }) => ({ id, name })));
  });

  it('applies a migration added later on reopen, keeping the data', () => {
    const first: Migration[] = [{ id: 1, name: 'one', sql: 'CREATE TABLE t (x INTEGER) STRICT' }];
    const db = openDb(first);
    db.prepare('INSERT INTO t VALUES (1)').run();
    db.close();
    const second = [...first, { id: 2, name: 'two', sql: 'ALTER TABLE t ADD COLUMN y TEXT' }];
    const reopened = openDb(second);
    expect(reopened.prepare('SELECT x, y FROM t').all()).toEqual([{ x: 1, y: null }]);
  });

  it('rolls a failing migration back whole, leaving earlier ones applied', () => {
    const migrations: Migration[] = [
      { id: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER)' },
      { id: 2, name: 'broken', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => openDatabase(dataDir, migrations)).toThrow(/nowhere/);
    const db = openDb([migrations[0]!]);
    expect(tables(db)).toEqual(['a', 'migrations']);
  });

  it('refuses a database from a newer version or an edited migration list', () => {
    openDb([
      { id: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER)' },
      { id: 2, name: 'two', sql: 'CREATE TABLE b (x INTEGER)' },
    ]).close();
    expect(() => openDatabase(dataDir, [{ id: 1, name: 'one', sql: '' }])).toThrow(/newer version/);
    expect(() => openDatabase(dataDir, [{ id: 1, name: 'uno', sql: '' }])).toThrow(/never be edited/);
  });

  it('refuses a migration list with gaps or out of order', () => {
    expect(() => openDatabase(dataDir, [{ id: 2, name: 'two', sql: '' }])).toThrow(/ids must be 1, 2, 3/);
  });
});
