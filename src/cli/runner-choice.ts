/** Resolves --runner (and the default) into a Runner, with messages a user can act on. */
import { runnerNameSchema, type RunnerName } from "../core/result.js";
import { CLI_RUNNERS, createRunner } from "../runners/create-runner.js";
import { RunnerUnavailableError, type Runner } from "../runners/runner.js";
import { UsageError } from "./args.js";

export async function chooseRunner(
  requested: string | undefined,
  python?: string,
  prestart = 1,
): Promise<Runner> {
  if (requested !== undefined) {
    const parsed = runnerNameSchema.safeParse(requested);
    if (!parsed.success || !(CLI_RUNNERS as readonly string[]).includes(requested)) {
      throw new UsageError(
        `unknown runner '${requested}': choose one of ${CLI_RUNNERS.join(", ")}`,
      );
    }
    return createRunner(parsed.data as RunnerName, { python, prestart });
  }
  try {
    return await createRunner("sandbox", { prestart });
  } catch (error) {
    if (!(error instanceof RunnerUnavailableError)) throw error;
    process.stderr.write(
      `note: ${error.message}\nnote: using the local runner (your own Python).\n`,
    );
    return createRunner("local", { python, prestart });
  }
}
