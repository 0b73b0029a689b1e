/**
 * `pydojo run [path] [--port N] [--host H] [--python P] [--app module:app]`: serves the learner's
 * WSGI or ASGI app from an exercise folder on 127.0.0.1 with their own Python (the same choice
 * as `pydojo test --python`), and restarts it when a .py file in the folder is saved. The
 * server is the harness's serve.py (wsgiref for WSGI, a small asyncio HTTP/1.1 server for
 * ASGI); an app that fails to import is served as a 500 with its traceback until the next save.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import {
  APP_SPEC,
  exercismConfigSchema,
  httpAppOf,
  moduleNameFor,
  pydojoMetaSchema,
} from "../core/exercise.js";
import { findPython } from "../runners/local-runner.js";
import { harnessDir } from "../runners/paths.js";
import { RunnerUnavailableError } from "../runners/runner.js";
import { parse, UsageError } from "./args.js";
import {
  findExerciseRoot,
  NotAnExerciseError,
  readFiles,
  readState,
  STATE_FILE,
} from "./exercise-folder.js";
import { CliError } from "./remote.js";
import { clean } from "./sanitize.js";
import { projectModules } from "../core/project.js";
import { collectLearnerFiles, findProjectRoot, readProjectState } from "./project-folder.js";

const RELOAD_DELAY_MS = 150;
const STOP_GRACE_MS = 3000;

/** Hosts served without a warning: this machine only. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

interface Target {
  root: string;
  title: string;
  app: string;
}

/**
 * A pulled project: the app the project names (only if it is one of the learner's modules: a
 * server cannot name `os:abort()`), or --app.
 */
async function projectTarget(root: string, given: string | undefined): Promise<Target> {
  const state = await readProjectState(root);
  const { files } = await collectLearnerFiles(root, state);
  const modules = projectModules(files);
  const named = state.app && modules.includes(state.app.split(":")[0]!) ? state.app : null;
  const app = given ?? named;
  if (!app)
    throw new CliError(
      state.app
        ? `this project serves ${state.app}, but ${state.app.split(":")[0]} is not one of your modules yet: write it, or pass --app module:app`
        : "this project names no web app: pass --app module:app (or module:make_app())",
    );
  return { root, title: state.title, app };
}

/** The exercise folder (a pulled one, or an author's with .meta/) and the app it serves. */
async function findTarget(start: string, given: string | undefined): Promise<Target> {
  const project = findProjectRoot(start);
  if (project) return projectTarget(project, given);
  const meta = path.join(path.resolve(start), ".meta", "pydojo.json");
  if (existsSync(meta)) {
    const root = path.resolve(start);
    const parsed = pydojoMetaSchema.safeParse(JSON.parse(readFileSync(meta, "utf8")));
    const config = exercismConfigSchema.safeParse(
      JSON.parse(readFileSync(path.join(root, ".meta", "config.json"), "utf8")),
    );
    if (!parsed.success || !config.success)
      throw new CliError(`${root}/.meta is not valid: run 'pydojo check ${start}' to see why`);
    const solution = config.data.files.solution;
    return {
      root,
      title: parsed.data.title,
      app:
        given ??
        httpAppOf(parsed.data, solution, readFolder(root, solution, config.data.files.test)) ??
        defaultApp(solution),
    };
  }
  let root: string;
  try {
    root = findExerciseRoot(start);
  } catch (error) {
    if (error instanceof NotAnExerciseError)
      throw new CliError(
        `${start} is not an exercise folder (no ${STATE_FILE} or .meta/pydojo.json): cd into one, or run 'pydojo pull <exercise>' first`,
      );
    throw error;
  }
  const state = await readState(root);
  // The server's name is used only for a module of the exercise (never e.g. "os:abort()").
  const ownApp = (app: string | null | undefined) =>
    app && state.solutionModules.includes(app.split(":")[0]!) ? app : null;
  // Pulled before the server said which app: the same rule, on the files here (read safely).
  const found = async () =>
    httpAppOf({ tags: [], kind: state.kind }, state.solutionFiles, {
      starter: await readFiles(root, state.solutionFiles),
      tests: await readFiles(root, state.testFiles),
    });
  return {
    root,
    title: state.title,
    app: given ?? ownApp(state.app) ?? (await found()) ?? defaultApp(state.solutionFiles),
  };
}

/** The folder's solution (starter) and test files, for httpAppOf; a missing file reads as empty. */
function readFolder(root: string, solution: string[], tests: string[]) {
  const read = (name: string) => {
    try {
      return readFileSync(path.join(root, name), "utf8");
    } catch {
      return "";
    }
  };
  return {
    starter: solution.map((name) => ({ path: name, content: read(name) })),
    tests: tests.map((name) => ({ content: read(name) })),
  };
}

function defaultApp(solutionFiles: string[]): string {
  const module = solutionFiles.map(moduleNameFor).find((m) => m !== null);
  if (!module)
    throw new CliError("this exercise has no Python module to serve: pass --app module:app");
  return `${module}:app`;
}

/** Which file changes restart the app: the folder's .py files (not caches or PyDojo's own). */
export function triggersReload(file: string): boolean {
  const parts = file.split(/[\\/]/);
  return (
    file.endsWith(".py") &&
    !parts.some((p) => p === "__pycache__" || p === ".pydojo" || p === ".meta" || p === ".git")
  );
}

export async function runRun(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    port: { type: "string", short: "p" },
    host: { type: "string" },
    python: { type: "string" },
    app: { type: "string" },
  });
  if (positionals.length > 1) throw new UsageError("expected at most one exercise folder");
  const host = values.host ?? "127.0.0.1";
  if (host === "0.0.0.0") {
    process.stderr.write(
      "warning: --host 0.0.0.0 serves your app to every machine that can reach this one, not only to you\n",
    );
  } else if (!isLoopback(host)) {
    throw new UsageError(
      `--host ${host} is not this machine's loopback: pydojo run serves on 127.0.0.1 (or ::1); to serve to other machines on purpose, pass --host 0.0.0.0`,
    );
  }
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port < 1 || port > 65535)
      throw new UsageError(`--port must be a number from 1 to 65535, got '${values.port}'`);
  }
  if (values.app !== undefined && !APP_SPEC.test(values.app))
    throw new UsageError(
      `--app must look like module:app or module:make_app(), got '${values.app}'`,
    );
  const target = await findTarget(positionals[0] ?? ".", values.app);
  let python: string;
  try {
    python = findPython(values.python).path;
  } catch (error) {
    if (error instanceof RunnerUnavailableError) throw new CliError(error.message, 3);
    throw error;
  }
  return serve(target, python, host, port);
}

function serve(target: Target, python: string, host: string, firstPort: number): Promise<number> {
  const script = path.join(harnessDir(), "pydojo_harness", "serve.py");
  return new Promise((resolve) => {
    let child: ChildProcess | null = null;
    let port = firstPort;
    let started = false;
    let stopping = false;
    let restarting: string | null = null;
    let timer: NodeJS.Timeout | undefined;
    let watcher: FSWatcher | null = null;

    const finish = (code: number) => {
      stopping = true;
      clearTimeout(timer);
      watcher?.close();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve(code);
    };

    const start = () => {
      const proc = spawn(
        python,
        [
          "-u",
          script,
          "--root",
          target.root,
          "--app",
          target.app,
          "--host",
          host,
          "--port",
          String(port),
        ],
        {
          cwd: target.root,
          stdio: ["ignore", "pipe", "inherit"],
          env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
        },
      );
      child = proc;
      createInterface({ input: proc.stdout! }).on("line", onLine);
      proc.on("exit", (code, signal) => {
        if (child !== proc) return;
        child = null;
        if (stopping) return;
        if (restarting !== null) {
          start();
          return;
        }
        if (!started) {
          process.stderr.write(`pydojo run: the server could not start (exit ${code ?? signal})\n`);
          finish(1);
          return;
        }
        process.stderr.write(
          `The server stopped (exit ${code ?? signal}); it starts again when you save a .py file.\n`,
        );
      });
    };

    const onLine = (line: string) => {
      const match = /^PYDOJO-(READY|ERROR) (.*)$/.exec(line);
      if (!match) {
        process.stdout.write(line + "\n"); // the app's own print()
        return;
      }
      const data = JSON.parse(match[2]!) as {
        port?: number;
        kind?: string;
        error?: string;
        message?: string;
      };
      if (match[1] === "ERROR") {
        const message =
          data.error === "port-in-use"
            ? `port ${port} on ${host} is already in use: stop the program using it, or pick another port with --port N (or leave --port out for a free one)`
            : `cannot listen on ${host}:${port}: ${data.message ?? "unknown error"}`;
        process.stderr.write(`pydojo run: ${message}\n`);
        if (!started) {
          stopping = true;
          finish(1);
        }
        return;
      }
      port = data.port ?? port;
      const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
      const broken = data.kind === "error";
      if (!started) {
        started = true;
        process.stdout.write(
          `Serving ${clean(target.title)} (${target.app}, ${broken ? "not loaded: see the error above" : data.kind === "asgi" ? "ASGI" : "WSGI"}) at ${url}\n` +
            `Try: curl -i ${url}/\n` +
            `Watching ${target.root} for changes to .py files; Ctrl+C stops.\n`,
        );
        startWatching();
      } else {
        const why = restarting ? ` (${restarting} changed)` : "";
        restarting = null;
        process.stdout.write(
          broken
            ? `reloaded${why}, but your app could not be loaded: see the error above; requests answer 500 until you fix it and save\n`
            : `reloaded${why}\n`,
        );
      }
    };

    const restart = (file: string) => {
      if (stopping) return;
      restarting = file;
      if (child) end(child);
      else start();
    };

    const startWatching = () => {
      watcher = watchFolder(target.root, (file) => {
        clearTimeout(timer);
        timer = setTimeout(() => restart(file), RELOAD_DELAY_MS);
      });
    };

    const onSignal = () => {
      if (stopping) return;
      stopping = true;
      const proc = child;
      const done = () => {
        process.stdout.write("\nStopped.\n");
        finish(0);
      };
      if (!proc || proc.exitCode !== null) return done();
      proc.once("exit", done);
      end(proc);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    start();
  });
}

/** Asks the server to stop; kills it if it is still there after a moment (an app stuck in C code). */
function end(proc: ChildProcess): void {
  proc.kill("SIGTERM");
  const timer = setTimeout(() => proc.kill("SIGKILL"), STOP_GRACE_MS);
  proc.once("exit", () => clearTimeout(timer));
}

function watchFolder(root: string, onChange: (file: string) => void): FSWatcher {
  return watch(root, { recursive: true }, (_event, name) => {
    const file = name ? String(name) : "";
    if (triggersReload(file)) onChange(file);
  });
}
