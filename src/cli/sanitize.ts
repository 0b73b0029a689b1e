/**
 * Text from a server (titles, messages, test names and output) is printed only after this: escape
 * sequences and other control characters are removed, so what a server sends cannot move the
 * cursor, clear the screen, set the window title, hide text or write hyperlinks on the learner's
 * terminal. Newlines and tabs stay.
 */

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC (ESC P|X|^|_ ... ST), other ESC x.
const ESCAPE_SEQUENCE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /\u001b\[[0-?]*[ -/]*[@-~]?|\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]?|\u001b[ -~]?/g;
// C0 controls except tab and newline, DEL, C1 controls, and bidirectional overrides/isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function clean(text: string): string {
  return text.replace(/\r\n/g, "\n").replace(ESCAPE_SEQUENCE, "").replace(CONTROL, "");
}

/** `clean` for values that may be missing. */
export const cleanOptional = <T extends string | null | undefined>(text: T): T =>
  (typeof text === "string" ? clean(text) : text) as T;

/** A message from a server, cut to a readable length (and saying so). */
export function brief(text: string, max = 1000): string {
  return text.length <= max
    ? text
    : `${text.slice(0, max)}... (cut: the server's message was ${text.length} characters long)`;
}
