/** What the cohort routes (src/server/routes/cohort-routes.ts) return, for the typed client. */
import type { ApiFile } from "./api-client.js";

export interface ApiCohort {
  id: string;
  name: string;
  /** ABCD-EFGH-JKMN, or null while joining is off. */
  inviteCode: string | null;
  joinUrl: string | null;
  startDate: string | null;
  openModules: string[] | null;
  createdAt: string;
}

export interface ApiCohortPerson {
  userId: string;
  email: string;
  displayName: string;
  role: string;
  since: string;
  lastActiveAt: string | null;
}

export type ApiCellState = "passed" | "attempted" | "not-started";

export interface ApiCohortOverview {
  cohort: ApiCohort;
  instructors: ApiCohortPerson[];
  modules: { id: string; title: string }[];
  exercises: { id: string; title: string; moduleId: string }[];
  learners: (ApiCohortPerson & {
    passed: number;
    attempted: number;
    inactiveDays: number | null;
  })[];
  grid: Record<string, Record<string, ApiCellState>>;
  stuck: {
    exercises: { exerciseId: string; title: string; failures: number; learners: number }[];
    inactive: { userId: string; displayName: string; lastActiveAt: string | null }[];
    inactiveDays: number;
    minFailures: number;
  };
}

export interface ApiLineComment {
  id: string;
  submissionId: string;
  exerciseId: string;
  file: string;
  line: number;
  text: string;
  author: string | null;
  createdAt: string;
  seenAt: string | null;
}

export interface ApiLearnerSubmission {
  id: string;
  exerciseId: string;
  status: string;
  verdict: "pass" | "fail" | "error" | null;
  passed: number | null;
  total: number | null;
  message: string | null;
  failures: { name: string; message: string | null }[];
  files: ApiFile[];
  createdAt: string;
  comments: ApiLineComment[];
}

export interface ApiMyCohort {
  id: string;
  name: string;
  startDate: string | null;
  openModules: string[] | null;
}
