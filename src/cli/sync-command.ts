/**
 * `pydojo sync`: drafts both ways. Local edits go up as the server's draft; drafts changed in the
 * browser come down; when both changed, the learner's file stays and the server's version is
 * written beside it (`x.server.py`), so nothing anyone wrote is lost.
 */
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { ApiError, type ApiFile, type PydojoClient } from "../client/api-client.js";
import { parse } from "./args.js";
import {
  besideName,
  readFiles,
  readState,
  sha256,
  STATE_FILE,
  writeFileIn,
  writeState,
} from "./exercise-folder.js";
import { call, connect } from "./remote.js";

type SyncAction = "up-to-date" | "uploaded" | "downloaded" | "conflict";

async function exerciseRoots(start: string): Promise<string[]> {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, STATE_FILE))) return [dir];
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const found: string[] = [];
  async function walk(d: string, depth: number) {
    if (existsSync(path.join(d, STATE_FILE))) {
      found.push(d);
      return;
    }
    if (depth > 4) return;
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules")
        await walk(path.join(d, e.name), depth + 1);
    }
  }
  await walk(path.resolve(start), 0);
  return found.sort();
}

async function serverDraft(client: PydojoClient, server: string, id: string) {
  try {
    return await client.draft(id);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    return call(server, () => Promise.reject(error));
  }
}

const sameFiles = (a: ApiFile[], b: ApiFile[]) =>
  a.length === b.length &&
  a.every((f) => b.some((g) => g.path === f.path && g.content === f.content));

async function syncOne(
  client: PydojoClient,
  server: string,
  root: string,
): Promise<{ id: string; action: SyncAction; files: string[] }> {
  const state = await readState(root);
  const local = await readFiles(root, state.solutionFiles);
  const localChanged = local.some((f) => sha256(f.content) !== state.baseHashes[f.path]);
  const draft = await serverDraft(client, server, state.id);
  const serverVersion = draft?.version ?? 0;
  const serverChanged = serverVersion !== state.draftVersion;
  const remember = async (files: ApiFile[], version: number) => {
    for (const f of files) state.baseHashes[f.path] = sha256(f.content);
    state.draftVersion = version;
    await writeState(root, state);
  };
  if (!serverChanged && !localChanged) return { id: state.id, action: "up-to-date", files: [] };
  if (serverChanged && draft && localChanged && !sameFiles(local, draft.files)) {
    const written: string[] = [];
    for (const f of draft.files) {
      const mine = local.find((l) => l.path === f.path);
      if (mine && mine.content === f.content) continue;
      await writeFileIn(root, besideName(f.path), f.content);
      written.push(besideName(f.path));
    }
    // The next sync uploads the learner's files over this server version, which is kept on disk.
    state.draftVersion = serverVersion;
    await writeState(root, state);
    return { id: state.id, action: "conflict", files: written };
  }
  if (serverChanged && draft && !localChanged) {
    for (const f of draft.files) await writeFileIn(root, f.path, f.content);
    await remember(draft.files, serverVersion);
    return { id: state.id, action: "downloaded", files: draft.files.map((f) => f.path) };
  }
  const saved = await call(server, () => client.saveDraft(state.id, local, serverVersion));
  await remember(local, saved.version);
  return { id: state.id, action: "uploaded", files: local.map((f) => f.path) };
}

export async function runSync(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
  const { client, config } = await connect();
  const roots = await exerciseRoots(positionals[0] ?? ".");
  const results = [];
  for (const root of roots)
    results.push({
      ...(await syncOne(client, config.server, root)),
      dir: path.relative(process.cwd(), root) || ".",
    });
  if (values.json) {
    console.log(JSON.stringify({ synced: results }, null, 2));
    return 0;
  }
  if (results.length === 0)
    console.log("No pulled exercises here: run 'pydojo pull <exercise>' first.");
  for (const r of results) {
    const detail = {
      "up-to-date": "up to date",
      uploaded: `uploaded ${r.files.join(", ")} to your draft`,
      downloaded: `downloaded your draft from the website into ${r.files.join(", ")}`,
      conflict: `changed here and on the website: kept your files, wrote the website's version to ${r.files.join(", ")}; merge, then sync again`,
    }[r.action];
    console.log(`${r.id}: ${detail}`);
  }
  return 0;
}
