/** SQLite repositories for cohorts (members, instructors, their progress) and line comments. */
import {
  COHORT_COLUMNS,
  COMMENT_SELECT,
  personSelect,
  toCohort,
  toCohortPerson,
  toCommentView,
  toFailures,
} from "../cohort-rows.js";
import { toProgress } from "../rows.js";
import type {
  Cohort,
  CohortPerson,
  CohortRepo,
  CommentRepo,
  ExerciseFailures,
  ExerciseProgress,
  LineComment,
  LineCommentView,
} from "../store.js";
import { all, insertOrConflict, mapRow, one, type SqliteContext } from "./sqlite-context.js";
import { isUniqueViolation } from "./sqlite-connection.js";
import { ConflictError } from "../store.js";

const parse = (v: unknown) => JSON.parse(String(v)) as unknown;
const cohort = toCohort(parse);
const modules = (c: Cohort) => (c.openModules === null ? null : JSON.stringify(c.openModules));
const CODE_TAKEN = "this invite code is taken";

export class SqliteCohortRepo implements CohortRepo {
  constructor(private readonly c: SqliteContext) {}

  create(x: Cohort): Promise<void> {
    return this.c.run(() =>
      insertOrConflict(
        () =>
          this.c
            .stmt(`INSERT INTO cohorts (${COHORT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`)
            .run(x.id, x.name, x.inviteCode, x.startDate, modules(x), x.createdBy, x.createdAt),
        CODE_TAKEN,
      ),
    );
  }

  byId(id: string): Promise<Cohort | null> {
    return this.c.run(() =>
      mapRow(one(this.c.stmt("SELECT * FROM cohorts WHERE id = ?"), id), cohort),
    );
  }

  byInviteCode(code: string): Promise<Cohort | null> {
    return this.c.run(() =>
      mapRow(one(this.c.stmt("SELECT * FROM cohorts WHERE invite_code = ?"), code), cohort),
    );
  }

  update(x: Cohort): Promise<void> {
    return this.c.run(() => {
      try {
        this.c
          .stmt(
            "UPDATE cohorts SET name = ?, invite_code = ?, start_date = ?, open_modules = ? WHERE id = ?",
          )
          .run(x.name, x.inviteCode, x.startDate, modules(x), x.id);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(CODE_TAKEN);
        throw error;
      }
    });
  }

  delete(id: string): Promise<boolean> {
    return this.c.run(() => this.c.stmt("DELETE FROM cohorts WHERE id = ?").run(id).changes > 0);
  }

  list(): Promise<Cohort[]> {
    return this.c.run(() =>
      all(this.c.stmt("SELECT * FROM cohorts ORDER BY created_at, id")).map(cohort),
    );
  }

  listForInstructor(userId: string): Promise<Cohort[]> {
    return this.listVia("cohort_instructors", userId);
  }

  listForMember(userId: string): Promise<Cohort[]> {
    return this.listVia("cohort_members", userId);
  }

  private listVia(table: string, userId: string): Promise<Cohort[]> {
    return this.c.run(() =>
      all(
        this.c.stmt(
          `SELECT c.* FROM cohorts c JOIN ${table} p ON p.cohort_id = c.id
           WHERE p.user_id = ? ORDER BY c.created_at, c.id`,
        ),
        userId,
      ).map(cohort),
    );
  }

  addInstructor(cohortId: string, userId: string, at: string): Promise<boolean> {
    return this.add("cohort_instructors", cohortId, userId, at);
  }

  removeInstructor(cohortId: string, userId: string): Promise<boolean> {
    return this.remove("cohort_instructors", cohortId, userId);
  }

  instructors(cohortId: string): Promise<CohortPerson[]> {
    return this.people("cohort_instructors", cohortId);
  }

  isInstructor(cohortId: string, userId: string): Promise<boolean> {
    return this.c.run(
      () =>
        one(
          this.c.stmt("SELECT 1 AS x FROM cohort_instructors WHERE cohort_id = ? AND user_id = ?"),
          cohortId,
          userId,
        ) !== null,
    );
  }

  addMember(cohortId: string, userId: string, at: string): Promise<boolean> {
    return this.add("cohort_members", cohortId, userId, at);
  }

  removeMember(cohortId: string, userId: string): Promise<boolean> {
    return this.remove("cohort_members", cohortId, userId);
  }

  members(cohortId: string): Promise<CohortPerson[]> {
    return this.people("cohort_members", cohortId);
  }

  progress(cohortId: string): Promise<ExerciseProgress[]> {
    return this.c.run(() =>
      all(
        this.c.stmt(
          `SELECT g.* FROM progress g JOIN cohort_members m ON m.user_id = g.user_id
           WHERE m.cohort_id = ? ORDER BY g.user_id, g.exercise_id`,
        ),
        cohortId,
      ).map(toProgress),
    );
  }

  failures(cohortId: string, limit: number): Promise<ExerciseFailures[]> {
    return this.c.run(() =>
      all(
        this.c.stmt(
          `SELECT s.exercise_id, COUNT(*) AS failures, COUNT(DISTINCT s.user_id) AS learners
           FROM submissions s JOIN cohort_members m ON m.user_id = s.user_id
           WHERE m.cohort_id = ? AND s.status = 'graded' AND s.verdict <> 'pass'
           GROUP BY s.exercise_id ORDER BY failures DESC, s.exercise_id LIMIT ?`,
        ),
        cohortId,
        limit,
      ).map(toFailures),
    );
  }

  private add(table: string, cohortId: string, userId: string, at: string): Promise<boolean> {
    return this.c.run(
      () =>
        this.c
          .stmt(
            `INSERT INTO ${table} (cohort_id, user_id, since) VALUES (?, ?, ?)
             ON CONFLICT (cohort_id, user_id) DO NOTHING`,
          )
          .run(cohortId, userId, at).changes > 0,
    );
  }

  private remove(table: string, cohortId: string, userId: string): Promise<boolean> {
    return this.c.run(
      () =>
        this.c
          .stmt(`DELETE FROM ${table} WHERE cohort_id = ? AND user_id = ?`)
          .run(cohortId, userId).changes > 0,
    );
  }

  private people(
    table: "cohort_members" | "cohort_instructors",
    cohortId: string,
  ): Promise<CohortPerson[]> {
    return this.c.run(() =>
      all(
        this.c.stmt(
          `${personSelect(table)} WHERE p.cohort_id = ? ORDER BY lower(u.display_name), u.id`,
        ),
        cohortId,
      ).map(toCohortPerson),
    );
  }
}

export class SqliteCommentRepo implements CommentRepo {
  constructor(private readonly c: SqliteContext) {}

  add(x: LineComment): Promise<void> {
    return this.c.run(() => {
      this.c
        .stmt(
          `INSERT INTO submission_comments
           (id, submission_id, author_id, file, line, body, created_at, seen_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(x.id, x.submissionId, x.authorId, x.file, x.line, x.text, x.createdAt, x.seenAt);
    });
  }

  forSubmission(submissionId: string): Promise<LineCommentView[]> {
    return this.c.run(() =>
      all(
        this.c.stmt(
          `${COMMENT_SELECT} WHERE c.submission_id = ? ORDER BY c.file, c.line, c.created_at, c.id`,
        ),
        submissionId,
      ).map(toCommentView),
    );
  }

  forLearner(learnerId: string, limit: number): Promise<LineCommentView[]> {
    return this.c.run(() =>
      all(
        this.c.stmt(
          `${COMMENT_SELECT} WHERE s.user_id = ? ORDER BY c.created_at DESC, c.id DESC LIMIT ?`,
        ),
        learnerId,
        limit,
      ).map(toCommentView),
    );
  }

  unseenCount(learnerId: string): Promise<number> {
    return this.c.run(() =>
      Number(
        one(
          this.c.stmt(
            `SELECT COUNT(*) AS n FROM submission_comments c
             JOIN submissions s ON s.id = c.submission_id
             WHERE s.user_id = ? AND c.seen_at IS NULL`,
          ),
          learnerId,
        )?.n ?? 0,
      ),
    );
  }

  markSeen(learnerId: string, at: string, ids?: string[]): Promise<number> {
    return this.c.run(() => {
      const mine = `seen_at IS NULL AND submission_id IN (SELECT id FROM submissions WHERE user_id = ?)`;
      if (ids === undefined)
        return this.c
          .stmt(`UPDATE submission_comments SET seen_at = ? WHERE ${mine}`)
          .run(at, learnerId).changes;
      let changed = 0;
      const mark = this.c.stmt(
        `UPDATE submission_comments SET seen_at = ? WHERE id = ? AND ${mine}`,
      );
      for (const id of ids) changed += mark.run(at, id, learnerId).changes;
      return changed;
    });
  }
}
