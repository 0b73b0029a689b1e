/** The `pydojo` command line: grade, check, start. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../runners/paths.js";
import { UsageError } from "./args.js";
import { runCheck } from "./check-command.js";
import { runGrade } from "./grade-command.js";
import { runLogin, runLogout, runWhoami } from "./account-commands.js";
import { runPull } from "./pull-command.js";
import { runRun } from "./run-command.js";
import { runHint } from "./hint-command.js";
import { runSync } from "./sync-command.js";
import { runHistory, runOpen, runStatus, runSubmit, runTest } from "./work-commands.js";
import { runNext } from "./project-commands.js";
import { findProjectRoot } from "./project-folder.js";
import { clean } from "./sanitize.js";
import { CliError } from "./remote.js";
import { NotAnExerciseError } from "./exercise-folder.js";

const HELP = `pydojo — learn Python backend engineering by doing

Usage:
  pydojo grade <exercise-dir> [--solution <file-or-dir>] [--runner sandbox|local|pyodide] [--json]
      Grade a solution (default: the starter in the folder) and show each test's result.
      For authors: exits 0 whenever a result was produced, even when tests fail (unlike
      'pydojo test', which exits 1 when a test fails).
  pydojo check <dir> [--runner sandbox|local|pyodide] [--json]
      Check every exercise below <dir>: valid metadata, reference passes, starter fails.
  pydojo serve [--port 3000] [--host 127.0.0.1] [--data-dir ./data] [--services api,worker]
      Run the platform (also: npm start). SQLite in the data folder by default;
      set DATABASE_URL=postgres://... to use PostgreSQL and run API and workers apart.
  pydojo worker
      Run only a grading worker (needs DATABASE_URL).
  pydojo admin create --email you@example.com [--name N]
      Create the first admin (password prompted, or PYDOJO_ADMIN_PASSWORD).
  pydojo admin users [--q text] [--json] | role <email> <role> | reset-password <email> [--url U]
      List and search users, set a role, or print a one-time password-reset link (30 minutes),
      on this machine's database (data folder or DATABASE_URL), like admin create.
  pydojo admin backup <file> | restore <file> [--data-dir D] [--force]
      Copy the live SQLite database (online, checked), or put a copy back with the server
      stopped (the replaced database is kept beside it). PostgreSQL: pg_dump / pg_restore.
  pydojo login [--server URL] [--no-browser] [--token T]
      Sign this computer in: shows a code and opens the website to approve it. Headless? Create
      a token on the Account page and pass --token T (or pipe it in). Saved for that server.
  pydojo logout | whoami
  pydojo pull <exercise> | <project> | --module M [--course C] | --course C  [--dir D]
      Write exercises (and projects) into folders that work with plain pytest; local edits are
      never overwritten.
  pydojo test [path] [--runner local|sandbox] [--python P] [--stage K] [--seed N] [--json]
      Run the exercise's tests here (works offline). The tests came from the server and run as
      you with your own Python (local runner, the default), like any code you download; use
      --runner sandbox to run them in bubblewrap where it is installed.
      Exit status like pytest: 0 when every test passes, 1 when any fails or errors, 2 on bad
      usage, 3 when no runner can work (unlike 'pydojo grade', which exits 0 with a result).
      In a project folder: the current stage and every earlier one, grouped by stage, with the
      seed of the random inputs (--seed N draws the same ones; --stage K runs stages 1..K).
  pydojo run [path] [--port N] [--host 127.0.0.1] [--python P] [--app module:app]
      Serve the exercise's web app (WSGI or ASGI) on this machine with your own Python, on a
      free port (printed, with a curl example), restarted when you save a .py file; an app
      that fails to load answers 500 with the error until you fix it. Ctrl+C stops (exit 0).
      Only loopback hosts, unless you pass --host 0.0.0.0 on purpose (with a warning).
  pydojo submit [path] [--json]
      Send it to the server, wait for the verdict, show XP and what unlocked. Ctrl+C stops
      waiting (the grading goes on): see the verdict later with 'pydojo history'.
  pydojo next [path] [--json]
      In a project folder: once the server says the current stage is passed, write the next
      stage's tests into tests/ and its INSTRUCTIONS.md; your own files are never touched.
  pydojo sync [path] [--force] [--json]
      Drafts both ways between this folder and the website. Changed on both sides: yours stays
      and the website's is written beside it as name.server.py (exit 1); until you merge and
      delete that copy, sync refuses to upload; --force uploads yours and deletes the copy.
  pydojo gap <posting.txt | resume.md | -> [--resume cv.md] [--offline] [--json]
      The skills a job posting asks for: which you have verified here, which PyDojo doesn't
      teach, and the exercises that close the gap (in order, with hours). Works offline.
      --resume: which skills the résumé claims are verified here, and what the posting wants
      that it doesn't mention. Logged in, skills the server verified count too.
  pydojo hint [N] [path] [--json]
      The next hint of this exercise (in a project: of the current stage), as on the website;
      N shows hint N again.
  pydojo status [--course C] [--json]
      Progress, streak, XP and what to do next.
  pydojo history [exercise] [--all] [--json]
      Your submissions with verdicts and dates, newest first (in an exercise folder: that
      exercise; --all: every exercise).
  pydojo open [path]       open the exercise in the browser
  pydojo help | --help      pydojo <command> --help      pydojo --version

Runners: sandbox (bubblewrap; the default of grade and check where installed), local (your own
python3, the default of test; PYDOJO_PYTHON or --python picks one), pyodide (Python 3.14 in
Node, for content checks).
Exit status: 0 on success ('grade': whenever a result was produced); 1 when 'test' had a failing
test, 'check' found problems, 'sync' left a conflict, or a command failed; 2 on bad input; 3 when
no runner is available.`;

/** Server commands, loaded only when used (the standalone learner's CLI replaces them). */
async function runServerCommand(command: "serve" | "worker" | "admin", args: string[]) {
  if (command === "admin") return (await import("./admin-command.js")).runAdmin(args);
  const { runServe } = await import("./serve-command.js");
  return command === "worker" ? runServe(args, "worker") : runServe(args);
}

function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** `pydojo <command> --help`: the lines of the main help that describe the command. */
function commandHelp(command: string): string {
  const lines = HELP.split("\n");
  const start = lines.findIndex((l) => l.trimStart().startsWith(`pydojo ${command}`));
  if (start < 0) return HELP;
  const block = [lines[start]!];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("      ")) break;
    block.push(line);
  }
  return `Usage:\n${block.join("\n")}\n\nAdd --json for machine-readable output where the output is data.`;
}

/** `sync` does not know projects yet: in a project folder it says so. */
function syncRefusesProjects(args: string[]): void {
  const where = args.find((a) => !a.startsWith("-")) ?? ".";
  if (!findProjectRoot(where)) return;
  throw new CliError(
    "projects have no drafts to sync yet: your files stay in this folder; `pydojo submit` sends them to the server",
  );
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command && command !== "help" && (rest.includes("--help") || rest.includes("-h"))) {
    console.log(commandHelp(command));
    return 0;
  }
  try {
    switch (command) {
      case "grade":
        return await runGrade(rest);
      case "check":
        return await runCheck(rest);
      case "start":
      case "serve":
        return await runServerCommand("serve", rest);
      case "worker":
        return await runServerCommand("worker", rest);
      case "admin":
        return await runServerCommand("admin", rest);
      case "login":
        return await runLogin(rest);
      case "logout":
        return await runLogout();
      case "whoami":
        return await runWhoami(rest);
      case "pull":
        return await runPull(rest);
      case "test":
        return await runTest(rest);
      case "run":
        return await runRun(rest);
      case "submit":
        return await runSubmit(rest);
      case "gap":
        return await (await import("./gap-command.js")).runGap(rest);
      case "next":
        return await runNext(rest);
      case "sync":
        syncRefusesProjects(rest);
        return await runSync(rest);
      case "status":
        return await runStatus(rest);
      case "hint":
        return await runHint(rest);
      case "history":
        return await runHistory(rest);
      case "open":
        return await runOpen(rest);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        console.log(HELP);
        return command === undefined ? 2 : 0;
      case "--version":
      case "-v":
        console.log(version());
        return 0;
      default:
        console.error(
          `pydojo: unknown command '${command}'. Run 'pydojo help' for the list of commands.`,
        );
        return 2;
    }
  } catch (error) {
    if (error instanceof CliError || error instanceof NotAnExerciseError) {
      // Messages can carry what a server sent: printed without control characters.
      console.error(`pydojo ${command}: ${clean(error.message)}`);
      return error instanceof CliError ? error.exitCode : 1;
    }
    if (error instanceof UsageError) {
      console.error(`pydojo ${command}: ${error.message}\nRun 'pydojo help' for usage.`);
      return 2;
    }
    throw error;
  }
}
