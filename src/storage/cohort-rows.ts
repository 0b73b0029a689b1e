/**
 * Row mapping and SQL shared by both adapters' cohort and comment repositories (issue #18). The
 * statements here use only syntax both engines accept; placeholders are added by the caller.
 */
import { num, str, strOrNull, type JsonDecoder, type Row } from "./rows.js";
import type { Cohort, CohortPerson, ExerciseFailures, LineCommentView, Role } from "./store.js";

export const toCohort =
  (json: JsonDecoder) =>
  (r: Row): Cohort => ({
    id: str(r.id),
    name: str(r.name),
    inviteCode: strOrNull(r.invite_code),
    startDate: strOrNull(r.start_date),
    openModules:
      r.open_modules === null || r.open_modules === undefined
        ? null
        : (json(r.open_modules) as string[]),
    createdBy: strOrNull(r.created_by),
    createdAt: str(r.created_at),
  });

export const toCohortPerson = (r: Row): CohortPerson => ({
  userId: str(r.user_id),
  email: str(r.email),
  displayName: str(r.display_name),
  role: str(r.role) as Role,
  since: str(r.since),
  lastActiveAt: strOrNull(r.last_active_at),
});

export const toFailures = (r: Row): ExerciseFailures => ({
  exerciseId: str(r.exercise_id),
  failures: num(r.failures),
  learners: num(r.learners),
});

export const toCommentView = (r: Row): LineCommentView => ({
  id: str(r.id),
  submissionId: str(r.submission_id),
  authorId: strOrNull(r.author_id),
  file: str(r.file),
  line: num(r.line),
  text: str(r.body),
  createdAt: str(r.created_at),
  seenAt: strOrNull(r.seen_at),
  authorName: strOrNull(r.author_name),
  exerciseId: str(r.exercise_id),
  learnerId: str(r.learner_id),
});

/** People of a cohort (`table`: cohort_members or cohort_instructors) with their last activity. */
export const personSelect = (table: "cohort_members" | "cohort_instructors") => `
  SELECT p.user_id, p.since, u.email, u.display_name, u.role,
    (SELECT MAX(t) FROM (
       SELECT MAX(created_at) AS t FROM sessions WHERE user_id = u.id
       UNION ALL SELECT MAX(created_at) AS t FROM submissions WHERE user_id = u.id
     ) AS activity_times) AS last_active_at
  FROM ${table} p JOIN users u ON u.id = p.user_id`;

export const COMMENT_SELECT = `
  SELECT c.id, c.submission_id, c.author_id, c.file, c.line, c.body, c.created_at, c.seen_at,
    a.display_name AS author_name, s.exercise_id, s.user_id AS learner_id
  FROM submission_comments c
  JOIN submissions s ON s.id = c.submission_id
  LEFT JOIN users a ON a.id = c.author_id`;

export const COHORT_COLUMNS =
  "id, name, invite_code, start_date, open_modules, created_by, created_at";
