/**
 * The exercise's test files as the judge compiles them (asserts rewritten), made once per
 * distinct file by a compile-only run and sent with later grades of the same file, so a grade
 * does not parse, rewrite and compile its tests again (about 10 ms of a 50 ms grade; decision
 * 0012). Only a learner-free run makes them: a fresh judge that is sent the test files alone,
 * never a grade's judge, and never a write-the-tests run, whose tests are the learner's.
 * Kept in memory, keyed by the file's path and text, least recently used first out.
 */
import { createHash } from "node:crypto";
import type { HarnessTestFile } from "./runner.js";

interface Entry {
  code: string;
  magic: string;
}

const MAX_BYTES = 32 * 1024 * 1024;
const MAX_CODE_CHARS = 8 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAGIC = /^[0-9a-f]{8}$/;

function keyOf(file: { path: string; source: string }): string {
  return createHash("sha256").update(file.path).update("\0").update(file.source).digest("hex");
}

export class CompiledTests {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<void>>();
  private bytes = 0;
  /** Grades' test files sent with their code, and sent without it (for the benches and tests). */
  hits = 0;
  misses = 0;

  get size(): number {
    return this.entries.size;
  }

  /**
   * Adds the code of each file this cache holds to the file (in place), and returns the Python
   * files it does not hold and no compile-only run is making yet.
   */
  attach(files: HarnessTestFile[]): HarnessTestFile[] {
    const missing: HarnessTestFile[] = [];
    for (const file of files) {
      if (!file.path.endsWith(".py")) continue;
      const key = keyOf(file);
      const entry = this.entries.get(key);
      if (entry) {
        this.entries.delete(key); // most recently used last
        this.entries.set(key, entry);
        file.code = entry.code;
        file.magic = entry.magic;
        this.hits += 1;
      } else {
        this.misses += 1;
        if (!this.pending.has(key)) missing.push({ path: file.path, source: file.source });
      }
    }
    return missing;
  }

  /**
   * Runs `compile` (a compile-only run of these files) once for them, and keeps what its reply
   * holds for them. A run that fails leaves nothing: the grades compile as before.
   */
  fill(files: HarnessTestFile[], compile: (files: HarnessTestFile[]) => Promise<unknown>): void {
    const keys = files.map(keyOf);
    const run = compile(files)
      .then((reply) => this.keep(files, reply))
      .catch(() => {
        /* the grades compile their tests themselves */
      })
      .finally(() => {
        for (const key of keys) this.pending.delete(key);
      });
    for (const key of keys) this.pending.set(key, run);
  }

  /** Resolves when no compile-only run is under way (for the tests and benches). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending.values());
  }

  private keep(files: HarnessTestFile[], reply: unknown): void {
    const { compiled, magic } = (reply ?? {}) as { compiled?: unknown; magic?: unknown };
    if (!Array.isArray(compiled) || typeof magic !== "string" || !MAGIC.test(magic)) return;
    const asked = new Map(files.map((f) => [f.path, f]));
    for (const item of compiled as { path?: unknown; code?: unknown }[]) {
      const file = typeof item?.path === "string" ? asked.get(item.path) : undefined;
      const code = item?.code;
      if (!file || typeof code !== "string" || code.length > MAX_CODE_CHARS || !BASE64.test(code))
        continue;
      const key = keyOf(file);
      if (this.entries.has(key)) continue;
      this.entries.set(key, { code, magic });
      this.bytes += code.length;
    }
    for (const [key, entry] of this.entries) {
      if (this.bytes <= MAX_BYTES) break;
      this.entries.delete(key);
      this.bytes -= entry.code.length;
    }
  }
}
