/**
 * The OpenAPI entries of the cohort routes (routes/cohort-routes.ts), merged into the document by
 * openapi.ts: summaries, who may call, request bodies (from the zod schemas that validate them)
 * and response shapes.
 */
import { z } from "zod";
import {
  cohortCreateSchema,
  cohortPatchSchema,
  commentSchema,
  instructorSchema,
  joinSchema,
  seenSchema,
} from "./cohorts.js";

const STAFF = "Instructors (mentors: their own cohorts only, else 403) and admins";
const err = { 401: "Error", 403: "Error", 404: "Error" };

export const cohortApiOps = {
  "/api/cohorts": {
    get: {
      summary: `${STAFF}: the cohorts the caller teaches (admins: all), with invite codes`,
      auth: true,
      responses: { 200: "CohortList", 401: "Error", 403: "Error" },
    },
    post: {
      summary: `${STAFF}: create a cohort with a fresh invite code (a mentor becomes its instructor)`,
      auth: true,
      body: "CohortCreate",
      responses: { 201: "CohortOne", 400: "Error", 401: "Error", 403: "Error" },
    },
  },
  "/api/cohorts/{id}": {
    get: {
      summary: `${STAFF}: the cohort page: learners x exercises grid (passed, attempted), stuck exercises (?minFailures=3) and inactive learners (?inactiveDays=7)`,
      auth: true,
      responses: { 200: "CohortOverview", ...err },
    },
    patch: {
      summary: `${STAFF}: rename, set the start date or the open modules (null: all)`,
      auth: true,
      body: "CohortPatch",
      responses: { 200: "CohortOne", 400: "Error", ...err },
    },
    delete: {
      summary: `${STAFF}: delete the cohort (learners and their work stay)`,
      auth: true,
      responses: { 204: "none", ...err },
    },
  },
  "/api/cohorts/{id}/invite": {
    post: {
      summary: `${STAFF}: a new invite code (the old one stops working)`,
      auth: true,
      responses: { 200: "CohortOne", ...err },
    },
    delete: {
      summary: `${STAFF}: turn joining off (no code works)`,
      auth: true,
      responses: { 200: "CohortOne", ...err },
    },
  },
  "/api/cohorts/{id}/instructors": {
    post: {
      summary: "Admins: make a mentor or admin (by email) an instructor of the cohort",
      auth: true,
      body: "CohortInstructor",
      responses: { 201: "CohortInstructors", 409: "Error", ...err },
    },
  },
  "/api/cohorts/{id}/instructors/{userId}": {
    delete: {
      summary: "Admins: remove an instructor from the cohort",
      auth: true,
      responses: { 204: "none", ...err },
    },
  },
  "/api/cohorts/{id}/members/{userId}": {
    delete: {
      summary: `${STAFF}: remove a learner from the cohort`,
      auth: true,
      responses: { 204: "none", ...err },
    },
  },
  "/api/cohorts/{id}/learners/{userId}/submissions": {
    get: {
      summary: `${STAFF}: a member's submissions, newest first, with code, verdicts and comments (?exercise=)`,
      auth: true,
      responses: { 200: "LearnerSubmissions", ...err },
    },
  },
  "/api/cohorts/{id}/submissions/{submissionId}/comments": {
    post: {
      summary: `${STAFF}: comment on a line of a member's submission (audit-logged)`,
      auth: true,
      body: "LineCommentNew",
      responses: { 201: "LineCommentOne", 400: "Error", ...err },
    },
  },
  "/api/cohorts/{id}/progress.csv": {
    get: {
      summary: `${STAFF}: the progress grid as CSV (RFC 4180; cells starting with = + - @ get a leading ')`,
      auth: true,
      responses: { 200: "Any", ...err },
    },
  },
  "/api/cohorts/join": {
    post: {
      summary: "Join the cohort with this invite code (dashes and case don't matter)",
      auth: true,
      body: "CohortJoin",
      responses: { 200: "CohortJoined", 401: "Error", 404: "Error" },
    },
  },
  "/api/me/cohorts": {
    get: {
      summary: "The caller's cohorts (name, start date, open modules)",
      auth: true,
      responses: { 200: "MyCohorts", 401: "Error" },
    },
  },
  "/api/me/cohorts/{id}": {
    delete: {
      summary: "Leave a cohort",
      auth: true,
      responses: { 204: "none", 401: "Error", 404: "Error" },
    },
  },
  "/api/me/comments": {
    get: {
      summary:
        "Instructors' comments on the caller's submissions, newest first (?exercise=), and how many are new",
      auth: true,
      responses: { 200: "MyComments", 401: "Error" },
    },
  },
  "/api/me/comments/seen": {
    post: {
      summary: "Mark the caller's new comments seen (all, or these ids)",
      auth: true,
      body: "CommentsSeen",
      responses: { 200: "CommentsMarked", 401: "Error" },
    },
  },
};

const object = (properties: Record<string, unknown>) => ({
  type: "object",
  properties,
  required: Object.keys(properties),
});
const s = { type: "string" };
const ns = { type: ["string", "null"] };
const int = { type: "integer" };
const arr = (items: unknown) => ({ type: "array", items });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const body = (schema: z.ZodType) => {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return json;
};
const person = object({
  userId: s,
  email: s,
  displayName: s,
  role: s,
  since: s,
  lastActiveAt: ns,
});
const comment = object({
  id: s,
  submissionId: s,
  exerciseId: s,
  file: s,
  line: int,
  text: s,
  author: ns,
  createdAt: s,
  seenAt: ns,
});

export const cohortApiSchemas = {
  CohortCreate: body(cohortCreateSchema),
  CohortPatch: body(cohortPatchSchema),
  CohortInstructor: body(instructorSchema),
  CohortJoin: body(joinSchema),
  LineCommentNew: body(commentSchema),
  CommentsSeen: body(seenSchema),
  Cohort: object({
    id: s,
    name: s,
    inviteCode: ns,
    joinUrl: ns,
    startDate: ns,
    openModules: { type: ["array", "null"], items: s },
    createdAt: s,
  }),
  CohortOne: object({ cohort: ref("Cohort") }),
  CohortList: object({ cohorts: arr(ref("Cohort")) }),
  CohortPerson: person,
  CohortInstructors: object({ instructors: arr(ref("CohortPerson")) }),
  CohortOverview: object({
    cohort: ref("Cohort"),
    instructors: arr(ref("CohortPerson")),
    modules: arr(object({ id: s, title: s })),
    exercises: arr(object({ id: s, title: s, moduleId: s })),
    learners: arr({ type: "object" }),
    grid: { type: "object", additionalProperties: { type: "object" } },
    stuck: { type: "object" },
  }),
  LearnerSubmissions: object({
    learner: ref("CohortPerson"),
    submissions: arr({ type: "object" }),
  }),
  LineComment: comment,
  LineCommentOne: object({ comment: ref("LineComment") }),
  CohortJoined: object({
    cohort: object({ id: s, name: s, startDate: ns }),
    joined: { type: "boolean" },
  }),
  MyCohorts: object({
    cohorts: arr(
      object({ id: s, name: s, startDate: ns, openModules: { type: ["array", "null"], items: s } }),
    ),
  }),
  MyComments: object({ unseen: int, comments: arr(ref("LineComment")) }),
  CommentsMarked: object({ marked: int }),
};
