/**
 * HTTP apps under attack, through the real sandbox: the learner's app runs in the host
 * process, the client and the assertions in the judge, and what crosses back is checked and
 * bounded there (harness/pydojo_harness/http_client.py). An app that lies about its status,
 * answers forever, never answers, opens thousands of sockets, claims a huge Content-Length or
 * patches the harness's adapter can neither pass a test a correct app passes only by being
 * correct, nor hang the grade.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeResult } from "../../src/core/result.js";
import { createRunner } from "../../src/runners/create-runner.js";
import { DEFAULT_LIMITS, type Runner } from "../../src/runners/runner.js";

/** What a correct app passes: 201 with the body "created". */
const TESTS = `def test_created(client):
    r = client.get("/")
    assert r.status == 201
    assert r.text == "created"

def test_created_again(client):
    r = client.post("/", json={})
    assert r.status == 201
`;

const CORRECT = `def app(environ, start_response):
    start_response("201 Created", [("Content-Type", "text/plain")])
    return [b"created"]
`;

function neverPasses(r: GradeResult) {
  expect(r.status).not.toBe("pass");
  expect(r.tests.length).toBeGreaterThan(0);
  for (const t of r.tests) expect(t.status).not.toBe("pass");
}

describe("HTTP apps: attacks through the sandbox runner", () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await createRunner("sandbox");
  });
  afterAll(async () => {
    await runner?.close();
  });

  const grade = (solution: string, tests = TESTS, limits = {}) =>
    runner.grade({
      tests: [{ path: "app_test.py", content: tests }],
      solution: [{ path: "app.py", content: solution }],
      solutionModules: ["app"],
      limits: { ...DEFAULT_LIMITS, testTimeoutSeconds: 2, timeoutSeconds: 40, ...limits },
    });

  it("a correct app passes (the tests below can pass)", async () => {
    const r = await grade(CORRECT);
    expect(r.status).toBe("pass");
  });

  it("a WSGI status that is a str subclass with a lying __eq__, __int__ and __str__", async () => {
    const r = await grade(`class Status(str):
    def __eq__(self, other):
        return True
    __hash__ = str.__hash__
    def __int__(self):
        return 201
    def __str__(self):
        return "201 Created"
    def __getitem__(self, index):
        return "201 Created"[index]
    def split(self, *args, **kwargs):
        return ["201", "Created"]
    def startswith(self, *args):
        return True

def app(environ, start_response):
    start_response(Status("500 Internal Server Error"), [("Content-Type", "text/plain")])
    return [b"created"]
`);
    neverPasses(r);
    expect(r.tests[0]?.message).toContain("assert 500 == 201");
  });

  it("an ASGI status that is an int subclass with a lying __eq__ and __index__", async () => {
    const r = await grade(`class Status(int):
    def __eq__(self, other):
        return True
    __hash__ = int.__hash__
    def __index__(self):
        return 201
    def __int__(self):
        return 201

async def app(scope, receive, send):
    await send({"type": "http.response.start", "status": Status(500), "headers": []})
    await send({"type": "http.response.body", "body": b"created"})
`);
    neverPasses(r);
    expect(r.tests[0]?.message).toContain("assert 500 == 201");
  });

  it("patching the harness's adapter in the learner's process answers only a response, checked in the judge", async () => {
    const r = await grade(`import sys, json

class Lie(str):
    def __eq__(self, other):
        return True
    __hash__ = str.__hash__

adapter = sys.modules.get("pydojo_harness.http_host")
answers = [Lie("x"), {"status": 201}, json.dumps({"status": "201", "reason": "Created", "headers": [], "body": "", "over": False})]

def call(app, request, kind=None):
    return answers.pop(0) if answers else None

if adapter is not None:
    adapter.call = call

def app(environ, start_response):
    start_response("500 Oops", [])
    return [b""]
`);
    neverPasses(r);
    for (const t of r.tests) {
      expect(t.message ?? "").toMatch(
        /assert 500 == 201|not an HTTP response|is not a response|'NoneType'/,
      );
    }
  });

  it("an endless generator body is cut at 1 MB and fails, without hanging the grade", async () => {
    const started = Date.now();
    const r = await grade(`def app(environ, start_response):
    start_response("201 Created", [("Content-Type", "text/plain")])
    def body():
        yield b"created"
        while True:
            yield b"x" * 65536
    return body()
`);
    neverPasses(r);
    expect(r.tests[0]?.message).toContain("response body larger than 1 MB");
    expect(r.tests[0]?.http?.[0]?.response?.body_bytes).toBeNull();
    expect(r.tests[0]?.http?.[0]?.response?.body.length).toBeLessThanOrEqual(2048);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("a handler that never returns hits the per-test time limit, and the next test runs", async () => {
    const r = await grade(`def app(environ, start_response):
    if environ["REQUEST_METHOD"] == "GET":
        while True:
            pass
    start_response("500 Oops", [])
    return [b""]
`);
    neverPasses(r);
    expect(r.tests[0]).toMatchObject({ status: "error", limit: "timeout" });
    expect(r.tests[0]?.http?.[0]?.error).toMatch(/timeout/);
    expect(r.tests[1]?.message).toContain("assert 500 == 201");
  });

  it("an app that opens 10,000 sockets is bounded by its open files, and the grade goes on", async () => {
    const r = await grade(`import socket

held = []

def app(environ, start_response):
    opened = 0
    for _ in range(10000):
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                s.setblocking(False)
                s.connect_ex(("127.0.0.1", 9))
            except OSError:
                pass
            held.append(s)
            opened += 1
        except OSError:
            break
    start_response("500 Busy", [("X-Opened", str(opened))])
    return [b""]
`);
    neverPasses(r);
    const opened = Number(
      r.tests[0]?.http?.[0]?.response?.headers.find(([k]) => k === "X-Opened")?.[1],
    );
    expect(opened).toBeGreaterThan(0);
    expect(opened).toBeLessThan(DEFAULT_LIMITS.openFiles);
  });

  it("a Content-Length that claims far more than the body fails with the numbers", async () => {
    const r = await grade(`def app(environ, start_response):
    start_response("201 Created", [("Content-Type", "text/plain"), ("Content-Length", "99999999999")])
    return [b"created"]
`);
    neverPasses(r);
    expect(r.tests[0]?.message).toContain(
      "says Content-Length: 99999999999 but its body has 7 bytes",
    );
  });

  it("live_server: a handler that never answers and a lying Content-Length end the test, never the grade", async () => {
    const started = Date.now();
    const r = await grade(
      `import time

def app(environ, start_response):
    if environ["PATH_INFO"] == "/slow":
        while True:
            time.sleep(0.05)
    start_response("201 Created", [("Content-Length", "99999999")])
    return [b"created"]
`,
      `import urllib.request

def test_slow(live_server):
    with urllib.request.urlopen(live_server.url + "/slow") as r:
        assert r.status == 201

def test_short(live_server):
    with urllib.request.urlopen(live_server.url + "/") as r:
        assert r.read() == b"created"
`,
    );
    neverPasses(r);
    expect(r.tests[0]?.message).toMatch(/timed out|timeout/i);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
