/** `pydojo pull <exercise> | --module <m> | --course <c> [--dir D] [--json]` */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ApiExercise, PydojoClient } from "../client/api-client.js";
import { moduleNameFor } from "../core/exercise.js";
import { parse, UsageError } from "./args.js";
import {
  readState,
  sha256,
  writeFileIn,
  writeState,
  type ExerciseState,
} from "./exercise-folder.js";
import { call, CliError, connect } from "./remote.js";
import { interactive, progressBar } from "./terminal.js";

export interface PullOutcome {
  id: string;
  dir: string;
  written: string[];
  kept: string[];
}

function readme(ex: ApiExercise): string {
  const runtimes = ex.runtimes.includes("pyodide")
    ? ""
    : `\n> ${ex.runtimeNote ?? "This exercise needs CPython."}\n`;
  return `# ${ex.title}\n${runtimes}\n${ex.instructions.trim()}\n\n---\n\nTest locally: \`pydojo test\` (or \`python -m pytest\` with pytest installed).\nSubmit: \`pydojo submit\`. Sync drafts with the website: \`pydojo sync\`.\n`;
}

/** Writes one exercise; files the learner changed since the last pull/sync are kept. */
export async function pullExercise(
  client: PydojoClient,
  server: string,
  id: string,
  workspace: string,
): Promise<PullOutcome> {
  const ex = await call(server, () => client.exercise(id));
  if (ex.locked) {
    throw new CliError(`${id} is locked: pass ${ex.prerequisites.join(", ")} first`);
  }
  const dir = path.join(workspace, ...id.split("/"));
  const previous: ExerciseState | null = existsSync(path.join(dir, ".pydojo", "exercise.json"))
    ? await readState(dir)
    : null;
  const solution = ex.draft?.files ?? ex.starter;
  const files = [
    ...solution,
    ...ex.tests,
    ...ex.support,
    { path: "README.md", content: readme(ex) },
  ];
  const written: string[] = [];
  const kept: string[] = [];
  const hashes: Record<string, string> = {};
  for (const file of files) {
    const target = path.join(dir, file.path);
    const base = previous?.baseHashes[file.path];
    if (existsSync(target)) {
      const local = sha256(await readFile(target, "utf8"));
      const editedLocally = base === undefined ? local !== sha256(file.content) : local !== base;
      if (editedLocally) {
        kept.push(file.path);
        hashes[file.path] = base ?? sha256(file.content);
        continue;
      }
    }
    await writeFileIn(dir, file.path, file.content);
    written.push(file.path);
    hashes[file.path] = sha256(file.content);
  }
  await writeState(dir, {
    id,
    server,
    title: ex.title,
    kind: ex.kind,
    solutionFiles: ex.solutionFiles,
    testFiles: ex.tests.map((t) => t.path),
    supportFiles: ex.support.map((s) => s.path),
    solutionModules: [...ex.solutionFiles, ...ex.support.map((s) => s.path)]
      .map(moduleNameFor)
      .filter((m): m is string => m !== null),
    draftVersion: ex.draft?.version ?? 0,
    baseHashes: hashes,
  });
  return { id, dir, written, kept };
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
  if (positionals[0]) {
    ids = [
      positionals[0].includes("/")
        ? positionals[0]
        : await findBySlug(client, config.server, positionals[0]),
    ];
  } else {
    const courseId =
      values.course ?? (await call(config.server, () => client.courses())).courses[0]?.id;
    if (!courseId) throw new CliError("this server has no course");
    const course = await call(config.server, () => client.course(courseId));
    const modules = values.module
      ? course.modules.filter((m) => m.id === values.module)
      : course.modules;
    if (modules.length === 0)
      throw new CliError(
        `no module '${values.module}' in ${courseId} (modules: ${course.modules.map((m) => m.id).join(", ")})`,
      );
    ids = modules.flatMap((m) =>
      m.items.filter((i) => i.type === "exercise" && !i.locked).map((i) => i.id),
    );
  }
  const bar = progressBar(ids.length, interactive(values.json) && ids.length > 1);
  const outcomes: PullOutcome[] = [];
  for (const [index, id] of ids.entries()) {
    bar.update(index, id);
    outcomes.push(await pullExercise(client, config.server, id, workspace));
  }
  bar.update(ids.length);
  bar.stop();
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          pulled: outcomes.map((o) => ({ ...o, dir: path.relative(process.cwd(), o.dir) || "." })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  for (const o of outcomes) {
    const rel = path.relative(process.cwd(), o.dir) || ".";
    console.log(
      `${o.id} → ${rel}${o.kept.length ? `  (kept your changes to ${o.kept.join(", ")})` : ""}`,
    );
  }
  if (outcomes.length > 1)
    console.log(
      `\n${outcomes.length} exercises pulled (locked ones are pulled once you unlock them).`,
    );
  return 0;
}

async function findBySlug(client: PydojoClient, server: string, slug: string): Promise<string> {
  const { courses } = await call(server, () => client.courses());
  for (const c of courses) {
    const course = await call(server, () => client.course(c.id));
    const hit = course.modules
      .flatMap((m) => m.items)
      .find((i) => i.type === "exercise" && i.id.endsWith(`/${slug}`));
    if (hit) return hit.id;
  }
  throw new CliError(
    `no exercise '${slug}' on this server (use its full id, e.g. python-backend/receipt)`,
  );
}
