/** Picks a runner adapter by name; heavy ones (Pyodide) are imported only when asked for. */
import type { RunnerName } from "../core/result.js";
import { LocalRunner } from "./local-runner.js";
import type { Runner } from "./runner.js";
import { SandboxRunner } from "./sandbox-runner.js";

export const CLI_RUNNERS = ["sandbox", "local", "pyodide"] as const;

/** `prestart`: processes started ahead of time for the next grades (0 for a single grade). */
export async function createRunner(
  name: RunnerName,
  options: { python?: string; prestart?: number } = {},
): Promise<Runner> {
  switch (name) {
    case "sandbox":
      return new SandboxRunner({ prestart: options.prestart });
    case "local":
      return new LocalRunner(options);
    case "pyodide": {
      const { PyodideRunner } = await import("./pyodide/pyodide-runner.js");
      return new PyodideRunner();
    }
    case "browser":
      throw new Error("the browser runner runs in the web app, not here");
  }
}
