/**
 * The only way the CLI talks HTTP: a `fetch` for PydojoClient that bounds what a server (or the
 * network on the way) can make it do. An answer may be at most `HTTP_LIMITS.bodyBytes` once
 * decompressed (a gzip bomb is stopped at that size, not unpacked), must be complete within the
 * deadline (a server that sends headers and then one byte a minute is cut off), and is never a
 * redirect: pydojo does not follow a `Location` to another address, scheme or file, so the
 * learner's token and files only ever go to the server they logged in to. Everything is read
 * before the caller sees it, so a pull that fails here has written nothing.
 */
import { CliError } from "./errors.js";
import { RefusedError, show } from "./safe-fs.js";
import { clean } from "./sanitize.js";

export const HTTP_LIMITS = {
  /** The largest answer pydojo reads (a whole project with its references fits in a few MB). */
  bodyBytes: 16 * 1024 * 1024,
  /**
   * The most objects and arrays an answer may open (each `{` or `[` byte counts, in strings
   * too): 16 MB of `[{},{},...]` would take over 600 MB to parse; a million, about 130 MB.
   */
  jsonContainers: 1_000_000,
  /** How long one request may take, headers and body together, unless PYDOJO_TIMEOUT says. */
  timeoutSeconds: 60,
};

/** PYDOJO_TIMEOUT (seconds, 1-3600), or the default. */
export function timeoutSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PYDOJO_TIMEOUT;
  if (raw === undefined || raw === "") return HTTP_LIMITS.timeoutSeconds;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 1 || n > 3600)
    throw new CliError(
      `PYDOJO_TIMEOUT=${show(raw)} is not a number of seconds from 1 to 3600: unset it or fix it`,
      2,
    );
  return n;
}

class Deadline extends Error {}

const describe = (method: string, url: URL) => `${method} ${url.pathname}`;

/** A `fetch` that refuses redirects, oversized answers and answers that take too long. */
export function guardedFetch(server: string, base: typeof fetch = fetch): typeof fetch {
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init.method ?? "GET").toUpperCase();
    const what = describe(method, url);
    const seconds = timeoutSeconds();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Deadline()), seconds * 1000);
    const tooSlow = () =>
      new CliError(
        `the server ${server} did not finish answering ${what} within ${seconds} s, so pydojo stopped waiting (nothing was written). Check your connection and try again; PYDOJO_TIMEOUT=<seconds> waits longer`,
      );
    try {
      let response: Response;
      try {
        response = await base(url, { ...init, redirect: "manual", signal: controller.signal });
      } catch (error) {
        if (controller.signal.reason instanceof Deadline) throw tooSlow();
        throw error;
      }
      if (response.status < 200 || response.status > 599) {
        controller.abort();
        throw new RefusedError(
          `the server ${server} answered ${what} with HTTP ${response.status}, which is not an answer pydojo understands`,
        );
      }
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        controller.abort();
        const location = response.headers.get("location");
        throw new RefusedError(
          `the server ${server} answered ${what} with a redirect (HTTP ${response.status}${location ? ` to ${show(clean(location))}` : ""}): pydojo does not follow redirects, so your token and files go only to the address you logged in to. If the server moved (or wants https), run 'pydojo login --server <its new address>'`,
        );
      }
      const tooBig = () =>
        new RefusedError(
          `the server ${server} sent more than ${HTTP_LIMITS.bodyBytes / (1024 * 1024)} MB for ${what}, so pydojo stopped reading it; nothing was written`,
        );
      const declared = Number(response.headers.get("content-length"));
      if (Number.isFinite(declared) && declared > HTTP_LIMITS.bodyBytes) {
        controller.abort();
        throw tooBig();
      }
      const chunks: Uint8Array[] = [];
      let total = 0;
      if (response.body) {
        const reader = response.body.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            total += value.byteLength;
            if (total > HTTP_LIMITS.bodyBytes) {
              controller.abort();
              throw tooBig();
            }
            chunks.push(value);
          }
        } catch (error) {
          if (controller.signal.reason instanceof Deadline) throw tooSlow();
          throw error;
        }
      }
      const empty = [204, 205, 304].includes(response.status);
      const body = Buffer.concat(chunks, total);
      if (countContainers(body) > HTTP_LIMITS.jsonContainers)
        throw new RefusedError(
          `the server ${server} sent an answer to ${what} with more than ${HTTP_LIMITS.jsonContainers.toLocaleString("en")} objects and lists, more than any PyDojo answer holds, so pydojo did not read it; nothing was written`,
        );
      return new Response(empty ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The `{` and `[` bytes of an answer: a bound on the objects and arrays parsing it would make. */
function countContainers(body: Buffer): number {
  let count = 0;
  for (let i = body.indexOf(0x7b); i !== -1; i = body.indexOf(0x7b, i + 1)) count += 1;
  for (let i = body.indexOf(0x5b); i !== -1; i = body.indexOf(0x5b, i + 1)) count += 1;
  return count;
}
