/** The CLI's connection to the server: a client from the saved config, and errors a user can act on. */
import { ApiError, PydojoClient } from "../client/api-client.js";
import { CliError } from "./errors.js";
import { guardedFetch } from "./http-guard.js";
import { brief } from "./sanitize.js";
import { readUserConfig, type UserConfig } from "./user-config.js";

export { CliError } from "./errors.js";

export async function connect(
  options: { server?: string; needToken?: boolean } = {},
): Promise<{ client: PydojoClient; config: UserConfig }> {
  const config = await readUserConfig();
  const server = options.server ?? config.server;
  if (options.needToken !== false && !config.token) {
    throw new CliError(
      "not logged in: run 'pydojo login' (it shows a code and opens the website to approve this computer)",
    );
  }
  // The token goes only to the server it was saved for, never to one a folder names.
  if (config.token && !sameOrigin(server, config.server)) {
    throw new CliError(
      `this folder belongs to the server ${server}, but your token is for ${config.server}: pydojo sends a token only to the server it was saved for. Run 'pydojo login --server ${server}' to work with that server`,
    );
  }
  return {
    client: clientFor(server, config.token ?? undefined),
    config: { ...config, server },
  };
}

/** A client whose requests go through the guard (no redirects, bounded size and time). */
export function clientFor(server: string, token?: string): PydojoClient {
  return new PydojoClient({ baseUrl: server, token, fetch: guardedFetch(server) });
}

/** True when two server addresses are the same origin (scheme, host and port). */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** Runs an API call and turns failures into messages that say what to do. */
export async function call<T>(server: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.code === "invalid_token")
        throw new CliError(
          "your API token was revoked or has expired: create a new one on the website and run 'pydojo login'",
        );
      if (error.status === 401) throw new CliError("not logged in: run 'pydojo login'");
      if (error.status === 429 || error.status === 503) {
        throw new CliError(
          `the server is busy (${brief(error.message, 200)}); try again${error.retryAfter ? ` in ${error.retryAfter} s` : " shortly"}`,
        );
      }
      throw new CliError(brief(error.message));
    }
    const cause = (error as { cause?: { code?: string } }).cause;
    if (
      error instanceof TypeError &&
      (cause?.code === "ECONNREFUSED" ||
        cause?.code === "ENOTFOUND" ||
        /fetch failed/.test(error.message))
    ) {
      throw new CliError(
        `cannot reach the PyDojo server at ${server}${cause?.code ? ` (${cause.code})` : ""}: is it running? Use 'pydojo login --server URL' to point at another one`,
      );
    }
    throw error;
  }
}
