/**
 * Markdown for lessons, instructions and hints: rendered by marked, sanitised by DOMPurify.
 * Python code blocks become highlighted read-only editors; ```python run blocks get a Run button
 * that runs the snippet in the browser's Python.
 */
import { python } from "@codemirror/lang-python";
import { EditorState } from "@codemirror/state";
import { basicSetup, EditorView } from "codemirror";
import { editorTheme } from "./editor-theme.js";
import DOMPurify from "dompurify";
import { marked } from "marked";
import { esc, runner } from "./context.js";

marked.use({
  renderer: {
    code({ text, lang }: { text: string; lang?: string }) {
      const [language, run, error] = (lang ?? "").split(/\s+/);
      const runnable =
        language === "python" && run === "run"
          ? ` data-run="${error === "error" ? "error" : "run"}"`
          : "";
      return `<div class="snippet"${runnable}><pre><code class="language-${esc(language ?? "")}">${esc(text)}</code></pre></div>`;
    },
  },
});

export const markdown = (text: string) =>
  DOMPurify.sanitize(marked.parse(text, { async: false }) as string);

/** Python code blocks become read-only highlighted editors; runnable ones get a Run button. */
export function enhanceCode(root: HTMLElement) {
  for (const block of root.querySelectorAll<HTMLElement>(".snippet")) {
    const code = block.querySelector("code");
    if (!code?.classList.contains("language-python")) continue;
    const source = code.textContent ?? "";
    const holder = document.createElement("div");
    holder.className = "editor readonly";
    block.querySelector("pre")!.replaceWith(holder);
    new EditorView({
      doc: source,
      extensions: [
        basicSetup,
        python(),
        editorTheme(),
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
        EditorView.contentAttributes.of({ "aria-label": "Python example (read only)" }),
      ],
      parent: holder,
    });
    if (block.dataset.run) addRunButton(block, source);
  }
}

function addRunButton(block: HTMLElement, source: string) {
  const button = document.createElement("button");
  button.className = "ghost";
  button.textContent = "Run";
  button.setAttribute("aria-label", "Run this example");
  const out = document.createElement("pre");
  out.hidden = true;
  out.setAttribute("aria-live", "polite");
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = "Running…";
    const result = await runner.exec(source);
    out.hidden = false;
    out.textContent = result.output + (result.error ?? "");
    out.className = result.error ? "error" : "";
    button.disabled = false;
    button.textContent = "Run";
  });
  block.append(button, out);
}
