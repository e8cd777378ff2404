/**
 * The database's schema, as an ordered list of migrations. Append only: a
 * migration that has shipped is never edited or reordered, because databases
 * in the field have already applied it (openDatabase refuses a database whose
 * applied migrations do not match this list by id and name).
 */

export interface Migration {
  /** 1, 2, 3, … in order, no gaps. */
  id: number;
  /** Short and unique; recorded in the database to catch an edited list. */
  name: string;
  /** Run inside a transaction with the row recording it. */
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'learners-and-progress',
    // STRICT tables: SQLite otherwise stores a string in an INTEGER column
    // without complaint. Timestamps are ISO 8601 UTC text, readable in a
    // `sqlite3` shell and ordered correctly as strings.
    sql: `
      CREATE TABLE learners (
        id          TEXT PRIMARY KEY,
        token_hash  TEXT NOT NULL UNIQUE,
        created_at  TEXT NOT NULL
      ) STRICT;

      -- A row means passed: a step never goes back to not passed.
      CREATE TABLE step_passes (
        learner_id  TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        lab_id      TEXT NOT NULL,
        step        TEXT NOT NULL,
        passed_at   TEXT NOT NULL,
        PRIMARY KEY (learner_id, lab_id, step)
      ) STRICT;

      CREATE TABLE quiz_attempts (
        id            INTEGER PRIMARY KEY,
        learner_id    TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        lab_id        TEXT NOT NULL,
        score         INTEGER NOT NULL CHECK (score >= 0),
        max           INTEGER NOT NULL CHECK (max >= score),
        results       TEXT NOT NULL CHECK (json_valid(results)),
        attempted_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX quiz_attempts_by_learner_lab ON quiz_attempts (learner_id, lab_id, id);
    `,
  },
];
