/**
 * `pydojo hint [N] [path]`: the exercise's (or the project stage's) hints, one at a time, as on
 * the website. Without N, the next one this folder has not shown yet (remembered in .pydojo);
 * N shows that one. What the server sends is printed without control characters.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { stageExerciseId } from "../core/project.js";
import { parse, UsageError } from "./args.js";
import { findExerciseRoot, readState } from "./exercise-folder.js";
import { findProjectRoot, readProjectState } from "./project-folder.js";
import { call, CliError, connect } from "./remote.js";
import { clean } from "./sanitize.js";

/** The folder's exercise id (a project: its current stage's), its root and its server. */
async function target(start: string): Promise<{ id: string; root: string; server: string }> {
  const project = findProjectRoot(start);
  if (project) {
    const state = await readProjectState(project);
    return { id: stageExerciseId(state.id, state.stage), root: project, server: state.server };
  }
  let root: string;
  try {
    root = findExerciseRoot(start);
  } catch {
    throw new CliError(
      `${start} is not an exercise or project folder: cd into one (or run 'pydojo pull <exercise>' first)`,
    );
  }
  const state = await readState(root);
  return { id: state.id, root, server: state.server };
}

/** How many hints this folder has shown, per exercise id (.pydojo/hints.json). */
async function shown(root: string): Promise<Record<string, number>> {
  try {
    const data = JSON.parse(await readFile(path.join(root, ".pydojo", "hints.json"), "utf8"));
    if (data && typeof data === "object" && !Array.isArray(data)) {
      return Object.fromEntries(
        Object.entries(data).filter(
          (e): e is [string, number] => Number.isInteger(e[1]) && (e[1] as number) >= 0,
        ),
      );
    }
  } catch {
    /* none yet, or unreadable: start over */
  }
  return {};
}

export async function runHint(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
  const number = positionals.find((p) => /^\d+$/.test(p));
  const where = positionals.find((p) => p !== number) ?? ".";
  if (positionals.length > 2) throw new UsageError("expected at most a hint number and a folder");
  const { id, root, server } = await target(where);
  const seen = await shown(root);
  const n = number ? Number(number) : (seen[id] ?? 0) + 1;
  if (n < 1) throw new UsageError("hints are numbered from 1");
  const { client } = await connect({ server });
  let answer;
  try {
    answer = await call(server, () => client.hint(id, n));
  } catch (error) {
    const total =
      error instanceof CliError ? /this exercise has (\d+)\)/.exec(error.message)?.[1] : undefined;
    if (total !== undefined) {
      throw new CliError(
        total === "0"
          ? "this one has no hints"
          : `there ${total === "1" ? "is only 1 hint" : `are only ${total} hints`}: 'pydojo hint 1' shows the first again`,
      );
    }
    throw error;
  }
  seen[id] = Math.max(seen[id] ?? 0, answer.shown);
  await writeFile(path.join(root, ".pydojo", "hints.json"), JSON.stringify(seen) + "\n");
  if (values.json) {
    console.log(JSON.stringify({ exercise: id, ...answer }, null, 2));
    return 0;
  }
  console.log(`Hint ${answer.shown} of ${answer.total}\n\n${clean(answer.hint)}`);
  if (answer.shown < answer.total) console.log(`\n('pydojo hint' again for the next one)`);
  return 0;
}
