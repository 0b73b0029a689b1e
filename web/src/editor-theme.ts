/**
 * The editors follow the page's theme: One Dark in the dark theme, CodeMirror's default in the
 * light one. Every editor is created with `editorTheme()`; `applyEditorTheme()` switches them all.
 */
import { Compartment, type Extension } from "@codemirror/state";
import { oneDark } from "@codemirror/theme-one-dark";
import { ViewPlugin, type EditorView } from "@codemirror/view";

const theme = new Compartment();
const views = new Set<EditorView>();
const current = () => (document.documentElement.classList.contains("dark") ? oneDark : []);

/** Keeps track of the editors that exist, so a theme change reaches each of them. */
const tracked = ViewPlugin.define((view) => {
  views.add(view);
  return { destroy: () => views.delete(view) };
});

/** The theme extension for a new editor. */
export function editorTheme(): Extension {
  return [theme.of(current()), tracked];
}

/** Called when the page's theme changes. */
export function applyEditorTheme(): void {
  for (const view of views) {
    if (view.dom.isConnected) view.dispatch({ effects: theme.reconfigure(current()) });
    else views.delete(view);
  }
}
