/**
 * A project grade for the terminal: the tests grouped by stage ("stage 2 — Persistence: 3 passed,
 * 1 failed"), the failures in detail, the seed and how to reproduce it. Stages that pass and are
 * not the one being worked on show only their line.
 */
import { countStatuses, type GradeResult, type TestResult } from "../core/result.js";
import { formatComments, formatTest, type Style } from "./format-result.js";
import { clean } from "./sanitize.js";

export interface StageInfo {
  n: number;
  title: string;
}

/** Counts in words: "3 passed, 1 failed" (errors count as failed, as for exercises). */
function counts(tests: readonly TestResult[]): string {
  const pass = tests.filter((t) => t.status === "pass").length;
  const failed = tests.filter((t) => t.status === "fail" || t.status === "error").length;
  const skipped = tests.filter((t) => t.status === "skip").length;
  return [`${pass} passed`, failed ? `${failed} failed` : "", skipped ? `${skipped} skipped` : ""]
    .filter(Boolean)
    .join(", ");
}

export function formatProjectResult(
  input: {
    title: string;
    result: GradeResult;
    stages: readonly StageInfo[];
    /** The stage being worked on (graded with every earlier one). */
    stage: number;
    seed: number | null;
    where?: string;
    /** How to draw the same inputs again, shown after the seed. */
    reproduce?: string;
  },
  style: Style,
): string {
  const { result } = input;
  const details = [
    input.where,
    `${clean(String(result.runner))} runner`,
    result.python ? `Python ${clean(String(result.python))}` : "",
    `${Math.round(result.duration_ms)} ms`,
    input.seed !== null ? `seed ${input.seed}` : "",
  ].filter(Boolean);
  const range = input.stage === 1 ? "stage 1" : `stages 1-${input.stage}`;
  const lines = [
    `${style.bold(clean(input.title))} — ${range} of ${input.stages.length} ${style.dim(`(${details.join(", ")})`)}`,
  ];
  const byStage = new Map<number | null, TestResult[]>();
  for (const t of result.tests) {
    const key =
      t.task_id !== null && input.stages.some((s) => s.n === t.task_id) ? t.task_id : null;
    byStage.set(key, [...(byStage.get(key) ?? []), t]);
  }
  const broken: number[] = [];
  const groups: { n: number | null; label: string; tests: TestResult[]; current: boolean }[] =
    input.stages
      .filter((s) => s.n <= input.stage || byStage.has(s.n))
      .map((s) => ({
        n: s.n,
        label: `stage ${s.n} — ${clean(s.title)}`,
        tests: byStage.get(s.n) ?? [],
        current: s.n === input.stage,
      }));
  if (byStage.has(null))
    groups.push({ n: null, label: "other tests", tests: byStage.get(null)!, current: true });
  for (const group of groups) {
    const failing = group.tests.some((t) => t.status === "fail" || t.status === "error");
    const summary = group.tests.length
      ? counts(group.tests)
      : result.status === "error"
        ? "did not run"
        : "no tests";
    const paint = failing ? style.red : group.tests.length ? style.green : style.dim;
    lines.push(`${paint(`${group.label}: ${summary}`)}`);
    if (failing && group.n !== null && group.n < input.stage) broken.push(group.n);
    if (!failing && !group.current) continue;
    // task_id is said by the group's line already.
    for (const t of group.tests) lines.push(...formatTest({ ...t, task_id: null }, style));
  }
  lines.push(...formatComments(result.comments ?? [], style));
  const all = countStatuses(result);
  if (result.status === "error") {
    lines.push(
      "",
      style.red(
        result.tests.length > 0
          ? `ERROR: the run was stopped after ${result.tests.length} test(s)`
          : "ERROR: no test could run",
      ),
      clean(result.message ?? "unknown error")
        .split("\n")
        .map((l) => `  ${l}`)
        .join("\n"),
    );
  } else {
    const verdict = result.status === "pass" ? style.green("PASS") : style.red("FAIL");
    lines.push(
      "",
      `${verdict}: ${all.pass} passed, ${all.fail + all.error} failed${all.skip ? ` (${all.skip} skipped)` : ""}`,
    );
    if (result.message) lines.push(`  ${clean(result.message)}`);
  }
  if (broken.length)
    lines.push(
      style.yellow(
        `An earlier stage fails now (stage ${broken.join(", ")}): every stage's tests keep running, so a change for this stage must keep the earlier ones passing.`,
      ),
    );
  if (input.seed !== null && input.reproduce && result.tests.length > 0)
    lines.push(style.dim(`Seed ${input.seed}: ${input.reproduce} draws the same random inputs.`));
  return lines.join("\n");
}
