/** The `pydojo` command line: grade, check, start. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../runners/paths.js";
import { UsageError } from "./args.js";
import { runCheck } from "./check-command.js";
import { runGrade } from "./grade-command.js";
import { runAdmin } from "./admin-command.js";
import { runServe } from "./serve-command.js";
import { runLogin, runLogout, runWhoami } from "./account-commands.js";
import { runPull } from "./pull-command.js";
import { runSync } from "./sync-command.js";
import { runOpen, runStatus, runSubmit, runTest } from "./work-commands.js";
import { CliError } from "./remote.js";
import { NotAnExerciseError } from "./exercise-folder.js";

const HELP = `pydojo — learn Python backend engineering by doing

Usage:
  pydojo grade <exercise-dir> [--solution <file-or-dir>] [--runner sandbox|local|pyodide] [--json]
      Grade a solution (default: the starter in the folder) and show each test's result.
  pydojo check <dir> [--runner sandbox|local|pyodide] [--json]
      Check every exercise below <dir>: valid metadata, reference passes, starter fails.
  pydojo serve [--port 3000] [--host 127.0.0.1] [--data-dir ./data] [--services api,worker]
      Run the platform (also: npm start). SQLite in the data folder by default;
      set DATABASE_URL=postgres://... to use PostgreSQL and run API and workers apart.
  pydojo worker
      Run only a grading worker (needs DATABASE_URL).
  pydojo admin create --email you@example.com [--name N]
      Create the first admin (password prompted, or PYDOJO_ADMIN_PASSWORD).
  pydojo login [--server URL] [--token T]    store your API token (prompted if not given)
  pydojo logout | whoami
  pydojo pull <exercise> | --module M [--course C] | --course C  [--dir D]
      Write exercises into folders that work with plain pytest; local edits are never overwritten.
  pydojo test [path]       grade the exercise here with your own Python (works offline)
  pydojo submit [path]     send it to the server, wait for the verdict, show XP and what unlocked
  pydojo sync [path]       drafts both ways between this folder and the website
  pydojo status [--course C]   progress, streak, XP and what to do next
  pydojo open [path]       open the exercise in the browser
  pydojo help | --help      pydojo <command> --help      pydojo --version

Runners: sandbox (bubblewrap; the default where installed), local (your own python3;
set PYDOJO_PYTHON or --python to choose one), pyodide (Python 3.14 in Node, for content checks).
Exit status: 0 when a result was produced; 1 when 'check' found problems; 2 on bad input.`;

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
        return await runServe(rest);
      case "worker":
        return await runServe(rest, "worker");
      case "admin":
        return await runAdmin(rest);
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
      case "submit":
        return await runSubmit(rest);
      case "sync":
        return await runSync(rest);
      case "status":
        return await runStatus(rest);
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
      console.error(`pydojo ${command}: ${error.message}`);
      return error instanceof CliError ? error.exitCode : 1;
    }
    if (error instanceof UsageError) {
      console.error(`pydojo ${command}: ${error.message}\nRun 'pydojo help' for usage.`);
      return 2;
    }
    throw error;
  }
}
