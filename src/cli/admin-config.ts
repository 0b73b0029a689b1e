/** The server's configuration for the admin commands, which act on this machine's database. */
import { ConfigError, loadConfig, type ServerConfig } from "../server/config.js";
import { packageRoot } from "../runners/paths.js";

/** The configuration with `--data-dir` applied; null (after saying why) when it is invalid. */
export function adminConfig(dataDir: string | undefined): ServerConfig | null {
  try {
    return loadConfig(process.env, { dataDir }, packageRoot());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`pydojo: ${error.message}`);
      return null;
    }
    throw error;
  }
}
