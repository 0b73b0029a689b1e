/**
 * Inlined into index.html by web/build.mjs, so it runs as the HTML is parsed: before the app's
 * modules are fetched and run, it asks the API for what the address's page shows first (the
 * signed-in user and, for an exercise, the exercise and its course), and announces the page's own
 * chunks (as the router does once app.js has run: page-chunks.ts, shared with main.ts). The app's
 * client takes these answers instead of asking again (context.ts, `apiFetch`). On a warm visit to an exercise
 * (2-core VM), the app's own requests went out ~90 ms after the HTML arrived, and these ~10 ms.
 * The requests are the client's own GETs: same URL, headers and credentials.
 */
import { address, preloadPage } from "./page-chunks.js";

((): void => {
  const { page, rest } = address();
  const get = (url: string) => {
    const response = fetch(url, {
      headers: { accept: "application/json" },
      credentials: "same-origin",
    });
    response.catch(() => {}); // the app sees the error when it takes the answer
    return response;
  };
  const early: Record<string, Promise<Response>> = { "/api/me": get("/api/me") };
  if (page === "exercise" && rest.length === 2) {
    const id = rest.join("/");
    early[`/api/exercises/${id}`] = get(`/api/exercises/${id}`);
    const course = `/api/courses/${encodeURIComponent(rest[0]!)}`;
    early[course] = get(course);
  }
  (globalThis as { pydojoEarly?: typeof early }).pydojoEarly = early;
  if (["exercise", "lesson", "project"].includes(page)) preloadPage(`${page}-page`);
})();
