/**
 * The project workflow of the learner's CLI: `pull` writes a project folder once (the starter or
 * the server's draft, the unlocked stages' tests in tests/, the current stage's INSTRUCTIONS.md),
 * `test` grades the current stage with every earlier one on this machine, `submit` sends the
 * folder to the current stage, `next` moves the folder to the next stage once the server says the
 * current one is passed, `status` and `history` show the stages. Everything from the server is
 * checked before it is written; the learner's own files are never overwritten, and .git is never
 * touched.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import {
  ApiError,
  type ApiProject,
  type ApiSubmission,
  type PydojoClient,
} from "../client/api-client.js";
import { APP_SPEC } from "../core/exercise.js";
import {
  buildProjectJob,
  checkProjectFiles,
  newSeed,
  projectFileRules,
  stageExerciseId,
} from "../core/project.js";
import type { GradeResult } from "../core/result.js";
import { createRunner } from "../runners/create-runner.js";
import { harnessDir } from "../runners/paths.js";
import { DEFAULT_LIMITS, RunnerUnavailableError } from "../runners/runner.js";
import { parse, UsageError } from "./args.js";
import { sha256 } from "./exercise-folder.js";
import { makeStyle } from "./format-result.js";
import {
  collectLearnerFiles,
  findProjectRoot,
  conftestFor,
  MANAGED_NAMES,
  MAX_STAGES,
  PROJECT_STATE,
  projectLimitsSchema,
  readProjectState,
  readStageTests,
  stageNotesPath,
  TEST_PATH,
  validateProjectState,
  writeProjectState,
  type ProjectState,
} from "./project-folder.js";
import { formatProjectResult } from "./project-format.js";
import type { PullOutcome } from "./pull-command.js";
import { call, CliError, connect } from "./remote.js";
import {
  checkExerciseId,
  checkFileName,
  checkFolderIsOurs,
  checkNoAliases,
  EXERCISE_LIMITS,
  existsInside,
  readInside,
  RefusedError,
  show,
  writeInside,
} from "./safe-fs.js";
import { brief, clean } from "./sanitize.js";
import { interactive, spinner } from "./terminal.js";
import { fetchProgress } from "./server-data.js";
import {
  checkResult,
  localTime,
  onInterrupt,
  summarize,
  testExitCode,
  TEST_RUNNERS,
} from "./work-commands.js";

const style = () => makeStyle(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
/** A whole project run holds the tests of several stages: more time than one exercise. */
const PROJECT_LIMITS = { ...DEFAULT_LIMITS, timeoutSeconds: 60 };
const STAGE_SLUG = /^[a-z0-9][a-z0-9-]{0,59}$/;

// ---------------------------------------------------------------------------------------------
// What a server sends, checked before anything is written.

const file = z.object({ path: z.string(), content: z.string() });
const stageSchema = z.object({
  n: z.number().int(),
  slug: z.string().regex(STAGE_SLUG),
  title: z.string().max(200),
  locked: z.boolean(),
  state: z.enum(["not-started", "attempted", "passed"]),
  passedAt: z.string().max(100).nullable().optional(),
  instructions: z.string().max(EXERCISE_LIMITS.fileBytes).nullable(),
  tests: z.array(file).max(50),
});
const projectSchema = z.object({
  id: z.string(),
  title: z.string().max(200),
  app: z.string().nullable().optional(),
  prerequisites: z.array(z.string().max(200)).max(100),
  locked: z.boolean(),
  starter: z.array(file).max(200),
  stages: z.array(stageSchema).min(1).max(MAX_STAGES),
  draft: z.object({ files: z.array(file).max(200), version: z.number().int().min(0) }).nullable(),
  limits: projectLimitsSchema.optional(),
});
type CheckedStage = z.infer<typeof stageSchema>;
type CheckedProject = z.infer<typeof projectSchema>;

/** Everything a server sends for one project, checked; throws a RefusedError naming the value. */
export function checkProject(raw: unknown, id: string, server: string): CheckedProject {
  const source = `the server ${server} (project ${id})`;
  const parsed = projectSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RefusedError(
      `${source} sent a malformed project (${issue.path.join(".") || "top level"}: ${issue.message}); nothing was written`,
    );
  }
  const project = parsed.data;
  if (project.id !== id)
    throw new RefusedError(`${source} answered with another project, ${show(project.id)}`);
  if (project.app != null && !APP_SPEC.test(project.app))
    throw new RefusedError(`refused app ${show(project.app)} from ${source}`);
  const testPaths: string[] = [];
  let testBytes = 0;
  for (const [i, stage] of project.stages.entries()) {
    if (stage.n !== i + 1)
      throw new RefusedError(`${source} sent its stages out of order (${show(stage.n)})`);
    for (const t of stage.tests) {
      checkFileName(t.path, source);
      if (!TEST_PATH.test(t.path))
        throw new RefusedError(
          `refused test file ${show(t.path)} from ${source}: a stage's test must be tests/<name>.py; nothing was written for it`,
        );
      const bytes = Buffer.byteLength(t.content);
      if (bytes > EXERCISE_LIMITS.fileBytes)
        throw new RefusedError(
          `refused ${show(t.path)} from ${source}: ${bytes} bytes, more than the ${EXERCISE_LIMITS.fileBytes} a file may have`,
        );
      testBytes += bytes;
      testPaths.push(t.path);
    }
  }
  if (new Set(testPaths).size !== testPaths.length)
    throw new RefusedError(`refused project ${id} from ${server}: two stages name the same test`);
  if (testBytes > EXERCISE_LIMITS.totalBytes)
    throw new RefusedError(
      `refused project ${id} from ${server}: its tests hold ${testBytes} bytes (at most ${EXERCISE_LIMITS.totalBytes})`,
    );
  const lists = { starter: project.starter, draft: project.draft?.files };
  for (const [what, files] of Object.entries(lists)) {
    if (!files) continue;
    for (const f of files) {
      checkFileName(f.path, source);
      if (f.path === "INSTRUCTIONS.md" || f.path === "PYDOJO.md")
        throw new RefusedError(
          `refused file name ${show(f.path)} from ${source}: pydojo writes that file itself`,
        );
    }
    checkNoAliases([...MANAGED_NAMES, ...testPaths, ...files.map((f) => f.path)], source);
    const problem = checkProjectFiles(files, testPaths);
    if (problem) throw new RefusedError(`refused the ${what} of ${id} from ${server}: ${problem}`);
  }
  return project;
}

// ---------------------------------------------------------------------------------------------
// Writing the folder.

/** INSTRUCTIONS.md for a stage: one line saying where it stands, then the stage's ticket. */
function instructionsFile(project: CheckedProject, stage: CheckedStage): string {
  const total = project.stages.length;
  const earlier = stage.n > 1 ? " Earlier stages' instructions: `.pydojo/stages/`." : "";
  // Escape sequences in a file the learner will `cat` act like printed ones: cleaned here too.
  return clean(
    `> ${project.title}, stage ${stage.n} of ${total}: ${stage.title}.${earlier} How to work: see the README.\n\n${(stage.instructions ?? "").trim()}\n`,
  );
}

function projectReadme(project: CheckedProject, server: string, readmeName: string): string {
  const stages = project.stages.map((s) => `${s.n}. ${s.title}`).join("\n");
  const own =
    readmeName === "PYDOJO.md"
      ? "How to work on this project with PyDojo (the project's own README is README.md).\n\n"
      : "";
  return `# ${project.title}

${own}A PyDojo project: one codebase you grow stage by stage. The stages:

${stages}

**INSTRUCTIONS.md** is the current stage's ticket; the earlier ones are in \`.pydojo/stages/\`.
The tests of the stages you have reached are in \`tests/\`: they are PyDojo's and are not sent
when you submit. Everything else here is yours: add modules and packages as you like.

- Kinds of files that count: ${projectFileRules.extensions.join(" ")}
- At most ${projectFileRules.maxFiles} files, ${projectFileRules.maxFileBytes / 1024} KB each, ${projectFileRules.maxTotalBytes / 1024} KB in all.
- Skipped: hidden files and folders (\`.git\`, \`.venv\`), virtual environments, \`__pycache__\`.
  You can keep this folder in Git.

## Working

- \`pydojo test\`: grades the current stage **and every earlier one** with your own Python,
  grouped by stage. Exit status 0 when all pass, 1 otherwise. Tests may draw random inputs: the
  output shows the seed, and \`pydojo test --seed N\` draws the same ones again.
  \`pydojo test --stage K\` runs stages 1..K only.
- The tests came from ${server} and run as you, like any code you download;
  \`pydojo test --runner sandbox\` runs them in bubblewrap where it is installed.
- \`python -m pytest\`: works for tests that use no PyDojo fixture (\`client\`, \`db\`...) thanks
  to \`conftest.py\`; \`PYDOJO_SEED=N python -m pytest\` draws the same random inputs as
  \`pydojo test --seed N\`.
- \`pydojo submit\`: grades the current stage on the server (with tests you do not see).
- \`pydojo next\`: once the server says the stage is passed, brings the next stage's tests and
  instructions. It never changes your own files.
- \`pydojo status\`, \`pydojo history\`: the stages and your submissions.
`;
}

/** The stage a folder starts at: the first one not passed (the last one when all are). */
function startingStage(project: CheckedProject): number {
  const open = project.stages.find((s) => s.state !== "passed");
  let n = open ? open.n : project.stages.length;
  while (n > 1 && (project.stages[n - 1]!.locked || project.stages[n - 1]!.instructions === null))
    n--;
  return n;
}

function lockedError(id: string, prerequisites: unknown): CliError {
  const first = Array.isArray(prerequisites) ? prerequisites.map((p) => String(p)).join(", ") : "";
  return new CliError(`${id} is locked: pass ${first || "its prerequisites"} first`);
}

/** Writes one project folder (or, when it exists, only the managed files that went missing). */
export async function pullProject(
  client: PydojoClient,
  server: string,
  rawId: string,
  workspace: string,
): Promise<PullOutcome> {
  const id = checkExerciseId(rawId, `the server ${server}`);
  const raw: ApiProject = await call(server, () => client.project(id));
  if (raw && typeof raw === "object" && raw.locked) throw lockedError(id, raw.prerequisites);
  const project = checkProject(raw, id, server);
  const dir = path.join(workspace, ...id.split("/"));
  const at = (name: string) => `${id}/${name}`;
  if (await existsInside(workspace, at(".pydojo/exercise.json")))
    throw new CliError(`${dir} holds an exercise, not the project ${id}: pull into another --dir`);
  await checkFolderIsOurs(workspace, id, [PROJECT_STATE]);
  const written: string[] = [];
  const kept: string[] = [];
  let bytes = 0;
  /** Writes a file unless one is there already; true when written or already the same. */
  const place = async (name: string, content: string): Promise<boolean> => {
    const existing = await readInside(workspace, at(name));
    if (existing === null) {
      await writeInside(workspace, at(name), content);
      written.push(name);
      bytes += Buffer.byteLength(content);
      return true;
    }
    if (existing !== content) kept.push(name);
    return existing === content;
  };

  if (await existsInside(workspace, at(PROJECT_STATE))) {
    // Pulled before: restore what PyDojo manages and went missing; nothing else.
    const state = await readProjectState(dir);
    if (state.id !== id) throw new CliError(`${dir} holds the project ${state.id}, not ${id}`);
    for (const t of state.tests) {
      const stage = project.stages[t.stage - 1];
      const fresh = stage?.tests.find((x) => x.path === t.path);
      if (fresh && !(await existsInside(workspace, at(t.path)))) await place(t.path, fresh.content);
    }
    const current = project.stages[state.stage - 1];
    if (current?.instructions != null && !(await existsInside(workspace, at("INSTRUCTIONS.md")))) {
      const text = instructionsFile(project, current);
      await place("INSTRUCTIONS.md", text);
      state.managed["INSTRUCTIONS.md"] = sha256(text);
      await writeProjectState(dir, state);
    }
    const ahead = startingStage(project) > state.stage || current?.state === "passed";
    const note =
      ahead && state.stage < project.stages.length
        ? `stage ${state.stage} is passed on the server: 'pydojo next' (in the folder) moves it on`
        : `at stage ${state.stage} of ${project.stages.length}; your files were not touched`;
    return { id, dir, written, kept, note, bytes };
  }

  const stage = startingStage(project);
  const current = project.stages[stage - 1]!;
  if (current.locked || current.instructions === null) throw lockedError(id, project.prerequisites);
  const learner = project.draft?.files ?? project.starter;
  for (const f of learner) await place(f.path, f.content);
  const tests: ProjectState["tests"] = [];
  for (const s of project.stages.slice(0, stage)) {
    for (const t of s.tests) {
      await place(t.path, t.content);
      tests.push({ path: t.path, stage: s.n, sha256: sha256(t.content) });
    }
  }
  const managed: ProjectState["managed"] = {};
  const instructions = instructionsFile(project, current);
  await place("INSTRUCTIONS.md", instructions);
  managed["INSTRUCTIONS.md"] = sha256(instructions);
  for (const s of project.stages.slice(0, stage - 1))
    await writeInside(workspace, at(stageNotesPath(s.n, s.slug)), instructionsFile(project, s));
  const ownReadme =
    learner.some((f) => f.path === "README.md") ||
    ((await existsInside(workspace, at("README.md"))) &&
      (await readInside(workspace, at("README.md"))) !== null);
  const readmeName = ownReadme ? "PYDOJO.md" : "README.md";
  const readme = clean(projectReadme(project, server, readmeName));
  if (await place(readmeName, readme)) managed[readmeName] = sha256(readme);
  if (
    !learner.some((f) => f.path === "conftest.py") &&
    !(await existsInside(workspace, at("conftest.py")))
  ) {
    const conftest = conftestFor(harnessDir());
    await place("conftest.py", conftest);
    managed["conftest.py"] = sha256(conftest);
  }
  const state = validateProjectState(
    {
      kind: "project",
      id,
      server,
      title: clean(project.title),
      app: project.app ?? null,
      stage,
      stages: project.stages.map((s) => ({ n: s.n, slug: s.slug, title: clean(s.title) })),
      tests,
      managed,
      draftVersion: project.draft?.version ?? 0,
      ...(project.limits ? { limits: project.limits } : {}),
    },
    `the server ${server} (project ${id})`,
  );
  await writeProjectState(dir, state);
  return {
    id,
    dir,
    written,
    kept,
    bytes,
    note: `project, stage ${stage} of ${project.stages.length}: read INSTRUCTIONS.md, then 'pydojo test'`,
  };
}

// ---------------------------------------------------------------------------------------------
// test, submit, next, status, history inside a project folder.

export interface ProjectTestOptions {
  json?: boolean;
  python?: string;
  runner?: string;
  stage?: string;
  seed?: string;
}

function stageOption(value: string | undefined, state: ProjectState): number {
  if (value === undefined) return state.stage;
  const n = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= state.stage))
    throw new UsageError(
      `--stage ${value}: this folder has the tests of stages 1-${state.stage} ('pydojo next' brings the next stage once this one is passed)`,
    );
  return n;
}

function seedOption(value: string | undefined): number {
  if (value === undefined) return newSeed();
  const n = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n < 2 ** 31))
    throw new UsageError(`--seed ${value}: a seed is a whole number from 0 to 2147483647`);
  return n;
}

/** The learner's files, with a note on stderr for the ones skipped because of their kind. */
async function learnerFiles(root: string, state: ProjectState) {
  const { files, ignored } = await collectLearnerFiles(root, state);
  if (ignored.length) {
    const shown = ignored.slice(0, 5).join(", ");
    const more = ignored.length > 5 ? ` and ${ignored.length - 5} more` : "";
    process.stderr.write(
      `note: not part of your project (only ${projectFileRules.extensions.join(" ")} files are): ${clean(shown)}${more}\n`,
    );
  }
  return files;
}

export async function runProjectTest(root: string, values: ProjectTestOptions): Promise<number> {
  const runnerName = values.runner ?? "local";
  if (!(TEST_RUNNERS as readonly string[]).includes(runnerName))
    throw new UsageError(
      `unknown runner '${runnerName}' for pydojo test: choose local (your own Python, the default) or sandbox (bubblewrap)`,
    );
  const state = await readProjectState(root);
  const upTo = stageOption(values.stage, state);
  const seed = seedOption(values.seed);
  const files = await learnerFiles(root, state);
  const { tests, changed, missing } = await readStageTests(root, state, upTo);
  if (missing.length)
    throw new CliError(
      `missing ${missing.join(", ")} in ${root}: run 'pydojo pull ${state.id}' in the folder above to restore it`,
    );
  for (const name of changed)
    process.stderr.write(
      `note: ${name} differs from the one pulled; the server grades with its own copy\n`,
    );
  // The project's own limits as the server stated them at pull time (bounded on read).
  const limits = { ...PROJECT_LIMITS, ...(state.limits ?? {}) };
  const job = buildProjectJob({ tests, files, limits, seed });
  let runner;
  try {
    runner = await createRunner(runnerName as (typeof TEST_RUNNERS)[number], {
      python: values.python,
      prestart: 0,
    });
  } catch (error) {
    if (error instanceof RunnerUnavailableError)
      throw new CliError(`the ${runnerName} runner is not available: ${error.message}`, 3);
    throw error;
  }
  try {
    const result: GradeResult = await runner.grade(job);
    result.seed ??= seed;
    if (values.json) console.log(JSON.stringify({ ...result, stage: upTo }, null, 2));
    else {
      const again = `\`pydojo test --seed ${seed}${values.stage ? ` --stage ${upTo}` : ""}\``;
      console.log(
        formatProjectResult(
          { title: state.title, result, stages: state.stages, stage: upTo, seed, reproduce: again },
          style(),
        ),
      );
    }
    return testExitCode(result);
  } finally {
    await runner.close();
  }
}

export async function runProjectSubmit(root: string, json: boolean): Promise<number> {
  const state = await readProjectState(root);
  const files = await learnerFiles(root, state);
  const stageId = checkExerciseId(stageExerciseId(state.id, state.stage), PROJECT_STATE);
  const { client, config } = await connect();
  const before = await fetchProgress(client, config.server);
  const spin = spinner(
    `Grading stage ${state.stage} on the server... (Ctrl+C stops waiting, not the grading)`,
    interactive(json),
  );
  let submissionId: string | null = null;
  const release = onInterrupt(() => submissionId, stageId, json);
  let done: ApiSubmission;
  try {
    const sub = await call(config.server, () => client.submit(stageId, files, randomUUID()));
    submissionId = sub.id;
    done = sub;
    for (let i = 0; i < 40 && (done.status === "queued" || done.status === "running"); i++)
      done = await call(config.server, () => client.submission(sub.id, 5));
  } finally {
    spin.stop();
    release();
  }
  if (done.status === "infra-error")
    throw new CliError(`the server could not grade it: ${brief(clean(String(done.error)))}`);
  if (!done.result)
    throw new CliError(`no verdict yet: the server is busy; see it later with 'pydojo history'`);
  const result = checkResult(done.result, config.server);
  const after = await fetchProgress(client, config.server);
  const xpGained = Number(after.stats.xp) - Number(before.stats.xp);
  const passed = result.status === "pass";
  const draftNote = await keepAsDraft(root, state, files, client);
  const last = state.stage === state.stages.length;
  if (json) {
    console.log(
      JSON.stringify(
        { submission: done, stage: state.stage, seed: result.seed ?? null, xpGained },
        null,
        2,
      ),
    );
    return 0;
  }
  const seed = result.seed ?? null;
  console.log(
    formatProjectResult(
      {
        title: state.title,
        result,
        stages: state.stages,
        stage: state.stage,
        seed,
        where: "graded on the server",
        reproduce: `\`pydojo test --seed ${seed}\``,
      },
      style(),
    ),
  );
  if (xpGained > 0)
    console.log(
      clean(
        `\n+${xpGained} XP (total ${String(after.stats.xp)}, level ${String(after.stats.level)})`,
      ),
    );
  if (passed)
    console.log(
      last
        ? `Stage ${state.stage} passed: all ${state.stages.length} stages of ${state.title} are done. The project is complete.`
        : `Stage ${state.stage} passed. Next: 'pydojo next' brings stage ${state.stage + 1}'s tests and instructions.`,
    );
  if (draftNote) console.log(draftNote);
  return 0;
}

/**
 * What was submitted becomes the project's draft on the server too, so the website and a pull
 * on another machine start from it — unless the website's draft changed since this folder last
 * saw it (then it is left alone, and the note says so). Nothing here fails the submit.
 */
async function keepAsDraft(
  root: string,
  state: ProjectState,
  files: { path: string; content: string }[],
  client: PydojoClient,
): Promise<string | null> {
  try {
    const saved = await client.saveProjectDraft(state.id, files, state.draftVersion);
    await writeProjectState(root, { ...state, draftVersion: saved.version });
    return null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 409)
      return "note: the website has a newer draft of this project; it was left as it is (your files here were submitted)";
    return null;
  }
}

async function fetchProject(root: string, state: ProjectState) {
  const { client, config } = await connect();
  const raw = await call(config.server, () => client.project(state.id));
  return { client, config, project: checkProject(raw, state.id, config.server) };
}

export async function runProjectNext(root: string, json: boolean): Promise<number> {
  const state = await readProjectState(root);
  const { config, project } = await fetchProject(root, state);
  if (project.stages.length < state.stage)
    throw new CliError(
      `the server's ${state.id} has ${project.stages.length} stages, this folder is at stage ${state.stage}`,
    );
  const current = project.stages[state.stage - 1]!;
  if (current.state !== "passed")
    throw new CliError(
      `stage ${state.stage} is not passed on the server yet: run \`pydojo submit\` first`,
    );
  if (state.stage === project.stages.length) {
    const message = `${clean(state.title)} is complete: all ${project.stages.length} stages are passed. Nothing to fetch.`;
    console.log(json ? JSON.stringify({ complete: true, stage: state.stage }) : message);
    return 0;
  }
  const next = project.stages[state.stage]!;
  if (next.locked || next.instructions === null)
    throw new CliError(
      `the server ${config.server} still has stage ${next.n} locked: try again in a moment`,
    );
  // Check everything before writing anything: a test file the learner made is never replaced.
  for (const t of next.tests) {
    const existing = await readInside(root, t.path);
    if (existing !== null && existing !== t.content)
      throw new CliError(
        `${t.path} already exists and is not stage ${next.n}'s test: rename it, then run 'pydojo next' again (nothing was changed)`,
      );
  }
  const changes: string[] = [];
  for (const t of next.tests) {
    if ((await readInside(root, t.path)) === null) await writeInside(root, t.path, t.content);
    changes.push(`+ ${t.path}`);
    state.tests.push({ path: t.path, stage: next.n, sha256: sha256(t.content) });
  }
  // Earlier stages' tests that went missing come back (they keep running).
  for (const t of state.tests.filter((x) => x.stage <= state.stage)) {
    const fresh = project.stages[t.stage - 1]?.tests.find((x) => x.path === t.path);
    if (fresh && (await readInside(root, t.path)) === null) {
      await writeInside(root, t.path, fresh.content);
      t.sha256 = sha256(fresh.content);
      changes.push(`+ ${t.path} (restored)`);
    }
  }
  const notes = stageNotesPath(current.n, current.slug);
  await writeInside(root, notes, instructionsFile(project, current));
  const onDisk = await readInside(root, "INSTRUCTIONS.md");
  if (onDisk !== null && sha256(onDisk) !== state.managed["INSTRUCTIONS.md"]) {
    const yours = notes.replace(/\.md$/, ".yours.md");
    await writeInside(root, yours, onDisk);
    changes.push(`  your edited INSTRUCTIONS.md is kept as ${yours}`);
  }
  const instructions = instructionsFile(project, next);
  await writeInside(root, "INSTRUCTIONS.md", instructions);
  state.managed["INSTRUCTIONS.md"] = sha256(instructions);
  changes.push(`~ INSTRUCTIONS.md (stage ${next.n}; stage ${current.n}'s is now ${notes})`);
  state.stage = next.n;
  await writeProjectState(root, validateProjectState(state, path.join(root, PROJECT_STATE)));
  if (json) {
    console.log(JSON.stringify({ complete: false, stage: next.n, changes }, null, 2));
    return 0;
  }
  console.log(
    clean(
      [
        `Stage ${current.n} — ${current.title}: passed on the server.`,
        `Now stage ${next.n} of ${project.stages.length} — ${next.title}:`,
        ...changes.map((c) => `  ${c}`),
        `Your own files were not touched. Read INSTRUCTIONS.md, then 'pydojo test' (it runs stages 1-${next.n}).`,
      ].join("\n"),
    ),
  );
  return 0;
}

const STATE_MARK = { passed: "✓", attempted: "●", "not-started": " " } as const;

export async function runProjectStatus(root: string, json: boolean): Promise<number> {
  const state = await readProjectState(root);
  const { project } = await fetchProject(root, state);
  const current = project.stages[state.stage - 1];
  const done = project.stages.every((s) => s.state === "passed");
  const nextCommand = done
    ? null
    : current?.state === "passed"
      ? "pydojo next"
      : "pydojo test, then pydojo submit";
  if (json) {
    console.log(
      JSON.stringify(
        {
          project: state.id,
          title: state.title,
          stage: state.stage,
          complete: done,
          next: nextCommand,
          stages: project.stages.map((s) => ({
            n: s.n,
            id: stageExerciseId(state.id, s.n),
            title: s.title,
            state: s.state,
            locked: s.locked,
            passedAt: s.passedAt ?? null,
          })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const s = style();
  const passedCount = project.stages.filter((x) => x.state === "passed").length;
  const lines = [
    s.bold(
      clean(
        `${state.title} (${state.id}): ${passedCount}/${project.stages.length} stages passed; this folder is at stage ${state.stage}`,
      ),
    ),
  ];
  const titleWidth = Math.min(60, Math.max(...project.stages.map((x) => clean(x.title).length)));
  for (const stage of project.stages) {
    const what =
      stage.state === "passed"
        ? s.green(`passed ${stage.passedAt ? localTime(stage.passedAt).slice(0, 10) : ""}`.trim())
        : stage.locked
          ? s.dim("locked")
          : stage.state === "attempted"
            ? s.yellow("attempted")
            : "not started";
    const here = stage.n === state.stage ? "  ← this folder" : "";
    lines.push(
      `  ${stage.locked ? " " : STATE_MARK[stage.state]} ${stage.n}. ${clean(stage.title).padEnd(titleWidth)} ${what}${here}`,
    );
  }
  lines.push(
    done
      ? "\nThe project is complete."
      : `\nNext: ${nextCommand}${current?.state === "passed" ? ` (brings stage ${state.stage + 1})` : ""}`,
  );
  console.log(lines.join("\n"));
  return 0;
}

export async function runProjectHistory(root: string, json: boolean): Promise<number> {
  const state = await readProjectState(root);
  const { client, config } = await connect();
  const rows: (ApiSubmission & { stage: number })[] = [];
  for (const stage of state.stages.filter((x) => x.n <= state.stage)) {
    const { submissions } = await call(config.server, () =>
      client.submissions(stageExerciseId(state.id, stage.n)),
    );
    if (!Array.isArray(submissions))
      throw new RefusedError(`the server ${config.server} sent a malformed submission list`);
    rows.push(...submissions.map((sub) => ({ ...sub, stage: stage.n })));
  }
  rows.sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  if (json) {
    console.log(
      JSON.stringify(
        {
          project: state.id,
          submissions: rows.map((sub) => ({
            id: sub.id,
            stage: sub.stage,
            exerciseId: sub.exerciseId,
            status: sub.status,
            verdict: summarize(sub).verdict,
            createdAt: sub.createdAt,
            gradedAt: sub.gradedAt,
          })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  if (rows.length === 0) {
    console.log(clean(`No submissions for ${state.id} yet: 'pydojo submit' sends one.`));
    return 0;
  }
  const s = style();
  const lines = [clean(`Submissions for ${state.title} (${state.id}), newest first:`)];
  for (const sub of rows) {
    const { verdict, tests } = summarize(sub);
    const paint =
      verdict === "pass" ? s.green : verdict === "fail" || verdict === "error" ? s.red : s.yellow;
    lines.push(
      `  ${localTime(sub.createdAt)}  stage ${sub.stage}  ${paint(clean(verdict).toUpperCase().padEnd(11))} ${tests}`.trimEnd(),
    );
  }
  console.log(lines.join("\n"));
  return 0;
}

/** `pydojo next [path] [--json]` */
export async function runNext(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
  if (positionals.length > 1) throw new UsageError("expected at most one project folder");
  const root = findProjectRoot(positionals[0] ?? ".");
  if (!root)
    throw new CliError(
      `${positionals[0] ?? "."} is not inside a pulled project folder (no .pydojo/project.json above it): 'pydojo next' moves a project to its next stage`,
    );
  return runProjectNext(root, Boolean(values.json));
}
