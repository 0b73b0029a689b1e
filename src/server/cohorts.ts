/**
 * Cohorts and instructors (issue #18): a class with an invite code, its instructors (mentors or
 * admins) and members; the instructor's view of the class (a progress grid, where learners are
 * stuck, a learner's submissions), its CSV export, and line comments on submissions.
 *
 * Who may do what, checked here for every use case (routes/cohort-routes.ts stays thin):
 * - admins: every cohort; create cohorts, assign and remove instructors;
 * - mentors (the instructor role): create cohorts (they become its instructor) and see and
 *   manage only the cohorts they teach (403 on any other);
 * - everyone signed in: join with a code, leave, read the comments on their own submissions.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";
import type {
  Cohort,
  CohortPerson,
  ExerciseProgress,
  LineCommentView,
  Store,
  Submission,
  User,
} from "../storage/store.js";
import { ConflictError } from "../storage/store.js";
import type { ContentCatalog } from "./catalog.js";
import { forbidden, HttpError, notFound } from "./errors.js";
import { learnerResult } from "./submissions.js";

/** 31 letters and digits without look-alikes (0/O, 1/I/L): 12 of them are 59 random bits. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const INVITE_CODE_LENGTH = 12;

/** A fresh invite code (upper-case, no dashes); bytes of 248 and up are skipped, so no bias. */
export function newInviteCode(): string {
  let code = "";
  while (code.length < INVITE_CODE_LENGTH) {
    for (const byte of randomBytes(INVITE_CODE_LENGTH * 2)) {
      if (byte >= 248) continue; // 248 = 8 * 31: keeps every letter equally likely
      code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
      if (code.length === INVITE_CODE_LENGTH) break;
    }
  }
  return code;
}

/** What a learner typed, as stored: dashes and spaces dropped, upper-case. */
export const normalizeCode = (typed: string): string => typed.replace(/[\s-]/g, "").toUpperCase();

/** ABCD-EFGH-JKMN, easier to read out to a class. */
export const displayCode = (code: string): string => code.replace(/(.{4})(?=.)/g, "$1-");

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD");
const moduleIds = z.array(z.string().min(1).max(100)).max(200);

export const cohortCreateSchema = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(100),
  startDate: day.nullable().optional(),
  openModules: moduleIds.nullable().optional(),
});

export const cohortPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1, "must not be empty").max(100).optional(),
    startDate: day.nullable().optional(),
    openModules: moduleIds.nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, "send name, startDate or openModules");

export const instructorSchema = z.strictObject({ email: z.string().trim().min(3).max(320) });
export const joinSchema = z.strictObject({ code: z.string().min(1).max(64) });
export const commentSchema = z.strictObject({
  file: z.string().min(1).max(200),
  line: z.number().int().min(1),
  text: z.string().trim().min(1, "must not be empty").max(4000),
});
export const seenSchema = z.strictObject({ ids: z.array(z.string().max(100)).max(500).optional() });

export type CellState = "passed" | "attempted" | "not-started";

/** A cell of the grid from a progress row ("started" has no submission yet: not started). */
export const cellState = (p: ExerciseProgress | undefined): CellState =>
  p?.state === "passed" ? "passed" : p && p.attempts > 0 ? "attempted" : "not-started";

const isStaff = (user: User) => user.role === "admin" || user.role === "mentor";

/** The exercises of the catalog in course order, with their module. */
function courseExercises(catalog: ContentCatalog) {
  return catalog.courses.flatMap((course) =>
    course.modules.flatMap((mod) =>
      mod.exercises.map((e) => ({
        id: e.meta!.id,
        title: e.meta!.title,
        moduleId: mod.meta.id,
        moduleTitle: mod.meta.title,
      })),
    ),
  );
}

export interface CohortOverview {
  cohort: ReturnType<typeof presentCohort>;
  instructors: CohortPerson[];
  modules: { id: string; title: string }[];
  exercises: { id: string; title: string; moduleId: string }[];
  learners: (CohortPerson & { passed: number; attempted: number; inactiveDays: number | null })[];
  /** learner id -> exercise id -> state (not-started cells are left out). */
  grid: Record<string, Record<string, CellState>>;
  stuck: {
    exercises: { exerciseId: string; title: string; failures: number; learners: number }[];
    inactive: { userId: string; displayName: string; lastActiveAt: string | null }[];
    inactiveDays: number;
    minFailures: number;
  };
}

export function presentCohort(c: Cohort, origin?: string) {
  return {
    id: c.id,
    name: c.name,
    inviteCode: c.inviteCode ? displayCode(c.inviteCode) : null,
    joinUrl: c.inviteCode && origin ? `${origin}/#/join/${displayCode(c.inviteCode)}` : null,
    startDate: c.startDate,
    openModules: c.openModules,
    createdAt: c.createdAt,
  };
}

/** A comment as the API shows it. */
export const presentComment = (c: LineCommentView) => ({
  id: c.id,
  submissionId: c.submissionId,
  exerciseId: c.exerciseId,
  file: c.file,
  line: c.line,
  text: c.text,
  author: c.authorName,
  createdAt: c.createdAt,
  seenAt: c.seenAt,
});

export class Cohorts {
  constructor(
    private readonly store: Store,
    private readonly catalog: ContentCatalog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The cohort, if the user may teach it: admins any, mentors theirs; others 403. */
  async teachable(user: User, cohortId: string): Promise<Cohort> {
    if (!isStaff(user)) throw forbidden("this is for instructors only");
    const cohort = await this.store.cohorts.byId(cohortId);
    if (
      user.role !== "admin" &&
      !(cohort && (await this.store.cohorts.isInstructor(cohort.id, user.id)))
    )
      throw forbidden("you are not an instructor of this cohort");
    if (!cohort) throw notFound("cohort");
    return cohort;
  }

  requireAdmin(user: User): void {
    if (!isStaff(user)) throw forbidden("this is for instructors only");
    if (user.role !== "admin") throw forbidden("only an admin can assign instructors");
  }

  async list(user: User): Promise<Cohort[]> {
    if (!isStaff(user)) throw forbidden("this is for instructors only");
    return user.role === "admin"
      ? this.store.cohorts.list()
      : this.store.cohorts.listForInstructor(user.id);
  }

  async create(user: User, input: z.infer<typeof cohortCreateSchema>): Promise<Cohort> {
    if (!isStaff(user)) throw forbidden("this is for instructors only");
    this.checkModules(input.openModules ?? null);
    const at = this.now().toISOString();
    const cohort: Cohort = {
      id: randomUUID(),
      name: input.name,
      inviteCode: newInviteCode(),
      startDate: input.startDate ?? null,
      openModules: input.openModules ?? null,
      createdBy: user.id,
      createdAt: at,
    };
    await this.store.transaction(async (tx) => {
      await tx.cohorts.create(cohort);
      // A mentor teaches what they create; an admin assigns instructors afterwards.
      if (user.role === "mentor") await tx.cohorts.addInstructor(cohort.id, user.id, at);
      await this.log(tx, user, "cohort.create", null, { cohortId: cohort.id, name: cohort.name });
    });
    return cohort;
  }

  async update(
    user: User,
    cohortId: string,
    patch: z.infer<typeof cohortPatchSchema>,
  ): Promise<Cohort> {
    const cohort = await this.teachable(user, cohortId);
    if (patch.openModules !== undefined) this.checkModules(patch.openModules);
    const next: Cohort = {
      ...cohort,
      name: patch.name ?? cohort.name,
      startDate: patch.startDate !== undefined ? patch.startDate : cohort.startDate,
      openModules: patch.openModules !== undefined ? patch.openModules : cohort.openModules,
    };
    await this.store.transaction(async (tx) => {
      await tx.cohorts.update(next);
      await this.log(tx, user, "cohort.update", null, { cohortId: cohort.id, ...patch });
    });
    return next;
  }

  /** A new invite code (the old one stops working) or, with `enabled` false, no code at all. */
  async setInvite(user: User, cohortId: string, enabled: boolean): Promise<Cohort> {
    const cohort = await this.teachable(user, cohortId);
    for (let attempt = 0; ; attempt++) {
      const next = { ...cohort, inviteCode: enabled ? newInviteCode() : null };
      try {
        await this.store.transaction(async (tx) => {
          await tx.cohorts.update(next);
          await this.log(tx, user, enabled ? "cohort.invite-new" : "cohort.invite-off", null, {
            cohortId: cohort.id,
          });
        });
        return next;
      } catch (error) {
        // 59 random bits collide about never; retry a couple of times anyway.
        if (!(error instanceof ConflictError) || attempt >= 2) throw error;
      }
    }
  }

  async remove(user: User, cohortId: string): Promise<void> {
    const cohort = await this.teachable(user, cohortId);
    await this.store.transaction(async (tx) => {
      await tx.cohorts.delete(cohort.id);
      await this.log(tx, user, "cohort.delete", null, { cohortId: cohort.id, name: cohort.name });
    });
  }

  async addInstructor(user: User, cohortId: string, email: string): Promise<CohortPerson[]> {
    this.requireAdmin(user);
    const cohort = await this.teachable(user, cohortId);
    const target = await this.store.users.byEmail(email);
    if (!target) throw notFound(`user ${JSON.stringify(email)}`);
    if (!isStaff(target))
      throw new HttpError(
        409,
        "not_instructor_role",
        `${target.email} is a ${target.role}: make them a mentor on the Admin page first`,
      );
    await this.store.transaction(async (tx) => {
      if (await tx.cohorts.addInstructor(cohort.id, target.id, this.now().toISOString()))
        await this.log(tx, user, "cohort.instructor-add", target.id, { cohortId: cohort.id });
    });
    return this.store.cohorts.instructors(cohort.id);
  }

  async removeInstructor(user: User, cohortId: string, userId: string): Promise<void> {
    this.requireAdmin(user);
    const cohort = await this.teachable(user, cohortId);
    await this.store.transaction(async (tx) => {
      if (!(await tx.cohorts.removeInstructor(cohort.id, userId))) throw notFound("instructor");
      await this.log(tx, user, "cohort.instructor-remove", userId, { cohortId: cohort.id });
    });
  }

  async removeMember(user: User, cohortId: string, userId: string): Promise<void> {
    const cohort = await this.teachable(user, cohortId);
    await this.store.transaction(async (tx) => {
      if (!(await tx.cohorts.removeMember(cohort.id, userId))) throw notFound("member");
      await this.log(tx, user, "cohort.member-remove", userId, { cohortId: cohort.id });
    });
  }

  /** Joins the cohort whose code this is (again: nothing changes). */
  async join(user: User, typed: string): Promise<{ cohort: Cohort; joined: boolean }> {
    const code = normalizeCode(typed);
    const cohort = code.length > 0 ? await this.store.cohorts.byInviteCode(code) : null;
    if (!cohort)
      throw new HttpError(
        404,
        "invalid_code",
        "this invite code is not valid, or joining is closed: check it with your instructor",
      );
    const joined = await this.store.cohorts.addMember(cohort.id, user.id, this.now().toISOString());
    return { cohort, joined };
  }

  async leave(user: User, cohortId: string): Promise<void> {
    if (!(await this.store.cohorts.removeMember(cohortId, user.id)))
      throw notFound("cohort membership");
  }

  myCohorts(user: User): Promise<Cohort[]> {
    return this.store.cohorts.listForMember(user.id);
  }

  /**
   * Why the user may not submit in this module, or null when they may: a learner in cohorts
   * that all list their open modules may submit only in a module one of them opened. Staff and
   * learners in no cohort (or in one without a list) may submit anywhere.
   */
  async closedModule(user: User, moduleId: string): Promise<string | null> {
    if (isStaff(user)) return null;
    const cohorts = await this.store.cohorts.listForMember(user.id);
    if (cohorts.length === 0 || cohorts.some((c) => c.openModules === null)) return null;
    if (cohorts.some((c) => c.openModules!.includes(moduleId))) return null;
    const names = cohorts.map((c) => c.name).join(", ");
    return `your cohort (${names}) has not opened this module yet: ask your instructor`;
  }

  async overview(
    user: User,
    cohortId: string,
    inactiveDays: number,
    minFailures: number,
    origin?: string,
  ): Promise<CohortOverview> {
    const cohort = await this.teachable(user, cohortId);
    const [instructors, members, progress, failures] = await Promise.all([
      this.store.cohorts.instructors(cohort.id),
      this.store.cohorts.members(cohort.id),
      this.store.cohorts.progress(cohort.id),
      this.store.cohorts.failures(cohort.id, 50),
    ]);
    const exercises = courseExercises(this.catalog);
    const titles = new Map(exercises.map((e) => [e.id, e.title]));
    const grid: CohortOverview["grid"] = {};
    for (const p of progress) {
      const state = cellState(p);
      if (state !== "not-started") (grid[p.userId] ??= {})[p.exerciseId] = state;
    }
    const nowMs = this.now().getTime();
    const daysSince = (t: string | null) =>
      t === null ? null : Math.floor((nowMs - Date.parse(t)) / 86_400_000);
    const learners = members.map((m) => {
      const cells = Object.values(grid[m.userId] ?? {});
      return {
        ...m,
        passed: cells.filter((s) => s === "passed").length,
        attempted: cells.filter((s) => s === "attempted").length,
        inactiveDays: daysSince(m.lastActiveAt),
      };
    });
    const modules = this.catalog.courses.flatMap((c) =>
      c.modules.map((m) => ({ id: m.meta.id, title: m.meta.title })),
    );
    return {
      cohort: presentCohort(cohort, origin),
      instructors,
      modules,
      exercises: exercises.map(({ id, title, moduleId }) => ({ id, title, moduleId })),
      learners,
      grid,
      stuck: {
        exercises: failures
          .filter((f) => f.failures >= minFailures)
          .map((f) => ({ ...f, title: titles.get(f.exerciseId) ?? f.exerciseId })),
        inactive: learners
          .filter((l) => l.inactiveDays === null || l.inactiveDays >= inactiveDays)
          .map((l) => ({
            userId: l.userId,
            displayName: l.displayName,
            lastActiveAt: l.lastActiveAt,
          })),
        inactiveDays,
        minFailures,
      },
    };
  }

  /** A member's submissions (newest first) with their code, verdicts and comments. */
  async learnerSubmissions(
    user: User,
    cohortId: string,
    learnerId: string,
    exerciseId: string | null,
  ) {
    const cohort = await this.teachable(user, cohortId);
    const learner = (await this.store.cohorts.members(cohort.id)).find(
      (m) => m.userId === learnerId,
    );
    if (!learner) throw notFound("learner in this cohort");
    const subs = await this.store.submissions.listForUser(learnerId, exerciseId, 50);
    const out = [];
    for (const s of subs)
      out.push({
        ...presentForInstructor(s, this.catalog),
        comments: (await this.store.comments.forSubmission(s.id)).map(presentComment),
      });
    return { learner, submissions: out };
  }

  /** An instructor's comment on one line of a member's submission (audit-logged). */
  async comment(
    user: User,
    cohortId: string,
    submissionId: string,
    input: z.infer<typeof commentSchema>,
  ) {
    const cohort = await this.teachable(user, cohortId);
    const submission = await this.store.submissions.byId(submissionId);
    const members = submission ? await this.store.cohorts.members(cohort.id) : [];
    if (!submission || !members.some((m) => m.userId === submission.userId))
      throw notFound("submission in this cohort");
    const file = submission.files.find((f) => f.path === input.file);
    if (!file)
      throw new HttpError(
        400,
        "unknown_file",
        `${input.file} is not in this submission: comment on ${submission.files.map((f) => f.path).join(", ")}`,
      );
    const lines = file.content.split("\n").length;
    if (input.line > lines)
      throw new HttpError(400, "unknown_line", `${input.file} has ${lines} lines`);
    const id = randomUUID();
    await this.store.transaction(async (tx) => {
      await tx.comments.add({
        id,
        submissionId,
        authorId: user.id,
        file: input.file,
        line: input.line,
        text: input.text,
        createdAt: this.now().toISOString(),
        seenAt: null,
      });
      await this.log(tx, user, "comment.add", submission.userId, {
        cohortId: cohort.id,
        submissionId,
        file: input.file,
        line: input.line,
      });
    });
    const stored = (await this.store.comments.forSubmission(submissionId)).find(
      (c) => c.id === id,
    )!;
    return presentComment(stored);
  }

  /** The CSV of the progress grid: one row per learner, one column per exercise. */
  async progressCsv(user: User, cohortId: string): Promise<{ name: string; csv: string }> {
    const o = await this.overview(user, cohortId, 7, 1);
    const header = [
      "learner",
      "email",
      "joined",
      "last active",
      "passed",
      "attempted",
      ...o.exercises.map((e) => e.id),
    ];
    const rows = o.learners.map((l) => [
      l.displayName,
      l.email,
      l.since,
      l.lastActiveAt ?? "",
      String(l.passed),
      String(l.attempted),
      ...o.exercises.map((e) => o.grid[l.userId]?.[e.id] ?? "not-started"),
    ]);
    const name =
      o.cohort.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "cohort";
    return { name: `${name}-progress.csv`, csv: toCsv([header, ...rows]) };
  }

  private checkModules(ids: string[] | null): void {
    if (ids === null) return;
    const known = new Set(this.catalog.courses.flatMap((c) => c.modules.map((m) => m.meta.id)));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new HttpError(400, "unknown_module", `no module ${unknown.join(", ")} in the course`);
  }

  private log(
    store: Store,
    actor: User,
    action: string,
    /** The user acted on (the admin page shows their email), if any. */
    targetId: string | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return store.audit.add({
      id: randomUUID(),
      at: this.now().toISOString(),
      actorId: actor.id,
      action,
      targetId,
      detail,
    });
  }
}

/**
 * A submission as an instructor sees it: the code too, and the verdict as its learner may see it
 * (a hidden test's code and values are no more an instructor's than a learner's; a verdict
 * stored before the worker redacted them is redacted here, as on the learner's routes).
 */
const presentForInstructor = (s: Submission, catalog: ContentCatalog) => {
  const result = learnerResult(s, catalog);
  return {
    id: s.id,
    exerciseId: s.exerciseId,
    status: s.status,
    verdict: result?.status ?? null,
    passed: result ? result.tests.filter((t) => t.status === "pass").length : null,
    total: result ? result.tests.length : null,
    message: result?.message ?? s.error,
    failures: (result?.tests ?? [])
      .filter((t) => t.status !== "pass")
      .slice(0, 5)
      .map((t) => ({ name: t.name, message: t.message })),
    files: s.files,
    createdAt: s.createdAt,
  };
};

/**
 * A CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. A cell
 * a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return) gets
 * a leading apostrophe, so it stays text.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const toCsv = (rows: string[][]): string =>
  rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
