/**
 * The projects API as the web app uses it: the course map's project items, a project with its
 * stages, its draft and its download. Submissions, history and hints use the exercise routes of
 * each stage (`<project>-stage-<n>`) through the typed client.
 */
import type {
  ApiFile,
  ApiProject,
  ApiProjectStage,
  ApiStageState,
} from "../../../src/client/api-client.js";
import { client } from "../context.js";

export type { ApiProject, ApiProjectStage };

/** A project as the course map lists it. */
export interface ApiProjectItem {
  type: "project";
  id: string;
  title: string;
  summary: string;
  difficulty: number;
  minutes: number;
  locked: boolean;
  state: "not-started" | "in-progress" | "passed";
  prerequisites: string[];
  stages: { n: number; id: string; title: string; state: ApiStageState }[];
}

/** A course map item that is a project (its stages and summary come with it). */
export function isProjectItem(item: { type: string }): item is ApiProjectItem {
  return item.type === "project";
}

/** `python-backend/shortlinks` -> `/api/projects/python-backend/shortlinks`. */
const projectPath = (id: string) =>
  `/api/projects/${id
    .split("/")
    .map((part) => encodeURIComponent(part))
    .join("/")}`;

export const projectApi = {
  project: (id: string) => client.project(id),
  saveDraft: (id: string, files: ApiFile[], expectedVersion?: number) =>
    client.saveProjectDraft(id, files, expectedVersion),
  downloadUrl: (id: string) => `${projectPath(id)}/download`,
};
