/**
 * Markdown for lessons, instructions and hints, with Python code blocks made editors: the HTML
 * itself comes from markdown-html.ts (marked and DOMPurify, without CodeMirror, so that the
 * exercise page can show its instructions before the editors' code has run). Python code blocks
 * become highlighted read-only editors; ```python run blocks become small editable editors with a
 * Run button (and Reset) that run the snippet in the browser's Python.
 */
import { python } from "@codemirror/lang-python";
import { EditorState, StateEffect } from "@codemirror/state";
import { EditorView, minimalSetup } from "codemirror";
import { editorTheme } from "./editor-theme.js";
import { runner } from "./context.js";
import { pythonIndentation } from "./python-keys.js";

export { markdown } from "./markdown-html.js";

/**
 * Python code blocks become highlighted editors: read-only, except runnable ones, which the
 * learner may change before running (Reset brings the lesson's version back). Other code blocks
 * stay <pre>, made reachable by keyboard (they may scroll sideways).
 */
export function enhanceCode(root: HTMLElement) {
  let n = 0;
  for (const block of root.querySelectorAll<HTMLElement>(".snippet")) {
    const code = block.querySelector("code");
    const pre = block.querySelector("pre");
    if (!code?.classList.contains("language-python")) {
      pre?.setAttribute("tabindex", "0");
      pre?.setAttribute("aria-label", "code example");
      continue;
    }
    const source = code.textContent ?? "";
    const runnable = Boolean(block.dataset.run);
    const holder = document.createElement("div");
    holder.className = runnable ? "editor snippet-editor" : "editor readonly";
    pre!.replaceWith(holder);
    n++;
    const view = new EditorView({
      doc: source,
      extensions: [
        // Examples are short: no line numbers or folding (a gutter's line heights, estimated until
        // the block scrolls into view, also looked squashed in full-page screenshots).
        minimalSetup,
        python(),
        editorTheme(),
        ...(runnable
          ? [pythonIndentation()]
          : [EditorState.readOnly.of(true), EditorView.editable.of(false)]),
        EditorView.contentAttributes.of({
          // Reachable by keyboard even when read-only (it may scroll sideways).
          tabindex: "0",
          "aria-label": runnable
            ? `Python example ${n} (editable: change it, then Run)`
            : `Python example ${n} (read only)`,
        }),
      ],
      parent: holder,
    });
    if (runnable) addRunButton(block, view, source, n);
  }
}

function addRunButton(block: HTMLElement, view: EditorView, source: string, n: number) {
  const bar = document.createElement("div");
  bar.className = "toolbar";
  const button = document.createElement("button");
  button.className = "ghost";
  button.textContent = "Run";
  button.setAttribute("aria-label", `Run example ${n}`);
  const reset = document.createElement("button");
  reset.className = "ghost";
  reset.textContent = "Reset";
  reset.setAttribute("aria-label", `Reset example ${n} to the lesson's code`);
  reset.hidden = true;
  const out = document.createElement("pre");
  out.hidden = true;
  out.tabIndex = 0;
  out.setAttribute("aria-label", `output of example ${n}`);
  out.setAttribute("aria-live", "polite");
  const changed = EditorView.updateListener.of((u) => {
    if (u.docChanged) reset.hidden = u.state.doc.toString() === source;
  });
  view.dispatch({ effects: StateEffect.appendConfig.of(changed) });
  reset.addEventListener("click", () => {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: source } });
    view.focus();
  });
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = "Running…";
    const result = await runner.exec(view.state.doc.toString());
    out.hidden = false;
    out.textContent = result.output + (result.error ?? "");
    out.className = result.error ? "error" : "";
    button.disabled = false;
    button.textContent = "Run";
  });
  bar.append(button, reset);
  block.append(bar, out);
}
