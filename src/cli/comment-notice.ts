/**
 * `pydojo status`'s line about instructors' comments (issue #18): how many are new and on which
 * exercises. A server without cohorts (older PyDojo) answers 404: then there is nothing to say.
 */
import { clean } from "./sanitize.js";
import { ApiError, type PydojoClient } from "../client/api-client.js";

export interface CommentNotice {
  unseen: number;
  exercises: string[];
}

export async function newComments(client: PydojoClient): Promise<CommentNotice> {
  try {
    const answer: unknown = await client.myComments();
    // The server's answer is checked before use: a malformed one means no notice, not a crash.
    const { unseen, comments } = (answer ?? {}) as { unseen?: unknown; comments?: unknown };
    if (typeof unseen !== "number" || !Number.isSafeInteger(unseen) || unseen < 0)
      return { unseen: 0, exercises: [] };
    const list = Array.isArray(comments) ? (comments as unknown[]) : [];
    const exercises = [
      ...new Set(
        list
          .filter(
            (c): c is { seenAt?: unknown; exerciseId: string } =>
              typeof (c as { exerciseId?: unknown } | null)?.exerciseId === "string",
          )
          .filter((c) => !c.seenAt)
          .map((c) => clean(c.exerciseId).slice(0, 120)),
      ),
    ].slice(0, 10);
    return { unseen, exercises };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { unseen: 0, exercises: [] };
    throw error;
  }
}

/** "2 new comments from your instructor on mini/add: …", or null when there are none. */
export function commentLine(notice: CommentNotice): string | null {
  if (notice.unseen === 0) return null;
  const what = notice.unseen === 1 ? "1 new comment" : `${notice.unseen} new comments`;
  const where = notice.exercises.length ? ` on ${notice.exercises.join(", ")}` : "";
  const them = notice.unseen === 1 ? "it" : "them";
  return `${what} from your instructor${where}: read ${them} under your submissions on the exercise page`;
}
