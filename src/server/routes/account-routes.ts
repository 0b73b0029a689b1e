/** Accounts: sign up, log in/out, who am I, password, personal API tokens. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  deleteAccountSchema,
  loginSchema,
  passwordChangeSchema,
  profileSchema,
  publicUser,
  signupSchema,
} from "../accounts.js";
import type { RouteContext } from "../app.js";
import { HttpError, notFound } from "../errors.js";
import { learnerResult } from "../submissions.js";
import { registerDeviceRoutes } from "./device-routes.js";
import {
  clearSessionCookie,
  parseBody,
  readCookie,
  SESSION_COOKIE,
  setSessionCookie,
} from "../http.js";

const tokenSchema = z.strictObject({ name: z.string().trim().min(1).max(60) });

function limited(seconds: number): HttpError {
  return new HttpError(429, "rate_limited", `too many attempts; try again in ${seconds} s`, {
    "retry-after": String(seconds),
  });
}

export function registerAccountRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const maxAge = Math.round(ctx.config.sessionDays * 86_400);

  app.post("/api/auth/signup", async (request, reply) => {
    const wait = ctx.limiters.signup.hit(`signup:${request.ip}`);
    if (wait) throw limited(wait);
    const input = parseBody(signupSchema, request.body);
    const user = await ctx.accounts.createUser(input);
    const { token, session } = await ctx.accounts.startSession(user);
    setSessionCookie(request, reply, token, maxAge);
    return reply.status(201).send({ user: publicUser(user), csrfToken: session.csrfToken });
  });

  app.post("/api/auth/login", async (request, reply) => {
    const input = parseBody(loginSchema, request.body);
    const wait = ctx.limiters.login.hit(`login:${request.ip}:${input.email}`);
    if (wait) throw limited(wait);
    const user = await ctx.accounts.login(input.email, input.password);
    const { token, session } = await ctx.accounts.startSession(user);
    setSessionCookie(request, reply, token, maxAge);
    return { user: publicUser(user), csrfToken: session.csrfToken };
  });

  app.post("/api/auth/logout", async (request, reply) => {
    await ctx.requireUser(request);
    const token = readCookie(request, SESSION_COOKIE);
    if (token) await ctx.accounts.endSession(token);
    clearSessionCookie(reply);
    return reply.status(204).send();
  });

  app.get("/api/me", async (request) => {
    const auth = await ctx.requireUser(request);
    return { user: publicUser(auth.user), csrfToken: auth.csrfToken, via: auth.via };
  });

  app.patch("/api/me", async (request) => {
    const auth = await ctx.requireUser(request);
    const input = parseBody(profileSchema, request.body);
    const user = await ctx.accounts.updateProfile(auth.user, input);
    return { user: publicUser(user) };
  });

  // Everything PyDojo holds about the learner, as a file to keep (GDPR-style portability).
  app.get("/api/me/export", async (request, reply) => {
    const auth = await ctx.requireUser(request);
    const data = await ctx.accounts.exportData(auth.user, (s) => learnerResult(s, ctx.catalog));
    const day = data.exportedAt.slice(0, 10);
    return reply
      .header("content-disposition", `attachment; filename="pydojo-export-${day}.json"`)
      .header("cache-control", "no-store")
      .send(data);
  });

  // Deletes the account and all of the learner's data, after the password and a typed phrase.
  app.delete("/api/me", async (request, reply) => {
    const auth = await ctx.requireUser(request);
    const input = parseBody(deleteAccountSchema, request.body);
    await ctx.accounts.deleteAccount(auth.user, input.password);
    clearSessionCookie(reply);
    return reply.status(204).send();
  });

  // Ends every session and revokes every API token; the browser that made the change gets a new
  // session (read its CSRF token again from GET /api/me), everything else signs in again.
  app.post("/api/auth/password", async (request, reply) => {
    const auth = await ctx.requireUser(request);
    const input = parseBody(passwordChangeSchema, request.body);
    await ctx.accounts.changePassword(auth.user, input.currentPassword, input.newPassword);
    if (auth.via === "session") {
      const { token } = await ctx.accounts.startSession(auth.user);
      setSessionCookie(request, reply, token, maxAge);
    } else clearSessionCookie(reply);
    return reply.status(204).send();
  });

  app.get("/api/tokens", async (request) => {
    const auth = await ctx.requireUser(request);
    const tokens = await ctx.store.tokens.listForUser(auth.user.id);
    return {
      tokens: tokens.map((t) => ({
        id: t.id,
        name: t.name,
        prefix: t.prefix,
        createdAt: t.createdAt,
        lastUsedAt: t.lastUsedAt,
        revokedAt: t.revokedAt,
      })),
    };
  });

  app.post("/api/tokens", async (request, reply) => {
    const auth = await ctx.requireUser(request);
    const { name } = parseBody(tokenSchema, request.body);
    const { token, record } = await ctx.accounts.createToken(auth.user, name);
    return reply.status(201).send({
      id: record.id,
      name: record.name,
      prefix: record.prefix,
      token,
      note: "copy this token now: it is shown only once",
    });
  });

  app.delete<{ Params: { id: string } }>("/api/tokens/:id", async (request, reply) => {
    const auth = await ctx.requireUser(request);
    const revoked = await ctx.store.tokens.revoke(
      auth.user.id,
      request.params.id,
      ctx.now().toISOString(),
    );
    if (!revoked) throw notFound("token");
    return reply.status(204).send();
  });

  registerDeviceRoutes(app, ctx);
}
