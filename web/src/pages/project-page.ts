/**
 * A project's page (`#/project/<course>/<slug>`): its stages (state, pass dates; locked ones
 * greyed), a stage's instructions and hints, the learner's folder as a file tree with an editor,
 * the stages' tests read-only, draft autosave (kept in this browser until the server has it),
 * Run in the browser with the visible tests of stages 1..n, Submit to the stage's exercise
 * route, results grouped by stage with the seed, the request panel for a project with an app,
 * the stage's submissions, and after a pass: XP, the next stage and the stage's reference.
 */
import { ApiError, type ApiFile, type ApiSubmission } from "../../../src/client/api-client.js";
import {
  buildProjectJob,
  checkProjectFiles,
  newSeed,
  projectModules,
} from "../../../src/core/project.js";
import type { GradeResult } from "../../../src/core/result.js";
import { DEFAULT_LIMITS } from "../../../src/runners/runner.js";
import { RunStopped } from "../browser-runner.js";
import {
  appRoot,
  client,
  errorSentence,
  errorText,
  esc,
  runner,
  showWhenSlow,
} from "../context.js";
import { icons } from "../icons.js";
import { enhanceCode, markdown } from "../markdown.js";
import { type ApiProject, type ApiProjectStage, projectApi } from "./project-api.js";
import { projectStyles } from "./project-card.js";
import { ProjectFiles, type TestFile } from "./project-files.js";
import { mountRequestPanel } from "./request-panel.js";
import { renderResult, setAside, showSubmitFailure } from "./results-view.js";

const SAVE_DELAY_MS = 600;

/** The learner's folder not yet confirmed by the server, kept in this browser. */
const localDraft = {
  key: (id: string) => `pydojo-unsaved-project:${id}`,
  get(id: string): ApiFile[] | null {
    try {
      const raw = localStorage.getItem(this.key(id));
      return raw ? (JSON.parse(raw) as ApiFile[]) : null;
    } catch {
      return null;
    }
  },
  set(id: string, files: ApiFile[]) {
    localStorage.setItem(this.key(id), JSON.stringify(files));
  },
  clear(id: string) {
    localStorage.removeItem(this.key(id));
  },
};

const withoutTitle = (text: string) => text.replace(/^\s*#\s[^\n]*\n+/, "");
const sameFiles = (a: ApiFile[], b: ApiFile[]) => JSON.stringify(a) === JSON.stringify(b);
const date = (iso: string) => new Date(iso).toLocaleDateString();

/** The stage to work on: the first one not passed, or the last when all are. */
function currentStage(p: ApiProject): ApiProjectStage {
  return p.stages.find((s) => s.state !== "passed") ?? p.stages.at(-1)!;
}

const STATE_TEXT: Record<string, string> = {
  passed: "passed",
  attempted: "in progress",
  "not-started": "not started",
};

/** The visible tests of stages 1..n, each with its stage, as the tree and a Run use them. */
function testsUpTo(p: ApiProject, n: number): TestFile[] {
  return p.stages
    .filter((s) => s.n <= n)
    .flatMap((s) => s.tests.map((t) => ({ ...t, stage: s.n })));
}

/** Every test the learner can see (stages not locked). */
const visibleTests = (p: ApiProject) => testsUpTo(p, p.stages.length);

/**
 * "Stage 1 — Routes: all 5 passed" for each stage a result has tests of, and the seed. When
 * the whole run could not start (a test file's import failed: often a function a later stage
 * asks for), `perStage` holds each stage's own run, so the learner still sees which stages pass
 * and which one could not run.
 */
export function stageSummary(
  result: GradeResult,
  p: ApiProject,
  perStage?: Map<number, GradeResult>,
): string {
  const lines = p.stages
    .map((s) => {
      const own = perStage?.get(s.n);
      const tests = (own ?? result).tests.filter((t) => own || t.task_id === s.n);
      // The harness reports a stage whose test file cannot be imported as one error record
      // ("test_02_top.py could not run"); older results ended the whole run instead.
      const unloadable =
        tests.length === 1 && tests[0]!.test_code === "" && / could not run$/.test(tests[0]!.name)
          ? tests[0]!
          : null;
      if (unloadable || (own && !tests.length && own.status === "error")) {
        const why = ((unloadable ?? own)!.message ?? "").split("\n", 1)[0]!;
        return `<li data-stage="${s.n}" data-failing="error">${icons.alert()} <b>Stage ${s.n} — ${esc(s.title)}:</b> could not run: ${esc(why)}</li>`;
      }
      if (!tests.length) return "";
      const failing = tests.filter((t) => t.status === "fail" || t.status === "error").length;
      const text = failing ? `${failing} failing` : `all ${tests.length} passed`;
      return `<li data-stage="${s.n}" data-failing="${failing}">${failing ? icons.cross() : icons.check()} <b>Stage ${s.n} — ${esc(s.title)}:</b> ${text}</li>`;
    })
    .join("");
  const seed =
    result.seed !== undefined
      ? `<p class="muted small" data-testid="seed">Seed <code>${result.seed}</code>: the tests drew their random inputs from it.</p>`
      : "";
  return lines || seed
    ? `<div class="pj-stage-results" data-testid="stage-results">${lines ? `<ul>${lines}</ul>` : ""}${seed}</div>`
    : "";
}

function stagesList(p: ApiProject, selected: number): string {
  return `<ol class="pj-stages" data-testid="stages">${p.stages
    .map((s) => {
      const state = s.locked ? "locked" : s.state;
      const badge =
        state === "passed"
          ? `<span class="badge solved">${icons.check()} passed${s.passedAt ? ` <time datetime="${esc(s.passedAt)}">${esc(date(s.passedAt))}</time>` : ""}</span>`
          : state === "locked"
            ? `<span class="badge locked">${icons.lock()} locked</span>`
            : `<span class="badge">${STATE_TEXT[state] ?? state}</span>`;
      const label = `<span class="pj-stage-n">Stage ${s.n}</span> <span class="pj-stage-title">${esc(s.title)}</span>`;
      return `<li data-state="${state}" data-stage="${s.n}">${
        s.locked
          ? `<span class="pj-stage-button" aria-disabled="true">${label}</span>`
          : `<button type="button" class="pj-stage-button" data-stage="${s.n}"${s.n === selected ? ` aria-current="step"` : ""}>${label}</button>`
      } ${badge}</li>`;
    })
    .join("")}</ol>`;
}

function header(p: ApiProject): string {
  const passed = p.stages.filter((s) => s.state === "passed").length;
  return `<p class="small"><a href="#/course/${esc(p.courseId)}">&larr; Course map</a></p>
    <h1>${esc(p.title)}</h1>
    <p class="muted">${esc(p.summary)}</p>
    <p class="meta"><span class="badge">project</span> <span class="badge">difficulty ${p.difficulty}</span> <span class="badge" data-testid="project-progress">${passed} of ${p.stages.length} stages passed</span>${
      passed
        ? ` <a class="small" href="${esc(projectApi.downloadUrl(p.id))}" download data-testid="download">Download your code (zip)</a>`
        : ""
    }</p>`;
}

export async function projectPage(id: string) {
  await projectStyles();
  const [first, course] = await Promise.all([
    projectApi.project(id),
    client.course(id.split("/")[0]!).catch(() => null),
  ]);
  let p = first;
  const titles = new Map(
    (course?.modules ?? []).flatMap((m) => m.items.map((i) => [i.id, i.title] as const)),
  );
  let selected = currentStage(p).n;
  const saved = p.draft?.files ?? p.starter;
  const unsaved = localDraft.get(id);
  const restored = unsaved !== null && !sameFiles(unsaved, saved);
  // The server has what this browser kept (the page was left right after the save).
  if (unsaved !== null && !restored) localDraft.clear(id);
  const root = appRoot();
  root.innerHTML = `<div id="pj-header">${header(p)}</div>
    ${p.locked ? `<div class="notice" data-testid="locked-note">${icons.lock()} <span><b>Locked:</b> pass ${p.prerequisites.map((x) => `<a href="#/exercise/${esc(x)}">${esc(titles.get(x) ?? x)}</a>`).join(", ")} to start this project.${p.runtimes.includes("pyodide") && visibleTests(p).length > 0 ? " You can try its code with Run here now." : ""}</span></div>` : ""}
    <div class="pj-layout">
      <aside class="card pj-side" aria-labelledby="pj-stages-title">
        <h2 id="pj-stages-title">Stages</h2>
        <div id="pj-stages"></div>
      </aside>
      <section class="card markdown pj-instructions" aria-labelledby="pj-stage-title" id="pj-instructions" tabindex="0"></section>
    </div>
    <section class="card pj-work" aria-label="Your project's code">
      <div id="pj-files"></div>
      <div class="toolbar" id="pj-toolbar"></div>
      <div id="loading" hidden><div class="progress" role="progressbar" aria-label="Loading Python"><span></span></div><p class="muted" id="phase"></p></div>
      <div id="results" aria-live="polite"></div>
    </section>
    <div id="request-panel"></div>
    <div id="pj-reference"></div>
    <section class="card" aria-labelledby="submissions-title"><h2 id="submissions-title">Your submissions</h2><div id="submissions"><p class="muted">Loading…</p></div></section>`;

  const results = document.getElementById("results")!;
  let saveTimer: number | undefined;
  const files = new ProjectFiles(
    document.getElementById("pj-files")!,
    restored ? unsaved : saved,
    visibleTests(p),
    () => scheduleSave(),
    () => void run(),
  );
  const savedLabel = document.getElementById("saved")!;
  /** Said until the server has the restored files, so a failed save doesn't hide it. */
  let restoredNote = restored ? "Restored your unsaved changes from this browser. " : "";
  if (restored) {
    savedLabel.textContent = restoredNote.trim();
    scheduleSave();
  }

  function scheduleSave() {
    localDraft.set(id, files.files());
    clearTimeout(saveTimer);
    saveTimer = window.setTimeout(saveNow, SAVE_DELAY_MS);
  }
  async function saveNow() {
    const now = files.files();
    const problem = checkProjectFiles(now, files.testPaths());
    if (problem) {
      savedLabel.textContent = `Not saved: ${problem}. Kept in this browser.`;
      savedLabel.className = "error";
      return;
    }
    try {
      const result = await projectApi.saveDraft(id, now);
      if (sameFiles(files.files(), now)) localDraft.clear(id);
      restoredNote = "";
      savedLabel.textContent = `Draft saved (v${result.version}).`;
      savedLabel.className = "";
    } catch (error) {
      // A file the rules refuse (400/413) stays refused until it changes: say why, don't retry.
      const refused = error instanceof ApiError && (error.status === 400 || error.status === 413);
      savedLabel.textContent =
        restoredNote +
        (refused
          ? `Not saved: ${errorText(error)}. Kept in this browser.`
          : `Not saved to the server (${errorText(error)}); kept in this browser, retrying.`);
      savedLabel.className = "error";
      if (!refused) saveTimer = window.setTimeout(saveNow, 5000);
    }
  }

  const stage = () => p.stages.find((s) => s.n === selected)!;
  let hintsShown = 0;

  function showStage() {
    const s = stage();
    hintsShown = 0;
    document.getElementById("pj-stages")!.innerHTML = stagesList(p, selected);
    const box = document.getElementById("pj-instructions")!;
    box.innerHTML = `<h2 id="pj-stage-title">Stage ${s.n}: ${esc(s.title)}</h2>
      <p class="meta"><span class="badge">${s.xp} XP</span> <span class="badge">~${s.estimatedMinutes} min</span>${s.concepts.map((c) => ` <span class="badge concept">${esc(c)}</span>`).join("")}</p>
      ${s.n !== currentStage(p).n && s.state === "passed" ? `<p class="muted small" data-testid="earlier-stage">You passed this stage${s.passedAt ? ` on ${esc(date(s.passedAt))}` : ""}. <button type="button" class="link" data-stage="${currentStage(p).n}">Back to stage ${currentStage(p).n}</button></p>` : ""}
      <div data-testid="instructions">${s.instructions === null ? `<p class="muted">${icons.lock()} This stage's instructions and tests open when it unlocks${s.n > 1 ? `: pass stage ${s.n - 1} first` : ""}.</p>` : markdown(withoutTitle(s.instructions))}</div>
      <div id="hints" aria-live="polite"></div>
      ${s.hintCount && !s.locked ? `<button type="button" class="ghost" id="hint">Show a hint (0 of ${s.hintCount})</button>` : ""}`;
    enhanceCode(box);
    document.getElementById("pj-toolbar")!.innerHTML = toolbar(s);
    wireToolbar();
    showReference();
    void history.refresh();
  }

  function toolbar(s: ApiProjectStage): string {
    const canRun = s.runtimes.includes("pyodide");
    const lockedNote = s.locked
      ? `<p class="note" id="submit-locked">Submit counts once the stage unlocks.</p>`
      : "";
    const submit = `<button type="button" id="submit" class="${canRun ? "ghost" : ""}" title="Grade on the server: this is the verdict that counts"${s.locked ? ` disabled aria-describedby="submit-locked"` : ""}>Submit stage ${s.n}</button>`;
    // A locked project's tests are not sent yet: nothing to run until it unlocks.
    const hasTests = testsUpTo(p, s.n).length > 0;
    const stages = s.n === 1 ? "stage 1" : `stages 1–${s.n}`;
    const run =
      canRun && hasTests
        ? `<button type="button" id="run" aria-keyshortcuts="Control+Enter" title="Run the tests of ${s.n === 1 ? "stage 1" : `stages 1 to ${s.n}`} in your browser (Ctrl+Enter)">Run ${stages}</button><button type="button" id="stop" class="ghost" disabled>Stop</button>`
        : `<button type="button" id="run" disabled aria-describedby="${canRun ? "no-tests-yet" : "no-browser-run"}">Run</button>`;
    const why =
      !hasTests && canRun
        ? `<p class="note" id="no-tests-yet">The tests open with the project: Run and Submit work once it unlocks.</p>`
        : canRun
          ? ""
          : `<p class="note" id="no-browser-run" data-testid="no-browser-run">${esc(p.runtimeNote ?? `Stage ${s.n} needs a Python the browser doesn't have (threads, processes or sockets).`)} Submit runs it on the server; on your machine: <code>pydojo pull ${esc(p.id)}</code> then <code>pydojo test</code>.</p>`;
    return `${run}${submit}${lockedNote}${why}`;
  }

  // Stage buttons (the list and "Back to stage n"), hints.
  root.addEventListener("click", async (e) => {
    const target = e.target as HTMLElement;
    const stageButton = target.closest<HTMLElement>("button[data-stage]");
    if (stageButton) {
      selected = Number(stageButton.dataset.stage);
      showStage();
      document.querySelector<HTMLElement>(`.pj-stage-button[data-stage="${selected}"]`)?.focus();
      return;
    }
    const hint = target.closest<HTMLButtonElement>("#hint");
    if (hint) {
      const s = stage();
      try {
        const got = await client.hint(s.id, hintsShown + 1);
        hintsShown = got.shown;
        document
          .getElementById("hints")!
          .insertAdjacentHTML(
            "beforeend",
            `<div class="card hint"><b>Hint ${got.shown} of ${got.total}</b>${markdown(got.hint)}</div>`,
          );
        hint.textContent = `Show a hint (${got.shown} of ${got.total})`;
        hint.disabled = got.shown >= got.total;
      } catch (error) {
        hint.insertAdjacentHTML("afterend", `<p class="error">${esc(errorSentence(error))}</p>`);
      }
    }
  });

  function showReference() {
    const host = document.getElementById("pj-reference")!;
    const s = stage();
    if (!s.reference) {
      host.innerHTML = "";
      return;
    }
    host.innerHTML = `<section class="card" aria-labelledby="pj-ref-title" data-testid="reference"><h2 id="pj-ref-title">Our solution to stage ${s.n}</h2><p class="muted">You passed: compare your folder with ours after stage ${s.n}.</p>${s.reference
      .map(
        (f) =>
          `<div class="snippet"><p class="muted small">${esc(f.path)}</p><pre><code class="language-${f.path.endsWith(".py") ? "python" : "text"}">${esc(f.content)}</code></pre></div>`,
      )
      .join("")}</section>`;
    enhanceCode(host);
  }

  // Run in the browser.
  const loading = document.getElementById("loading")!;
  const phase = document.getElementById("phase")!;
  const bar = loading.querySelector<HTMLElement>(".progress")!;
  const showPhase = (text: string, fraction?: number) => {
    phase.textContent = fraction === undefined ? text : `${text} ${Math.round(fraction * 100)}%`;
    bar.classList.toggle("determinate", fraction !== undefined);
    if (fraction !== undefined)
      bar.querySelector("span")!.style.width = `${Math.round(fraction * 100)}%`;
  };
  let running = false;
  async function run() {
    const s = stage();
    const button = document.getElementById("run") as HTMLButtonElement | null;
    if (running || !button || button.disabled || !s.runtimes.includes("pyodide")) return;
    const problem = checkProjectFiles(files.files(), files.testPaths());
    if (problem) {
      results.innerHTML = `<p class="error" role="alert">Can't run: ${esc(problem)}</p>`;
      return;
    }
    running = true;
    button.disabled = true;
    const stop = document.getElementById("stop") as HTMLButtonElement;
    stop.disabled = false;
    const hideLoading = showWhenSlow(loading);
    try {
      const tests = testsUpTo(p, s.n);
      const mine = files.files();
      const seed = newSeed();
      const job = (only: TestFile[]) =>
        buildProjectJob({ tests: only, files: mine, limits: DEFAULT_LIMITS, seed });
      const result = await runner.run(job(tests), showPhase);
      // Nothing ran (a test file could not be imported): run each stage on its own to say
      // which stages pass and which one could not start.
      let perStage: Map<number, GradeResult> | undefined;
      if (result.status === "error" && !result.tests.length && !result.stopped && s.n > 1) {
        perStage = new Map();
        for (let k = 1; k <= s.n; k++) {
          const only = tests.filter((t) => t.stage === k);
          if (only.length) perStage.set(k, await runner.run(job(only), showPhase));
        }
      }
      results.innerHTML =
        stageSummary(result, p, perStage) +
        renderResult(result, "in your browser", { testFiles: tests, stopped: result.stopped });
    } catch (error) {
      results.innerHTML =
        error instanceof RunStopped
          ? `<div class="summary" data-testid="run-stopped"><p class="error"><b>${icons.stop()} ${esc(error.message)}</b></p><p>Python was restarted; Run again when you're ready.</p></div>`
          : `<p class="error" data-testid="run-stopped">${esc(errorSentence(error))}</p>`;
    } finally {
      running = false;
      hideLoading();
      button.disabled = false;
      stop.disabled = true;
    }
  }

  function wireToolbar() {
    document.getElementById("run")?.addEventListener("click", () => void run());
    document
      .getElementById("stop")
      ?.addEventListener("click", () => runner.stop("You stopped the run."));
    document.getElementById("submit")?.addEventListener("click", () => void submit());
  }

  async function submit() {
    const s = stage();
    const button = document.getElementById("submit") as HTMLButtonElement;
    if (s.locked || button.disabled) return;
    const problem = checkProjectFiles(files.files(), files.testPaths());
    if (problem) {
      results.innerHTML = `<p class="error" role="alert">Can't submit: ${esc(problem)}</p>`;
      return;
    }
    button.disabled = true;
    const earlier = setAside(results);
    let received = false;
    results.innerHTML = `<div class="progress" role="progressbar" aria-label="Grading on the server"><span></span></div><p class="muted" id="submit-phase">Sending your code…</p>`;
    try {
      const before = await client.progress();
      let sub = await client.submit(s.id, files.files(), crypto.randomUUID());
      received = true;
      void history.refresh();
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
      const after = await client.progress();
      const gained = Number(after.stats.xp) - Number(before.stats.xp);
      if (passed) {
        p = await projectApi.project(id);
        files.setTests(visibleTests(p));
        document.getElementById("pj-header")!.innerHTML = header(p);
      }
      const next = p.stages.find((x) => x.n === s.n + 1);
      const result = sub.result;
      showStage();
      results.innerHTML =
        (gained > 0
          ? `<div class="celebration" data-testid="xp-gained" role="status">${icons.star()} +${gained} XP <span class="muted">· stage ${s.n} passed · ${after.stats.xp} XP in all</span></div>`
          : "") +
        (passed && next && !next.locked
          ? `<p><button type="button" id="next-stage" data-stage="${next.n}">Next stage: ${esc(next.title)}</button></p>`
          : "") +
        (passed && !next
          ? `<p data-testid="project-done"><b>${icons.check()} Project complete:</b> every stage passes. <a href="${esc(projectApi.downloadUrl(p.id))}" download>Download your code</a></p>`
          : "") +
        stageSummary(result, p) +
        renderResult(result, "on the server", { testFiles: testsUpTo(p, s.n) });
    } catch (error) {
      showSubmitFailure(results, error, received, earlier);
    } finally {
      const again = document.getElementById("submit") as HTMLButtonElement | null;
      if (again) again.disabled = stage().locked;
    }
  }

  const history = submissionHistory(
    () => stage(),
    () => p,
    results,
  );
  showStage();
  // The panel runs the app with the page's Python: only for projects that run there.
  if (p.app && p.runtimes.includes("pyodide")) {
    const app = p.app;
    void mountRequestPanel(document.getElementById("request-panel")!, p.id, () => {
      const mine = files.files();
      return {
        app,
        files: mine,
        modules: projectModules(mine),
      };
    });
  }
  if (stage().runtimes.includes("pyodide")) runner.warm();
}

const VERDICT: Record<string, string> = { pass: "passed", fail: "failed", error: "error" };

/** The selected stage's submissions, newest first, each with its verdict and a Show result. */
function submissionHistory(
  stage: () => ApiProjectStage,
  project: () => ApiProject,
  results: HTMLElement,
) {
  const host = document.getElementById("submissions")!;
  let subs: ApiSubmission[] = [];
  host.addEventListener("click", (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-show]");
    const sub = button ? subs[Number(button.dataset.show)] : undefined;
    if (!sub?.result) return;
    results.innerHTML = `<p class="muted small">Submitted ${esc(new Date(sub.createdAt).toLocaleString())}</p>${stageSummary(sub.result, project())}${renderResult(sub.result, "on the server", { testFiles: testsUpTo(project(), stage().n) })}`;
    results.scrollIntoView({ block: "nearest" });
  });
  async function refresh() {
    const s = stage();
    document.getElementById("submissions-title")!.textContent = `Your submissions of stage ${s.n}`;
    try {
      subs = (await client.submissions(s.id)).submissions;
      if (stage().n !== s.n) return;
      host.innerHTML = subs.length
        ? `<ul class="submissions" data-testid="submission-list">${subs
            .map((x, i) => {
              const v =
                x.status === "queued" || x.status === "running"
                  ? { label: "grading…", cls: "pending" }
                  : !x.result
                    ? { label: "not graded", cls: "error" }
                    : { label: VERDICT[x.result.status] ?? x.result.status, cls: x.result.status };
              const when = new Date(x.createdAt).toLocaleString();
              const passedN = x.result?.tests.filter((t) => t.status === "pass").length ?? 0;
              const total = x.result?.tests.length ?? 0;
              return `<li data-verdict="${v.cls}"><span class="verdict ${v.cls}">${v.cls === "pass" ? icons.check() : v.cls === "pending" ? "" : icons.cross()} ${v.label}</span> <span class="muted small">${total ? `${passedN}/${total} tests · ` : ""}<time datetime="${esc(x.createdAt)}">${esc(when)}</time></span>${x.result ? ` <button type="button" class="ghost small-button" data-show="${i}" aria-label="Show result: the submission of ${esc(when)}">Show result</button>` : ""}</li>`;
            })
            .join("")}</ul>`
        : `<p class="muted">None yet. Submit grades your folder on the server with the tests of stages 1 to ${s.n}; that verdict counts.</p>`;
    } catch (error) {
      host.innerHTML = `<p class="error">Your submissions could not be loaded: ${esc(errorText(error))}.</p>`;
    }
  }
  return { refresh };
}
