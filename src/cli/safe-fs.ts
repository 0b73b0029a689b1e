/**
 * What the CLI accepts from a server before it touches the disk, and the only way it reads or
 * writes exercise files: ids and file names are checked against strict patterns, every resolved
 * path must stay inside its folder, and no symbolic link is ever followed (lstat on each folder
 * on the way, then open with O_NOFOLLOW). A server, or a folder someone else prepared, cannot make
 * the CLI write outside the workspace or upload a file the exercise does not name.
 */
import { constants } from "node:fs";
import { lstat, mkdir, open, readdir, unlink } from "node:fs/promises";
import path from "node:path";
import { CliError } from "./errors.js";

/** `course/exercise`: lowercase words joined by '-', at least two segments. */
export const EXERCISE_ID = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)+$/;
const MAX_ID_LENGTH = 120;
/** One segment of a file name: no leading dot (so no `..`, no `.pydojo`, no hidden files). */
const NAME_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const MAX_NAME_LENGTH = 200;
const MAX_NAME_DEPTH = 6;

/** What one exercise may bring: files, bytes per file, bytes in all. */
export const EXERCISE_LIMITS = { files: 64, fileBytes: 256 * 1024, totalBytes: 2 * 1024 * 1024 };

/** Something a server (or a damaged state file) sent that the CLI refuses to act on. */
export class RefusedError extends CliError {
  constructor(message: string) {
    super(message, 1);
    this.name = "RefusedError";
  }
}

/** A short printable rendering of an untrusted value for an error message. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(typeof value === "string" ? value : (value ?? null)) ?? "undefined";
  } catch {
    text = `(${Array.isArray(value) ? "an array" : typeof value} too deeply nested to show)`;
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Names Windows keeps for devices (`CON`, `con.py`, `COM1.txt` open the device, not a file), and
 * a trailing dot, which Windows drops (`add.py.` is `add.py`).
 */
const WINDOWS_DEVICE =
  /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(\.|$)/i;
function aliasProblem(segment: string): string | null {
  if (WINDOWS_DEVICE.test(segment)) return `'${segment}' is a device name on Windows`;
  if (segment.endsWith(".")) return "a name ending in '.' is another file's name on Windows";
  return null;
}

/**
 * Refuses two names that are one file on a case-insensitive disk (macOS, Windows): `add.py` and
 * `ADD.py` would overwrite each other.
 */
export function checkNoAliases(names: readonly string[], source: string): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined && first !== name)
      throw new RefusedError(
        `refused file name ${show(name)} from ${source}: it is the same file as ${show(first)} on a disk that ignores case (macOS, Windows); nothing was written`,
      );
    seen.set(key, name);
  }
}

export function checkExerciseId(id: unknown, source: string): string {
  if (
    typeof id !== "string" ||
    id.length > MAX_ID_LENGTH ||
    !EXERCISE_ID.test(id) ||
    id.split("/").some((segment) => aliasProblem(segment) !== null)
  ) {
    throw new RefusedError(
      `refused exercise id ${show(id)} from ${source}: an id must look like 'course/exercise' (lowercase letters, digits, '-'); nothing was written for it`,
    );
  }
  return id;
}

/**
 * Names Python acts on without being asked: a folder of installed packages, whose `.pth` files
 * run at every start of that interpreter, and the modules `site` imports by itself. Never part
 * of an exercise; refused wherever they would be written (a folder of the learner's that a
 * server named as an exercise's is refused too: `checkFolderIsOurs`).
 */
const PYTHON_STARTUP =
  /^(?:site-packages|dist-packages|.*\.pth|sitecustomize\.py|usercustomize\.py)$/i;

/** A relative file name inside an exercise folder: `a.py`, `pkg/mod.py`; nothing else. */
export function checkFileName(name: unknown, source: string): string {
  const bad = (why: string) =>
    new RefusedError(
      `refused file name ${show(name)} from ${source}: ${why}; nothing was written or read for it`,
    );
  if (typeof name !== "string" || name.length === 0) throw bad("it is not a file name");
  if (name.length > MAX_NAME_LENGTH) throw bad(`it is longer than ${MAX_NAME_LENGTH} characters`);
  if (name.includes("\0")) throw bad("it contains a NUL character");
  if (name.includes("\\")) throw bad("it contains a backslash");
  if (path.posix.isAbsolute(name) || /^[A-Za-z]:/.test(name)) throw bad("it is an absolute path");
  const segments = name.split("/");
  if (segments.includes("..")) throw bad("it climbs out of the exercise folder with '..'");
  if (segments.length > MAX_NAME_DEPTH) throw bad("it is nested too deeply");
  const startup = segments.find((segment) => PYTHON_STARTUP.test(segment));
  if (startup !== undefined)
    throw bad(
      `'${startup}' is a name Python acts on by itself (a site-packages folder, a .pth file or a customize module run at every start), which no exercise needs`,
    );
  for (const segment of segments) {
    if (!NAME_SEGMENT.test(segment))
      throw bad(
        "each part must be letters, digits, '_', '-' or '.', and must not start with '.' or be empty",
      );
    const alias = aliasProblem(segment);
    if (alias) throw bad(alias);
  }
  return name;
}

/** `base/relative`, refusing anything that resolves outside `base`. */
export function resolveInside(base: string, relative: string): string {
  const root = path.resolve(base);
  const target = path.resolve(root, relative);
  if (target === root || !target.startsWith(root + path.sep))
    throw new RefusedError(`refused ${show(relative)}: it resolves outside ${root}`);
  return target;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";
const linkMessage = (where: string) =>
  `${where} is a symbolic link: pydojo never follows links inside an exercise folder. Replace it with a regular file or folder and run the command again`;

/**
 * Checks (and with `create`, makes) each folder between `base` and `relative`'s file, refusing
 * symbolic links and non-folders. Returns the target's absolute path, or null when a folder on
 * the way is missing and `create` is false.
 */
async function walkFolders(
  base: string,
  relative: string,
  create: boolean,
): Promise<string | null> {
  const target = resolveInside(base, relative);
  const parts = path.relative(path.resolve(base), target).split(path.sep).slice(0, -1);
  let dir = path.resolve(base);
  for (const part of parts) {
    dir = path.join(dir, part);
    let info;
    try {
      info = await lstat(dir);
    } catch (error) {
      if (!isMissing(error)) throw error;
      if (!create) return null;
      try {
        await mkdir(dir);
      } catch (mkdirError) {
        if ((mkdirError as NodeJS.ErrnoException).code !== "EEXIST") throw mkdirError;
      }
      info = await lstat(dir);
    }
    if (info.isSymbolicLink()) throw new RefusedError(linkMessage(dir));
    if (!info.isDirectory()) throw new RefusedError(`${dir} is not a folder`);
  }
  return target;
}

const WRITE_FLAGS =
  constants.O_WRONLY |
  constants.O_CREAT |
  constants.O_TRUNC |
  constants.O_NOFOLLOW |
  constants.O_NONBLOCK;
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Writes `base/relative` without following any link on the way or at the end. */
export async function writeInside(base: string, relative: string, content: string): Promise<void> {
  const target = (await walkFolders(base, relative, true))!;
  let handle;
  try {
    handle = await open(target, WRITE_FLAGS, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP" || code === "EMLINK") throw new RefusedError(linkMessage(target));
    if (code === "ENXIO" || code === "EISDIR")
      throw new RefusedError(`${target} is not a regular file`);
    throw error;
  }
  try {
    if (!(await handle.stat()).isFile()) throw new RefusedError(`${target} is not a regular file`);
    await handle.writeFile(content, "utf8");
  } finally {
    await handle.close();
  }
}

/**
 * Reads `base/relative` (UTF-8) without following links; null when it does not exist. Refuses
 * links, non-files and files larger than `maxBytes`.
 */
export async function readInside(
  base: string,
  relative: string,
  maxBytes = EXERCISE_LIMITS.fileBytes,
): Promise<string | null> {
  const target = await walkFolders(base, relative, false);
  if (target === null) return null;
  let handle;
  try {
    handle = await open(target, READ_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "ELOOP" || code === "EMLINK") throw new RefusedError(linkMessage(target));
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new RefusedError(`${target} is not a regular file`);
    if (info.size > maxBytes)
      throw new RefusedError(
        `${target} is larger than ${Math.round(maxBytes / 1024)} KB: pydojo does not read or send files that large`,
      );
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

/** True when `base/relative` exists (as anything, links included), without following links. */
export async function existsInside(base: string, relative: string): Promise<boolean> {
  try {
    await lstat(resolveInside(base, relative));
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** Removes a file inside `base` (never through a link in the folders on the way). */
export async function removeInside(base: string, relative: string): Promise<void> {
  const target = await walkFolders(base, relative, false);
  if (target === null) return;
  try {
    await unlink(target);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

/**
 * Refuses to write an exercise or project into `base/relative` when that folder exists, holds
 * anything, and holds none of `stateFiles` (PyDojo's own record of a folder it made): it is a
 * folder of the learner's (a virtual environment's `venv/lib`, a project of their own) that a
 * server named, and nothing of it may be overwritten, added to or uploaded later.
 */
export async function checkFolderIsOurs(
  base: string,
  relative: string,
  stateFiles: readonly string[],
): Promise<void> {
  const dir = resolveInside(base, relative);
  let info;
  try {
    info = await lstat(dir);
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  if (info.isSymbolicLink()) throw new RefusedError(linkMessage(dir));
  if (!info.isDirectory()) throw new RefusedError(`${dir} is not a folder: nothing was written`);
  for (const state of stateFiles) if (await existsInside(base, `${relative}/${state}`)) return;
  if ((await readdir(dir)).length === 0) return;
  throw new RefusedError(
    `${dir} already exists and pydojo did not make it (it has no .pydojo folder): pydojo never writes into a folder of yours; nothing was written. Move that folder away, or pull into another folder with --dir`,
  );
}
