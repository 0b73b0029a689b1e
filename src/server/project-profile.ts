/**
 * Finished projects on a learner's public profile: each with its stages and the dates they were
 * passed on the server, and where to download the code (the latest passing submission of the
 * last stage). Only projects whose every stage is passed are shown, and none of whose stages the
 * learner hid from the profile (hiding a stage hides its project and its code).
 */
import type { ExerciseProgress, HiddenItem } from "../storage/store.js";
import type { ContentCatalog } from "./catalog.js";

/** A profile handle: lowercase letters, digits and inner hyphens, 3-30 characters. */
export const PROFILE_HANDLE = /^[a-z0-9](?:[a-z0-9-]{1,28})[a-z0-9]$/;

export interface ProfileProject {
  id: string;
  title: string;
  summary: string;
  finishedAt: string;
  stages: { n: number; title: string; passedAt: string }[];
  /** Relative URL of the code as a zip (public while the profile is). */
  download: string;
}

export function finishedProjects(
  catalog: ContentCatalog,
  progress: readonly ExerciseProgress[],
  handle: string,
  /** Exercise ids the learner hid from the public profile. */
  hiddenExercises: ReadonlySet<string>,
): ProfileProject[] {
  const passedAt = new Map(
    progress
      .filter((p) => p.state === "passed" && p.firstPassedAt)
      .map((p) => [p.exerciseId, p.firstPassedAt!]),
  );
  const out: ProfileProject[] = [];
  for (const course of catalog.courses) {
    for (const mod of course.modules) {
      for (const project of mod.projects) {
        const stages = project.stages.map((s) => ({
          n: s.n,
          title: s.meta.title,
          passedAt: passedAt.get(s.exercise.meta!.id) ?? null,
        }));
        if (stages.some((s) => s.passedAt === null)) continue;
        if (project.stages.some((s) => hiddenExercises.has(s.exercise.meta!.id))) continue;
        const done = stages as ProfileProject["stages"];
        out.push({
          id: project.meta.id,
          title: project.meta.title,
          summary: project.meta.summary,
          finishedAt: done
            .map((s) => s.passedAt)
            .sort()
            .at(-1)!,
          stages: done,
          download: `/api/profiles/${encodeURIComponent(handle)}/projects/${project.meta.id}/download`,
        });
      }
    }
  }
  return out;
}

/** The exercise ids among a learner's hidden items. */
export const hiddenExercises = (hidden: readonly HiddenItem[]): Set<string> =>
  new Set(hidden.filter((h) => h.kind === "exercise").map((h) => h.id));
