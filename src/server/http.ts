/** Small HTTP helpers: cookies, client IP, body validation. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { HttpError } from "./errors.js";

export const SESSION_COOKIE = "pydojo_session";

export function readCookie(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name)
      return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** Sets the session cookie: httpOnly, SameSite=Lax, Secure when the request came over TLS. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
): void {
  const secure = request.protocol === "https" ? "; Secure" : "";
  reply.header(
    "set-cookie",
    `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`,
  );
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.header("set-cookie", `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
}

/** Parses a request body with a schema; a mismatch is a 400 naming the field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.length ? issue.path.join(".") : "body";
    throw new HttpError(400, "invalid_request", `${field}: ${issue.message}`);
  }
  return result.data;
}

/**
 * Where a request carries a NUL character (U+0000), as `field.path`, or null. PostgreSQL's text
 * cannot hold one (a NUL in a name, a file or an id was a 500 there and was stored on SQLite),
 * and no text PyDojo keeps needs one (Python refuses source with a NUL byte).
 */
export function nulField(value: unknown, at = "body", depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? at : null;
  if (value === null || typeof value !== "object" || depth > 32) return null;
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value as Record<string, unknown>);
  for (const [key, v] of entries) {
    const here = at ? `${at}.${key}` : key;
    if (key.includes("\u0000")) return here;
    const found = nulField(v, here, depth + 1);
    if (found) return found;
  }
  return null;
}
