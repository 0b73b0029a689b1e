/** `pydojo check <dir> [--runner R] [--json]`: checks every exercise below a folder. */
import { existsSync } from "node:fs";
import path from "node:path";
import { checkExercise, type CheckOutcome } from "../app/check-exercise.js";
import { checkProject, type ProjectCheckOutcome } from "../app/check-project.js";
import { findCourseDirs, findExerciseDirs, findProjectDirs } from "../content/discover.js";
import { CourseFormatError, loadCourse } from "../content/course-loader.js";
import { checkLessonSnippets } from "../app/check-lessons.js";
import type { Runner } from "../runners/runner.js";
import { RunnerUnavailableError } from "../runners/runner.js";
import { parse, UsageError } from "./args.js";
import { makeStyle } from "./format-result.js";
import { chooseRunner } from "./runner-choice.js";

export async function runCheck(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    runner: { type: "string", short: "r" },
    python: { type: "string" },
    json: { type: "boolean" },
  });
  if (positionals.length !== 1)
    throw new UsageError("expected one folder, e.g. pydojo check content");
  const root = positionals[0]!;
  if (!existsSync(root)) throw new UsageError(`${root} does not exist: name a folder of exercises`);
  const dirs = await findExerciseDirs(root);
  const projects = await findProjectDirs(root);
  if (dirs.length === 0 && projects.length === 0)
    throw new UsageError(
      `no exercise folders (with .meta/config.json) or projects (with project.json) found under ${root}`,
    );
  let runner;
  try {
    runner = await chooseRunner(values.runner, values.python);
  } catch (error) {
    if (error instanceof RunnerUnavailableError) {
      console.error(`pydojo check: the ${error.runner} runner is not available: ${error.message}`);
      return 3;
    }
    throw error;
  }
  const style = makeStyle(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const progress = Boolean(process.stderr.isTTY) && !values.json;
  const outcomes: CheckOutcome[] = [];
  try {
    for (const [index, dir] of dirs.entries()) {
      const rel = path.relative(process.cwd(), dir) || dir;
      if (progress)
        process.stderr.write(`\r\x1b[2K[${index + 1}/${dirs.length}] checking ${rel} ...`);
      const outcome = await checkExercise(dir, runner);
      outcomes.push(outcome);
      if (progress) process.stderr.write("\r\x1b[2K");
      if (!values.json) console.log(formatOutcome(outcome, rel, style));
    }
    for (const dir of projects) {
      const rel = path.relative(process.cwd(), dir) || dir;
      if (progress) process.stderr.write(`\r\x1b[2Kchecking project ${rel} ...`);
      const outcome = await checkProject(dir, runner, (stage) => {
        if (progress)
          process.stderr.write(
            `\r\x1b[2Kchecking project ${rel}: stage ${stage.n} ${stage.status}`,
          );
      });
      outcomes.push(outcome);
      if (progress) process.stderr.write("\r\x1b[2K");
      if (!values.json) console.log(formatProject(outcome, rel, style));
    }
    outcomes.push(...(await checkCourses(root, runner, style, Boolean(values.json))));
  } finally {
    await runner.close();
  }
  const passed = outcomes.filter((o) => o.status === "pass").length;
  const failed = outcomes.filter((o) => o.status === "fail").length;
  const skipped = outcomes.filter((o) => o.status === "skip").length;
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          runner: runner.name,
          passed,
          failed,
          skipped,
          exercises: outcomes.map(({ reference: _r, stub: _s, ...rest }) => rest),
        },
        null,
        2,
      ),
    );
  } else {
    console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
    // One run checks one runtime: say which, and how to check the other one exercises declare.
    const other = runner.name === "pyodide" ? "sandbox" : "pyodide";
    console.log(
      style.dim(
        `checked on the ${runner.name} runner (${runner.name === "pyodide" ? "Pyodide, the browser's Python" : "CPython"}); exercises that declare ${other === "pyodide" ? "pyodide" : "cpython"} too are checked there by 'pydojo check --runner ${other}'`,
      ),
    );
  }
  return failed > 0 ? 1 : 0;
}

function formatOutcome(
  outcome: CheckOutcome,
  rel: string,
  style: ReturnType<typeof makeStyle>,
): string {
  if (outcome.status === "skip")
    return `${style.dim("-")} ${rel} ${style.dim(`skipped: ${outcome.problems.join("; ")}`)}`;
  if (outcome.status === "pass") {
    const ref = outcome.reference!;
    const stubPassed = outcome.stub!.tests.filter((t) => t.status === "pass").length;
    const warnings = (outcome.warnings ?? []).map((w) => `\n    ${style.dim(`warning: ${w}`)}`);
    return `${style.green("✓")} ${rel} ${style.dim(
      `reference ${ref.tests.length}/${ref.tests.length}, starter ${stubPassed}/${outcome.stub!.tests.length}` +
        (outcome.mistakes ? `, ${outcome.mistakes} mistakes caught` : "") +
        (outcome.alternatives ? `, ${outcome.alternatives} alternatives pass` : "") +
        ` (${Math.round(ref.duration_ms)} ms)`,
    )}${warnings.join("")}`;
  }
  const lines = [...outcome.problems, ...(outcome.warnings ?? []).map((w) => `warning: ${w}`)];
  return `${style.red("✗")} ${rel}\n${lines.map((p) => `    ${p}`).join("\n")}`;
}

function formatProject(
  outcome: ProjectCheckOutcome,
  rel: string,
  style: ReturnType<typeof makeStyle>,
): string {
  if (outcome.stages.length === 0)
    return `${style.red("✗")} project ${rel}\n${outcome.problems.map((p) => `    ${p}`).join("\n")}`;
  const lines = outcome.stages.map((s) => {
    if (s.status === "skip")
      return `    ${style.dim("-")} stage ${s.n} ${s.title} ${style.dim(s.problems.join("; "))}`;
    if (s.status === "pass")
      return `    ${style.green("✓")} stage ${s.n} ${s.title} ${style.dim(
        `reference ${s.tests}/${s.tests}, previous fails, ${s.mistakes} mistakes caught` +
          (s.alternatives ? `, ${s.alternatives} alternatives pass` : "") +
          ` (${s.durationMs} ms)`,
      )}`;
    return `    ${style.red("✗")} stage ${s.n} ${s.title}\n${s.problems.map((p) => `        ${p}`).join("\n")}`;
  });
  const mark = outcome.status === "fail" ? style.red("✗") : style.green("✓");
  return `${mark} project ${outcome.id} ${style.dim(rel)}\n${lines.join("\n")}`;
}

/** Courses below root: structure, then each lesson's runnable snippets. */
async function checkCourses(
  root: string,
  runner: Runner,
  style: ReturnType<typeof makeStyle>,
  json: boolean,
): Promise<CheckOutcome[]> {
  const outcomes: CheckOutcome[] = [];
  const say = (line: string) => {
    if (!json) console.log(line);
  };
  for (const dir of await findCourseDirs(root)) {
    const rel = path.relative(process.cwd(), dir) || dir;
    try {
      const course = await loadCourse(dir);
      outcomes.push({ dir, id: course.meta.id, status: "pass", problems: [] });
      say(
        `${style.green("✓")} course ${course.meta.id} ${style.dim(`(${course.modules.length} modules)`)}`,
      );
      for (const lesson of course.modules.flatMap((m) => m.lessons)) {
        const result = await checkLessonSnippets(
          lesson.body,
          lesson.file,
          runner,
          lesson.bodyOffset,
        );
        const failures = (result?.tests ?? []).filter((t) => t.status !== "pass");
        const problems = failures.map((t) => `${t.name}: ${(t.message ?? "").split("\n")[0]}`);
        if (result?.status === "error")
          problems.push(result.message ?? "the snippets could not run");
        outcomes.push({
          dir: path.join(dir, lesson.file),
          id: lesson.meta.id,
          status: problems.length ? "fail" : "pass",
          problems,
        });
        say(
          problems.length
            ? `${style.red("✗")} lesson ${lesson.meta.id}\n${problems.map((p) => `    ${p}`).join("\n")}`
            : `${style.green("✓")} lesson ${lesson.meta.id} ${style.dim(`(${result?.tests.length ?? 0} snippets)`)}`,
        );
      }
    } catch (error) {
      if (!(error instanceof CourseFormatError)) throw error;
      const problems = error.issues.map((i) => `${i.file}: ${i.field}: ${i.message}`);
      outcomes.push({ dir, id: rel, status: "fail", problems });
      say(`${style.red("✗")} course ${rel}\n${problems.map((p) => `    ${p}`).join("\n")}`);
    }
  }
  return outcomes;
}
