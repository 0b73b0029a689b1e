/**
 * A failed test's HTTP exchanges the way `curl -v` shows them: the request line, headers and
 * body, then the status line, headers and body (JSON pretty-printed, long bodies cut with a
 * note). Where the assertion named the status or the body, the expected value sits beside the
 * actual one.
 */
import type { HttpExchange, TestResult } from "../../../src/core/result.js";
import { esc } from "../context.js";

/** The last exchanges shown (the one the assertion looked at is nearly always the last). */
const SHOWN = 5;
/** Lines of one body shown before "N more lines". */
const BODY_LINES = 30;

/** What the failed assertion was about: the response's status, its body, or neither. */
export function assertedPart(test: TestResult): "status" | "body" | null {
  const message = test.message ?? "";
  const where = [...message.matchAll(/^\s*where .* = (.+)$/gm)].map((m) => m[1]!).join("\n");
  if (/\.status(_code)?\b/.test(where)) return "status";
  if (/\.(json\(\)|(text|body|content)\b)/.test(where)) return "body";
  const status = (v: string | null | undefined) => v != null && /^[1-5]\d\d$/.test(v.trim());
  if (status(test.expected) && status(test.actual)) return "status";
  return null;
}

/** The exchange the assertion looked at: the last whose status is the actual one, or the last. */
function assertedIndex(exchanges: readonly HttpExchange[], test: TestResult, part: string) {
  for (let i = exchanges.length - 1; i >= 0; i--) {
    const r = exchanges[i]!.response;
    if (!r) continue;
    if (part === "body" || String(r.status) === test.actual?.trim()) return i;
  }
  return -1;
}

const headerValue = (headers: [string, string][], name: string) =>
  headers.find(([k]) => k.toLowerCase() === name)?.[1] ?? "";

/** A body as lines: JSON pretty-printed when it is JSON (by its type, or by its first byte). */
function bodyText(body: string, headers: [string, string][]): string {
  const type = headerValue(headers, "content-type");
  if (/json/i.test(type) || /^\s*[[{]/.test(body)) {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      /* not JSON after all (or cut at 2 KB): shown as it is */
    }
  }
  return body;
}

function bodyBlock(body: string, size: number | null, headers: [string, string][]) {
  if (!body && size === 0) return "";
  const lines = bodyText(body, headers).replace(/\n$/, "").split("\n");
  const notes: string[] = [];
  if (lines.length > BODY_LINES) notes.push(`${lines.length - BODY_LINES} more lines not shown`);
  if (size === null) notes.push("the body was over 1 MB: only its first 2 KB were kept");
  else if (size > body.length)
    notes.push(
      `the first ${body.length.toLocaleString("en-US")} of ${size.toLocaleString("en-US")} bytes`,
    );
  return `<span class="http-body">${esc(lines.slice(0, BODY_LINES).join("\n"))}</span>${notes.length ? `\n<span class="http-note">(${esc(notes.join("; "))})</span>` : ""}`;
}

const headerLines = (mark: string, headers: [string, string][]) =>
  headers
    .map(([k, v]) => `${mark} <span class="http-header">${esc(k)}:</span> ${esc(v)}\n`)
    .join("");

function exchangeView(ex: HttpExchange, index: number, expect: { status?: string; body?: string }) {
  const { request, response, error } = ex;
  const req = `<span class="http-line">&gt; ${esc(request.method)} ${esc(request.target)} HTTP/1.1</span>\n${headerLines("&gt;", request.headers)}&gt;\n${bodyBlock(request.body, request.body_bytes, request.headers)}`;
  let res: string;
  if (response) {
    const kind = response.status >= 400 ? "bad" : "ok";
    const wanted =
      expect.status !== undefined
        ? ` <span class="http-expected" data-testid="http-expected-status">expected ${esc(expect.status)}</span>`
        : "";
    res = `<span class="http-line http-${kind}">&lt; HTTP/1.1 ${response.status} ${esc(response.reason)}</span>${wanted}\n${headerLines("&lt;", response.headers)}&lt;\n${bodyBlock(response.body, response.body_bytes, response.headers)}`;
  } else {
    res = `<span class="http-line http-bad">* no response: ${esc((error ?? "the app did not answer").split("\n")[0]!)}</span>`;
  }
  const label = `request ${index + 1}: ${request.method} ${request.target}`;
  const expectedBody =
    expect.body !== undefined
      ? `<div class="http-expected-body" data-testid="http-expected-body"><span class="muted">the test expected this body</span><pre tabindex="0" aria-label="expected body">${esc(expect.body)}</pre></div>`
      : "";
  return `<div class="http-exchange" data-testid="http-exchange"><pre tabindex="0" aria-label="${esc(label)}" class="http-request">${req}</pre><pre tabindex="0" aria-label="response to ${esc(label)}" class="http-response">${res}</pre>${expectedBody}</div>`;
}

/** The transcript of a failed test's requests, for its detail; "" when it made none. */
export function httpView(test: TestResult): string {
  const exchanges = test.http ?? [];
  if (!exchanges.length) return "";
  const part = assertedPart(test);
  const asserted = part && test.expected != null ? assertedIndex(exchanges, test, part) : -1;
  const first = Math.max(0, exchanges.length - SHOWN);
  const shown = exchanges.slice(first);
  const earlier = first
    ? `<p class="muted small">${first} earlier request${first === 1 ? "" : "s"} not shown</p>`
    : "";
  const items = shown
    .map((ex, i) => {
      const index = first + i;
      const expect =
        index !== asserted
          ? {}
          : part === "status"
            ? { status: test.expected! }
            : { body: test.expected! };
      return exchangeView(ex, index, expect);
    })
    .join("");
  const count = `${exchanges.length} request${exchanges.length === 1 ? "" : "s"}`;
  return `<div class="http" data-testid="http"><span class="muted">HTTP, as <code>curl -v</code> shows it (${count}; &gt; sent, &lt; received)</span>${earlier}${items}</div>`;
}
