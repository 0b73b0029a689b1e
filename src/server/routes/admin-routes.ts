/**
 * Administration routes (admins only, tested on every route) and the public end of a
 * password-reset link. Every admin action writes the audit log (src/server/admin.ts).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { Administration, passwordResetSchema, userPatchSchema } from "../admin.js";
import type { Auth, RouteContext } from "../app.js";
import { forbidden } from "../errors.js";
import { parseBody } from "../http.js";

const listQuery = z.object({ q: z.string().max(100).default("") });

/** The site's own origin as the client reached it (honours X-Forwarded-* behind a trusted proxy). */
const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

export function registerAdminRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const admin = new Administration(ctx.store, ctx.now);

  async function requireAdmin(request: FastifyRequest): Promise<Auth> {
    const auth = await ctx.requireUser(request);
    if (auth.user.role !== "admin") throw forbidden("this is for admins only");
    return auth;
  }

  app.get("/api/admin/users", async (request) => {
    await requireAdmin(request);
    const { q } = parseBody(listQuery, request.query);
    return { users: await admin.listUsers(q) };
  });

  app.patch<{ Params: { id: string } }>("/api/admin/users/:id", async (request) => {
    const auth = await requireAdmin(request);
    const patch = parseBody(userPatchSchema, request.body);
    return { user: await admin.updateUser(auth.user, request.params.id, patch) };
  });

  app.post<{ Params: { id: string } }>(
    "/api/admin/users/:id/password-reset",
    async (request, reply) => {
      const auth = await requireAdmin(request);
      const link = await admin.createReset(auth.user, request.params.id, origin(request));
      return reply.status(201).send(link);
    },
  );

  app.get("/api/admin/audit", async (request) => {
    await requireAdmin(request);
    return { entries: await admin.auditLog(200) };
  });

  app.get("/api/admin/queue", async (request) => {
    await requireAdmin(request);
    return admin.queueStatus(ctx.queue, ctx.config.runner);
  });

  app.post("/api/admin/queue/retry-infra", async (request) => {
    const auth = await requireAdmin(request);
    return admin.retryInfraErrors(auth.user, ctx.queue);
  });

  // Public: the one-time link is the credential.
  app.post("/api/auth/reset", async (request, reply) => {
    const input = parseBody(passwordResetSchema, request.body);
    await admin.resetPassword(input.token, input.newPassword);
    return reply.status(204).send();
  });
}
