/**
 * `pydojo hint [N] [path]`: the exercise's (or the project stage's) hints, one at a time, as on
 * the website. Without N, the next one this folder has not shown yet (remembered in .pydojo);
 * N shows that one. What the server sends is printed without control characters.
 */
import { z } from "zod";
import { stageExerciseId } from "../core/project.js";
import { parse, UsageError } from "./args.js";
import { findExerciseRoot, readState } from "./exercise-folder.js";
import { findProjectRoot, readProjectState } from "./project-folder.js";
import { call, CliError, connect } from "./remote.js";
import { EXERCISE_LIMITS, readInside, RefusedError, writeInside } from "./safe-fs.js";
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

const HINTS_FILE = ".pydojo/hints.json";
/** A hint as the server must send it: text, and small whole numbers that add up. */
const hintSchema = z
  .object({
    hint: z.string().max(EXERCISE_LIMITS.fileBytes),
    shown: z.number().int().min(1).max(1000),
    total: z.number().int().min(1).max(1000),
  })
  .refine((h) => h.shown <= h.total);

/** How many hints this folder has shown, per exercise id (.pydojo/hints.json, never via a link). */
async function shown(root: string): Promise<Record<string, number>> {
  const text = await readInside(root, HINTS_FILE, 64 * 1024);
  try {
    const data: unknown = text === null ? null : JSON.parse(text);
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
  let raw;
  try {
    raw = await call(server, () => client.hint(id, n));
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
  const parsed = hintSchema.safeParse(raw);
  if (!parsed.success)
    throw new RefusedError(
      `the server ${server} sent a malformed hint for ${id} (it must be text with its number and the number of hints); nothing was shown`,
    );
  const answer = parsed.data;
  seen[id] = Math.max(seen[id] ?? 0, answer.shown);
  await writeInside(root, HINTS_FILE, JSON.stringify(seen) + "\n");
  if (values.json) {
    console.log(JSON.stringify({ exercise: id, ...answer }, null, 2));
    return 0;
  }
  console.log(`Hint ${answer.shown} of ${answer.total}\n\n${clean(answer.hint)}`);
  if (answer.shown < answer.total) console.log(`\n('pydojo hint' again for the next one)`);
  return 0;
}
