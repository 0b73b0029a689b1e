/**
 * Projects (docs/course-format.md, "Projects"): a project with its stages as the caller may see
 * them, the project's draft (one folder for all stages), and the learner's code as a zip. A
 * stage is submitted, graded and tracked as the exercise `<project id>-stage-<n>` through the
 * learning routes.
 */
import type { FastifyInstance } from "fastify";
import { strToU8, zipSync } from "fflate";
import { z } from "zod";
import { effectiveLimits } from "../../core/grading.js";
import { checkProjectFiles, projectFileRules, stageXp } from "../../core/project.js";
import type { LoadedExercise } from "../../content/exercise-loader.js";
import type { LoadedProject } from "../../content/project-loader.js";
import type { ExerciseProgress } from "../../storage/store.js";
import type { RouteContext } from "../app.js";
import { HttpError, notFound } from "../errors.js";
import { parseBody } from "../http.js";
import { splitHints } from "./content-routes.js";
import { finishedProjects, hiddenExercises, PROFILE_HANDLE } from "../project-profile.js";

export const projectDraftSchema = z.strictObject({
  files: z
    .array(z.strictObject({ path: z.string().min(1).max(200), content: z.string() }))
    .min(1)
    .max(projectFileRules.maxFiles),
  expectedVersion: z.number().int().min(0).optional(),
});
type ProjectParams = { Params: { course: string; slug: string } };

type StageState = "not-started" | "attempted" | "passed";

/**
 * A stage is locked until the stages before it (its prerequisites) are passed; a locked stage is
 * a surprise to come, so its ticket, tests and hints open with it, through every route (this one
 * and the exercise routes a stage is also served by).
 */
export function stageLocked(exercise: LoadedExercise, passed: ReadonlySet<string>): boolean {
  return !(exercise.meta?.prerequisites ?? []).every((p) => passed.has(p));
}

function stageState(progress: ExerciseProgress | undefined): StageState {
  if (progress?.state === "passed") return "passed";
  return progress ? "attempted" : "not-started";
}

/** A project as an item of the course map. */
export function projectItem(
  project: LoadedProject,
  progress: Map<string, ExerciseProgress>,
  passed: Set<string>,
) {
  const stages = project.stages.map((s) => ({
    n: s.n,
    id: s.exercise.meta!.id,
    title: s.meta.title,
    state: stageState(progress.get(s.exercise.meta!.id)),
  }));
  const done = stages.filter((s) => s.state === "passed").length;
  return {
    type: "project" as const,
    id: project.meta.id,
    title: project.meta.title,
    summary: project.meta.summary,
    difficulty: project.meta.difficulty,
    minutes: project.meta.stages.reduce((n, s) => n + s.estimatedMinutes, 0),
    locked: !project.meta.prerequisites.every((p) => passed.has(p)),
    state:
      done === stages.length
        ? "passed"
        : stages.some((s) => s.state !== "not-started")
          ? "in-progress"
          : "not-started",
    prerequisites: project.meta.prerequisites,
    stages,
  };
}

export function registerProjectRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const projectFor = (p: { course: string; slug: string }) => {
    const found = ctx.catalog.project(`${p.course}/${p.slug}`);
    if (!found) throw notFound(`project ${JSON.stringify(`${p.course}/${p.slug}`)}`);
    return found;
  };
  const testPaths = (project: LoadedProject) =>
    project.stages.flatMap((s) => s.tests.map((t) => t.path));

  app.get<ProjectParams>("/api/projects/:course/:slug", async (request) => {
    const { project, courseId, moduleId } = projectFor(request.params);
    const auth = await ctx.optionalUser(request);
    const rows = auth ? await ctx.store.progress.listForUser(auth.user.id) : [];
    const progress = new Map(rows.map((r) => [r.exerciseId, r]));
    const passed = new Set(rows.filter((r) => r.state === "passed").map((r) => r.exerciseId));
    const draft = auth ? await ctx.store.drafts.get(auth.user.id, project.meta.id) : null;
    const meta = project.meta;
    return {
      id: meta.id,
      courseId,
      moduleId,
      title: meta.title,
      summary: meta.summary,
      difficulty: meta.difficulty,
      runtimes: meta.runtimes,
      runtimeNote: meta.runtimeNote ?? null,
      app: meta.app ?? null,
      prerequisites: meta.prerequisites,
      locked: !meta.prerequisites.every((p) => passed.has(p)),
      fileRules: projectFileRules,
      // What a grade of any stage may use (the CLI's and the page's runs use the same).
      limits: effectiveLimits(project.stages[0]!.exercise.meta),
      starter: project.starter,
      stages: project.stages.map((s) => {
        const id = s.exercise.meta!.id;
        const locked = stageLocked(s.exercise, passed);
        const row = progress.get(id);
        return {
          n: s.n,
          id,
          slug: s.meta.slug,
          title: s.meta.title,
          estimatedMinutes: s.meta.estimatedMinutes,
          concepts: s.meta.concepts,
          runtimes: s.exercise.meta!.runtimes,
          xp: stageXp(meta, s.n),
          hintCount: splitHints(s.hints).length,
          locked,
          state: stageState(row),
          passedAt: row?.firstPassedAt ?? null,
          // A locked stage is a surprise to come: its ticket and tests open with it.
          instructions: locked ? null : s.instructions,
          tests: locked ? [] : s.tests.map((t) => ({ path: t.path, content: t.content })),
          // Never the hidden tests; the reference once the learner has passed the stage.
          reference: row?.state === "passed" ? s.reference : null,
        };
      }),
      draft: draft
        ? { files: draft.files, version: draft.version, updatedAt: draft.updatedAt }
        : null,
    };
  });

  app.get<ProjectParams>("/api/projects/:course/:slug/draft", async (request) => {
    const auth = await ctx.requireUser(request);
    const { project } = projectFor(request.params);
    const draft = await ctx.store.drafts.get(auth.user.id, project.meta.id);
    if (!draft) throw notFound("draft");
    return { files: draft.files, version: draft.version, updatedAt: draft.updatedAt };
  });

  app.put<ProjectParams>("/api/projects/:course/:slug/draft", async (request) => {
    const auth = await ctx.requireUser(request);
    const { project } = projectFor(request.params);
    const input = parseBody(projectDraftSchema, request.body);
    const problem = checkProjectFiles(input.files, testPaths(project));
    if (problem) throw new HttpError(400, "invalid_project_files", problem);
    const saved = await ctx.store.drafts.save(
      auth.user.id,
      project.meta.id,
      input.files,
      ctx.now().toISOString(),
      input.expectedVersion,
    );
    if (!saved) {
      const current = await ctx.store.drafts.get(auth.user.id, project.meta.id);
      throw new HttpError(
        409,
        "draft_conflict",
        `the draft changed elsewhere (now version ${current?.version ?? 0}); fetch it and merge`,
      );
    }
    return { version: saved.version, updatedAt: saved.updatedAt };
  });

  app.get<ProjectParams>("/api/projects/:course/:slug/download", async (request, reply) => {
    const auth = await ctx.requireUser(request);
    const { project } = projectFor(request.params);
    const found = await latestPassingCode(ctx, auth.user.id, project);
    if (!found)
      throw notFound("a passed stage of this project: pass stage 1 to download your code");
    const slug = project.meta.id.split("/")[1]!;
    return reply
      .header("content-type", "application/zip")
      .header("content-disposition", `attachment; filename="${slug}-stage-${found.stage}.zip"`)
      .send(Buffer.from(zipProject(slug, found.files)));
  });

  // A finished project's code, from a public profile: only while the profile is public and
  // every stage of the project is passed.
  app.get<{ Params: { handle: string; course: string; slug: string } }>(
    "/api/profiles/:handle/projects/:course/:slug/download",
    async (request, reply) => {
      const { project } = projectFor(request.params);
      const handle = request.params.handle.toLowerCase();
      const userId = PROFILE_HANDLE.test(handle)
        ? await ctx.store.profiles.publicUserId(handle)
        : null;
      if (!userId) throw notFound("profile");
      const [progress, hidden] = await Promise.all([
        ctx.store.progress.listForUser(userId),
        ctx.store.profiles.hidden(userId),
      ]);
      const finished = finishedProjects(
        ctx.catalog,
        progress,
        handle,
        hiddenExercises(hidden),
      ).some((p) => p.id === project.meta.id);
      if (!finished) throw notFound("a finished project of this name on this profile");
      const found = await latestPassingCode(ctx, userId, project);
      if (!found) throw notFound("the project's code");
      const slug = project.meta.id.split("/")[1]!;
      return reply
        .header("content-type", "application/zip")
        .header("content-disposition", `attachment; filename="${slug}.zip"`)
        .send(Buffer.from(zipProject(slug, found.files)));
    },
  );
}

/** The learner's code from their latest passing submission of the highest passed stage. */
export async function latestPassingCode(
  ctx: RouteContext,
  userId: string,
  project: LoadedProject,
): Promise<{ stage: number; files: { path: string; content: string }[] } | null> {
  for (const stage of [...project.stages].reverse()) {
    const subs = await ctx.store.submissions.listForUser(userId, stage.exercise.meta!.id, 50);
    const pass = subs.find((s) => s.status === "graded" && s.result?.status === "pass");
    if (pass) return { stage: stage.n, files: pass.files };
  }
  return null;
}

/** A zip with the files under one top folder (`shortlinks/...`). */
export function zipProject(top: string, files: { path: string; content: string }[]): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const f of files) entries[`${top}/${f.path}`] = strToU8(f.content);
  return zipSync(entries, { level: 6 });
}
