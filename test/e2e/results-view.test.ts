/**
 * The result view's richer parts in Debian's Chromium, against a real server serving the bundled
 * samples as a course: a failing HTTP test's transcript (with the expected status beside the
 * actual), growth charts with both series and the fitted classes, efficiency on a pass, peak
 * memory, the profile table, the database after a test with its query log, and review comments
 * on a Run and on a Submit (graded in the sandbox). Each page passes axe-core's WCAG 2.1 A/AA
 * audit in light and dark; screenshots at 1280 and 375 px go to test-results/screens (the best
 * to docs/screenshots).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../server/harness.js";
import { waitForSubmissions, launchChromium } from "./chromium.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SAMPLES = path.join(ROOT, "content/sample");
const SHOTS = path.join(ROOT, "docs/screenshots");
const MORE_SHOTS = path.join(ROOT, "test-results/screens");
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const USED = [
  "json-api",
  "book-repository",
  "counted-search",
  "sort-growth",
  "streaming-reader",
  "hot-spot",
  "code-review",
];

/** Right and linear, but it asks the set the same question four times: 2.6x the reference. */
const COSTLY_SEARCH = `def missing(wanted, stock):
    in_stock = set(stock)
    reported = set()
    out = []
    for product in wanted:
        for _ in range(4):
            found = product in in_stock
        if not found and product not in reported:
            reported.add(product)
            out.append(product)
    return out
`;

let content: string;
let server: TestServer;
let url: string;
let browser: Browser;
let page: Page;

/** The samples as one course (prerequisites dropped, so each can be Run and Submitted at once). */
function sampleCourse(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-results-"));
  const mod = path.join(dir, "courses/sample/01-samples");
  mkdirSync(path.join(mod, "exercises"), { recursive: true });
  for (const name of USED) {
    const target = path.join(mod, "exercises", name);
    cpSync(path.join(SAMPLES, name), target, { recursive: true });
    const meta = path.join(target, ".meta/pydojo.json");
    const parsed = JSON.parse(readFileSync(meta, "utf8")) as Record<string, unknown>;
    delete parsed.prerequisites;
    writeFileSync(meta, JSON.stringify(parsed));
  }
  writeFileSync(
    path.join(dir, "courses/sample/course.json"),
    JSON.stringify({
      id: "sample",
      title: "Samples",
      description: "The samples.",
      modules: ["01-samples"],
    }),
  );
  writeFileSync(
    path.join(mod, "module.json"),
    JSON.stringify({
      id: "samples",
      title: "Samples",
      summary: "The bundled samples.",
      items: USED.map((e, i) => ({
        exercise: e,
        ...(i === USED.length - 1 ? { capstone: true } : {}),
      })),
    }),
  );
  return dir;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(MORE_SHOTS, { recursive: true });
  content = sampleCourse();
  server = await startTestServer({ contentDir: content });
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/#/signup`);
  await page.fill("input[name=displayName]", "Ada");
  await page.fill("input[name=email]", "ada.results@example.com");
  await page.fill("input[name=password]", "correct horse battery");
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-testid=xp]");
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (content) rmSync(content, { recursive: true, force: true });
});

const sample = (name: string, file: string) => readFileSync(path.join(SAMPLES, name, file), "utf8");

/** Replaces the editor's code at once, by pasting it (no auto-indent in the way). */
async function setCode(code: string) {
  await page.click("#editor .cm-content");
  await page.keyboard.press("Control+A");
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    data.setData("text/plain", ${JSON.stringify(code)});
    document.querySelector("#editor .cm-content").dispatchEvent(
      new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
    );
  })()`);
}

async function openExercise(name: string) {
  await page.goto(`${url}/#/exercise/sample/${name}`);
  await page.waitForSelector("#editor .cm-editor");
  await waitForSubmissions(page);
}

/** Runs `code` in the browser's Python and waits for the result. */
async function run(name: string, code: string) {
  await openExercise(name);
  await setCode(code);
  await page.click("#run");
  await page.waitForSelector("#results [data-testid=summary]", { timeout: 120_000 });
}

async function audit(what: string): Promise<void> {
  if (!(await page.evaluate("typeof window.axe !== 'undefined'"))) await page.evaluate(AXE);
  const violations = (await page.evaluate(`axe
    .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
    .then((r) => r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")))`)) as string[];
  expect([what, violations]).toEqual([what, []]);
}

/** The theme as the learner switches it (the editor's colours follow). */
async function setDark(dark: boolean) {
  const now = await page.evaluate(`document.documentElement.classList.contains("dark")`);
  if (now !== dark) await page.click("#theme");
}

/** Screenshots of the results at 1280 and 375 px, light and dark; audits each. */
async function shoot(name: string, best: string[] = []) {
  // The sticky top bar would be drawn over the element's screenshot as it scrolls.
  await page.evaluate(`document.querySelector(".top").style.position = "static"`);
  for (const [width, suffix] of [
    [1280, ""],
    [375, "-phone"],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    for (const dark of [false, true]) {
      await setDark(dark);
      const file = `results-${name}${suffix}${dark ? "-dark" : ""}.png`;
      await (await page.$("#results"))!.screenshot({
        path: path.join(best.includes(file) ? SHOTS : MORE_SHOTS, file),
      });
      await audit(file);
      // Nothing is wider than a phone's screen (wide tables and transcripts scroll inside).
      if (width === 375)
        expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(
          375,
        );
    }
  }
  await setDark(false);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const text = async (selector: string) =>
  (await page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ""))).join("\n");

describe("results in the web app", () => {
  it("a failing HTTP test shows its transcript, with the expected status beside the actual", async () => {
    await run("json-api", sample("json-api", "items_api.py"));
    const first = "#results .group >> nth=0 >>";
    const transcript = await text(`${first} [data-testid=http]`);
    expect(transcript).toContain("> POST /items HTTP/1.1");
    expect(transcript).toContain("> Content-Type: application/json");
    expect(transcript).toMatch(/"title": "Buy milk"/); // the request's JSON, pretty-printed
    expect(transcript).toContain("< HTTP/1.1 200 OK");
    expect(await text(`${first} [data-testid=http-expected-status]`)).toBe("expected 201");
    // A test whose assertion was about the body: the expected body beside the response.
    const second = "#results .group >> nth=1 >>";
    expect(
      await text(`${second} [data-testid=http-exchange] >> nth=-1 >> .http-response`),
    ).toContain("< HTTP/1.1 200 OK");
    expect(await text(`${second} [data-testid=http-expected-body] pre`)).toBe(
      "[{'id': 1, 'title': 'Buy milk', 'done': False}, {'id': 2, 'title': 'Call Ada', 'done': True}]",
    );
    await page.click("#results .group >> nth=1 >> summary");
    await shoot("http", ["results-http.png"]);
  }, 180_000);

  it("growth: a chart of both series and the classes named; efficiency and the profile", async () => {
    await run("hot-spot", sample("hot-spot", "report.py"));
    const growth = "#results [data-testid=growth]";
    expect(await page.$$(`${growth} svg.chart polyline.series-you`)).toHaveLength(1);
    expect(await page.$$(`${growth} svg.chart polyline.series-ref`)).toHaveLength(1);
    expect(await page.$$(`${growth} svg.chart circle`)).toHaveLength(4);
    expect(await text(`${growth} .growth-classes`)).toBe(
      "Yours grows like n² (quadratic); the reference like n (linear).",
    );
    expect(await text(`${growth} svg.chart .axis-label`)).toBe("input size n\nline events");
    expect(await text(`${growth} [data-testid=efficiency]`)).toMatch(
      /^\d+× the reference's line events\.$/,
    );
    // The passing test that profiles is shown with its table of functions, the learner's marked.
    const profile = "#results [data-testid=measured] [data-testid=profile]";
    expect(await text(`${profile} tr.mine th code`)).toContain("customer_name");
    expect(await text(`${profile} tbody tr:first-child td:nth-child(2)`)).toBe("2,000");
    await shoot("growth", ["results-growth-phone-dark.png"]);
  }, 180_000);

  it("a pass says how efficient it is: within 2x, or how many times the reference's cost", async () => {
    await run("sort-growth", sample("sort-growth", ".meta/example.py"));
    expect(await text("#results [data-testid=measured] [data-testid=efficiency]")).toBe(
      "Passes — within 2× of the reference's cost.",
    );
    await run("counted-search", COSTLY_SEARCH);
    expect(await text("#results [data-testid=summary]")).toContain("All tests pass");
    expect(await text("#results [data-testid=measured] [data-testid=efficiency]")).toMatch(
      /^Passes, but: 2\.\d× the reference's == and hash\(\) calls: there is more to learn\.$/,
    );
    await shoot("efficiency");
  }, 240_000);

  it("peak memory beside the reference's", async () => {
    await run("streaming-reader", sample("streaming-reader", ".meta/example.py"));
    const memory = await text("#results [data-testid=measured] [data-testid=memory]");
    expect(memory).toContain("Peak memory");
    expect(memory).toMatch(/yours[\d.]+ KBreference[\d.]+ KB/);
    expect(await page.$$("#results [data-testid=memory] svg.bar rect")).toHaveLength(2);
    // The reference's bytes are CPython's: the browser's own count gets no verdict beside them.
    expect(await text("#results [data-testid=memory-note]")).toContain("Submit for the numbers");
    await shoot("memory");
    // On the server (CPython, the same counting as the reference's), the verdict is there.
    await page.click("#submit");
    await page.waitForSelector("#results [data-testid=summary] >> text=on the server", {
      timeout: 120_000,
    });
    expect(await text("#results [data-testid=memory] .efficiency")).toBe(
      "Passes — within 2× of the reference's peak memory.",
    );
  }, 180_000);

  it("a database exercise shows the tables after the test and the statements the code ran", async () => {
    await run("book-repository", sample("book-repository", "book_repository.py"));
    const database = "#results .group >> nth=0 >> [data-testid=database]";
    expect(await page.$eval(database, (d) => (d as unknown as { open: boolean }).open)).toBe(true);
    expect(await text(`${database} > summary`)).toBe(
      "The database after this test: 2 tables, 11 statements from your code",
    );
    expect(await text(`${database} [data-testid=db-table] thead`)).toBe("idname\nidtitleauthor_id");
    expect(await text(`${database} [data-testid=db-table] tbody tr:first-child`)).toContain(
      "Le Guin",
    );
    const queries = await page.$$(`${database} [data-testid=db-queries] li`);
    expect(queries).toHaveLength(11);
    expect(await queries[1]!.textContent()).toMatch(
      /^SELECT title FROM books WHERE author_id = \? ORDER BY title \(\d+,\)$/,
    );
    await shoot("database", ["results-database.png"]);
    // Graded on the server (the sandbox's CPython), the same view.
    await page.click("#submit");
    await page.waitForSelector("#results [data-testid=summary] >> text=on the server", {
      timeout: 120_000,
    });
    expect(await text(`${database} > summary`)).toBe(
      "The database after this test: 2 tables, 11 statements from your code",
    );
  }, 180_000);

  it("review comments on a Run and on a Submit: severity, line, message and lesson link", async () => {
    await run("code-review", sample("code-review", "tags.py"));
    const comments = async () => {
      const items = await page.$$("#results [data-testid=comment]");
      return Promise.all(items.map((i) => i.textContent()));
    };
    const onRun = await comments();
    expect(onRun.map((c) => c?.slice(0, 48))).toEqual([
      "essential change this · tags.py, line 1a mutable",
      "essential change this · tags.py, line 6is checks",
      "actionable worth changing · tags.py, line 17a ba",
    ]);
    expect(
      await page.$eval("#results [data-testid=comment] a.lesson-link", (a) =>
        a.getAttribute("href"),
      ),
    ).toBe("#/lesson/python-backend/functions-and-exceptions");
    await shoot("comments");
    await page.click("#submit");
    await page.waitForSelector("#results [data-testid=summary] >> text=on the server", {
      timeout: 120_000,
    });
    expect(await comments()).toEqual(onRun);
  }, 240_000);
});
