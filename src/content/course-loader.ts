/** Loads a course folder: course.json, each module.json, its lessons and exercises, and
 * checks that they agree (every file listed once, ids match, prerequisites exist). */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import {
  courseSchema,
  lessonMetaSchema,
  moduleSchema,
  parseFrontMatter,
  type Course,
  type CourseModule,
  type LessonMeta,
} from "../core/course.js";
import { issuesFromZod, jsonErrorMessage, type FormatIssue } from "../core/exercise.js";
import { ExerciseFormatError, loadExercise, type LoadedExercise } from "./exercise-loader.js";
import { loadProject, ProjectFormatError, type LoadedProject } from "./project-loader.js";

export interface LoadedLesson {
  slug: string;
  file: string;
  meta: LessonMeta;
  body: string;
  /** Lines of the file before the body (its front matter), so a snippet's line is the file's. */
  bodyOffset: number;
}

export interface LoadedModule {
  folder: string;
  meta: CourseModule;
  lessons: LoadedLesson[];
  exercises: LoadedExercise[];
  projects: LoadedProject[];
}

export interface LoadedCourse {
  dir: string;
  meta: Course;
  modules: LoadedModule[];
}

export class CourseFormatError extends Error {
  constructor(readonly issues: FormatIssue[]) {
    super("invalid course:\n" + issues.map((i) => `  ${i.file}: ${i.field}: ${i.message}`).join("\n"));
    this.name = "CourseFormatError";
  }
}

async function readJson(file: string, rel: string, issues: FormatIssue[]): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    issues.push({ file: rel, field: "(file)", message: (error as Error).message });
    return null;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    issues.push({ file: rel, field: "(root)", message: jsonErrorMessage(text, error) });
    return null;
  }
}

/** The course's subfolders that hold a module.json, by name. */
async function moduleFolders(root: string): Promise<string[]> {
  const names = await listNames(root);
  return names.filter((n) => existsSync(path.join(root, n, "module.json"))).sort();
}

async function listNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !n.startsWith("."));
  } catch {
    return [];
  }
}

async function loadModule(root: string, courseId: string, folder: string, issues: FormatIssue[]): Promise<LoadedModule | null> {
  const rel = `${folder}/module.json`;
  if (!existsSync(path.join(root, folder, "module.json"))) {
    const folders = (await moduleFolders(root)).map((f) => `"${f}"`);
    issues.push({
      file: "course.json",
      field: "modules",
      message: existsSync(path.join(root, folder))
        ? `${folder}/ has no module.json`
        : `no folder ${folder}/ in the course: modules lists folder names${folders.length ? ` (here: ${folders.join(", ")})` : ""}`,
    });
    return null;
  }
  const before = issues.length;
  const json = await readJson(path.join(root, folder, "module.json"), rel, issues);
  if (json === null && issues.length > before) return null; // unreadable or not JSON: said
  const parsed = moduleSchema.safeParse(json);
  if (!parsed.success) {
    issues.push(...issuesFromZod(rel, parsed.error));
    return null;
  }
  const meta = parsed.data;
  const lessons: LoadedLesson[] = [];
  const exercises: LoadedExercise[] = [];
  const projects: LoadedProject[] = [];
  const listedLessons = new Set<string>();
  const listedExercises = new Set<string>();
  const listedProjects = new Set<string>();
  for (const [index, item] of meta.items.entries()) {
    if ("project" in item) {
      listedProjects.add(item.project);
      const at = `${folder}/projects/${item.project}`;
      try {
        projects.push(await loadProject(path.join(root, at), `${courseId}/${item.project}`));
      } catch (error) {
        if (!(error instanceof ProjectFormatError)) throw error;
        issues.push(...error.issues.map((i) => ({ ...i, file: `${at}/${i.file}` })));
      }
    } else if ("lesson" in item) {
      listedLessons.add(item.lesson);
      const file = `${folder}/lessons/${item.lesson}.md`;
      let text: string;
      try {
        text = await readFile(path.join(root, file), "utf8");
      } catch {
        issues.push({ file: rel, field: `items.${index}`, message: `lesson file not found: ${file}` });
        continue;
      }
      const front = parseFrontMatter(text);
      const lessonMeta = lessonMetaSchema.safeParse(front?.data ?? {});
      if (!front || !lessonMeta.success) {
        issues.push(...(lessonMeta.success ? [] : issuesFromZod(file, lessonMeta.error)));
        if (!front) issues.push({ file, field: "(front matter)", message: "a lesson starts with a --- front matter block" });
        continue;
      }
      if (lessonMeta.data.id !== `${courseId}/${item.lesson}`) {
        issues.push({ file, field: "id", message: `must be ${courseId}/${item.lesson} (a lesson's id is <course id>/<its file name without .md>)` });
      }
      const bodyOffset = text.slice(0, text.length - front.body.length).split("\n").length - 1;
      lessons.push({ slug: item.lesson, file, meta: lessonMeta.data, body: front.body, bodyOffset });
    } else {
      listedExercises.add(item.exercise);
      const dir = path.join(root, folder, "exercises", item.exercise);
      try {
        const exercise = await loadExercise(dir);
        if (exercise.meta?.id !== `${courseId}/${item.exercise}`) {
          issues.push({ file: `${folder}/exercises/${item.exercise}/.meta/pydojo.json`, field: "id", message: `must be ${courseId}/${item.exercise}` });
        }
        exercises.push(exercise);
      } catch (error) {
        if (!(error instanceof ExerciseFormatError)) throw error;
        issues.push(...error.issues.map((i) => ({ ...i, file: `${folder}/exercises/${item.exercise}/${i.file}` })));
      }
    }
  }
  for (const name of await listNames(path.join(root, folder, "lessons"))) {
    if (name.endsWith(".md") && !listedLessons.has(name.slice(0, -3))) {
      issues.push({ file: rel, field: "items", message: `lessons/${name} is not listed` });
    }
  }
  for (const name of await listNames(path.join(root, folder, "exercises"))) {
    if (!listedExercises.has(name)) issues.push({ file: rel, field: "items", message: `exercises/${name} is not listed` });
  }
  for (const name of await listNames(path.join(root, folder, "projects"))) {
    if (!listedProjects.has(name)) issues.push({ file: rel, field: "items", message: `projects/${name} is not listed` });
  }
  const last = [...meta.items].reverse().find((i) => "exercise" in i);
  if (!last || !("exercise" in last) || last.capstone !== true) {
    issues.push({ file: rel, field: "items", message: "the last exercise must be the module's capstone (\"capstone\": true)" });
  }
  return { folder, meta, lessons, exercises, projects };
}

/** A module's exercises and project stages, in the module's order (a stage is an exercise). */
export function moduleGradables(mod: LoadedModule): LoadedExercise[] {
  return mod.meta.items.flatMap((item) => {
    if ("exercise" in item) {
      const ex = mod.exercises.find((e) => path.basename(e.dir) === item.exercise);
      return ex ? [ex] : [];
    }
    if ("project" in item) {
      const project = mod.projects.find((p) => p.meta.id.endsWith(`/${item.project}`));
      return (project?.stages ?? []).map((s) => s.exercise);
    }
    return [];
  });
}

/** Every exercise and project stage of a course, in course order. */
export function courseGradables(course: LoadedCourse): LoadedExercise[] {
  return course.modules.flatMap(moduleGradables);
}

/** Loads and cross-checks a whole course; throws CourseFormatError listing every problem. */
export async function loadCourse(dir: string): Promise<LoadedCourse> {
  const root = path.resolve(dir);
  const issues: FormatIssue[] = [];
  const json = await readJson(path.join(root, "course.json"), "course.json", issues);
  if (json === null && issues.length > 0) throw new CourseFormatError(issues); // said once
  const parsed = courseSchema.safeParse(json);
  if (!parsed.success) throw new CourseFormatError([...issues, ...issuesFromZod("course.json", parsed.error)]);
  const meta = parsed.data;
  const modules: LoadedModule[] = [];
  for (const folder of meta.modules) {
    const mod = await loadModule(root, meta.id, folder, issues);
    if (mod) modules.push(mod);
  }
  // A module folder left out of course.json would be left out of the course without a word.
  for (const folder of await moduleFolders(root))
    if (!meta.modules.includes(folder))
      issues.push({
        file: "course.json",
        field: "modules",
        message: `${folder}/ holds a module.json but is not listed in modules: add "${folder}" where it belongs in the order, or remove the folder`,
      });
  const ordered = (mod: LoadedModule) =>
    moduleGradables(mod).map((ex) => ({
      ex,
      where: ex.project ? `${mod.folder}/projects/${ex.project.projectId.split("/")[1]}` : `${mod.folder}/exercises/${path.basename(ex.dir)}`,
    }));
  const ids = new Set<string>();
  for (const mod of modules) {
    for (const { ex } of ordered(mod)) {
      if (ex.meta && ids.has(ex.meta.id)) issues.push({ file: mod.folder, field: "id", message: `duplicate exercise id ${ex.meta.id}` });
      if (ex.meta) ids.add(ex.meta.id);
    }
  }
  const seen = new Set<string>();
  for (const mod of modules) {
    for (const { ex, where } of ordered(mod)) {
      for (const pre of ex.meta?.prerequisites ?? []) {
        if (!ids.has(pre)) issues.push({ file: where, field: "prerequisites", message: `unknown exercise ${pre}` });
        else if (!seen.has(pre)) issues.push({ file: where, field: "prerequisites", message: `${pre} comes later in the course` });
      }
      if (ex.meta) seen.add(ex.meta.id);
    }
  }
  if (issues.length > 0) throw new CourseFormatError(issues);
  return { dir: root, meta, modules };
}
