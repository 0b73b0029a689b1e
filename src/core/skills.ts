/**
 * Skills: the map (content/skills/skills.json) and finding the skills a text asks for — a job
 * posting or a résumé. Pure and deterministic: a dictionary of the phrasings postings use,
 * matched on word boundaries, with sections ("Nice to have") and negations ("no Java needed")
 * understood. No network, no model.
 */
import { z } from "zod";

export const skillSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  name: z.string().min(1),
  area: z.string().min(1),
  /** What it means at junior level. */
  description: z.string().min(1),
  /** What a junior, a mid-level and a senior developer is expected to do with it: a sentence or two each. */
  levels: z.strictObject({
    junior: z.string().min(20).max(300),
    mid: z.string().min(20).max(300),
    senior: z.string().min(20).max(300),
  }),
  /** Phrasings postings use; one with capitals and at most 4 letters ("Go") matches case-sensitively. */
  synonyms: z.array(z.string().min(1)).min(1),
  /** Exercise concepts whose passed exercises are evidence of the skill. */
  concepts: z.array(z.string()),
  related: z.array(z.string()),
  /** false: PyDojo does not teach or verify it (shown as such, never hidden). */
  teaches: z.boolean(),
});
export type Skill = z.infer<typeof skillSchema>;

export const skillMapSchema = z.strictObject({
  version: z.literal(1),
  description: z.string(),
  skills: z.array(skillSchema).min(1),
});
export type SkillMap = z.infer<typeof skillMapSchema>;

/** Problems of a skill map that the schema can't see: duplicates, dangling links. */
export function skillMapProblems(map: SkillMap): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const phrases = new Map<string, string>();
  for (const skill of map.skills) {
    if (ids.has(skill.id)) problems.push(`skill ${skill.id} is defined twice`);
    ids.add(skill.id);
    for (const synonym of [skill.name, ...skill.synonyms]) {
      const key = caseSensitive(synonym) ? synonym : synonym.toLowerCase();
      const other = phrases.get(key);
      if (other && other !== skill.id && skill.synonyms.includes(synonym))
        problems.push(`"${synonym}" names both ${other} and ${skill.id}`);
      if (!other) phrases.set(key, skill.id);
    }
    if (skill.teaches && skill.concepts.length === 0)
      problems.push(`skill ${skill.id} says PyDojo teaches it but names no exercise concept`);
    const { junior, mid, senior } = skill.levels;
    if (new Set([junior, mid, senior].map((t) => t.trim().toLowerCase())).size < 3)
      problems.push(
        `skill ${skill.id}: its junior, mid and senior levels must say different things`,
      );
  }
  for (const skill of map.skills)
    for (const related of skill.related)
      if (!ids.has(related))
        problems.push(`skill ${skill.id}: related skill ${related} does not exist`);
  return problems;
}

export interface SkillHit {
  skill: string;
  /** The words of the text that named it (the first time). */
  matched: string;
  /** 1-based line of that first mention. */
  line: number;
  /** Required unless every mention is in a nice-to-have place. */
  required: boolean;
}

export interface Extraction {
  hits: SkillHit[];
  /** Skills mentioned only to be excluded ("no Java needed"). */
  excluded: string[];
}

/**
 * Matched with its case: an acronym written in capitals ("REST", "SOLID": "rest" and "solid"
 * are ordinary words), or a short capitalised name ("Go", "Rust").
 */
function caseSensitive(phrase: string): boolean {
  const letters = phrase.replace(/[^A-Za-z]/g, "");
  if (!/[A-Z]/.test(letters)) return false;
  return (letters === letters.toUpperCase() && letters.length >= 2) || letters.length <= 4;
}

/** After a short name, words that show it was the verb ("Go to market"), not the language. */
const VERB_FOLLOWERS =
  "(?!\\s+(?:to|the|a|an|from|into|live|ahead|back|beyond|through|further|over|above)\\b)";

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A phrase as a pattern: whole words, flexible spaces and hyphens, an optional version after it. */
function phrasePattern(phrase: string): string {
  const guard =
    caseSensitive(phrase) && phrase.replace(/[^A-Za-z]/g, "").length <= 3 ? VERB_FOLLOWERS : "";
  const body = phrase
    .trim()
    .split(/[\s-]+/)
    .map(escape)
    .join("[\\s-]+");
  return `(?<![\\w.#+])${body}(?:\\s?v?\\d+(?:\\.\\d+)*(?:\\+)?)?(?![\\w#+]|\\.\\w)${guard}`;
}

interface CompiledSkill {
  id: string;
  patterns: RegExp[];
}

const compiled = new WeakMap<SkillMap, CompiledSkill[]>();

function compile(map: SkillMap): CompiledSkill[] {
  let out = compiled.get(map);
  if (!out) {
    out = map.skills.map((skill) => {
      const phrases = [...new Set([skill.name, ...skill.synonyms])];
      const sensitive = phrases.filter(caseSensitive);
      const insensitive = phrases.filter((p) => !caseSensitive(p));
      // Longer phrases first, so "Python web frameworks" wins over "Python" in the alternation.
      const byLength = (a: string, b: string) => b.length - a.length;
      const patterns: RegExp[] = [];
      if (insensitive.length)
        patterns.push(new RegExp(insensitive.sort(byLength).map(phrasePattern).join("|"), "giu"));
      if (sensitive.length)
        patterns.push(new RegExp(sensitive.sort(byLength).map(phrasePattern).join("|"), "gu"));
      return { id: skill.id, patterns };
    });
    compiled.set(map, out);
  }
  return out;
}

type Section = "required" | "nice" | "excluded" | "ignored";

const APOSTROPHE = "['’]";
const NICE_HEADING = new RegExp(
  "\\b(nice[\\s-]to[\\s-]haves?|bonus(?: points)?|plus points|preferred|desirable|pluses|good to have|would be (?:a )?(?:plus|nice|great)|it" +
    APOSTROPHE +
    "?d be (?:great|nice)|great if|even better|stand out|optional|extra credit|advantageous|an advantage|welcome|not essential|extras|would help|not (?:a )?deal[\\s-]?breakers?)\\b",
  "i",
);
const REQUIRED_HEADING = new RegExp(
  `\\b(requirements?|required|must[\\s-]haves?|(?:what )?you${APOSTROPHE}?ll need|what we${APOSTROPHE}?re looking for|we${APOSTROPHE}?re looking for|you have|you should (?:have|bring)|qualifications|essential|criteria|skills|about you|your profile|responsibilities|what you${APOSTROPHE}?ll do|tech stack|our stack|stack|core)\\b`,
  "i",
);
/** Headings of what the job does not ask for ("What we don't need from you"). */
const EXCLUDED_HEADING = new RegExp(
  `\\b((?:don|doesn|won)${APOSTROPHE}?t (?:need|expect|require)|do(?:es)? not (?:need|expect|require)|not (?:required|needed|necessary|expected)|not a requirement|no need)\\b`,
  "i",
);
/** Sections about the employer, not the job: benefits, the company, applying. */
const IGNORED_HEADING =
  /\b(benefits|perks|what we offer|we offer|what you(?:'|’)?ll get|about us|about the company|who we are|how to apply|why join|compensation|salary|our values)\b/i;
/** In the clause after a mention: "Docker is a plus". */
const NICE_INLINE =
  /\b(?:is|are)\s+(?:a\s+)?(?:big\s+)?plus\b|=\s*(?:a\s+)?plus\b|\b(?:a plus|nice[\s-]to[\s-]have|bonus|preferred|desirable|not required but|would be (?:great|nice|a plus|helpful)|optional|helpful)\b/i;
/** In the clause before a mention: "ideally Django", "bonus if you know Alembic". */
const NICE_LEAD =
  /\b(ideally|preferably|optionally|bonus|nice[\s-]to[\s-]have|good to have|a plus if|plus if)\b/i;
/** Negation cues before a mention in the same clause; commas may follow them only in a list. */
const NEGATION_CUE = new RegExp(
  `\\b(?:no|not|without|never|neither|nor|(?:don|doesn|isn|aren|won)${APOSTROPHE}?t|do(?:es)? not|you(?:${APOSTROPHE}ll| will) learn|(?:willing(?:ness)?|happy|keen|eager) to learn|we(?:${APOSTROPHE}ll| will) teach)\\b`,
  "gi",
);
/** "X not required", "X is not needed", "X: not necessary". */
const NEGATION_AFTER =
  /^[^,;.()]{0,40}?\b(?:(?:is|are)\s+)?(?:not|n't)\s+(?:required|needed|necessary|a requirement|expected)\b|^\s*(?:(?:is|are)\s+)?(?:unnecessary|not a must)\b/i;
/** "not required but nice" reads as nice-to-have, not as excluded. */
const NOT_REQUIRED_BUT_NICE =
  /not (?:required|needed|necessary),? but (?:nice|a plus|welcome|helpful)/i;

function isHeading(line: string): boolean {
  const text = line.trim();
  if (!text) return false;
  if (/^#{1,6}\s/.test(text)) return true;
  if (/:\s*$/.test(text) && text.length <= 60) return true;
  return (
    /^[A-Z][A-Za-z' ’/&(),-]{2,60}$/.test(text) &&
    text.split(/\s+/).length <= 6 &&
    !/[.]$/.test(text)
  );
}

/** What a heading (or an inline label such as "Nice to have:") says about what follows. */
function classifyHeading(text: string): Section | undefined {
  // MoSCoW labels: "Must:", "Should:", "Could:".
  const moscow = /^\s*(must|should|could)(?:\s+have)?\s*:?\s*$/i.exec(text)?.[1]?.toLowerCase();
  if (moscow) return moscow === "must" ? "required" : "nice";
  if (NOT_REQUIRED_BUT_NICE.test(text) || NICE_HEADING.test(text)) return "nice";
  if (EXCLUDED_HEADING.test(text)) return "excluded";
  if (IGNORED_HEADING.test(text)) return "ignored";
  if (REQUIRED_HEADING.test(text)) return "required";
  return undefined;
}

/** "Must have: Python; pytest" — a short label before a colon, followed by the list. */
const INLINE_LABEL = /^\s*(?:[-*•·◦→]\s*)?([A-Za-z][A-Za-z '’/-]{1,40}?)\s*:\s+\S/;

/** Whether a negation cue before a mention reaches it: in the same clause, or across a list. */
function negatedBefore(clause: string): boolean {
  let last: RegExpExecArray | undefined;
  NEGATION_CUE.lastIndex = 0;
  for (let m = NEGATION_CUE.exec(clause); m; m = NEGATION_CUE.exec(clause)) last = m;
  if (!last) return false;
  // "You don't need to know Django, Docker or AWS": the items after a comma are short.
  const [, ...items] = clause.slice(last.index).split(",");
  return items.every((item) => item.trim().split(/\s+/).length <= 4);
}

interface Mention {
  skill: string;
  start: number;
  end: number;
  text: string;
}

/** Every match on a line, less those inside a longer match of another skill ("GitHub Actions"). */
function mentions(line: string, skills: CompiledSkill[]): Mention[] {
  const all: Mention[] = [];
  for (const skill of skills)
    for (const pattern of skill.patterns) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(line); m; m = pattern.exec(line))
        all.push({ skill: skill.id, start: m.index, end: m.index + m[0].length, text: m[0] });
    }
  return all
    .filter(
      (a) =>
        !all.some(
          (b) =>
            b.skill !== a.skill &&
            b.start <= a.start &&
            b.end >= a.end &&
            b.end - b.start > a.end - a.start,
        ),
    )
    .sort((a, b) => a.start - b.start);
}

/** Long lines are read a sentence or so at a time, so that the work stays linear in the text. */
const MAX_SEGMENT = 400;

function segments(line: string): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > MAX_SEGMENT) {
    const window = rest.slice(0, MAX_SEGMENT);
    let cut = Math.max(...[". ", "; ", "! ", "? "].map((end) => window.lastIndexOf(end))) + 2;
    if (cut < MAX_SEGMENT / 4) cut = window.lastIndexOf(" ") + 1;
    if (cut < MAX_SEGMENT / 4) cut = MAX_SEGMENT;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(rest);
  return out;
}

interface Found {
  hit: SkillHit;
  /** Mentioned under a section heading (not only in the introduction). */
  inSection: boolean;
}

/**
 * The skills a text names, in order of first mention, each required or nice to have, and the
 * skills it explicitly excludes.
 */
export function extractSkills(text: string, map: SkillMap): Extraction {
  const skills = compile(map);
  const seen = new Map<string, Found>();
  const excluded = new Set<string>();
  const excludedAt = new Map<string, { segment: string; end: number }>();
  let section: Section = "required";
  let intro = true;
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/[\u2022\u25cf\u25aa\u2013\u2014]/g, (c) =>
      c === "\u2013" || c === "\u2014" ? "-" : " ",
    );
    let lineSection: Section = section;
    if (isHeading(line)) {
      const kind = classifyHeading(line.replace(/^#+\s*/, ""));
      if (kind) {
        section = lineSection = kind;
        intro = false;
      } else if (
        (section === "ignored" || section === "excluded") &&
        (/^\s*#/.test(line) || !lines[index - 1]?.trim())
      ) {
        // "About us" then "The role": a new block after a blank line ends the aside.
        section = lineSection = "required";
      }
    } else {
      const label = INLINE_LABEL.exec(line)?.[1];
      const kind = label === undefined ? undefined : classifyHeading(label);
      if (kind) lineSection = kind;
    }
    if (lineSection === "ignored" || !/[A-Za-z]/.test(line)) continue;
    const inSection = !intro;
    for (const [part, segment] of segments(line).entries())
      for (const m of mentions(segment, skills)) {
        const key = `${index}:${part}`;
        const before = segment.slice(0, m.start);
        const after = segment.slice(m.end);
        const clause = before.slice(
          Math.max(...[";", ".", "(", ")"].map((c) => before.lastIndexOf(c))) + 1,
        );
        const niceClause = before.slice(
          Math.max(...[",", ";", ". ", "(", " - "].map((c) => before.lastIndexOf(c))) + 1,
        );
        const clauseAfter = after.split(/[;()]|\.(?:\s|$)/)[0] ?? "";
        const butNice = NOT_REQUIRED_BUT_NICE.test(segment);
        const niceHere =
          lineSection === "nice" ||
          butNice ||
          NICE_LEAD.test(niceClause) ||
          NICE_INLINE.test(clauseAfter);
        const negated =
          !butNice &&
          (lineSection === "excluded" ||
            negatedBefore(clause) ||
            NEGATION_AFTER.test(after) ||
            /^\s*(?:not|n't)\b/i.test(clauseAfter));
        if (negated) {
          if (!seen.has(m.skill)) {
            excluded.add(m.skill);
            excludedAt.set(m.skill, { segment: key, end: m.end });
          }
          continue;
        }
        // "Python is not required, but you'll see some Python scripts": the same sentence.
        const ruledOut = excludedAt.get(m.skill);
        if (
          ruledOut?.segment === key &&
          !/[.!?](?:\s|$)/.test(segment.slice(ruledOut.end, m.start))
        )
          continue;
        excluded.delete(m.skill);
        excludedAt.delete(m.skill);
        const found = seen.get(m.skill);
        if (!found)
          seen.set(m.skill, {
            hit: { skill: m.skill, matched: m.text, line: index + 1, required: !niceHere },
            inSection,
          });
        else if (inSection && !found.inSection) {
          // A section's word beats the introduction's: "some Python" then "Nice to have: Python".
          found.hit.required = !niceHere;
          found.inSection = true;
        } else if (inSection || !found.inSection) found.hit.required ||= !niceHere;
      }
  }
  return { hits: [...seen.values()].map((f) => f.hit), excluded: [...excluded] };
}

/** Skills whose evidence is an exercise with one of its concepts (teaches=true skills only). */
export function evidenceConcepts(map: SkillMap): Map<string, Set<string>> {
  return new Map(map.skills.filter((s) => s.teaches).map((s) => [s.id, new Set(s.concepts)]));
}

/** Hand-written labels of one text: a posting's required/nice/excluded, a résumé's claimed. */
export interface SkillLabels {
  required?: string[];
  nice?: string[];
  claimed?: string[];
  excluded?: string[];
}

export interface ExtractionScore {
  /** Labelled but not found. */
  misses: string[];
  /** Found but not labelled. */
  extras: string[];
  /** Found and labelled, but required where labelled nice or the reverse (postings only). */
  wrongSplit: string[];
  /** Found and labelled, with required/nice labels to compare against. */
  splitChecked: number;
  exclusionMisses: string[];
  exclusionExtras: string[];
  /** Exclusions both labelled and predicted. */
  exclusionRight: number;
  found: number;
  labelled: number;
  correct: number;
}

/** How an extraction compares with the labels of its text. */
export function scoreExtraction(extraction: Extraction, labels: SkillLabels): ExtractionScore {
  const required = new Set(labels.required ?? []);
  const expected = new Set([...required, ...(labels.nice ?? []), ...(labels.claimed ?? [])]);
  const found = new Map(extraction.hits.map((h) => [h.skill, h.required]));
  const hasSplit = labels.required !== undefined || labels.nice !== undefined;
  const correct = [...found.keys()].filter((s) => expected.has(s));
  const excluded = new Set(labels.excluded ?? []);
  const predicted = new Set(extraction.excluded);
  return {
    misses: [...expected].filter((s) => !found.has(s)),
    extras: [...found.keys()].filter((s) => !expected.has(s)),
    wrongSplit: hasSplit ? correct.filter((s) => found.get(s) !== required.has(s)) : [],
    splitChecked: hasSplit ? correct.length : 0,
    exclusionMisses: [...excluded].filter((s) => !predicted.has(s)),
    exclusionExtras: [...predicted].filter((s) => !excluded.has(s)),
    exclusionRight: [...predicted].filter((s) => excluded.has(s)).length,
    found: found.size,
    labelled: expected.size,
    correct: correct.length,
  };
}

export interface CorpusScore {
  precision: number;
  recall: number;
  /** Share of correctly found posting skills with the right required/nice flag. */
  splitAccuracy: number;
  /** Exclusions right over exclusions labelled or predicted (1 when there are none). */
  exclusionAccuracy: number;
}

export function summarizeScores(scores: ExtractionScore[]): CorpusScore {
  const sum = (f: (s: ExtractionScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  const correct = sum((s) => s.correct);
  const exclusionWrong = sum((s) => s.exclusionMisses.length + s.exclusionExtras.length);
  const exclusionRight = sum((s) => s.exclusionRight);
  return {
    precision: ratio(
      correct,
      sum((s) => s.found),
    ),
    recall: ratio(
      correct,
      sum((s) => s.labelled),
    ),
    splitAccuracy: ratio(
      sum((s) => s.splitChecked - s.wrongSplit.length),
      sum((s) => s.splitChecked),
    ),
    exclusionAccuracy: ratio(exclusionRight, exclusionRight + exclusionWrong),
  };
}
