/**
 * Markdown to safe HTML: rendered by marked, sanitised by DOMPurify. Code blocks become
 * `<div class="snippet">` blocks (a Python one with `run` or `run error` after its language is
 * marked runnable) that `enhanceCode` (markdown.ts) turns into editors once CodeMirror is loaded.
 * Kept apart from markdown.ts so that a page can show its text before CodeMirror's code has run.
 */
import DOMPurify from "dompurify";
import { marked } from "marked";
import { esc } from "./context.js";

marked.use({
  renderer: {
    code({ text, lang }: { text: string; lang?: string }) {
      const [language, run, error] = (lang ?? "").split(/\s+/);
      const runnable =
        language === "python" && run === "run"
          ? ` data-run="${error === "error" ? "error" : "run"}"`
          : "";
      const kind = language === "python" ? "snippet python" : "snippet";
      return `<div class="${kind}"${runnable}><pre><code class="language-${esc(language ?? "")}">${esc(text)}</code></pre></div>`;
    },
  },
});

export const markdown = (text: string) =>
  DOMPurify.sanitize(marked.parse(text, { async: false }) as string);
