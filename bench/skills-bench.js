#!/usr/bin/env node
// Skills extraction quality on the labelled corpus in test/fixtures/skills: per-file misses and
// extras, then precision, recall, required/nice split accuracy and exclusion accuracy.
// Usage: npx tsc -p tsconfig.build.json && node bench/skills-bench.js [--quiet] [--files REGEX]
// (postings 31-46 and résumés 11-17 were labelled after rounds of tuning, as held-out sets:
// `--files 'postings/(3[1-9]|4[0-9])|resumes/1[1-9]'` scores them alone.)
import { benchArgs } from "./args.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  extractSkills,
  scoreExtraction,
  skillMapSchema,
  summarizeScores,
} from "../dist/core/skills.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const corpus = path.join(root, "test", "fixtures", "skills");
const map = skillMapSchema.parse(
  JSON.parse(readFileSync(path.join(root, "content", "skills", "skills.json"), "utf8")),
);
const labels = JSON.parse(readFileSync(path.join(corpus, "labels.json"), "utf8"));
const { values } = benchArgs(import.meta.url, {
  options: { quiet: { type: "boolean", default: false }, files: { type: "string", default: "" } },
});
const quiet = values.quiet;
const only = new RegExp(values.files);

const scores = [];
for (const [file, label] of Object.entries(labels)) {
  if (!only.test(file)) continue;
  const extraction = extractSkills(readFileSync(path.join(corpus, file), "utf8"), map);
  const score = scoreExtraction(extraction, label);
  scores.push(score);
  const notes = [
    score.misses.length && `missed ${score.misses.join(", ")}`,
    score.extras.length && `extra ${score.extras.join(", ")}`,
    score.wrongSplit.length && `wrong required/nice ${score.wrongSplit.join(", ")}`,
    score.exclusionMisses.length && `exclusion missed ${score.exclusionMisses.join(", ")}`,
    score.exclusionExtras.length && `exclusion extra ${score.exclusionExtras.join(", ")}`,
  ].filter(Boolean);
  if (!quiet || notes.length) console.log(`${file}: ${notes.length ? notes.join("; ") : "ok"}`);
}
const total = summarizeScores(scores);
const fmt = (n) => n.toFixed(3);
console.log(
  `\n${scores.length} files  precision ${fmt(total.precision)}  recall ${fmt(total.recall)}  ` +
    `required/nice ${fmt(total.splitAccuracy)}  exclusions ${fmt(total.exclusionAccuracy)}`,
);

// The server reads up to 100 KB a request: the time for the worst texts found so far (one long
// line of mentions) and for the whole corpus, per run.
const texts = Object.keys(labels).map((file) => readFileSync(path.join(corpus, file), "utf8"));
const timed = (name, run) => {
  const start = performance.now();
  run();
  console.log(`${name}: ${(performance.now() - start).toFixed(0)} ms`);
};
timed(`corpus (${texts.length} texts)`, () => texts.forEach((text) => extractSkills(text, map)));
timed("100 KB of 'Go ' on one line", () => extractSkills("Go ".repeat(33_000), map));
timed("100 KB of 'no Python, …' on one line", () =>
  extractSkills(`no ${"Python, ".repeat(12_000)}`, map),
);
