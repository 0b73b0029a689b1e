/**
 * Listings from a server (the courses, a course's modules and items), checked before the CLI
 * acts on them: the right shapes, and at most so many items, so a server cannot make one
 * `pydojo pull --course` fetch and write thousands of exercises, nor crash a command with a
 * value of the wrong type.
 */
import { z } from "zod";
import type { ApiCourse, PydojoClient } from "../client/api-client.js";
import { call } from "./remote.js";
import { RefusedError } from "./safe-fs.js";

/** The most items (exercises, lessons, projects) pydojo accepts in one course. */
export const MAX_COURSE_ITEMS = 1000;
const MAX_COURSES = 100;

const text = z.string().max(1000);
const itemSchema = z.looseObject({
  type: text,
  id: text,
  title: text,
  locked: z.boolean().optional(),
  state: text.optional(),
  stages: z
    .array(z.looseObject({ state: text }))
    .max(100)
    .optional(),
});
const courseSchema = z.looseObject({
  id: text,
  title: text,
  modules: z
    .array(z.looseObject({ id: text, title: text, items: z.array(itemSchema) }))
    .max(MAX_COURSE_ITEMS),
});
const courseListSchema = z.looseObject({
  courses: z.array(z.looseObject({ id: text })).max(MAX_COURSES),
});

const issueOf = (error: z.ZodError) => {
  const issue = error.issues[0]!;
  return `${issue.path.join(".") || "top level"}: ${issue.message}`;
};

export function checkCourse(raw: unknown, id: string, server: string): ApiCourse {
  const modules = (raw as { modules?: unknown } | null)?.modules;
  if (Array.isArray(modules)) {
    const items = modules.reduce<number>(
      (n, m) => n + (Array.isArray((m as { items?: unknown })?.items) ? m.items.length : 0),
      0,
    );
    if (items > MAX_COURSE_ITEMS)
      throw new RefusedError(
        `the server ${server} sent a course ${id} with ${items} items, more than pydojo accepts (${MAX_COURSE_ITEMS}); nothing was pulled`,
      );
  }
  const parsed = courseSchema.safeParse(raw);
  if (!parsed.success)
    throw new RefusedError(
      `the server ${server} sent a malformed course ${id} (${issueOf(parsed.error)})`,
    );
  return parsed.data as unknown as ApiCourse;
}

export function checkCourseList(raw: unknown, server: string): { courses: { id: string }[] } {
  const parsed = courseListSchema.safeParse(raw);
  if (!parsed.success)
    throw new RefusedError(
      `the server ${server} sent a malformed list of courses (${issueOf(parsed.error)})`,
    );
  return parsed.data;
}

/** GET one course, checked. */
export async function fetchCourse(
  client: PydojoClient,
  server: string,
  id: string,
): Promise<ApiCourse> {
  return checkCourse(await call(server, () => client.course(id)), id, server);
}

/** GET the list of courses, checked. */
export async function fetchCourses(client: PydojoClient, server: string) {
  return checkCourseList(await call(server, () => client.courses()), server);
}

const count = z.number().int().min(0).max(1e12);
const progressSchema = z.looseObject({
  stats: z.looseObject({ xp: count, level: count.optional(), streakDays: count.optional() }),
});

/** GET the learner's progress, checked: its stats are what submit and status print. */
export async function fetchProgress(
  client: PydojoClient,
  server: string,
): Promise<Awaited<ReturnType<PydojoClient["progress"]>>> {
  const raw = await call(server, () => client.progress());
  const parsed = progressSchema.safeParse(raw);
  if (!parsed.success)
    throw new RefusedError(
      `the server ${server} sent malformed progress (${issueOf(parsed.error)})`,
    );
  return raw;
}
