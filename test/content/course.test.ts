/**
 * The bundled course is checked like code: its structure (every file listed once, ids,
 * prerequisites, a capstone per module) and every runnable lesson snippet on CPython and Pyodide.
 * (Exercises are checked by content-check-sandbox.test.ts and content-check-pyodide.test.ts.)
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLessonSnippets } from "../../src/app/check-lessons.js";
import { loadCourse, type LoadedCourse } from "../../src/content/course-loader.js";
import { createRunner } from "../../src/runners/create-runner.js";
import type { Runner } from "../../src/runners/runner.js";

const COURSE = path.resolve(import.meta.dirname, "../../content/courses/python-backend");
const course: LoadedCourse = await loadCourse(COURSE);
const lessons = course.modules.flatMap((m) => m.lessons);

describe("python-backend course structure", () => {
  it("loads with every module, lesson and exercise consistent", () => {
    expect(course.modules.map((m) => m.folder)).toEqual(course.meta.modules);
    for (const mod of course.modules) {
      expect(mod.exercises.length, mod.folder).toBeGreaterThan(0);
      expect(mod.lessons.length, mod.folder).toBeGreaterThan(0);
    }
  });

  it("gives every exercise at least two hints and instructions with an example", () => {
    for (const exercise of course.modules.flatMap((m) => m.exercises)) {
      const hints = (exercise.hints ?? "").split(/^## /m).slice(1).filter((h) => h.trim());
      expect([exercise.meta!.id, hints.length >= 2]).toEqual([exercise.meta!.id, true]);
      expect([exercise.meta!.id, /```/.test(exercise.instructions)]).toEqual([exercise.meta!.id, true]);
    }
  });

  it("orders every exercise after its prerequisites, ending each module with a capstone", () => {
    const ids = course.modules.flatMap((m) => m.exercises.map((e) => e.meta!.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const mod of course.modules) {
      const last = [...mod.meta.items].reverse().find((i) => "exercise" in i);
      expect(last).toMatchObject({ capstone: true });
    }
  });
});

for (const runnerName of ["sandbox", "pyodide"] as const) {
  describe(`lesson snippets on ${runnerName}`, () => {
    let runner: Runner;
    beforeAll(async () => {
      runner = await createRunner(runnerName);
    });
    afterAll(async () => {
      await runner?.close();
    });
    for (const lesson of lessons) {
      it(lesson.meta.id, async () => {
        const result = await checkLessonSnippets(lesson.body, lesson.file, runner, lesson.bodyOffset);
        if (result === null) return;
        const failures = result.tests.filter((t) => t.status !== "pass").map((t) => `${t.name}: ${t.message}`);
        expect(failures).toEqual([]);
        expect(result.status).toBe("pass");
      });
    }
  });
}
