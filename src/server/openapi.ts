/**
 * The OpenAPI 3.1 description of the HTTP API, served at GET /api/openapi.json, generated from
 * the routes the app really registered (every route appears, documented here or not), with
 * request bodies converted from the zod schemas that validate them (`z.toJSONSchema`). The table
 * below adds what the routes can't say themselves: summaries, who may call, response shapes.
 */
import { z } from "zod";
import {
  deleteAccountSchema,
  loginSchema,
  passwordChangeSchema,
  profileSchema,
  signupSchema,
} from "./accounts.js";
import { passwordResetSchema, userPatchSchema } from "./admin.js";
import { cohortApiOps, cohortApiSchemas } from "./cohort-openapi.js";
import { draftSchema, runSchema } from "./routes/learning-routes.js";
import { projectDraftSchema } from "./routes/project-routes.js";
import { skillApiOps, skillApiSchemas } from "./routes/skill-routes.js";
import { submitSchema } from "./submissions.js";

type Op = { summary: string; auth?: boolean; body?: string; responses: Record<string, string> };

const ops: Record<string, Record<string, Op>> = {
  "/healthz": { get: { summary: "Liveness and queue depth", responses: { 200: "Health" } } },
  "/api/auth/signup": {
    post: {
      summary: "Create an account and start a session",
      body: "Signup",
      responses: { 201: "Session", 400: "Error", 409: "Error", 429: "Error" },
    },
  },
  "/api/auth/login": {
    post: {
      summary: "Start a session",
      body: "Login",
      responses: { 200: "Session", 401: "Error", 429: "Error" },
    },
  },
  "/api/auth/logout": {
    post: { summary: "End the session", auth: true, responses: { 204: "none", 401: "Error" } },
  },
  "/api/auth/password": {
    post: {
      summary:
        "Change the password: ends every session (this browser gets a new one) and revokes every API token",
      auth: true,
      body: "PasswordChange",
      responses: { 204: "none", 403: "Error" },
    },
  },
  "/api/auth/reset": {
    post: {
      summary:
        "Set a new password from a one-time reset link (an admin made it): ends every session, revokes every API token, marks the link used",
      body: "PasswordReset",
      responses: { 204: "none", 400: "Error" },
    },
  },
  "/api/admin/users": {
    get: {
      summary:
        "Admins: users with role, created, last active, XP and whether disabled; ?q= searches email and display name",
      auth: true,
      responses: { 200: "AdminUserList", 401: "Error", 403: "Error" },
    },
  },
  "/api/admin/users/{id}": {
    patch: {
      summary:
        "Admins: change a user's role and/or disable or enable them (a disabled user's sessions and tokens stop working at once); never yourself (409)",
      auth: true,
      body: "AdminUserPatch",
      responses: {
        200: "AdminUserUpdated",
        400: "Error",
        403: "Error",
        404: "Error",
        409: "Error",
      },
    },
  },
  "/api/admin/users/{id}/password-reset": {
    post: {
      summary:
        "Admins: a one-time password-reset link for the user (30 minutes) to pass on to them",
      auth: true,
      responses: { 201: "PasswordResetLink", 403: "Error", 404: "Error" },
    },
  },
  "/api/admin/audit": {
    get: {
      summary: "Admins: the audit log of admin actions, newest first",
      auth: true,
      responses: { 200: "AuditLog", 403: "Error" },
    },
  },
  "/api/admin/queue": {
    get: {
      summary:
        "Admins: grading queue depth, running, infra-errors and grade times over the last hour, the runner",
      auth: true,
      responses: { 200: "QueueStatus", 403: "Error" },
    },
  },
  "/api/admin/queue/retry-infra": {
    post: {
      summary: "Admins: re-enqueue every submission that failed for infrastructure reasons",
      auth: true,
      responses: { 200: "RetryInfra", 403: "Error" },
    },
  },
  "/api/me": {
    get: {
      summary: "The caller and their CSRF token",
      auth: true,
      responses: { 200: "Me", 401: "Error" },
    },
    patch: {
      summary: "Update the caller's profile: display name and IANA time zone",
      auth: true,
      body: "ProfileUpdate",
      responses: { 200: "ProfileUpdated", 400: "Error" },
    },
    delete: {
      summary:
        "Delete the caller's account and all their data (password and the phrase 'delete my account')",
      auth: true,
      body: "AccountDelete",
      responses: { 204: "none", 400: "Error", 403: "Error" },
    },
  },
  "/api/me/export": {
    get: {
      summary: "Everything PyDojo holds about the caller, as one JSON file to download",
      auth: true,
      responses: { 200: "Any", 401: "Error" },
    },
  },
  "/api/tokens": {
    get: { summary: "List personal API tokens", auth: true, responses: { 200: "TokenList" } },
    post: {
      summary: "Create a personal API token (shown once)",
      auth: true,
      body: "TokenCreate",
      responses: { 201: "TokenCreated" },
    },
  },
  "/api/tokens/{id}": {
    delete: { summary: "Revoke a token", auth: true, responses: { 204: "none", 404: "Error" } },
  },
  "/api/cli/device": {
    post: {
      summary:
        "Start the CLI's browser login (RFC 8628 device authorization): a device code to poll with and a user code to approve",
      body: "DeviceStart",
      responses: { 200: "DeviceAuthorization", 400: "Error", 429: "Error" },
    },
  },
  "/api/cli/device/{code}": {
    get: {
      summary: "A pending CLI login by its user code, for the approval page (session only)",
      auth: true,
      responses: { 200: "DeviceInfo", 403: "Error", 404: "Error" },
    },
  },
  "/api/cli/device/approve": {
    post: {
      summary: "Approve a CLI login (session + CSRF only)",
      auth: true,
      body: "DeviceDecision",
      responses: { 200: "DeviceDecided", 404: "Error", 409: "Error" },
    },
  },
  "/api/cli/device/deny": {
    post: {
      summary: "Deny a CLI login (session + CSRF only)",
      auth: true,
      body: "DeviceDecision",
      responses: { 200: "DeviceDecided", 404: "Error", 409: "Error" },
    },
  },
  "/api/cli/token": {
    post: {
      summary:
        "Poll for the CLI login's API token (RFC 8628 §3.4); errors are RFC-shaped: authorization_pending, slow_down, access_denied, expired_token, invalid_grant",
      body: "DeviceTokenRequest",
      responses: { 200: "DeviceToken", 400: "OAuthError" },
    },
  },
  "/api/courses": { get: { summary: "List courses", responses: { 200: "CourseList" } } },
  "/api/courses/{id}": {
    get: {
      summary: "A course with modules, items, locks and the caller's states",
      responses: { 200: "Course", 404: "Error" },
    },
  },
  "/api/lessons/{course}/{slug}": {
    get: {
      summary: "A lesson (Markdown; render it sanitised)",
      responses: { 200: "Lesson", 404: "Error" },
    },
  },
  "/api/exercises/{course}/{slug}": {
    get: {
      summary:
        "An exercise: instructions, starter, tests, the caller's draft and progress; the reference once passed",
      responses: { 200: "Exercise", 404: "Error" },
    },
  },
  "/api/exercises/{course}/{slug}/hints/{n}": {
    get: { summary: "Hint n (1-based)", responses: { 200: "Hint", 404: "Error" } },
  },
  "/api/exercises/{course}/{slug}/solutions": {
    get: {
      summary: "Other learners' passing solutions (after passing)",
      auth: true,
      responses: { 200: "Solutions", 403: "Error" },
    },
  },
  "/api/exercises/{course}/{slug}/draft": {
    get: { summary: "The caller's draft", auth: true, responses: { 200: "Draft", 404: "Error" } },
    put: {
      summary: "Save the draft (optionally only if still at expectedVersion)",
      auth: true,
      body: "DraftSave",
      responses: { 200: "DraftSaved", 409: "Error", 413: "Error" },
    },
  },
  "/api/projects/{course}/{slug}": {
    get: {
      summary:
        "A project and its stages as the caller may see them: a locked stage's ticket and tests stay closed, hidden tests are never served, a stage's reference once passed; stage n is submitted as the exercise <project>-stage-<n>",
      responses: { 200: "Project", 404: "Error" },
    },
  },
  "/api/projects/{course}/{slug}/draft": {
    get: {
      summary: "The caller's project folder as last saved (one draft for every stage)",
      auth: true,
      responses: { 200: "Draft", 404: "Error" },
    },
    put: {
      summary:
        "Save the project folder (checked by the file rules: names, kinds, at most 60 files, 64 KB each, 512 KB in all)",
      auth: true,
      body: "ProjectDraftSave",
      responses: { 200: "DraftSaved", 400: "Error", 409: "Error" },
    },
  },
  "/api/projects/{course}/{slug}/download": {
    get: {
      summary:
        "The caller's code from their latest passing submission of the highest passed stage, as a zip",
      auth: true,
      responses: { 200: "Any", 404: "Error" },
    },
  },
  "/api/profiles/{handle}/projects/{course}/{slug}/download": {
    get: {
      summary:
        "A finished project's code from a public profile, as a zip (404 when the profile is off or the project unfinished)",
      responses: { 200: "Any", 404: "Error" },
    },
  },
  "/api/exercises/{course}/{slug}/submissions": {
    post: {
      summary:
        "Submit files for grading in the sandbox (Idempotency-Key header or idempotencyKey field: graded once); 429 while the learner already has the most submissions waiting for a verdict, 503 when the queue is full",
      auth: true,
      body: "Submit",
      responses: {
        202: "Submission",
        200: "Submission",
        400: "Error",
        403: "Error",
        413: "Error",
        429: "Error",
        503: "Error",
      },
    },
  },
  "/api/exercises/{course}/{slug}/runs": {
    post: {
      summary:
        "A quick run: the page's Run (visible tests only) graded on the server while the browser's Python starts; nothing is stored or counts. 409 for a project stage, 429 while the caller's last one runs or past 20 a minute, 503 when no grader is spare (submissions waiting, all busy, or an API without a worker)",
      auth: true,
      body: "QuickRunFiles",
      responses: {
        200: "QuickRun",
        400: "Error",
        409: "Error",
        413: "Error",
        429: "Error",
        503: "Error",
      },
    },
  },
  "/api/submissions": {
    get: {
      summary: "The caller's submissions, newest first",
      auth: true,
      responses: { 200: "SubmissionList" },
    },
  },
  "/api/submissions/{id}": {
    get: {
      summary: "A submission; ?wait=N waits up to N s (max 30) for the verdict",
      auth: true,
      responses: { 200: "Submission", 404: "Error" },
    },
  },
  "/api/progress": {
    get: {
      summary: "Stats (XP, level, streak, achievements), per-exercise progress, daily activity",
      auth: true,
      responses: { 200: "Progress" },
    },
  },
  "/api/openapi.json": { get: { summary: "This document", responses: { 200: "OpenAPI" } } },
  ...skillApiOps,
  ...cohortApiOps,
};

function operation(op: Op, params: string[]) {
  return {
    summary: op.summary,
    ...(params.length > 0
      ? {
          parameters: params.map((name) => ({
            name,
            in: "path",
            required: true,
            schema: { type: "string" },
          })),
        }
      : {}),
    ...(op.auth ? { security: [{ session: [], token: [] }] } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: { $ref: `#/components/schemas/${op.body}` } },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(op.responses).map(([code, schema]) => [
        code,
        schema === "none"
          ? { description: "No content" }
          : {
              description: schema,
              content: {
                "application/json": { schema: { $ref: `#/components/schemas/${schema}` } },
              },
            },
      ]),
    ),
  };
}

const object = (
  properties: Record<string, unknown>,
  required: string[] = Object.keys(properties),
) => ({ type: "object", properties, required });
const str = { type: "string" };
const files = { type: "array", items: object({ path: str, content: str }) };

/** The request bodies' JSON Schemas, from the zod schemas the routes validate with. */
const fromZod = (schema: z.ZodType) => {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  delete json.$schema; // the document's dialect (2020-12) applies
  return json;
};
const validatedBodies = {
  Signup: fromZod(signupSchema),
  Login: fromZod(loginSchema),
  PasswordChange: fromZod(passwordChangeSchema),
  ProfileUpdate: fromZod(profileSchema),
  AccountDelete: fromZod(deleteAccountSchema),
  Submit: fromZod(submitSchema),
  DraftSave: fromZod(draftSchema),
  QuickRunFiles: fromZod(runSchema),
  ProjectDraftSave: fromZod(projectDraftSchema),
  PasswordReset: fromZod(passwordResetSchema),
  AdminUserPatch: fromZod(userPatchSchema),
};

const nullableStr = { type: ["string", "null"] };
const nullableInt = { type: ["integer", "null"] };
const adminSchemas = {
  AdminUser: object({
    id: str,
    email: str,
    displayName: str,
    role: { enum: ["learner", "mentor", "author", "admin"] },
    createdAt: str,
    disabledAt: nullableStr,
    lastActiveAt: nullableStr,
    xp: { type: "integer" },
  }),
  AdminUserList: object({
    users: { type: "array", items: { $ref: "#/components/schemas/AdminUser" } },
  }),
  AdminUserUpdated: object({ user: { $ref: "#/components/schemas/AdminUser" } }),
  PasswordResetLink: object({ url: str, expiresAt: str }),
  AuditLog: object({
    entries: {
      type: "array",
      items: object({
        id: str,
        at: str,
        actorId: nullableStr,
        actorEmail: nullableStr,
        action: str,
        targetId: nullableStr,
        targetEmail: nullableStr,
        detail: { type: "object" },
      }),
    },
  }),
  QueueStatus: object({
    depth: { type: "integer" },
    running: { type: "integer" },
    infraErrorsLastHour: { type: "integer" },
    gradedLastHour: { type: "integer" },
    avgGradeMs: nullableInt,
    p95GradeMs: nullableInt,
    runner: str,
  }),
  RetryInfra: object({ requeued: { type: "integer" } }),
};

const UNDOCUMENTED: Op = {
  summary: "(not described yet: add it to src/server/openapi.ts)",
  responses: { 200: "Any" },
};

/**
 * The document for the routes registered (`METHOD /url` in Fastify's `:param` form; static
 * files and HEAD are left out).
 */
export function buildOpenApiDocument(registered: readonly string[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of registered) {
    const [method, url] = route.split(" ") as [string, string];
    if (!/^\/(api\/|healthz$)/.test(url)) continue;
    const openApiPath = url.replace(/:(\w+)/g, "{$1}");
    const params = [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const op = ops[openApiPath]?.[method.toLowerCase()] ?? UNDOCUMENTED;
    (paths[openApiPath] ??= {})[method.toLowerCase()] = operation(op, params);
  }
  return { ...openApiBase, paths };
}

const openApiBase = {
  openapi: "3.1.0",
  info: {
    title: "PyDojo API",
    version: "0.1.0",
    description:
      "Errors are { error: { code, message } }. Cookie sessions need X-CSRF-Token on writes; API tokens use Authorization: Bearer and may read, save drafts, submit and ask for a gap report; every other write, and the admin and instructor routes, need a session (403 token_not_allowed).",
  },
  components: {
    securitySchemes: {
      session: { type: "apiKey", in: "cookie", name: "pydojo_session" },
      token: { type: "http", scheme: "bearer" },
    },
    schemas: {
      ...validatedBodies,
      ...adminSchemas,
      ...skillApiSchemas,
      ...cohortApiSchemas,
      Any: {},
      Project: object({
        id: str,
        title: str,
        summary: str,
        locked: { type: "boolean" },
        fileRules: { type: "object" },
        starter: { type: "array" },
        stages: { type: "array" },
      }),
      Health: object({ ok: { type: "boolean" }, queueDepth: { type: "integer" } }),
      Error: object({ error: object({ code: str, message: str }) }),
      Session: object({ user: { $ref: "#/components/schemas/User" }, csrfToken: str }),
      User: object({
        id: str,
        email: str,
        displayName: str,
        role: { enum: ["learner", "mentor", "author", "admin"] },
        timeZone: str,
      }),
      Me: object({
        user: { $ref: "#/components/schemas/User" },
        csrfToken: { type: ["string", "null"] },
        via: { enum: ["session", "token"] },
      }),
      ProfileUpdated: object({ user: { $ref: "#/components/schemas/User" } }),
      DeviceStart: object({ hostname: str, client: str, client_id: str, scope: str }, []),
      DeviceAuthorization: object({
        device_code: str,
        user_code: str,
        verification_uri: str,
        verification_uri_complete: str,
        expires_in: { type: "integer" },
        interval: { type: "integer" },
      }),
      DeviceInfo: object({
        userCode: str,
        hostname: str,
        client: str,
        status: { enum: ["pending", "approved", "denied", "consumed"] },
        createdAt: str,
        expiresAt: str,
      }),
      DeviceDecision: object({ user_code: str }),
      DeviceDecided: object({ status: { enum: ["approved", "denied"] } }),
      DeviceTokenRequest: object({ grant_type: str, device_code: str, client_id: str }, [
        "device_code",
      ]),
      DeviceToken: object({
        access_token: str,
        token_type: { enum: ["Bearer"] },
        name: str,
        user: object({ email: str, displayName: str }),
      }),
      OAuthError: object({ error: str, error_description: str, interval: { type: "integer" } }, [
        "error",
        "error_description",
      ]),
      TokenCreate: object({ name: str }),
      TokenCreated: object({ id: str, name: str, prefix: str, token: str, note: str }),
      TokenList: object({
        tokens: {
          type: "array",
          items: object({
            id: str,
            name: str,
            prefix: str,
            createdAt: str,
            lastUsedAt: { type: ["string", "null"] },
            revokedAt: { type: ["string", "null"] },
          }),
        },
      }),
      CourseList: object({
        courses: { type: "array", items: object({ id: str, title: str, description: str }) },
      }),
      Course: { type: "object" },
      Lesson: object({ id: str, title: str, minutes: { type: "integer" }, markdown: str }),
      Exercise: { type: "object" },
      Hint: object({ hint: str, shown: { type: "integer" }, total: { type: "integer" } }),
      Solutions: object({
        solutions: { type: "array", items: object({ id: str, files, createdAt: str }) },
      }),
      Draft: object({ files, version: { type: "integer" }, updatedAt: str }),
      DraftSaved: object({ version: { type: "integer" }, updatedAt: str }),
      Submission: object({
        id: str,
        exerciseId: str,
        status: { enum: ["queued", "running", "graded", "infra-error"] },
        result: { type: ["object", "null"] },
        error: { type: ["string", "null"] },
        createdAt: str,
      }),
      QuickRun: object({ result: { type: "object" }, runtime: { enum: ["server"] } }),
      SubmissionList: object({
        submissions: { type: "array", items: { $ref: "#/components/schemas/Submission" } },
      }),
      Progress: object({
        stats: { type: "object" },
        exercises: { type: "array" },
        activity: { type: "array" },
      }),
      OpenAPI: { type: "object" },
    },
  },
};

/** Paths of the document in Fastify's `:param` form with their methods, for the coverage test. */
export function documentedRoutes(): string[] {
  return Object.entries(ops).flatMap(([p, methods]) =>
    Object.keys(methods).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ":$1")}`),
  );
}
