/**
 * What an author is told when `pydojo check` or `pydojo grade` is pointed at the wrong thing:
 * the real CLI (bin/pydojo.js) as a subprocess.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./fake-server.js";

const root = path.resolve(import.meta.dirname, "../..");
const home = mkdtempSync(path.join(os.tmpdir(), "pydojo-author-"));
const PROJECT = "content/courses/python-backend/07-auth-and-security/projects/bookshelf";

describe("pointing the authors' commands at the wrong folder", () => {
  it("check names a folder that does not exist as such", async () => {
    const r = await cli(["check", "/no/such/folder"], root, home);
    expect(r.code).toBe(2);
    expect(r.err).toContain("/no/such/folder does not exist: name a folder of exercises");
  });

  it("grade says a project or a course is checked whole, not graded", async () => {
    let r = await cli(["grade", PROJECT], root, home);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${PROJECT} is a project, not an exercise: 'pydojo check ${PROJECT}'`);
    r = await cli(["grade", "content/courses/python-backend"], root, home);
    expect(r.code).toBe(2);
    expect(r.err).toContain("is a course, not an exercise");
  });
});
