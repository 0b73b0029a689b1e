/** Human-readable rendering of a GradeResult for the terminal. */
import { countStatuses, type GradeResult, type TestResult } from "../core/result.js";
import { clean } from "./sanitize.js";

export interface Style {
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export function makeStyle(enabled: boolean): Style {
  const wrap = (code: string) => (s: string) => (enabled ? `\x1b[${code}m${s}\x1b[0m` : s);
  return {
    green: wrap("32"),
    red: wrap("31"),
    yellow: wrap("33"),
    dim: wrap("2"),
    bold: wrap("1"),
  };
}

const ICON: Record<TestResult["status"], string> = { pass: "✓", fail: "✗", error: "!", skip: "-" };

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => prefix + line)
    .join("\n");
}

/** Every string of a result may come from a server or from tests it sent: printed only cleaned. */
function cleanTest(test: TestResult): TestResult {
  const c = (v: string | null | undefined) => (typeof v === "string" ? clean(v) : v);
  return {
    ...test,
    name: clean(String(test.name)),
    message: c(test.message) as TestResult["message"],
    expected: c(test.expected) as TestResult["expected"],
    actual: c(test.actual) as TestResult["actual"],
    output: c(test.output) as TestResult["output"],
  };
}

function formatTest(raw: TestResult, style: Style): string[] {
  const test = cleanTest(raw);
  const color =
    test.status === "pass" ? style.green : test.status === "skip" ? style.dim : style.red;
  const task = test.task_id !== null ? style.dim(` [task ${test.task_id}]`) : "";
  const lines = [`  ${color(ICON[test.status])} ${test.name}${task}`];
  if (test.status === "pass") return lines;
  if (test.message) lines.push(indent(test.message, "      "));
  if (test.expected != null && test.actual != null) {
    lines.push(`      ${style.dim("expected:")} ${test.expected}`);
    lines.push(`      ${style.dim("actual:  ")} ${test.actual}`);
  }
  if (test.learner_line != null)
    lines.push(`      ${style.dim(`(your code, line ${test.learner_line})`)}`);
  if (test.output)
    lines.push(style.dim("      output:"), indent(test.output.trimEnd(), "      │ "));
  return lines;
}

/**
 * A summary of one grade: one header line (title, where it ran, runner, Python, time), one line
 * per test (details for failures), a verdict. `where`: e.g. "graded on the server".
 */
export function formatResult(
  title: string,
  result: GradeResult,
  style: Style,
  where?: string,
): string {
  const details = [
    where,
    `${clean(String(result.runner))} runner`,
    result.python ? `Python ${clean(String(result.python))}` : "",
    `${Math.round(result.duration_ms)} ms`,
  ].filter(Boolean);
  const header = `${style.bold(clean(title))} ${style.dim(`(${details.join(", ")})`)}`;
  const lines = [header];
  for (const test of result.tests) lines.push(...formatTest(test, style));
  const counts = countStatuses(result);
  if (result.status === "error") {
    lines.push(
      "",
      style.red(
        result.tests.length > 0
          ? `ERROR: the run was stopped after ${result.tests.length} test(s)`
          : "ERROR: no test could run",
      ),
      indent(clean(result.message ?? "unknown error"), "  "),
    );
  } else {
    const verdict = result.status === "pass" ? style.green("PASS") : style.red("FAIL");
    const extra = [
      counts.error ? `${counts.error} errored` : "",
      counts.skip ? `${counts.skip} skipped` : "",
    ].filter(Boolean);
    lines.push(
      "",
      `${verdict}: ${counts.pass} passed, ${counts.fail + counts.error} failed${extra.length ? ` (${extra.join(", ")})` : ""}`,
    );
    if (result.message) lines.push(indent(clean(result.message), "  "));
  }
  return lines.join("\n");
}
