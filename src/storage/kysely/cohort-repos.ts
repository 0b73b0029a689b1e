/** Cohorts (members, instructors, their progress) and line comments (issue #18). */
import { toCohort, toCohortPerson, toCommentView, toFailures } from "../cohort-rows.js";
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
import { lastActiveAt } from "./admin-repos.js";
import { changed, orConflict, type KyselyContext } from "./context.js";

const CODE_TAKEN = "this invite code is taken";
const modules = (c: Cohort) => (c.openModules === null ? null : JSON.stringify(c.openModules));

/** Both people tables have the same columns; the type names one of them for Kysely. */
type People = "cohort_members" | "cohort_instructors";
const as = (table: People) => `${table} as p` as "cohort_members as p";

export class KyselyCohortRepo implements CohortRepo {
  private readonly fromRow;

  constructor(private readonly c: KyselyContext) {
    this.fromRow = toCohort(c.d.json);
  }

  async create(x: Cohort): Promise<void> {
    await orConflict(
      this.c,
      this.c.db
        .insertInto("cohorts")
        .values({
          id: x.id,
          name: x.name,
          invite_code: x.inviteCode,
          start_date: x.startDate,
          open_modules: modules(x),
          created_by: x.createdBy,
          created_at: x.createdAt,
        })
        .execute(),
      CODE_TAKEN,
    );
  }

  async byId(id: string): Promise<Cohort | null> {
    const row = await this.c.db
      .selectFrom("cohorts")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? this.fromRow(row) : null;
  }

  async byInviteCode(code: string): Promise<Cohort | null> {
    const row = await this.c.db
      .selectFrom("cohorts")
      .selectAll()
      .where("invite_code", "=", code)
      .executeTakeFirst();
    return row ? this.fromRow(row) : null;
  }

  async update(x: Cohort): Promise<void> {
    await orConflict(
      this.c,
      this.c.db
        .updateTable("cohorts")
        .set({
          name: x.name,
          invite_code: x.inviteCode,
          start_date: x.startDate,
          open_modules: modules(x),
        })
        .where("id", "=", x.id)
        .execute(),
      CODE_TAKEN,
    );
  }

  async delete(id: string): Promise<boolean> {
    return (
      changed(await this.c.db.deleteFrom("cohorts").where("id", "=", id).executeTakeFirst()) > 0
    );
  }

  async list(): Promise<Cohort[]> {
    const rows = await this.c.db
      .selectFrom("cohorts")
      .selectAll()
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map(this.fromRow);
  }

  listForInstructor(userId: string): Promise<Cohort[]> {
    return this.listVia("cohort_instructors", userId);
  }

  listForMember(userId: string): Promise<Cohort[]> {
    return this.listVia("cohort_members", userId);
  }

  private async listVia(table: People, userId: string): Promise<Cohort[]> {
    const rows = await this.c.db
      .selectFrom("cohorts")
      .innerJoin(as(table), "p.cohort_id", "cohorts.id")
      .selectAll("cohorts")
      .where("p.user_id", "=", userId)
      .orderBy("cohorts.created_at")
      .orderBy("cohorts.id")
      .execute();
    return rows.map(this.fromRow);
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
    const row = await this.c.db
      .selectFrom("cohort_instructors")
      .select("user_id")
      .where("cohort_id", "=", cohortId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return row !== undefined;
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
    const rows = await this.c.db
      .selectFrom("progress")
      .innerJoin("cohort_members", "cohort_members.user_id", "progress.user_id")
      .selectAll("progress")
      .where("cohort_members.cohort_id", "=", cohortId)
      .orderBy("progress.user_id")
      .orderBy("progress.exercise_id")
      .execute();
    return rows.map(toProgress);
  }

  async failures(cohortId: string, limit: number): Promise<ExerciseFailures[]> {
    const rows = await this.c.db
      .selectFrom("submissions as s")
      .innerJoin("cohort_members as m", "m.user_id", "s.user_id")
      .select((eb) => [
        "s.exercise_id",
        eb.fn.countAll().as("failures"),
        eb.fn.count("s.user_id").distinct().as("learners"),
      ])
      .where("m.cohort_id", "=", cohortId)
      .where("s.status", "=", "graded")
      .where("s.verdict", "<>", "pass")
      .groupBy("s.exercise_id")
      .orderBy("failures", "desc")
      .orderBy("s.exercise_id")
      .limit(limit)
      .execute();
    return rows.map(toFailures);
  }

  private async add(table: People, cohortId: string, userId: string, at: string) {
    const result = await this.c.db
      .insertInto(table)
      .values({ cohort_id: cohortId, user_id: userId, since: at })
      .onConflict((oc) => oc.columns(["cohort_id", "user_id"]).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  private async remove(table: People, cohortId: string, userId: string) {
    const result = await this.c.db
      .deleteFrom(table)
      .where("cohort_id", "=", cohortId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return changed(result) > 0;
  }

  private async people(table: People, cohortId: string): Promise<CohortPerson[]> {
    const db = this.c.db;
    const rows = await db
      .selectFrom(as(table))
      .innerJoin("users", "users.id", "p.user_id")
      .select([
        "p.user_id",
        "p.since",
        "users.email",
        "users.display_name",
        "users.role",
        lastActiveAt(db),
      ])
      .where("p.cohort_id", "=", cohortId)
      .orderBy((eb) => eb.fn("lower", ["users.display_name"]))
      .orderBy("users.id")
      .execute();
    return rows.map(toCohortPerson);
  }
}

export class KyselyCommentRepo implements CommentRepo {
  constructor(private readonly c: KyselyContext) {}

  async add(x: LineComment): Promise<void> {
    await this.c.db
      .insertInto("submission_comments")
      .values({
        id: x.id,
        submission_id: x.submissionId,
        author_id: x.authorId,
        file: x.file,
        line: x.line,
        body: x.text,
        created_at: x.createdAt,
        seen_at: x.seenAt,
      })
      .execute();
  }

  /** Comments with their author's name and the submission's exercise and learner. */
  private views() {
    return this.c.db
      .selectFrom("submission_comments as c")
      .innerJoin("submissions as s", "s.id", "c.submission_id")
      .leftJoin("users as a", "a.id", "c.author_id")
      .select([
        "c.id",
        "c.submission_id",
        "c.author_id",
        "c.file",
        "c.line",
        "c.body",
        "c.created_at",
        "c.seen_at",
        "a.display_name as author_name",
        "s.exercise_id",
        "s.user_id as learner_id",
      ]);
  }

  async forSubmission(submissionId: string): Promise<LineCommentView[]> {
    const rows = await this.views()
      .where("c.submission_id", "=", submissionId)
      .orderBy("c.file")
      .orderBy("c.line")
      .orderBy("c.created_at")
      .orderBy("c.id")
      .execute();
    return rows.map(toCommentView);
  }

  async forLearner(learnerId: string, limit: number): Promise<LineCommentView[]> {
    const rows = await this.views()
      .where("s.user_id", "=", learnerId)
      .orderBy("c.created_at", "desc")
      .orderBy("c.id", "desc")
      .limit(limit)
      .execute();
    return rows.map(toCommentView);
  }

  async unseenCount(learnerId: string): Promise<number> {
    const row = await this.c.db
      .selectFrom("submission_comments as c")
      .innerJoin("submissions as s", "s.id", "c.submission_id")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("s.user_id", "=", learnerId)
      .where("c.seen_at", "is", null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async markSeen(learnerId: string, at: string, ids?: string[]): Promise<number> {
    if (ids?.length === 0) return 0;
    let update = this.c.db
      .updateTable("submission_comments")
      .set({ seen_at: at })
      .where("seen_at", "is", null)
      .where("submission_id", "in", (eb) =>
        eb.selectFrom("submissions").select("id").where("user_id", "=", learnerId),
      );
    if (ids !== undefined) update = update.where("id", "in", ids);
    return changed(await update.executeTakeFirst());
  }
}
