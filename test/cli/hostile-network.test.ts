/**
 * The learner's CLI against a server (or a network) that attacks the connection itself: answers
 * without end, gzip bombs, answers that trickle or never come, redirects to other addresses, and
 * a folder that names another server than the one the token is for. Each attack is played by a
 * real HTTP server on 127.0.0.1 against the real CLI (bin/pydojo.js) as a subprocess, whose peak
 * memory is measured. The CLI must stop with a clear message, in bounded time and memory, send
 * the token nowhere else, and leave everything the learner had as it was.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cli, exercise, loggedInHome, startFakeServer, type FakeServer } from "./fake-server.js";

let server: FakeServer;
let other: FakeServer; // another origin: must never see a request
let home: string;
let work: string;
let preload: string; // prints the CLI's peak memory when it exits

beforeAll(async () => {
  server = await startFakeServer();
  other = await startFakeServer();
  home = loggedInHome(server.url);
});
afterAll(async () => {
  await server?.close();
  await other?.close();
});
beforeEach(() => {
  for (const s of [server, other]) {
    s.routes.clear();
    s.requests.length = 0;
  }
  const root = mkdtempSync(path.join(os.tmpdir(), "pydojo-network-"));
  work = path.join(root, "work");
  mkdirSync(work);
  preload = path.join(root, "rss.cjs");
  writeFileSync(
    preload,
    "process.on('exit', () => process.stderr.write(`\\nPEAK_RSS_KB=${process.resourceUsage().maxRSS}\\n`));\n",
  );
});

const MB = 1024 * 1024;
/** Runs the CLI; `peakMb` is its peak resident memory. */
async function pydojo(args: string[], cwd = work, env: NodeJS.ProcessEnv = {}) {
  const started = Date.now();
  const run = await cli(args, cwd, home, { NODE_OPTIONS: `--require ${preload}`, ...env });
  const peak = Number(/PEAK_RSS_KB=(\d+)/.exec(run.err)?.[1] ?? NaN);
  return { ...run, peakMb: peak / 1024, seconds: (Date.now() - started) / 1000 };
}

/** A body of `total` bytes (Infinity: endless) sent as fast as the client reads it. */
function flood(total: number, chunk = Buffer.alloc(64 * 1024, 0x20)): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return this.push(null);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}
const pipeTo = (res: http.ServerResponse, body: Readable) => {
  res.on("close", () => body.destroy());
  body.pipe(res);
};

/** Pulls mini/add, then the learner edits their solution: what must survive every attack. */
async function pulledAndEdited(): Promise<{ dir: string; before: Map<string, string> }> {
  server.routes.set("GET /api/exercises/mini/add", { body: exercise() });
  expect((await pydojo(["pull", "mini/add"])).code).toBe(0);
  const dir = path.join(work, "mini", "add");
  writeFileSync(path.join(dir, "add.py"), "def add(a, b):\n    return a + b  # mine\n");
  const names = ["add.py", "add_test.py", "README.md", ".pydojo/exercise.json"];
  return { dir, before: new Map(names.map((n) => [n, readFileSync(path.join(dir, n), "utf8")])) };
}
const expectUnchanged = (dir: string, before: Map<string, string>) => {
  for (const [name, content] of before)
    expect(readFileSync(path.join(dir, name), "utf8"), name).toBe(content);
};

describe("an answer that is too large", () => {
  it("stops reading a gigantic exercise at 16 MB, with bounded memory, and keeps the learner's files", async () => {
    const { dir, before } = await pulledAndEdited();
    server.routes.set("GET /api/exercises/mini/add", {
      raw: (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"id":"mini/add","instructions":"');
        pipeTo(res, flood(400 * MB));
      },
    });
    const r = await pydojo(["pull", "mini/add"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `pydojo pull: the server ${server.url} sent more than 16 MB for GET /api/exercises/mini/add, so pydojo stopped reading it; nothing was written`,
    );
    expect(r.err).not.toContain("internal error");
    expect(r.peakMb).toBeLessThan(200);
    expectUnchanged(dir, before);
  });

  it("stops a gzip bomb after 16 MB unpacked (the server announced no length)", async () => {
    const { dir, before } = await pulledAndEdited();
    server.routes.set("GET /api/exercises/mini/add/draft", {
      raw: (res) => {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
        const zipped = flood(8 * 1024 * MB, Buffer.alloc(MB, 0x20)).pipe(zlib.createGzip());
        res.on("close", () => zipped.destroy());
        zipped.pipe(res);
      },
    });
    const r = await pydojo(["sync"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "sent more than 16 MB for GET /api/exercises/mini/add/draft, so pydojo stopped reading it",
    );
    expect(r.peakMb).toBeLessThan(200);
    expect(r.seconds).toBeLessThan(20);
    expectUnchanged(dir, before);
  });

  it("refuses at once an answer whose Content-Length is over the limit", async () => {
    server.routes.set("GET /api/courses", {
      raw: (res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": 1e12 });
        res.write("{");
      },
    });
    const r = await pydojo(["status"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("sent more than 16 MB for GET /api/courses");
  });
});

describe("an answer that never ends", () => {
  it("gives up on a server that trickles its answer (slowloris) and keeps the learner's files", async () => {
    const { dir, before } = await pulledAndEdited();
    server.routes.set("GET /api/exercises/mini/add", {
      raw: (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write("{");
        const timer = setInterval(() => res.write(" "), 100);
        res.on("close", () => clearInterval(timer));
      },
    });
    const r = await pydojo(["pull", "mini/add"], work, { PYDOJO_TIMEOUT: "2" });
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `pydojo pull: the server ${server.url} did not finish answering GET /api/exercises/mini/add within 2 s, so pydojo stopped waiting (nothing was written)`,
    );
    expect(r.err).toContain("PYDOJO_TIMEOUT=<seconds> waits longer");
    expect(r.seconds).toBeLessThan(15);
    expectUnchanged(dir, before);
  });

  it("gives up on a server that never sends its headers", async () => {
    server.routes.set("GET /api/courses", { hang: true });
    const r = await pydojo(["status"], work, { PYDOJO_TIMEOUT: "1" });
    expect(r.code).toBe(1);
    expect(r.err).toContain("did not finish answering GET /api/courses within 1 s");
    expect(r.seconds).toBeLessThan(15);
  });

  it("says what is wrong with a bad PYDOJO_TIMEOUT", async () => {
    const r = await pydojo(["status"], work, { PYDOJO_TIMEOUT: "forever" });
    expect(r.code).toBe(2);
    expect(r.err).toContain('PYDOJO_TIMEOUT="forever" is not a number of seconds from 1 to 3600');
  });
});

describe("redirects", () => {
  const progress = { body: { stats: { xp: 0, level: 1 }, exercises: [], activity: [] } };

  it("never follows a redirect to another origin: the token and the learner's code stay home", async () => {
    const { dir, before } = await pulledAndEdited();
    server.routes.set("GET /api/progress", progress);
    other.routes.set("POST /steal", { status: 202, body: { id: "s", status: "queued" } });
    server.routes.set("POST /api/exercises/mini/add/submissions", {
      raw: (res) => {
        res.writeHead(307, { location: `${other.url.replace("127.0.0.1", "localhost")}/steal` });
        res.end();
      },
    });
    const r = await pydojo(["submit"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `the server ${server.url} answered POST /api/exercises/mini/add/submissions with a redirect (HTTP 307 to "http://localhost:`,
    );
    expect(r.err).toContain(
      "pydojo does not follow redirects, so your token and files go only to the address you logged in to",
    );
    expect(other.requests).toEqual([]);
    expectUnchanged(dir, before);
  });

  it("refuses a redirect to file:// or to a private address, and writes nothing", async () => {
    for (const location of ["file:///etc/passwd", "http://169.254.169.254/latest/meta-data/"]) {
      server.routes.set("GET /api/exercises/mini/add", {
        raw: (res) => {
          res.writeHead(302, { location });
          res.end();
        },
      });
      const r = await pydojo(["pull", "mini/add"]);
      expect(r.code, location).toBe(1);
      expect(r.err).toContain(`with a redirect (HTTP 302 to ${JSON.stringify(location)})`);
      expect(readdirSync(work)).toEqual([]);
    }
  });

  it("refuses a redirect during login, before any token exists", async () => {
    server.routes.set("POST /api/cli/device", {
      raw: (res) => {
        res.writeHead(308, { location: `${other.url}/api/cli/device` });
        res.end();
      },
    });
    const r = await pydojo(["login", "--server", server.url, "--no-browser"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("with a redirect (HTTP 308");
    expect(other.requests).toEqual([]);
  });
});

describe("the token goes only to the server it was saved for", () => {
  it("a folder that names another server gets no token (pydojo hint)", async () => {
    // A folder someone else prepared (or pulled elsewhere) names the server `other`.
    const dir = path.join(work, "mini", "add");
    mkdirSync(path.join(dir, ".pydojo"), { recursive: true });
    writeFileSync(path.join(dir, "add.py"), "");
    writeFileSync(
      path.join(dir, ".pydojo", "exercise.json"),
      JSON.stringify({
        id: "mini/add",
        server: other.url,
        title: "Add",
        kind: "implement",
        solutionFiles: ["add.py"],
        testFiles: [],
        supportFiles: [],
        solutionModules: ["add"],
        draftVersion: 0,
        baseHashes: {},
      }),
    );
    other.routes.set("GET /api/exercises/mini/add/hints/1", {
      body: { hint: "h", shown: 1, total: 1 },
    });
    const r = await pydojo(["hint"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `this folder belongs to the server ${other.url}, but your token is for ${server.url}: pydojo sends a token only to the server it was saved for. Run 'pydojo login --server ${other.url}'`,
    );
    expect(other.requests.filter((q) => q.authorization !== undefined)).toEqual([]);
    expect(r.err + r.out).not.toContain("pdj_fake");
  });
});
