/** `pydojo login | logout | whoami` */
import { createInterface } from "node:readline";
import { PydojoClient } from "../client/api-client.js";
import { parse } from "./args.js";
import { call, CliError, connect } from "./remote.js";
import { configPath, readUserConfig, removeToken, writeUserConfig } from "./user-config.js";

/** Asks for a secret without echoing it on a terminal (raw mode); reads a line when piped. */
function askSecret(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    process.stderr.write(question);
    return new Promise((resolve) => {
      const rl = createInterface({ input });
      rl.once("line", (line) => {
        rl.close();
        resolve(line.trim());
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

export async function runLogin(args: string[]): Promise<number> {
  const { values } = parse(args, {
    server: { type: "string" },
    token: { type: "string" },
    json: { type: "boolean" },
  });
  const saved = await readUserConfig();
  const server = (values.server ?? saved.server).replace(/\/+$/, "");
  const token =
    values.token ??
    (await askSecret(`API token (create one on ${server} under Account → API tokens): `));
  if (!token) throw new CliError("no token given: pass --token or paste it at the prompt", 2);
  const me = await call(server, () => new PydojoClient({ baseUrl: server, token }).me());
  const file = await writeUserConfig({ server, token });
  if (values.json) console.log(JSON.stringify({ server, user: me.user }));
  else
    console.log(
      `Logged in to ${server} as ${me.user.displayName} <${me.user.email}>. Token saved in ${file}.`,
    );
  return 0;
}

export async function runLogout(): Promise<number> {
  await removeToken();
  console.log(
    `Logged out: the token was removed from ${configPath()}. (It still works until you revoke it on the website.)`,
  );
  return 0;
}

export async function runWhoami(args: string[]): Promise<number> {
  const { values } = parse(args, { json: { type: "boolean" } });
  const { client, config } = await connect();
  const me = await call(config.server, () => client.me());
  if (values.json) console.log(JSON.stringify({ server: config.server, user: me.user }));
  else
    console.log(`${me.user.displayName} <${me.user.email}> (${me.user.role}) on ${config.server}`);
  return 0;
}
