/** Row mapping for the cohort and comment repositories (issue #18, kysely/cohort-repos.ts). */
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
