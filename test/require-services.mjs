// Runs before the Vitest suites: the storage and scale-out tests need a real PostgreSQL, the
// shared rate-limit tests a real Redis. Starts Debian's own servers when they are installed but
// stopped; otherwise says in one line what to do, instead of a wall of connection errors.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import net from "node:net";
import { setTimeout } from "node:timers/promises";
import { URL } from "node:url";
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

const redisUrl = new URL(process.env.PYDOJO_TEST_REDIS_URL ?? "redis://127.0.0.1:6379");

function redisAnswers() {
  return new Promise((resolve) => {
    const socket = net.connect(Number(redisUrl.port || 6379), redisUrl.hostname);
    socket.setTimeout(3000);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

if (!(await redisAnswers())) {
  try {
    execFileSync(
      "redis-server",
      [
        "--daemonize",
        "yes",
        "--bind",
        "127.0.0.1",
        "--port",
        String(redisUrl.port || 6379),
        "--save",
        "",
        "--appendonly",
        "no",
      ],
      { stdio: "ignore" },
    );
    await setTimeout(500);
  } catch {
    /* not installed */
  }
  if (!(await redisAnswers())) {
    console.error(
      `npm test needs Redis at ${redisUrl.href}: start one (Debian: apt-get install redis-server, then redis-server --daemonize yes) or set PYDOJO_TEST_REDIS_URL to one you have.`,
    );
    process.exit(1);
  }
  console.log(`npm test: started a local Redis for ${redisUrl.href}`);
}
