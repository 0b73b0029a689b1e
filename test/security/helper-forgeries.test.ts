/**
 * The grading helpers (perf, db) on the course's own exercises, forged as the red team did
 * (review of 2026-12-06), run for real in the sandbox with the fork server and with a sandbox
 * started per grade. Each asserts the secure outcome:
 *  - make-it-fast: a query per customer disguised as `WITH unused AS (SELECT 1) SELECT ... --
 *    <long comment>` does not pass `top_customers_in_one_query`, and a quadratic
 *    `returning_customers` that compares the judge's counted values through their (then public)
 *    `.value` does not pass `returning_customers_grows_linearly`.
 *  - sort-growth: a bubble sort on values read through `.value`, repr(), hash() or a spy object
 *    compared with them does not pass `comparisons_grow_like_n_log_n`.
 *  - the db fixture: one `INSERT ... SELECT randomblob(10000000)` over 100 rows no longer takes
 *    the judge from 20 MB to 1 GB; the learner is told the database's limit.
 * The honest reference solutions of these exercises pass in the content check
 * (test/content/content-check-sandbox.test.ts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { loadExercise } from "../../src/content/exercise-loader.js";
import { buildGradeJob } from "../../src/core/grading.js";
import type { GradeJob } from "../../src/runners/runner.js";
import { forEachSandbox, oneFileJob } from "./sandbox-modes.js";

const root = path.join(import.meta.dirname, "..", "..");
const COURSE = "content/courses/python-backend/08-performance-and-concurrency/exercises";

/** The exercise's own tests, support files and limits, as the server builds a grade job of them. */
async function exerciseJobs(exercise: string, module: string) {
  const loaded = await loadExercise(path.join(root, exercise));
  return (solution: string): GradeJob =>
    buildGradeJob(loaded, [{ path: `${module}.py`, content: solution }]);
}

async function exerciseJob(exercise: string, module: string, solution: string): Promise<GradeJob> {
  return (await exerciseJobs(exercise, module))(solution);
}

/**
 * The red team's make-it-fast forgery (test/redteam/make_it_fast_cheat.py): the exercise's own
 * example, with its two timed functions replaced by the forged ones (defined after it, so they
 * win) and its third, `largest_orders`, kept.
 */
const MAKE_IT_FAST_CHEAT =
  readFileSync(path.join(root, COURSE, "make-it-fast/.meta/example.py"), "utf8") +
  `
PAD = ' -- ' + 'padding ' * 40
def top_customers(conn, limit):
    customers = conn.execute("SELECT id, name FROM customers").fetchall()
    rows = []
    for cid, name in customers:
        n, total = conn.execute(
            "WITH unused AS (SELECT 1) SELECT COUNT(*), SUM(total_cents) FROM orders WHERE customer_id = ?" + PAD,
            (cid,),
        ).fetchone()
        if n:
            rows.append((name, n, total))
    rows.sort(key=lambda r: (-r[2], r[0]))
    return rows[:limit]

def returning_customers(customer_ids):
    def raw(c):
        return getattr(c, "value", c)
    seen, returning, keys = [], [], []
    for c in customer_ids:
        v = raw(c)
        if v in seen:
            if v not in keys:
                keys.append(v)
                returning.append(c)
        else:
            seen.append(v)
    return returning
`;

/** A bubble sort on values read without counted comparisons, through `read`. */
const sortCheat = (read: string) => `class Spy:
    def __init__(self):
        self.got = None
    def __eq__(self, other):
        self.got = other
        return False
    __hash__ = object.__hash__

def spy_value(c):
    spy = Spy()
    c == spy
    return spy.got

def merge_sort(items):
    read = ${read}
    if items and type(items[0]) in (int, str):
        read = lambda x: x
    keyed = [(read(c), i, c) for i, c in enumerate(items)]
    for i in range(len(keyed)):
        for j in range(len(keyed) - 1 - i):
            if keyed[j + 1][:2] < keyed[j][:2]:
                keyed[j], keyed[j + 1] = keyed[j + 1], keyed[j]
    return [c for _, _, c in keyed]
`;

const DB_MEMORY_SOLUTION = `import os
def _judge_rss_mb():
    with open(f"/proc/{os.getppid()}/statm") as f:
        return int(f.read().split()[1]) * 4096 // (1 << 20)
def top(conn):
    before = _judge_rss_mb()
    conn.execute("CREATE TABLE junk (b BLOB)")
    try:
        conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) "
                     "INSERT INTO junk SELECT randomblob(10000000) FROM c")
    except Exception as exc:
        print("refused:", exc)
    return (before, _judge_rss_mb())
`;
const DB_MEMORY_TESTS = `from solution import top
def test_top(db):
    print("judge RSS MB before/after:", top(db.connection))
`;

/**
 * The red team's all-or-nothing-import forgery (2026-12-07): each line committed on its own (the
 * bug the exercise teaches), and on a bad line a TEMP table named \`members\` holding the rows
 * from before, which the tests' own unqualified \`SELECT ... FROM members\` would read first.
 */
const TEMP_SHADOW_IMPORT = `import csv
import io
import sqlite3


class ImportFailed(Exception):
    pass


def import_members(conn, csv_text, club):
    before = conn.execute("SELECT id, email, name, club FROM members ORDER BY id").fetchall()
    count = 0
    for line, row in enumerate(csv.DictReader(io.StringIO(csv_text)), start=2):
        try:
            conn.execute("INSERT INTO members (email, name, club) VALUES (?, ?, ?)",
                         (row.get("email"), row.get("name"), club))
            conn.commit()
        except sqlite3.IntegrityError as exc:
            conn.rollback()
            conn.execute("DROP TABLE IF EXISTS temp.members")
            conn.execute("CREATE TEMP TABLE members (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE "
                         "COLLATE NOCASE, name TEXT NOT NULL CHECK (name <> ''), club TEXT NOT NULL)")
            conn.executemany("INSERT INTO temp.members VALUES (?, ?, ?, ?)", before)
            conn.commit()
            raise ImportFailed(f"line {line}: {exc}") from exc
        count += 1
    return count
`;

/**
 * The same forgery in the main schema (red team, 2026-12-08): on a bad line the real table is
 * renamed away and a view named \`members\`, over a copy of the rows from before, put in its place.
 * (It passed 8 of 9 tests before; the 9th failed for another reason.)
 */
const VIEW_SHADOW_IMPORT = TEMP_SHADOW_IMPORT.replace(
  `            conn.execute("DROP TABLE IF EXISTS temp.members")
            conn.execute("CREATE TEMP TABLE members (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE "
                         "COLLATE NOCASE, name TEXT NOT NULL CHECK (name <> ''), club TEXT NOT NULL)")
            conn.executemany("INSERT INTO temp.members VALUES (?, ?, ?, ?)", before)`,
  `            conn.execute("CREATE TABLE IF NOT EXISTS members_before (id, email, name, club)")
            conn.executemany("INSERT INTO members_before VALUES (?, ?, ?, ?)", before)
            conn.execute("ALTER TABLE members RENAME TO members_partial")
            conn.execute("CREATE VIEW members AS SELECT * FROM members_before")`,
);

/**
 * Red team, 2026-12-08: still one query per author, each read written as an INSERT into a
 * temporary table with RETURNING, which the query log counted as an INSERT, not a SELECT.
 */
const N_PLUS_ONE_AS_INSERTS = `def list_authors(conn):
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS scratch (n INTEGER, y INTEGER)")
    result = []
    for author_id, name in conn.execute("SELECT id, name FROM authors ORDER BY name").fetchall():
        books, first_year = conn.execute(
            "INSERT INTO scratch SELECT COUNT(*), MIN(year) FROM books WHERE author_id = ? RETURNING n, y",
            (author_id,),
        ).fetchone()
        result.append({"name": name, "books": books, "first_year": first_year})
    conn.execute("DROP TABLE scratch")
    return result
`;

/**
 * The red team's find-the-bad-commit forgery (2026-12-07): a linear scan that runs the test on
 * every commit, then empties the file the tests counted the runs in (it was in the test's
 * \`tmp_path\`, which the learner's process can write). The runs are now counted in the judge.
 */
const LINEAR_SCAN_HIDING_RUNS =
  readFileSync(
    path.join(
      root,
      "content/courses/python-backend/09-tools-of-the-trade/exercises/find-the-bad-commit/.meta/mistakes/linear_scan.py",
    ),
    "utf8",
  ) +
  `
_linear_scan = first_bad_commit


def first_bad_commit(repo, good, bad, command):
    found = _linear_scan(repo, good, bad, command)
    for path in (command[-1], os.path.join(os.path.dirname(repo), "runs.log")):
        try:
            with open(path, "w"):
                pass
        except OSError:
            pass
    return found
`;

forEachSandbox("forged grading helpers", (runner) => {
  it("make-it-fast: disguised N+1 queries and an uncounted quadratic loop do not pass", async () => {
    const r = await runner().grade(
      await exerciseJob(`${COURSE}/make-it-fast`, "shop_stats", MAKE_IT_FAST_CHEAT),
    );
    const status = (name: string) => r.tests.find((t) => t.name === name)?.status;
    expect(status("top_customers")).toBe("pass"); // the answers themselves are right
    expect(status("top_customers_in_one_query")).toBe("fail");
    expect(r.tests.find((t) => t.name === "top_customers_in_one_query")?.message).toContain(
      "the same SELECT ran 45 times, once per item",
    );
    expect(status("returning_customers_grows_linearly")).not.toBe("pass");
  }, 120_000);

  it("all-or-nothing-import: a temporary table hiding the real one does not pass", async () => {
    const r = await runner().grade(
      await exerciseJob(
        "content/courses/python-backend/06-databases/exercises/all-or-nothing-import",
        "member_import",
        TEMP_SHADOW_IMPORT,
      ),
    );
    expect(r.status).toBe("fail");
    const hidden = r.tests.filter((t) => t.message?.includes("temporary table 'members'"));
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden[0]!.message).toContain("hides the database's own 'members'");
  }, 120_000);

  it("authors-n-plus-one: reads written as INSERT ... SELECT ... RETURNING are still counted", async () => {
    const r = await runner().grade(
      await exerciseJob(
        "content/courses/python-backend/06-databases/exercises/authors-n-plus-one",
        "author_list",
        N_PLUS_ONE_AS_INSERTS,
      ),
    );
    expect(r.status).toBe("fail");
    expect(r.tests.some((t) => /ran 11 queries for 10 authors/.test(t.message ?? ""))).toBe(true);
  }, 120_000);

  it("all-or-nothing-import: a view put in place of the real table does not pass", async () => {
    expect(VIEW_SHADOW_IMPORT).toContain("CREATE VIEW members");
    const r = await runner().grade(
      await exerciseJob(
        "content/courses/python-backend/06-databases/exercises/all-or-nothing-import",
        "member_import",
        VIEW_SHADOW_IMPORT,
      ),
    );
    expect(r.status).toBe("fail");
    expect(
      r.tests.some((t) => t.message?.includes("put a view in place of the table 'members'")),
    ).toBe(true);
  }, 120_000);

  it("find-the-bad-commit: a linear scan cannot hide its runs from the count", async () => {
    const r = await runner().grade(
      await exerciseJob(
        "content/courses/python-backend/09-tools-of-the-trade/exercises/find-the-bad-commit",
        "bisect_tool",
        LINEAR_SCAN_HIDING_RUNS,
      ),
    );
    const handful = r.tests.find((t) => t.name === "a_handful_of_runs");
    expect(handful?.status).toBe("fail");
    expect(handful?.message).toContain("you ran the test 41 times for 64 commits");
    expect(r.status).toBe("fail");
  }, 180_000);

  it("sort-growth: no way to read a counted value without counted comparisons", async () => {
    // The last reads nothing: the input comes back as it was, with no comparison (growth's check=).
    const channels = [
      "lambda c: c.value",
      "lambda c: int(repr(c))",
      "lambda c: int(f'{c}')",
      "hash",
      "spy_value",
      "lambda c: 0",
    ];
    const job = await exerciseJobs("content/sample/sort-growth", "sorting");
    for (const read of channels) {
      const r = await runner().grade(job(sortCheat(read)));
      const growth = r.tests.find((t) => t.name === "comparisons_grow_like_n_log_n");
      expect(growth?.status, read).not.toBe("pass");
    }
  }, 240_000);

  it("the db fixture's database cannot take the judge's memory", async () => {
    const r = await runner().grade(oneFileJob(DB_MEMORY_SOLUTION, DB_MEMORY_TESTS));
    const out = r.tests.map((t) => t.output ?? "").join("");
    expect(out).toContain(
      "refused: database or disk is full: the exercise's database holds at most 64 MB",
    );
    const m = /before\/after: \((\d+), (\d+)\)/.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m?.[2]) - Number(m?.[1]), "MB the judge grew").toBeLessThan(200);
  }, 120_000);
});
