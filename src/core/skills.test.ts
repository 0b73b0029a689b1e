import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractSkills, skillMapProblems, skillMapSchema } from "./skills.js";

const map = skillMapSchema.parse(
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, "../../content/skills/skills.json"), "utf8"),
  ),
);
const required = (text: string) =>
  extractSkills(text, map)
    .hits.filter((h) => h.required)
    .map((h) => h.skill)
    .sort();
const nice = (text: string) =>
  extractSkills(text, map)
    .hits.filter((h) => !h.required)
    .map((h) => h.skill)
    .sort();

describe("the skill map", () => {
  it("is valid: no duplicate ids or phrases, links resolve, taught skills name concepts", () => {
    expect(skillMapProblems(map)).toEqual([]);
    expect(map.skills.length).toBeGreaterThanOrEqual(80);
  });
});

describe("finding skills in a posting", () => {
  const posting = `Backend Engineer (Python)

We build RESTful services for logistics. You'll go from ticket to production.

Requirements:
- 2+ years of Python 3.11 (Django or FastAPI)
- Solid SQL; we run Postgres 15
- Unit testing with pytest, CI/CD with GitHub Actions
- Git, Docker
- No Java needed; Kubernetes is not required.

Nice to have:
- asyncio / async IO, Celery
- AWS (Lambda, SQS)
- Redis caching
`;

  it("separates what is required from what is nice to have", () => {
    expect(required(posting)).toEqual(
      [
        "ci-cd",
        "docker",
        "git",
        "postgresql",
        "pytest",
        "python",
        "rest-apis",
        "sql",
        "unit-testing",
        "web-frameworks",
      ].sort(),
    );
    expect(nice(posting)).toEqual(
      ["asyncio", "caching", "cloud", "message-queues", "redis"].sort(),
    );
  });

  it("ignores what the posting rules out", () => {
    const { excluded, hits } = extractSkills(posting, map);
    expect(excluded.sort()).toEqual(["java", "kubernetes"]);
    expect(hits.map((h) => h.skill)).not.toContain("java");
  });

  it("matches whole words, case where it matters, and versions", () => {
    expect(required("We Go to market fast, then rest.")).toEqual([]);
    expect(required("Services in Go and golang tooling; a REST API")).toEqual(["go", "rest-apis"]);
    expect(required("JavaScript only")).toEqual(["javascript"]);
    expect(required("Experience with Python3 and C# / .NET")).toEqual(["csharp", "python"]);
    expect(required("Node.js, PostgreSQL 16+, async/await")).toEqual([
      "asyncio",
      "javascript",
      "postgresql",
    ]);
    expect(extractSkills("line one\nWe use Kafka", map).hits[0]).toMatchObject({
      skill: "message-queues",
      line: 2,
      matched: "Kafka",
    });
  });

  it("reads inline 'is a plus' as nice to have, and a later required mention wins", () => {
    expect(nice("Docker is a plus.")).toEqual(["docker"]);
    expect(required("Docker is a plus.\nRequirements:\n- Docker every day")).toEqual(["docker"]);
    expect(nice("Kubernetes: not required, but nice to have")).toEqual(["kubernetes"]);
  });
});
