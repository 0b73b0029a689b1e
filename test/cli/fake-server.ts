/**
 * A scriptable HTTP server on 127.0.0.1 that plays a hostile (or just scripted) PyDojo server for
 * the CLI's tests: each test sets the JSON answered per "METHOD /path", and reads what the CLI sent.
 */
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const BIN = path.join(ROOT, "bin/pydojo.js");

export interface Answer {
  status?: number;
  body?: unknown;
  /** Never answer (the request hangs until the server closes). */
  hang?: boolean;
  /** Answer by hand (status, headers, a body of any size or speed). */
  raw?: (res: http.ServerResponse) => void;
}
export type Route = Answer | ((request: { url: URL; body: string }) => Answer);

export interface FakeServer {
  url: string;
  routes: Map<string, Route>;
  requests: { method: string; path: string; body: string; authorization?: string }[];
  close(): Promise<void>;
}

export async function startFakeServer(): Promise<FakeServer> {
  const routes = new Map<string, Route>();
  const requests: FakeServer["requests"] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      requests.push({
        method: req.method ?? "GET",
        path: url.pathname + url.search,
        body,
        authorization: req.headers.authorization,
      });
      const route = routes.get(`${req.method} ${url.pathname}`);
      const answer: Answer = !route
        ? { status: 404, body: { error: { code: "not_found", message: "not found" } } }
        : typeof route === "function"
          ? route({ url, body })
          : route;
      if (answer.hang) return;
      if (answer.raw) return answer.raw(res);
      res.writeHead(answer.status ?? 200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A config home logged in to `server` with a made-up token. */
export function loggedInHome(server: string): string {
  const home = mkdtempSync(path.join(os.tmpdir(), "pydojo-fake-home-"));
  mkdirSync(path.join(home, "pydojo"), { recursive: true });
  writeFileSync(
    path.join(home, "pydojo", "config.json"),
    JSON.stringify({ server, token: "pdj_fake" }),
    { mode: 0o600 },
  );
  return home;
}

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI (without blocking this process, where the fake server runs). */
export function cli(args: string[], cwd: string, home: string, env: NodeJS.ProcessEnv = {}) {
  return new Promise<Run>((resolve) => {
    // stdin is closed at once: nothing is typed or piped in.
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd,
        encoding: "utf8",
        env: { ...process.env, XDG_CONFIG_HOME: home, NO_COLOR: "1", ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          out: stdout,
          err: stderr,
        }),
    );
    child.stdin?.end();
  });
}

/**
 * Runs a command under a pseudo-terminal (util-linux `script`); `onScreen` sees everything so far
 * and may type into the terminal. Resolves with the exit code and the whole screen.
 */
export function underTerminal(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  onScreen: (screen: string, type: (text: string) => void) => void = () => {},
): Promise<{ code: number; screen: string }> {
  return new Promise((resolve) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd,
      env: { ...process.env, ...env },
    });
    let screen = "";
    const type = (text: string) => child.stdin.write(text);
    child.stdout.on("data", (d: Buffer) => {
      screen += d.toString();
      onScreen(screen, type);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, screen });
    });
  });
}

export function exercise(overrides: Record<string, unknown> = {}) {
  return {
    id: "mini/add",
    courseId: "mini",
    moduleId: "basics",
    title: "Add",
    kind: "implement",
    difficulty: 1,
    concepts: [],
    estimatedMinutes: 5,
    runtimes: ["cpython", "pyodide"],
    runtimeNote: null,
    xp: 20,
    prerequisites: [],
    locked: false,
    instructions: "# Add\n\nWrite `add(a, b)`.\n",
    hintCount: 0,
    solutionFiles: ["add.py"],
    starter: [{ path: "add.py", content: "def add(a, b):\n    raise NotImplementedError\n" }],
    tests: [
      {
        path: "add_test.py",
        content: "from add import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
      },
    ],
    support: [],
    draft: null,
    progress: null,
    reference: null,
    ...overrides,
  };
}
