/** Errors that cross the HTTP boundary as `{ error: { code, message } }` with a status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const notFound = (what: string) => new HttpError(404, "not_found", `${what} not found`);
export const unauthorized = () =>
  new HttpError(
    401,
    "unauthorized",
    "log in first (session cookie) or send an API token as 'Authorization: Bearer <token>'",
  );
export const forbidden = (why: string) => new HttpError(403, "forbidden", why);
