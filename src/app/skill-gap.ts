/**
 * From a job posting (or a résumé) to a skills gap and a path: which skills it asks for the
 * learner has verified (a passed server verdict on an exercise that gives evidence of it), which
 * are in progress or missing, which PyDojo does not teach, and the ordered exercises that close
 * the gap, prerequisites first. With a résumé too: which skills it claims are verified here and
 * which are not, and what the posting asks for that the résumé doesn't mention. Pure: the
 * course, the map and the learner's states come in.
 */
import type { PydojoMeta } from "../core/exercise.js";
import { extractSkills, foreignLanguage, type Skill, type SkillMap } from "../core/skills.js";

export interface GapExercise {
  id: string;
  title: string;
  concepts: string[];
  minutes: number;
  prerequisites: string[];
}

export type ExerciseState = "passed" | "attempted" | "started" | "not-started";

export interface GapSkill {
  id: string;
  name: string;
  required: boolean;
  /** The words of the posting that named it, and where. */
  matched: string;
  line: number;
  status: "verified" | "in-progress" | "missing" | "not-taught";
  /** Passed exercises that prove it (verified), or those that would. */
  evidence: string[];
}

export interface GapReport {
  skills: GapSkill[];
  /** Skills the text rules out ("no Java needed"), by id. */
  excluded: string[];
  /** The same, by name, for showing. */
  excludedNames: string[];
  /**
   * The language the text seems to be in, when it is clearly not English: its phrasings of
   * "optional" and "not needed" are read only in part, so the list deserves a second look.
   */
  language?: string;
  path: { id: string; title: string; minutes: number; skills: string[] }[];
  hours: number;
  /** Present when a résumé came with the posting. */
  resume?: ResumeComparison;
}

export interface ResumeClaim {
  id: string;
  name: string;
  /** verified: a passed server verdict proves it; not-taught: PyDojo cannot prove it either way. */
  status: GapSkill["status"];
  /** Passed exercises that prove it (verified), or those that would. */
  evidence: string[];
  /** Whether the posting asks for it too. */
  inPosting: boolean;
  matched: string;
  line: number;
}

export interface ResumeComparison {
  /** Every skill the résumé names, in its order. */
  claimed: ResumeClaim[];
  /** Skills the posting asks for that the résumé doesn't mention, required first. */
  unmentioned: { id: string; name: string; required: boolean; status: GapSkill["status"] }[];
}

/**
 * Skills the server says the learner has verified, with the exercises that prove them
 * (`GET /api/me/skills`): they win over the states, which only know the exercises of one course.
 */
export type VerifiedSkills = ReadonlyMap<string, string[]>;

/** Exercises per missing skill taken into the path (the first ones in course order). */
const PER_SKILL = 2;

export function skillGap(
  text: string,
  map: SkillMap,
  course: GapExercise[],
  states: ReadonlyMap<string, ExerciseState> = new Map(),
  verified: VerifiedSkills = new Map(),
): GapReport {
  const { hits, excluded } = extractSkills(text, map);
  const byId = new Map(map.skills.map((s) => [s.id, s]));
  const order = new Map(course.map((e, i) => [e.id, i]));
  const exercises = new Map(course.map((e) => [e.id, e]));
  const skills: GapSkill[] = hits.map((hit) => ({
    id: hit.skill,
    name: byId.get(hit.skill)!.name,
    required: hit.required,
    matched: hit.matched,
    line: hit.line,
    ...skillStatus(byId.get(hit.skill)!, course, states, verified),
  }));
  // The path: for each skill still to prove, its first exercises and their prerequisites not
  // yet passed, in course order.
  const chosen = new Map<string, Set<string>>();
  const take = (id: string, skill: string | null) => {
    if (states.get(id) === "passed" || !exercises.has(id)) return;
    const fresh = !chosen.has(id);
    if (fresh) chosen.set(id, new Set());
    if (skill) chosen.get(id)!.add(skill);
    if (fresh) for (const pre of exercises.get(id)!.prerequisites) take(pre, null);
  };
  for (const skill of skills)
    if (skill.status === "missing" || skill.status === "in-progress")
      for (const id of skill.evidence) take(id, skill.id);
  const path = [...chosen.entries()]
    .sort(([a], [b]) => order.get(a)! - order.get(b)!)
    .map(([id, forSkills]) => {
      const e = exercises.get(id)!;
      return { id, title: e.title, minutes: e.minutes, skills: [...forSkills] };
    });
  const hours = Math.round((path.reduce((sum, p) => sum + p.minutes, 0) / 60) * 10) / 10;
  const language = foreignLanguage(text);
  return {
    skills,
    excluded,
    excludedNames: excluded.map((id) => byId.get(id)?.name ?? id),
    path,
    hours,
    ...(language ? { language } : {}),
  };
}

/** One skill's status for a learner, and the exercises that prove it or would. */
function skillStatus(
  skill: Skill,
  course: GapExercise[],
  states: ReadonlyMap<string, ExerciseState>,
  verified: VerifiedSkills,
): { status: GapSkill["status"]; evidence: string[] } {
  if (!skill.teaches) return { status: "not-taught", evidence: [] };
  const proof = verified.get(skill.id);
  if (proof?.length) return { status: "verified", evidence: [...proof] };
  const candidates = course.filter((e) => e.concepts.some((c) => skill.concepts.includes(c)));
  const passed = candidates.filter((e) => states.get(e.id) === "passed").map((e) => e.id);
  if (passed.length) return { status: "verified", evidence: passed };
  const started = candidates.some((e) => ["attempted", "started"].includes(states.get(e.id) ?? ""));
  return {
    status: started ? "in-progress" : "missing",
    evidence: candidates.slice(0, PER_SKILL).map((e) => e.id),
  };
}

/**
 * A résumé against a posting's report: each skill the résumé claims, verified here or not, and
 * what the posting asks for that the résumé doesn't name. Exclusions in a résumé ("no Java") are
 * not claims.
 */
export function compareResume(
  resume: string,
  report: GapReport,
  map: SkillMap,
  course: GapExercise[],
  states: ReadonlyMap<string, ExerciseState> = new Map(),
  verified: VerifiedSkills = new Map(),
): ResumeComparison {
  const byId = new Map(map.skills.map((s) => [s.id, s]));
  const wanted = new Set(report.skills.map((s) => s.id));
  const { hits } = extractSkills(resume, map);
  const claimedIds = new Set(hits.map((h) => h.skill));
  const claimed = hits.map((hit) => ({
    id: hit.skill,
    name: byId.get(hit.skill)!.name,
    ...skillStatus(byId.get(hit.skill)!, course, states, verified),
    inPosting: wanted.has(hit.skill),
    matched: hit.matched,
    line: hit.line,
  }));
  const unmentioned = report.skills
    .filter((s) => !claimedIds.has(s.id))
    .sort((a, b) => Number(b.required) - Number(a.required))
    .map((s) => ({ id: s.id, name: s.name, required: s.required, status: s.status }));
  return { claimed, unmentioned };
}

/** A loaded exercise (or project stage), as far as the gap report reads it (no file access here). */
interface ExerciseLike {
  title: string;
  meta: Pick<PydojoMeta, "id" | "concepts" | "estimatedMinutes" | "prerequisites"> | null;
}

/** An exercise (or a project stage) as the gap report takes it. */
export function toGapExercise(e: ExerciseLike): GapExercise {
  return {
    id: e.meta!.id,
    title: e.title,
    concepts: e.meta!.concepts,
    minutes: e.meta!.estimatedMinutes,
    prerequisites: e.meta!.prerequisites,
  };
}
