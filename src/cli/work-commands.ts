/** `pydojo test | submit | status | open` inside a pulled exercise. */
import { randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import path from "node:path";
import { combineWriteTestsRuns } from "../core/write-tests.js";
import { createRunner } from "../runners/create-runner.js";
import { DEFAULT_LIMITS, RunnerUnavailableError, type GradeJob } from "../runners/runner.js";
import { parse } from "./args.js";
import { findExerciseRoot, readFiles, readState } from "./exercise-folder.js";
import { formatResult, makeStyle } from "./format-result.js";
import { call, CliError, connect } from "./remote.js";
import { interactive, spinner } from "./terminal.js";

const MAX_FILE_BYTES = 64 * 1024;
const style = () => makeStyle(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);

export async function runTest(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: "boolean" },
    python: { type: "string" },
  });
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
    runner = await createRunner("local", { python: values.python, prestart: 0 });
  } catch (error) {
    if (error instanceof RunnerUnavailableError) throw new CliError(error.message, 3);
    throw error;
  }
  try {
    let result = await runner.grade(job);
    if (state.kind === "write-tests") result = combineWriteTestsRuns([{ variant: null, result }]);
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else console.log(formatResult(`${state.title} (local)`, result, style()));
    return 0;
  } finally {
    await runner.close();
  }
}

export async function runSubmit(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
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
  const before = await call(config.server, () => client.progress());
  const spin = spinner("Grading on the server...", interactive(values.json));
  let done;
  try {
    const sub = await call(config.server, () => client.submit(state.id, files, randomUUID()));
    done = sub;
    for (let i = 0; i < 40 && (done.status === "queued" || done.status === "running"); i++) {
      done = await call(config.server, () => client.submission(sub.id, 5));
    }
  } finally {
    spin.stop();
  }
  if (done.status === "infra-error")
    throw new CliError(`the server could not grade it: ${done.error}`);
  if (!done.result)
    throw new CliError("no verdict yet: the server is busy; check later with 'pydojo status'");
  const after = await call(config.server, () => client.progress());
  const xpGained = Number(after.stats.xp) - Number(before.stats.xp);
  const unlocked = await newlyUnlocked(
    client,
    config.server,
    state.id,
    done.result.status === "pass",
  );
  if (values.json) {
    console.log(JSON.stringify({ submission: done, xpGained, unlocked }, null, 2));
    return 0;
  }
  console.log(formatResult(`${state.title} (server)`, done.result, style()));
  if (xpGained > 0)
    console.log(`\n+${xpGained} XP (total ${after.stats.xp}, level ${after.stats.level})`);
  if (unlocked.length)
    console.log(`Unlocked next: ${unlocked.join(", ")}  (pydojo pull ${unlocked[0]})`);
  return 0;
}

async function newlyUnlocked(
  client: Awaited<ReturnType<typeof connect>>["client"],
  server: string,
  id: string,
  passed: boolean,
): Promise<string[]> {
  if (!passed) return [];
  const course = await call(server, () => client.course(id.split("/")[0]!));
  const items = course.modules.flatMap((m) => m.items).filter((i) => i.type === "exercise");
  const found: string[] = [];
  for (const item of items) {
    if (item.locked || item.state === "passed") continue;
    const ex = await call(server, () => client.exercise(item.id));
    if (ex.prerequisites.includes(id)) found.push(item.id);
  }
  return found;
}

export async function runStatus(args: string[]): Promise<number> {
  const { values } = parse(args, {
    course: { type: "string", short: "c" },
    json: { type: "boolean" },
  });
  const { client, config } = await connect();
  const courseId =
    values.course ?? (await call(config.server, () => client.courses())).courses[0]?.id;
  if (!courseId) throw new CliError("this server has no course");
  const [course, progress] = [
    await call(config.server, () => client.course(courseId)),
    await call(config.server, () => client.progress()),
  ];
  const exercises = course.modules.flatMap((m) =>
    m.items.filter((i) => i.type === "exercise").map((i) => ({ ...i, module: m.title })),
  );
  const done = exercises.filter((e) => e.state === "passed");
  const inProgress = exercises.filter((e) => e.state === "attempted" || e.state === "started");
  const next = exercises.find((e) => !e.locked && e.state !== "passed");
  const summary = {
    course: course.id,
    done: done.length,
    total: exercises.length,
    inProgress: inProgress.map((e) => e.id),
    next: next?.id ?? null,
    xp: progress.stats.xp,
    level: progress.stats.level,
    streakDays: progress.stats.streakDays,
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
  console.log(
    `${course.title}: ${done.length}/${exercises.length} exercises done · ${summary.xp} XP · level ${summary.level} · streak ${summary.streakDays} day(s)\n`,
  );
  for (const m of summary.modules)
    console.log(`  ${m.done === m.total ? "✓" : " "} ${m.title.padEnd(34)} ${m.done}/${m.total}`);
  if (inProgress.length) console.log(`\nIn progress: ${inProgress.map((e) => e.id).join(", ")}`);
  console.log(
    next ? `Next: ${next.title} — pydojo pull ${next.id}` : "\nEverything unlocked is done.",
  );
  return 0;
}

export async function runOpen(args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  const root = findExerciseRoot(positionals[0] ?? ".");
  const state = await readState(root);
  const url = `${state.server.replace(/\/+$/, "")}/exercises/${state.id}`;
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
