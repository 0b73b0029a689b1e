/**
 * `pydojo sync`: drafts both ways. Local edits go up as the server's draft; drafts changed in the
 * browser come down; when both changed, the learner's file stays and the server's version is
 * written beside it (`x.server.py`), so nothing anyone wrote is lost. While such a copy exists,
 * sync refuses to upload (unless --force), so a second sync cannot silently overwrite the
 * website's version.
 */
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { ApiError, type ApiDraft, type ApiFile, type PydojoClient } from "../client/api-client.js";
import { parse } from "./args.js";
import {
  besideName,
  readFiles,
  readState,
  sha256,
  STATE_FILE,
  writeFileIn,
  writeState,
  type ExerciseState,
} from "./exercise-folder.js";
import { call, connect } from "./remote.js";
import { EXERCISE_LIMITS, existsInside, removeInside, RefusedError, show } from "./safe-fs.js";
import { clean } from "./sanitize.js";

type SyncAction = "up-to-date" | "uploaded" | "downloaded" | "conflict" | "unresolved";

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
      // Dirent.isDirectory() is false for links: sync never walks into a linked folder.
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

/** A draft from the server may only hold this exercise's solution files, as text of sane size. */
function checkDraft(draft: ApiDraft, state: ExerciseState, server: string): ApiDraft {
  const source = `the server ${server} (draft of ${state.id})`;
  if (!Array.isArray(draft.files) || !Number.isInteger(draft.version) || draft.version < 0)
    throw new RefusedError(`${source} sent a malformed draft`);
  for (const f of draft.files) {
    if (!state.solutionFiles.includes(f?.path))
      throw new RefusedError(
        `refused file name ${show(f?.path)} from ${source}: it is not one of the exercise's solution files (${state.solutionFiles.join(", ")}); nothing was written`,
      );
    if (typeof f.content !== "string" || Buffer.byteLength(f.content) > EXERCISE_LIMITS.fileBytes)
      throw new RefusedError(`refused ${show(f.path)} from ${source}: not text, or too large`);
  }
  return draft;
}

const sameFiles = (a: ApiFile[], b: ApiFile[]) =>
  a.length === b.length &&
  a.every((f) => b.some((g) => g.path === f.path && g.content === f.content));

async function syncOne(
  client: PydojoClient,
  server: string,
  root: string,
  force: boolean,
): Promise<{ id: string; action: SyncAction; files: string[] }> {
  const state = await readState(root);
  const copies: string[] = [];
  for (const name of state.solutionFiles)
    if (await existsInside(root, besideName(name))) copies.push(besideName(name));
  if (copies.length && !force) return { id: state.id, action: "unresolved", files: copies };
  const local = await readFiles(root, state.solutionFiles);
  const localChanged = local.some((f) => sha256(f.content) !== state.baseHashes[f.path]);
  const fetched = await serverDraft(client, server, state.id);
  const draft = fetched ? checkDraft(fetched, state, server) : null;
  const serverVersion = draft?.version ?? 0;
  const serverChanged = serverVersion !== state.draftVersion;
  const remember = async (files: ApiFile[], version: number) => {
    for (const f of files) state.baseHashes[f.path] = sha256(f.content);
    state.draftVersion = version;
    await writeState(root, state);
  };
  if (!serverChanged && !localChanged && !force)
    return { id: state.id, action: "up-to-date", files: [] };
  if (!force && serverChanged && draft && localChanged && !sameFiles(local, draft.files)) {
    const written: string[] = [];
    for (const f of draft.files) {
      const mine = local.find((l) => l.path === f.path);
      if (mine && mine.content === f.content) continue;
      await writeFileIn(root, besideName(f.path), f.content);
      written.push(besideName(f.path));
    }
    // The next sync (after the .server copies are merged and deleted) uploads the learner's files.
    state.draftVersion = serverVersion;
    await writeState(root, state);
    return { id: state.id, action: "conflict", files: written };
  }
  if (!force && serverChanged && draft && !localChanged) {
    for (const f of draft.files) await writeFileIn(root, f.path, f.content);
    await remember(draft.files, serverVersion);
    return { id: state.id, action: "downloaded", files: draft.files.map((f) => f.path) };
  }
  const saved = await call(server, () => client.saveDraft(state.id, local, serverVersion));
  await remember(local, saved.version);
  for (const copy of copies) await removeInside(root, copy);
  return { id: state.id, action: "uploaded", files: local.map((f) => f.path) };
}

export async function runSync(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: "boolean" },
    force: { type: "boolean" },
  });
  const { client, config } = await connect();
  const roots = await exerciseRoots(positionals[0] ?? ".");
  const results = [];
  for (const root of roots)
    results.push({
      ...(await syncOne(client, config.server, root, Boolean(values.force))),
      dir: path.relative(process.cwd(), root) || ".",
    });
  const failed = results.some((r) => r.action === "conflict" || r.action === "unresolved");
  if (values.json) {
    console.log(JSON.stringify({ synced: results }, null, 2));
    return failed ? 1 : 0;
  }
  if (results.length === 0)
    console.log("No pulled exercises here: run 'pydojo pull <exercise>' first.");
  for (const r of results) {
    const dir = r.dir === "." ? "" : `${r.dir}/`;
    const pairs = r.files.map(
      (copy) => `${dir}${copy.replace(/\.server(\.[^./]*)?$/, "$1")} with ${dir}${copy}`,
    );
    const ext = path.extname(r.files[0] ?? "");
    const merge = `merge ${pairs.join(", ")} and delete the .server${ext} copy`;
    const detail = {
      "up-to-date": "up to date",
      uploaded: `uploaded ${r.files.join(", ")} to your draft`,
      downloaded: `downloaded your draft from the website into ${r.files.join(", ")}`,
      conflict: `changed here and on the website: kept your files, wrote the website's version to ${r.files.join(", ")}; ${merge}, then sync again`,
      unresolved: `not synced: ${merge}, or run \`pydojo sync --force\` to keep yours`,
    }[r.action];
    (r.action === "unresolved" ? console.error : console.log)(clean(`${r.id}: ${detail}`));
  }
  return failed ? 1 : 0;
}
