/**
 * The project page's files: a tree of the learner's folder (create, rename, delete, each
 * checked by the project rules with the reason shown inline), the stages' tests as a read-only
 * "Tests" group, and one CodeMirror editor that switches between files (each keeps its own
 * state: text, selection, undo history).
 */
import { python } from "@codemirror/lang-python";
import { EditorState, type Extension } from "@codemirror/state";
import { basicSetup, EditorView } from "codemirror";
import type { ApiFile } from "../../../src/client/api-client.js";
import { checkProjectFiles, projectPathProblem } from "../../../src/core/project.js";
import { esc } from "../context.js";
import { editorTheme } from "../editor-theme.js";
import { pythonIndentation } from "../python-keys.js";

/** A stage's test file as the tree shows it. */
export interface TestFile extends ApiFile {
  stage: number;
}

interface Folder {
  folders: Map<string, Folder>;
  files: string[];
}

function treeOf(paths: string[]): Folder {
  const root: Folder = { folders: new Map(), files: [] };
  for (const p of [...paths].sort()) {
    const parts = p.split("/");
    let at = root;
    for (const dir of parts.slice(0, -1)) {
      if (!at.folders.has(dir)) at.folders.set(dir, { folders: new Map(), files: [] });
      at = at.folders.get(dir)!;
    }
    at.files.push(p);
  }
  return root;
}

const baseName = (p: string) => p.slice(p.lastIndexOf("/") + 1);

export class ProjectFiles {
  private states = new Map<string, EditorState>();
  private order: string[] = [];
  private tests: TestFile[];
  private testStates = new Map<string, EditorState>();
  private view: EditorView;
  /** The open file (a learner's file or a test's path). */
  current: string;
  private form: { mode: "new" | "rename"; path?: string } | null = null;
  private confirmDelete = false;

  constructor(
    private readonly host: HTMLElement,
    files: ApiFile[],
    tests: TestFile[],
    private readonly onChange: () => void,
    private readonly onRun: () => void,
  ) {
    this.tests = tests;
    for (const f of files) this.addState(f.path, f.content);
    this.current =
      this.order.find((p) => p.endsWith(".py") && !p.endsWith("__init__.py")) ??
      this.order[0] ??
      "";
    host.innerHTML = `<div class="pj-files">
      <nav class="pj-tree" aria-label="Files" id="pj-tree"></nav>
      <div class="pj-editor-column">
        <div class="pj-file-bar" id="pj-file-bar"></div>
        <div class="editor" id="editor"></div>
        <p class="muted small pj-editor-help">Tab indents; Esc then Tab moves on. Ctrl+Enter runs. <span id="saved" role="status"></span></p>
      </div>
    </div>`;
    this.view = new EditorView({
      state: this.current ? this.states.get(this.current)! : this.stateFor("", "", false),
      parent: host.querySelector<HTMLElement>("#editor")!,
    });
    this.view.dom.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.onRun();
      }
    });
    host.addEventListener("click", (e) => this.clicked(e));
    host.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submitForm();
    });
    host.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && this.form) {
        this.form = null;
        this.render();
        host.querySelector<HTMLElement>("#pj-new")?.focus();
      }
    });
    this.render();
  }

  /** The learner's files as they are now. */
  files(): ApiFile[] {
    return this.order.map((path) => ({
      path,
      content: (path === this.current ? this.view.state : this.states.get(path)!).doc.toString(),
    }));
  }

  testPaths(): string[] {
    return this.tests.map((t) => t.path);
  }

  /** New tests (a stage unlocked): the Tests group shows them; open editors stay as they are. */
  setTests(tests: TestFile[]) {
    this.tests = tests;
    this.testStates.clear();
    if (!this.states.has(this.current) && !tests.some((t) => t.path === this.current))
      this.open(this.order[0] ?? "");
    this.render();
  }

  private stateFor(path: string, content: string, readOnly: boolean): EditorState {
    const extensions: Extension[] = [
      basicSetup,
      editorTheme(),
      EditorView.contentAttributes.of({
        "aria-label": readOnly ? `Test file (read-only): ${path}` : `Your code: ${path}`,
        id: "editor-content",
        tabindex: "0",
      }),
    ];
    if (path.endsWith(".py")) extensions.push(python());
    if (readOnly) extensions.push(EditorState.readOnly.of(true), EditorView.editable.of(false));
    else {
      if (path.endsWith(".py")) extensions.push(pythonIndentation());
      extensions.push(EditorView.updateListener.of((u) => u.docChanged && this.onChange()));
    }
    return EditorState.create({ doc: content, extensions });
  }

  private addState(path: string, content: string) {
    this.states.set(path, this.stateFor(path, content, false));
    if (!this.order.includes(path)) this.order.push(path);
  }

  /** Opens a file (the learner's or a test) in the editor. */
  open(path: string) {
    if (this.states.has(this.current)) this.states.set(this.current, this.view.state);
    const test = this.tests.find((t) => t.path === path);
    let state = this.states.get(path);
    if (!state && test) {
      state = this.testStates.get(path) ?? this.stateFor(path, test.content, true);
      this.testStates.set(path, state);
    }
    this.current = path;
    this.confirmDelete = false;
    this.view.setState(state ?? this.stateFor("", "", false));
    this.render();
  }

  /** Replaces every file (e.g. the reference's folder); the open file stays open if it remains. */
  replaceAll(files: ApiFile[]) {
    this.states.clear();
    this.order = [];
    for (const f of files) this.addState(f.path, f.content);
    const keep = this.states.has(this.current) ? this.current : (this.order[0] ?? "");
    this.current = "";
    this.open(keep);
    this.onChange();
  }

  private isTest(path: string) {
    return this.tests.some((t) => t.path === path);
  }

  private render() {
    const tree = this.host.querySelector<HTMLElement>("#pj-tree")!;
    const fileButton = (path: string, label: string, extra = "") =>
      `<li><button type="button" class="pj-file" data-open="${esc(path)}"${path === this.current ? ` aria-current="true"` : ""} title="${esc(path)}">${esc(label)}</button>${extra}</li>`;
    const folder = (f: Folder, depth: number): string =>
      [...f.folders]
        .map(
          ([name, sub]) =>
            `<li class="pj-folder"><span class="pj-folder-name">${esc(name)}/</span><ul>${folder(sub, depth + 1)}</ul></li>`,
        )
        .join("") + f.files.map((p) => fileButton(p, baseName(p))).join("");
    const formHtml = this.form
      ? `<form class="pj-file-form" id="pj-file-form" novalidate>
          <label for="pj-path">${this.form.mode === "new" ? "New file's path" : `Rename ${esc(this.form.path ?? "")} to`}</label>
          <input id="pj-path" autocomplete="off" spellcheck="false" autocapitalize="off" value="${esc(this.form.mode === "rename" ? (this.form.path ?? "") : this.suggestedFolder())}" aria-describedby="pj-path-error pj-path-help" />
          <p class="muted small" id="pj-path-help">Folders with <code>/</code>, e.g. <code>tally/util.py</code>.</p>
          <p class="error small" id="pj-path-error" data-testid="file-error" role="alert"></p>
          <div class="pj-form-actions"><button type="submit" id="pj-path-ok">${this.form.mode === "new" ? "Create" : "Rename"}</button><button type="button" class="ghost" data-action="cancel">Cancel</button></div>
        </form>`
      : "";
    const testItems = this.tests.length
      ? `<ul class="pj-list">${this.tests
          .map((t) =>
            fileButton(
              t.path,
              baseName(t.path),
              ` <span class="muted small">stage ${t.stage}</span>`,
            ),
          )
          .join("")}</ul>`
      : `<p class="muted small">None yet.</p>`;
    tree.innerHTML = `<div class="pj-tree-head"><h2 id="pj-files-title">Your files</h2><button type="button" class="ghost small-button" id="pj-new" data-action="new">New file</button></div>
      ${formHtml}
      <ul class="pj-list" aria-labelledby="pj-files-title" data-testid="file-tree">${folder(treeOf(this.order), 0)}</ul>
      <h3 id="pj-tests-title">Tests <span class="muted small">(read-only)</span></h3>
      <div data-testid="test-tree">${testItems}</div>`;
    const bar = this.host.querySelector<HTMLElement>("#pj-file-bar")!;
    const mine = this.states.has(this.current);
    bar.innerHTML = this.current
      ? `<span class="file-name" data-testid="open-file">${esc(this.current)}</span>${
          mine
            ? this.confirmDelete
              ? `<span class="pj-confirm" role="group" aria-label="Confirm delete">Delete ${esc(this.current)}? <button type="button" class="danger small-button" data-action="delete-yes">Delete</button><button type="button" class="ghost small-button" data-action="delete-no">Keep it</button></span>`
              : `<button type="button" class="ghost small-button" data-action="rename">Rename</button><button type="button" class="ghost small-button" data-action="delete">Delete</button>`
            : ` <span class="muted small">read-only: the stage's tests</span>`
        }<span class="pj-bar-error error small" id="pj-bar-error" role="alert"></span>`
      : `<span class="muted">No file open.</span>`;
    if (this.form) {
      const input = this.host.querySelector<HTMLInputElement>("#pj-path")!;
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }
  }

  private suggestedFolder(): string {
    const from = this.states.has(this.current) ? this.current : (this.order[0] ?? "");
    return from.includes("/") ? from.slice(0, from.lastIndexOf("/") + 1) : "";
  }

  private clicked(e: Event) {
    const target = (e.target as HTMLElement).closest<HTMLElement>("[data-open], [data-action]");
    if (!target) return;
    if (target.dataset.open !== undefined) {
      const path = target.dataset.open;
      this.form = null;
      this.open(path);
      // The tree was drawn anew: keep the keyboard where it was.
      [...this.host.querySelectorAll<HTMLElement>("button[data-open]")]
        .find((b) => b.dataset.open === path)
        ?.focus();
      return;
    }
    const action = target.dataset.action;
    if (action === "new") this.form = { mode: "new" };
    if (action === "rename") this.form = { mode: "rename", path: this.current };
    if (action === "cancel") this.form = null;
    if (action === "delete") this.confirmDelete = true;
    if (action === "delete-no") this.confirmDelete = false;
    if (action === "delete-yes") return this.remove(this.current);
    this.render();
    if (action === "delete")
      this.host.querySelector<HTMLElement>("[data-action=delete-no]")?.focus();
    if (action === "cancel" || action === "delete-no")
      this.host
        .querySelector<HTMLElement>(action === "cancel" ? "#pj-new" : "[data-action=delete]")
        ?.focus();
  }

  /** Why `files` would not be acceptable (the project's rules), or null. */
  private problem(files: ApiFile[], path: string): string | null {
    if (!path) return "Type a path, e.g. tally/util.py";
    if (path.startsWith("/")) return `${path}: a path is relative to your folder (no leading /)`;
    if (this.isTest(path)) return `${path} is one of the project's test files, not yours`;
    return projectPathProblem(path) ?? checkProjectFiles(files, this.testPaths());
  }

  private submitForm() {
    if (!this.form) return;
    const input = this.host.querySelector<HTMLInputElement>("#pj-path")!;
    const error = this.host.querySelector<HTMLElement>("#pj-path-error")!;
    const path = input.value.trim();
    const files = this.files();
    let next: ApiFile[];
    if (this.form.mode === "new") {
      if (this.states.has(path)) {
        error.textContent = `${path} exists already`;
        input.setAttribute("aria-invalid", "true");
        return;
      }
      next = [...files, { path, content: "" }];
    } else {
      const from = this.form.path!;
      if (path !== from && this.states.has(path)) {
        error.textContent = `${path} exists already`;
        input.setAttribute("aria-invalid", "true");
        return;
      }
      next = files.map((f) => (f.path === from ? { ...f, path } : f));
    }
    const problem = this.problem(next, path);
    if (problem) {
      error.textContent = problem;
      input.setAttribute("aria-invalid", "true");
      return;
    }
    if (this.form.mode === "new") {
      this.addState(path, "");
    } else {
      const from = this.form.path!;
      const content = (from === this.current ? this.view.state : this.states.get(from)!).doc;
      const i = this.order.indexOf(from);
      this.states.delete(from);
      this.order.splice(i, 1, path);
      this.states.set(path, this.stateFor(path, content.toString(), false));
      if (from === this.current) this.current = "";
    }
    this.form = null;
    this.open(path);
    this.onChange();
    this.view.focus();
  }

  private remove(path: string) {
    const next = this.files().filter((f) => f.path !== path);
    const problem =
      next.length === 0 ? "A project needs at least one file: this is the last" : null;
    if (problem) {
      this.confirmDelete = false;
      this.render();
      this.host.querySelector<HTMLElement>("#pj-bar-error")!.textContent = problem;
      return;
    }
    this.states.delete(path);
    this.order = this.order.filter((p) => p !== path);
    this.current = "";
    this.open(this.order[0] ?? "");
    this.onChange();
    this.host.querySelector<HTMLElement>("#pj-new")?.focus();
  }
}
