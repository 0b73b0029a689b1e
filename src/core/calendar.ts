/**
 * Calendar days in a learner's time zone, for daily streaks. Pure and browser-safe: only
 * `Intl.DateTimeFormat` (with an IANA `timeZone`), never the host's own zone or clock.
 * A day is a "YYYY-MM-DD" string (Gregorian calendar), so days compare as strings.
 */

/** An instant: a Date or an ISO 8601 string such as "2026-03-10T23:30:00Z". */
export type Instant = Date | string;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  try {
    const formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      calendar: "gregory",
      numberingSystem: "latn",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(timeZone, formatter);
    return formatter;
  } catch {
    return null;
  }
}

/**
 * `timeZone` if `Intl` knows it (e.g. "Europe/Paris", "UTC"), otherwise "UTC". An empty or
 * missing zone is "UTC" too: never the host's zone, so results don't depend on the machine.
 */
export function resolveTimeZone(timeZone: string | null | undefined): string {
  if (typeof timeZone !== "string" || timeZone === "") return "UTC";
  return formatterFor(timeZone) ? timeZone : "UTC";
}

/** The instant as a Date; throws RangeError for an unparseable string or an invalid Date. */
export function toDate(now: Instant): Date {
  const date = typeof now === "string" ? new Date(now) : now;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a valid instant: ${String(now)}`);
  return date;
}

/** The calendar day (YYYY-MM-DD) of `now` in `timeZone` (UTC when the zone is unknown). */
export function dayIn(now: Instant, timeZone: string): string {
  const formatter = formatterFor(resolveTimeZone(timeZone));
  if (!formatter) throw new Error("Intl.DateTimeFormat does not support the UTC time zone");
  const parts = formatter.formatToParts(toDate(now));
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year").padStart(4, "0")}-${part("month")}-${part("day")}`;
}

/** True for a well-formed, existing Gregorian day "YYYY-MM-DD". */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The day `days` after `day` (negative to go back); throws RangeError for a malformed day. */
export function addDays(day: string, days: number): string {
  if (!isDay(day)) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The calendar day before `day`. */
export function previousDay(day: string): string {
  return addDays(day, -1);
}
