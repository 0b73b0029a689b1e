/** The CLI's own settings: server URL and API token, in $XDG_CONFIG_HOME/pydojo/config.json (mode 0600). */
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
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

export async function writeUserConfig(config: UserConfig): Promise<string> {
  const file = configPath();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, JSON.stringify(config, null, 2) + "\n", { mode: 0o600 });
  await chmod(file, 0o600); // also when the file already existed with looser permissions
  return file;
}

export async function removeToken(): Promise<void> {
  const config = await readUserConfig();
  if (config.token === null) return;
  await writeUserConfig({ ...config, token: null });
}

export async function removeUserConfig(): Promise<void> {
  await rm(configPath(), { force: true });
}
