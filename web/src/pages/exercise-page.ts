/**
 * The exercise page: instructions and hints beside a CodeMirror editor; Run grades in the
 * browser (Pyodide in a Web Worker, advisory), Submit grades in the server's sandbox (the verdict
 * that counts). The draft autosaves; if the server can't be reached it is kept in this browser
 * and offered again on the next visit, so no keystroke is lost.
 */
import { indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { basicSetup, EditorView } from "codemirror";
import { keymap } from "@codemirror/view";
import { ApiError, type ApiExercise, type ApiFile } from "../../../src/client/api-client.js";
import { appRoot, client, esc, runner } from "../context.js";
import { editorTheme } from "../editor-theme.js";
import { enhanceCode, markdown } from "../markdown.js";
import { renderResult } from "./results-view.js";
import { showSolutions } from "./solutions-view.js";

const SAVE_DELAY_MS = 600;
const errorText = (error: unknown) =>
  error instanceof ApiError ? error.message : String((error as Error)?.message ?? error);

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

function header(ex: ApiExercise): string {
  return `<h1>${esc(ex.title)}</h1>
    <p class="meta"><span class="badge">difficulty ${ex.difficulty}</span> <span class="badge">${ex.xp} XP</span> <span class="badge">~${ex.estimatedMinutes} min</span>${ex.concepts.map((c) => ` <span class="badge concept">${esc(c)}</span>`).join("")}</p>`;
}

function toolbar(ex: ApiExercise, canRun: boolean): string {
  if (canRun)
    return `<button id="run" aria-keyshortcuts="Control+Enter" title="Run the tests in your browser (Ctrl+Enter)">Run</button><button id="stop" class="ghost" disabled>Stop</button><button id="submit" class="ghost" title="Grade on the server: this is the verdict that counts">Submit</button>`;
  return `<button id="submit">Submit</button><p class="note" data-testid="no-browser-run">${esc(ex.runtimeNote ?? "This exercise needs a Python the browser doesn't have (threads, processes or sockets).")} Submit runs it on the server; to run it on your machine: <code>pydojo pull ${esc(ex.id)}</code> then <code>pydojo test</code>.</p>`;
}

export async function exercisePage(id: string) {
  const ex: ApiExercise = await client.exercise(id);
  const file = ex.solutionFiles[0]!;
  const saved = (ex.draft?.files ?? ex.starter).find((f) => f.path === file)?.content ?? "";
  const unsaved = localDraft.get(id);
  const initial = unsaved ?? saved;
  const canRun = ex.runtimes.includes("pyodide");
  const root = appRoot();
  root.innerHTML = `${header(ex)}
    <div class="exercise">
      <section class="card markdown" aria-label="Instructions">${markdown(withoutTitle(ex.instructions))}<div id="hints" aria-live="polite"></div>${ex.hintCount ? `<button class="ghost" id="hint">Show a hint (0 of ${ex.hintCount})</button>` : ""}</section>
      <section aria-label="Your code">
        <div class="muted small"><span class="file-name">${esc(file)}</span> <span id="saved" role="status">${unsaved !== null && unsaved !== saved ? "· restored your unsaved changes from this browser" : ""}</span></div>
        <div class="editor" id="editor"></div>
        <p class="muted small">Tab indents; Esc then Tab moves on. Ctrl+Enter runs.</p>
        <div class="toolbar">${toolbar(ex, canRun)}</div>
        <div id="loading" hidden><div class="progress" role="progressbar" aria-label="Loading Python"><span></span></div><p class="muted" id="phase"></p></div>
        <div id="results" aria-live="polite"></div>
      </section>
    </div>
    <div id="solutions"></div>`;
  enhanceCode(root.querySelector(".markdown")!);
  if (canRun) runner.warm();
  const view = new EditorView({
    doc: initial,
    extensions: [
      basicSetup,
      keymap.of([indentWithTab]),
      python(),
      editorTheme(),
      EditorView.contentAttributes.of({ "aria-label": `Your code: ${file}`, id: "editor-content" }),
      EditorView.updateListener.of((u) => u.docChanged && scheduleSave()),
    ],
    parent: document.getElementById("editor")!,
  });
  const files = (): ApiFile[] => [{ path: file, content: view.state.doc.toString() }];
  if (ex.reference) showSolutions(document.getElementById("solutions")!, id, ex.reference, files());

  const savedLabel = document.getElementById("saved")!;
  let saveTimer: number | undefined;
  function scheduleSave() {
    localDraft.set(id, view.state.doc.toString());
    clearTimeout(saveTimer);
    saveTimer = window.setTimeout(saveNow, SAVE_DELAY_MS);
  }
  async function saveNow() {
    const content = view.state.doc.toString();
    try {
      const result = await client.saveDraft(id, files());
      if (view.state.doc.toString() === content) localDraft.clear(id);
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
  if (canRun) wireRun(ex, view, files, results);
  wireSubmit(ex, files, results);
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
      button.insertAdjacentHTML("afterend", `<p class="error">${esc(errorText(error))}</p>`);
    }
  });
}

function wireRun(ex: ApiExercise, view: EditorView, files: () => ApiFile[], results: HTMLElement) {
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
    loading.hidden = false;
    try {
      const mine = files();
      const writesTests = ex.kind === "write-tests";
      const solution = writesTests ? ex.support : [...mine, ...ex.support];
      const result = await runner.run(
        {
          tests: writesTests ? mine : ex.tests,
          solution,
          solutionModules: solution.map((f) => f.path.replace(/\.py$/, "").replace(/\//g, ".")),
        },
        showPhase,
      );
      results.innerHTML = renderResult(result, "in your browser");
    } catch (error) {
      results.innerHTML = `<p class="error" data-testid="run-stopped">${esc(errorText(error))}</p>`;
    } finally {
      loading.hidden = true;
      runButton.disabled = false;
      stop.disabled = true;
    }
  };
  runButton.addEventListener("click", run);
  stop.addEventListener("click", () => runner.stop("stopped: you pressed Stop"));
  view.dom.addEventListener("keydown", (e) => {
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

function wireSubmit(ex: ApiExercise, files: () => ApiFile[], results: HTMLElement) {
  const id = ex.id;
  const button = document.getElementById("submit") as HTMLButtonElement;
  button.addEventListener("click", async () => {
    button.disabled = true;
    results.innerHTML = `<div class="progress" role="progressbar" aria-label="Grading on the server"><span></span></div><p class="muted" id="submit-phase">Sending your code…</p>`;
    try {
      const [before, lockedBefore] = await Promise.all([client.progress(), lockedIds(ex.courseId)]);
      let sub = await client.submit(id, files(), crypto.randomUUID());
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
          ? `<div class="celebration" data-testid="xp-gained" role="status"><span aria-hidden="true">🎉</span> +${gained} XP <span class="muted">· ${after.stats.xp} XP in all, level ${after.stats.level}</span></div>`
          : "") +
        (unlocked.length
          ? `<p data-testid="unlocked">Unlocked: ${unlocked.map(([u, title]) => `<a href="#/exercise/${u}">${esc(title)}</a>`).join(", ")}</p>`
          : "") +
        renderResult(sub.result, "on the server");
      if (passed) {
        const fresh = await client.exercise(id);
        if (fresh.reference)
          showSolutions(document.getElementById("solutions")!, id, fresh.reference, files());
      }
    } catch (error) {
      results.innerHTML = `<p class="error" role="alert">Submit failed: ${esc(errorText(error))}</p>`;
    } finally {
      button.disabled = false;
    }
  });
}
