/**
 * What the exercise page loads once it is shown (exercise-page.ts): the learner's CodeMirror
 * editor (Python's grammar and indentation, the page's theme), the instructions' examples made
 * editors (`enhanceCode`) and the solutions view, which need CodeMirror too. Until it has run,
 * the page shows the learner's code as text, and Run and Submit already work on it.
 */
import { python } from "@codemirror/lang-python";
import { basicSetup, EditorView } from "codemirror";
import { editorTheme } from "./editor-theme.js";
import { pythonIndentation } from "./python-keys.js";

export { enhanceCode } from "./markdown.js";
export { showSolutions } from "./pages/solutions-view.js";

export interface CodeEditorOptions {
  /** The element the editor replaces the text in. */
  parent: HTMLElement;
  doc: string;
  /** What a screen reader announces for it ("Your code: <file>"). */
  label: string;
  onChange: () => void;
}

/** The learner's editor in `parent`, in place of what it showed; focused if that was. */
export function createCodeEditor(options: CodeEditorOptions): EditorView {
  const { parent } = options;
  const hadFocus = parent.contains(document.activeElement);
  parent.replaceChildren();
  const view = new EditorView({
    doc: options.doc,
    extensions: [
      basicSetup,
      pythonIndentation(),
      python(),
      editorTheme(),
      EditorView.contentAttributes.of({
        "aria-label": options.label,
        id: "editor-content",
        tabindex: "0",
      }),
      EditorView.updateListener.of((u) => u.docChanged && options.onChange()),
    ],
    parent,
  });
  if (hadFocus) view.focus();
  return view;
}

export type { EditorView };
