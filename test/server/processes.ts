/** Running the real CLI as child processes in tests: free ports and waiting for readiness. */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

export const BIN = path.resolve(import.meta.dirname, "../../bin/pydojo.js");

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `pydojo <args>` and resolves once its stdout contains `ready`. */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: string,
  children: ChildProcess[],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes(ready)) resolve(child);
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`pydojo ${args[0]} exited (${code}): ${out}`)));
  });
}

/** fetch with a jar of one cookie, for a session-based client in Node. */
export function cookieFetch(): typeof fetch {
  let cookie = "";
  return async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (cookie) headers.set("cookie", cookie);
    const res = await fetch(input, { ...init, headers });
    const set = res.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0]!;
    return res;
  };
}
