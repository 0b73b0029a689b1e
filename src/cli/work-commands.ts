/** `pydojo test | submit | status | history | open` inside (or about) a pulled exercise. */
import { randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { ApiSubmission, PydojoClient } from "../client/api-client.js";
import { countStatuses, gradeResultSchema, type GradeResult } from "../core/result.js";
import { combineWriteTestsRuns } from "../core/write-tests.js";
import { createRunner } from "../runners/create-runner.js";
import { DEFAULT_LIMITS, RunnerUnavailableError, type GradeJob } from "../runners/runner.js";
import { parse, UsageError } from "./args.js";
import {
  findExerciseRoot,
  NotAnExerciseError,
  readFiles,
  readState,
  STATE_FILE,
} from "./exercise-folder.js";
import { commentLine, newComments } from "./comment-notice.js";
import { formatResult, makeStyle } from "./format-result.js";
import {
  runProjectHistory,
  runProjectStatus,
  runProjectSubmit,
  runProjectTest,
} from "./project-commands.js";
import { findProjectRoot, readProjectState } from "./project-folder.js";
import { call, CliError, connect } from "./remote.js";
import { checkExerciseId, RefusedError } from "./safe-fs.js";
import { brief, clean } from "./sanitize.js";
import { fetchCourse, fetchCourses, fetchProgress } from "./server-data.js";
import { interactive, spinner } from "./terminal.js";

const MAX_FILE_BYTES = 64 * 1024;
const style = () => makeStyle(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
export const TEST_RUNNERS = ["local", "sandbox"] as const;

/** Exit status of `pydojo test`: like pytest, 0 only when every test passed. */
export const testExitCode = (result: GradeResult) => (result.status === "pass" ? 0 : 1);

export async function runTest(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: "boolean" },
    python: { type: "string" },
    runner: { type: "string", short: "r" },
    stage: { type: "string" },
    seed: { type: "string" },
  });
  if (positionals.length > 1) throw new UsageError("expected at most one exercise folder");
  const projectRoot = findProjectRoot(positionals[0] ?? ".");
  if (projectRoot) return runProjectTest(projectRoot, values);
  if (values.stage !== undefined || values.seed !== undefined)
    throw new UsageError("--stage and --seed are for project folders");
  const runnerName = values.runner ?? "local";
  if (!(TEST_RUNNERS as readonly string[]).includes(runnerName))
    throw new UsageError(
      `unknown runner '${runnerName}' for pydojo test: choose local (your own Python, the default) or sandbox (bubblewrap)`,
    );
  const root = findExerciseRoot(positionals[0] ?? ".");
  const state = await readState(root);
  const learner = await readFiles(root, state.solutionFiles);
  const missing = state.solutionFiles.filter((f) => !learner.some((l) => l.path === f));
  if (missing.length)
    throw new CliError(
      `missing ${missing.join(", ")} in ${root}: restore it or run 'pydojo pull ${state.id}'`,
    );
  const support = await readFiles(root, state.supportFiles);
  const job: GradeJob =
    state.kind === "write-tests"
      ? {
          tests: learner,
          solution: support,
          solutionModules: state.solutionModules.filter(
            (m) => !state.solutionFiles.some((f) => f.startsWith(m)),
          ),
          limits: DEFAULT_LIMITS,
        }
      : {
          tests: await readFiles(root, state.testFiles),
          solution: [...learner, ...support],
          solutionModules: state.solutionModules,
          limits: DEFAULT_LIMITS,
        };
  let runner;
  try {
    runner = await createRunner(runnerName as (typeof TEST_RUNNERS)[number], {
      python: values.python,
      prestart: 0,
    });
  } catch (error) {
    if (error instanceof RunnerUnavailableError)
      throw new CliError(`the ${runnerName} runner is not available: ${error.message}`, 3);
    throw error;
  }
  try {
    let result = await runner.grade(job);
    if (state.kind === "write-tests") result = combineWriteTestsRuns([{ variant: null, result }]);
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else console.log(formatResult(state.title, result, style()));
    return testExitCode(result);
  } finally {
    await runner.close();
  }
}

/** A result from the server is shown only if it has the shape of one. */
export function checkResult(result: unknown, server: string): GradeResult {
  const parsed = gradeResultSchema.safeParse(result);
  if (!parsed.success)
    throw new RefusedError(`the server ${server} sent a verdict that is not a valid result`);
  return parsed.data;
}

/** Ctrl+C while waiting for a verdict: the submission stays on the server; say where to find it. */
export function onInterrupt(getId: () => string | null, exerciseId: string, json: boolean) {
  const handler = () => {
    const id = getId();
    process.stderr.write(
      id
        ? `\nInterrupted. Your submission was sent and is graded on the server anyway; see its verdict later with 'pydojo history ${exerciseId}'.\n`
        : `\nInterrupted before the server answered. It may still have received your submission: check with 'pydojo history ${exerciseId}'.\n`,
    );
    if (json) process.stdout.write(JSON.stringify({ interrupted: true, submission: id }) + "\n");
    process.exit(130);
  };
  process.once("SIGINT", handler);
  return () => process.off("SIGINT", handler);
}

export async function runSubmit(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
  if (positionals.length > 1) throw new UsageError("expected at most one exercise folder");
  const projectRoot = findProjectRoot(positionals[0] ?? ".");
  if (projectRoot) return runProjectSubmit(projectRoot, Boolean(values.json));
  const root = findExerciseRoot(positionals[0] ?? ".");
  const state = await readState(root);
  const files = await readFiles(root, state.solutionFiles);
  for (const name of state.solutionFiles) {
    const file = files.find((f) => f.path === name);
    if (!file) throw new CliError(`cannot submit: ${name} is missing in ${root}`);
    if (Buffer.byteLength(file.content) > MAX_FILE_BYTES)
      throw new CliError(`cannot submit: ${name} is larger than 64 KB`);
  }
  const { client, config } = await connect();
  const before = await fetchProgress(client, config.server);
  const spin = spinner(
    "Grading on the server... (Ctrl+C stops waiting, not the grading)",
    interactive(values.json),
  );
  let submissionId: string | null = null;
  const release = onInterrupt(() => submissionId, state.id, Boolean(values.json));
  let done: ApiSubmission;
  try {
    const sub = await call(config.server, () => client.submit(state.id, files, randomUUID()));
    submissionId = sub.id;
    done = sub;
    for (let i = 0; i < 40 && (done.status === "queued" || done.status === "running"); i++) {
      done = await call(config.server, () => client.submission(sub.id, 5));
    }
  } finally {
    spin.stop();
    release();
  }
  if (done.status === "infra-error")
    throw new CliError(`the server could not grade it: ${brief(clean(String(done.error)))}`);
  if (!done.result)
    throw new CliError(
      `no verdict yet: the server is busy; see it later with 'pydojo history ${state.id}'`,
    );
  const result = checkResult(done.result, config.server);
  const after = await fetchProgress(client, config.server);
  const xpGained = Number(after.stats.xp) - Number(before.stats.xp);
  const unlocked = await newlyUnlocked(client, config.server, state.id, result.status === "pass");
  if (values.json) {
    console.log(JSON.stringify({ submission: done, xpGained, unlocked }, null, 2));
    return 0;
  }
  console.log(formatResult(state.title, result, style(), "graded on the server"));
  if (xpGained > 0)
    console.log(
      clean(
        `\n+${xpGained} XP (total ${String(after.stats.xp)}, level ${String(after.stats.level)})`,
      ),
    );
  if (unlocked.length)
    console.log(clean(`Unlocked next: ${unlocked.join(", ")}  (pydojo pull ${unlocked[0]})`));
  return 0;
}

async function newlyUnlocked(
  client: PydojoClient,
  server: string,
  id: string,
  passed: boolean,
): Promise<string[]> {
  if (!passed) return [];
  // A courtesy after the verdict: whatever goes wrong here (a server that answers oddly or not
  // at all) leaves it out, never the verdict already shown, and it asks about 50 items at most.
  try {
    const course = await fetchCourse(client, server, id.split("/")[0]!);
    const items = course.modules.flatMap((m) => m.items).filter((i) => i.type === "exercise");
    const found: string[] = [];
    for (const item of items.filter((i) => !i.locked && i.state !== "passed").slice(0, 50)) {
      const itemId = checkExerciseId(item.id, `the server ${server}`);
      const ex: unknown = await call(server, () => client.exercise(itemId));
      const prerequisites = (ex as { prerequisites?: unknown } | null)?.prerequisites;
      if (Array.isArray(prerequisites) && prerequisites.includes(id)) found.push(itemId);
    }
    return found;
  } catch {
    return [];
  }
}

/** Where a pulled exercise lives relative to the current folder, if it was pulled here. */
async function pulledFolder(id: string): Promise<string | null> {
  const workspaces = [process.cwd()];
  try {
    // Inside an exercise folder: its workspace is the folder minus the id's segments.
    const root = findExerciseRoot(".");
    const here = await readState(root);
    workspaces.push(path.resolve(root, ...here.id.split("/").map(() => "..")));
  } catch (error) {
    if (!(error instanceof NotAnExerciseError) && !(error instanceof RefusedError)) throw error;
  }
  for (const ws of workspaces) {
    const dir = path.join(ws, ...id.split("/"));
    if (existsSync(path.join(dir, STATE_FILE))) return path.relative(process.cwd(), dir) || ".";
  }
  return null;
}

export async function runStatus(args: string[]): Promise<number> {
  const { values } = parse(args, {
    course: { type: "string", short: "c" },
    json: { type: "boolean" },
  });
  const projectRoot = values.course === undefined ? findProjectRoot(".") : null;
  if (projectRoot) return runProjectStatus(projectRoot, Boolean(values.json));
  const { client, config } = await connect();
  const courseId = values.course ?? (await fetchCourses(client, config.server)).courses[0]?.id;
  if (!courseId) throw new CliError("this server has no course");
  const [course, progress] = [
    await fetchCourse(client, config.server, courseId),
    await fetchProgress(client, config.server),
  ];
  const comments = await call(config.server, () => newComments(client));
  const exercises = course.modules.flatMap((m) =>
    m.items.filter((i) => i.type === "exercise").map((i) => ({ ...i, module: m.title })),
  );
  const done = exercises.filter((e) => e.state === "passed");
  const inProgress = exercises.filter((e) => e.state === "attempted" || e.state === "started");
  const next = exercises.find((e) => !e.locked && e.state !== "passed");
  const nextFolder = next && isExerciseId(next.id) ? await pulledFolder(next.id) : null;
  const nextCommand = next
    ? nextFolder
      ? nextFolder === "."
        ? "pydojo test (in this folder)"
        : `cd ${nextFolder} && pydojo test`
      : `pydojo pull ${next.id}`
    : null;
  const summary = {
    course: course.id,
    done: done.length,
    total: exercises.length,
    inProgress: inProgress.map((e) => e.id),
    next: next?.id ?? null,
    nextFolder,
    nextCommand,
    xp: progress.stats.xp,
    level: progress.stats.level,
    streakDays: progress.stats.streakDays,
    newComments: comments.unseen,
    projects: course.modules.flatMap((m) =>
      m.items
        .filter((i) => i.type === "project")
        .map((i) => ({
          id: i.id,
          title: i.title,
          state: i.state ?? "not-started",
          stagesPassed: (i.stages ?? []).filter((s) => s.state === "passed").length,
          stages: (i.stages ?? []).length,
        })),
    ),
    modules: course.modules.map((m) => {
      const ex = m.items.filter((i) => i.type === "exercise");
      return {
        id: m.id,
        title: m.title,
        done: ex.filter((i) => i.state === "passed").length,
        total: ex.length,
      };
    }),
  };
  if (values.json) {
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  }
  const lines = [
    `${course.title}: ${done.length}/${exercises.length} exercises done · ${String(summary.xp)} XP · level ${String(summary.level)} · streak ${String(summary.streakDays)} day(s)\n`,
  ];
  for (const m of summary.modules)
    lines.push(`  ${m.done === m.total ? "✓" : " "} ${m.title.padEnd(34)} ${m.done}/${m.total}`);
  if (summary.projects.length)
    lines.push(
      `\nProjects: ${summary.projects.map((p) => `${p.title} ${p.stagesPassed}/${p.stages} stages`).join(" · ")}`,
    );
  if (inProgress.length) lines.push(`\nIn progress: ${inProgress.map((e) => e.id).join(", ")}`);
  lines.push(next ? `Next: ${next.title} — ${nextCommand}` : "\nEverything unlocked is done.");
  const notice = commentLine(comments);
  if (notice) lines.push(`\n${notice}`);
  console.log(clean(lines.join("\n")));
  return 0;
}

const isExerciseId = (id: unknown) => {
  try {
    checkExerciseId(id, "");
    return true;
  } catch {
    return false;
  }
};

export function summarize(sub: ApiSubmission): { verdict: string; tests: string } {
  if (sub.status !== "graded") return { verdict: sub.status, tests: "" };
  const parsed = gradeResultSchema.safeParse(sub.result);
  if (!parsed.success) return { verdict: "unreadable", tests: "" };
  const counts = countStatuses(parsed.data);
  return {
    verdict: parsed.data.status,
    tests: `${counts.pass}/${parsed.data.tests.length} tests passed`,
  };
}

export async function runHistory(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: "boolean" },
    all: { type: "boolean" },
  });
  if (positionals.length > 1) throw new UsageError("expected at most one exercise");
  const projectRoot = positionals[0] || values.all ? null : findProjectRoot(".");
  if (projectRoot) return runProjectHistory(projectRoot, Boolean(values.json));
  const { client, config } = await connect();
  let exercise: string | null = null;
  if (positionals[0]) {
    exercise = positionals[0].includes("/")
      ? positionals[0]
      : await idForSlug(client, config.server, positionals[0]);
  } else if (!values.all) {
    try {
      exercise = (await readState(findExerciseRoot("."))).id;
    } catch (error) {
      if (!(error instanceof NotAnExerciseError)) throw error;
    }
  }
  if (exercise !== null) checkExerciseId(exercise, "the command line");
  const { submissions } = await call(config.server, () =>
    client.submissions(exercise ?? undefined),
  );
  if (!Array.isArray(submissions))
    throw new RefusedError(`the server ${config.server} sent a malformed submission list`);
  const rows = [...submissions].sort((a, b) =>
    String(b.createdAt).localeCompare(String(a.createdAt)),
  );
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          exercise,
          submissions: rows.map((s) => ({
            id: s.id,
            exerciseId: s.exerciseId,
            status: s.status,
            verdict: summarize(s).verdict,
            createdAt: s.createdAt,
            gradedAt: s.gradedAt,
          })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  if (rows.length === 0) {
    console.log(
      exercise
        ? `No submissions for ${exercise} yet: 'pydojo submit' in its folder sends one.`
        : "No submissions yet.",
    );
    return 0;
  }
  const s = style();
  const lines = [
    clean(
      exercise ? `Submissions for ${exercise}, newest first:` : "Your submissions, newest first:",
    ),
  ];
  for (const sub of rows) {
    const { verdict, tests } = summarize(sub);
    const when = localTime(sub.createdAt);
    const paint =
      verdict === "pass" ? s.green : verdict === "fail" || verdict === "error" ? s.red : s.yellow;
    const what = exercise ? "" : `${clean(String(sub.exerciseId))}  `;
    lines.push(
      `  ${when}  ${paint(clean(verdict).toUpperCase().padEnd(11))} ${what}${tests}`.trimEnd(),
    );
  }
  console.log(lines.join("\n"));
  return 0;
}

/** `2026-03-02 12:15` in the learner's time zone (what the server sent, cleaned, if not a date). */
export function localTime(value: unknown): string {
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) return clean(String(value)).slice(0, 16);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

async function idForSlug(client: PydojoClient, server: string, slug: string): Promise<string> {
  const { courses } = await fetchCourses(client, server);
  for (const c of courses) {
    const course = await fetchCourse(client, server, c.id);
    const hit = course.modules
      .flatMap((m) => m.items)
      .find((i) => i.type === "exercise" && i.id.endsWith(`/${slug}`));
    if (hit) return hit.id;
  }
  throw new CliError(`no exercise '${slug}' on this server (use its full id, e.g. mini/add)`);
}

export async function runOpen(args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  const projectRoot = findProjectRoot(positionals[0] ?? ".");
  const root = projectRoot ?? findExerciseRoot(positionals[0] ?? ".");
  const state = projectRoot ? await readProjectState(projectRoot) : await readState(root);
  const url = projectRoot
    ? `${state.server.replace(/\/+$/, "")}/#/project/${state.id}`
    : `${state.server.replace(/\/+$/, "")}/exercises/${state.id}`;
  console.log(`Opening ${url}`);
  const opener =
    process.platform === "darwin" ? "open" : process.platform === "win32" ? "start" : "xdg-open";
  const child = spawn(opener, [url], { detached: true, stdio: "ignore" });
  child.on("error", () =>
    console.error(`(could not start ${opener}: open the address above in your browser)`),
  );
  child.unref();
  return 0;
}

export const exerciseDirName = (root: string) => path.basename(root);
