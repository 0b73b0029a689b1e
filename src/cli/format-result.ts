/** Human-readable rendering of a GradeResult for the terminal. */
import {
  countStatuses,
  type GradeResult,
  type HttpExchange,
  type Performance,
  type ReviewComment,
  type TestResult,
} from "../core/result.js";
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

export function formatTest(raw: TestResult, style: Style): string[] {
  const test = cleanTest(raw);
  const color =
    test.status === "pass" ? style.green : test.status === "skip" ? style.dim : style.red;
  const task = test.task_id !== null ? style.dim(` [task ${test.task_id}]`) : "";
  // A hidden test comes with its name and status only (the server keeps the rest).
  const hidden = raw.hidden ? style.dim(" [hidden]") : "";
  const lines = [`  ${color(ICON[test.status])} ${test.name}${task}${hidden}`];
  if (raw.performance) lines.push(...formatPerformance(raw.performance, style));
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
  if (raw.http?.length) lines.push(...formatHttp(raw.http, style));
  return lines;
}

const HTTP_SHOWN = 5;

/** A failed test's HTTP exchanges, the way `curl -v` shows them (the last few). */
export function formatHttp(exchanges: readonly HttpExchange[], style: Style): string[] {
  const lines = [style.dim("      http:")];
  const shown = exchanges.slice(-HTTP_SHOWN);
  if (exchanges.length > shown.length)
    lines.push(
      style.dim(`      (${exchanges.length - shown.length} earlier request(s) not shown)`),
    );
  const body = (text: string, size: number | null, mark: string) => {
    if (!text) return [];
    const cut =
      size === null ? " (over 1 MB, cut)" : size > text.length ? ` (${size} bytes, cut)` : "";
    const out = clean(text)
      .trimEnd()
      .split("\n")
      .map((l) => `      ${mark} ${l}`);
    if (cut) out.push(style.dim(`      ${mark} ...${cut}`));
    return out;
  };
  for (const { request, response, error } of shown) {
    lines.push(`      > ${clean(`${request.method} ${request.target}`)} HTTP/1.1`);
    for (const [k, v] of request.headers) lines.push(`      > ${clean(`${k}: ${v}`)}`);
    lines.push("      >", ...body(request.body, request.body_bytes, " "));
    if (response) {
      const status = `HTTP/1.1 ${response.status} ${clean(response.reason)}`.trimEnd();
      const color = response.status >= 400 ? style.red : style.green;
      lines.push(`      < ${color(status)}`);
      for (const [k, v] of response.headers) lines.push(`      < ${clean(`${k}: ${v}`)}`);
      lines.push("      <", ...body(response.body, response.body_bytes, " "));
    } else if (error) {
      lines.push(`      ${style.red(`* no response: ${clean(error.split("\n")[0] ?? "")}`)}`);
    }
  }
  return lines;
}

const SPARKS = "▁▂▃▄▅▆▇█";
const SHOW_CLASS: Record<string, string> = {
  constant: "1",
  logarithmic: "log n",
  linear: "n",
  "n log n": "n log n",
  quadratic: "n²",
  cubic: "n³",
  exponential: "2ⁿ",
};

/** A sparkline of values (scaled to the largest), one block per value. */
export function sparkline(values: readonly number[]): string {
  const top = Math.max(...values, 0);
  return values.map((v) => SPARKS[top > 0 ? Math.min(7, Math.round((v / top) * 7)) : 0]).join("");
}

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const num = (n: number) => Math.round(n).toLocaleString("en-US");

/** A test's measurements, compact: growth with a sparkline, counts, memory, the profile's top rows. */
function formatPerformance(perf: Performance, style: Style): string[] {
  const c = (v: unknown) => clean(String(v));
  const out: string[] = [];
  for (const g of perf.growth ?? []) {
    const ref = g.reference_class ? `; reference ${SHOW_CLASS[g.reference_class]}` : "";
    out.push(
      `      ${style.dim("growth")} ${c(g.label)}: ~${SHOW_CLASS[g.class]} ${c(g.unit)} ${sparkline(g.points.map((p) => p.cost))}${ref}`,
    );
    out.push(
      `        ${style.dim("n    ")} ${g.points.map((p) => num(p.n).padStart(9)).join("")}`,
      `        ${style.dim("cost ")} ${g.points.map((p) => num(p.cost).padStart(9)).join("")}`,
    );
    if (g.points.some((p) => p.reference !== undefined))
      out.push(
        `        ${style.dim("ref  ")} ${g.points.map((p) => (p.reference === undefined ? "" : num(p.reference)).padStart(9)).join("")}`,
      );
  }
  for (const k of perf.counts ?? [])
    out.push(`      ${style.dim("counted")} ${c(k.label)}: ${num(k.value)} ${c(k.unit)}`);
  for (const m of perf.memory ?? []) {
    const ref = m.reference_bytes !== undefined ? ` (reference ${human(m.reference_bytes)})` : "";
    out.push(`      ${style.dim("peak memory")} ${c(m.label)}: ${human(m.peak_bytes)}${ref}`);
  }
  for (const p of perf.profile ?? []) {
    out.push(
      `      ${style.dim("profile")} ${c(p.label)}: ${num(p.total_calls)} calls, ${p.total_ms.toFixed(1)} ms ${style.dim("(wall-clock, varies)")}`,
    );
    for (const r of p.rows.slice(0, 5)) {
      const where = r.file ? style.dim(` ${c(r.file)}${r.line != null ? `:${r.line}` : ""}`) : "";
      out.push(
        `        ${r.own_ms.toFixed(1).padStart(8)} ms ${num(r.calls).padStart(9)} calls  ${c(r.function)}${where}`,
      );
    }
  }
  for (const n of perf.notes ?? []) out.push(`      ${style.dim(c(n))}`);
  if (perf.overhead_ms !== undefined && out.length > 0)
    out.push(`      ${style.dim(`(measuring took ${Math.round(perf.overhead_ms)} ms)`)}`);
  return out;
}

const SEVERITY_ORDER = { essential: 0, actionable: 1, informative: 2 } as const;

/** Reviewer comments, most important first. */
export function formatComments(comments: readonly ReviewComment[], style: Style): string[] {
  if (comments.length === 0) return [];
  const sorted = [...comments].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.line ?? 0) - (b.line ?? 0),
  );
  const lines = [
    "",
    style.bold("Review comments") +
      style.dim(" (advice: they count only where a test asks for it)"),
  ];
  for (const cm of sorted) {
    const color = cm.severity === "essential" ? style.yellow : style.dim;
    const where = [cm.file, cm.line != null ? `line ${cm.line}` : ""].filter(Boolean).join(", ");
    lines.push(`  ${color(cm.severity)} ${clean(where)} ${style.dim(`[${clean(cm.id)}]`)}`);
    lines.push(indent(clean(cm.message), "      "));
    if (cm.lesson) lines.push(`      ${style.dim(`lesson: ${clean(cm.lesson)}`)}`);
  }
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
  lines.push(...formatComments(result.comments ?? [], style));
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
