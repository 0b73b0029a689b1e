/**
 * `pydojo gap <posting.txt>`: the skills a job posting (or a résumé) asks for, which of them you
 * have verified on the server, which PyDojo doesn't teach, and the exercises that close the gap.
 * Works offline (the bundled skill map and course); with a login it adds your verified skills.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  skillGap,
  type ExerciseState,
  type GapExercise,
  type GapReport,
} from "../app/skill-gap.js";
import { loadCourse } from "../content/course-loader.js";
import { skillMapSchema } from "../core/skills.js";
import { packageRoot } from "../runners/paths.js";
import { parse, UsageError } from "./args.js";
import { makeStyle } from "./format-result.js";
import { CliError, call, connect } from "./remote.js";

const MAX_TEXT = 1_000_000;

async function readText(file: string): Promise<string> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
  try {
    const text = await readFile(file, "utf8");
    if (text.length > MAX_TEXT)
      throw new CliError(`${file} is larger than 1 MB: is it really a job posting?`, 2);
    if (text.includes("\u0000"))
      throw new CliError(
        `${file} is not text (a PDF? save it as text first: pdftotext ${file})`,
        2,
      );
    return text;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, 2);
  }
}

async function learnerStates(
  offline: boolean,
): Promise<{ states: Map<string, ExerciseState>; note: string | null }> {
  if (offline) return { states: new Map(), note: "offline: your progress is not included" };
  let connection;
  try {
    connection = await connect();
  } catch {
    return {
      states: new Map(),
      note: "not logged in: run 'pydojo login' to see which skills you have verified",
    };
  }
  try {
    const progress = await call(connection.config.server, () => connection.client.progress());
    const states = new Map<string, ExerciseState>();
    for (const entry of progress.exercises) {
      const id = entry.exerciseId;
      const state = entry.state;
      if (typeof id === "string" && typeof state === "string")
        states.set(id, state as ExerciseState);
    }
    return { states, note: null };
  } catch (error) {
    return {
      states: new Map(),
      note: `could not reach ${connection.config.server} (${(error as Error).message}): your progress is not included`,
    };
  }
}

export async function runGap(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: "boolean" },
    offline: { type: "boolean" },
  });
  if (positionals.length !== 1)
    throw new UsageError("usage: pydojo gap <posting.txt | resume.md | -> [--offline] [--json]");
  const text = await readText(positionals[0]!);
  const root = path.join(packageRoot(), "content");
  const map = skillMapSchema.parse(
    JSON.parse(await readFile(path.join(root, "skills", "skills.json"), "utf8")),
  );
  const course = await loadCourse(path.join(root, "courses", "python-backend"));
  const exercises: GapExercise[] = course.modules.flatMap((m) =>
    m.exercises.map((e) => ({
      id: e.meta!.id,
      title: e.title,
      concepts: e.meta!.concepts,
      minutes: e.meta!.estimatedMinutes,
      prerequisites: e.meta!.prerequisites,
    })),
  );
  const { states, note } = await learnerStates(values.offline === true);
  const report = skillGap(text, map, exercises, states);
  if (values.json) {
    console.log(JSON.stringify({ ...report, note }, null, 2));
    return 0;
  }
  printReport(report, note);
  return 0;
}

function printReport(report: GapReport, note: string | null): void {
  const style = makeStyle(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  if (report.skills.length === 0) {
    console.log("No skills found in this text. Is it a job posting or a résumé in English?");
    return;
  }
  const group = (title: string, status: string, mark: string) => {
    const list = report.skills.filter((s) => s.status === status);
    if (!list.length) return;
    console.log(style.bold(title));
    for (const s of list) {
      const when = s.required ? "" : style.dim(" (nice to have)");
      const proof =
        status === "verified" ? style.dim(` — ${s.evidence.slice(0, 3).join(", ")}`) : "";
      console.log(`  ${mark} ${s.name}${when}${proof}`);
    }
  };
  group("Verified here", "verified", style.green("✓"));
  group("In progress", "in-progress", "…");
  group("Missing", "missing", style.red("✗"));
  group("Not taught by PyDojo (learn it elsewhere)", "not-taught", "-");
  if (report.excluded.length)
    console.log(style.dim(`Ruled out by the text: ${report.excluded.join(", ")}`));
  if (report.path.length) {
    console.log(
      style.bold(`\nYour path (${report.path.length} exercises, about ${report.hours} h):`),
    );
    for (const [i, step] of report.path.entries())
      console.log(
        `  ${String(i + 1).padStart(2)}. ${step.title} ${style.dim(`(${step.id}, ${step.minutes} min)`)}`,
      );
    console.log(style.dim(`\nStart with: pydojo pull ${report.path[0]!.id}`));
  }
  if (note) console.log(style.dim(`\n${note}`));
}
