/**
 * A grade result as HTML. A summary on top says what happened and what to do next; failing
 * tests that fail the same way are one group (the first shown open, the others folded); passing
 * tests are folded under one line. Parametrized tests get readable names when the test file is
 * at hand (test-names.ts).
 */
import type { GradeResult, TestResult } from "../../../src/core/result.js";
import { errorText, esc, isOffline } from "../context.js";
import { icons } from "../icons.js";
import { displayNames } from "../test-names.js";
import { commentsView } from "./comments-view.js";
import { databaseView } from "./database-view.js";
import { httpView } from "./http-view.js";
import { hasPerformance, performanceView } from "./performance-view.js";

/** A scrollable block of code or text, reachable by keyboard and named for screen readers. */
export const codeBlock = (text: string, label: string, attrs = "") =>
  `<pre tabindex="0" aria-label="${esc(label)}"${attrs}>${text}</pre>`;

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
  return `<div class="diff"><div><span class="muted">expected</span>${codeBlock(mark(expected), "expected", ` data-testid="expected"`)}</div><div><span class="muted">actual</span>${codeBlock(mark(actual), "actual", ` data-testid="actual"`)}</div></div>`;
}

interface Shown {
  test: TestResult;
  name: string;
  /** Graded in one interpreter (the browser's): its memory numbers aren't the server's. */
  inProcess: boolean;
}

/** What a failure is, for grouping: its first line and the function of yours it came from. */
function failureKey(t: TestResult): string {
  return `${t.status}\n${firstLine(t.message)}\n${raisedIn(t.message) ?? ""}`;
}
const firstLine = (message: string | null) => (message ?? "").split("\n", 1)[0]!.trim();

/** The last function of the traceback (`File "x.py", line 3, in to_number`), if any. */
function raisedIn(message: string | null): string | null {
  const frames = [...(message ?? "").matchAll(/File "[^"]+", line \d+, in (\w+)/g)];
  return frames.at(-1)?.[1] ?? null;
}

/** One line saying what a group of identical failures means, in the learner's terms. */
function describeFailure(t: TestResult): string {
  const line = firstLine(t.message);
  const fn = raisedIn(t.message);
  if (/^NotImplementedError\b/.test(line) && fn)
    return `NotImplementedError in <code>${esc(fn)}</code>: you haven't written it yet`;
  if (t.limit === "timeout") return esc(line || "the test ran out of time");
  return `${esc(line || t.status)}${fn ? ` (in <code>${esc(fn)}</code>)` : ""}`;
}

function nextStep(first: TestResult | undefined, where: string): string {
  if (!first) return where !== "on the server" ? "Submit to make it count." : "";
  const line = firstLine(first.message);
  const fn = raisedIn(first.message);
  const at = first.learner_line != null ? ` (line ${first.learner_line})` : "";
  if (/^NotImplementedError\b/.test(line) && fn)
    return `Next: write <code>${esc(fn)}</code>${at}: replace its <code>raise NotImplementedError</code> with your code, then Run again.`;
  if (first.limit === "timeout")
    return "Next: look for a loop that never ends (a condition that stays true).";
  if (first.hidden)
    return "Next: a hidden test uses inputs you have not seen: make your code work for every input the instructions allow, not only the examples.";
  if (first.limit === "output")
    return "Next: your code prints a lot: remove the print in a loop, or print less.";
  if (first.expected != null && first.actual != null)
    return "Next: compare expected with actual in the first failing test below; the highlighted part is where they differ.";
  return `Next: read the first failing test below${at ? `; it points at your code${at}` : ""}.`;
}

function testDetail(s: Shown): string {
  const t = s.test;
  const failed = t.status !== "pass";
  return `<div class="test ${t.status}" data-testid="test-${t.status}"><b class="test-name">${failed ? icons.cross() : icons.check()} ${esc(s.name)}</b>${
    failed && t.message ? codeBlock(esc(t.message), `message of ${s.name}`) : ""
  }${
    t.hidden
      ? `<p class="muted" data-testid="hidden-test">A hidden test: the server runs it on inputs you have not seen, and shows only whether it passed.</p>`
      : ""
  }${failed && t.expected != null && t.actual != null ? diffView(t.expected, t.actual) : ""}${
    t.learner_line != null ? `<p class="muted">your code, line ${t.learner_line}</p>` : ""
  }${t.output ? `<span class="muted">output</span>${codeBlock(esc(t.output), `output of ${s.name}`)}` : ""}${
    failed ? httpView(t) : ""
  }${hasPerformance(t.performance) ? performanceView(t.performance, !failed, s.inProcess) : ""}${
    t.database ? databaseView(t.database, failed) : ""
  }${
    failed && t.test_code
      ? `<details class="test-code"><summary>The test's code</summary>${codeBlock(esc(t.test_code), `code of ${s.name}`)}</details>`
      : ""
  }</div>`;
}

/** Passing tests that measured something or used a database: shown, not only named. */
function measuredView(measured: Shown[]): string {
  if (!measured.length) return "";
  return `<div class="measured" data-testid="measured">${measured.map(testDetail).join("")}</div>`;
}

/** One group of identical failures; only the very first failure of the result is shown open. */
function failureGroup(group: Shown[], open: boolean): string {
  const [first, ...rest] = group;
  const head =
    group.length > 1
      ? `<p class="group-head" data-testid="failure-group"><b>${group.length} tests fail the same way:</b> ${describeFailure(first!.test)}</p>`
      : "";
  const more = rest.length
    ? `<details class="more"><summary>${rest.length} more with the same failure</summary><ul class="names">${rest
        .map((s) => `<li>${icons.cross()} ${esc(s.name)}</li>`)
        .join("")}</ul></details>`
    : "";
  const detail = open
    ? testDetail(first!)
    : `<details class="folded"><summary>${icons.cross()} ${esc(first!.name)}</summary>${testDetail(first!)}</details>`;
  return `<div class="group">${head}${detail}${more}</div>`;
}

export interface ResultOptions {
  /** The exercise's test files, to name parametrized cases by their values. */
  testFiles?: { content: string }[];
  /** The learner pressed Stop (or the time limit did): say so, not what the interrupt broke. */
  stopped?: string | null;
}

/**
 * A result as the page shows it. `where` says where it ran: "on the server" is a submission's
 * verdict; anything else is a Run (in the browser, or a quick run on the server), which doesn't
 * count until it is submitted.
 */
export function renderResult(result: GradeResult, where: string, opts: ResultOptions = {}): string {
  const names = displayNames(
    result.tests.map((t) => t.name),
    opts.testFiles ?? [],
  );
  const inProcess = result.isolation === "in-process";
  const shown: Shown[] = result.tests.map((test, i) => ({ test, name: names[i]!, inProcess }));
  const failing = shown.filter((s) => s.test.status === "fail" || s.test.status === "error");
  const passing = shown.filter((s) => s.test.status === "pass");
  const skipped = shown.filter((s) => s.test.status === "skip");
  const groups = new Map<string, Shown[]>();
  for (const s of failing) {
    const key = failureKey(s.test);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const meta = `<span class="muted">${where} · ${Math.round(result.duration_ms)} ms</span>`;
  let summary: string;
  if (opts.stopped) {
    summary = `<p class="error"><b>${icons.stop()} ${esc(opts.stopped)}</b></p><p>${
      passing.length
        ? `${passing.length} test${passing.length === 1 ? "" : "s"} passed before it stopped. `
        : ""
    }Run again when you're ready.</p>`;
  } else if (result.status === "error") {
    summary = `<p class="error"><b>${icons.alert()} ${result.tests.length ? "The run was stopped" : "No test could run"}</b> ${meta}</p>${codeBlock(esc(result.message ?? ""), "what went wrong")}<p>${nextStepAfterStop(result)}</p>`;
  } else if (result.status === "pass") {
    summary = `<p><b class="celebrate">${icons.check()} All tests pass</b> <span class="muted">(${passing.length} of ${passing.length})</span> ${meta}</p>${
      where !== "on the server"
        ? `<p>Next: Submit, so it counts (the server runs the same tests).</p>`
        : ""
    }`;
  } else {
    const total = failing.length + passing.length;
    summary = `<p><b class="error">${icons.cross()} ${failing.length} of ${total} test${total === 1 ? "" : "s"} fail</b> ${meta}</p><p data-testid="next-step">${nextStep(failing[0]?.test, where)}</p>`;
  }
  const passList = passing.length
    ? `<details class="passing"><summary>${icons.check()} ${passing.length} test${passing.length === 1 ? "" : "s"} pass</summary><ul class="names">${passing
        .map((s) => `<li data-testid="test-pass">${esc(s.name)}</li>`)
        .join("")}</ul></details>`
    : "";
  const skipList = skipped.length
    ? `<details><summary>${skipped.length} skipped</summary><ul class="names">${skipped
        .map((s) => `<li>${esc(s.name)}: ${esc(s.test.message ?? "")}</li>`)
        .join("")}</ul></details>`
    : "";
  const output = result.output
    ? `<details><summary>Printed outside the tests</summary>${codeBlock(esc(result.output), "printed outside the tests")}</details>`
    : "";
  const measured = passing.filter((s) => hasPerformance(s.test.performance) || s.test.database);
  return `<div class="summary" data-testid="summary">${summary}</div>${commentsView(result.comments)}${[...groups.values()].map((g, i) => failureGroup(g, i === 0)).join("")}${measuredView(measured)}${passList}${skipList}${output}`;
}

/** What to do after a run that stopped, by what stopped it. */
function nextStepAfterStop(result: GradeResult): string {
  switch (result.limit) {
    case "timeout":
      return "Next: look for a loop that never ends, or work that grows too fast for the input (the time limit stopped it), then Run again.";
    case "memory":
      return "Next: look for something that keeps growing (a list, a recursion, a string built in a loop), then Run again.";
    case "output":
      return "Next: print less (a print inside a loop?), then Run again.";
    default:
      return "Next: fix what the message points at (often a typo or an indentation slip), then Run again.";
  }
}

/**
 * Takes what the results area shows out of it (nodes and their listeners), so that a Submit
 * that fails can put the last Run's results back ({@link showSubmitFailure}).
 */
export function setAside(results: HTMLElement): DocumentFragment {
  const earlier = document.createDocumentFragment();
  earlier.append(...results.childNodes);
  return earlier;
}

/**
 * A Submit that failed: what went wrong and what to do. Before the server took the submission
 * (`received` false) the code is only in this browser and the last Run's results come back
 * under the error; after, the verdict will be under Past submissions.
 */
export function showSubmitFailure(
  results: HTMLElement,
  error: unknown,
  received: boolean,
  earlier: DocumentFragment,
): void {
  const offline = isOffline(error);
  results.innerHTML = received
    ? `<p class="error" role="alert">${offline ? "The PyDojo server stopped answering" : `The verdict could not be read: ${esc(errorText(error))}`}. Your submission was received: its verdict will be under Past submissions (reload the page when the server is back).</p>`
    : offline
      ? `<p class="error" role="alert">Submit failed: the PyDojo server can't be reached. Your code is kept in this browser; Submit again when it is back.</p>`
      : `<p class="error" role="alert">Submit failed: ${esc(errorText(error))}</p>`;
  if (received || !earlier.childNodes.length) return;
  const kept = document.createElement("div");
  kept.className = "kept-results";
  kept.dataset.testid = "kept-results";
  kept.append(earlier);
  results.append(kept);
}
