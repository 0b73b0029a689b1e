/** `pydojo grade <exercise-dir> [--solution F] [--runner R] [--json]` */
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { gradeExercise } from "../app/grade-exercise.js";
import {
  ExerciseFormatError,
  loadExercise,
  type LoadedExercise,
} from "../content/exercise-loader.js";
import { RunnerUnavailableError, type SourceFile } from "../runners/runner.js";
import { parse, UsageError } from "./args.js";
import { formatResult, makeStyle } from "./format-result.js";
import { chooseRunner } from "./runner-choice.js";

async function kindOf(p: string): Promise<"file" | "dir" | null> {
  try {
    const s = await stat(p);
    return s.isDirectory() ? "dir" : s.isFile() ? "file" : null;
  } catch {
    return null;
  }
}

/** The learner's files from --solution: one file (for the one solution file) or a folder. */
export async function readSolution(exercise: LoadedExercise, given: string): Promise<SourceFile[]> {
  const kind = await kindOf(given);
  const names = exercise.config.files.solution;
  if (kind === null) throw new UsageError(`--solution: ${given} does not exist`);
  if (kind === "file") {
    const match =
      names.find((n) => path.basename(n) === path.basename(given)) ??
      (names.length === 1 ? names[0] : undefined);
    if (!match) {
      throw new UsageError(
        `--solution: this exercise has several solution files (${names.join(", ")}); pass a folder holding them`,
      );
    }
    return [{ path: match, content: await readFile(given, "utf8") }];
  }
  const files: SourceFile[] = [];
  for (const name of names) {
    const file = path.join(given, name);
    if ((await kindOf(file)) !== "file")
      throw new UsageError(`--solution: ${name} not found in ${given}`);
    files.push({ path: name, content: await readFile(file, "utf8") });
  }
  return files;
}

export async function runGrade(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    solution: { type: "string", short: "s" },
    runner: { type: "string", short: "r" },
    python: { type: "string" },
    json: { type: "boolean" },
  });
  if (positionals.length !== 1)
    throw new UsageError(
      "expected one exercise folder, e.g. pydojo grade content/sample/hello-world",
    );
  const dir = positionals[0]!;
  if ((await kindOf(dir)) !== "dir") throw new UsageError(`no exercise folder at ${dir}`);
  // A project or a course is graded as a whole by `pydojo check` (a project's stages need
  // their own solutions); say so rather than "needs .meta/config.json".
  if (!existsSync(path.join(dir, ".meta", "config.json"))) {
    if (existsSync(path.join(dir, "project.json")) || existsSync(path.join(dir, "course.json")))
      throw new UsageError(
        `${dir} is a ${existsSync(path.join(dir, "project.json")) ? "project" : "course"}, not an exercise: 'pydojo check ${dir}' checks it whole (every reference and starter), and 'pydojo grade' takes one exercise folder`,
      );
  }
  let exercise: LoadedExercise;
  try {
    exercise = await loadExercise(dir);
  } catch (error) {
    if (error instanceof ExerciseFormatError) {
      console.error(`pydojo grade: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const solution = values.solution ? await readSolution(exercise, values.solution) : exercise.stub;
  let runner;
  try {
    runner = await chooseRunner(values.runner, values.python, 0);
  } catch (error) {
    if (error instanceof RunnerUnavailableError) {
      console.error(`pydojo grade: the ${error.runner} runner is not available: ${error.message}`);
      return 3;
    }
    throw error;
  }
  try {
    const result = await gradeExercise(exercise, solution, runner);
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else
      console.log(
        formatResult(
          exercise.title,
          result,
          makeStyle(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR),
        ),
      );
    return 0;
  } finally {
    await runner.close();
  }
}
