/**
 * `pydojo status`'s line about instructors' comments (issue #18): how many are new and on which
 * exercises. A server without cohorts (older PyDojo) answers 404: then there is nothing to say.
 */
import { ApiError, type PydojoClient } from "../client/api-client.js";

export interface CommentNotice {
  unseen: number;
  exercises: string[];
}

export async function newComments(client: PydojoClient): Promise<CommentNotice> {
  try {
    const { unseen, comments } = await client.myComments();
    const exercises = [...new Set(comments.filter((c) => !c.seenAt).map((c) => c.exerciseId))];
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
