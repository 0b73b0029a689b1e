/// <reference lib="webworker" />
/**
 * The service worker (served at /sw.js, registered by main.ts): a warm visit reads the app,
 * Pyodide, the harness bundle and the Python snapshot from Cache Storage instead of the network,
 * and the app keeps working offline after the first visit.
 *
 * - The build's files (BUILD.files: the app's scripts and styles, "/", Pyodide's files, the
 *   harness bundle, the snapshot) are served cache first from a cache named after the build
 *   (BUILD.version, a hash of all of them): a new build is a new sw.js, whose activation deletes
 *   the old build's cache. A miss goes to the network and is kept (a big one only by the
 *   precache step, below).
 * - They are not fetched at install: on a first visit the page is downloading them itself. Once
 *   its Python is ready (and the page has been idle a moment) the page posts {type:"precache"}, and the ones still missing are fetched
 *   then (from the HTTP cache the page just filled: a few 304s, no second download).
 * - The API GETs that show a page (the user, courses, an exercise, lessons, submissions...) go
 *   straight to the network, and the page keeps them for offline use itself (kept-api.ts): this
 *   worker need not start for them. Signing in, up or out deletes what was kept (another user may
 *   be next on this browser). Writes always go to the network: a draft saved offline fails, and
 *   the page keeps it in localStorage and saves it once the server answers again; a draft the
 *   server saved is copied into the kept exercise.
 */
import { API_CACHE } from "./kept-api.js";

declare const self: ServiceWorkerGlobalScope;
declare const BUILD: { version: string; files: string[] };

const APP_CACHE = `pydojo-app-${BUILD.version}`;
const FILES = new Set(BUILD.files);
const SIGN_IN_OR_OUT = /^\/api\/auth\/(login|logout|signup)$/;

self.addEventListener("install", (event) => {
  // The new build's files are cache first from their own cache: nothing of the old one mixes in.
  void self.skipWaiting();
  addStaticRoutes(event);
});

/**
 * Static routes (Chromium 123+; elsewhere this does nothing and the fetch handler below does the
 * same work). Measured on a 2-core VM, a warm visit's scripts took 75-85 ms each through this
 * worker's fetch handler (the worker's JavaScript, `caches.open`, `match`, the body piped back)
 * against 25-40 ms from the network: with these routes the browser reads the app's own files from
 * this build's cache itself, and sends the API's reads (kept by the page: kept-api.ts) and writes
 * (a quick run, a submission) straight to the network, without waking this worker. What this
 * worker does more than that stays with it:
 * - Pyodide's files, the harness and the snapshot (V8 keeps the wasm's compiled code beside the
 *   copy this worker serves: test/e2e/wasm-code-cache.test.ts);
 * - a draft's save (copied into the kept exercise) and signing in, up or out (which drops the
 *   kept reads).
 * A file missing from the cache (a new build's first visit) goes to the network; the precache
 * step keeps it later. The first matching rule wins.
 */
function addStaticRoutes(event: ExtendableEvent): void {
  const install = event as ExtendableEvent & { addRoutes?: (rules: unknown[]) => Promise<void> };
  if (typeof install.addRoutes !== "function") return;
  const path = (pathname: string) => ({ pathname });
  const rules = [
    { condition: { urlPattern: path("/api/auth/*") }, source: "fetch-event" },
    {
      condition: { urlPattern: path("/api/exercises/*/*/draft"), requestMethod: "PUT" },
      source: "fetch-event",
    },
    { condition: { urlPattern: path("/api/*") }, source: "network" },
    {
      condition: { urlPattern: path("/"), requestMode: "navigate" },
      source: { cacheName: APP_CACHE },
    },
    {
      condition: { or: [{ urlPattern: path("/*.js") }, { urlPattern: path("/*.css") }] },
      source: { cacheName: APP_CACHE },
    },
  ];
  // A browser that knows the API but not one of these conditions refuses the whole list: the
  // fetch handler then serves everything, as before.
  event.waitUntil(install.addRoutes(rules).catch(() => {}));
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith("pydojo-app-") && name !== APP_CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** Fetches the build's files that are not in the cache yet, one after another. */
async function precache(): Promise<number> {
  const cache = await caches.open(APP_CACHE);
  let added = 0;
  for (const file of FILES) {
    if (await cache.match(file)) continue;
    const response = await fetch(file).catch(() => null);
    if (response?.ok) {
      await cache.put(file, response);
      added += 1;
    }
  }
  return added;
}

self.addEventListener("message", (event) => {
  const data = event.data as { type?: string } | null;
  if (data?.type !== "precache") return;
  event.waitUntil(
    precache().then(
      (added) => event.source?.postMessage({ type: "precached", version: BUILD.version, added }),
      () => event.source?.postMessage({ type: "precache-failed" }),
    ),
  );
});

/**
 * Above this size (on the wire) a miss is not kept as it passes: writing the Python snapshot
 * (31 MB unpacked) or the wasm into Cache Storage while a first visit is starting Python takes
 * CPU that visit needs. The precache step keeps them a moment later, from the HTTP cache.
 */
const KEEP_ON_MISS_BYTES = 1_000_000;

async function cacheFirst(key: string, request: Request): Promise<Response> {
  const cache = await caches.open(APP_CACHE);
  const hit = await cache.match(key, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  const size = Number(response.headers.get("content-length") ?? Infinity);
  if (response.ok && response.status === 200 && size < KEEP_ON_MISS_BYTES)
    void cache.put(key, response.clone());
  return response;
}

const DRAFT = /^(\/api\/exercises\/[^/]+\/[^/]+)\/draft$/;

/**
 * A draft the server saved becomes the kept exercise's draft too, so the exercise opened offline
 * shows the code as last saved (not as it was when the exercise was last fetched).
 */
async function saveDraft(event: FetchEvent, exercise: string): Promise<Response> {
  const sent = (await event.request
    .clone()
    .json()
    .catch(() => null)) as { files?: unknown } | null;
  const response = await fetch(event.request);
  if (response.ok && sent?.files)
    event.waitUntil(
      (async () => {
        const saved = (await response.clone().json()) as { version: number; updatedAt: string };
        const cache = await caches.open(API_CACHE);
        const key = new URL(exercise, self.location.origin).href;
        const kept = await cache.match(key, { ignoreVary: true });
        if (!kept) return;
        const json = (await kept.json()) as { draft?: unknown };
        json.draft = { files: sent.files, version: saved.version, updatedAt: saved.updatedAt };
        await cache.put(key, new Response(JSON.stringify(json), { headers: kept.headers }));
      })().catch(() => {}),
    );
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    if (SIGN_IN_OR_OUT.test(url.pathname)) event.waitUntil(caches.delete(API_CACHE));
    const draft = request.method === "PUT" ? DRAFT.exec(url.pathname) : null;
    if (draft) event.respondWith(saveDraft(event, draft[1]!));
    return;
  }
  if (request.mode === "navigate" && url.pathname === "/") {
    event.respondWith(cacheFirst("/", request));
    return;
  }
  if (FILES.has(url.pathname) && !url.search) event.respondWith(cacheFirst(url.pathname, request));
  // Anything else, the API's reads included, goes to the network: the page keeps those reads for
  // offline use itself (kept-api.ts).
});
