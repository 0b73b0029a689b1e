/**
 * The tables as Kysely sees them (both engines: same names and columns, see the migrations).
 * Times are ISO text everywhere. Two kinds of column differ by engine, and their read types say
 * so: JSON documents (SQLite: text to parse; pg: already parsed) and booleans (SQLite: 0/1).
 * Both are written through the dialect helper (dialect.ts).
 */
import type { ColumnType } from "kysely";

/** A JSON document: written as JSON text; read as text (SQLite) or parsed (pg). */
export type JsonColumn = ColumnType<unknown, string, string>;
export type NullableJsonColumn = ColumnType<unknown, string | null, string | null>;
/** A boolean: 0/1 on SQLite, boolean on PostgreSQL. */
export type BoolColumn = ColumnType<boolean | number, boolean | number, boolean | number>;

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  role: string;
  time_zone: string;
  created_at: string;
  disabled_at: ColumnType<string | null, string | null | undefined, string | null>;
  handle: ColumnType<string | null, string | null | undefined, string | null>;
  profile_public: ColumnType<boolean | number, boolean | number | undefined, boolean | number>;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface DeviceCodesTable {
  id: string;
  device_code_hash: string;
  user_code: string;
  hostname: string;
  client: string;
  status: string;
  user_id: string | null;
  interval_seconds: number;
  last_polled_at: string | null;
  created_at: string;
  expires_at: string;
}

export interface SubmissionsTable {
  id: string;
  user_id: string;
  exercise_id: string;
  files: JsonColumn;
  idempotency_key: string | null;
  status: string;
  runs: number;
  result: NullableJsonColumn;
  verdict: string | null;
  error: string | null;
  created_at: string;
  graded_at: string | null;
}

export interface ProgressTable {
  user_id: string;
  exercise_id: string;
  state: string;
  attempts: number;
  best_passed: number;
  best_total: number;
  first_passed_at: string | null;
  xp_awarded: number;
  updated_at: string;
}

export interface UserStatsTable {
  user_id: string;
  xp: number;
  streak_days: number;
  longest_streak: number;
  last_active_day: string | null;
  achievements: JsonColumn;
}

export interface ActivityTable {
  user_id: string;
  day: string;
  submissions: number;
  passes: number;
}

export interface DraftsTable {
  user_id: string;
  exercise_id: string;
  files: JsonColumn;
  version: number;
  updated_at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  action: string;
  target_id: string | null;
  detail: JsonColumn;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface CohortsTable {
  id: string;
  name: string;
  invite_code: string | null;
  start_date: string | null;
  open_modules: NullableJsonColumn;
  created_by: string | null;
  created_at: string;
}

export interface CohortPeopleTable {
  cohort_id: string;
  user_id: string;
  since: string;
}

export interface SubmissionCommentsTable {
  id: string;
  submission_id: string;
  author_id: string | null;
  file: string;
  line: number;
  body: string;
  created_at: string;
  seen_at: string | null;
}

export interface LearningGoalsTable {
  user_id: string;
  posting_title: string;
  /** JSON text on both engines (a TEXT column). */
  path: string;
  pinned_at: string;
}

export interface ProfileHiddenTable {
  user_id: string;
  kind: string;
  item_id: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  device_codes: DeviceCodesTable;
  submissions: SubmissionsTable;
  progress: ProgressTable;
  user_stats: UserStatsTable;
  activity: ActivityTable;
  drafts: DraftsTable;
  audit_log: AuditLogTable;
  password_resets: PasswordResetsTable;
  cohorts: CohortsTable;
  cohort_instructors: CohortPeopleTable;
  cohort_members: CohortPeopleTable;
  submission_comments: SubmissionCommentsTable;
  learning_goals: LearningGoalsTable;
  profile_hidden: ProfileHiddenTable;
}
