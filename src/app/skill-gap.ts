/**
 * From a job posting (or a résumé) to a skills gap and a path: which skills it asks for the
 * learner has verified (a passed server verdict on an exercise that gives evidence of it), which
 * are in progress or missing, which PyDojo does not teach, and the ordered exercises that close
 * the gap, prerequisites first. Pure: the course, the map and the learner's states come in.
 */
import { extractSkills, type SkillMap } from "../core/skills.js";

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
  /** Skills the text rules out ("no Java needed"). */
  excluded: string[];
  path: { id: string; title: string; minutes: number; skills: string[] }[];
  hours: number;
}

/** Exercises per missing skill taken into the path (the first ones in course order). */
const PER_SKILL = 2;

export function skillGap(
  text: string,
  map: SkillMap,
  course: GapExercise[],
  states: ReadonlyMap<string, ExerciseState> = new Map(),
): GapReport {
  const { hits, excluded } = extractSkills(text, map);
  const byId = new Map(map.skills.map((s) => [s.id, s]));
  const order = new Map(course.map((e, i) => [e.id, i]));
  const exercises = new Map(course.map((e) => [e.id, e]));
  const carrying = (concepts: readonly string[]) =>
    course.filter((e) => e.concepts.some((c) => concepts.includes(c)));
  const skills: GapSkill[] = hits.map((hit) => {
    const skill = byId.get(hit.skill)!;
    const base = {
      id: skill.id,
      name: skill.name,
      required: hit.required,
      matched: hit.matched,
      line: hit.line,
    };
    if (!skill.teaches) return { ...base, status: "not-taught", evidence: [] };
    const candidates = carrying(skill.concepts);
    const passed = candidates.filter((e) => states.get(e.id) === "passed").map((e) => e.id);
    if (passed.length) return { ...base, status: "verified", evidence: passed };
    const started = candidates.some((e) =>
      ["attempted", "started"].includes(states.get(e.id) ?? ""),
    );
    return {
      ...base,
      status: started ? "in-progress" : "missing",
      evidence: candidates.slice(0, PER_SKILL).map((e) => e.id),
    };
  });
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
  return { skills, excluded, path, hours };
}
