/**
 * Cohort routes (issue #18): instructors' (mentors and admins; src/server/cohorts.ts checks who
 * may see which cohort) and the learner's end (joining with a code, their cohorts, the comments
 * on their submissions). Tested on every route for learners (403) and other instructors (403).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { RouteContext } from "../app.js";
import {
  cohortCreateSchema,
  cohortPatchSchema,
  Cohorts,
  commentSchema,
  instructorSchema,
  joinSchema,
  presentCohort,
  presentComment,
  seenSchema,
} from "../cohorts.js";
import { forbidden } from "../errors.js";
import { parseBody } from "../http.js";

const overviewQuery = z.object({
  inactiveDays: z.coerce.number().int().min(1).max(365).default(7),
  minFailures: z.coerce.number().int().min(1).max(1000).default(3),
});
const exerciseQuery = z.object({ exercise: z.string().max(200).optional() });

/** The site's own origin as the client reached it (for the join link). */
const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

const SUBMIT_ROUTE = "/api/exercises/:course/:slug/submissions";

type Id = { Params: { id: string } };

export function registerCohortRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const cohorts = new Cohorts(ctx.store, ctx.catalog, ctx.now);
  const user = async (request: FastifyRequest) => (await ctx.requireUser(request)).user;

  // Open modules: a learner whose cohorts list theirs submits only in those (cohorts.ts says
  // who is limited). A hook, so the submit use case (submissions.ts) stays as it is.
  app.addHook("preHandler", async (request) => {
    if (request.method !== "POST" || request.routeOptions.url !== SUBMIT_ROUTE) return;
    const auth = await ctx.optionalUser(request);
    const { course, slug } = request.params as { course: string; slug: string };
    const found = auth && ctx.catalog.exercise(`${course}/${slug}`);
    if (!auth || !found) return; // the route itself answers 401 / 404
    const why = await cohorts.closedModule(auth.user, found.moduleId);
    if (why) throw forbidden(why);
  });

  app.get("/api/cohorts", async (request) => {
    const list = await cohorts.list(await user(request));
    return { cohorts: list.map((c) => presentCohort(c, origin(request))) };
  });

  app.post("/api/cohorts", async (request, reply) => {
    const me = await user(request);
    const cohort = await cohorts.create(me, parseBody(cohortCreateSchema, request.body));
    return reply.status(201).send({ cohort: presentCohort(cohort, origin(request)) });
  });

  app.get<Id>("/api/cohorts/:id", async (request) => {
    const { inactiveDays, minFailures } = parseBody(overviewQuery, request.query);
    return cohorts.overview(
      await user(request),
      request.params.id,
      inactiveDays,
      minFailures,
      origin(request),
    );
  });

  app.patch<Id>("/api/cohorts/:id", async (request) => {
    const patch = parseBody(cohortPatchSchema, request.body);
    const cohort = await cohorts.update(await user(request), request.params.id, patch);
    return { cohort: presentCohort(cohort, origin(request)) };
  });

  app.delete<Id>("/api/cohorts/:id", async (request, reply) => {
    await cohorts.remove(await user(request), request.params.id);
    return reply.status(204).send();
  });

  app.post<Id>("/api/cohorts/:id/invite", async (request) => {
    const cohort = await cohorts.setInvite(await user(request), request.params.id, true);
    return { cohort: presentCohort(cohort, origin(request)) };
  });

  app.delete<Id>("/api/cohorts/:id/invite", async (request) => {
    const cohort = await cohorts.setInvite(await user(request), request.params.id, false);
    return { cohort: presentCohort(cohort, origin(request)) };
  });

  app.post<Id>("/api/cohorts/:id/instructors", async (request, reply) => {
    const { email } = parseBody(instructorSchema, request.body);
    const instructors = await cohorts.addInstructor(await user(request), request.params.id, email);
    return reply.status(201).send({ instructors });
  });

  app.delete<{ Params: { id: string; userId: string } }>(
    "/api/cohorts/:id/instructors/:userId",
    async (request, reply) => {
      await cohorts.removeInstructor(await user(request), request.params.id, request.params.userId);
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: { id: string; userId: string } }>(
    "/api/cohorts/:id/members/:userId",
    async (request, reply) => {
      await cohorts.removeMember(await user(request), request.params.id, request.params.userId);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { id: string; userId: string } }>(
    "/api/cohorts/:id/learners/:userId/submissions",
    async (request) => {
      const { exercise } = parseBody(exerciseQuery, request.query);
      return cohorts.learnerSubmissions(
        await user(request),
        request.params.id,
        request.params.userId,
        exercise ?? null,
      );
    },
  );

  app.post<{ Params: { id: string; submissionId: string } }>(
    "/api/cohorts/:id/submissions/:submissionId/comments",
    async (request, reply) => {
      const input = parseBody(commentSchema, request.body);
      const comment = await cohorts.comment(
        await user(request),
        request.params.id,
        request.params.submissionId,
        input,
      );
      return reply.status(201).send({ comment });
    },
  );

  app.get<Id>("/api/cohorts/:id/progress.csv", async (request, reply) => {
    const { name, csv } = await cohorts.progressCsv(await user(request), request.params.id);
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${name}"`)
      .header("cache-control", "no-store")
      .send(csv);
  });

  // The learner's end.
  app.post("/api/cohorts/join", async (request) => {
    const { code } = parseBody(joinSchema, request.body);
    const { cohort, joined } = await cohorts.join(await user(request), code);
    return { cohort: { id: cohort.id, name: cohort.name, startDate: cohort.startDate }, joined };
  });

  app.get("/api/me/cohorts", async (request) => {
    const list = await cohorts.myCohorts(await user(request));
    return {
      cohorts: list.map((c) => ({
        id: c.id,
        name: c.name,
        startDate: c.startDate,
        openModules: c.openModules,
      })),
    };
  });

  app.delete<Id>("/api/me/cohorts/:id", async (request, reply) => {
    await cohorts.leave(await user(request), request.params.id);
    return reply.status(204).send();
  });

  app.get("/api/me/comments", async (request) => {
    const me = await user(request);
    const { exercise } = parseBody(exerciseQuery, request.query);
    const all = await ctx.store.comments.forLearner(me.id, 500);
    return {
      unseen: await ctx.store.comments.unseenCount(me.id),
      comments: all.filter((c) => !exercise || c.exerciseId === exercise).map(presentComment),
    };
  });

  app.post("/api/me/comments/seen", async (request) => {
    const me = await user(request);
    const { ids } = parseBody(seenSchema, request.body ?? {});
    return { marked: await ctx.store.comments.markSeen(me.id, ctx.now().toISOString(), ids) };
  });
}
