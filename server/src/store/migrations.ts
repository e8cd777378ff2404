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
  {
    id: 2,
    name: 'instructors-and-workshops',
    // Workshops keep their roster and sessions after they close (results and
    // recordings are read from them); only the sandboxes go.
    sql: `
      -- One row per instructor key; today one instructor, "default", whose key
      -- comes from config or is generated on first start. Only the hash is kept.
      CREATE TABLE instructors (
        id          TEXT PRIMARY KEY,
        key_hash    TEXT NOT NULL UNIQUE,
        -- The learner the instructor's own sandboxes (the broadcast terminal)
        -- run as: every session belongs to a learner.
        learner_id  TEXT NOT NULL REFERENCES learners(id),
        created_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE workshops (
        id                TEXT PRIMARY KEY,
        instructor_id     TEXT NOT NULL REFERENCES instructors(id),
        title             TEXT NOT NULL,
        -- Lab ids in the order the instructor gave them.
        labs              TEXT NOT NULL CHECK (json_valid(labs) AND json_type(labs) = 'array'),
        -- Join code, stored without its dash (workshops/join-code.ts); unique
        -- for ever, so an old code never lands in a new room.
        code              TEXT NOT NULL UNIQUE,
        max_participants  INTEGER NOT NULL CHECK (max_participants > 0),
        max_sessions      INTEGER NOT NULL CHECK (max_sessions > 0),
        stuck_minutes     INTEGER NOT NULL CHECK (stuck_minutes > 0),
        created_at        TEXT NOT NULL,
        closed_at         TEXT
      ) STRICT;
      CREATE INDEX workshops_by_instructor ON workshops (instructor_id, created_at);

      -- A learner made by joining belongs to exactly one workshop.
      CREATE TABLE workshop_participants (
        id           TEXT PRIMARY KEY,
        workshop_id  TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        learner_id   TEXT NOT NULL UNIQUE REFERENCES learners(id) ON DELETE CASCADE,
        name         TEXT NOT NULL COLLATE NOCASE,
        joined_at    TEXT NOT NULL,
        UNIQUE (workshop_id, name)
      ) STRICT;

      -- Every sandbox session a participant ran in the workshop: which one the
      -- dashboard shows, and what a recording or result belongs to.
      CREATE TABLE workshop_sessions (
        session_id      TEXT PRIMARY KEY,
        participant_id  TEXT NOT NULL REFERENCES workshop_participants(id) ON DELETE CASCADE,
        lab_id          TEXT NOT NULL,
        started_at      TEXT NOT NULL,
        ended_at        TEXT
      ) STRICT;
      CREATE INDEX workshop_sessions_by_participant ON workshop_sessions (participant_id, started_at);

      CREATE TABLE workshop_announcements (
        id           INTEGER PRIMARY KEY,
        workshop_id  TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        message      TEXT NOT NULL,
        sent_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX workshop_announcements_by_workshop ON workshop_announcements (workshop_id, id);
    `,
  },
  {
    id: 3,
    name: 'server-heartbeat',
    // One row /readyz rewrites: proof the database takes writes (store/heartbeat-store.ts).
    sql: `
      CREATE TABLE server_heartbeat (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        beat_at  TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 4,
    name: 'recordings',
    // The index of session recordings; the .cast files live under
    // DATA_DIR/recordings (recording/recorder.ts). A row with no ended_at at
    // start-up was left by a server that died; recovery closes it.
    sql: `
      CREATE TABLE recordings (
        id           TEXT PRIMARY KEY,
        session_id   TEXT NOT NULL,
        learner_id   TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
        -- NULL: a solo learner's session (SYSLAB_RECORD_SOLO_SESSIONS).
        workshop_id  TEXT REFERENCES workshops(id) ON DELETE CASCADE,
        lab_id       TEXT NOT NULL,
        -- Relative to DATA_DIR/recordings.
        file         TEXT NOT NULL UNIQUE,
        started_at   TEXT NOT NULL,
        ended_at     TEXT,
        bytes        INTEGER NOT NULL CHECK (bytes >= 0),
        -- Why recording stopped before the session ended (its size cap, the instructor), or NULL.
        stopped      TEXT,
        end_reason   TEXT
      ) STRICT;
      CREATE INDEX recordings_by_workshop ON recordings (workshop_id, started_at);
      CREATE INDEX recordings_unfinished ON recordings (ended_at) WHERE ended_at IS NULL;

      -- Recording on or off per workshop; no row means on, the default.
      CREATE TABLE workshop_recording (
        workshop_id  TEXT PRIMARY KEY REFERENCES workshops(id) ON DELETE CASCADE,
        enabled      INTEGER NOT NULL CHECK (enabled IN (0, 1))
      ) STRICT;
    `,
  },
  {
    id: 5,
    name: 'instructor-sign-ins',
    // A browser signed in as the instructor holds one of these, not the key:
    // signing out or changing the key revokes it on the server.
    sql: `
      CREATE TABLE instructor_sign_ins (
        token_hash     TEXT PRIMARY KEY,
        instructor_id  TEXT NOT NULL REFERENCES instructors(id) ON DELETE CASCADE,
        created_at     TEXT NOT NULL,
        expires_at     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX instructor_sign_ins_by_expiry ON instructor_sign_ins (expires_at);
    `,
  },
];
