/**
 * Indentation in the editors as Python editors do it: 4 spaces; Tab indents a selection, or at
 * the start of a line moves to the next indent stop only as far as Python allows there (one
 * level deeper than the line above after a `:` or an open bracket, else the same level), and
 * inside a line inserts spaces to the next stop; Shift+Tab dedents. Enter keeps the indentation
 * and adds a level after a `:` (CodeMirror's insertNewlineAndIndent with the Python language).
 * Escape then Tab still moves focus out of the editor (CodeMirror's tab-focus mode).
 */
import {
  indentLess,
  indentMore,
  simplifySelection,
  temporarilySetTabFocusMode,
} from "@codemirror/commands";
import { indentUnit } from "@codemirror/language";
import { EditorSelection, Prec, type EditorState, type Extension } from "@codemirror/state";
import { keymap, type EditorView } from "@codemirror/view";

const STOP = 4;
const leading = (text: string) => text.length - text.trimStart().length;

/** The deepest indentation that means something on line `n`, from the lines above it. */
export function deepestIndent(state: EditorState, n: number): number {
  for (let i = n - 1; i >= 1; i--) {
    const text = state.doc.line(i).text;
    const code = text.replace(/\s+#[^'"]*$|^\s*#.*$/, "").trimEnd();
    if (!code.trim()) continue;
    return /[:([{\\,]$/.test(code) ? leading(text) + STOP : leading(text);
  }
  return 0;
}

function tab(view: EditorView): boolean {
  const { state } = view;
  if (state.readOnly) return false;
  if (state.selection.ranges.some((r) => !r.empty) || state.selection.ranges.length > 1)
    return indentMore(view);
  const head = state.selection.main.head;
  const line = state.doc.lineAt(head);
  const column = head - line.from;
  const indent = leading(line.text);
  if (column <= indent) {
    const deepest = deepestIndent(state, line.number);
    if (indent >= deepest) {
      // Deeper would be an IndentationError: just move to the code.
      view.dispatch({ selection: EditorSelection.cursor(line.from + indent) });
      return true;
    }
    const target = Math.min(deepest, (Math.floor(indent / STOP) + 1) * STOP);
    view.dispatch({
      changes: { from: line.from, to: line.from + indent, insert: " ".repeat(target) },
      selection: EditorSelection.cursor(line.from + target),
      userEvent: "input.indent",
    });
    return true;
  }
  const spaces = STOP - (column % STOP);
  view.dispatch(state.replaceSelection(" ".repeat(spaces)), { userEvent: "input" });
  return true;
}

/** The indentation extensions for an editable Python editor. */
export function pythonIndentation(): Extension {
  return [
    indentUnit.of(" ".repeat(STOP)),
    Prec.high(
      keymap.of([
        { key: "Tab", run: tab, shift: indentLess },
        // Escape drops a selection and, in the same press, lets the next Tab leave the editor.
        {
          key: "Escape",
          run: (view) => {
            simplifySelection(view);
            return temporarilySetTabFocusMode(view);
          },
        },
      ]),
    ),
  ];
}
