/** A grade result as HTML: a summary line, then each test with its message, diff and output. */
import type { GradeResult, TestResult } from "../../../src/core/result.js";
import { esc } from "../context.js";

/**
 * Expected and actual side by side, with the part after their common beginning (and before their
 * common end) highlighted: for strings and lists that is the first place they differ.
 */
export function diffView(expected: string, actual: string): string {
  let start = 0;
  while (start < expected.length && start < actual.length && expected[start] === actual[start])
    start++;
  let end = 0;
  while (
    end < expected.length - start &&
    end < actual.length - start &&
    expected[expected.length - 1 - end] === actual[actual.length - 1 - end]
  )
    end++;
  const mark = (s: string) =>
    `${esc(s.slice(0, start))}<mark>${esc(s.slice(start, s.length - end))}</mark>${esc(s.slice(s.length - end))}`;
  return `<div class="diff"><div><span class="muted">expected</span><pre data-testid="expected">${mark(expected)}</pre></div><div><span class="muted">actual</span><pre data-testid="actual">${mark(actual)}</pre></div></div>`;
}

function testView(t: TestResult): string {
  const failed = t.status !== "pass";
  return `<div class="test ${t.status}" data-testid="test-${t.status}"><b>${failed ? "✗" : "✓"} ${esc(t.name)}</b>${
    failed && t.message ? `<pre>${esc(t.message)}</pre>` : ""
  }${failed && t.expected != null && t.actual != null ? diffView(t.expected, t.actual) : ""}${
    t.learner_line != null ? `<p class="muted">your code, line ${t.learner_line}</p>` : ""
  }${t.output ? `<span class="muted">output</span><pre>${esc(t.output)}</pre>` : ""}</div>`;
}

export function renderResult(result: GradeResult, where: string): string {
  const counts = result.tests.reduce(
    (acc, t) => ((acc[t.status] = (acc[t.status] ?? 0) + 1), acc),
    {} as Record<string, number>,
  );
  const passed = counts.pass ?? 0;
  const failed = (counts.fail ?? 0) + (counts.error ?? 0);
  const head =
    result.status === "error"
      ? `<p class="error"><b>${result.tests.length ? "The run was stopped" : "No test could run"}</b></p><pre>${esc(result.message ?? "")}</pre>`
      : `<p><b class="${result.status === "pass" ? "celebrate" : "error"}">${result.status === "pass" ? "All tests pass" : "Some tests fail"}</b> <span class="muted">${passed} passed, ${failed} failed · ${where} · ${Math.round(result.duration_ms)} ms</span></p>`;
  return head + result.tests.map(testView).join("");
}
