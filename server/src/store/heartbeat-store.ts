/**
 * One row the server rewrites when asked whether it is ready (/readyz): a
 * real write through SQLite's write path (lock, WAL append, commit), so a
 * full disk, a read-only mount or a database locked by another process shows
 * up as "not ready" instead of as failed progress marks later.
 */
import type { Db } from './database.js';

export class HeartbeatStore {
  private readonly upsert;

  constructor(db: Db, private readonly now: () => Date = () => new Date()) {
    this.upsert = db.prepare(
      'INSERT INTO server_heartbeat (id, beat_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at',
    );
  }

  /** @throws the SQLite error when the database cannot be written. */
  beat(): void {
    this.upsert.run(this.now().toISOString());
  }
}
