/**
 * The editors follow the page's theme: One Dark in the dark theme, in the light one CodeMirror's
 * default colours with the few that are too light for WCAG AA text contrast (4.5:1) darkened.
 * Every editor is created with `editorTheme()`; `applyEditorTheme()` switches them all.
 */
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { Compartment, type Extension } from "@codemirror/state";
import { oneDark } from "@codemirror/theme-one-dark";
import { ViewPlugin, type EditorView } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

const lightHighlight = HighlightStyle.define([
  { tag: t.meta, color: "#404740" },
  { tag: t.link, textDecoration: "underline" },
  { tag: t.heading, textDecoration: "underline", fontWeight: "bold" },
  { tag: t.emphasis, fontStyle: "italic" },
  { tag: t.strong, fontWeight: "bold" },
  { tag: t.keyword, color: "#708" },
  { tag: [t.atom, t.bool, t.url, t.contentSeparator, t.labelName], color: "#219" },
  { tag: [t.literal, t.inserted], color: "#164" },
  { tag: [t.string, t.deleted], color: "#a11" },
  { tag: [t.regexp, t.escape, t.special(t.string)], color: "#a83200" },
  { tag: t.definition(t.variableName), color: "#00f" },
  { tag: t.local(t.variableName), color: "#30a" },
  { tag: [t.typeName, t.namespace], color: "#06673f" },
  { tag: t.className, color: "#167" },
  { tag: [t.special(t.variableName), t.macroName], color: "#256" },
  { tag: t.definition(t.propertyName), color: "#00c" },
  { tag: t.comment, color: "#8a3d00" },
  { tag: t.invalid, color: "#c00" },
]);
const light = syntaxHighlighting(lightHighlight);

const theme = new Compartment();
const views = new Set<EditorView>();
const current = () => (document.documentElement.classList.contains("dark") ? oneDark : light);

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
