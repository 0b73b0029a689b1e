/**
 * What a personal API token may do. A token is the CLI's (`pydojo login` makes one; a script or
 * CI may use one the learner created): it reads, saves drafts and submits. Everything that
 * changes the account or reaches other people's data needs the browser session (and its CSRF
 * header): creating or revoking tokens, the password, the profile and its public page, deleting
 * the account, joining or leaving a class, every admin and instructor route. So a token that
 * leaks (a laptop, a CI log) cannot mint tokens that outlive its revocation, take the account,
 * publish the learner's work, or act as an admin or instructor.
 *
 * An allow-list of writes, so a write route added later is refused to tokens until it is listed
 * here on purpose.
 */

/** Writes a token may make, as `METHOD route-pattern` (Fastify's `routeOptions.url`). */
export const TOKEN_WRITES: ReadonlySet<string> = new Set([
  "PUT /api/exercises/:course/:slug/draft",
  "POST /api/exercises/:course/:slug/submissions",
  "PUT /api/projects/:course/:slug/draft",
  // A report computed from the posting sent: nothing is stored.
  "POST /api/skills/gap",
]);

/** Reads of other people's data (admin and instructor views): the browser session only. */
const SESSION_ONLY_READS = [/^\/api\/admin(\/|$)/, /^\/api\/cohorts(\/|$)/];

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why a token may not make this request, or null when it may. */
export function tokenRefusal(method: string, route: string | undefined): string | null {
  const path = route ?? "";
  const allowed = READS.has(method)
    ? !SESSION_ONLY_READS.some((r) => r.test(path))
    : TOKEN_WRITES.has(`${method} ${path}`);
  if (allowed) return null;
  return `an API token can read, save drafts and submit, nothing more: do this signed in in the browser (${method} ${path || "this route"} needs a session)`;
}
