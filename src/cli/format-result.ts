/** Human-readable rendering of a GradeResult for the terminal. */
import { countStatuses, type GradeResult, type TestResult } from "../core/result.js";

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

function formatTest(test: TestResult, style: Style): string[] {
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

/** A summary of one grade: header, one line per test (details for failures), a verdict. */
export function formatResult(title: string, result: GradeResult, style: Style): string {
  const header = `${style.bold(title)} ${style.dim(
    `(runner ${result.runner}${result.python ? `, Python ${result.python}` : ""}, ${Math.round(result.duration_ms)} ms)`,
  )}`;
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
      indent(result.message ?? "unknown error", "  "),
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
    if (result.message) lines.push(indent(result.message, "  "));
  }
  return lines.join("\n");
}
