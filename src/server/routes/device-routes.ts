/**
 * The CLI's browser login (RFC 8628): the device authorization endpoint, the approval the
 * signed-in learner gives in the web app, and the token endpoint the CLI polls.
 */
import { secondsUntilReset } from "../rate-limit.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { RouteContext } from "../app.js";
import {
  DEVICE_GRANT_TYPE,
  DeviceAuth,
  DeviceError,
  formatUserCode,
  normalizeUserCode,
} from "../device-auth.js";
import { forbidden, HttpError } from "../errors.js";
import { parseBody } from "../http.js";

const startSchema = z.strictObject({
  client_id: z.string().max(100).optional(),
  scope: z.string().max(200).optional(),
  hostname: z.string().max(200).optional(),
  client: z.string().max(200).optional(),
});
const decisionSchema = z.strictObject({ user_code: z.string().min(1).max(20) });
const tokenSchema = z.object({
  grant_type: z.string().optional(),
  device_code: z.string().min(1).max(200),
  client_id: z.string().max(100).optional(),
});

function limited(seconds: number): HttpError {
  return new HttpError(429, "rate_limited", `too many requests; try again in ${seconds} s`, {
    "retry-after": String(seconds),
  });
}

/** The site's own origin as the client reached it (honours X-Forwarded-* behind a trusted proxy). */
const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

function deviceError(reply: FastifyReply, error: DeviceError) {
  return reply
    .status(400)
    .header("cache-control", "no-store")
    .send({
      error: error.code,
      error_description: error.message,
      ...(error.interval ? { interval: error.interval } : {}),
    });
}

export function registerDeviceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const devices = new DeviceAuth(ctx.store, ctx.accounts, ctx.config.secret, ctx.now);
  // Starting is unauthenticated: a few per address. Looking codes up and deciding is per user,
  // so nobody can walk the 20^8 user codes hoping to hit someone's pending request. Counted in
  // the shared counters, so every API process sees the same counts.
  const window = 15 * 60_000;
  async function limit(key: string, max: number): Promise<void> {
    const hit = await ctx.rateLimits.hit(key, window);
    if (hit.count > max) throw limited(secondsUntilReset(hit));
  }

  app.post("/api/cli/device", async (request, reply) => {
    await limit(`device-start:${request.ip}`, 20);
    const input = parseBody(startSchema, request.body);
    const started = await devices.start(input);
    const userCode = formatUserCode(started.userCode);
    const uri = `${origin(request)}/#/device`;
    return reply.header("cache-control", "no-store").send({
      device_code: started.deviceCode,
      user_code: userCode,
      verification_uri: uri,
      verification_uri_complete: `${uri}?code=${userCode}`,
      expires_in: started.expiresIn,
      interval: started.interval,
    });
  });

  /** The signed-in learner reads (or decides) a code; token-authenticated callers may not. */
  async function learner(request: FastifyRequest) {
    const auth = await ctx.requireUser(request);
    if (auth.via !== "session")
      throw forbidden("approve CLI logins in the browser, signed in, not with an API token");
    await limit(`device-code:${auth.user.id}`, 30);
    return auth;
  }

  const notFoundCode = () =>
    new HttpError(
      404,
      "not_found",
      "no pending login with this code: check the code in your terminal, or run 'pydojo login' again (codes last 10 minutes)",
    );

  app.get<{ Params: { code: string } }>("/api/cli/device/:code", async (request) => {
    await learner(request);
    if (!normalizeUserCode(request.params.code))
      throw new HttpError(
        400,
        "invalid_request",
        "that is not a login code: a code is the 8 letters your terminal shows, like WDJB-MJHT, and has no vowels (A, E, I, O, U, Y) or digits",
      );
    const found = await devices.find(request.params.code);
    if (!found) throw notFoundCode();
    return {
      userCode: formatUserCode(found.userCode),
      hostname: found.hostname,
      client: found.client,
      status: found.status,
      createdAt: found.createdAt,
      expiresAt: found.expiresAt,
    };
  });

  for (const action of ["approve", "deny"] as const) {
    app.post(`/api/cli/device/${action}`, async (request) => {
      const auth = await learner(request);
      const { user_code } = parseBody(decisionSchema, request.body);
      const found = await devices.find(user_code);
      if (!found) throw notFoundCode();
      if (!(await devices.decide(user_code, auth.user, action === "approve")))
        throw new HttpError(
          409,
          "already_decided",
          `this login was already ${found.status === "consumed" ? "approved and used" : found.status}: run 'pydojo login' again for a new code`,
        );
      return { status: action === "approve" ? "approved" : "denied" };
    });
  }

  app.post("/api/cli/token", async (request, reply) => {
    const parsed = tokenSchema.safeParse(request.body ?? {});
    if (!parsed.success)
      return deviceError(
        reply,
        new DeviceError(
          "invalid_request",
          "send JSON with device_code (from POST /api/cli/device)",
        ),
      );
    if (parsed.data.grant_type !== undefined && parsed.data.grant_type !== DEVICE_GRANT_TYPE)
      return deviceError(
        reply,
        new DeviceError("unsupported_grant_type", `grant_type must be ${DEVICE_GRANT_TYPE}`),
      );
    try {
      const { token, user, name } = await devices.poll(parsed.data.device_code);
      return reply.header("cache-control", "no-store").send({
        access_token: token,
        token_type: "Bearer",
        name,
        user: { email: user.email, displayName: user.displayName },
      });
    } catch (error) {
      if (error instanceof DeviceError) return deviceError(reply, error);
      throw error;
    }
  });
}
