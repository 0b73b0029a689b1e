/** What every page shares: the API client, the browser's Python, and HTML escaping. */
import { ApiError, PydojoClient } from "../../src/client/api-client.js";
import { BrowserRunner } from "./browser-runner.js";
import { keptAnswer } from "./kept-api.js";

// Safari has no requestIdleCallback, which the pages use for work that can wait (preloading
// Python and the exercise page, preparing tests): there, a short timer stands in for it.
if (typeof globalThis.requestIdleCallback !== "function") {
  globalThis.requestIdleCallback = ((callback: IdleRequestCallback) =>
    setTimeout(
      () => callback({ didTimeout: false, timeRemaining: () => 0 }),
      50,
    )) as unknown as typeof requestIdleCallback;
  globalThis.cancelIdleCallback = (handle: number) => clearTimeout(handle);
}

/** Runs `work` in the first idle moment from `afterMs` on (and at most `timeoutMs` after that). */
export function whenIdle(afterMs: number, work: () => void, timeoutMs = 3000): void {
  setTimeout(() => requestIdleCallback(work, { timeout: timeoutMs }), afterMs);
}

/**
 * The API's answers index.html's inline script asked for while the app loaded (early.ts), by path.
 * Each is taken once, by the first GET of its path; `dropEarlyFetches` drops the rest once the
 * first page is shown, so that no later request gets an old answer.
 */
const earlyFetches = new Map(
  Object.entries(
    (globalThis as { pydojoEarly?: Record<string, Promise<Response>> }).pydojoEarly ?? {},
  ),
);
export const dropEarlyFetches = () => earlyFetches.clear();

/** The client's fetch: a GET takes its early answer if there is one, and is kept for offline use. */
function apiFetch(input: URL | RequestInfo, init?: RequestInit): Promise<Response> {
  if ((init?.method ?? "GET") !== "GET" || !(input instanceof URL)) return fetch(input, init);
  const path = input.pathname + input.search;
  const early =
    input.origin === location.origin && !init?.signal ? earlyFetches.get(path) : undefined;
  earlyFetches.delete(path);
  return keptAnswer(input, early ?? fetch(input, init));
}

export const client = new PydojoClient({ baseUrl: location.origin, fetch: apiFetch });
export const runner = new BrowserRunner();

/**
 * Shows `element` (a Run's progress bar) once the work has taken `ms`, or at once while Python is
 * still starting. A warm Run takes a few tens of milliseconds: a bar shown for them only flashes,
 * and its animation gives the page's thread (and, on two cores, the worker's) frames to draw
 * while Python runs. Returns the function that cancels it and hides the element.
 */
export function showWhenSlow(element: HTMLElement, ms = 300): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (runner.ready) timer = setTimeout(() => (element.hidden = false), ms);
  else element.hidden = false;
  return () => {
    clearTimeout(timer);
    element.hidden = true;
  };
}

/** Escapes text for HTML: every value a page puts into a template goes through this. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page's element, for page modules to render into. */
export const appRoot = () => document.getElementById("app")!;

/** fetch() rejects with a TypeError when the server can't be reached at all. */
export const isOffline = (error: unknown) => error instanceof TypeError;

/** An error as a sentence for the learner: the server's message, or that it can't be reached. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (isOffline(error)) return "the PyDojo server can't be reached";
  return String((error as Error)?.message ?? error);
}

/** {@link errorText} as a sentence of its own: capital first letter, closing full stop. */
export function errorSentence(error: unknown): string {
  const text = errorText(error).trim();
  if (!text) return "Something went wrong; try again.";
  // A plain first word only: "displayName: …" or "pydojo …" name something and stay as they are.
  const sentence =
    /^[a-z]+[\s,;]/.test(text) && !/^pydojo\b/.test(text)
      ? text[0]!.toUpperCase() + text.slice(1)
      : text;
  return /[.!?)]$/.test(sentence) ? sentence : `${sentence}.`;
}

/**
 * Requests a page will make, started by the router as soon as the address is known (in parallel
 * with /api/me and the page's code, not after them). A page takes its request with `early`, or
 * makes it itself if the router didn't start it; the router drops what no page took.
 */
const started = new Map<string, Promise<unknown>>();
export function startEarly(key: string, request: () => Promise<unknown>): void {
  const promise = request();
  promise.catch(() => {}); // a page that takes it sees the error; one that doesn't, doesn't
  started.set(key, promise);
}
export function early<T>(key: string, request: () => Promise<T>): Promise<T> {
  const promise = started.get(key) as Promise<T> | undefined;
  started.delete(key);
  return promise ?? request();
}
export const dropEarly = () => started.clear();
