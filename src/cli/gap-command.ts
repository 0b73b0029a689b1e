/**
 * `pydojo gap <posting.txt> [--resume cv.md]`: the skills a job posting (or a résumé) asks for,
 * which of them you have verified on the server, which PyDojo doesn't teach, and the exercises
 * that close the gap; with a résumé, which of its claims are verified here and what the posting
 * wants that it doesn't mention. Works offline (the bundled skill map and course); with a login
 * it adds your progress and the skills the server verified (GET /api/me/skills).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  compareResume,
  skillGap,
  toGapExercise,
  type ExerciseState,
  type GapExercise,
  type GapReport,
} from "../app/skill-gap.js";
import { courseGradables, loadCourse } from "../content/course-loader.js";
import { skillMapSchema } from "../core/skills.js";
import { packageRoot } from "../runners/paths.js";
import { brief, clean } from "./sanitize.js";
import { parse, UsageError } from "./args.js";
import { makeStyle } from "./format-result.js";
import { CliError, call, connect } from "./remote.js";

const MAX_TEXT = 1_000_000;

async function readText(file: string): Promise<string> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size > MAX_TEXT)
        throw new CliError("standard input is larger than 1 MB: is it really a job posting?", 2);
    }
    const text = Buffer.concat(chunks).toString("utf8");
    if (text.includes("\u0000"))
      throw new CliError("standard input is not text (a PDF? save it as text first: pdftotext)", 2);
    return text;
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

interface Learner {
  states: Map<string, ExerciseState>;
  /** Skills the server verified, with the exercises that prove them. */
  verified: Map<string, string[]>;
  note: string | null;
}

async function learnerStates(offline: boolean): Promise<Learner> {
  const none = (note: string): Learner => ({ states: new Map(), verified: new Map(), note });
  if (offline) return none("offline: your progress is not included");
  let connection;
  try {
    connection = await connect();
  } catch {
    return none("not logged in: run 'pydojo login' to see which skills you have verified");
  }
  try {
    const [progress, skills] = await call(connection.config.server, () =>
      Promise.all([connection.client.progress(), connection.client.mySkills()]),
    );
    const states = new Map<string, ExerciseState>();
    for (const entry of progress.exercises) {
      const id = entry.exerciseId;
      const state = entry.state;
      if (typeof id === "string" && typeof state === "string")
        states.set(id, state as ExerciseState);
    }
    // The server's verdict on a skill counts even for exercises of courses this CLI doesn't ship.
    const verified = new Map(
      skills.skills
        .filter((s) => s.status === "verified" && s.evidence.length > 0)
        .map((s) => [s.id, s.evidence.map((e) => e.id)]),
    );
    return { states, verified, note: null };
  } catch (error) {
    return none(
      `could not reach ${connection.config.server} (${(error as Error).message}): your progress is not included`,
    );
  }
}

export async function runGap(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: "boolean" },
    offline: { type: "boolean" },
    resume: { type: "string" },
  });
  if (positionals.length !== 1)
    throw new UsageError(
      "usage: pydojo gap <posting.txt | resume.md | -> [--resume cv.md] [--offline] [--json]",
    );
  if (values.resume === "-" && positionals[0] === "-")
    throw new UsageError("only one of the posting and the résumé can come from stdin");
  const text = await readText(positionals[0]!);
  const resume = values.resume === undefined ? undefined : await readText(values.resume);
  const root = path.join(packageRoot(), "content");
  const map = skillMapSchema.parse(
    JSON.parse(await readFile(path.join(root, "skills", "skills.json"), "utf8")),
  );
  const course = await loadCourse(path.join(root, "courses", "python-backend"));
  const exercises: GapExercise[] = courseGradables(course).map(toGapExercise);
  const { states, verified, note } = await learnerStates(values.offline === true);
  const report: GapReport = skillGap(text, map, exercises, states, verified);
  if (resume !== undefined)
    report.resume = compareResume(resume, report, map, exercises, states, verified);
  if (values.json) {
    console.log(JSON.stringify({ ...report, note }, null, 2));
    return 0;
  }
  printReport(report, note, text);
  return 0;
}

function printReport(report: GapReport, note: string | null, text: string): void {
  const language = report.language;
  const style = makeStyle(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  if (language)
    console.log(
      style.dim(
        `This text looks ${language}: PyDojo reads English postings best, and may miss what ${language} phrasing marks as optional or not needed. Check the list below against the text.\n`,
      ),
    );
  if (report.skills.length === 0) {
    console.log(
      /[A-Za-z]/.test(text)
        ? "No skills found in this text. Is it a job posting or a résumé in English?"
        : "The text is empty: paste or save the posting's text first.",
    );
    if (report.resume) printResume(report.resume, style);
    return;
  }
  if (!report.skills.some((s) => s.id === "python" && s.required))
    console.log(
      style.dim(
        "This text doesn't ask for Python as a requirement: PyDojo's course, and the path below, may not be what this job needs.\n",
      ),
    );
  const group = (title: string, status: string, mark: string) => {
    const list = report.skills.filter((s) => s.status === status);
    if (!list.length) return;
    console.log(style.bold(title));
    for (const s of list) {
      const when = s.required ? "" : style.dim(" (nice to have)");
      const proof =
        status === "verified" ? style.dim(` — ${clean(s.evidence.slice(0, 3).join(", "))}`) : "";
      console.log(
        `  ${mark} ${s.name}${when}${proof}${style.dim(` — “${s.matched}”, line ${s.line}`)}`,
      );
    }
  };
  group("Verified here", "verified", style.green("✓"));
  group("In progress", "in-progress", "…");
  group("Missing", "missing", style.red("✗"));
  group("Not taught by PyDojo (learn it elsewhere)", "not-taught", "-");
  if (report.excluded.length)
    console.log(style.dim(`Ruled out by the text: ${report.excludedNames.join(", ")}`));
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
  if (report.resume) printResume(report.resume, style);
  if (note) console.log(style.dim(`\n${clean(brief(note))}`));
}

function printResume(
  resume: NonNullable<GapReport["resume"]>,
  style: ReturnType<typeof makeStyle>,
): void {
  console.log(style.bold("\nYour résumé"));
  if (resume.claimed.length === 0) console.log("  It names no skill PyDojo knows.");
  const claims = (title: string, pick: (status: string) => boolean, mark: string) => {
    const list = resume.claimed.filter((c) => pick(c.status));
    if (!list.length) return;
    console.log(`  ${title}`);
    for (const c of list)
      console.log(
        `    ${mark} ${c.name}${c.inPosting ? "" : style.dim(" (the posting doesn't ask for it)")}`,
      );
  };
  claims("Claimed and verified here:", (s) => s === "verified", style.green("✓"));
  claims(
    "Claimed, not verified yet:",
    (s) => s === "missing" || s === "in-progress",
    style.red("✗"),
  );
  claims("Claimed, PyDojo can't verify it:", (s) => s === "not-taught", "-");
  if (resume.unmentioned.length) {
    console.log("  The posting asks for, the résumé doesn't mention:");
    for (const u of resume.unmentioned)
      console.log(`    ! ${u.name}${u.required ? "" : style.dim(" (nice to have)")}`);
  }
}
