/** What every page shares: the API client, the browser's Python, and HTML escaping. */
import { ApiError, PydojoClient } from "../../src/client/api-client.js";
import { BrowserRunner } from "./browser-runner.js";

export const client = new PydojoClient({ baseUrl: location.origin });
export const runner = new BrowserRunner();

/** Escapes text for HTML: every value a page puts into a template goes through this. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page's element, for page modules to render into. */
export const appRoot = () => document.getElementById("app")!;

/** fetch() rejects with a TypeError when the server can't be reached at all. */
export const isOffline = (error: unknown) => error instanceof TypeError;

/** An error as a sentence for the learner: the server's message, or that it can't be reached. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (isOffline(error)) return "the PyDojo server can't be reached";
  return String((error as Error)?.message ?? error);
}
