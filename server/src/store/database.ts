/**
 * Opens the server's SQLite database in the data directory and brings its
 * schema up to date. One connection per process, made in main.ts and passed to
 * the stores; better-sqlite3 is synchronous, so there is no pool to manage.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

export const DATABASE_FILE = 'syslab.db';

/**
 * How long a statement waits for another connection's lock before failing with
 * SQLITE_BUSY. Only a second process (a CLI, a backup, a `sqlite3` shell) ever
 * holds one, for milliseconds; 5 s rides that out without hanging a request
 * for long if something is truly stuck.
 */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * @throws Error when the database cannot be opened in WAL mode or was written
 *   by a different (newer or edited) list of migrations: operator errors to
 *   surface at start-up, not expected failures.
 */
export function openDatabase(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  // Owner-only: the database holds token hashes and every learner's progress.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, DATABASE_FILE);
  const db = new Database(file);
  try {
    // WAL lets readers (progress pages, /metrics) run while a write is going on.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      throw new Error(`${file}: SQLite could not switch to WAL mode (got "${String(mode)}"); put the data directory on a local file system`);
    }
    // With WAL, NORMAL still never corrupts the database; a power cut may lose
    // the last few commits, which for progress marks is an acceptable trade for
    // not syncing on every step passed.
    db.pragma('synchronous = NORMAL');
    // Off by default in SQLite, per connection: without it REFERENCES is decoration.
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    applyMigrations(db, migrations);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Apply every migration not yet recorded, each in its own transaction with its record. */
export function applyMigrations(db: Db, migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.id !== i + 1) throw new Error(`migration "${m.name}" has id ${m.id}; ids must be 1, 2, 3, … in order`);
  });
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  TEXT NOT NULL
  ) STRICT`);

  const applied = db.prepare<[], { id: number; name: string }>('SELECT id, name FROM migrations ORDER BY id');
  const record = db.prepare('INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    // IMMEDIATE takes the write lock before reading, so two processes starting
    // at once cannot both decide to apply the same migration.
    db.transaction(() => {
      const done = checkApplied(applied.all(), migrations);
      if (done.has(migration.id)) return;
      db.exec(migration.sql);
      record.run(migration.id, migration.name, new Date().toISOString());
    }).immediate();
  }
  checkApplied(applied.all(), migrations);
}

function checkApplied(rows: { id: number; name: string }[], migrations: readonly Migration[]): Set<number> {
  for (const row of rows) {
    const known = migrations[row.id - 1];
    if (!known) {
      throw new Error(`the database has migration ${row.id} "${row.name}", which this version of syslab does not know: it was written by a newer version`);
    }
    if (known.name !== row.name) {
      throw new Error(`the database's migration ${row.id} is "${row.name}" but this version calls it "${known.name}": migrations must never be edited once shipped`);
    }
  }
  return new Set(rows.map((r) => r.id));
}

/**
 * On shutdown: fold the write-ahead log into the database file, so syslab.db
 * alone is complete (a backup that copies only it, a volume snapshot), then
 * close. Idempotent.
 */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
