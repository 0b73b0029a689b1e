/**
 * The PostgreSQL schema as numbered migrations, applied in order by `PostgresStore.migrate()`
 * and recorded in `schema_migrations`. Never edit a migration that has shipped; add the next one.
 * Times are ISO-8601 text, as in SQLite, so both adapters return identical strings (timestamptz
 * would come back reformatted). Learner-supplied JSON (files, results) is `json`, not `jsonb`:
 * jsonb (like text) cannot hold a NUL character, which learners' files and output may contain.
 */
import type { Migration } from "../migration.js";

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "accounts, submissions, progress, drafts",
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX users_email ON users (lower(email));
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(user_id);
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      );
      CREATE TABLE submissions (
        seq BIGSERIAL UNIQUE,
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        exercise_id TEXT NOT NULL,
        files JSONB NOT NULL,
        idempotency_key TEXT,
        status TEXT NOT NULL,
        runs INTEGER NOT NULL DEFAULT 0,
        result JSONB,
        error TEXT,
        created_at TEXT NOT NULL,
        graded_at TEXT,
        UNIQUE (user_id, idempotency_key)
      );
      CREATE INDEX submissions_user ON submissions(user_id, exercise_id, created_at);
      CREATE INDEX submissions_exercise ON submissions(exercise_id, status);
      CREATE TABLE progress (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        exercise_id TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        best_passed INTEGER NOT NULL,
        best_total INTEGER NOT NULL,
        first_passed_at TEXT,
        xp_awarded INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (user_id, exercise_id)
      );
      CREATE TABLE user_stats (
        user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        xp INTEGER NOT NULL,
        streak_days INTEGER NOT NULL,
        longest_streak INTEGER NOT NULL,
        last_active_day TEXT,
        achievements JSONB NOT NULL
      );
      CREATE TABLE activity (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        submissions INTEGER NOT NULL,
        passes INTEGER NOT NULL,
        PRIMARY KEY (user_id, day)
      );
      CREATE TABLE drafts (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        exercise_id TEXT NOT NULL,
        files JSONB NOT NULL,
        version INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (user_id, exercise_id)
      );`,
  },
  {
    version: 2,
    // The verdict gets its own column because json->>'status' fails on a document holding
    // \u0000 anywhere; SQLite's migration 2 adds the same column.
    description: "submissions.verdict; json for learner-supplied documents",
    sql: `
      ALTER TABLE submissions ADD COLUMN verdict TEXT;
      UPDATE submissions SET verdict = result->>'status' WHERE result IS NOT NULL;
      ALTER TABLE submissions ALTER COLUMN files TYPE json USING files::json,
        ALTER COLUMN result TYPE json USING result::json;
      ALTER TABLE drafts ALTER COLUMN files TYPE json USING files::json;
      DROP INDEX submissions_exercise;
      CREATE INDEX submissions_passing ON submissions(exercise_id, verdict, created_at);`,
  },
  {
    version: 3,
    // The CLI's browser login (RFC 8628 device authorization); SQLite's migration 3 is the same.
    description: "device_codes; api_tokens by user",
    sql: `
      CREATE TABLE device_codes (
        id TEXT PRIMARY KEY,
        device_code_hash TEXT NOT NULL UNIQUE,
        user_code TEXT NOT NULL UNIQUE,
        hostname TEXT NOT NULL,
        client TEXT NOT NULL,
        status TEXT NOT NULL,
        user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
        interval_seconds INTEGER NOT NULL,
        last_polled_at TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX device_codes_expiry ON device_codes(expires_at);
      CREATE INDEX api_tokens_user ON api_tokens(user_id);`,
  },
  {
    version: 4,
    // Login and sign-up rate-limit counters, shared by every API process on the database
    // (src/server/rate-limit.ts): one row per key and fixed window (reset_at, ms since the
    // epoch). SQLite's migration 4 is the same.
    description: "rate_limits",
    sql: `
      CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        reset_at BIGINT NOT NULL
      );`,
  },
  {
    version: 5,
    // Administration (issue #18): disabling accounts, the audit log, one-time password-reset
    // links (only the SHA-256 of a link's token is stored). SQLite's migration 5 is the same.
    description: "users.disabled_at, audit_log, password_resets",
    sql: `
      ALTER TABLE users ADD COLUMN disabled_at TEXT;
      CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id TEXT REFERENCES users(id) ON DELETE SET NULL,
        action TEXT NOT NULL,
        target_id TEXT,
        detail JSONB NOT NULL
      );
      CREATE INDEX audit_log_at ON audit_log(at);
      CREATE TABLE password_resets (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );
      CREATE INDEX password_resets_user ON password_resets(user_id);
      CREATE INDEX submissions_status ON submissions(status, graded_at);`,
  },
  {
    version: 6,
    // Public profiles (issue #16): an opt-in page at /u/<handle>. Handles are stored lower-case
    // and unique; profiles are off until the learner turns theirs on. SQLite's migration 6 is the
    // same (profile_public INTEGER).
    description: "users.handle, users.profile_public",
    sql: `
      ALTER TABLE users ADD COLUMN handle TEXT;
      ALTER TABLE users ADD COLUMN profile_public BOOLEAN NOT NULL DEFAULT false;
      CREATE UNIQUE INDEX users_handle ON users(handle);`,
  },
  {
    version: 7,
    // Cohorts and line comments (issue #18): a class with an invite code (NULL: joining is off),
    // its instructors and members; open_modules is a JSON array of module ids or NULL (all).
    // Comments belong to a submission (gone with it) and keep their text if the instructor's
    // account goes (author_id NULL). SQLite's migration 7 is the same (open_modules TEXT).
    description: "cohorts, cohort_instructors, cohort_members, submission_comments",
    sql: `
      CREATE TABLE cohorts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        invite_code TEXT UNIQUE,
        start_date TEXT,
        open_modules JSONB,
        created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE cohort_instructors (
        cohort_id TEXT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        since TEXT NOT NULL,
        PRIMARY KEY (cohort_id, user_id)
      );
      CREATE INDEX cohort_instructors_user ON cohort_instructors(user_id);
      CREATE TABLE cohort_members (
        cohort_id TEXT NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        since TEXT NOT NULL,
        PRIMARY KEY (cohort_id, user_id)
      );
      CREATE INDEX cohort_members_user ON cohort_members(user_id);
      CREATE TABLE submission_comments (
        id TEXT PRIMARY KEY,
        submission_id TEXT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
        author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
        file TEXT NOT NULL,
        line INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        seen_at TEXT
      );
      CREATE INDEX submission_comments_submission ON submission_comments(submission_id, created_at);`,
  },
  {
    version: 8,
    // Skills (issue #16): the path a learner pinned as their goal (one per learner; `path` is a
    // JSON array of exercise ids) and the items they hide from their public profile. Nothing is
    // stored until the learner pins or hides. SQLite's migration 8 is the same. Version 7 is
    // another change's (cohorts); the runner applies whichever versions a database lacks.
    description: "learning_goals, profile_hidden",
    sql: `
      CREATE TABLE learning_goals (
        user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        posting_title TEXT NOT NULL,
        path TEXT NOT NULL,
        pinned_at TEXT NOT NULL
      );
      CREATE TABLE profile_hidden (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('skill', 'exercise')),
        item_id TEXT NOT NULL,
        PRIMARY KEY (user_id, kind, item_id)
      );`,
  },
];
