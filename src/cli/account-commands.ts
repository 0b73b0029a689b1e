/** `pydojo login | logout | whoami`; login signs in through the browser (RFC 8628) or takes a token. */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { packageRoot } from "../runners/paths.js";
import { parse } from "./args.js";
import { show } from "./safe-fs.js";
import { brief, clean } from "./sanitize.js";
import { call, CliError, clientFor, connect } from "./remote.js";
import {
  configPath,
  readUserConfig,
  removeToken,
  TOKEN_SHAPE,
  writeUserConfig,
} from "./user-config.js";

/** Asks for a secret without echoing it on a terminal (raw mode); reads a line when piped. */
function askSecret(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    process.stderr.write(question);
    return new Promise((resolve) => {
      const rl = createInterface({ input });
      // Resolve before closing: close() emits "close" at once, which would resolve "" first.
      rl.once("line", (line) => {
        resolve(line.trim());
        rl.close();
      });
      rl.once("close", () => resolve(""));
    });
  }
  return new Promise((resolve, reject) => {
    let secret = "";
    input.setRawMode(true); // before the prompt, so nothing typed after it is echoed
    process.stderr.write(question);
    input.resume();
    input.setEncoding("utf8");
    const done = (value: string | null) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener("data", onData);
      process.stderr.write("\n");
      if (value === null) reject(new CliError("cancelled", 130));
      else resolve(value.trim());
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return done(secret);
        if (ch === "\u0003") return done(null); // Ctrl+C
        if (ch === "\u007f" || ch === "\b") secret = secret.slice(0, -1);
        else secret += ch;
      }
    };
    input.on("data", onData);
  });
}

/** Opens a URL in the default browser; says nothing if that can't be done (headless, no opener). */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", '""', url]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: "ignore" });
    child.on("error", () => {});
    child.unref();
  } catch {
    // No browser here: the printed address is enough.
  }
}

function cliVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as {
      version: string;
    };
    return pkg.version;
  } catch {
    return "unknown";
  }
}

/**
 * The device authorization grant: show a code and where to confirm it, open the browser, poll
 * at the server's interval (slower when told to), and return the token once it is approved.
 */
/** A number the server sent, kept within bounds. */
function bounded(n: unknown, low: number, high: number, fallback: number): number {
  return typeof n === "number" && Number.isFinite(n) ? Math.min(high, Math.max(low, n)) : fallback;
}

async function deviceLogin(server: string, browser: boolean): Promise<string> {
  const client = clientFor(server);
  const started = await call(server, () =>
    client.startDeviceLogin({
      hostname: os.hostname(),
      client: `pydojo ${cliVersion()} (${process.platform})`,
    }),
  );
  // The code and the address come from the server: print and open only what we build from the
  // server the learner named and a code of the expected shape (never a URL the server chose).
  if (typeof started.user_code !== "string" || !/^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(started.user_code))
    throw new CliError(`${server} sent a malformed login code: ${show(started.user_code)}`);
  const page = `${server}/#/device`;
  const direct = `${page}?code=${started.user_code}`;
  process.stderr.write(
    `To log in, open ${page}\n` +
      `and confirm this code: ${started.user_code}\n` +
      `(direct link: ${direct})\n` +
      `Waiting for approval (the code expires in ${Math.round(bounded(started.expires_in, 1, 1800, 600) / 60)} minutes; Ctrl+C to cancel)...\n`,
  );
  if (browser) openBrowser(direct);
  // Whatever the server says: poll every 1-60 s, for at most 30 minutes.
  let interval = bounded(started.interval, 1, 60, 5);
  const deadline = Date.now() + bounded(started.expires_in, 1, 1800, 600) * 1000;
  while (Date.now() < deadline + interval * 1000) {
    await sleep(interval * 1000);
    const answer = await call(server, () => client.pollDeviceToken(started.device_code));
    if (answer.ok) {
      // Saved and later sent as a header: a line break or megabytes would be trouble.
      if (!TOKEN_SHAPE.test(answer.access_token))
        throw new CliError(`the server ${server} sent a malformed token: nothing was saved`);
      return answer.access_token;
    }
    switch (answer.error) {
      case "authorization_pending":
        continue;
      case "slow_down":
        interval = bounded(answer.interval, 1, 60, Math.min(60, interval + 5));
        continue;
      case "access_denied":
        throw new CliError("the login was denied in the browser: nothing was saved");
      case "expired_token":
        throw new CliError("the code expired before it was approved: run 'pydojo login' again");
      default:
        throw new CliError(
          `${clean(brief(String(answer.error_description)))} (${clean(brief(String(answer.error), 100))})`,
        );
    }
  }
  throw new CliError("the code expired before it was approved: run 'pydojo login' again");
}

export async function runLogin(args: string[]): Promise<number> {
  const { values } = parse(args, {
    server: { type: "string" },
    token: { type: "string" },
    "no-browser": { type: "boolean" },
    json: { type: "boolean" },
  });
  const saved = await readUserConfig();
  const server = (values.server ?? saved.server).replace(/\/+$/, "");
  if (!/^https?:\/\/[^\s/]+/.test(server))
    throw new CliError(
      `'${server}' is not a server address: pass --server like https://dojo.example.com`,
      2,
    );
  // A token given, piped in (headless machines: `echo $TOKEN | pydojo login`), or else the
  // browser login. A token comes from the Account page: ${server}/#/account.
  let token =
    values.token === "-"
      ? await askSecret(
          process.stdin.isTTY ? `API token (create one on ${server}/#/account): ` : "",
        )
      : values.token;
  if (token === "") throw new CliError("no token on stdin: pipe one in, or pass --token", 2);
  // Nothing piped (e.g. stdin is /dev/null): fall through to the browser login.
  if (token === undefined && !process.stdin.isTTY) token = (await askSecret("")) || undefined;
  if (token !== undefined && !TOKEN_SHAPE.test(token))
    throw new CliError(
      "that is not an API token (it must be the whole token from the Account page, one line without spaces): nothing was saved",
      2,
    );
  if (plainHttpElsewhere(server))
    console.error(
      `pydojo login: warning: ${server} is plain http to another machine: your token and your code travel unencrypted and can be read on the way. Use its https:// address if it has one`,
    );
  token ??= await deviceLogin(server, !values["no-browser"]);
  const me = await call(server, () => clientFor(server, token).me());
  const file = await writeUserConfig({ server, token });
  if (values.json) console.log(JSON.stringify({ server, user: me.user, config: file }));
  else
    console.log(
      `Logged in to ${server} as ${clean(me.user.displayName)} <${clean(me.user.email)}>. Token for ${server} saved in ${file}.`,
    );
  return 0;
}

export async function runLogout(): Promise<number> {
  const { server } = await readUserConfig();
  await removeToken();
  console.log(
    `Logged out of ${server}: the token was removed from ${configPath()}. (It still works until you revoke it on the Account page: ${server}/#/account.)`,
  );
  return 0;
}

export async function runWhoami(args: string[]): Promise<number> {
  const { values } = parse(args, { json: { type: "boolean" } });
  const { client, config } = await connect();
  const me = await call(config.server, () => client.me());
  if (values.json) console.log(JSON.stringify({ server: config.server, user: me.user }));
  else
    console.log(
      `${clean(me.user.displayName)} <${clean(me.user.email)}> (${clean(me.user.role)}) on ${config.server}`,
    );
  return 0;
}

/** True for an `http://` address whose host is not this machine (loopback stays quiet). */
export function plainHttpElsewhere(server: string): boolean {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return false;
  }
  if (url.protocol !== "http:") return false;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return !(
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127\./.test(host) ||
    host === "::1"
  );
}
