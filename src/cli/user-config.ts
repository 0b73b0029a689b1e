/** The CLI's own settings: server URL and API token, in $XDG_CONFIG_HOME/pydojo/config.json (mode 0600). */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { chmod, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export interface UserConfig {
  server: string;
  token: string | null;
}

export const DEFAULT_SERVER = "http://127.0.0.1:3000";

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(base, "pydojo", "config.json");
}

export async function readUserConfig(): Promise<UserConfig> {
  try {
    const data = JSON.parse(await readFile(configPath(), "utf8")) as Partial<UserConfig>;
    return { server: data.server ?? DEFAULT_SERVER, token: data.token ?? null };
  } catch {
    return { server: process.env.PYDOJO_SERVER ?? DEFAULT_SERVER, token: null };
  }
}

/**
 * Writes the config as a new private file (0600, in a 0700 folder) and renames it into place:
 * the token is never written into an existing file, so a link planted where the config lives is
 * replaced, not followed, and a file left readable by others is never reused.
 */
export async function writeUserConfig(config: UserConfig): Promise<string> {
  const file = configPath();
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700); // also when the folder already existed with looser permissions
  const temporary = path.join(dir, `.config.json.${process.pid}.${randomBytes(6).toString("hex")}`);
  const handle = await open(
    temporary,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    await handle.writeFile(JSON.stringify(config, null, 2) + "\n", "utf8");
    await handle.close();
    await rename(temporary, file);
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temporary, { force: true });
    throw error;
  }
  return file;
}

/** What a token may look like: printable ASCII without spaces, of a sane length. */
export const TOKEN_SHAPE = /^[\x21-\x7e]{1,1024}$/;

export async function removeToken(): Promise<void> {
  const config = await readUserConfig();
  if (config.token === null) return;
  await writeUserConfig({ ...config, token: null });
}

export async function removeUserConfig(): Promise<void> {
  await rm(configPath(), { force: true });
}
