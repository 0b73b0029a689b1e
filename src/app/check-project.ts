/**
 * The content check of a project (docs/course-format.md, "Projects"): the starter fails stage
 * 1; each stage's reference passes its stage and every earlier one (hidden tests included); the
 * previous stage's reference fails the new stage's own tests; each mistake fails saying its
 * `expect`; each alternative passes — on the runtime of the runner, for the stages that declare
 * it.
 */
import { runtimeOf } from "../core/grading.js";
import type { GradeResult } from "../core/result.js";
import {
  loadProject,
  ProjectFormatError,
  type LoadedProject,
  type LoadedStage,
} from "../content/project-loader.js";
import type { Runner, SourceFile } from "../runners/runner.js";
import { failureText, firstFailure, summary, type CheckOutcome } from "./check-exercise.js";
import { gradeExercise } from "./grade-exercise.js";

/** The check grades with a fixed seed, so a content check is repeatable. */
export const CHECK_SEED = 20261204;

export interface StageCheck {
  n: number;
  title: string;
  status: "pass" | "fail" | "skip";
  problems: string[];
  tests: number;
  mistakes: number;
  alternatives: number;
  durationMs: number;
}

export interface ProjectCheckOutcome extends CheckOutcome {
  stages: StageCheck[];
}

const firstLine = (text: string | null | undefined) => (text ?? "").split("\n")[0];

function why(result: GradeResult): string {
  const first = firstFailure(result);
  return (
    summary(result) +
    (result.message ? ` — ${firstLine(result.message)}` : "") +
    (first ? ` — first failure: ${first.name}: ${firstLine(first.message)}` : "")
  );
}

/** The reference's files with some replaced (or added) by files of the project folder. */
function overlay(project: LoadedProject, base: SourceFile[], files: Record<string, string>) {
  const out = base.map((f) =>
    f.path in files ? { path: f.path, content: project.variantFiles.get(files[f.path]!) ?? "" } : f,
  );
  for (const [target, replacement] of Object.entries(files)) {
    if (!base.some((f) => f.path === target))
      out.push({ path: target, content: project.variantFiles.get(replacement) ?? "" });
  }
  return out;
}

async function checkStage(
  project: LoadedProject,
  stage: LoadedStage,
  runner: Runner,
): Promise<StageCheck> {
  const problems: string[] = [];
  const grade = (files: SourceFile[]) =>
    gradeExercise(stage.exercise, files, runner, { seed: CHECK_SEED });
  const started = Date.now();
  const reference = await grade(stage.reference);
  if (reference.status !== "pass") problems.push(`reference: ${why(reference)}`);
  const ownTests = reference.tests.filter((t) => t.task_id === stage.n).length;
  if (reference.status === "pass" && ownTests === 0)
    problems.push("the stage's own tests did not run: its test files hold no tests");
  const before = stage.n === 1 ? project.starter : project.stages[stage.n - 2]!.reference;
  const previous = await grade(before);
  const broken = previous.tests.some(
    (t) => t.task_id === stage.n && (t.status === "fail" || t.status === "error"),
  );
  if (previous.status === "pass" || (previous.status === "fail" && !broken)) {
    problems.push(
      stage.n === 1
        ? `the starter passes stage 1: ${summary(previous)}`
        : `stage ${stage.n - 1}'s reference passes stage ${stage.n}'s tests: the stage asks for nothing new`,
    );
  }
  if (stage.meta.mistakes.length < 2)
    problems.push(`${stage.meta.mistakes.length} mistakes: a stage needs at least two`);
  for (const mistake of stage.meta.mistakes) {
    const result = await grade(overlay(project, stage.reference, mistake.files));
    if (result.status === "pass") {
      problems.push(`mistake ${mistake.name} passes the tests (${mistake.description})`);
    } else if (mistake.expect && !failureText(result).includes(mistake.expect)) {
      problems.push(
        `mistake ${mistake.name} fails, but no message says "${mistake.expect}" (${why(result)})`,
      );
    }
  }
  for (const alternative of stage.meta.alternatives) {
    const result = await grade(overlay(project, stage.reference, alternative.files));
    if (result.status !== "pass")
      problems.push(`alternative ${alternative.name} does not pass: ${why(result)}`);
  }
  return {
    n: stage.n,
    title: stage.meta.title,
    status: problems.length ? "fail" : "pass",
    problems,
    tests: reference.tests.length,
    mistakes: stage.meta.mistakes.length,
    alternatives: stage.meta.alternatives.length,
    durationMs: Date.now() - started,
  };
}

/** Checks a project folder with one runner; `onStage` reports progress. */
export async function checkProject(
  dir: string,
  runner: Runner,
  onStage?: (stage: StageCheck) => void,
): Promise<ProjectCheckOutcome> {
  let project: LoadedProject;
  try {
    project = await loadProject(dir);
  } catch (error) {
    if (!(error instanceof ProjectFormatError)) throw error;
    return {
      dir,
      id: dir,
      status: "fail",
      problems: error.issues.map((i) => `${i.file}: ${i.field}: ${i.message}`),
      stages: [],
    };
  }
  const runtime = runtimeOf(runner.name);
  const stages: StageCheck[] = [];
  for (const stage of project.stages) {
    let outcome: StageCheck;
    if (!(stage.exercise.meta?.runtimes ?? []).includes(runtime)) {
      outcome = {
        n: stage.n,
        title: stage.meta.title,
        status: "skip",
        problems: [`does not run on ${runtime}`],
        tests: 0,
        mistakes: 0,
        alternatives: 0,
        durationMs: 0,
      };
    } else outcome = await checkStage(project, stage, runner);
    stages.push(outcome);
    onStage?.(outcome);
  }
  // Problems are the failing stages'; a stage this runtime skips is said in its own entry.
  const problems = stages
    .filter((s) => s.status === "fail")
    .flatMap((s) => s.problems.map((p) => `stage ${s.n} (${s.title}): ${p}`));
  const allSkipped = stages.every((s) => s.status === "skip");
  return {
    dir,
    id: project.meta.id,
    status: problems.length ? "fail" : allSkipped ? "skip" : "pass",
    problems: allSkipped ? [`does not run on ${runtime}`] : problems,
    stages,
    mistakes: stages.reduce((n, s) => n + s.mistakes, 0),
    alternatives: stages.reduce((n, s) => n + s.alternatives, 0),
  };
}
