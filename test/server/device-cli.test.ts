/**
 * `pydojo login` through the browser, end to end: the real CLI process (bin/pydojo.js, built
 * dist/) against a real server; the test plays the learner and approves or denies the code
 * through the API, as the #/device page does.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, signup, startTestServer, type Learner, type TestServer } from "./harness.js";
import { BIN } from "./processes.js";

let server: TestServer;
let url: string;
let lena: Learner;

beforeAll(async () => {
  server = await startTestServer({}, { worker: false });
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  lena = await signup(server.app, "lena@example.com");
});
afterAll(async () => server?.close());

/** Starts `pydojo login`, resolves with the code it shows, then with how it ended. */
function login(home: string, args: string[]) {
  const child = spawn(process.execPath, [BIN, "login", "--server", url, ...args], {
    env: { ...process.env, XDG_CONFIG_HOME: home, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const code = new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      const found = /confirm this code: ([A-Z]{4}-[A-Z]{4})/.exec(err);
      if (found) resolve(found[1]!);
    });
    child.on("exit", () => reject(new Error(`login ended before showing a code: ${err}`)));
  });
  const done = new Promise<{ status: number | null; out: string; err: string }>((resolve) =>
    child.on("exit", (status) => resolve({ status, out, err })),
  );
  return { code, done };
}

describe("pydojo login in the browser (device flow)", () => {
  it("shows a code and the address, waits for approval, then stores the token for that server", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "pydojo-device-home-"));
    const run = login(home, ["--no-browser"]);
    const code = await run.code;
    const approved = await server.app.inject({
      method: "POST",
      url: "/api/cli/device/approve",
      headers: as(lena),
      payload: { user_code: code },
    });
    expect(approved.statusCode).toBe(200);
    const result = await run.done;
    expect(result.err).toContain(`To log in, open ${url}/#/device`);
    expect(result.err).toContain(`${url}/#/device?code=${code}`);
    expect(result.status).toBe(0);
    expect(result.out).toMatch(
      new RegExp(
        `^Logged in to ${url.replace(/\./g, "\\.")} as lena <lena@example\\.com>\\. Token for ${url.replace(/\./g, "\\.")} saved in `,
      ),
    );
    const file = path.join(home, "pydojo", "config.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, "utf8")) as { server: string; token: string };
    expect(saved.server).toBe(url);
    expect(saved.token).toMatch(/^pdj_/);
    // The token works and is listed as this computer's CLI.
    const me = await server.app.inject({
      method: "GET",
      url: "/api/me",
      headers: { authorization: `Bearer ${saved.token}` },
    });
    expect(me.json().user.email).toBe("lena@example.com");
    const tokens = (await server.store.tokens.listForUser(lena.id)).map((t) => t.name);
    expect(tokens).toContain(`CLI on ${os.hostname()}`.slice(0, 60));
  }, 30_000);

  it("stops with a clear message and saves nothing when the login is denied", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "pydojo-device-home-"));
    const run = login(home, ["--no-browser"]);
    const code = await run.code;
    await server.app.inject({
      method: "POST",
      url: "/api/cli/device/deny",
      headers: as(lena),
      payload: { user_code: code },
    });
    const result = await run.done;
    expect(result.status).toBe(1);
    expect(result.err).toContain("pydojo login: the login was denied in the browser");
    expect(() => statSync(path.join(home, "pydojo", "config.json"))).toThrow();
  }, 30_000);

  it("still takes a token piped on stdin (headless machines)", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "pydojo-device-home-"));
    const made = await server.app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: as(lena),
      payload: { name: "headless" },
    });
    const token = made.json().token as string;
    const child = spawn(process.execPath, [BIN, "login", "--server", url], {
      env: { ...process.env, XDG_CONFIG_HOME: home },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdin.end(`${token}\n`);
    const timer = setTimeout(() => child.kill(), 20_000);
    const status = await new Promise((resolve) => child.on("exit", resolve));
    clearTimeout(timer);
    expect(err).toBe("");
    expect(status).toBe(0);
    expect(out).toMatch(/^Logged in to .* as lena <lena@example\.com>\. Token for http/);
    const saved = JSON.parse(readFileSync(path.join(home, "pydojo", "config.json"), "utf8"));
    expect(saved).toEqual({ server: url, token });
  });
});
