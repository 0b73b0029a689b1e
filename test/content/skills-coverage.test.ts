// The bundled course is mapped to skills: every exercise and every project stage verifies at
// least one skill (one of its concepts is a concept of a skill PyDojo teaches), and every skill
// marked as taught has something in the course that verifies it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { courseGradables, loadCourse } from "../../src/content/course-loader.js";
import { skillMapSchema } from "../../src/core/skills.js";

const root = path.resolve(import.meta.dirname, "../..");
const map = skillMapSchema.parse(
  JSON.parse(readFileSync(path.join(root, "content", "skills", "skills.json"), "utf8")),
);
const taught = map.skills.filter((s) => s.teaches);

describe("the course and the skills map", () => {
  it("every exercise and project stage verifies a skill; every taught skill is verified somewhere", async () => {
    const course = await loadCourse(path.join(root, "content", "courses", "python-backend"));
    const gradables = courseGradables(course);
    expect(gradables.some((e) => e.project)).toBe(true);
    const concepts = new Set(taught.flatMap((s) => s.concepts));
    const unmapped = gradables
      .filter((e) => !e.meta!.concepts.some((c) => concepts.has(c)))
      .map((e) => `${e.meta!.id} (${e.meta!.concepts.join(", ")})`);
    expect(unmapped).toEqual([]);
    const used = new Set(gradables.flatMap((e) => e.meta!.concepts));
    const unproven = taught.filter((s) => !s.concepts.some((c) => used.has(c))).map((s) => s.id);
    expect(unproven).toEqual([]);
  });
});
