/** `pydojo pull <exercise> | --module <m> | --course <c> [--dir D] [--json]` */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import {
  ApiError,
  type ApiExercise,
  type ApiFile,
  type PydojoClient,
} from "../client/api-client.js";
import { APP_SPEC, moduleNameFor } from "../core/exercise.js";
import { parse, UsageError } from "./args.js";
import {
  besideName,
  readState,
  sha256,
  STATE_FILE,
  validateState,
  type ExerciseState,
} from "./exercise-folder.js";
import { call, CliError, connect } from "./remote.js";
import {
  checkExerciseId,
  checkFileName,
  checkFolderIsOurs,
  checkNoAliases,
  EXERCISE_ID,
  EXERCISE_LIMITS,
  existsInside,
  readInside,
  RefusedError,
  show,
  writeInside,
} from "./safe-fs.js";
import { brief, clean } from "./sanitize.js";
import { fetchCourse, fetchCourses } from "./server-data.js";
import { interactive, progressBar } from "./terminal.js";
import { pullProject } from "./project-commands.js";
import { PROJECT_STATE } from "./project-folder.js";
import { parseStageExerciseId } from "../core/project.js";

export interface PullOutcome {
  id: string;
  dir: string;
  written: string[];
  kept: string[];
  /** One line about the folder (projects: the stage it is at). */
  note?: string;
  /** Bytes written to the disk. */
  bytes?: number;
}

/** What one `pydojo pull` writes in all, at most: a course is a few MB; 1,000 items of 2 MB are not. */
export const PULL_TOTAL_BYTES = 128 * 1024 * 1024;

const KINDS = ["implement", "debug", "write-tests"] as const;

/** True when the tests are unittest.TestCase classes (so `python -m unittest` runs them). */
const isUnittestStyle = (tests: ApiFile[]) =>
  tests.length > 0 &&
  tests.every((t) => /\bunittest\.TestCase\b|\bfrom unittest import\b/.test(t.content));

export function readme(ex: ApiExercise, server: string): string {
  // Escape sequences in a file a learner will `cat` act on the terminal as printed ones do.
  const instructions = clean(ex.instructions ?? "").trim();
  // The instructions usually start with the title as a heading: use it, don't repeat it.
  const heading = /^#\s[^\n]*/.exec(instructions)?.[0];
  const title = heading ?? `# ${clean(ex.title)}`;
  const body = heading ? instructions.slice(heading.length).trim() : instructions;
  const runtimes = ex.runtimes.includes("pyodide")
    ? ""
    : `> ${ex.runtimeNote ?? "This exercise needs CPython."}\n\n`;
  const testModules = ex.tests.map((t) => moduleNameFor(t.path)).filter((m): m is string => !!m);
  const unittestLine = isUnittestStyle(ex.tests)
    ? `- \`python -m unittest ${testModules.join(" ")}\`: these tests are unittest-style, so the standard library runs them too (name the modules: plain \`python -m unittest\` only finds files named \`test*.py\`).`
    : `- \`python -m unittest\` does **not** run these tests: they are pytest-style (plain functions with \`assert\`), and unittest reports "Ran 0 tests ... OK", which is not a pass.`;
  return `${title}\n\n${runtimes}${body}

---

## Running the tests

- \`pydojo test\`: runs the tests with your own Python and shows each result (exit status 0
  when all pass, 1 when any fails). The tests came from ${server} and run as you, like any
  code you download; \`pydojo test --runner sandbox\` runs them in bubblewrap where installed.
- \`python -m pytest\`: if pytest is installed (\`pip install pytest\`).
${unittestLine}

Submit: \`pydojo submit\` (past verdicts: \`pydojo history\`). Sync drafts with the website: \`pydojo sync\`.
`;
}

/** Everything a server sends for one exercise, checked before anything is written. */
function checkExercise(ex: ApiExercise, id: string, server: string): void {
  const source = `the server ${server} (exercise ${id})`;
  if (!ex || typeof ex !== "object") throw new RefusedError(`${source} sent no exercise`);
  if (!KINDS.includes(ex.kind))
    throw new RefusedError(`refused exercise kind ${show(ex.kind)} from ${source}`);
  if (
    !Array.isArray(ex.runtimes) ||
    !Array.isArray(ex.prerequisites) ||
    (ex.runtimeNote !== null && typeof ex.runtimeNote !== "string")
  )
    throw new RefusedError(`${source} sent a malformed exercise (runtimes, prerequisites)`);
  if (typeof ex.title !== "string" || typeof ex.instructions !== "string")
    throw new RefusedError(`${source} sent an exercise without a title or instructions`);
  if (
    ex.prerequisites.length > 1000 ||
    !ex.prerequisites.every((p: unknown) => typeof p === "string" && p.length <= 200)
  )
    throw new RefusedError(`${source} sent a malformed exercise (prerequisites)`);
  // The instructions become README.md: a file like the others, counted with them.
  const instructionBytes = Buffer.byteLength(ex.instructions) + Buffer.byteLength(ex.title);
  if (instructionBytes > EXERCISE_LIMITS.fileBytes)
    throw new RefusedError(
      `refused the instructions from ${source}: ${instructionBytes} bytes, more than the ${EXERCISE_LIMITS.fileBytes} a file may have`,
    );
  const lists = {
    starter: ex.starter,
    tests: ex.tests,
    support: ex.support,
    draft: ex.draft?.files ?? [],
  };
  for (const [what, list] of Object.entries(lists))
    if (!Array.isArray(list))
      throw new RefusedError(`${source} sent ${what} that is not a list of files`);
  if (!Array.isArray(ex.solutionFiles) || ex.solutionFiles.length === 0)
    throw new RefusedError(`${source} sent no solution file names`);
  for (const name of ex.solutionFiles) checkFileName(name, source);
  const files = [...ex.starter, ...ex.tests, ...ex.support, ...(ex.draft?.files ?? [])];
  let total = instructionBytes;
  for (const file of files) {
    checkFileName(file?.path, source);
    if (file.path === "README.md")
      throw new RefusedError(
        `refused file name "README.md" from ${source}: pydojo writes that file itself`,
      );
    if (typeof file.content !== "string")
      throw new RefusedError(`refused ${show(file.path)} from ${source}: its content is not text`);
    const bytes = Buffer.byteLength(file.content);
    if (bytes > EXERCISE_LIMITS.fileBytes)
      throw new RefusedError(
        `refused ${show(file.path)} from ${source}: ${bytes} bytes, more than the ${EXERCISE_LIMITS.fileBytes} a file may have`,
      );
    total += bytes;
  }
  if (files.length > EXERCISE_LIMITS.files || total > EXERCISE_LIMITS.totalBytes)
    throw new RefusedError(
      `refused exercise ${id} from ${server}: ${files.length} files, ${total} bytes (at most ${EXERCISE_LIMITS.files} files and ${EXERCISE_LIMITS.totalBytes} bytes)`,
    );
  for (const f of [...ex.starter, ...(ex.draft?.files ?? [])])
    if (!ex.solutionFiles.includes(f.path))
      throw new RefusedError(
        `refused ${show(f.path)} from ${source}: sent as the learner's file but not one of the exercise's solution files`,
      );
  const onDisk = [...(ex.draft?.files ?? ex.starter), ...ex.tests, ...ex.support].map(
    (f) => f.path,
  );
  if (new Set(onDisk).size !== onDisk.length)
    throw new RefusedError(`refused exercise ${id} from ${server}: it names the same file twice`);
  const names = ["README.md", ...ex.solutionFiles, ...onDisk];
  checkNoAliases(names, source);
  // `pydojo sync` keeps the website's version of a solution file beside it as `x.server.py`
  // and removes that copy once the learner's is sent: no file of the exercise may have its name.
  const taken = new Set(names.map((n) => n.toLowerCase()));
  for (const name of ex.solutionFiles) {
    const copy = besideName(name);
    if (taken.has(copy.toLowerCase()))
      throw new RefusedError(
        `refused file name ${show(copy)} from ${source}: it is the name pydojo sync gives the website's copy of ${show(name)}; nothing was written`,
      );
  }
}

/** Writes one exercise; files the learner changed since the last pull/sync are kept. */
export async function pullExercise(
  client: PydojoClient,
  server: string,
  rawId: string,
  workspace: string,
): Promise<PullOutcome> {
  const id = checkExerciseId(rawId, `the server ${server}`);
  const ex = await call(server, () => client.exercise(id));
  if (ex?.locked) {
    const names = Array.isArray(ex.prerequisites)
      ? ex.prerequisites.filter((p: unknown) => typeof p === "string").slice(0, 20)
      : [];
    throw new CliError(
      `${id} is locked: pass ${names.length ? clean(brief(names.join(", "), 500)) : "its prerequisites"} first`,
    );
  }
  checkExercise(ex, id, server);
  const dir = path.join(workspace, ...id.split("/"));
  await checkFolderIsOurs(workspace, id, [STATE_FILE, PROJECT_STATE]);
  const previous: ExerciseState | null = (await existsInside(workspace, `${id}/${STATE_FILE}`))
    ? await readState(dir)
    : null;
  const solution = ex.draft?.files ?? ex.starter;
  const state = validateState(
    {
      id,
      server,
      title: clean(ex.title),
      kind: ex.kind,
      solutionFiles: ex.solutionFiles,
      testFiles: ex.tests.map((t) => t.path),
      supportFiles: ex.support.map((s) => s.path),
      solutionModules: [...ex.solutionFiles, ...ex.support.map((s) => s.path)]
        .map(moduleNameFor)
        .filter((m): m is string => m !== null),
      app: typeof ex.app === "string" && APP_SPEC.test(ex.app) ? ex.app : null,
      draftVersion: ex.draft?.version ?? 0,
      baseHashes: {},
    },
    `the server ${server} (exercise ${id})`,
  );
  const files = [
    ...solution,
    ...ex.tests,
    ...ex.support,
    { path: "README.md", content: readme(ex, server) },
  ];
  const written: string[] = [];
  const kept: string[] = [];
  let bytes = 0;
  for (const file of files) {
    const relative = `${id}/${file.path}`;
    const base = previous?.baseHashes[file.path];
    const existing = await readInside(workspace, relative);
    if (existing !== null) {
      const local = sha256(existing);
      const editedLocally = base === undefined ? local !== sha256(file.content) : local !== base;
      if (editedLocally) {
        kept.push(file.path);
        state.baseHashes[file.path] = base ?? sha256(file.content);
        continue;
      }
    }
    await writeInside(workspace, relative, file.content);
    written.push(file.path);
    bytes += Buffer.byteLength(file.content);
    state.baseHashes[file.path] = sha256(file.content);
  }
  await writeInside(
    workspace,
    `${id}/.pydojo/exercise.json`,
    JSON.stringify(state, null, 2) + "\n",
  );
  return { id, dir, written, kept, bytes };
}

export async function runPull(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    module: { type: "string", short: "m" },
    course: { type: "string", short: "c" },
    dir: { type: "string", short: "d" },
    json: { type: "boolean" },
  });
  const targets = [
    positionals.length > 0,
    values.module !== undefined,
    values.course !== undefined && values.module === undefined,
  ].filter(Boolean).length;
  if (targets !== 1 || positionals.length > 1) {
    throw new UsageError(
      "pull one exercise (pydojo pull python-backend/receipt), a module (--module foundations [--course C]) or a course (--course python-backend)",
    );
  }
  const { client, config } = await connect();
  const workspace = path.resolve(values.dir ?? ".");
  let ids: string[];
  const projects = new Set<string>();
  if (positionals[0]) {
    const id = positionals[0].includes("/")
      ? positionals[0]
      : await findBySlug(client, config.server, positionals[0]);
    // A project (or one of its stages) is pulled as the project's folder.
    const project = await projectIdFor(client, id);
    if (project) projects.add(project);
    ids = [project ?? id];
  } else {
    const courseId = values.course ?? (await fetchCourses(client, config.server)).courses[0]?.id;
    if (!courseId) throw new CliError("this server has no course");
    const course = await fetchCourse(client, config.server, courseId);
    const modules = values.module
      ? course.modules.filter((m) => m.id === values.module)
      : course.modules;
    if (modules.length === 0)
      throw new CliError(
        `no module '${values.module}' in ${courseId} (modules: ${course.modules.map((m) => m.id).join(", ")})`,
      );
    ids = modules.flatMap((m) =>
      m.items
        .filter((i) => (i.type === "exercise" || i.type === "project") && !i.locked)
        .map((i) => i.id),
    );
    for (const m of modules)
      for (const i of m.items) if (i.type === "project") projects.add(String(i.id));
  }
  await mkdir(workspace, { recursive: true });
  const bar = progressBar(ids.length, interactive(values.json) && ids.length > 1);
  const outcomes: PullOutcome[] = [];
  const refused: string[] = [];
  let bytes = 0;
  for (const [index, id] of ids.entries()) {
    bar.update(index, clean(String(id)));
    if (bytes > PULL_TOTAL_BYTES) {
      refused.push(
        `stopped before ${clean(String(id))} and the ${ids.length - index - 1} items after it: the server ${config.server} sent more than ${PULL_TOTAL_BYTES / (1024 * 1024)} MB for one pull, far more than a course holds; nothing more was written`,
      );
      break;
    }
    try {
      outcomes.push(
        projects.has(id)
          ? await pullProject(client, config.server, id, workspace)
          : await pullExercise(client, config.server, id, workspace),
      );
      bytes += outcomes.at(-1)!.bytes ?? 0;
    } catch (error) {
      // One refused exercise does not stop the others; the command still fails at the end.
      if (!(error instanceof RefusedError) || ids.length === 1) {
        bar.stop();
        throw error;
      }
      refused.push(error.message);
    }
  }
  bar.update(ids.length);
  bar.stop();
  for (const message of refused) console.error(`pydojo pull: ${clean(message)}`);
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          pulled: outcomes.map((o) => ({ ...o, dir: path.relative(process.cwd(), o.dir) || "." })),
          refused,
        },
        null,
        2,
      ),
    );
    return refused.length ? 1 : 0;
  }
  for (const o of outcomes) {
    // The folder, written as one ("./mini/add/"), so it doesn't read like the id twice.
    const rel = `./${path.relative(process.cwd(), o.dir) || "."}/`.replace(/^\.\/\.\.\//, "../");
    console.log(
      `${o.id} → ${rel}${o.kept.length ? `  (kept your changes to ${o.kept.join(", ")})` : ""}`,
    );
    if (o.note) console.log(`  ${clean(o.note)}`);
  }
  if (outcomes.length > 1) {
    const p = outcomes.filter((o) => projects.has(o.id)).length;
    const e = outcomes.length - p;
    const what = p
      ? `${e} exercise${e === 1 ? "" : "s"} and ${p} project${p === 1 ? "" : "s"}`
      : `${e} exercises`;
    console.log(`\n${what} pulled (locked ones are pulled once you unlock them).`);
  }
  return refused.length ? 1 : 0;
}

async function findBySlug(client: PydojoClient, server: string, slug: string): Promise<string> {
  const { courses } = await fetchCourses(client, server);
  for (const c of courses) {
    const course = await fetchCourse(client, server, c.id);
    const hit = course.modules
      .flatMap((m) => m.items)
      .find((i) => (i.type === "exercise" || i.type === "project") && i.id.endsWith(`/${slug}`));
    if (hit) return hit.id;
  }
  throw new CliError(
    `no exercise '${slug}' on this server (use its full id, e.g. python-backend/receipt)`,
  );
}

/**
 * The project an id names (itself, or the project of a stage id like `c/p-stage-2`), asking the
 * server; null when it is not a project (an exercise, or a server without projects).
 */
async function projectIdFor(client: PydojoClient, id: string): Promise<string | null> {
  if (!EXERCISE_ID.test(id)) return null; // refused with its message by pullExercise
  const stage = parseStageExerciseId(id);
  const candidate = stage ? stage.projectId : id;
  if (!EXERCISE_ID.test(candidate)) return null;
  try {
    await client.project(candidate);
    return candidate;
  } catch (error) {
    // Not found: an exercise. Anything else is said by the pull that follows.
    return error instanceof ApiError && error.status === 404 ? null : candidate;
  }
}
