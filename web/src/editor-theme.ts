/**
 * The editors follow the page's theme: One Dark in the dark theme, CodeMirror's default colours in
 * the light one; in both, the colours below WCAG AA text contrast (4.5:1) are adjusted.
 * Every editor is created with `editorTheme()`; `applyEditorTheme()` switches them all.
 */
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { Compartment, Prec, type Extension } from "@codemirror/state";
import { oneDarkTheme } from "@codemirror/theme-one-dark";
import { EditorView, ViewPlugin } from "@codemirror/view";
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
// One Dark with its three dimmest colours lightened: violet (keywords), coral (names) and stone
// (comments, line numbers) are below 4.5:1 on its background and highlighted line.
const violet = "#d7a1ec";
const coral = "#f0939a";
const stone = "#a3abb9";
const darkHighlight = HighlightStyle.define([
  { tag: t.keyword, color: violet },
  { tag: [t.name, t.deleted, t.character, t.propertyName, t.macroName], color: coral },
  { tag: [t.function(t.variableName), t.labelName], color: "#61afef" },
  { tag: [t.color, t.constant(t.name), t.standard(t.name)], color: "#d19a66" },
  { tag: [t.definition(t.name), t.separator], color: "#abb2bf" },
  {
    tag: [
      t.typeName,
      t.className,
      t.number,
      t.changed,
      t.annotation,
      t.modifier,
      t.self,
      t.namespace,
    ],
    color: "#e5c07b",
  },
  {
    tag: [t.operator, t.operatorKeyword, t.url, t.escape, t.regexp, t.link, t.special(t.string)],
    color: "#56b6c2",
  },
  { tag: [t.meta, t.comment], color: stone },
  { tag: t.strong, fontWeight: "bold" },
  { tag: t.emphasis, fontStyle: "italic" },
  { tag: t.heading, fontWeight: "bold", color: coral },
  { tag: [t.atom, t.bool, t.special(t.variableName)], color: "#d19a66" },
  { tag: [t.processingInstruction, t.string, t.inserted], color: "#98c379" },
  { tag: t.invalid, color: "#ffffff" },
]);
const dark = [
  oneDarkTheme,
  syntaxHighlighting(darkHighlight),
  Prec.highest(EditorView.theme({ ".cm-gutters": { color: stone } }, { dark: true })),
];
const current = () => (document.documentElement.classList.contains("dark") ? dark : light);

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
