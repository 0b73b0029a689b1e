/**
 * The API's reads kept for offline use, in Cache Storage ("pydojo-api"), kept by the page itself:
 * every GET of a page's data goes straight to the network (the service worker's static routes,
 * sw.ts), and its answer is copied here as it arrives; offline, the kept copy answers. Until
 * 2026-12-07 the service worker did this in its fetch handler: on a warm visit it had to start
 * first, and the first page's API answers came 60-100 ms later than the network's (2-core VM).
 * The service worker still empties this cache when someone signs in, up or out, and copies a
 * saved draft into the kept exercise.
 */
export const API_CACHE = "pydojo-api";

/** API reads worth keeping for offline use (never long polls, hints, admin or tokens). */
export const KEPT_API =
  /^\/api\/(me|me\/skills|me\/comments|progress|courses|courses\/[^/]+|lessons\/.+|exercises\/[^/]+\/[^/]+|projects\/.+|submissions|skills)$/;

/**
 * Only in a page its service worker controls, as before: without one the app can't open offline
 * anyway, and a server that is down is said so (not hidden behind old answers).
 */
const keeps = (url: URL) =>
  typeof caches !== "undefined" &&
  Boolean(navigator.serviceWorker?.controller) &&
  url.origin === location.origin &&
  KEPT_API.test(url.pathname) &&
  !url.searchParams.has("wait");

/**
 * `answer`, a GET of `url` on its way, kept once it arrives (a 200), or, if the network fails,
 * replaced by the copy kept earlier (the same error if there is none).
 */
export function keptAnswer(url: URL, answer: Promise<Response>): Promise<Response> {
  if (!keeps(url)) return answer;
  return answer.then(
    (response) => {
      if (response.status === 200) {
        const copy = response.clone();
        void caches
          .open(API_CACHE)
          .then((cache) => cache.put(url.href, copy))
          .catch(() => {});
      }
      return response;
    },
    async (error: unknown) => {
      const kept = await caches
        .match(url.href, { cacheName: API_CACHE, ignoreVary: true })
        .catch(() => undefined);
      if (kept) return kept;
      throw error;
    },
  );
}
