/** `pydojo admin create --email E [--name N]`: creates the first admin (password from a prompt or stdin). */
import { createInterface } from "node:readline/promises";
import { Accounts, signupSchema } from "../server/accounts.js";
import { ConfigError, loadConfig } from "../server/config.js";
import { HttpError } from "../server/errors.js";
import { packageRoot } from "../runners/paths.js";
import { parse, UsageError } from "./args.js";

async function readPassword(): Promise<string> {
  if (process.env.PYDOJO_ADMIN_PASSWORD) return process.env.PYDOJO_ADMIN_PASSWORD;
  const rl = createInterface({
    input: process.stdin,
    output: process.stderr,
    terminal: Boolean(process.stdin.isTTY),
  });
  try {
    return (await rl.question("Password (at least 10 characters): ")).trim();
  } finally {
    rl.close();
  }
}

export async function runAdmin(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "create")
    throw new UsageError(
      "usage: pydojo admin create --email you@example.com [--name 'Your Name'] [--data-dir D]",
    );
  const { values } = parse(rest, {
    email: { type: "string" },
    name: { type: "string" },
    "data-dir": { type: "string" },
  });
  if (!values.email) throw new UsageError("--email is required");
  let config;
  try {
    config = loadConfig(process.env, { dataDir: values["data-dir"] }, packageRoot());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`pydojo: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const parsed = signupSchema.safeParse({
    email: values.email,
    password: await readPassword(),
    displayName: values.name ?? "Admin",
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error(`pydojo admin: ${issue.path.join(".")}: ${issue.message}`);
    return 2;
  }
  const { openStorage } = await import("../server/compose.js");
  const { store, queue } = await openStorage(config);
  try {
    const existing = await store.users.byEmail(parsed.data.email);
    if (existing) {
      await store.users.updateRole(existing.id, "admin");
      console.log(`${existing.email} already had an account; it is now an admin.`);
    } else {
      const user = await new Accounts(
        store,
        config.secret,
        config.sessionDays,
        () => new Date(),
      ).createUser(parsed.data, "admin");
      console.log(`Created admin ${user.email}.`);
    }
    return 0;
  } catch (error) {
    if (error instanceof HttpError) {
      console.error(`pydojo admin: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await queue.close();
    await store.close();
  }
}
