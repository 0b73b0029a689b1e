/**
 * The exercise format: Exercism's folder layout (`.meta/config.json`) plus PyDojo's own
 * metadata (`.meta/pydojo.json`). Pure: parsing and validation only, no file access.
 */
import { z } from "zod";

const relativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith("/") && !p.split(/[\\/]/).includes(".."), {
    message: "must be a path inside the exercise folder (no leading '/', no '..')",
  });

/** Exercism's `.meta/config.json`; only the fields we rely on are checked, the rest are kept. */
export const exercismConfigSchema = z.looseObject({
  files: z.looseObject({
    solution: z.array(relativePath).min(1),
    test: z.array(relativePath).min(1),
    example: z.array(relativePath).optional(),
    exemplar: z.array(relativePath).optional(),
    editor: z.array(relativePath).optional(),
    invalidator: z.array(relativePath).optional(),
  }),
  blurb: z.string().optional(),
  authors: z.array(z.string()).optional(),
});
export type ExercismConfig = z.infer<typeof exercismConfigSchema>;

/** Interpreters an exercise can run on: CPython (sandbox, local) and Pyodide (browser, pyodide). */
export const RUNTIMES = ["cpython", "pyodide"] as const;
export type Runtime = (typeof RUNTIMES)[number];

export const limitsSchema = z.strictObject({
  timeoutSeconds: z.number().positive().max(120).optional(),
  testTimeoutSeconds: z.number().positive().max(120).optional(),
  memoryMb: z.number().int().min(32).max(4096).optional(),
  outputKb: z.number().int().min(1).max(16384).optional(),
  processes: z.number().int().min(1).max(256).optional(),
  fileSizeMb: z.number().int().min(1).max(1024).optional(),
  openFiles: z.number().int().min(16).max(4096).optional(),
});
export type LimitsOverride = z.infer<typeof limitsSchema>;

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase words joined by '-' (e.g. 'two-sum')");

/** A buggy version of the code under test, for write-the-tests exercises. */
export const variantSchema = z.strictObject({
  name: slug,
  /** What the bug is, shown to the learner once their tests catch it (or fail to). */
  description: z.string().min(1),
  /** Subject file path (as in files.editor) -> the buggy replacement's path. */
  files: z.record(relativePath, relativePath),
});
export type Variant = z.infer<typeof variantSchema>;

/**
 * A correct version of the code under test written differently (another algorithm, structure
 * and names; no docstrings or comments shared with the subject), for write-the-tests exercises.
 * The learner's tests must pass on it: a suite that checks how the code is written instead of
 * what it does fails here. Never shown to the learner.
 */
export const equivalentSchema = z.strictObject({
  name: slug,
  /** Subject file path (as in files.editor) -> the equivalent replacement's path. */
  files: z.record(relativePath, relativePath),
});
export type Equivalent = z.infer<typeof equivalentSchema>;

/**
 * A plausible wrong solution (an off-by-one, a missing validation, a symptom fix, a leaked
 * secret, a blocking call): `pydojo check` requires that it fails, and when `expect` is given,
 * that a failing test's message says it, so the feedback teaches. Never shown to learners.
 */
export const mistakeSchema = z.strictObject({
  name: slug,
  /** The mistake, as an author would describe it in review. */
  description: z.string().min(1),
  /** Solution file path (as in files.solution) -> the wrong replacement's path. */
  files: z.record(relativePath, relativePath),
  /** Text that a failing test's message (or the result's message) must contain. */
  expect: z.string().min(1).optional(),
});
export type Mistake = z.infer<typeof mistakeSchema>;

/** A correct but unusual solution that must pass: the tests check behaviour, not one shape. */
export const alternativeSchema = z.strictObject({
  name: slug,
  /** Solution file path (as in files.solution) -> the alternative's path. */
  files: z.record(relativePath, relativePath),
});
export type Alternative = z.infer<typeof alternativeSchema>;

/** "pkg.module:name" or "pkg.module:factory()": where the learner's WSGI/ASGI app is. */
export const APP_SPEC =
  /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*:[A-Za-z_][A-Za-z0-9_]*(?:\(\))?$/;

export const pydojoMetaSchema = z.strictObject({
  /** Stable id, never reused: "<course-or-set>/<slug>". */
  id: z
    .string()
    .regex(
      /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)+$/,
      "must look like 'sample/hello-world' (lowercase slugs separated by '/')",
    ),
  title: z.string().min(1).max(120),
  kind: z.enum(["implement", "debug", "write-tests"]).default("implement"),
  difficulty: z.number().int().min(1).max(5),
  concepts: z.array(slug).min(1),
  estimatedMinutes: z.number().int().min(1).max(600),
  runtimes: z.array(z.enum(RUNTIMES)).min(1).default(["cpython", "pyodide"]),
  /** Why an exercise cannot run everywhere, shown to learners (e.g. "needs threads"). */
  runtimeNote: z.string().optional(),
  xp: z.number().int().min(0).max(1000).optional(),
  prerequisites: z.array(z.string()).default([]),
  limits: limitsSchema.default({}),
  tags: z.array(slug).default([]),
  /**
   * The learner's web app, for the request panel and `pydojo run`: "module:attribute" (a WSGI or
   * ASGI app) or "module:factory()" (called with no arguments for a new app). Without it, a
   * web-app exercise's starter decides (see httpAppOf).
   */
  app: z
    .string()
    .regex(
      APP_SPEC,
      "must look like 'module:app' or 'module:make_app()' (a dotted module, a colon, a name)",
    )
    .optional(),
  /** write-tests only: buggy versions of the subject that the learner's tests must catch. */
  variants: z.array(variantSchema).default([]),
  /** write-tests only: correct versions written differently that the learner's tests must pass. */
  equivalents: z.array(equivalentSchema).default([]),
  /** Wrong solutions a learner would plausibly write; each must fail (checked, never served). */
  mistakes: z.array(mistakeSchema).default([]),
  /** Correct solutions written differently; each must pass (checked, never served). */
  alternatives: z.array(alternativeSchema).default([]),
});
export type PydojoMeta = z.infer<typeof pydojoMetaSchema>;

/** A test that talks HTTP to the learner's app: the `client` or `live_server` fixture, `client_for`. */
const USES_CLIENT = /\b(?:client_for|live_server)\b|\bdef test_\w*\([^)]*\bclient\b/;
/** A top-level factory callable with no arguments: `def make_app():` or only defaulted parameters. */
const FACTORY = /^def make_app\(((?:\s*\w+\s*(?::[^=,)]+)?=[^,)]+,?)*\s*)\)/m;
/** A top-level `app`: a WSGI/ASGI function or an assignment. */
const APP = /^(?:(?:async\s+)?def app\(|app\s*(?::[^=]+)?=)/m;

/**
 * The web app an exercise serves (request panel, `pydojo run`), as "module:app" or
 * "module:make_app()"; null when it is not a web app. The rule (docs/exercise-format.md):
 * 1. its `app` field; 2. not for write-tests exercises; 3. when it is tagged `http` or its tests
 * use `client`, `client_for` or `live_server`: the first solution module whose starter defines
 * `make_app()` (callable with no arguments) or `app` at the top level; 4. otherwise none (a
 * factory that needs arguments, a module that only renders HTML: say `app` to have a panel).
 */
export function httpAppOf(
  meta: Pick<PydojoMeta, "app" | "tags" | "kind">,
  solutionFiles: string[],
  files: { starter?: { path: string; content: string }[]; tests?: { content: string }[] } = {},
): string | null {
  if (meta.app) return meta.app;
  if (meta.kind === "write-tests") return null;
  const tagged = meta.tags.includes("http");
  if (!tagged && !(files.tests ?? []).some((t) => USES_CLIENT.test(t.content))) return null;
  for (const file of solutionFiles) {
    const module = moduleNameFor(file);
    const text = files.starter?.find((f) => f.path === file)?.content ?? "";
    if (!module) continue;
    if (FACTORY.test(text)) return `${module}:make_app()`;
    if (APP.test(text)) return `${module}:app`;
  }
  return null;
}

/** Default XP for a first pass, from difficulty, unless the exercise sets its own. */
export function xpFor(meta: Pick<PydojoMeta, "difficulty" | "xp">): number {
  return meta.xp ?? [10, 20, 35, 50, 80][meta.difficulty - 1] ?? 10;
}

/** A validation problem, named by file and field so an author can fix it. */
export interface FormatIssue {
  file: string;
  field: string;
  message: string;
}

/** Turns a zod error into issues naming the file and the dotted field path. */
export function issuesFromZod(file: string, error: z.ZodError): FormatIssue[] {
  return error.issues.map((issue) => ({
    file,
    field: issue.path.length > 0 ? issue.path.map(String).join(".") : "(root)",
    // "Invalid input: expected array, received undefined" is a field left out: say so.
    message: /received undefined$/.test(issue.message)
      ? `missing: this field is required (${issue.message.replace(/^Invalid input: /, "").replace(/, received undefined$/, "")})`
      : issue.message,
  }));
}

/**
 * "not valid JSON: ..." with the line and column of the problem (JSON.parse gives a character
 * offset), and a word on comments, which JSON has none of.
 */
export function jsonErrorMessage(text: string, error: unknown): string {
  const message = (error as Error).message;
  const at = /at position (\d+)/.exec(message);
  let where = "";
  if (at) {
    const before = text.slice(0, Number(at[1]));
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    where = ` (line ${line}, column ${column})`;
  }
  const comment = /^\s*(\/\/|#|\/\*)/m.test(text) ? "; JSON has no comments: remove them" : "";
  return `not valid JSON${where}: ${message}${comment}`;
}

/** Python module name for a solution file path, e.g. "pkg/util.py" -> "pkg.util". */
export function moduleNameFor(file: string): string | null {
  if (!file.endsWith(".py")) return null;
  const parts = file.slice(0, -3).split("/");
  if (parts[parts.length - 1] === "__init__") parts.pop();
  const valid = parts.length > 0 && parts.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p));
  return valid ? parts.join(".") : null;
}
