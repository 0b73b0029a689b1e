// Runs before the Vitest suites: the storage and scale-out tests need a real PostgreSQL.
// Says in one line what to do when there is none, instead of a wall of connection errors.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import pg from "pg";

const url = process.env.PYDOJO_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function reachable() {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Debian's own cluster, installed but stopped: start it (as root, the way CI runs). */
function startDebianCluster() {
  if (process.getuid?.() !== 0 || !existsSync("/etc/postgresql")) return false;
  try {
    for (const version of readdirSync("/etc/postgresql")) {
      execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], {
        stdio: "ignore",
      });
    }
    return true;
  } catch {
    return false;
  }
}

if (!(await reachable())) {
  if (!(startDebianCluster() && (await reachable()))) {
    console.error(
      `npm test needs PostgreSQL at ${url}: start one (Debian: apt-get install postgresql, then pg_ctlcluster 15 main start; trust auth and a database named test) or set PYDOJO_TEST_DATABASE_URL to one you have.`,
    );
    process.exit(1);
  }
  console.log(`npm test: started the local PostgreSQL cluster for ${url}`);
}
