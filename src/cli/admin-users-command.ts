/**
 * `pydojo admin users|role|reset-password`: user administration on this machine's database (the
 * data folder's SQLite, or DATABASE_URL), like `admin create`: for whoever runs the server, with
 * no login. Each change writes the audit log as done "via local cli".
 */
import { Administration, ROLES } from "../server/admin.js";
import type { ServerConfig } from "../server/config.js";
import { HttpError } from "../server/errors.js";
import { adminConfig } from "./admin-config.js";
import type { Role, Store } from "../storage/store.js";
import { parse, UsageError } from "./args.js";

export const ADMIN_USERS_USAGE =
  "       pydojo admin users [--q text] [--json] [--data-dir D]\n" +
  `       pydojo admin role <email> <${ROLES.join("|")}> [--data-dir D]\n` +
  "       pydojo admin reset-password <email> [--url https://your.site] [--data-dir D]";

const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "never");

/** Runs `fn` on the configured database; 2 on a configuration or use-case error. */
async function withStore(
  dataDir: string | undefined,
  fn: (store: Store, config: ServerConfig) => Promise<number>,
): Promise<number> {
  const config = adminConfig(dataDir);
  if (!config) return 2;
  const { openStorage } = await import("../server/compose.js");
  const { store, queue, rateLimits } = await openStorage(config);
  try {
    return await fn(store, config);
  } catch (error) {
    if (error instanceof HttpError) {
      console.error(`pydojo admin: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await rateLimits.close();
    await queue.close();
    await store.close();
  }
}

async function userByEmail(store: Store, email: string) {
  const user = await store.users.byEmail(email.trim());
  if (!user) throw new HttpError(404, "not_found", `no user with the email ${email}`);
  return user;
}

export async function runAdminUsers(sub: string, args: string[]): Promise<number> {
  if (sub === "users") {
    const { values, positionals } = parse(args, {
      q: { type: "string" },
      json: { type: "boolean" },
      "data-dir": { type: "string" },
    });
    if (positionals.length > 0) throw new UsageError(ADMIN_USERS_USAGE.trimStart());
    return withStore(values["data-dir"], async (store) => {
      const users = await new Administration(store).listUsers(values.q ?? "", 10_000);
      if (values.json) {
        console.log(JSON.stringify(users, null, 2));
        return 0;
      }
      if (users.length === 0) {
        console.log(values.q ? `No user matches "${values.q}".` : "No users yet.");
        return 0;
      }
      const rows = users.map((u) => [
        u.email,
        u.displayName,
        u.role,
        u.disabledAt ? "disabled" : "active",
        day(u.createdAt),
        day(u.lastActiveAt),
        String(u.xp),
      ]);
      const head = ["EMAIL", "NAME", "ROLE", "STATUS", "JOINED", "LAST ACTIVE", "XP"];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const row of [head, ...rows])
        console.log(
          row
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join("  ")
            .trimEnd(),
        );
      return 0;
    });
  }
  if (sub === "role") {
    const { values, positionals } = parse(args, { "data-dir": { type: "string" } });
    const [email, role] = positionals;
    if (positionals.length !== 2 || !email || !role)
      throw new UsageError(ADMIN_USERS_USAGE.trimStart());
    if (!(ROLES as readonly string[]).includes(role)) {
      console.error(`pydojo admin role: the role must be one of ${ROLES.join(", ")}`);
      return 2;
    }
    return withStore(values["data-dir"], async (store) => {
      const user = await userByEmail(store, email);
      const after = await new Administration(store).updateUser(null, user.id, {
        role: role as Role,
      });
      console.log(
        after.role === user.role
          ? `${after.email} already was ${after.role}.`
          : `${after.email} is now ${after.role} (was ${user.role}).`,
      );
      return 0;
    });
  }
  if (sub === "reset-password") {
    const { values, positionals } = parse(args, {
      url: { type: "string" },
      "data-dir": { type: "string" },
    });
    if (positionals.length !== 1) throw new UsageError(ADMIN_USERS_USAGE.trimStart());
    return withStore(values["data-dir"], async (store, config) => {
      const user = await userByEmail(store, positionals[0]!);
      const origin = (values.url ?? `http://localhost:${config.port}`).replace(/\/+$/, "");
      const link = await new Administration(store).createReset(null, user.id, origin);
      console.log(link.url);
      console.error(
        `One-time link for ${user.email}, valid until ${link.expiresAt} (30 minutes). ` +
          "Give it to them privately; using it signs them out everywhere and revokes their API tokens.",
      );
      return 0;
    });
  }
  throw new UsageError(ADMIN_USERS_USAGE.trimStart());
}
