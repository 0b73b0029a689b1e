#!/usr/bin/env node
// Cost of one POST /api/skills/gap report (extraction + path on the bundled map and course),
// which runs synchronously on the API's event loop: a real posting, 100 KB of postings, and
// 100 KB texts shaped to be slow. Prints the median of 5 runs per text, in ms.
// Usage: npx tsc -p tsconfig.build.json && node bench/skills-gap-bench.js
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { skillGap } from "../dist/app/skill-gap.js";
import { ContentCatalog } from "../dist/server/catalog.js";
import { gapExercises } from "../dist/server/skills.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const catalog = await ContentCatalog.load(path.join(root, "content"));
const exercises = gapExercises(catalog);
const dir = path.join(root, "test", "fixtures", "skills", "postings");
const postings = readdirSync(dir)
  .sort()
  .map((f) => readFileSync(path.join(dir, f), "utf8"));
const KB100 = 100 * 1024;
const fill = (unit) => unit.repeat(Math.ceil(KB100 / unit.length)).slice(0, KB100);
const all = fill(postings.join("\n"));
const cases = [
  ["one posting", postings[0]],
  ["100 KB of postings", all],
  ["the same, one line", all.replace(/\n/g, " ")],
  ["'Python, ' repeated", fill("Python, ")],
  ["'no Java, Python, ' repeated", fill("no Java, Python, ")],
  ["'Python' lines", fill("Python\n")],
  ["100 KB of 'a'", "a".repeat(KB100)],
];
for (const [name, text] of cases) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    skillGap(text, catalog.skills, exercises);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(30)} ${String(text.length).padStart(7)} chars  ${times[2].toFixed(0).padStart(6)} ms`,
  );
}
