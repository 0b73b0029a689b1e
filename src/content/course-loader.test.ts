import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { snippetJob } from "../app/check-lessons.js";
import { CourseFormatError, loadCourse } from "./course-loader.js";

/** A course folder with empty modules named `folders`, and course.json listing `listed`. */
function course(listed: string[], folders: string[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "pydojo-course-"));
  writeFileSync(
    path.join(root, "course.json"),
    JSON.stringify({ id: "c", title: "C", description: "A course.", modules: listed }),
  );
  for (const folder of folders) {
    mkdirSync(path.join(root, folder));
    writeFileSync(
      path.join(root, folder, "module.json"),
      JSON.stringify({ id: folder.replace(/^\d+-/, ""), title: folder, summary: "S.", items: [] }),
    );
  }
  return root;
}

async function problems(root: string): Promise<string[]> {
  try {
    await loadCourse(root);
    return [];
  } catch (error) {
    if (!(error instanceof CourseFormatError)) throw error;
    // (The modules are empty, which is a problem of their own: not the one under test.)
    return error.issues
      .map((i) => `${i.file}: ${i.field}: ${i.message}`)
      .filter((p) => !p.includes("items: Too small"));
  }
}

describe("course.json's modules and the module folders", () => {
  it("names a module folder that course.json leaves out (it would vanish from the course)", async () => {
    expect(await problems(course(["01-basics"], ["01-basics", "02-backend"]))).toEqual([
      'course.json: modules: 02-backend/ holds a module.json but is not listed in modules: add "02-backend" where it belongs in the order, or remove the folder',
    ]);
  });

  it("says modules lists folder names when one names a module id, with no noise after it", async () => {
    expect(await problems(course(["basics"], ["01-basics"]))).toEqual([
      'course.json: modules: no folder basics/ in the course: modules lists folder names (here: "01-basics")',
      'course.json: modules: 01-basics/ holds a module.json but is not listed in modules: add "01-basics" where it belongs in the order, or remove the folder',
    ]);
  });

  it("loads a course whose folders are all listed", async () => {
    expect(await problems(course(["01-basics", "02-backend"], ["01-basics", "02-backend"]))).toEqual([]);
  });
});

describe("what a broken course.json says", () => {
  it("gives the line and column of a JSON error, and says JSON has no comments", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "pydojo-course-"));
    writeFileSync(path.join(root, "course.json"), '{\n  // the course\n  "id": "c"\n}\n');
    expect(await problems(root)).toEqual([
      expect.stringMatching(
        /^course\.json: \(root\): not valid JSON \(line 2, column 3\): .*; JSON has no comments: remove them$/,
      ),
    ]);
  });

  it("calls a left-out field missing and required", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "pydojo-course-"));
    writeFileSync(path.join(root, "course.json"), JSON.stringify({ id: "c", title: "C", description: "D." }));
    expect(await problems(root)).toEqual([
      "course.json: modules: missing: this field is required (expected array)",
    ]);
  });
});

describe("a lesson's snippets", () => {
  it("are numbered by the lesson file's own lines, front matter included", async () => {
    const root = path.resolve(import.meta.dirname, "../../content/courses/python-backend");
    const loaded = await loadCourse(root);
    const lessons = loaded.modules.flatMap((m) => m.lessons.map((l) => ({ ...l, folder: m.folder })));
    expect(lessons.length).toBeGreaterThan(5);
    for (const lesson of lessons) {
      const text = readFileSync(path.join(root, lesson.file), "utf8");
      expect(lesson.bodyOffset, lesson.file).toBeGreaterThan(2);
      // The body starts right after the front matter's closing line.
      expect(text.split("\n").slice(lesson.bodyOffset).join("\n"), lesson.file).toBe(lesson.body);
    }
    const job = snippetJob("# T\n\n```python run\nprint(1)\n```\n", "l.md", 5)!;
    expect(job.tests[0]!.content).toContain("def test_snippet_at_line_8(");
  });
});
