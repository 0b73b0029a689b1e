/** `pydojo serve [--port N] [--host H] [--data-dir D] [--services api,worker]` and `pydojo worker`. */
import { CourseFormatError } from "../content/course-loader.js";
import { ConfigError, loadConfig } from "../server/config.js";
import { packageRoot } from "../runners/paths.js";
import { RunnerUnavailableError } from "../runners/runner.js";
import { DatabaseTooNewError } from "../storage/migration.js";
import { parse } from "./args.js";

export async function runServe(args: string[], forceServices?: string): Promise<number> {
  const { values } = parse(args, {
    port: { type: "string", short: "p" },
    host: { type: "string" },
    "data-dir": { type: "string" },
    services: { type: "string" },
    runner: { type: "string" },
  });
  let config;
  try {
    config = loadConfig(
      process.env,
      {
        port: values.port,
        host: values.host,
        dataDir: values["data-dir"],
        services: forceServices ?? values.services,
        runner: values.runner,
      },
      packageRoot(),
    );
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`pydojo: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const { startServices } = await import("../server/compose.js");
  let running;
  try {
    running = await startServices(config);
  } catch (error) {
    if (error instanceof RunnerUnavailableError) {
      console.error(
        `pydojo: cannot grade submissions: ${error.message}\nSet PYDOJO_RUNNER=local to grade with your own Python on a single-user machine (never on a shared server).`,
      );
      return 3;
    }
    if (error instanceof CourseFormatError) {
      console.error(
        `pydojo: the content in ${config.contentDir} is invalid; fix it (pydojo check ${config.contentDir} shows the details):\n${error.message}`,
      );
      return 2;
    }
    if (error instanceof DatabaseTooNewError) {
      console.error(`pydojo: ${error.message}`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      console.error(`pydojo: port ${config.port} is in use: choose another with --port or PORT`);
      return 2;
    }
    throw error;
  }
  const where = config.databaseUrl ? "PostgreSQL" : `SQLite in ${config.dataDir}`;
  if (running.url)
    console.log(
      `PyDojo is running at ${running.url}  (${where}; services: ${config.services.join(", ")}; runner: ${config.runner})`,
    );
  else
    console.log(
      `PyDojo grading worker started (${where}; runner: ${config.runner}, ${config.workerConcurrency} at a time)`,
    );
  console.log("Press Ctrl+C to stop.");
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  console.log("Stopping...");
  await running.close();
  return 0;
}
