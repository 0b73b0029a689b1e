/**
 * The learner's web app: sign in, dashboard, course map, lessons, and the exercise page with a
 * CodeMirror editor, Run (Pyodide in a Web Worker, in the browser) and Submit (the server's
 * sandbox). A small hash-routed app on the typed API client; each page is a module in pages/.
 */
import { ApiError, type ApiUser } from "../../src/client/api-client.js";
import {
  appRoot,
  client,
  dropEarly,
  dropEarlyFetches,
  esc,
  isOffline,
  runner,
  startEarly,
  whenIdle,
} from "./context.js";
import { address, preloadPage } from "./page-chunks.js";
import { authPage } from "./pages/auth-page.js";
import { coursePage } from "./pages/course-page.js";
import { dashboard } from "./pages/dashboard-page.js";

// The pages with editors (CodeMirror, Markdown) load on demand: the dashboard and the course map
// don't wait for them.
const exercisePage = async (id: string) =>
  (await import("./pages/exercise-page.js")).exercisePage(id);
const projectPage = async (id: string) => (await import("./pages/project-page.js")).projectPage(id);
const lessonPage = async (id: string) => (await import("./pages/lesson-page.js")).lessonPage(id);
const accountPage = async () => (await import("./pages/account-page.js")).accountPage();
const skillsPage = async (id?: string) => (await import("./pages/skills-page.js")).skillsPage(id);
const devicePage = async (query: URLSearchParams) =>
  (await import("./pages/device-page.js")).devicePage(query);
const adminPage = async (me: ApiUser) => (await import("./pages/admin-page.js")).adminPage(me);
const cohortPages = () => import("./pages/cohort-page.js");
const joinPage = async (code: string) => (await import("./pages/cohort-join.js")).joinPage(code);
const resetPage = async (query: URLSearchParams) =>
  (await import("./pages/reset-page.js")).resetPage(query);

/**
 * The pages a learner usually goes on to an exercise from (the dashboard's "Next up", the course
 * map, a lesson's exercise links). While the learner reads one of them, the exercise page's code
 * (CodeMirror, Markdown, the result views: ~560 KB of JavaScript) is fetched, compiled and run in
 * an idle moment, as Python is loaded: measured on a 2-core VM, opening "Next up" after reading
 * the dashboard for 3 s showed its Run button 150-165 ms after the click without this, when that
 * code was fetched and run on the click (bench/web-bench.js, the "dashboard read 3 s" row).
 */
const LINKS_TO_EXERCISES = new Set(["", "course", "lesson"]);
let exercisePageLoaded = false;
function preloadExercisePage() {
  if (exercisePageLoaded) return;
  exercisePageLoaded = true;
  preloadPage("exercise-page");
  preloadPage("code-editor");
  void Promise.all([import("./pages/exercise-page.js"), import("./code-editor.js")]).catch(
    () => (exercisePageLoaded = false),
  );
}

let signedIn = false;
/** The signed-in user (for the admin link), known after the first /api/me. */
let me: ApiUser | null = null;
let courseId: string | null = null;

function setTheme(dark: boolean) {
  document.documentElement.classList.toggle("dark", dark);
  localStorage.setItem("pydojo-theme", dark ? "dark" : "light");
  document.getElementById("theme")!.setAttribute("aria-pressed", String(dark));
}
setTheme(
  (localStorage.getItem("pydojo-theme") ??
    (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light")) === "dark",
);
document.getElementById("theme")!.addEventListener("click", () => {
  setTheme(!document.documentElement.classList.contains("dark"));
  // Open editors switch too (new ones read the theme when they are made). Their code is loaded
  // already if any exist.
  if (document.querySelector(".cm-editor"))
    void import("./editor-theme.js").then((m) => m.applyEditorTheme());
});

async function firstCourse(): Promise<string> {
  courseId ??= (await client.courses()).courses[0]?.id ?? null;
  if (!courseId) throw new Error("this server has no course yet");
  return courseId;
}

function nav(page: string) {
  const link = (href: string, label: string, current: boolean) =>
    `<a href="${href}"${current ? ` aria-current="page"` : ""}>${label}</a>`;
  document.getElementById("nav")!.innerHTML = signedIn
    ? link("#/", "Dashboard", page === "") +
      link(`#/course/${courseId ?? ""}`, "Course", page === "course") +
      link("#/skills", "Skills", page === "skills") +
      link("#/account", "Account", page === "account") +
      (me?.role === "mentor" || me?.role === "admin"
        ? link("#/cohorts", "Teaching", page === "cohorts" || page === "cohort")
        : "") +
      (me?.role === "admin" ? link("#/admin", "Admin", page === "admin") : "") +
      link("#/logout", "Log out", false)
    : link("#/login", "Log in", page === "login");
}

const TITLES: Record<string, string> = {
  "": "Dashboard",
  course: "Course",
  lesson: "Lesson",
  exercise: "Exercise",
  project: "Project",
  login: "Log in",
  signup: "Sign up",
  account: "Account",
  skills: "Skills",
  device: "Sign in the command line",
  admin: "Admin",
  cohorts: "Teaching",
  cohort: "Class",
  join: "Join a class",
  reset: "Reset your password",
};

// A page asked for while signed out (e.g. the CLI's #/device link) is shown after signing in.
const RETURN_KEY = "pydojo-after-login";

async function render(page: string, rest: string[], query: URLSearchParams) {
  // A reset link works signed out (and is not a page to come back to after signing in).
  if (page === "reset") return resetPage(query);
  if (!signedIn && !["", "login", "signup", "logout"].includes(page))
    sessionStorage.setItem(RETURN_KEY, location.hash);
  if (page === "signup") return authPage("signup", signedInNow);
  if (page === "login" || !signedIn) return authPage("login", signedInNow);
  if (page === "logout") {
    await client.logout();
    signedIn = false;
    me = null;
    location.hash = "#/login";
    return;
  }
  if (page === "course") return coursePage(rest[0]!);
  if (page === "lesson") return lessonPage(rest.join("/"));
  if (page === "exercise") return exercisePage(rest.join("/"));
  if (page === "project") return projectPage(rest.join("/"));
  if (page === "account") return accountPage();
  if (page === "skills") return skillsPage(rest[0] ? decodeURIComponent(rest[0]) : undefined);
  if (page === "device") return devicePage(query);
  if (page === "admin") return adminPage(me ?? (await client.me()).user);
  if (page === "cohorts") return (await cohortPages()).cohortsPage(me ?? (await client.me()).user);
  if (page === "cohort")
    return (await cohortPages()).cohortPage(me ?? (await client.me()).user, rest[0] ?? "", query);
  if (page === "join") return joinPage(decodeURIComponent(rest[0] ?? ""));
  if (page === "") return dashboard(await firstCourse());
  appRoot().innerHTML = `<div class="card"><p>Nothing here. <a href="#/">Back to the dashboard</a></p></div>`;
}

function signedInNow() {
  signedIn = true;
  const target = sessionStorage.getItem(RETURN_KEY) ?? "#/";
  sessionStorage.removeItem(RETURN_KEY);
  // The sign-in form may have been shown at the very address to return to: no hashchange then.
  if (location.hash === target) navigate();
  else location.hash = target;
}

/** A new version of the app took over this page (its service worker was updated). */
let updated = false;

/**
 * The service worker (web/src/sw.ts): warm visits read the build's files from Cache Storage, and
 * the app works offline after the first visit. Once Python is ready in this page (so the page
 * has downloaded it all), the service worker is asked to keep what it doesn't have yet.
 */
function serviceWorker() {
  const sw = navigator.serviceWorker as ServiceWorkerContainer | undefined;
  if (!sw) return;
  let controlled = sw.controller !== null;
  sw.addEventListener("controllerchange", () => {
    // The first visit's worker taking over is not an update; a new build's is.
    if (controlled) updated = true;
    controlled = true;
  });
  sw.addEventListener("message", (event: MessageEvent<{ type?: string; version?: string }>) => {
    // For the tests and the benchmark: everything a visit needs is kept for offline use.
    if (event.data?.type === "precached")
      document.documentElement.dataset.offline = event.data.version ?? "";
  });
  // Storing ~45 MB in Cache Storage takes CPU: not while the learner's first Run is running,
  // but once the page has been idle for a moment after Python became ready. The worker itself is
  // registered at once: from then on it keeps the API reads that show this page, which an
  // offline visit to it needs (registered later, a first visit's exercise did not open offline:
  // test/e2e/offline.test.ts).
  runner.onReady = () =>
    whenIdle(
      2000,
      () =>
        void sw.ready.then((registration) =>
          registration.active?.postMessage({ type: "precache" }),
        ),
      10_000,
    );
  sw.register("/sw.js").catch((error: unknown) => {
    console.warn("PyDojo: no service worker (no offline use)", error);
  });
}

/** How long the worker's warm-up work waits when a page starts to be shown (`runner.quiet`). */
const QUIET_WHILE_ROUTING_MS = 600;

async function route() {
  // A new version took over: the next page is shown by a fresh load of it, not by this one.
  if (updated) return location.reload();
  const { page, rest, search } = address();
  runner.quiet(QUIET_WHILE_ROUTING_MS);
  // Pages that run Python start loading it now, while their content is fetched. An exercise
  // page starts it once it is shown (exercise-page.ts): a Run before then is a quick run.
  if (page === "lesson" || page === "project") {
    runner.warm();
    preloadPage(`${page}-page`);
  }
  // The exercise page's code and data are asked for now, beside /api/me, not one after another.
  dropEarly();
  if (page === "exercise") {
    const id = rest.join("/");
    const course = id.split("/")[0]!;
    startEarly(`exercise:${id}`, () => client.exercise(id));
    startEarly(`course:${course}`, () => client.course(course));
    preloadPage("exercise-page");
    preloadPage("code-editor"); // fetched now, run once the page is shown
    void import("./pages/exercise-page.js").catch(() => {});
  }
  try {
    if (!signedIn || me === null) {
      me = await client.me().then(
        (found) => found.user,
        (error: unknown) => {
          if (isOffline(error)) throw error;
          return null;
        },
      );
      signedIn = me !== null;
    }
    dropEarlyFetches(); // what index.html asked for is taken by now (context.ts)
    nav(page);
    // The nav's course link can wait for the course list; the page does not.
    const navDone = signedIn ? firstCourse().then(() => nav(page)) : Promise.resolve();
    await render(page, rest, new URLSearchParams(search));
    await navDone;
    // Preload Python while the learner reads (dashboard, course map): by the time they open an
    // exercise it is ready. Idle time only, so it never slows the page being shown. An exercise
    // page starts it itself, after a quick run's answer if a Run comes first (exercise-page.ts).
    if (signedIn && page !== "exercise")
      requestIdleCallback(() => runner.warm(), { timeout: 3000 });
    if (signedIn && LINKS_TO_EXERCISES.has(page)) whenIdle(1000, preloadExercisePage, 5000);
    placeScroll();
    const heading = appRoot().querySelector("h1")?.textContent?.trim();
    document.title = `${heading || TITLES[page] || "PyDojo"} · PyDojo`;
    // Move focus to the new page, as a full page load would (screen readers announce it).
    if (!appRoot().contains(document.activeElement)) appRoot().focus({ preventScroll: true });
  } catch (error) {
    if (isOffline(error)) {
      // fetch() failed outright: the server is down or the network is.
      appRoot().innerHTML = `<div class="card" data-testid="offline"><h1>Can't reach the PyDojo server</h1><p role="alert">The server isn't answering: it may be restarting, or your connection dropped. Nothing is lost: code you typed is kept in this browser and saved when the server is back.</p><button id="retry">Retry</button></div>`;
      document.getElementById("retry")!.addEventListener("click", navigate);
      return;
    }
    appRoot().innerHTML = `<div class="card"><p class="error" role="alert">${esc(error instanceof ApiError ? error.message : String(error))}</p></div>`;
  }
}

// The skip link moves focus to the page without changing the hash (the router owns it).
document.querySelector(".skip")?.addEventListener("click", (e) => {
  e.preventDefault();
  appRoot().focus();
});

/** The render in progress (or the last one), and whether a navigation waits for it. */
let rendering: Promise<void> = Promise.resolve();
let queued = false;

/**
 * Shows the page of the current address. Renders take turns: a navigation made while a page is
 * still rendering waits for it (up to 5 s), then shows the address as it is by then, so a
 * slower, older page can never finish over a newer one, and quick clicks show only the last.
 */
// Where each history entry was scrolled to: a new page starts at the top, and Back (or
// Forward) returns to where that page was left. Entries are told apart by a key kept in
// history.state: a link makes a new entry with no state, Back returns to one with its key.
history.scrollRestoration = "manual";
const scrollOfEntry = new Map<number, number>();
let lastEntryKey = 0;
let currentEntry: number | null = null;

function rememberScroll(): void {
  if (currentEntry !== null) scrollOfEntry.set(currentEntry, scrollY);
}

function placeScroll(): void {
  const state = history.state as { pydojoEntry?: number } | null;
  if (typeof state?.pydojoEntry === "number") {
    currentEntry = state.pydojoEntry;
    scrollTo(0, scrollOfEntry.get(currentEntry) ?? 0);
  } else {
    currentEntry = ++lastEntryKey;
    history.replaceState({ ...(state ?? {}), pydojoEntry: currentEntry }, "");
    scrollTo(0, 0);
  }
}

function navigate(): void {
  rememberScroll();
  if (queued) return; // the waiting render will read the newest address
  queued = true;
  const previous = rendering;
  rendering = (async () => {
    await Promise.race([previous, new Promise((resolve) => setTimeout(resolve, 5000))]);
    queued = false;
    await route().catch(() => {});
  })();
}

addEventListener("hashchange", navigate);
navigate();
serviceWorker();
