/**
 * The projects API as the web app reads it (docs: the projects contract): the course map's
 * project items, a project with its stages, and its draft. Submissions, history and hints use
 * the exercise routes of each stage (`<project>-stage-<n>`) through the typed client.
 */
import { ApiError, type ApiDraft, type ApiFile } from "../../../src/client/api-client.js";
import { client } from "../context.js";

export type StageState = "not-started" | "attempted" | "passed";

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
  stages: { n: number; id: string; title: string; state: StageState }[];
}

export interface ApiProjectStage {
  n: number;
  /** The stage's exercise id: `<course>/<slug>-stage-<n>`. */
  id: string;
  slug: string;
  title: string;
  estimatedMinutes: number;
  concepts: string[];
  runtimes: ("cpython" | "pyodide")[];
  xp: number;
  hintCount: number;
  locked: boolean;
  state: StageState;
  passedAt: string | null;
  /** null while the stage is locked. */
  instructions: string | null;
  /** The stage's visible tests; [] while locked. */
  tests: ApiFile[];
  /** The whole folder after this stage; only once it is passed. */
  reference: ApiFile[] | null;
}

export interface ProjectFileRules {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  extensions: string[];
}

export interface ApiProject {
  id: string;
  courseId: string;
  moduleId: string;
  title: string;
  summary: string;
  difficulty: number;
  runtimes: ("cpython" | "pyodide")[];
  runtimeNote: string | null;
  app: string | null;
  prerequisites: string[];
  locked: boolean;
  fileRules: ProjectFileRules;
  starter: ApiFile[];
  stages: ApiProjectStage[];
  draft: ApiDraft | null;
  limits?: Record<string, number>;
}

/** A course map item that is a project (the typed client's items are lessons and exercises). */
export function isProjectItem(item: { type: string }): item is ApiProjectItem {
  return item.type === "project";
}

let csrf: Promise<string | null> | null = null;

/** The session's CSRF token (the client keeps its own private), asked for once. */
function csrfToken(): Promise<string | null> {
  csrf ??= client.me().then(
    (m) => m.csrfToken,
    () => null,
  );
  return csrf;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET") {
    const token = await csrfToken();
    if (token) headers["x-csrf-token"] = token;
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = (await response.json().catch(() => null)) as {
    error?: { code: string; message: string };
  } | null;
  if (!response.ok) {
    if (response.status === 403 && data?.error?.code === "csrf") csrf = null;
    const retry = response.headers.get("retry-after");
    throw new ApiError(
      response.status,
      data?.error?.code ?? "http_error",
      data?.error?.message ?? `HTTP ${response.status}`,
      retry ? Number(retry) : null,
    );
  }
  return data as T;
}

/** `python-backend/shortlinks` -> `/api/projects/python-backend/shortlinks`. */
const projectPath = (id: string) =>
  `/api/projects/${id
    .split("/")
    .map((part) => encodeURIComponent(part))
    .join("/")}`;

export const projectApi = {
  project: (id: string) => call<ApiProject>("GET", projectPath(id)),
  saveDraft: (id: string, files: ApiFile[], expectedVersion?: number) =>
    call<{ version: number; updatedAt: string }>("PUT", `${projectPath(id)}/draft`, {
      files,
      expectedVersion,
    }),
  downloadUrl: (id: string) => `${projectPath(id)}/download`,
};
