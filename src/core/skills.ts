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

/** After a short name, words that show it was the verb ("Go to market", "Go-getter"), not the language. */
const VERB_FOLLOWERS =
  "(?![\\s-]+(?:to|the|a|an|from|into|live|ahead|back|beyond|through|further|over|above|getter|getters)\\b)";

/**
 * Phrases that are also everyday words, with the neighbours that show the everyday sense:
 * "we react quickly", "a spring festival", "one-click deploys", "reinvent the wheel",
 * "Black and minority-ethnic candidates", "Apache Kafka" (not the web server), "security
 * clearance", "a music streaming service", "a high-performance team", "card transactions".
 * Keyed by the phrase in lower case with single spaces.
 */
const GUARDS: Record<string, { notBefore?: string; notAfter?: string }> = {
  react: {
    notAfter:
      "\\s+(?:to|quickly|fast|faster|swiftly|promptly|calmly|well|when|accordingly|appropriately)\\b",
  },
  node: {
    notBefore: "\\b(?:every|each|one|per|worker|master|cluster|k8s|kubernetes)\\s+",
    notAfter: "\\s+(?:pools?|groups?|types?|in|of|matters|failures?)\\b",
  },
  spring: {
    notBefore: "\\b(?:a|this|next|last|in|early|late|our)\\s+",
    notAfter:
      "[\\s-]+(?:and\\s+summer|summer|music|festival|semester|term|season|sale|collections?|intake|cohort|break|clean(?:ing)?|\\d{4})\\b",
  },
  click: {
    notBefore: "[-\u2011]|\\b(?:one|two|single|a|few)\\s+",
    notAfter: "\\s+(?:here|to|through|the|on|away|a|an|apply|of|below|and)\\b",
  },
  wheel: { notBefore: "\\breinvent(?:ing|s)?\\s+the\\s+|\\bsteering\\s+" },
  black: {
    notAfter:
      "[\\s,]+(?:and\\s+)?(?:indigenous|asian|latin[oax]?|hispanic|minority|minorities|african|women|people|candidates|engineers|communities|history|friday|and\\s+minority)\\b|[\\s-]+box\\b",
  },
  apache: {
    notAfter:
      "\\s+(?:kafka|spark|airflow|flink|beam|cassandra|hadoop|hive|superset|iceberg|arrow|druid|pulsar|nifi|camel|solr|lucene|storm|parquet|avro|zookeeper|ignite|pinot|hudi|maven|tomcat|groovy|hbase|kudu)\\b",
  },
  security: {
    notBefore: "\\b(?:social|job|financial|national|homeland)\\s+",
    notAfter: "\\s+(?:clearance|investigation|vetting|checks?|number|guard|deposit|officer)s?\\b",
  },
  streaming: {
    notBefore: "\\b(?:music|video|audio|live|game|games|tv|media|content|podcast)\\s+",
    notAfter: "\\s+(?:service|platform|app|giant|company)\\b",
  },
  "high performance": {
    notAfter:
      "[\\s-]+(?:team|teams|culture|environment|organi[sz]ation|people|engineers|mindset|athletes?)\\b",
  },
  collections: {
    notBefore: "\\b(?:spring|summer|autumn|winter|fall|debt|art|museum|fashion|new)\\s+",
  },
  vault: { notBefore: "\\bdata\\s+" },
  timezones: {
    notBefore:
      "\\b(?:eu|us|uk|european|american|overlapping|multiple|different|several|compatible|similar|cet|gmt|utc|nearby)\\s+",
  },
  "time zones": {
    notBefore:
      "\\b(?:eu|us|uk|european|american|overlapping|multiple|different|several|compatible|similar|cet|gmt|utc|nearby)\\s+",
  },
  transactions: {
    notBefore:
      "\\b(?:card|payment|payments|financial|customer|credit|bank|banking|sales|retail|property)\\s+",
  },
};

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
  const context =
    GUARDS[
      phrase
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, " ")
    ];
  // Checked only where the phrase matched: a lookbehind that ends with the phrase itself.
  const before = context?.notBefore ? `(?<!(?:${context.notBefore})${body})` : "";
  const after = context?.notAfter ? `(?!${context.notAfter})` : "";
  return `(?<![\\w.#+])${body}${before}(?:\\s?v?\\d+(?:\\.\\d+)*(?:\\+)?)?(?![\\w#+]|\\.\\w)${guard}${after}`;
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
  "\\b(nice[\\s-]to[\\s-]haves?|bonus(?: points)?|plus points|extra points|brownie points|preferred|desirable|pluses|assets?|beneficial|(?:is|are|as) (?:a |an )?(?:plus|bonus)|^\\s*plus|good to have|would be (?:a )?(?:plus|nice|great)|it" +
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
  `\\b((?:don|doesn|won)${APOSTROPHE}?t (?:need|expect|require)|do(?:es)? not (?:need|expect|require)|not (?:required|needed|necessary|expected)|not a requirement|no need|not looking for)\\b`,
  "i",
);
/** Sections about the employer, not the job: benefits, the company, applying. */
const IGNORED_HEADING =
  /\b(benefits|perks|what we offer|we offer|what you(?:'|’)?ll get|what(?:'|’)?s in it for you|total rewards|about us|about the company|^about (?!you\b|the (?:role|job|position|team|opportunity|work)\b|this (?:role|job|position)\b|your\b)[a-z][\w&.-]*|who we are|how to apply|why join|why us|compensation|salary|our values|equal (?:employment )?opportunit(?:y|ies)|eeo|diversity|inclusion|our commitment|privacy|how we use your data|data protection|legal notice|security clearance|similar jobs|people also viewed|life at|^(?:currently |now )?learning(?: now)?$|^interests$|^hobbies|^references)\b/i;
/** In the clause after a mention: "Docker is a plus". */
const NICE_INLINE =
  /\b(?:(?:is|are)\s+(?:a\s+)?(?:big\s+)?plus\b|(?:a plus|nice[\s-]to[\s-]have|bonus|preferred|desirable|not required but|would be (?:great|nice|a plus|helpful)|optional|helpful|an asset|an advantage|beneficial|von vorteil|wünschenswert|ein plus|gern gesehen)\b|(?:serait|est|sera) un (?:gros )?plus\b|apprécié|souhaité)|=\s*(?:a\s+)?plus\b/i;
/** In the clause before a mention: "ideally Django", "bonus if you know Alembic". */
const NICE_LEAD =
  /\b(ideally|preferably|optionally|bonus|nice[\s-]to[\s-]have|good to have|a plus if|plus if)\b/i;
/** Negation cues before a mention in the same clause; commas may follow them only in a list. */
const NEGATION_CUE = new RegExp(
  // Not negations: "no-nonsense", "no problem", "not only … but also", "not afraid of a shell".
  `\\b(?:(?:(?:don|doesn)${APOSTROPHE}?t|do(?:es)? not) (?:care|mind)|no(?![-\u2011]\\w)(?!\\s+(?:problem|matter|worries|doubt)\\b)|not(?!\\s+(?:only|just|afraid|scared|shy|intimidated|a problem|least)\\b)|without|never|neither|nor|kein(?:e|en|er|es)?|nicht|ohne|pas|sans|aucune?|ni|(?:don|doesn|isn|aren|won)${APOSTROPHE}?t|do(?:es)? not|you(?:${APOSTROPHE}ll| will) learn|(?:willing(?:ness)?|happy|keen|eager) to learn|we(?:${APOSTROPHE}ll| will) teach)\\b`,
  "gi",
);
/** "X not required", "X is not needed", "X: not necessary". */
const NEGATION_AFTER =
  /^[^,;.()]{0,40}?\b(?:(?:(?:is|are)\s+)?(?:not|n't)\s+(?:required|needed|necessary|a requirement|expected)\b|(?:werden|wird|ist|sind)\s+nicht\s+(?:benötigt|erforderlich|notwendig|nötig|gefordert|vorausgesetzt)|(?:n['’]est\s+pas|pas|non)\s+(?:requis|nécessaire|obligatoire))|^\s*(?:(?:is|are)\s+)?(?:unnecessary|not a must)\b|^[^;.()]{0,60}?,\s*but\s+(?:not|n't)\s+(?:required|needed|necessary|expected|essential)\b/i;
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
function classifyHeading(raw: string): Section | undefined {
  const text = raw.trim();
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
const INLINE_LABEL = /^\s*(?:[-*•·◦→]\s*)?([A-Za-z][A-Za-z '’/,-]{1,40}?)\s*:\s+\S/;

/**
 * A heading-like line that is really one item qualified at its end ("CS degree preferred",
 * "PhDs welcome"): it speaks for itself, not for the lines after it. "Skills required" and
 * "Experience preferred" stay headings.
 */
function qualifiedItem(line: string): boolean {
  const m =
    /^(.*\S)\s+(?:preferred|optional|welcome|required|desirable|essential|a plus|a bonus|an asset)\s*$/i.exec(
      line.trim(),
    );
  return (
    m !== null &&
    classifyHeading(m[1]!) === undefined &&
    !/^(?:(?:additional|desired|other|technical|key|core|minimum|basic|preferred|required|bonus|skills?|qualifications?|experience|requirements?|knowledge|competenc(?:y|ies)|attributes|technologies|tech|abilities|not|also|is|are|be|would|very|highly|strongly|and|&|\/)\s*)+$/i.test(
      m[1]!,
    )
  );
}

/** Words that start a new item rather than continue a negated list: "no egos, just Python". */
const CONTRAST = /^\s*(?:just|but|only|instead|rather|except|yet|plus|though|however)\b/i;

/** Whether a negation cue before a mention reaches it: in the same clause, or across a list. */
function negatedBefore(clause: string): boolean {
  let last: RegExpExecArray | undefined;
  NEGATION_CUE.lastIndex = 0;
  for (let m = NEGATION_CUE.exec(clause); m; m = NEGATION_CUE.exec(clause)) last = m;
  if (!last) return false;
  // "We don't care about your degree, your years of experience or whether you've used X".
  if (/(?:care|mind)$/i.test(last[0])) return true;
  // "You don't need to know Django, Docker or AWS": the items after a comma are short.
  const [, ...items] = clause.slice(last.index).split(",");
  return items.every((item) => item.trim().split(/\s+/).length <= 4 && !CONTRAST.test(item));
}

interface Mention {
  skill: string;
  start: number;
  end: number;
  text: string;
}

/**
 * Skills whose names still count inside another skill's longer phrase: a framework's name
 * ("Django REST Framework", "Django ORM") is also a framework the posting asks for.
 */
const NAMED_INSIDE = new Set(["web-frameworks"]);

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
        NAMED_INSIDE.has(a.skill) ||
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

/** The cells of a Markdown table row, or undefined for any other line. */
function tableCells(line: string): string[] | undefined {
  if (!/^\s*\|.*\|\s*$/.test(line)) return undefined;
  return line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((cell) => cell.trim());
}

/** Tags that end a line of text in pasted HTML. */
const HTML_BLOCK =
  /<\/?(?:p|li|h[1-6]|ul|ol|div|br|tr|section|article|header|footer|dt|dd|table|blockquote)\b[^>]*>/gi;
const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/**
 * The text as plain lines: pasted HTML (a careers page's source) loses its tags, scripts and
 * entities, block tags ending lines; Markdown's bold (**Nice to have**) loses its stars, so that
 * headings and labels written that way are read as such.
 */
function plainLines(text: string): string[] {
  let plain = text.replace(/\r\n?/g, "\n");
  if (/<\/(?:p|li|h[1-6]|ul|ol|div|td|span|a|strong|b)>/i.test(plain))
    plain = plain
      .replace(/<(script|style|template|noscript|svg)\b[\s\S]*?<\/\1\s*>/gi, " ")
      .replace(/<!--[\s\S]*?-->/g, " ")
      .replace(HTML_BLOCK, "\n")
      .replace(/<[^>]*>/g, " ")
      .replace(
        /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos|nbsp));/gi,
        (_, dec, hex, name) => {
          if (name) return ENTITIES[(name as string).toLowerCase()]!;
          const code = dec ? Number(dec) : parseInt(hex as string, 16);
          return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : " ";
        },
      );
  const lines = plain
    .split("\n")
    .map((line) => line.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2"));
  // Text from a PDF breaks words at line ends ("Post-" / "greSQL"): the word is put back together
  // on the first line, and the lines keep their numbers.
  for (let i = 0; i + 1 < lines.length; i++) {
    const broken = /[A-Za-z]{2}-$/.test(lines[i]!) && /^\s*[A-Za-z]/.exec(lines[i + 1]!);
    if (!broken) continue;
    const next = lines[i + 1]!.trimStart();
    const word = /^[\w.]+/.exec(next)![0];
    lines[i] = lines[i]!.slice(0, -1) + word;
    lines[i + 1] = next.slice(word.length);
  }
  return lines;
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
  const excludedAt = new Map<string, { segment: string; end: number; text: string }>();
  let section: Section = "required";
  let intro = true;
  /** What the columns of the Markdown table being read are ("| Area | Must have | Nice to have |"). */
  let columns: (Section | undefined)[] | undefined;
  const lines = plainLines(text);
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/[\u2022\u25cf\u25aa\u2013\u2014]/g, (c) =>
      c === "\u2013" || c === "\u2014" ? "-" : " ",
    );
    // "• CS degree preferred" is an item of a list, never a heading.
    const bulleted = /^\s*[\u2022\u25cf\u25aa]/.test(raw);
    let lineSection: Section = section;
    /** Where an inline label ("Bonus, not required: Docker") ends: its words are not a clause. */
    let labelEnd = 0;
    if (!bulleted && isHeading(line)) {
      const kind = classifyHeading(line.replace(/^#+\s*/, ""));
      if (kind && qualifiedItem(line)) lineSection = kind;
      else if (kind) {
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
      const label = INLINE_LABEL.exec(line);
      const kind = label === null ? undefined : classifyHeading(label[1]!);
      if (label && kind) {
        lineSection = kind;
        labelEnd = line.indexOf(":", label[0].indexOf(label[1]!)) + 1;
      }
    }
    const cells = tableCells(line);
    if (!cells) columns = undefined;
    else if (/^\s*\|?\s*:?-{3,}/.test(lines[index + 1] ?? "")) {
      columns = cells.map((cell) => classifyHeading(cell));
      if (columns.some(Boolean)) intro = false;
    }
    if (lineSection === "ignored" || !/[A-Za-z]/.test(line)) continue;
    const inSection = !intro;
    // A table row is read a cell at a time, each with its column's section.
    const pieces: [string, Section][] =
      cells && columns
        ? cells.map((cell, i) => [cell, columns![i] ?? lineSection])
        : segments(line).map((segment) => [segment, lineSection]);
    let offset = 0;
    for (const [part, [segment, pieceSection]] of pieces.entries()) {
      if (pieceSection === "ignored") continue;
      const found = mentions(segment, skills);
      for (const m of found) {
        const key = `${index}:${part}`;
        const before = segment.slice(Math.max(0, labelEnd - offset), m.start);
        const after = segment.slice(m.end);
        const clause = before.slice(
          Math.max(...[";", ".", "(", ")", "!", "?"].map((c) => before.lastIndexOf(c))) + 1,
        );
        const niceClause = before.slice(
          Math.max(...[",", ";", ". ", "(", " - "].map((c) => before.lastIndexOf(c))) + 1,
        );
        const clauseAfter = after.split(/[;()!?]|\.(?:\s|$)/)[0] ?? "";
        const butNice = NOT_REQUIRED_BUT_NICE.test(segment);
        const niceHere =
          pieceSection === "nice" ||
          butNice ||
          NICE_LEAD.test(niceClause) ||
          niceAfter(clauseAfter, found, m.end);
        const negated =
          !butNice &&
          (pieceSection === "excluded" ||
            negatedBefore(clause) ||
            // "Strong Python - formal degree not required": the dash starts another item.
            NEGATION_AFTER.test(after.slice(0, 120).split(/\s-\s/)[0] ?? "") ||
            /^\s*(?:not|n't)\b/i.test(clauseAfter));
        if (negated) {
          if (!seen.has(m.skill)) {
            excluded.add(m.skill);
            excludedAt.set(m.skill, { segment: key, end: m.end, text: m.text.toLowerCase() });
          }
          continue;
        }
        // "Python is not required, but you'll see some Python scripts": the same words in the
        // same sentence. Another name of the skill ("not Django; we use FastAPI") still counts.
        const ruledOut = excludedAt.get(m.skill);
        if (
          ruledOut?.segment === key &&
          ruledOut.text === m.text.toLowerCase() &&
          !/[.!?](?:\s|$)/.test(segment.slice(ruledOut.end, m.start))
        )
          continue;
        excluded.delete(m.skill);
        excludedAt.delete(m.skill);
        const prior = seen.get(m.skill);
        if (!prior)
          seen.set(m.skill, {
            hit: { skill: m.skill, matched: m.text, line: index + 1, required: !niceHere },
            inSection,
          });
        else if (inSection && !prior.inSection) {
          // A section's word beats the introduction's: "some Python" then "Nice to have: Python".
          prior.hit.required = !niceHere;
          prior.inSection = true;
        } else if (inSection || !prior.inSection) prior.hit.required ||= !niceHere;
      }
      offset += segment.length;
    }
  }
  return { hits: [...seen.values()].map((f) => f.hit), excluded: [...excluded] };
}

/**
 * Whether a nice-to-have cue after a mention speaks for it: not across a word that makes it
 * required ("Python 3 required, Docker preferred"), nor when the cue leads a later mention
 * ("strong Python, bonus if you know Docker").
 */
function niceAfter(clauseAfter: string, found: Mention[], end: number): boolean {
  const cue = NICE_INLINE.exec(clauseAfter);
  if (!cue) return false;
  if (
    /\b(?:required|must|essential|mandatory|erforderlich|requis)\b/i.test(
      clauseAfter.slice(0, cue.index),
    )
  )
    return false;
  const cueEnd = end + cue.index + cue[0].length;
  const next = found.find((o) => o.start >= cueEnd && o.start < end + clauseAfter.length);
  return next === undefined || clauseAfter.slice(cue.index, next.start - end).includes(",");
}

/** Common words of the languages postings come in, to tell which one a text is in. */
const STOPWORDS: Record<string, RegExp> = {
  English: /\b(?:the|and|you|with|of|to|we|our|for|are|is|in|experience|will)\b/gi,
  German:
    /\b(?:und|der|die|das|mit|für|wir|sind|ist|eine?|ihr|du|deine?|kenntnisse|erfahrung|oder)\b/gi,
  French: /\b(?:et|le|la|les|des|avec|pour|nous|vous|est|une?|du|expérience|connaissances?)\b/gi,
  Spanish: /\b(?:el|los|las|con|para|nosotros|es|una?|del|experiencia|conocimientos|o)\b/gi,
  Dutch: /\b(?:en|het|de|een|met|voor|wij|jij|je|ervaring|kennis|van)\b/gi,
};

/**
 * The language a text seems to be written in, when it is clearly not English (its negations and
 * nice-to-have phrasings are then read only in part), else undefined.
 */
export function foreignLanguage(text: string): string | undefined {
  const sample = text.slice(0, 20_000);
  const counts = Object.entries(STOPWORDS).map(
    ([lang, words]) => [lang, sample.match(words)?.length ?? 0] as const,
  );
  const english = counts.find(([lang]) => lang === "English")![1];
  const [best, count] = counts
    .filter(([lang]) => lang !== "English")
    .sort((a, b) => b[1] - a[1])[0]!;
  return count >= 5 && count > english * 1.5 ? best : undefined;
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
