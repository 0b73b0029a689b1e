/**
 * What the router and index.html's early script (early.ts) share, small enough to be inlined:
 * the app's address, and the chunks of the pages loaded on demand (listed by web/build.mjs in
 * index.html) announced as `modulepreload`, so the browser fetches them beside the page's own
 * chunk, not after it.
 */

/** The address after `#/`: the page, the rest of its path, and its query. */
export function address(): { page: string; rest: string[]; search: string } {
  const [path = "", search = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [page = "", ...rest] = path.split("/");
  return { page, rest, search };
}

let pageChunks: Record<string, unknown> | undefined;

/** Announces the chunks of `page` not announced yet. */
export function preloadPage(page: string): void {
  if (pageChunks === undefined) {
    try {
      pageChunks = JSON.parse(
        document.getElementById("page-chunks")?.textContent ?? "{}",
      ) as Record<string, unknown>;
    } catch {
      pageChunks = {}; // no list (an older index.html): the browser finds them a moment later
    }
  }
  const chunks = pageChunks[page];
  if (!Array.isArray(chunks)) return;
  for (const href of chunks) {
    if (typeof href !== "string" || document.head.querySelector(`link[href="${CSS.escape(href)}"]`))
      continue;
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = href;
    document.head.append(link);
  }
}
