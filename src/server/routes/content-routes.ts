/** Reading content: courses (with the caller's locks and progress), lessons, exercises, hints. */
import type { FastifyInstance } from "fastify";
import { httpAppOf, xpFor } from "../../core/exercise.js";
import type { SourceFile } from "../../runners/runner.js";
import type { RouteContext } from "../app.js";
import type { CatalogExercise } from "../catalog.js";
import { projectItem, stageLocked } from "./project-routes.js";
import { forbidden, HttpError, notFound } from "../errors.js";
import { splitHints } from "../../core/hints.js";

export { splitHints } from "../../core/hints.js";

/**
 * What may be shown before passing: never a file under `.meta/` (hidden grading tests, the
 * write-tests kind's buggy variants and equivalents, the reference), whatever a config lists.
 */
const open = (files: SourceFile[]) => files.filter((f) => !/^\.meta(\/|$)/.test(f.path));

function unlocked(prerequisites: string[], passed: Set<string>): boolean {
  return prerequisites.every((p) => passed.has(p));
}

export function registerContentRoutes(app: FastifyInstance, ctx: RouteContext): void {
  async function passedIds(userId: string | null): Promise<Set<string>> {
    if (!userId) return new Set();
    const rows = await ctx.store.progress.listForUser(userId);
    return new Set(rows.filter((r) => r.state === "passed").map((r) => r.exerciseId));
  }

  function exerciseFor(id: string): CatalogExercise {
    const found = ctx.catalog.exercise(id);
    if (!found) throw notFound(`exercise ${JSON.stringify(id)}`);
    return found;
  }

  app.get("/api/courses", async () => ({
    courses: ctx.catalog.courses.map((c) => ({
      id: c.meta.id,
      title: c.meta.title,
      description: c.meta.description,
      modules: c.modules.length,
      exercises: c.modules.reduce((n, m) => n + m.exercises.length, 0),
    })),
  }));

  app.get<{ Params: { id: string } }>("/api/courses/:id", async (request) => {
    const course = ctx.catalog.course(request.params.id);
    if (!course) throw notFound(`course ${JSON.stringify(request.params.id)}`);
    const auth = await ctx.optionalUser(request);
    const progress = auth ? await ctx.store.progress.listForUser(auth.user.id) : [];
    const byId = new Map(progress.map((p) => [p.exerciseId, p]));
    const passed = new Set(progress.filter((p) => p.state === "passed").map((p) => p.exerciseId));
    return {
      id: course.meta.id,
      title: course.meta.title,
      description: course.meta.description,
      modules: course.modules.map((mod) => ({
        id: mod.meta.id,
        title: mod.meta.title,
        summary: mod.meta.summary,
        items: mod.meta.items.map((item) => {
          if ("lesson" in item) {
            const lesson = mod.lessons.find((l) => l.slug === item.lesson)!;
            return {
              type: "lesson",
              id: lesson.meta.id,
              title: lesson.meta.title,
              minutes: lesson.meta.minutes,
              concepts: lesson.meta.concepts,
            };
          }
          if ("project" in item) {
            const project = mod.projects.find((p) => p.meta.id.endsWith(`/${item.project}`))!;
            return projectItem(project, byId, passed);
          }
          const ex = mod.exercises.find((e) => e.meta!.id.endsWith(`/${item.exercise}`))!;
          const meta = ex.meta!;
          return {
            type: "exercise",
            id: meta.id,
            title: meta.title,
            kind: meta.kind,
            difficulty: meta.difficulty,
            minutes: meta.estimatedMinutes,
            capstone: item.capstone === true,
            locked: !unlocked(meta.prerequisites, passed),
            state: byId.get(meta.id)?.state ?? "not-started",
            prerequisites: meta.prerequisites,
            concepts: meta.concepts,
          };
        }),
      })),
    };
  });

  app.get<{ Params: { course: string; slug: string } }>(
    "/api/lessons/:course/:slug",
    async (request) => {
      const found = ctx.catalog.lesson(`${request.params.course}/${request.params.slug}`);
      if (!found) throw notFound("lesson");
      const { lesson } = found;
      return {
        id: lesson.meta.id,
        title: lesson.meta.title,
        minutes: lesson.meta.minutes,
        concepts: lesson.meta.concepts,
        markdown: lesson.body,
      };
    },
  );

  app.get<{ Params: { course: string; slug: string } }>(
    "/api/exercises/:course/:slug",
    async (request) => {
      const id = `${request.params.course}/${request.params.slug}`;
      const { exercise, courseId, moduleId } = exerciseFor(id);
      const meta = exercise.meta!;
      const auth = await ctx.optionalUser(request);
      const passed = await passedIds(auth?.user.id ?? null);
      const progress = auth ? await ctx.store.progress.get(auth.user.id, id) : null;
      const draft = auth ? await ctx.store.drafts.get(auth.user.id, id) : null;
      const solved = passed.has(id);
      const locked = !unlocked(meta.prerequisites, passed);
      // A locked project stage: its ticket and tests stay closed here too (as on the project).
      const closed = exercise.project !== undefined && stageLocked(exercise, passed);
      return {
        id,
        courseId,
        moduleId,
        title: meta.title,
        kind: meta.kind,
        difficulty: meta.difficulty,
        concepts: meta.concepts,
        estimatedMinutes: meta.estimatedMinutes,
        runtimes: meta.runtimes,
        runtimeNote: meta.runtimeNote ?? null,
        xp: xpFor(meta),
        prerequisites: meta.prerequisites,
        locked,
        instructions: closed ? null : exercise.instructions,
        hintCount: splitHints(exercise.hints).length,
        solutionFiles: exercise.config.files.solution,
        app: closed
          ? null
          : httpAppOf(meta, exercise.config.files.solution, {
              starter: exercise.stub,
              tests: exercise.tests,
            }),
        starter: open(exercise.stub),
        tests: closed || meta.kind === "write-tests" ? [] : open(exercise.tests),
        support: closed ? [] : open(exercise.support),
        draft: draft
          ? { files: draft.files, version: draft.version, updatedAt: draft.updatedAt }
          : null,
        progress: progress ?? null,
        reference: solved ? exercise.reference : null,
      };
    },
  );

  app.get<{ Params: { course: string; slug: string; n: string } }>(
    "/api/exercises/:course/:slug/hints/:n",
    async (request) => {
      const { exercise } = exerciseFor(`${request.params.course}/${request.params.slug}`);
      const hints = splitHints(exercise.hints);
      if (exercise.project) {
        // A locked stage's hints would tell its ticket: they open with the stage.
        const auth = await ctx.optionalUser(request);
        if (stageLocked(exercise, await passedIds(auth?.user.id ?? null)))
          throw forbidden("this stage is locked: pass the stage before it first");
      }
      const n = Number(request.params.n);
      if (!Number.isInteger(n) || n < 1 || n > hints.length) {
        throw notFound(`hint ${request.params.n} (this exercise has ${hints.length})`);
      }
      // The first hint is open content like the instructions; the rest are for learners.
      if (n > 1 && !(await ctx.optionalUser(request))) {
        throw new HttpError(
          401,
          "unauthorized",
          "sign in to see more hints: the first hint is public, the others are for signed-in learners",
        );
      }
      return { hint: hints[n - 1], shown: n, total: hints.length };
    },
  );

  app.get<{ Params: { course: string; slug: string } }>(
    "/api/exercises/:course/:slug/solutions",
    async (request) => {
      const auth = await ctx.requireUser(request);
      const id = `${request.params.course}/${request.params.slug}`;
      exerciseFor(id);
      const progress = await ctx.store.progress.get(auth.user.id, id);
      if (progress?.state !== "passed")
        throw forbidden("other learners' solutions are shown after you pass this exercise");
      const subs = await ctx.store.submissions.passingForExercise(id, auth.user.id, 10);
      return { solutions: subs.map((s) => ({ id: s.id, files: s.files, createdAt: s.createdAt })) };
    },
  );
}
