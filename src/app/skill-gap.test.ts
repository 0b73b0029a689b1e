import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { skillMapSchema } from "../core/skills.js";
import { compareResume, skillGap, type GapExercise } from "./skill-gap.js";

const map = skillMapSchema.parse(
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, "../../content/skills/skills.json"), "utf8"),
  ),
);

// A small course: SQL needs "sql-joins", pytest needs "pytest-basics", Git needs "git".
const course: GapExercise[] = [
  { id: "c/strings", title: "Strings", concepts: ["strings"], minutes: 10, prerequisites: [] },
  { id: "c/joins", title: "Joins", concepts: ["sql-joins"], minutes: 20, prerequisites: [] },
  { id: "c/fixtures", title: "Fixtures", concepts: ["fixtures"], minutes: 15, prerequisites: [] },
];
const concepts = (id: string) => map.skills.find((s) => s.id === id)!.concepts;

const POSTING = `Backend developer
Requirements:
- Python
- SQL
- Kubernetes
Nice to have:
- pytest`;

const RESUME = `Ana Example
Skills: Python, Git, Kubernetes, pytest`;

describe("the skill map used here", () => {
  it("has the concepts this test's course relies on", () => {
    expect(concepts("python")).toContain("strings");
    expect(concepts("sql")).toContain("sql-joins");
    expect(concepts("pytest")).toContain("fixtures");
  });
});

describe("skills the server says are verified", () => {
  it("win over states: verified with the server's evidence, and off the path", () => {
    const plain = skillGap(POSTING, map, course);
    expect(plain.skills.find((s) => s.id === "sql")!.status).toBe("missing");
    expect(plain.path.map((p) => p.id)).toContain("c/joins");
    const report = skillGap(POSTING, map, course, new Map(), new Map([["sql", ["other/joins"]]]));
    expect(report.skills.find((s) => s.id === "sql")).toMatchObject({
      status: "verified",
      evidence: ["other/joins"],
    });
    expect(report.path.map((p) => p.id)).not.toContain("c/joins");
    // A skill PyDojo doesn't teach stays "not taught" whatever the server says.
    const k8s = skillGap(POSTING, map, course, new Map(), new Map([["kubernetes", ["x"]]]));
    expect(k8s.skills.find((s) => s.id === "kubernetes")!.status).toBe("not-taught");
  });
});

describe("a résumé against a posting", () => {
  it("claims verified here or not, and what the posting wants that the résumé doesn't say", () => {
    const states = new Map([["c/strings", "passed" as const]]);
    const report = skillGap(POSTING, map, course, states);
    const cmp = compareResume(RESUME, report, map, course, states);
    const claimed = Object.fromEntries(cmp.claimed.map((c) => [c.id, [c.status, c.inPosting]]));
    expect(claimed).toEqual({
      python: ["verified", true],
      git: ["missing", false],
      kubernetes: ["not-taught", true],
      pytest: ["missing", true],
    });
    expect(cmp.claimed.find((c) => c.id === "python")!.evidence).toEqual(["c/strings"]);
    expect(cmp.claimed.find((c) => c.id === "pytest")!.evidence).toEqual(["c/fixtures"]);
    // SQL is required by the posting and absent from the résumé.
    expect(cmp.unmentioned).toEqual([
      { id: "sql", name: "SQL", required: true, status: "missing" },
    ]);
  });

  it("a résumé's exclusions are not claims; unmentioned lists required before nice", () => {
    const report = skillGap(POSTING, map, course);
    const cmp = compareResume("I know Git. No Kubernetes experience.", report, map, course);
    expect(cmp.claimed.map((c) => c.id)).toEqual(["git"]);
    expect(cmp.unmentioned.map((u) => [u.id, u.required])).toEqual([
      ["python", true],
      ["sql", true],
      ["kubernetes", true],
      ["pytest", false],
    ]);
  });
});
