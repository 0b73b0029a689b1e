/**
 * The course format: course.json orders modules, module.json orders lessons and exercises,
 * lessons are Markdown with front matter. Pure: schemas and parsing, no file access.
 */
import { z } from "zod";

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase words joined by '-'");

export const courseSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  description: z.string().min(1),
  /** Module folder names, in order. */
  modules: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1),
});
export type Course = z.infer<typeof courseSchema>;

export const moduleItemSchema = z.union([
  z.strictObject({ lesson: slug }),
  z.strictObject({ exercise: slug, capstone: z.boolean().optional() }),
  /** A project (docs/course-format.md, "Projects"): `projects/<slug>/project.json`. */
  z.strictObject({ project: slug }),
]);
export type ModuleItem = z.infer<typeof moduleItemSchema>;

export const moduleSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  summary: z.string().min(1),
  items: z.array(moduleItemSchema).min(1),
});
export type CourseModule = z.infer<typeof moduleSchema>;

export const lessonMetaSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, "must look like 'course-id/lesson-slug'"),
  title: z.string().min(1),
  minutes: z.number().int().min(1).max(120),
  concepts: z.array(slug).default([]),
});
export type LessonMeta = z.infer<typeof lessonMetaSchema>;

/** Splits `---\nkey: value\n---\nbody`; values are strings, integers or `[a, b]` lists. */
export function parseFrontMatter(
  text: string,
): { data: Record<string, unknown>; body: string } | null {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return null;
  const data: Record<string, unknown> = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const sep = line.indexOf(":");
    if (sep < 0) continue;
    const key = line.slice(0, sep).trim();
    const raw = line.slice(sep + 1).trim();
    data[key] = parseValue(raw);
  }
  return { data, body: text.slice(match[0].length) };
}

function parseValue(raw: string): unknown {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  if (raw.startsWith("[") && raw.endsWith("]")) {
    const inner = raw.slice(1, -1).trim();
    return inner ? inner.split(",").map((v) => unquote(v.trim())) : [];
  }
  return unquote(raw);
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

/** A runnable snippet of a lesson: ```python run (or ```python run error). */
export interface Snippet {
  code: string;
  /** The snippet demonstrates an error on purpose. */
  expectsError: boolean;
  line: number;
}

export function runnableSnippets(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  const fence = /^```python run( error)?[ \t]*\r?\n([\s\S]*?)^```[ \t]*$/gm;
  for (const match of markdown.matchAll(fence)) {
    const line = markdown.slice(0, match.index).split("\n").length;
    snippets.push({ code: match[2]!, expectsError: Boolean(match[1]), line });
  }
  return snippets;
}
