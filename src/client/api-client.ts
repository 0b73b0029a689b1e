/**
 * A typed client for PyDojo's HTTP API, for the web app (cookie session + CSRF header) and the
 * CLI (personal API token). Uses the platform's fetch; no Node-only imports.
 */
import type {
  ApiCohort,
  ApiCohortOverview,
  ApiCohortPerson,
  ApiLearnerSubmission,
  ApiLineComment,
  ApiMyCohort,
} from "./cohort-types.js";
import type { GapReport } from "../app/skill-gap.js";
import type { GradeResult } from "../core/result.js";

export interface ApiUser {
  id: string;
  email: string;
  displayName: string;
  role: "learner" | "mentor" | "author" | "admin";
  timeZone: string;
}
export interface ApiFile {
  path: string;
  content: string;
}
export interface ApiSubmission {
  id: string;
  exerciseId: string;
  status: "queued" | "running" | "graded" | "infra-error";
  result: GradeResult | null;
  error: string | null;
  createdAt: string;
  gradedAt: string | null;
}
export interface ApiDraft {
  files: ApiFile[];
  version: number;
  updatedAt: string;
}
export interface ApiCourseItem {
  type: "lesson" | "exercise" | "project";
  id: string;
  title: string;
  minutes: number;
  kind?: string;
  difficulty?: number;
  capstone?: boolean;
  locked?: boolean;
  state?: "not-started" | "started" | "attempted" | "passed" | "in-progress";
  /** Projects: the stages, each graded as the exercise `id` (`<project>-stage-<n>`). */
  stages?: { n: number; id: string; title: string; state: ApiStageState }[];
  /** Exercises: the ids to pass first. */
  prerequisites?: string[];
  /** What the item teaches or practises (lessons and exercises share these words). */
  concepts?: string[];
}
export interface ApiCourse {
  id: string;
  title: string;
  description: string;
  modules: { id: string; title: string; summary: string; items: ApiCourseItem[] }[];
}
export interface ApiExercise {
  id: string;
  courseId: string;
  moduleId: string;
  title: string;
  kind: "implement" | "debug" | "write-tests";
  difficulty: number;
  concepts: string[];
  estimatedMinutes: number;
  runtimes: ("cpython" | "pyodide")[];
  runtimeNote: string | null;
  xp: number;
  prerequisites: string[];
  locked: boolean;
  /** Null for a project stage still locked: its ticket opens with it. */
  instructions: string | null;
  hintCount: number;
  solutionFiles: string[];
  /** The learner's web app ("module:app" or "module:make_app()") for the request panel; null: none. */
  app?: string | null;
  starter: ApiFile[];
  tests: ApiFile[];
  support: ApiFile[];
  draft: ApiDraft | null;
  progress: Record<string, unknown> | null;
  reference: ApiFile[] | null;
}

export type ApiStageState = "not-started" | "attempted" | "passed";
/** One stage of a project (GET /api/projects/:course/:slug). */
import type { Limits } from "../runners/runner.js";

export interface ApiProjectStage {
  n: number;
  /** The exercise id the stage is graded as: `<project id>-stage-<n>`. */
  id: string;
  slug: string;
  title: string;
  estimatedMinutes: number;
  concepts: string[];
  runtimes: ("cpython" | "pyodide")[];
  xp: number;
  hintCount: number;
  locked: boolean;
  state: ApiStageState;
  passedAt: string | null;
  /** null while the stage is locked. */
  instructions: string | null;
  /** The stage's visible tests (`tests/<name>.py`); [] while locked. */
  tests: ApiFile[];
  /** The whole folder after this stage; only once it is passed. */
  reference: ApiFile[] | null;
}
export interface ApiProject {
  id: string;
  /** The limits of a grade of this project (older servers leave them out). */
  limits?: Limits;
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
  fileRules: {
    maxFiles: number;
    maxFileBytes: number;
    maxTotalBytes: number;
    extensions: string[];
  };
  starter: ApiFile[];
  stages: ApiProjectStage[];
  draft: ApiDraft | null;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
/** RFC 8628 §3.2: what POST /api/cli/device answers. */
export interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}
export interface DeviceInfo {
  userCode: string;
  hostname: string;
  client: string;
  status: "pending" | "approved" | "denied" | "consumed";
  createdAt: string;
  expiresAt: string;
}
/** One poll of the token endpoint: the token, or the RFC 8628 error code to act on. */
export type DeviceTokenPoll =
  | {
      ok: true;
      access_token: string;
      name: string;
      user: { email: string; displayName: string };
    }
  | { ok: false; error: string; error_description: string; interval?: number };

export interface ApiSkill {
  id: string;
  name: string;
  area: string;
  description: string;
  teaches: boolean;
  related: string[];
  exercises: { id: string; title: string }[];
}
export interface ApiSkillEvidence {
  id: string;
  title: string;
  passedAt: string;
}
export interface ApiLearnerSkill {
  id: string;
  name: string;
  area: string;
  teaches: boolean;
  status: "verified" | "in-progress" | "not-yet";
  evidence: ApiSkillEvidence[];
}
export interface ApiProfileSettings {
  handle: string | null;
  public: boolean;
}
export interface ApiPublicProfile {
  handle: string;
  displayName: string;
  level: number;
  xp: number;
  streakDays: number;
  verifiedCount: number;
  areas: { area: string; skills: { id: string; name: string; evidence: ApiSkillEvidence[] }[] }[];
}
export type { GapReport };
/** GET /api/skills/:id: a skill's page; `mine` only when signed in. */
export interface ApiSkillPage {
  id: string;
  name: string;
  area: string;
  description: string;
  levels: { junior: string; mid: string; senior: string };
  teaches: boolean;
  synonyms: string[];
  related: { id: string; name: string; teaches: boolean }[];
  lessons: { id: string; title: string; minutes: number }[];
  exercises: { id: string; title: string; minutes: number }[];
  mine: {
    status: ApiLearnerSkill["status"];
    evidence: ApiSkillEvidence[];
    hidden: boolean;
    hiddenExercises: string[];
  } | null;
}
/** The pinned goal with progress (GET /api/me/goal). */
export interface ApiGoal {
  postingTitle: string;
  pinnedAt: string;
  total: number;
  passed: number;
  hoursLeft: number;
  next: { id: string; title: string } | null;
  steps: { id: string; title: string; minutes: number; passed: boolean }[];
}
export interface ApiHiddenItem {
  kind: "skill" | "exercise";
  id: string;
}

/** An error answered by the API: `status` and the server's `code` and `message`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ClientOptions {
  baseUrl: string;
  /** Personal API token (CLI). Without it, the browser's session cookie is used. */
  token?: string;
  fetch?: typeof fetch;
}

export class PydojoClient {
  private csrfToken: string | null = null;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ClientOptions) {
    // Browsers refuse a fetch called as a method of another object: bind it to the global.
    this.fetchImpl = options.fetch ?? fetch.bind(globalThis);
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    else if (this.csrfToken && method !== "GET") headers["x-csrf-token"] = this.csrfToken;
    const response = await this.fetchImpl(new URL(path, this.options.baseUrl), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      ...(signal ? { signal } : {}),
    });
    if (response.status === 204) return undefined as T;
    const data = (await response.json().catch(() => null)) as {
      error?: { code: string; message: string };
    } | null;
    if (!response.ok) {
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

  private remember<T extends { csrfToken: string | null }>(value: T): T {
    this.csrfToken = value.csrfToken;
    return value;
  }

  signup(input: { email: string; password: string; displayName: string; timeZone?: string }) {
    return this.request<{ user: ApiUser; csrfToken: string }>(
      "POST",
      "/api/auth/signup",
      input,
    ).then((v) => this.remember(v));
  }
  login(email: string, password: string) {
    return this.request<{ user: ApiUser; csrfToken: string }>("POST", "/api/auth/login", {
      email,
      password,
    }).then((v) => this.remember(v));
  }
  logout() {
    return this.request<void>("POST", "/api/auth/logout");
  }
  me() {
    return this.request<{ user: ApiUser; csrfToken: string | null; via: "session" | "token" }>(
      "GET",
      "/api/me",
    ).then((v) => this.remember(v));
  }
  /** Deletes the account and all the learner's data; `confirm` must be "delete my account". */
  deleteAccount(password: string, confirm: string) {
    return this.request<void>("DELETE", "/api/me", { password, confirm });
  }
  changePassword(currentPassword: string, newPassword: string) {
    return this.request<void>("POST", "/api/auth/password", { currentPassword, newPassword });
  }
  updateProfile(profile: { displayName: string; timeZone: string }) {
    return this.request<{ user: ApiUser }>("PATCH", "/api/me", profile);
  }
  tokens() {
    return this.request<{ tokens: ApiToken[] }>("GET", "/api/tokens");
  }
  createToken(name: string) {
    return this.request<{ id: string; name: string; prefix: string; token: string }>(
      "POST",
      "/api/tokens",
      { name },
    );
  }
  revokeToken(id: string) {
    return this.request<void>("DELETE", `/api/tokens/${encodeURIComponent(id)}`);
  }
  /** Starts the CLI's browser login (RFC 8628 device authorization request). */
  startDeviceLogin(about: { hostname?: string; client?: string }) {
    return this.request<DeviceAuthorization>("POST", "/api/cli/device", {
      client_id: "pydojo-cli",
      ...about,
    });
  }
  deviceLogin(userCode: string) {
    return this.request<DeviceInfo>("GET", `/api/cli/device/${encodeURIComponent(userCode)}`);
  }
  decideDeviceLogin(userCode: string, approve: boolean) {
    return this.request<{ status: "approved" | "denied" }>(
      "POST",
      `/api/cli/device/${approve ? "approve" : "deny"}`,
      { user_code: userCode },
    );
  }
  /** One poll of the token endpoint; its RFC-shaped 400 errors come back as values, not throws. */
  async pollDeviceToken(deviceCode: string): Promise<DeviceTokenPoll> {
    const response = await this.fetchImpl(new URL("/api/cli/token", this.options.baseUrl), {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "urn:ietf:params:oauth:grant-type:device_code",
        device_code: deviceCode,
        client_id: "pydojo-cli",
      }),
    });
    const data = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (response.ok && data && typeof data.access_token === "string")
      return { ok: true, ...(data as { access_token: string; name: string; user: ApiUser }) };
    if (response.status === 400 && data && typeof data.error === "string")
      return {
        ok: false,
        error: data.error,
        error_description: String(data.error_description ?? data.error),
        ...(typeof data.interval === "number" ? { interval: data.interval } : {}),
      };
    const error = data?.error as { code?: string; message?: string } | undefined;
    const retry = response.headers.get("retry-after");
    throw new ApiError(
      response.status,
      error?.code ?? "http_error",
      error?.message ?? `HTTP ${response.status}`,
      retry ? Number(retry) : null,
    );
  }
  courses() {
    return this.request<{
      courses: {
        id: string;
        title: string;
        description: string;
        modules: number;
        exercises: number;
      }[];
    }>("GET", "/api/courses");
  }
  course(id: string) {
    return this.request<ApiCourse>("GET", `/api/courses/${encodeURIComponent(id)}`);
  }
  lesson(id: string) {
    return this.request<{
      id: string;
      title: string;
      minutes: number;
      concepts: string[];
      markdown: string;
    }>("GET", `/api/lessons/${id}`);
  }
  exercise(id: string) {
    return this.request<ApiExercise>("GET", `/api/exercises/${id}`);
  }
  /** A project and its stages; `id` is `<course>/<slug>`. */
  project(id: string) {
    return this.request<ApiProject>("GET", `/api/projects/${projectPath(id)}`);
  }
  projectDraft(id: string) {
    return this.request<ApiDraft>("GET", `/api/projects/${projectPath(id)}/draft`);
  }
  saveProjectDraft(id: string, files: ApiFile[], expectedVersion?: number) {
    return this.request<{ version: number; updatedAt: string }>(
      "PUT",
      `/api/projects/${projectPath(id)}/draft`,
      { files, expectedVersion },
    );
  }
  hint(id: string, n: number) {
    return this.request<{ hint: string; shown: number; total: number }>(
      "GET",
      `/api/exercises/${id}/hints/${n}`,
    );
  }
  draft(id: string) {
    return this.request<ApiDraft>("GET", `/api/exercises/${id}/draft`);
  }
  saveDraft(id: string, files: ApiFile[], expectedVersion?: number) {
    return this.request<{ version: number; updatedAt: string }>(
      "PUT",
      `/api/exercises/${id}/draft`,
      { files, expectedVersion },
    );
  }
  submit(id: string, files: ApiFile[], idempotencyKey?: string) {
    return this.request<ApiSubmission>("POST", `/api/exercises/${id}/submissions`, {
      files,
      idempotencyKey,
    });
  }
  /**
   * A quick run: the page's Run graded on the server while the browser's Python starts (nothing
   * is stored). 503 or 429 when the server has no spare grader for it: the page then waits for
   * its own Python.
   */
  quickRun(id: string, files: ApiFile[], signal?: AbortSignal) {
    return this.request<{ result: GradeResult; runtime: "server" }>(
      "POST",
      `/api/exercises/${id}/runs`,
      { files },
      signal,
    );
  }
  submission(id: string, waitSeconds = 0) {
    return this.request<ApiSubmission>(
      "GET",
      `/api/submissions/${encodeURIComponent(id)}?wait=${waitSeconds}`,
    );
  }
  /** The learner's submissions, newest first; only those of one exercise when it is given. */
  submissions(exerciseId?: string) {
    const query = exerciseId ? `?exercise=${encodeURIComponent(exerciseId)}` : "";
    return this.request<{ submissions: ApiSubmission[] }>("GET", `/api/submissions${query}`);
  }
  solutions(id: string) {
    return this.request<{ solutions: { id: string; files: ApiFile[]; createdAt: string }[] }>(
      "GET",
      `/api/exercises/${id}/solutions`,
    );
  }
  progress() {
    return this.request<{
      stats: Record<string, unknown>;
      exercises: Record<string, unknown>[];
      activity: { day: string; submissions: number; passes: number }[];
    }>("GET", "/api/progress");
  }

  // Skills (issue #16): the map, the caller's skills, a posting's gap, the public profile.
  skills() {
    return this.request<{ skills: ApiSkill[] }>("GET", "/api/skills");
  }
  mySkills() {
    return this.request<{ skills: ApiLearnerSkill[] }>("GET", "/api/me/skills");
  }
  skillGap(text: string, resume?: string) {
    return this.request<GapReport>("POST", "/api/skills/gap", { text, resume });
  }
  skill(id: string) {
    return this.request<ApiSkillPage>("GET", `/api/skills/${encodeURIComponent(id)}`);
  }
  goal() {
    return this.request<{ goal: ApiGoal | null }>("GET", "/api/me/goal");
  }
  pinGoal(goal: { postingTitle: string; path: string[] }) {
    return this.request<{ goal: ApiGoal | null }>("POST", "/api/me/goal", goal);
  }
  unpinGoal() {
    return this.request<void>("DELETE", "/api/me/goal");
  }
  hiddenItems() {
    return this.request<{ hidden: ApiHiddenItem[] }>("GET", "/api/me/profile/hidden");
  }
  setHidden(item: ApiHiddenItem, hidden: boolean) {
    return this.request<{ hidden: ApiHiddenItem[] }>("PUT", "/api/me/profile/hidden", {
      ...item,
      hidden,
    });
  }
  profileSettings() {
    return this.request<ApiProfileSettings>("GET", "/api/me/profile");
  }
  updateProfileSettings(settings: ApiProfileSettings) {
    return this.request<ApiProfileSettings>("PUT", "/api/me/profile", settings);
  }
  publicProfile(handle: string) {
    return this.request<ApiPublicProfile>("GET", `/api/profiles/${encodeURIComponent(handle)}`);
  }

  // Administration (admins only; src/server/routes/admin-routes.ts).
  adminUsers(query = "") {
    const q = query ? `?q=${encodeURIComponent(query)}` : "";
    return this.request<{ users: ApiAdminUser[] }>("GET", `/api/admin/users${q}`);
  }
  adminUpdateUser(id: string, patch: { role?: ApiUser["role"]; disabled?: boolean }) {
    return this.request<{ user: ApiAdminUser }>(
      "PATCH",
      `/api/admin/users/${encodeURIComponent(id)}`,
      patch,
    );
  }
  adminPasswordReset(id: string) {
    return this.request<{ url: string; expiresAt: string }>(
      "POST",
      `/api/admin/users/${encodeURIComponent(id)}/password-reset`,
    );
  }
  adminAudit() {
    return this.request<{ entries: ApiAuditEntry[] }>("GET", "/api/admin/audit");
  }
  adminQueue() {
    return this.request<ApiQueueStatus>("GET", "/api/admin/queue");
  }
  adminRetryInfra() {
    return this.request<{ requeued: number }>("POST", "/api/admin/queue/retry-infra");
  }
  /** Sets a new password from a one-time reset link's token (no session needed). */
  resetPassword(token: string, newPassword: string) {
    return this.request<void>("POST", "/api/auth/reset", { token, newPassword });
  }

  // Cohorts (instructors: mentors and admins) and the learner's end: joining, comments.
  cohorts() {
    return this.request<{ cohorts: ApiCohort[] }>("GET", "/api/cohorts");
  }
  createCohort(input: { name: string; startDate?: string | null; openModules?: string[] | null }) {
    return this.request<{ cohort: ApiCohort }>("POST", "/api/cohorts", input);
  }
  cohort(id: string, options: { inactiveDays?: number; minFailures?: number } = {}) {
    const q = new URLSearchParams();
    if (options.inactiveDays) q.set("inactiveDays", String(options.inactiveDays));
    if (options.minFailures) q.set("minFailures", String(options.minFailures));
    const query = q.toString() ? `?${q.toString()}` : "";
    return this.request<ApiCohortOverview>("GET", `/api/cohorts/${encodeURIComponent(id)}${query}`);
  }
  updateCohort(
    id: string,
    patch: { name?: string; startDate?: string | null; openModules?: string[] | null },
  ) {
    return this.request<{ cohort: ApiCohort }>(
      "PATCH",
      `/api/cohorts/${encodeURIComponent(id)}`,
      patch,
    );
  }
  /** A new invite code (`on`), or joining turned off. */
  cohortInvite(id: string, on: boolean) {
    return this.request<{ cohort: ApiCohort }>(
      on ? "POST" : "DELETE",
      `/api/cohorts/${encodeURIComponent(id)}/invite`,
    );
  }
  addCohortInstructor(id: string, email: string) {
    return this.request<{ instructors: ApiCohortPerson[] }>(
      "POST",
      `/api/cohorts/${encodeURIComponent(id)}/instructors`,
      { email },
    );
  }
  removeCohortMember(id: string, userId: string) {
    return this.request<void>(
      "DELETE",
      `/api/cohorts/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`,
    );
  }
  cohortLearnerSubmissions(id: string, userId: string, exercise?: string) {
    const query = exercise ? `?exercise=${encodeURIComponent(exercise)}` : "";
    return this.request<{ learner: ApiCohortPerson; submissions: ApiLearnerSubmission[] }>(
      "GET",
      `/api/cohorts/${encodeURIComponent(id)}/learners/${encodeURIComponent(userId)}/submissions${query}`,
    );
  }
  commentOnLine(
    cohortId: string,
    submissionId: string,
    comment: { file: string; line: number; text: string },
  ) {
    return this.request<{ comment: ApiLineComment }>(
      "POST",
      `/api/cohorts/${encodeURIComponent(cohortId)}/submissions/${encodeURIComponent(submissionId)}/comments`,
      comment,
    );
  }
  joinCohort(code: string) {
    return this.request<{
      cohort: { id: string; name: string; startDate: string | null };
      joined: boolean;
    }>("POST", "/api/cohorts/join", { code });
  }
  myCohorts() {
    return this.request<{ cohorts: ApiMyCohort[] }>("GET", "/api/me/cohorts");
  }
  leaveCohort(id: string) {
    return this.request<void>("DELETE", `/api/me/cohorts/${encodeURIComponent(id)}`);
  }
  /** Instructors' comments on the caller's submissions (of one exercise), and how many are new. */
  myComments(exercise?: string) {
    const query = exercise ? `?exercise=${encodeURIComponent(exercise)}` : "";
    return this.request<{ unseen: number; comments: ApiLineComment[] }>(
      "GET",
      `/api/me/comments${query}`,
    );
  }
  markCommentsSeen(ids?: string[]) {
    return this.request<{ marked: number }>("POST", "/api/me/comments/seen", ids ? { ids } : {});
  }
}

/** `course/slug` as URL path segments, each encoded. */
const projectPath = (id: string) => id.split("/").map(encodeURIComponent).join("/");

export interface ApiAdminUser {
  id: string;
  email: string;
  displayName: string;
  role: ApiUser["role"];
  createdAt: string;
  disabledAt: string | null;
  lastActiveAt: string | null;
  xp: number;
}
export interface ApiAuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetId: string | null;
  targetEmail: string | null;
  detail: Record<string, unknown>;
}
export interface ApiQueueStatus {
  depth: number;
  running: number;
  infraErrorsLastHour: number;
  gradedLastHour: number;
  avgGradeMs: number | null;
  p95GradeMs: number | null;
  runner: string;
}
