/**
 * The request panel of an HTTP-app exercise: the learner sends requests (method, path, headers,
 * a JSON body) to the app in their editor, and the page's Python answers (pyodide-worker.ts
 * panelRequest, offline, in this tab). The answer shows its status, headers and body (JSON
 * pretty-printed), what the app printed, and, when the app raised, its traceback (where a
 * server would only say 500). Past requests are listed (kept in this browser per exercise);
 * clicking one puts it back in the form and sends it again.
 */
import type { PanelAnswer, PanelCode, PanelRequest } from "../browser-runner.js";
import { RunStopped } from "../browser-runner.js";
import { errorSentence, esc, runner } from "../context.js";
import { icons } from "../icons.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const HISTORY_SIZE = 20;
const BODY_SHOWN = 200_000;

/** A request as the learner wrote it, and what came back (for the history). */
interface Sent {
  method: string;
  path: string;
  headers: string;
  body: string;
  outcome: string;
}

const historyKey = (exerciseId: string) => `pydojo-requests:${exerciseId}`;

function loadHistory(exerciseId: string): Sent[] {
  try {
    const data = JSON.parse(localStorage.getItem(historyKey(exerciseId)) ?? "[]") as unknown;
    if (!Array.isArray(data)) return [];
    return data
      .filter(
        (h): h is Sent =>
          typeof h === "object" &&
          h !== null &&
          ["method", "path", "headers", "body", "outcome"].every(
            (k) => typeof (h as Record<string, unknown>)[k] === "string",
          ),
      )
      .slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

/** "Name: value" lines -> pairs; the first line that isn't one is an error. */
export function parseHeaders(text: string): [string, string][] | { error: string } {
  const pairs: [string, string][] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trim() : "";
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name))
      return { error: `Header line ${i + 1} is not "Name: value": ${line}` };
    pairs.push([name, line.slice(colon + 1).trim()]);
  }
  return pairs;
}

/** The path as a request target: a leading "/", and characters outside ASCII percent-encoded. */
export function requestTarget(path: string): string {
  const trimmed = path.trim() || "/";
  const withSlash = trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
  return withSlash.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
}

/** The body as JSON pretty-printed when it is JSON, else as it is. */
function prettyBody(answer: PanelAnswer): { text: string; json: boolean } {
  const body = answer.body ?? "";
  const type =
    answer.headers?.find(([k]) => k.toLowerCase() === "content-type")?.[1]?.toLowerCase() ?? "";
  if (body && (type.includes("json") || /^\s*[[{]/.test(body))) {
    try {
      return { text: JSON.stringify(JSON.parse(body), null, 2), json: true };
    } catch {
      /* not JSON after all: shown as text */
    }
  }
  return { text: body, json: false };
}

const statusClass = (status: number) => `s${Math.floor(status / 100)}xx`;

function renderAnswer(request: PanelRequest, answer: PanelAnswer): string {
  const took = `${answer.roundTripMs < 10 ? answer.roundTripMs.toFixed(1) : Math.round(answer.roundTripMs)} ms`;
  const reloaded = answer.reloaded ? " · your code was loaded anew" : "";
  const printed = answer.output
    ? `<details class="rp-printed" open><summary>Printed by your app</summary><pre><code>${esc(answer.output)}</code></pre></details>`
    : "";
  if (answer.error) {
    const e = answer.error;
    const what =
      e.type === "KeyboardInterrupt"
        ? "Stopped: your app took too long to answer (an infinite loop?)"
        : e.where === "import"
          ? `Your code could not be loaded: ${esc(e.type)}`
          : e.type === "SpecError"
            ? `Your app broke a rule of ${esc(answer.kind === "asgi" ? "ASGI" : "WSGI/ASGI")}`
            : `Your app raised ${esc(e.type)}`;
    const server =
      e.where === "import" || e.type === "KeyboardInterrupt"
        ? ""
        : `<p class="muted small">A server would answer <b>500 Internal Server Error</b> and hide this; here is why it failed.</p>`;
    return `<div class="rp-error" data-testid="rp-error"><p class="rp-status-line"><span class="rp-status bad">${icons.alert()} ${what}</span> <span class="muted small">${esc(request.method)} ${esc(request.target)} · ${took}${reloaded}</span></p>${server}<pre class="rp-traceback"><code>${esc(e.traceback || `${e.type}: ${e.message}`)}</code></pre>${printed}</div>`;
  }
  const status = answer.status ?? 0;
  const headers = answer.headers ?? [];
  const body = prettyBody(answer);
  const bodyHtml = answer.binary
    ? `<p class="muted">${answer.bytes} bytes of binary data (not shown)</p>`
    : body.text
      ? `<pre class="rp-body${body.json ? " json" : ""}" data-testid="rp-body" tabindex="0" aria-label="Response body"><code>${esc(body.text.slice(0, BODY_SHOWN))}</code></pre>${body.text.length > BODY_SHOWN ? `<p class="muted small">Only the first ${BODY_SHOWN.toLocaleString()} characters are shown.</p>` : ""}`
      : `<p class="muted small">No body.</p>`;
  return `<p class="rp-status-line"><span class="rp-status ${statusClass(status)}" data-testid="rp-status">${status} ${esc(answer.reason ?? "")}</span> <span class="muted small">${esc(request.method)} ${esc(request.target)} · ${took} · ${answer.kind === "asgi" ? "ASGI" : "WSGI"}${reloaded}</span></p>
    <details class="rp-headers"${headers.length <= 4 ? " open" : ""}><summary>Headers (${headers.length})</summary>${
      headers.length
        ? `<table><tbody>${headers.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join("")}</tbody></table>`
        : `<p class="muted small">None.</p>`
    }</details>
    ${bodyHtml}${answer.over ? `<p class="error small">The body is larger than 1 MB: only its start is shown.</p>` : ""}${printed}`;
}

/** Loads the panel's stylesheet once (its own file, so the page's styles.css stays as it is). */
function stylesheet(): Promise<void> {
  const existing = document.querySelector<HTMLLinkElement>("link[data-request-panel]");
  if (existing) return Promise.resolve();
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "/request-panel.css";
  link.dataset.requestPanel = "";
  const loaded = new Promise<void>((resolve) => {
    link.onload = () => resolve();
    link.onerror = () => resolve();
  });
  document.head.append(link);
  return loaded;
}

/**
 * Puts the panel into `host`. `code()` is the learner's current code (read at each Send, so
 * the answer always comes from what is in the editor now).
 */
export async function mountRequestPanel(
  host: HTMLElement,
  exerciseId: string,
  code: () => PanelCode,
): Promise<void> {
  await stylesheet();
  let history = loadHistory(exerciseId);
  const { app } = code();
  host.innerHTML = `<section class="card request-panel" aria-labelledby="rp-title" data-testid="request-panel">
    <h2 id="rp-title">Try your app</h2>
    <p class="muted small">Requests go to <code>${esc(app)}</code> as it is in the editor, run by the Python in this page (no server; works offline). Its data lasts until you change the code (or send to a fresh app).</p>
    <form class="rp-form" novalidate>
      <div class="rp-line">
        <div class="rp-field rp-method"><label for="rp-method">Method</label>
          <select id="rp-method">${METHODS.map((m) => `<option>${m}</option>`).join("")}</select></div>
        <div class="rp-field rp-path"><label for="rp-path">Path</label>
          <input id="rp-path" value="/" autocomplete="off" spellcheck="false" autocapitalize="off" /></div>
        <div class="rp-actions"><button type="submit" id="rp-send" aria-keyshortcuts="Control+Enter">Send</button><button type="button" class="ghost" id="rp-reset" title="Load your code anew (a fresh app, its data empty), then send">Send to a fresh app</button></div>
      </div>
      <div class="rp-line rp-inputs">
        <div class="rp-field"><label for="rp-headers">Headers <span class="muted small">(one <code>Name: value</code> a line)</span></label>
          <textarea id="rp-headers" rows="3" spellcheck="false" autocapitalize="off" placeholder="Accept: application/json"></textarea></div>
        <div class="rp-field"><label for="rp-body">JSON body</label>
          <textarea id="rp-body" rows="3" spellcheck="false" autocapitalize="off" placeholder='{"title": "Buy milk"}' aria-describedby="rp-note"></textarea></div>
      </div>
      <p id="rp-note" class="muted small" aria-live="polite"></p>
    </form>
    <div class="rp-columns">
      <div class="rp-answer" id="rp-answer" aria-live="polite" aria-busy="false"><p class="muted small">Send a request to see your app's answer here.</p></div>
      <div class="rp-history"><h3 id="rp-history-title">History</h3><ol id="rp-history" aria-labelledby="rp-history-title"></ol><button type="button" class="ghost small-button" id="rp-clear" hidden>Clear history</button></div>
    </div>
  </section>`;

  const form = host.querySelector<HTMLFormElement>("form")!;
  const method = host.querySelector<HTMLSelectElement>("#rp-method")!;
  const path = host.querySelector<HTMLInputElement>("#rp-path")!;
  const headers = host.querySelector<HTMLTextAreaElement>("#rp-headers")!;
  const body = host.querySelector<HTMLTextAreaElement>("#rp-body")!;
  const note = host.querySelector<HTMLElement>("#rp-note")!;
  const answerBox = host.querySelector<HTMLElement>("#rp-answer")!;
  const send = host.querySelector<HTMLButtonElement>("#rp-send")!;
  const reset = host.querySelector<HTMLButtonElement>("#rp-reset")!;
  const list = host.querySelector<HTMLOListElement>("#rp-history")!;
  const clear = host.querySelector<HTMLButtonElement>("#rp-clear")!;

  const renderHistory = () => {
    list.innerHTML = history.length
      ? history
          .map(
            (h, i) =>
              `<li><button type="button" class="ghost rp-again" data-i="${i}"><span class="visually-hidden">Send again: </span><span class="rp-m">${esc(h.method)}</span> <span class="rp-p">${esc(h.path)}</span> <span class="rp-o"><span class="visually-hidden">last answer </span>${esc(h.outcome)}</span></button></li>`,
          )
          .join("")
      : `<li class="muted small">None yet.</li>`;
    clear.hidden = history.length === 0;
  };
  renderHistory();

  const remember = (sent: Sent) => {
    history = [
      sent,
      ...history.filter(
        (h) =>
          !(
            h.method === sent.method &&
            h.path === sent.path &&
            h.headers === sent.headers &&
            h.body === sent.body
          ),
      ),
    ].slice(0, HISTORY_SIZE);
    try {
      localStorage.setItem(historyKey(exerciseId), JSON.stringify(history));
    } catch {
      /* storage full or off: the history lasts for this page */
    }
    renderHistory();
  };

  let busy = false;
  const submit = async (reload = false) => {
    if (busy) return;
    const parsed = parseHeaders(headers.value);
    if ("error" in parsed) {
      note.textContent = parsed.error;
      note.className = "error small";
      headers.focus();
      return;
    }
    const text = body.value;
    const pairs = parsed;
    const hasType = pairs.some(([k]) => k.toLowerCase() === "content-type");
    let notice = "";
    if (text.trim()) {
      try {
        JSON.parse(text);
      } catch {
        notice = "The body is not valid JSON: it is sent as it is (that's how to try your 400).";
      }
      if (!hasType) pairs.push(["Content-Type", "application/json"]);
      if (method.value === "GET" || method.value === "HEAD")
        notice =
          `${notice} A ${method.value} request with a body is unusual; most apps ignore it.`.trim();
    }
    note.textContent = notice;
    note.className = "muted small";
    const request: PanelRequest = {
      method: method.value,
      target: requestTarget(path.value),
      headers: pairs,
      body: text.trim() ? text : "",
    };
    busy = true;
    send.disabled = reset.disabled = true;
    answerBox.setAttribute("aria-busy", "true");
    answerBox.innerHTML = `<p class="muted small" data-testid="rp-waiting">${runner.ready ? "Sending…" : "Starting Python (first time only)…"}</p>`;
    let outcome: string;
    try {
      const answer = await runner.request(code(), request, reload);
      answerBox.innerHTML = renderAnswer(request, answer);
      answerBox.dataset.ms = String(answer.roundTripMs);
      outcome = answer.error ? answer.error.type : `${answer.status}`;
    } catch (error) {
      answerBox.innerHTML = `<div class="rp-error" data-testid="rp-error"><p class="error">${icons.stop()} ${esc(error instanceof RunStopped ? error.message : errorSentence(error))}</p></div>`;
      outcome = "stopped";
    } finally {
      busy = false;
      send.disabled = reset.disabled = false;
      answerBox.setAttribute("aria-busy", "false");
    }
    remember({
      method: method.value,
      path: path.value.trim() || "/",
      headers: headers.value,
      body: text,
      outcome,
    });
  };

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void submit();
  });
  reset.addEventListener("click", () => void submit(true));
  for (const field of [headers, body])
    field.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void submit();
      }
    });
  list.addEventListener("click", (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>("button[data-i]");
    const sent = button ? history[Number(button.dataset.i)] : undefined;
    if (!sent) return;
    method.value = sent.method;
    path.value = sent.path;
    headers.value = sent.headers;
    body.value = sent.body;
    void submit().then(() => list.querySelector<HTMLButtonElement>("button[data-i='0']")?.focus());
  });
  clear.addEventListener("click", () => {
    history = [];
    localStorage.removeItem(historyKey(exerciseId));
    renderHistory();
    path.focus();
  });
}
