/**
 * The learner's web app: sign in, dashboard, course map, lessons, and the exercise page with a
 * CodeMirror editor, Run (Pyodide in a Web Worker, in the browser) and Submit (the server's
 * sandbox). A small hash-routed app on the typed API client.
 */
import { python } from "@codemirror/lang-python";
import { EditorState } from "@codemirror/state";
import { basicSetup, EditorView } from "codemirror";
import DOMPurify from "dompurify";
import { marked } from "marked";
import {
  ApiError,
  PydojoClient,
  type ApiExercise,
  type ApiFile,
} from "../../src/client/api-client.js";
import type { GradeResult } from "../../src/core/result.js";
import { BrowserRunner } from "./browser-runner.js";

const client = new PydojoClient({ baseUrl: location.origin });
const app = document.getElementById("app")!;
const runner = new BrowserRunner();
let signedIn = false;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
marked.use({
  renderer: {
    code({ text, lang }: { text: string; lang?: string }) {
      const [language, run, error] = (lang ?? "").split(/\s+/);
      const runnable =
        language === "python" && run === "run"
          ? ` data-run="${error === "error" ? "error" : "run"}"`
          : "";
      return `<div class="snippet"${runnable}><pre><code class="language-${esc(language ?? "")}">${esc(text)}</code></pre></div>`;
    },
  },
});
const markdown = (text: string) =>
  DOMPurify.sanitize(marked.parse(text, { async: false }) as string);

/** Python code blocks become read-only highlighted editors; runnable ones get a Run button. */
function enhanceCode(root: HTMLElement) {
  for (const block of root.querySelectorAll<HTMLElement>(".snippet")) {
    const code = block.querySelector("code");
    if (!code?.classList.contains("language-python")) continue;
    const source = code.textContent ?? "";
    const holder = document.createElement("div");
    holder.className = "editor readonly";
    block.querySelector("pre")!.replaceWith(holder);
    new EditorView({
      doc: source,
      extensions: [
        basicSetup,
        python(),
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
      ],
      parent: holder,
    });
    if (!block.dataset.run) continue;
    const button = document.createElement("button");
    button.className = "ghost";
    button.textContent = "Run";
    const out = document.createElement("pre");
    out.hidden = true;
    button.addEventListener("click", async () => {
      button.disabled = true;
      button.textContent = "Running…";
      const result = await runner.exec(source);
      out.hidden = false;
      out.textContent = result.output + (result.error ?? "");
      out.className = result.error ? "error" : "";
      button.disabled = false;
      button.textContent = "Run";
    });
    block.append(button, out);
  }
}

function setTheme(dark: boolean) {
  document.documentElement.classList.toggle("dark", dark);
  localStorage.setItem("pydojo-theme", dark ? "dark" : "light");
}
setTheme(
  (localStorage.getItem("pydojo-theme") ??
    (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light")) === "dark",
);
document
  .getElementById("theme")!
  .addEventListener("click", () => setTheme(!document.documentElement.classList.contains("dark")));

let courseId: string | null = null;

async function firstCourse(): Promise<string> {
  courseId ??= (await client.courses()).courses[0]?.id ?? null;
  if (!courseId) throw new Error("this server has no course yet");
  return courseId;
}

function nav() {
  document.getElementById("nav")!.innerHTML = signedIn
    ? `<a href="#/">Dashboard</a><a href="#/course/${courseId ?? ""}">Course</a><a href="#/logout">Log out</a>`
    : `<a href="#/login">Log in</a>`;
}

async function authPage(mode: "login" | "signup") {
  app.innerHTML = `<div class="card auth"><h1>${mode === "login" ? "Log in" : "Create your account"}</h1>
    <form id="auth">
      ${mode === "signup" ? `<label>Name <input name="displayName" required autocomplete="name"></label>` : ""}
      <label>Email <input name="email" type="email" required autocomplete="email"></label>
      <label>Password <input name="password" type="password" required minlength="${mode === "signup" ? 10 : 1}" autocomplete="${mode === "login" ? "current-password" : "new-password"}"></label>
      <p class="error" id="auth-error" role="alert"></p>
      <button type="submit">${mode === "login" ? "Log in" : "Sign up"}</button>
    </form>
    <p class="muted">${mode === "login" ? `New here? <a href="#/signup">Create an account</a>` : `Have an account? <a href="#/login">Log in</a>`}</p></div>`;
  document.getElementById("auth")!.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(e.target as HTMLFormElement)) as Record<
      string,
      string
    >;
    try {
      if (mode === "signup")
        await client.signup({
          email: data.email!,
          password: data.password!,
          displayName: data.displayName!,
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        });
      else await client.login(data.email!, data.password!);
      signedIn = true;
      location.hash = "#/";
    } catch (error) {
      document.getElementById("auth-error")!.textContent =
        error instanceof ApiError ? error.message : String(error);
    }
  });
}

async function dashboard() {
  const [progress, course] = await Promise.all([
    client.progress(),
    client.course(await firstCourse()),
  ]);
  const s = progress.stats as {
    xp: number;
    level: number;
    current: number;
    needed: number;
    streakDays: number;
  };
  const exercises = course.modules.flatMap((m) => m.items.filter((i) => i.type === "exercise"));
  const next = exercises.find((e) => !e.locked && e.state !== "passed");
  const days = Array.from({ length: 14 }, (_, i) =>
    new Date(Date.now() - (13 - i) * 86400000).toISOString().slice(0, 10),
  );
  const byDay = new Map(progress.activity.map((a) => [a.day, a.submissions]));
  const max = Math.max(1, ...days.map((d) => byDay.get(d) ?? 0));
  app.innerHTML = `<h1>Welcome back</h1>
    <div class="card stats">
      <div class="stat"><span class="muted">XP</span><b data-testid="xp">${s.xp}</b></div>
      <div class="stat"><span class="muted">Level</span><b>${s.level}</b><div class="bar"><span style="width:${Math.round((100 * s.current) / s.needed)}%"></span></div></div>
      <div class="stat"><span class="muted">Streak</span><b>${s.streakDays} day${s.streakDays === 1 ? "" : "s"}</b></div>
      <div class="stat"><span class="muted">Done</span><b>${exercises.filter((e) => e.state === "passed").length} / ${exercises.length}</b></div>
    </div>
    ${next ? `<div class="card"><span class="muted">Next up</span><h2><a href="#/exercise/${next.id}">${esc(next.title)}</a></h2></div>` : ""}
    <div class="card"><h2>Modules</h2>${course.modules
      .map((m) => {
        const ex = m.items.filter((i) => i.type === "exercise");
        const done = ex.filter((i) => i.state === "passed").length;
        return `<p>${esc(m.title)} <span class="muted">${done}/${ex.length}</span></p><div class="bar"><span style="width:${Math.round((100 * done) / Math.max(ex.length, 1))}%"></span></div>`;
      })
      .join("")}</div>
    <div class="card"><h2>Activity, last 14 days</h2><div class="activity" aria-label="submissions per day">${days
      .map(
        (d) =>
          `<span title="${d}: ${byDay.get(d) ?? 0}" style="height:${Math.round((100 * (byDay.get(d) ?? 0)) / max)}%"></span>`,
      )
      .join("")}</div></div>`;
}

const STATE_LABEL: Record<string, string> = {
  passed: "✓ done",
  attempted: "in progress",
  started: "in progress",
  "not-started": "new",
};

async function coursePage(id: string) {
  const course = await client.course(id);
  app.innerHTML = `<h1>${esc(course.title)}</h1><p class="muted">${esc(course.description)}</p>${course.modules
    .map(
      (m) =>
        `<div class="card"><h2>${esc(m.title)}</h2><p class="muted">${esc(m.summary)}</p><ul class="items">${m.items
          .map((i) =>
            i.type === "lesson"
              ? `<li><span class="badge">lesson</span> <a href="#/lesson/${i.id}">${esc(i.title)}</a> <span class="muted">${i.minutes} min</span></li>`
              : `<li data-state="${i.locked ? "locked" : i.state}"><span class="badge">${i.locked ? "locked" : STATE_LABEL[i.state ?? "not-started"]}</span> ${i.locked ? `<span class="muted">${esc(i.title)}</span>` : `<a href="#/exercise/${i.id}">${esc(i.title)}</a>`} <span class="muted">difficulty ${i.difficulty}</span>${i.capstone ? ` <span class="badge">capstone</span>` : ""}</li>`,
          )
          .join("")}</ul></div>`,
    )
    .join("")}`;
}

async function lessonPage(id: string) {
  const lesson = await client.lesson(id);
  app.innerHTML = `<article class="card markdown">${markdown(lesson.markdown)}</article>`;
  enhanceCode(app);
}

/** After a pass: the reference solution, and other learners' passing solutions on request. */
function showSolutions(host: HTMLElement, id: string, reference: ApiFile[]) {
  host.innerHTML = `<div class="card"><h2>Solutions</h2><p class="muted">You passed: compare your code with ours and with other learners'.</p>
    ${reference.map((f) => `<div class="snippet"><p class="muted">reference · ${esc(f.path)}</p><pre><code class="language-python">${esc(f.content)}</code></pre></div>`).join("")}
    <button class="ghost" id="community">Show other learners' solutions</button><div id="community-list"></div></div>`;
  enhanceCode(host);
  host.querySelector("#community")!.addEventListener("click", async (e) => {
    (e.target as HTMLButtonElement).disabled = true;
    const { solutions } = await client.solutions(id);
    const list = host.querySelector<HTMLElement>("#community-list")!;
    list.innerHTML = solutions.length
      ? solutions
          .map(
            (s, i) =>
              `<div class="snippet"><p class="muted">learner ${i + 1}</p><pre><code class="language-python">${esc(s.files.map((f) => f.content).join("\n"))}</code></pre></div>`,
          )
          .join("")
      : `<p class="muted">No one else has passed it yet.</p>`;
    enhanceCode(list);
  });
}

/**
 * Expected and actual side by side, with the part after their common beginning (and before their
 * common end) highlighted: for strings and lists that is the first place they differ.
 */
function diffView(expected: string, actual: string): string {
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

function renderResult(result: GradeResult, where: string): string {
  const counts = result.tests.reduce(
    (acc, t) => ((acc[t.status] = (acc[t.status] ?? 0) + 1), acc),
    {} as Record<string, number>,
  );
  const head =
    result.status === "error"
      ? `<p class="error"><b>${result.tests.length ? "The run was stopped" : "No test could run"}</b></p><pre>${esc(result.message ?? "")}</pre>`
      : `<p><b class="${result.status === "pass" ? "celebrate" : "error"}">${result.status === "pass" ? "All tests pass" : "Some tests fail"}</b> <span class="muted">${counts.pass ?? 0} passed, ${(counts.fail ?? 0) + (counts.error ?? 0)} failed · ${where} · ${Math.round(result.duration_ms)} ms</span></p>`;
  return (
    head +
    result.tests
      .map(
        (t) =>
          `<div class="test ${t.status}" data-testid="test-${t.status}"><b>${t.status === "pass" ? "✓" : "✗"} ${esc(t.name)}</b>${
            t.status !== "pass" && t.message ? `<pre>${esc(t.message)}</pre>` : ""
          }${
            t.expected != null && t.actual != null && t.status !== "pass"
              ? diffView(t.expected, t.actual)
              : ""
          }${t.learner_line != null ? `<p class="muted">your code, line ${t.learner_line}</p>` : ""}${t.output ? `<span class="muted">output</span><pre>${esc(t.output)}</pre>` : ""}</div>`,
      )
      .join("")
  );
}

async function exercisePage(id: string) {
  const ex: ApiExercise = await client.exercise(id);
  const file = ex.solutionFiles[0]!;
  const initial = (ex.draft?.files ?? ex.starter).find((f) => f.path === file)?.content ?? "";
  const canRun = ex.runtimes.includes("pyodide");
  app.innerHTML = `<h1>${esc(ex.title)} <span class="badge">difficulty ${ex.difficulty}</span> <span class="badge">${ex.xp} XP</span></h1>
    <div class="exercise">
      <section class="card markdown">${markdown(ex.instructions)}<div id="hints"></div>${ex.hintCount ? `<button class="ghost" id="hint">Show a hint (0 of ${ex.hintCount})</button>` : ""}</section>
      <section>
        <div class="muted">${esc(file)} <span id="saved"></span></div>
        <div class="editor" id="editor"></div>
        <div class="toolbar">
          ${canRun ? `<button id="run" title="Ctrl+Enter">Run</button><button id="stop" class="ghost" disabled>Stop</button>` : `<span class="muted">${esc(ex.runtimeNote ?? "This exercise needs CPython: Submit to run it on the server, or use the CLI.")}</span>`}
          <button id="submit" class="ghost">Submit</button>
        </div>
        <div id="loading" hidden><div class="progress"><span></span></div><p class="muted" id="phase"></p></div>
        <div id="results" aria-live="polite"></div>
      </section>
    </div>
    <div id="solutions"></div>`;
  enhanceCode(app.querySelector(".markdown")!);
  if (canRun) runner.warm();
  if (ex.reference) showSolutions(document.getElementById("solutions")!, id, ex.reference);
  const view = new EditorView({
    doc: initial,
    extensions: [
      basicSetup,
      python(),
      EditorView.updateListener.of((u) => u.docChanged && scheduleSave()),
    ],
    parent: document.getElementById("editor")!,
  });
  const files = (): ApiFile[] => [{ path: file, content: view.state.doc.toString() }];
  let saveTimer: number | undefined;
  let version = ex.draft?.version;
  function scheduleSave() {
    clearTimeout(saveTimer);
    saveTimer = window.setTimeout(async () => {
      const saved = await client.saveDraft(id, files());
      version = saved.version;
      document.getElementById("saved")!.textContent = `· draft saved (v${version})`;
    }, 600);
  }
  let shown = 0;
  document.getElementById("hint")?.addEventListener("click", async (e) => {
    const hint = await client.hint(id, ++shown);
    document
      .getElementById("hints")!
      .insertAdjacentHTML(
        "beforeend",
        `<div class="card"><b>Hint ${hint.shown}</b>${markdown(hint.hint)}</div>`,
      );
    const button = e.target as HTMLButtonElement;
    button.textContent = `Show a hint (${hint.shown} of ${hint.total})`;
    button.disabled = hint.shown >= hint.total;
  });
  const results = document.getElementById("results")!;
  const run = async () => {
    const loading = document.getElementById("loading")!;
    const runButton = document.getElementById("run") as HTMLButtonElement;
    const stop = document.getElementById("stop") as HTMLButtonElement;
    runButton.disabled = true;
    stop.disabled = false;
    loading.hidden = false;
    try {
      const tests = ex.kind === "write-tests" ? files() : ex.tests;
      const solution = ex.kind === "write-tests" ? ex.support : [...files(), ...ex.support];
      const modules = (ex.kind === "write-tests" ? ex.support : [...files(), ...ex.support]).map(
        (f) => f.path.replace(/\.py$/, "").replace(/\//g, "."),
      );
      const result = await runner.run(
        { tests, solution, solutionModules: modules },
        (phase) => (document.getElementById("phase")!.textContent = phase),
      );
      results.innerHTML = renderResult(result, "in your browser");
    } catch (error) {
      results.innerHTML = `<p class="error">${esc(String((error as Error).message ?? error))}</p>`;
    } finally {
      loading.hidden = true;
      runButton.disabled = false;
      stop.disabled = true;
    }
  };
  document.getElementById("run")?.addEventListener("click", run);
  document.getElementById("stop")?.addEventListener("click", () => runner.stop());
  view.dom.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && canRun) {
      e.preventDefault();
      void run();
    }
  });
  document.getElementById("submit")!.addEventListener("click", async () => {
    results.innerHTML = `<div class="progress"><span></span></div><p class="muted">Grading on the server…</p>`;
    const before = (await client.progress()).stats.xp as number;
    let sub = await client.submit(id, files(), crypto.randomUUID());
    while (sub.status === "queued" || sub.status === "running")
      sub = await client.submission(sub.id, 10);
    if (!sub.result) {
      results.innerHTML = `<p class="error">${esc(sub.error ?? "not graded")}</p>`;
      return;
    }
    const after = (await client.progress()).stats.xp as number;
    results.innerHTML =
      (after > before
        ? `<p class="celebrate" data-testid="xp-gained">🎉 +${after - before} XP</p>`
        : "") + renderResult(sub.result, "on the server");
    if (sub.result.status === "pass") {
      const fresh = await client.exercise(id);
      if (fresh.reference)
        showSolutions(document.getElementById("solutions")!, id, fresh.reference);
    }
  });
}

async function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [page, ...rest] = hash.split("/");
  try {
    if (!signedIn) {
      try {
        await client.me();
        signedIn = true;
      } catch {
        signedIn = false;
      }
    }
    if (signedIn) await firstCourse();
    nav();
    if (page === "signup") return await authPage("signup");
    if (page === "login" || !signedIn) return await authPage("login");
    if (page === "logout") {
      await client.logout();
      signedIn = false;
      location.hash = "#/login";
      return;
    }
    if (page === "course") return await coursePage(rest[0]!);
    if (page === "lesson") return await lessonPage(rest.join("/"));
    if (page === "exercise") return await exercisePage(rest.join("/"));
    if (page === "" || page === undefined) return await dashboard();
    app.innerHTML = `<div class="card"><p>Nothing here. <a href="#/">Back to the dashboard</a></p></div>`;
  } catch (error) {
    app.innerHTML = `<div class="card"><p class="error">${esc(error instanceof ApiError ? error.message : String(error))}</p></div>`;
  }
}

addEventListener("hashchange", route);
void route();
