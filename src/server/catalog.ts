/** The content the server serves: every course under `<contentDir>/courses`, loaded at start. */
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import {
  CourseFormatError,
  loadCourse,
  type LoadedCourse,
  type LoadedLesson,
} from "../content/course-loader.js";
import type { LoadedExercise } from "../content/exercise-loader.js";
import type { LoadedProject } from "../content/project-loader.js";
import type { SkillMap } from "../core/skills.js";
import { loadSkillMap } from "./skills.js";

export interface CatalogExercise {
  exercise: LoadedExercise;
  id: string;
  courseId: string;
  moduleId: string;
}

export interface CatalogProject {
  project: LoadedProject;
  id: string;
  courseId: string;
  moduleId: string;
}

export class ContentCatalog {
  private readonly exercises = new Map<string, CatalogExercise>();
  private readonly projects = new Map<string, CatalogProject>();
  private readonly lessons = new Map<
    string,
    { lesson: LoadedLesson; courseId: string; moduleId: string }
  >();

  constructor(
    readonly courses: LoadedCourse[],
    /** The skills map (content/skills/skills.json), loaded with the courses. */
    readonly skills: SkillMap = { version: 1, description: "", skills: [] },
  ) {
    for (const course of courses) {
      for (const mod of course.modules) {
        for (const exercise of mod.exercises) {
          const id = exercise.meta!.id;
          this.exercises.set(id, { exercise, id, courseId: course.meta.id, moduleId: mod.meta.id });
        }
        for (const project of mod.projects) {
          const where = { courseId: course.meta.id, moduleId: mod.meta.id };
          this.projects.set(project.meta.id, { project, id: project.meta.id, ...where });
          // Each stage is graded, tracked and unlocked as an exercise of its own.
          for (const stage of project.stages) {
            const exercise = stage.exercise;
            this.exercises.set(exercise.meta!.id, { exercise, id: exercise.meta!.id, ...where });
          }
        }
        for (const lesson of mod.lessons) {
          this.lessons.set(lesson.meta.id, {
            lesson,
            courseId: course.meta.id,
            moduleId: mod.meta.id,
          });
        }
      }
    }
  }

  /** Loads every course folder in `<contentDir>/courses` and the skills map (invalid: throws). */
  static async load(contentDir: string): Promise<ContentCatalog> {
    const root = path.join(contentDir, "courses");
    let names: string[] = [];
    try {
      names = (await readdir(root, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
    } catch {
      /* no courses: an empty catalog */
    }
    const skills = await loadSkillMap(contentDir); // its own problems first (a map of its own)
    // A server with no course serves nothing: a wrong PYDOJO_CONTENT_DIR must not start as one.
    if (names.length === 0) {
      const isCourse = existsSync(path.join(contentDir, "course.json"));
      // Pointed at courses/ itself: its subfolders are courses.
      const isCourses = (await readdir(contentDir).catch(() => [] as string[])).some((n) =>
        existsSync(path.join(contentDir, n, "course.json")),
      );
      throw new CourseFormatError([
        {
          file: root,
          field: "(folder)",
          message: isCourse
            ? `${contentDir} is a course folder itself: PYDOJO_CONTENT_DIR names the folder that holds courses/<course>/course.json, two levels above it`
            : isCourses
              ? `${contentDir} holds courses directly: PYDOJO_CONTENT_DIR names the folder above it, the one holding courses/<course>/course.json`
              : `no course found: ${root} does not exist or holds no course folder. PYDOJO_CONTENT_DIR must name a folder holding courses/<course>/course.json`,
        },
      ]);
    }
    const courses = [];
    for (const name of names) courses.push(await loadCourse(path.join(root, name)));
    return new ContentCatalog(courses, skills);
  }

  course(id: string): LoadedCourse | undefined {
    return this.courses.find((c) => c.meta.id === id);
  }

  exercise(id: string): CatalogExercise | undefined {
    return this.exercises.get(id);
  }

  project(id: string): CatalogProject | undefined {
    return this.projects.get(id);
  }

  /** The project a stage exercise belongs to, with the stage's number. */
  projectOfExercise(exercise: LoadedExercise): CatalogProject | undefined {
    return exercise.project ? this.projects.get(exercise.project.projectId) : undefined;
  }

  lesson(id: string) {
    return this.lessons.get(id);
  }

  /** Prerequisites of every exercise, by id. */
  prerequisites(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [id, e] of this.exercises) out[id] = e.exercise.meta?.prerequisites ?? [];
    return out;
  }

  /** Exercise ids of a module, in course order. */
  moduleExerciseIds(courseId: string, moduleId: string): string[] {
    const mod = this.course(courseId)?.modules.find((m) => m.meta.id === moduleId);
    return mod ? mod.exercises.map((e) => e.meta!.id) : [];
  }

  get exerciseCount(): number {
    return this.exercises.size;
  }
}
