/** PostgreSQL repositories for cohorts (members, instructors, their progress) and line comments. */
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
import {
  ConflictError,
  type Cohort,
  type CohortPerson,
  type CohortRepo,
  type CommentRepo,
  type ExerciseFailures,
  type ExerciseProgress,
  type LineComment,
  type LineCommentView,
} from "../store.js";
import { isUniqueViolation, mapRow, type PgContext } from "./postgres-context.js";

const cohort = toCohort((v) => v);
const modules = (c: Cohort) => (c.openModules === null ? null : JSON.stringify(c.openModules));
const CODE_TAKEN = "this invite code is taken";

export class PostgresCohortRepo implements CohortRepo {
  constructor(private readonly c: PgContext) {}

  async create(x: Cohort): Promise<void> {
    await this.c.insert(
      `INSERT INTO cohorts (${COHORT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [x.id, x.name, x.inviteCode, x.startDate, modules(x), x.createdBy, x.createdAt],
      CODE_TAKEN,
    );
  }

  async byId(id: string): Promise<Cohort | null> {
    return mapRow(await this.c.one("SELECT * FROM cohorts WHERE id = $1", [id]), cohort);
  }

  async byInviteCode(code: string): Promise<Cohort | null> {
    return mapRow(await this.c.one("SELECT * FROM cohorts WHERE invite_code = $1", [code]), cohort);
  }

  async update(x: Cohort): Promise<void> {
    try {
      await this.c.run(
        "UPDATE cohorts SET name = $1, invite_code = $2, start_date = $3, open_modules = $4 WHERE id = $5",
        [x.name, x.inviteCode, x.startDate, modules(x), x.id],
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(CODE_TAKEN);
      throw error;
    }
  }

  async delete(id: string): Promise<boolean> {
    return (await this.c.run("DELETE FROM cohorts WHERE id = $1", [id])) > 0;
  }

  async list(): Promise<Cohort[]> {
    return (await this.c.all("SELECT * FROM cohorts ORDER BY created_at, id")).map(cohort);
  }

  listForInstructor(userId: string): Promise<Cohort[]> {
    return this.listVia("cohort_instructors", userId);
  }

  listForMember(userId: string): Promise<Cohort[]> {
    return this.listVia("cohort_members", userId);
  }

  private async listVia(table: string, userId: string): Promise<Cohort[]> {
    const rows = await this.c.all(
      `SELECT c.* FROM cohorts c JOIN ${table} p ON p.cohort_id = c.id
       WHERE p.user_id = $1 ORDER BY c.created_at, c.id`,
      [userId],
    );
    return rows.map(cohort);
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

  async isInstructor(cohortId: string, userId: string): Promise<boolean> {
    const row = await this.c.one(
      "SELECT 1 AS x FROM cohort_instructors WHERE cohort_id = $1 AND user_id = $2",
      [cohortId, userId],
    );
    return row !== null;
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

  async progress(cohortId: string): Promise<ExerciseProgress[]> {
    const rows = await this.c.all(
      `SELECT g.* FROM progress g JOIN cohort_members m ON m.user_id = g.user_id
       WHERE m.cohort_id = $1 ORDER BY g.user_id, g.exercise_id`,
      [cohortId],
    );
    return rows.map(toProgress);
  }

  async failures(cohortId: string, limit: number): Promise<ExerciseFailures[]> {
    const rows = await this.c.all(
      `SELECT s.exercise_id, COUNT(*) AS failures, COUNT(DISTINCT s.user_id) AS learners
       FROM submissions s JOIN cohort_members m ON m.user_id = s.user_id
       WHERE m.cohort_id = $1 AND s.status = 'graded' AND s.verdict <> 'pass'
       GROUP BY s.exercise_id ORDER BY failures DESC, s.exercise_id LIMIT $2`,
      [cohortId, limit],
    );
    return rows.map(toFailures);
  }

  private async add(table: string, cohortId: string, userId: string, at: string) {
    const changed = await this.c.run(
      `INSERT INTO ${table} (cohort_id, user_id, since) VALUES ($1, $2, $3)
       ON CONFLICT (cohort_id, user_id) DO NOTHING`,
      [cohortId, userId, at],
    );
    return changed > 0;
  }

  private async remove(table: string, cohortId: string, userId: string) {
    const changed = await this.c.run(`DELETE FROM ${table} WHERE cohort_id = $1 AND user_id = $2`, [
      cohortId,
      userId,
    ]);
    return changed > 0;
  }

  private async people(
    table: "cohort_members" | "cohort_instructors",
    cohortId: string,
  ): Promise<CohortPerson[]> {
    const rows = await this.c.all(
      `${personSelect(table)} WHERE p.cohort_id = $1 ORDER BY lower(u.display_name), u.id`,
      [cohortId],
    );
    return rows.map(toCohortPerson);
  }
}

export class PostgresCommentRepo implements CommentRepo {
  constructor(private readonly c: PgContext) {}

  async add(x: LineComment): Promise<void> {
    await this.c.run(
      `INSERT INTO submission_comments
       (id, submission_id, author_id, file, line, body, created_at, seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [x.id, x.submissionId, x.authorId, x.file, x.line, x.text, x.createdAt, x.seenAt],
    );
  }

  async forSubmission(submissionId: string): Promise<LineCommentView[]> {
    const rows = await this.c.all(
      `${COMMENT_SELECT} WHERE c.submission_id = $1 ORDER BY c.file, c.line, c.created_at, c.id`,
      [submissionId],
    );
    return rows.map(toCommentView);
  }

  async forLearner(learnerId: string, limit: number): Promise<LineCommentView[]> {
    const rows = await this.c.all(
      `${COMMENT_SELECT} WHERE s.user_id = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT $2`,
      [learnerId, limit],
    );
    return rows.map(toCommentView);
  }

  async unseenCount(learnerId: string): Promise<number> {
    const row = await this.c.one(
      `SELECT COUNT(*) AS n FROM submission_comments c
       JOIN submissions s ON s.id = c.submission_id
       WHERE s.user_id = $1 AND c.seen_at IS NULL`,
      [learnerId],
    );
    return Number(row?.n ?? 0);
  }

  async markSeen(learnerId: string, at: string, ids?: string[]): Promise<number> {
    const mine = `seen_at IS NULL AND submission_id IN (SELECT id FROM submissions WHERE user_id = $2)`;
    if (ids === undefined)
      return this.c.run(`UPDATE submission_comments SET seen_at = $1 WHERE ${mine}`, [
        at,
        learnerId,
      ]);
    return this.c.run(
      `UPDATE submission_comments SET seen_at = $1 WHERE ${mine} AND id = ANY($3::text[])`,
      [at, learnerId, ids],
    );
  }
}
