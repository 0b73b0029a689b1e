/**
 * `pydojo admin create --email E [--name N]`: creates the first admin (password from a prompt or
 * stdin); `pydojo admin backup|restore <file>`: the SQLite database, online and checked;
 * `pydojo admin users|role|reset-password`: see admin-users-command.ts.
 */
import path from "node:path";
import { createInterface } from "node:readline/promises";
import { Accounts, signupSchema } from "../server/accounts.js";
import { HttpError } from "../server/errors.js";
import { adminConfig } from "./admin-config.js";
import { ADMIN_USERS_USAGE, runAdminUsers } from "./admin-users-command.js";
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

const ADMIN_USAGE =
  "usage: pydojo admin create --email you@example.com [--name 'Your Name'] [--data-dir D]\n" +
  "       pydojo admin backup <file> [--data-dir D] [--force]\n" +
  "       pydojo admin restore <file> [--data-dir D] [--force]   (with the server stopped)\n" +
  ADMIN_USERS_USAGE;

export async function runAdmin(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "backup" || sub === "restore") return runBackup(sub, rest);
  if (sub === "users" || sub === "role" || sub === "reset-password")
    return runAdminUsers(sub, rest);
  if (sub !== "create") throw new UsageError(ADMIN_USAGE);
  const { values } = parse(rest, {
    email: { type: "string" },
    name: { type: "string" },
    "data-dir": { type: "string" },
  });
  if (!values.email) throw new UsageError("--email is required");
  const config = adminConfig(values["data-dir"]);
  if (!config) return 2;
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

/** `pydojo admin backup <file>` and `pydojo admin restore <file>` (SQLite; see sqlite-backup.ts). */
async function runBackup(sub: "backup" | "restore", args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    "data-dir": { type: "string" },
    force: { type: "boolean" },
  });
  if (positionals.length !== 1) throw new UsageError(ADMIN_USAGE);
  const file = path.resolve(positionals[0]!);
  const config = adminConfig(values["data-dir"]);
  if (!config) return 2;
  if (config.databaseUrl) {
    console.error(
      sub === "backup"
        ? 'pydojo admin: DATABASE_URL is PostgreSQL: back it up with pg_dump --format=custom --file=pydojo.dump "$DATABASE_URL" (see docs/deployment.md)'
        : 'pydojo admin: DATABASE_URL is PostgreSQL: restore with pg_restore --clean --if-exists --dbname="$DATABASE_URL" pydojo.dump (see docs/deployment.md)',
    );
    return 2;
  }
  const { backupSqlite, restoreSqlite, BackupError } = await import("../app/sqlite-backup.js");
  const database = path.join(config.dataDir, "pydojo.sqlite");
  const say = (s: { bytes: number; schemaVersion: number; users: number; submissions: number }) =>
    `${(s.bytes / 1e6).toFixed(2)} MB, schema version ${s.schemaVersion}, ${s.users} users, ${s.submissions} submissions`;
  try {
    if (sub === "backup") {
      let shown = -1;
      const summary = await backupSqlite(database, file, {
        force: values.force === true,
        onProgress(done, total) {
          const percent = total ? Math.floor((done / total) * 100) : 100;
          if (process.stderr.isTTY && percent !== shown) {
            shown = percent;
            process.stderr.write(`\rbacking up… ${percent}%`);
          }
        },
      });
      if (process.stderr.isTTY) process.stderr.write("\r");
      console.log(`Backed up ${database} to ${file} (${say(summary)}).`);
    } else {
      const { summary, kept } = restoreSqlite(file, database, { force: values.force === true });
      console.log(`Restored ${file} to ${database} (${say(summary)}).`);
      if (kept) console.log(`The database it replaced is kept as ${kept}.`);
    }
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      console.error(`pydojo admin ${sub}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
