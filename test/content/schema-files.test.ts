/**
 * An exercise's `schema.sql`/`fixtures.sql` (listed in files.test) reach the `db` fixture from
 * the judge's memory, on every runner, and never the folder the learner's code can read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner } from "../../src/runners/create-runner.js";
import { DEFAULT_LIMITS, type GradeJob, type Runner } from "../../src/runners/runner.js";

const job = (solution: string): GradeJob => ({
  tests: [
    {
      path: "shelf_test.py",
      content: [
        "from shelf import titles, peek",
        "def test_rows_from_the_fixtures(db):",
        "    assert titles(db.connection) == ['Dune', 'Emma']",
        "def test_the_schema_file_is_not_on_disk():",
        "    assert peek() is None",
        "",
      ].join("\n"),
    },
    { path: "schema.sql", content: "CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\n" },
    { path: "fixtures.sql", content: "INSERT INTO books (title) VALUES ('Emma'), ('Dune');\n" },
  ],
  solution: [{ path: "shelf.py", content: solution }],
  solutionModules: ["shelf"],
  limits: DEFAULT_LIMITS,
});

const SOLUTION = [
  "import os",
  "def titles(connection):",
  "    return [t for (t,) in connection.execute('SELECT title FROM books ORDER BY title')]",
  "def peek():",
  "    for root in {os.getcwd(), os.path.dirname(os.path.abspath(__file__)), '/tmp'}:",
  "        for dirpath, _, files in os.walk(root):",
  "            if 'schema.sql' in files:",
  "                return os.path.join(dirpath, 'schema.sql')",
  "    return None",
  "",
].join("\n");

for (const name of ["sandbox", "pyodide"] as const) {
  describe(`schema.sql and fixtures.sql on ${name}`, () => {
    let runner: Runner;
    beforeAll(async () => {
      runner = await createRunner(name);
    });
    afterAll(async () => {
      await runner?.close();
    });

    it("runs them before a db test, and keeps them out of the learner's reach", async () => {
      const result = await runner.grade(job(SOLUTION));
      expect(result.tests.map((t) => [t.name, t.status, t.message ?? null])).toEqual([
        ["rows_from_the_fixtures", "pass", null],
        ["the_schema_file_is_not_on_disk", "pass", null],
      ]);
      // Without the files the table does not exist: the schema really came from them.
      const bare = await runner.grade({ ...job(SOLUTION), tests: job(SOLUTION).tests.slice(0, 1) });
      expect(bare.tests[0]!.status).toBe("error");
      expect(bare.tests[0]!.message).toContain("no such table: books");
    }, 60_000);
  });
}
