/**
 * Skills (issue #16): the map and each skill's page, the caller's skills, the gap report for a
 * posting and optionally a résumé (nothing stored), the goal the caller pins (stored only then),
 * the caller's public-profile settings and hidden items, and the opt-in public profile — as JSON
 * and as a page at /u/<handle> that needs no script and prints.
 */
import { secondsUntilReset } from "../rate-limit.js";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { compareResume, skillGap } from "../../app/skill-gap.js";
import { xpToNextLevel } from "../../core/progress.js";
import { ConflictError } from "../../storage/store.js";
import type { RouteContext } from "../app.js";
import { HttpError, notFound } from "../errors.js";
import { parseBody } from "../http.js";
import { finishedProjects, hiddenExercises, type ProfileProject } from "../project-profile.js";
import {
  gapExercises,
  gapLessons,
  goalProgress,
  learnerSkills,
  presentSkill,
  presentSkillMap,
  statesOf,
  visibleSkills,
} from "../skills.js";

/** The most text a gap report reads (a long posting is 10 KB). */
export const MAX_GAP_BYTES = 100 * 1024;
/** Gap reports per user per minute (each reads up to 100 KB on the API's event loop). */
export const GAP_PER_MINUTE = 10;

export const gapSchema = z.strictObject({
  text: z.string().min(1),
  /** A résumé to compare with the posting (optional; read, not stored). */
  resume: z.string().min(1).optional(),
});

/** Printable text without control characters, trimmed: a goal's title. */
const title = z
  .string()
  .transform((t) => t.replace(/\p{Cc}+/gu, " ").trim())
  .pipe(z.string().min(1, "give the goal a title").max(120));
export const goalSchema = z.strictObject({
  postingTitle: title,
  /** Exercise ids in the order to do them (the gap report's path). */
  path: z.array(z.string().min(1).max(200)).min(1).max(200),
});

export const hiddenSchema = z.strictObject({
  kind: z.enum(["skill", "exercise"]),
  id: z.string().min(1).max(200),
  hidden: z.boolean(),
});

/** Lower-case letters, digits and inner dashes, 3 to 30 characters. */
const HANDLE = /^[a-z0-9](?:[a-z0-9-]{1,28})[a-z0-9]$/;
export const profileSettingsSchema = z.strictObject({
  handle: z
    .string()
    .trim()
    .toLowerCase()
    .regex(HANDLE, "a handle is 3 to 30 letters, digits or dashes (not at either end)")
    .nullable(),
  public: z.boolean(),
});

export function registerSkillRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const exercises = gapExercises(ctx.catalog);
  const lessons = gapLessons(ctx.catalog);
  const exerciseIds = new Set(exercises.map((e) => e.id));
  const skillIds = new Set(ctx.catalog.skills.skills.map((s) => s.id));
  const mapView = presentSkillMap(ctx.catalog.skills, exercises);

  app.get("/api/skills", async () => mapView);

  /** A skill's page; signed in, with the caller's status, evidence and what they hid. */
  app.get<{ Params: { id: string } }>("/api/skills/:id", async (request) => {
    const view = presentSkill(ctx.catalog.skills, request.params.id, exercises, lessons);
    if (!view) throw notFound("skill");
    const auth = await ctx.optionalUser(request);
    if (!auth) return { ...view, mine: null };
    const [progress, hidden] = await Promise.all([
      ctx.store.progress.listForUser(auth.user.id),
      ctx.store.profiles.hidden(auth.user.id),
    ]);
    const mine = learnerSkills(ctx.catalog.skills, exercises, progress).find(
      (s) => s.id === view.id,
    )!;
    return {
      ...view,
      mine: {
        status: mine.status,
        evidence: mine.evidence,
        hidden: hidden.some((h) => h.kind === "skill" && h.id === view.id),
        hiddenExercises: hidden.filter((h) => h.kind === "exercise").map((h) => h.id),
      },
    };
  });

  app.get("/api/me/skills", async (request) => {
    const auth = await ctx.requireUser(request);
    const progress = await ctx.store.progress.listForUser(auth.user.id);
    return { skills: learnerSkills(ctx.catalog.skills, exercises, progress) };
  });

  app.post("/api/skills/gap", { bodyLimit: 8 * MAX_GAP_BYTES }, async (request) => {
    const auth = await ctx.requireUser(request);
    const { text, resume } = parseBody(gapSchema, request.body);
    if (Buffer.byteLength(text, "utf8") > MAX_GAP_BYTES)
      throw new HttpError(
        413,
        "too_large",
        "the text is larger than 100 KB: paste the posting only",
      );
    if (resume !== undefined && Buffer.byteLength(resume, "utf8") > MAX_GAP_BYTES)
      throw new HttpError(413, "too_large", "the résumé is larger than 100 KB");
    const hit = await ctx.rateLimits.hit(`skills-gap:${auth.user.id}`, 60_000);
    if (hit.count > GAP_PER_MINUTE) {
      const seconds = secondsUntilReset(hit);
      throw new HttpError(
        429,
        "rate_limited",
        `more than ${GAP_PER_MINUTE} gap reports in a minute: try again in ${seconds} s`,
        { "retry-after": String(seconds) },
      );
    }
    const progress = await ctx.store.progress.listForUser(auth.user.id);
    // Synchronous on the event loop: ~5 ms for a posting, 0.1-0.2 s for 100 KB of postings,
    // up to ~1.5 s for 100 KB crafted to be slow (bench numbers in decision 0008); hence the
    // per-user limit above. A résumé doubles it at most.
    const states = statesOf(progress);
    const report = skillGap(text, ctx.catalog.skills, exercises, states);
    if (resume === undefined) return report;
    return {
      ...report,
      resume: compareResume(resume, report, ctx.catalog.skills, exercises, states),
    };
  });

  /** The pinned goal with progress, or null. */
  async function goalView(userId: string) {
    const goal = await ctx.store.profiles.goal(userId);
    if (!goal) return { goal: null };
    const progress = await ctx.store.progress.listForUser(userId);
    return { goal: goalProgress(goal, exercises, progress) };
  }

  app.get("/api/me/goal", async (request) => {
    const auth = await ctx.requireUser(request);
    return goalView(auth.user.id);
  });

  /** Pins a path as the caller's goal (replacing any earlier one): the only time it is stored. */
  app.post("/api/me/goal", async (request) => {
    const auth = await ctx.requireUser(request);
    const input = parseBody(goalSchema, request.body);
    const unknown = input.path.filter((id) => !exerciseIds.has(id));
    if (unknown.length)
      throw new HttpError(
        400,
        "unknown_exercise",
        `not an exercise of this server: ${unknown.slice(0, 3).join(", ")}`,
      );
    await ctx.store.profiles.setGoal(auth.user.id, {
      postingTitle: input.postingTitle,
      path: [...new Set(input.path)],
      pinnedAt: new Date().toISOString(),
    });
    return goalView(auth.user.id);
  });

  app.delete("/api/me/goal", async (request, reply) => {
    const auth = await ctx.requireUser(request);
    await ctx.store.profiles.setGoal(auth.user.id, null);
    return reply.status(204).send();
  });

  app.get("/api/me/profile/hidden", async (request) => {
    const auth = await ctx.requireUser(request);
    return { hidden: await ctx.store.profiles.hidden(auth.user.id) };
  });

  /** Hides one verified skill or one exercise from the public profile, or shows it again. */
  app.put("/api/me/profile/hidden", async (request) => {
    const auth = await ctx.requireUser(request);
    const input = parseBody(hiddenSchema, request.body);
    if (!(input.kind === "skill" ? skillIds : exerciseIds).has(input.id))
      throw new HttpError(400, "unknown_item", `no ${input.kind} ${input.id} on this server`);
    await ctx.store.profiles.setHidden(
      auth.user.id,
      { kind: input.kind, id: input.id },
      input.hidden,
    );
    return { hidden: await ctx.store.profiles.hidden(auth.user.id) };
  });

  app.get("/api/me/profile", async (request) => {
    const auth = await ctx.requireUser(request);
    return ctx.store.profiles.get(auth.user.id);
  });

  app.put("/api/me/profile", async (request) => {
    const auth = await ctx.requireUser(request);
    const input = parseBody(profileSettingsSchema, request.body);
    if (input.public && !input.handle)
      throw new HttpError(
        400,
        "handle_required",
        "choose a handle before making the profile public",
      );
    try {
      await ctx.store.profiles.set(auth.user.id, input);
    } catch (error) {
      if (error instanceof ConflictError) throw new HttpError(409, "handle_taken", error.message);
      throw error;
    }
    return ctx.store.profiles.get(auth.user.id);
  });

  /** Only what the learner chose to show: no email, no drafts, no code, no attempts. */
  async function publicProfile(handle: string) {
    const key = handle.toLowerCase();
    const userId = HANDLE.test(key) ? await ctx.store.profiles.publicUserId(key) : null;
    const user = userId ? await ctx.store.users.byId(userId) : null;
    if (!user) throw notFound("profile");
    const [progress, stats, hidden] = await Promise.all([
      ctx.store.progress.listForUser(user.id),
      ctx.store.progress.stats(user.id),
      ctx.store.profiles.hidden(user.id),
    ]);
    // Only what the learner left visible: hidden skills and exercises are not in the answer.
    const verified = visibleSkills(learnerSkills(ctx.catalog.skills, exercises, progress), hidden);
    const areas = [...new Set(verified.map((s) => s.area))].map((area) => ({
      area,
      skills: verified
        .filter((s) => s.area === area)
        .map((s) => ({
          id: s.id,
          name: s.name,
          evidence: s.evidence,
          // Where anyone can check this claim against the server's records.
          verify: `/api/profiles/${key}/skills/${s.id}`,
        })),
    }));
    return {
      handle: key,
      displayName: user.displayName,
      level: xpToNextLevel(stats.xp).level,
      xp: stats.xp,
      streakDays: stats.streakDays,
      verifiedCount: verified.length,
      areas,
      // Finished projects: every stage passed on the server, with dates and the code.
      projects: finishedProjects(ctx.catalog, progress, key, hiddenExercises(hidden)),
    };
  }

  app.get<{ Params: { handle: string } }>("/api/profiles/:handle", async (request) =>
    publicProfile(request.params.handle),
  );

  // A verification URL: one verified skill of a public profile, as the server records it now.
  app.get<{ Params: { handle: string; id: string } }>(
    "/api/profiles/:handle/skills/:id",
    async (request) => {
      const profile = await publicProfile(request.params.handle);
      const skill = profile.areas.flatMap((a) => a.skills).find((s) => s.id === request.params.id);
      if (!skill)
        throw notFound(`a verified skill ${JSON.stringify(request.params.id)} on this profile`);
      return {
        handle: profile.handle,
        displayName: profile.displayName,
        skill: { id: skill.id, name: skill.name },
        verified: true,
        evidence: skill.evidence,
        checkedAt: ctx.now().toISOString(),
        statement:
          "The PyDojo server graded a passing submission of each exercise listed, in its sandbox, on the date given.",
      };
    },
  );

  app.get<{ Params: { handle: string } }>("/u/:handle", async (request, reply) => {
    let html: string;
    try {
      html = profilePage(await publicProfile(request.params.handle));
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 404) throw error;
      return reply
        .status(404)
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .send(
          page(
            "Profile not found",
            `<main class="profile card"><h1>No public profile here</h1><p>This profile does not exist or its owner has not made it public.</p><p><a href="/">PyDojo</a></p></main>`,
          ),
        );
    }
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .header("x-robots-tag", "noindex")
      .send(html);
  });
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

const AREA_NAMES: Record<string, string> = {};
const areaTitle = (area: string) =>
  AREA_NAMES[area] ?? area.charAt(0).toUpperCase() + area.slice(1).replace(/-/g, " ");

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)} · PyDojo</title><link rel="stylesheet" href="/styles.css"></head>
<body class="profile-body">${body}</body></html>`;
}

type Profile = {
  handle: string;
  displayName: string;
  level: number;
  xp: number;
  streakDays: number;
  verifiedCount: number;
  areas: {
    area: string;
    skills: {
      id: string;
      name: string;
      evidence: { title: string; passedAt: string }[];
      verify: string;
    }[];
  }[];
  projects: ProfileProject[];
};

function projectsSection(projects: ProfileProject[], day: (iso: string) => string): string {
  if (projects.length === 0) return "";
  const items = projects
    .map(
      (p) => `<li class="profile-project" data-project="${esc(p.id)}"><h3>${esc(p.title)}</h3>
<p>${esc(p.summary)}</p>
<ol class="profile-stages">${p.stages
        .map(
          (s) =>
            `<li>${esc(s.title)} <span class="muted small">passed <time datetime="${esc(s.passedAt)}">${day(s.passedAt)}</time></span></li>`,
        )
        .join("")}</ol>
<p><a href="${esc(p.download)}" download>Download the code (zip)</a></p></li>`,
    )
    .join("");
  return `<section class="profile-area"><h2>Projects built</h2><ul class="profile-projects">${items}</ul></section>`;
}

function profilePage(p: Profile): string {
  const day = (iso: string) => iso.slice(0, 10);
  const areas = p.areas.length
    ? p.areas
        .map(
          (a) =>
            `<section class="profile-area"><h2>${esc(areaTitle(a.area))}</h2><ul>${a.skills
              .map(
                (s) =>
                  `<li data-skill="${esc(s.id)}"><b>${esc(s.name)}</b> <a class="small" href="${esc(s.verify)}" title="What the server records for this skill, as JSON">check</a><span class="muted small"> — verified by ${s.evidence
                    .map(
                      (e) =>
                        `${esc(e.title)} (<time datetime="${esc(e.passedAt)}">${day(e.passedAt)}</time>)`,
                    )
                    .join(", ")}</span></li>`,
              )
              .join("")}</ul></section>`,
        )
        .join("")
    : `<p class="muted">No verified skills yet.</p>`;
  return page(
    `${p.displayName} (@${p.handle})`,
    `<main class="profile card">
<header class="profile-head"><h1>${esc(p.displayName)}</h1><p class="muted">@${esc(p.handle)} · a PyDojo learner</p></header>
<dl class="profile-stats"><div><dt>Level</dt><dd>${p.level}</dd></div><div><dt>XP</dt><dd>${p.xp}</dd></div><div><dt>Streak</dt><dd>${p.streakDays} day${p.streakDays === 1 ? "" : "s"}</dd></div><div><dt>Verified skills</dt><dd data-testid="verified-count">${p.verifiedCount}</dd></div></dl>
${areas}
${projectsSection(p.projects, day)}
<p class="muted small profile-note">A skill is verified when the PyDojo server graded a passing submission of an exercise that practises it. Dates are the first pass.</p>
</main>`,
  );
}

/** The OpenAPI description of these routes (merged into openapi.ts's table). */
export const skillApiOps = {
  "/api/skills": {
    get: {
      summary: "The skills map: each skill with the course exercises that give evidence of it",
      responses: { 200: "SkillMap" },
    },
  },
  "/api/skills/{id}": {
    get: {
      summary:
        "A skill's page: what it is, what a junior, mid and senior do with it, the lessons and exercises that build it, related skills; signed in, the caller's evidence and hidden items",
      responses: { 200: "SkillPage", 404: "Error" },
    },
  },
  "/api/me/goal": {
    get: {
      summary:
        "The caller's pinned goal with progress (steps passed / total, the next step), or null",
      auth: true,
      responses: { 200: "GoalView", 401: "Error" },
    },
    post: {
      summary:
        "Pin a path as the caller's goal, replacing any earlier one (the only time anything from a gap report is stored)",
      auth: true,
      body: "GoalPin",
      responses: { 200: "GoalView", 400: "Error", 401: "Error" },
    },
    delete: {
      summary: "Unpin the caller's goal",
      auth: true,
      responses: { 204: "none", 401: "Error" },
    },
  },
  "/api/me/profile/hidden": {
    get: {
      summary: "The skills and exercises the caller hides from their public profile",
      auth: true,
      responses: { 200: "HiddenItems", 401: "Error" },
    },
    put: {
      summary: "Hide one verified skill or exercise from the public profile, or show it again",
      auth: true,
      body: "HiddenChange",
      responses: { 200: "HiddenItems", 400: "Error", 401: "Error" },
    },
  },
  "/api/me/skills": {
    get: {
      summary:
        "The caller's skills: verified (passed exercises and dates), in progress, or not yet",
      auth: true,
      responses: { 200: "LearnerSkills", 401: "Error" },
    },
  },
  "/api/skills/gap": {
    post: {
      summary:
        "A job posting's skills against the caller's: verified, in progress, missing, not taught, and the path; with a résumé, its claims verified or not and what it doesn't mention (each text up to 100 KB; nothing stored)",
      auth: true,
      body: "GapRequest",
      responses: { 200: "GapReport", 400: "Error", 401: "Error", 413: "Error", 429: "Error" },
    },
  },
  "/api/me/profile": {
    get: {
      summary: "The caller's public-profile settings: handle and whether it is public",
      auth: true,
      responses: { 200: "ProfileSettings", 401: "Error" },
    },
    put: {
      summary: "Choose a handle and turn the public profile on or off",
      auth: true,
      body: "ProfileSettings",
      responses: { 200: "ProfileSettings", 400: "Error", 409: "Error" },
    },
  },
  "/api/profiles/{handle}/skills/{id}": {
    get: {
      summary:
        "A verification URL: one verified skill of a public profile with its evidence, as the server records it now (404 when the profile is off, the skill hidden or not verified)",
      responses: { 200: "SkillVerification", 404: "Error" },
    },
  },
  "/api/profiles/{handle}": {
    get: {
      summary:
        "A public profile (opt-in): display name, level, XP, streak, verified skills by area with evidence; 404 when off or unknown",
      responses: { 200: "PublicProfile", 404: "Error" },
    },
  },
};

const obj = (properties: Record<string, unknown>) => ({
  type: "object",
  properties,
  required: Object.keys(properties),
});
const s = { type: "string" };
const int = { type: "integer" };
const evidence = { type: "array", items: obj({ id: s, title: s, passedAt: s }) };
/** An object schema whose listed properties may be left out. */
const optional = (schema: ReturnType<typeof obj>, ...names: string[]) => ({
  ...schema,
  required: schema.required.filter((n) => !names.includes(n)),
});
const gapStatus = { enum: ["verified", "in-progress", "missing", "not-taught"] };
const hiddenItems = obj({
  hidden: { type: "array", items: obj({ kind: { enum: ["skill", "exercise"] }, id: s }) },
});
const idTitle = obj({ id: s, title: s, minutes: int });
export const skillApiSchemas = {
  GapRequest: optional(
    obj({ text: { type: "string", minLength: 1 }, resume: { type: "string", minLength: 1 } }),
    "resume",
  ),
  GoalPin: obj({
    postingTitle: { type: "string", minLength: 1, maxLength: 120 },
    path: { type: "array", items: s, minItems: 1, maxItems: 200 },
  }),
  GoalView: obj({
    goal: {
      type: ["object", "null"],
      properties: {
        postingTitle: s,
        pinnedAt: s,
        total: int,
        passed: int,
        hoursLeft: { type: "number" },
        next: { type: ["object", "null"], properties: { id: s, title: s } },
        steps: {
          type: "array",
          items: obj({ id: s, title: s, minutes: int, passed: { type: "boolean" } }),
        },
      },
    },
  }),
  HiddenItems: hiddenItems,
  HiddenChange: obj({ kind: { enum: ["skill", "exercise"] }, id: s, hidden: { type: "boolean" } }),
  SkillPage: obj({
    id: s,
    name: s,
    area: s,
    description: s,
    levels: obj({ junior: s, mid: s, senior: s }),
    teaches: { type: "boolean" },
    synonyms: { type: "array", items: s },
    related: { type: "array", items: obj({ id: s, name: s, teaches: { type: "boolean" } }) },
    lessons: { type: "array", items: idTitle },
    exercises: { type: "array", items: idTitle },
    mine: {
      type: ["object", "null"],
      properties: {
        status: { enum: ["verified", "in-progress", "not-yet"] },
        evidence,
        hidden: { type: "boolean" },
        hiddenExercises: { type: "array", items: s },
      },
    },
  }),
  ProfileSettings: obj({ handle: { type: ["string", "null"] }, public: { type: "boolean" } }),
  SkillMap: obj({
    skills: {
      type: "array",
      items: obj({
        id: s,
        name: s,
        area: s,
        description: s,
        teaches: { type: "boolean" },
        related: { type: "array", items: s },
        exercises: { type: "array", items: obj({ id: s, title: s }) },
      }),
    },
  }),
  LearnerSkills: obj({
    skills: {
      type: "array",
      items: obj({
        id: s,
        name: s,
        area: s,
        teaches: { type: "boolean" },
        status: { enum: ["verified", "in-progress", "not-yet"] },
        evidence,
      }),
    },
  }),
  GapReport: optional(
    obj({
      skills: {
        type: "array",
        items: obj({
          id: s,
          name: s,
          required: { type: "boolean" },
          matched: s,
          line: int,
          status: gapStatus,
          evidence: { type: "array", items: s },
        }),
      },
      excluded: { type: "array", items: s },
      excludedNames: { type: "array", items: s },
      language: s,
      path: {
        type: "array",
        items: obj({ id: s, title: s, minutes: int, skills: { type: "array", items: s } }),
      },
      hours: { type: "number" },
      resume: obj({
        claimed: {
          type: "array",
          items: obj({
            id: s,
            name: s,
            status: gapStatus,
            evidence: { type: "array", items: s },
            inPosting: { type: "boolean" },
            matched: s,
            line: int,
          }),
        },
        unmentioned: {
          type: "array",
          items: obj({ id: s, name: s, required: { type: "boolean" }, status: gapStatus }),
        },
      }),
    }),
    "resume",
    "language",
  ),
  SkillVerification: obj({
    handle: s,
    displayName: s,
    skill: obj({ id: s, name: s }),
    verified: { type: "boolean" },
    evidence,
    checkedAt: s,
    statement: s,
  }),
  PublicProfile: obj({
    handle: s,
    displayName: s,
    level: int,
    xp: int,
    streakDays: int,
    verifiedCount: int,
    areas: {
      type: "array",
      items: obj({
        area: s,
        skills: { type: "array", items: obj({ id: s, name: s, evidence, verify: s }) },
      }),
    },
    projects: {
      type: "array",
      items: obj({
        id: s,
        title: s,
        summary: s,
        finishedAt: s,
        download: s,
        stages: { type: "array", items: obj({ n: int, title: s, passedAt: s }) },
      }),
    },
  }),
};
