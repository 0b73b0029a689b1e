/** The learner's own data: drafts, submissions (and waiting for their verdict), progress. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { xpToNextLevel } from "../../core/progress.js";
import type { RouteContext } from "../app.js";
import { HttpError, notFound } from "../errors.js";
import { parseBody } from "../http.js";
import { checkExerciseFiles, presentSubmission, submit, submitSchema } from "../submissions.js";

export const draftSchema = z.strictObject({
  files: z.array(z.strictObject({ path: z.string().min(1).max(200), content: z.string() })).min(1),
  expectedVersion: z.number().int().min(0).optional(),
});
export const runSchema = z.strictObject({
  files: z.array(z.strictObject({ path: z.string().min(1).max(200), content: z.string() })).min(1),
});
/** `?exercise=` once, a string (repeated, it was an array that reached the database). */
const submissionsQuery = z.object({ exercise: z.string().max(200).optional() });
type ExerciseParams = { Params: { course: string; slug: string } };

export function registerLearningRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const exerciseId = (p: { course: string; slug: string }) => {
    const id = `${p.course}/${p.slug}`;
    if (!ctx.catalog.exercise(id)) throw notFound(`exercise ${JSON.stringify(id)}`);
    return id;
  };

  app.get<ExerciseParams>("/api/exercises/:course/:slug/draft", async (request) => {
    const auth = await ctx.requireUser(request);
    const draft = await ctx.store.drafts.get(auth.user.id, exerciseId(request.params));
    if (!draft) throw notFound("draft");
    return { files: draft.files, version: draft.version, updatedAt: draft.updatedAt };
  });

  app.put<ExerciseParams>("/api/exercises/:course/:slug/draft", async (request) => {
    const auth = await ctx.requireUser(request);
    const id = exerciseId(request.params);
    const input = parseBody(draftSchema, request.body);
    // The submission's rules: only the solution files, each once, a few, each bounded.
    checkExerciseFiles(ctx, ctx.catalog.exercise(id)!.exercise, input.files);
    const saved = await ctx.store.drafts.save(
      auth.user.id,
      id,
      input.files,
      ctx.now().toISOString(),
      input.expectedVersion,
    );
    if (!saved) {
      const current = await ctx.store.drafts.get(auth.user.id, id);
      throw new HttpError(
        409,
        "draft_conflict",
        `the draft changed elsewhere (now version ${current?.version ?? 0}); fetch it and merge`,
      );
    }
    return { version: saved.version, updatedAt: saved.updatedAt };
  });

  app.post<ExerciseParams>("/api/exercises/:course/:slug/submissions", async (request, reply) => {
    const auth = await ctx.requireUser(request);
    const id = exerciseId(request.params);
    const input = parseBody(submitSchema, request.body);
    const header = request.headers["idempotency-key"];
    const { submission, created } = await submit(
      ctx,
      auth.user,
      id,
      input,
      typeof header === "string" ? header : undefined,
    );
    return reply.status(created ? 202 : 200).send(presentSubmission(submission, ctx.catalog));
  });

  // The page's Run, graded here while the learner's browser is still starting Python: nothing is
  // stored, nothing counts, only spare graders (quick-runs.ts, decision 0016).
  app.post<ExerciseParams>("/api/exercises/:course/:slug/runs", async (request, reply) => {
    const auth = await ctx.requireUser(request);
    const id = exerciseId(request.params);
    const input = parseBody(runSchema, request.body);
    const { exercise } = ctx.catalog.exercise(id)!;
    checkExerciseFiles(ctx, exercise, input.files);
    // A page that went away takes its run with it.
    const gone = new AbortController();
    reply.raw.once("close", () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    const result = await ctx.quickRuns.run(auth.user.id, exercise, input.files, gone.signal);
    return { result, runtime: "server" as const };
  });

  app.get<{ Params: { id: string }; Querystring: { wait?: string } }>(
    "/api/submissions/:id",
    async (request) => {
      const auth = await ctx.requireUser(request);
      const waitSeconds = Math.min(Math.max(Number(request.query.wait ?? 0) || 0, 0), 30);
      const deadline = Date.now() + waitSeconds * 1000;
      for (;;) {
        const submission = await ctx.store.submissions.byId(request.params.id);
        if (!submission || submission.userId !== auth.user.id) throw notFound("submission");
        const settled = submission.status === "graded" || submission.status === "infra-error";
        if (settled || Date.now() >= deadline) return presentSubmission(submission, ctx.catalog);
        // Woken at once when this process's worker stores it; else looked up again in 25 ms.
        await ctx.verdicts.wait(submission.id, 25);
      }
    },
  );

  app.get("/api/submissions", async (request) => {
    const auth = await ctx.requireUser(request);
    const { exercise } = parseBody(submissionsQuery, request.query);
    const subs = await ctx.store.submissions.listForUser(auth.user.id, exercise ?? null, 50);
    return { submissions: subs.map((s) => presentSubmission(s, ctx.catalog)) };
  });

  app.get("/api/progress", async (request) => {
    const auth = await ctx.requireUser(request);
    const [exercises, stats] = await Promise.all([
      ctx.store.progress.listForUser(auth.user.id),
      ctx.store.progress.stats(auth.user.id),
    ]);
    const from = new Date(ctx.now().getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
    return {
      stats: { ...stats, ...xpToNextLevel(stats.xp) },
      exercises,
      activity: await ctx.store.progress.activity(auth.user.id, from),
    };
  });
}
