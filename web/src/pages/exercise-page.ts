/**
 * The exercise page: instructions and hints beside a CodeMirror editor; Run grades in the
 * browser (Pyodide in a Web Worker, advisory), Submit grades in the server's sandbox (the verdict
 * that counts). The draft autosaves; if the server can't be reached it is kept in this browser
 * and offered again on the next visit, so no keystroke is lost.
 *
 * The page is shown before CodeMirror's code runs: the learner's code as text, which Run and
 * Submit already use, and the instructions' HTML. The editor (code-editor.ts) replaces the text
 * right after that first paint. Measured in Chromium on 2 cores, CodeMirror's and its languages'
 * modules took ~120 ms to run on a warm visit and the editors ~40 ms to make, before anything of
 * the page could be shown (decision 0011, last addendum).
 */
import type {
  ApiCourse,
  ApiCourseItem,
  ApiExercise,
  ApiFile,
  ApiSubmission,
} from "../../../src/client/api-client.js";
import type { ApiLineComment } from "../../../src/client/cohort-types.js";
import { RunStopped, type BrowserResult } from "../browser-runner.js";
import {
  appRoot,
  client,
  early,
  errorSentence,
  errorText,
  esc,
  runner,
  showWhenSlow,
  whenIdle,
} from "../context.js";
import type { EditorView } from "../code-editor.js";
import { icons } from "../icons.js";
import { markdown } from "../markdown-html.js";
import { commentsHtml, loadComments, markShown } from "./cohort-join.js";
import { mountRequestPanel } from "./request-panel.js";
import { renderResult, setAside, showSubmitFailure } from "./results-view.js";

/** A new task: input waiting for the page is handled before what follows. */
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/**
 * CodeMirror and what needs it, loaded once the page is shown (the same module every time). Its
 * code runs a part per task: CodeMirror's core, then Python's grammar (whose parse tables are
 * decoded as its module runs), then the rest. Run in one task, the three took 60-70 ms on a 2-core
 * VM, during which a click on Run (shown already) waited; the parts' small entry chunks are
 * announced with the editor's (web/build.mjs).
 */
const codeEditor = async () => {
  await import("@codemirror/view");
  await yieldToPage();
  await import("@lezer/python");
  await yieldToPage();
  return import("../code-editor.js");
};
/** After the next frame: what the page shows now is painted first. */
const afterPaint = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

const SAVE_DELAY_MS = 600;

/**
 * `text` as a <pre>'s content showing the lines CodeMirror shows: the parser drops a newline
 * right after <pre> (so one goes first), and a <pre> shows no line after a final newline, where
 * CodeMirror shows an empty one. Otherwise the toolbar below moves by a line when the editor
 * takes the text's place (seen with every starter taller than the editor's minimum height).
 */
const preText = (text: string) => `\n${esc(text)}${text.endsWith("\n") ? "\n" : ""}`;

/** "A", "A and B", "A, B and C". */
export const andList = (parts: string[]) =>
  parts.length < 2 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;

/** Links to the exercises still to pass before `item` unlocks. */
export function unlockLinks(prerequisites: string[], items: ApiCourseItem[]): string {
  const missing = prerequisites.filter((p) => items.find((i) => i.id === p)?.state !== "passed");
  return andList(
    missing.map((p) => {
      const item = items.find((i) => i.id === p);
      return item
        ? `<a href="#/exercise/${esc(p)}">${esc(item.title)}</a>`
        : `<code>${esc(p)}</code>`;
    }),
  );
}

const courseItems = (course: ApiCourse | null) =>
  course ? course.modules.flatMap((m) => m.items) : [];

/** A copy of the draft the server has not confirmed yet, kept in this browser. */
const localDraft = {
  key: (id: string) => `pydojo-unsaved:${id}`,
  get(id: string): string | null {
    return localStorage.getItem(this.key(id));
  },
  set(id: string, content: string) {
    localStorage.setItem(this.key(id), content);
  },
  clear(id: string) {
    localStorage.removeItem(this.key(id));
  },
};

/** The page shows the title already: drop the instructions' own leading `# Title`. */
const withoutTitle = (text: string) => text.replace(/^\s*#\s[^\n]*\n+/, "");

const solvedOf = (ex: ApiExercise) => ex.progress?.state === "passed" || ex.reference !== null;

function header(ex: ApiExercise): string {
  const solved = solvedOf(ex)
    ? `<span class="badge solved" data-testid="solved-badge">${icons.check()} Solved</span> `
    : ex.locked
      ? `<span class="badge locked">${icons.lock()} Locked</span> `
      : "";
  return `<p class="small crumb"><a href="#/course/${esc(ex.courseId)}">&larr; Course map</a></p><h1>${esc(ex.title)}</h1>
    <p class="meta">${solved}<span class="badge">difficulty ${ex.difficulty}</span> <span class="badge">${ex.xp} XP</span> <span class="badge">~${ex.estimatedMinutes} min</span>${ex.concepts.map((c) => ` <span class="badge concept">${esc(c)}</span>`).join("")}</p>`;
}

/** What the exercise builds on: its lessons (shared concepts, same module) and, if locked, why. */
function notices(ex: ApiExercise, course: ApiCourse | null): string {
  const mod = course?.modules.find((m) => m.items.some((i) => i.id === ex.id));
  const lessons = (mod?.items ?? []).filter(
    (i) => i.type === "lesson" && (i.concepts ?? []).some((c) => ex.concepts.includes(c)),
  );
  const locked = ex.locked
    ? `<div class="notice" data-testid="locked-note">${icons.lock()} <span><b>Locked:</b> pass ${unlockLinks(ex.prerequisites, courseItems(course))} to unlock it. You can read it and Run it here now; Submit counts once you have passed ${ex.prerequisites.length === 1 ? "it" : "them"}.</span></div>`
    : "";
  const reading = lessons.length
    ? `<p class="muted small" data-testid="lesson-links">Lesson: ${lessons.map((l) => `<a href="#/lesson/${esc(l.id)}">${esc(l.title)}</a>`).join(", ")}</p>`
    : "";
  return locked + reading;
}

function toolbar(ex: ApiExercise, canRun: boolean, course: ApiCourse | null): string {
  const lockedNote = ex.locked
    ? `<p class="note" id="submit-locked" data-testid="submit-locked">Submit counts after you pass ${unlockLinks(ex.prerequisites, courseItems(course))}.</p>`
    : "";
  const submit = (cls: string) =>
    `<button id="submit"${cls ? ` class="${cls}"` : ""} title="Grade on the server: this is the verdict that counts"${ex.locked ? ` disabled aria-describedby="submit-locked"` : ""}>Submit</button>`;
  if (canRun)
    return `<button id="run" aria-keyshortcuts="Control+Enter" title="Run the tests in your browser (Ctrl+Enter)">Run</button><button id="stop" class="ghost" disabled>Stop</button>${submit("ghost")}${lockedNote}`;
  return `${submit("")}${lockedNote}<p class="note" data-testid="no-browser-run">${esc(ex.runtimeNote ?? "This exercise needs a Python the browser doesn't have (threads, processes or sockets).")} Submit runs it on the server; to run it on your machine: <code>pydojo pull ${esc(ex.id)}</code> then <code>pydojo test</code>.</p>`;
}

export async function exercisePage(id: string) {
  const courseId = id.split("/")[0]!;
  const [ex, course] = await Promise.all([
    early(`exercise:${id}`, () => client.exercise(id)),
    early(`course:${courseId}`, () => client.course(courseId)).catch(() => null),
  ]);
  const file = ex.solutionFiles[0]!;
  const saved = (ex.draft?.files ?? ex.starter).find((f) => f.path === file)?.content ?? "";
  const unsaved = localDraft.get(id);
  const initial = unsaved ?? saved;
  const canRun = ex.runtimes.includes("pyodide");
  const root = appRoot();
  root.innerHTML = `${header(ex)}${notices(ex, course)}
    <div class="exercise">
      <section class="card markdown" aria-label="Instructions">${ex.instructions === null ? `<p class="muted">This project stage is locked: its ticket opens when you pass the stage before it.</p>` : markdown(withoutTitle(ex.instructions))}<div id="hints" aria-live="polite"></div>${ex.hintCount ? `<button class="ghost" id="hint">Show a hint (0 of ${ex.hintCount})</button>` : ""}</section>
      <section aria-label="Your code">
        <div class="muted small"><span class="file-name">${esc(file)}</span> <span id="saved" role="status">${unsaved !== null && unsaved !== saved ? "· restored your unsaved changes from this browser" : ""}</span></div>
        <div class="editor" id="editor"><pre class="code-text" tabindex="0" aria-label="Your code: ${esc(file)} (the editor is loading)">${preText(initial)}</pre></div>
        <p class="muted small">Tab indents; Esc then Tab moves on. Ctrl+Enter runs.</p>
        <div class="toolbar">${toolbar(ex, canRun, course)}</div>
        <div id="loading" hidden><div class="progress" role="progressbar" aria-label="Loading Python"><span></span></div><p class="muted" id="phase"></p></div>
        <div id="results" aria-live="polite"></div>
        <div id="request-panel"></div>
      </section>
    </div>
    <div id="solutions"></div>
    <section class="card" aria-labelledby="submissions-title"><h2 id="submissions-title">Your submissions</h2><div id="submissions"><p class="muted">Loading…</p></div></section>`;
  // Python starts loading half a second after this page is painted, not while it is being
  // built: on a direct visit the page and its editor come first (on 2 cores, and on a slow line,
  // Python's start took the CPU and the bandwidth they needed), and a Run clicked before Python
  // is ready is a quick run on the server (decision 0016), whose answer Python's downloads would
  // otherwise hold up on a slow line: then Python starts once that answer is in. Reached from
  // the dashboard or the course map, it is loaded already.
  if (canRun) requestAnimationFrame(() => setTimeout(startPython, PYTHON_AFTER_PAINT_MS));
  const editorHost = document.getElementById("editor")!;
  // The learner's code: the editor's once it exists, the text shown until then.
  let view: EditorView | null = null;
  const code = () => (view ? view.state.doc.toString() : initial);
  const files = (): ApiFile[] => [{ path: file, content: code() }];
  // One step per task, so that a click or a key that comes meanwhile (Run, as soon as it is
  // shown) is handled between them, not after all of them.
  void (async () => {
    await afterPaint();
    const m = await codeEditor();
    await yieldToPage();
    if (!editorHost.isConnected) return; // the learner has left the page
    view = m.createCodeEditor({
      parent: editorHost,
      doc: initial,
      label: `Your code: ${file}`,
      onChange: scheduleSave,
    });
    await yieldToPage();
    m.enhanceCode(root.querySelector(".markdown")!);
    if (ex.reference) {
      await yieldToPage();
      m.showSolutions(document.getElementById("solutions")!, id, ex.reference, files());
    }
  })().catch((error: unknown) => {
    editorHost.insertAdjacentHTML(
      "afterend",
      `<p class="error" role="alert">The editor could not load (${esc(errorText(error))}): reload the page to edit your code. Run and Submit still work on it.</p>`,
    );
  });

  const savedLabel = document.getElementById("saved")!;
  let saveTimer: number | undefined;
  // Changes kept in this browser (typed offline, or while the server was down) are saved now.
  if (unsaved !== null && unsaved !== saved)
    saveTimer = window.setTimeout(() => void saveNow(), SAVE_DELAY_MS);
  function scheduleSave() {
    localDraft.set(id, code());
    clearTimeout(saveTimer);
    saveTimer = window.setTimeout(saveNow, SAVE_DELAY_MS);
  }
  async function saveNow() {
    const content = code();
    try {
      const result = await client.saveDraft(id, files());
      if (code() === content) localDraft.clear(id);
      savedLabel.textContent = `· draft saved (v${result.version})`;
      savedLabel.className = "";
    } catch (error) {
      savedLabel.textContent = `· not saved to the server (${errorText(error)}); kept in this browser, retrying`;
      savedLabel.className = "error";
      saveTimer = window.setTimeout(saveNow, 5000);
    }
  }

  wireHints(id);
  const results = document.getElementById("results")!;
  if (canRun) wireRun(ex, editorHost, files, results);
  // The tests made ready in the worker while the learner reads (a Run first makes it moot).
  whenIdle(PREPARE_AFTER_MS, () => editorHost.isConnected && runner.prepare(ex), 2000);
  if (canRun && ex.app && ex.kind !== "write-tests") {
    const app = ex.app;
    void mountRequestPanel(document.getElementById("request-panel")!, id, () => {
      const solution = [...files(), ...ex.support];
      const modules = solution.map((f) => f.path.replace(/\.py$/, "").replace(/\//g, "."));
      return { app, files: solution, modules };
    });
  }
  const history = submissionHistory(ex, results);
  wireSubmit(ex, files, results, history.refresh);
  await history.refresh();
}

const VERDICT: Record<string, string> = { pass: "passed", fail: "failed", error: "error" };

function verdictOf(s: ApiSubmission): { label: string; cls: string } {
  if (s.status === "queued" || s.status === "running") return { label: "grading…", cls: "pending" };
  if (s.status === "infra-error" || !s.result) return { label: "not graded", cls: "error" };
  return { label: VERDICT[s.result.status] ?? s.result.status, cls: s.result.status };
}

/**
 * The learner's past submissions of this exercise, newest first, each with its verdict and date
 * and a button that shows its result. One still being graded (a Submit interrupted by leaving
 * the page) is waited for and updated when its verdict arrives.
 */
function submissionHistory(ex: ApiExercise, results: HTMLElement) {
  const host = document.getElementById("submissions")!;
  let subs: ApiSubmission[] = [];
  let comments: ApiLineComment[] = [];
  const waiting = new Set<string>();
  const render = () => {
    host.innerHTML = subs.length
      ? `<ul class="submissions" data-testid="submission-list">${subs
          .map((s, i) => {
            const v = verdictOf(s);
            const when = new Date(s.createdAt);
            const passed = s.result?.tests.filter((t) => t.status === "pass").length ?? 0;
            const total = s.result?.tests.length ?? 0;
            return `<li data-verdict="${v.cls}"><span class="verdict ${v.cls}">${v.cls === "pass" ? icons.check() : v.cls === "pending" ? "" : icons.cross()} ${v.label}</span> <span class="muted small">${total ? `${passed}/${total} tests · ` : ""}<time datetime="${esc(s.createdAt)}">${esc(when.toLocaleString())}</time></span>${s.result ? ` <button class="ghost small-button" data-show="${i}" aria-label="Show result: the submission of ${esc(when.toLocaleString())}">Show result</button>` : ""}${commentsHtml(comments, s.id)}</li>`;
          })
          .join("")}</ul>`
      : `<p class="muted">None yet. Submit grades your code on the server; that verdict counts.</p>`;
  };
  host.addEventListener("click", (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-show]");
    const sub = button ? subs[Number(button.dataset.show)] : undefined;
    if (!sub?.result) return;
    results.innerHTML = `<p class="muted small">Submitted ${esc(new Date(sub.createdAt).toLocaleString())}</p>${renderResult(sub.result, "on the server", { testFiles: ex.tests })}`;
    results.scrollIntoView({ block: "nearest" });
  });
  const wait = async (id: string) => {
    if (waiting.has(id)) return;
    waiting.add(id);
    try {
      let sub = await client.submission(id, 10);
      while (sub.status === "queued" || sub.status === "running")
        sub = await client.submission(id, 10);
      await refresh();
    } catch {
      // The list says "grading…"; the next visit asks again.
    } finally {
      waiting.delete(id);
    }
  };
  async function refresh() {
    try {
      [subs, comments] = await Promise.all([
        client.submissions(ex.id).then((r) => r.submissions),
        loadComments(ex.id),
      ]);
      render();
      markShown(comments);
      for (const s of subs) if (s.status === "queued" || s.status === "running") void wait(s.id);
    } catch (error) {
      host.innerHTML = `<p class="error">Your submissions could not be loaded: ${esc(errorText(error))}.</p>`;
    }
  }
  return { refresh };
}

function wireHints(id: string) {
  let shown = 0;
  document.getElementById("hint")?.addEventListener("click", async (e) => {
    const button = e.target as HTMLButtonElement;
    try {
      const hint = await client.hint(id, shown + 1);
      shown = hint.shown;
      document
        .getElementById("hints")!
        .insertAdjacentHTML(
          "beforeend",
          `<div class="card hint"><b>Hint ${hint.shown} of ${hint.total}</b>${markdown(hint.hint)}</div>`,
        );
      button.textContent = `Show a hint (${hint.shown} of ${hint.total})`;
      button.disabled = hint.shown >= hint.total;
    } catch (error) {
      button.insertAdjacentHTML("afterend", `<p class="error">${esc(errorSentence(error))}</p>`);
    }
  });
}

/**
 * How long after an exercise page is shown its tests are made ready in the worker
 * (`runner.prepare`): not at once, where it took the CPU the page and a quick click needed.
 */
const PREPARE_AFTER_MS = 1000;
/** How long after an exercise page is painted its Python starts loading (see exercisePage). */
const PYTHON_AFTER_PAINT_MS = 500;
/** A quick run waits for the server's answer: Python's start waits for it too. */
let quickRunning = false;
/** Starts loading the page's Python, unless a quick run's answer is on its way (then after it). */
function startPython(): void {
  if (!quickRunning) runner.warm();
}

function wireRun(
  ex: ApiExercise,
  editorHost: HTMLElement,
  files: () => ApiFile[],
  results: HTMLElement,
) {
  const loading = document.getElementById("loading")!;
  const bar = loading.querySelector<HTMLElement>(".progress")!;
  const phase = document.getElementById("phase")!;
  const runButton = document.getElementById("run") as HTMLButtonElement;
  const stop = document.getElementById("stop") as HTMLButtonElement;
  const showPhase = (text: string, fraction?: number) => {
    phase.textContent = fraction === undefined ? text : `${text} ${Math.round(fraction * 100)}%`;
    bar.classList.toggle("determinate", fraction !== undefined);
    if (fraction !== undefined) {
      bar.querySelector("span")!.style.width = `${Math.round(fraction * 100)}%`;
      bar.setAttribute("aria-valuenow", String(Math.round(fraction * 100)));
    }
  };
  const run = async () => {
    if (runButton.disabled) return;
    runButton.disabled = true;
    stop.disabled = false;
    // The last result stays in place (no jump) but is shown as the old one until the new one.
    results.classList.add("stale");
    results.setAttribute("aria-busy", "true");
    const hideLoading = showWhenSlow(loading);
    const clicked = performance.now();
    try {
      const mine = files();
      const writesTests = ex.kind === "write-tests";
      const solution = writesTests ? ex.support : [...mine, ...ex.support];
      // While this page's Python is still starting, the server runs the same tests (decision
      // 0016); it may say no (no spare grader, offline), and then the browser does.
      const fromServer = runner.ready ? null : await serverRun(ex, mine);
      const job = {
        tests: writesTests ? mine : ex.tests,
        solution,
        solutionModules: solution.map((f) => f.path.replace(/\.py$/, "").replace(/\//g, ".")),
      };
      const result = fromServer ?? (await runner.run(job, showPhase));
      const graded = performance.now();
      if (fromServer)
        runner.ranElsewhere(fromServer.limit || fromServer.tests.some((t) => t.limit) ? null : job);
      results.innerHTML = renderResult(
        result,
        fromServer
          ? "on the server (Python was still starting in your browser)"
          : "in your browser",
        { testFiles: ex.tests, stopped: fromServer ? null : (result as BrowserResult).stopped },
      );
      // For the benchmark: where a Run's time went (the harness, the worker round trip, the page).
      document.documentElement.dataset.lastRun = JSON.stringify({
        where: fromServer ? "server" : "browser",
        grade: fromServer ? null : runner.lastGradeMs,
        worker: graded - clicked,
        render: performance.now() - graded,
      });
    } catch (error) {
      results.innerHTML =
        error instanceof RunStopped
          ? `<div class="summary" data-testid="run-stopped"><p class="error"><b>${icons.stop()} ${esc(error.message)}</b></p><p>Python was restarted; Run again when you're ready.</p></div>`
          : `<p class="error" data-testid="run-stopped">${esc(errorSentence(error))}</p>`;
    } finally {
      hideLoading();
      results.classList.remove("stale");
      results.removeAttribute("aria-busy");
      runButton.disabled = false;
      stop.disabled = true;
    }
  };
  /** A quick run on the server, or null when it can't take one now (the browser runs it). */
  let quick: AbortController | null = null;
  const serverRun = async (exercise: ApiExercise, mine: ApiFile[]) => {
    quick = new AbortController();
    quickRunning = true;
    showPhase("running your code on the server while Python starts here");
    try {
      return (await client.quickRun(exercise.id, mine, quick.signal)).result;
    } catch (error) {
      if (quick.signal.aborted) throw new RunStopped("You stopped the run.");
      void error; // refused or unreachable: not the learner's concern, the browser runs it
      return null;
    } finally {
      quick = null;
      quickRunning = false;
      runner.warm();
    }
  };
  runButton.addEventListener("click", run);
  stop.addEventListener("click", () => {
    if (quick) quick.abort();
    else runner.stop("You stopped the run.");
  });
  editorHost.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run();
    }
  });
}

/** The exercises the learner can't open yet: id -> title. */
async function lockedIds(courseId: string): Promise<Map<string, string>> {
  const course = await client.course(courseId);
  return new Map(
    course.modules.flatMap((m) =>
      m.items.filter((i) => i.locked).map((i) => [i.id, i.title] as const),
    ),
  );
}

function wireSubmit(
  ex: ApiExercise,
  files: () => ApiFile[],
  results: HTMLElement,
  refreshHistory: () => Promise<void>,
) {
  const id = ex.id;
  const button = document.getElementById("submit") as HTMLButtonElement;
  button.addEventListener("click", async () => {
    if (ex.locked) return;
    button.disabled = true;
    const earlier = setAside(results);
    let received = false;
    results.innerHTML = `<div class="progress" role="progressbar" aria-label="Grading on the server"><span></span></div><p class="muted" id="submit-phase">Sending your code…</p>`;
    try {
      const [before, lockedBefore] = await Promise.all([client.progress(), lockedIds(ex.courseId)]);
      let sub = await client.submit(id, files(), crypto.randomUUID());
      received = true;
      void refreshHistory();
      while (sub.status === "queued" || sub.status === "running") {
        const label = document.getElementById("submit-phase");
        if (label)
          label.textContent =
            sub.status === "queued" ? "Waiting for a grader…" : "Grading in the sandbox…";
        sub = await client.submission(sub.id, 10);
      }
      if (!sub.result) {
        results.innerHTML = `<p class="error">${esc(sub.error ?? "The server could not grade it; try Submit again.")}</p>`;
        return;
      }
      const passed = sub.result.status === "pass";
      const [after, lockedAfter] = await Promise.all([
        client.progress(),
        passed ? lockedIds(ex.courseId) : Promise.resolve(lockedBefore),
      ]);
      const gained = Number(after.stats.xp) - Number(before.stats.xp);
      const unlocked = [...lockedBefore].filter(([i]) => !lockedAfter.has(i));
      results.innerHTML =
        (gained > 0
          ? `<div class="celebration" data-testid="xp-gained" role="status">${icons.star()} +${gained} XP <span class="muted">· ${after.stats.xp} XP in all, level ${after.stats.level}</span></div>`
          : "") +
        (unlocked.length
          ? `<p data-testid="unlocked">Unlocked: ${unlocked.map(([u, title]) => `<a href="#/exercise/${u}">${esc(title)}</a>`).join(", ")}</p>`
          : "") +
        renderResult(sub.result, "on the server", { testFiles: ex.tests });
      void refreshHistory();
      if (passed && !document.querySelector("[data-testid=solved-badge]"))
        document
          .querySelector(".meta")
          ?.insertAdjacentHTML(
            "afterbegin",
            `<span class="badge solved" data-testid="solved-badge">${icons.check()} Solved</span> `,
          );
      if (passed) {
        const fresh = await client.exercise(id);
        if (fresh.reference)
          (await codeEditor()).showSolutions(
            document.getElementById("solutions")!,
            id,
            fresh.reference,
            files(),
          );
      }
    } catch (error) {
      showSubmitFailure(results, error, received, earlier);
    } finally {
      button.disabled = ex.locked;
    }
  });
}
