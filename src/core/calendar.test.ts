import { describe, expect, it } from "vitest";
import { addDays, dayIn, isDay, previousDay, resolveTimeZone, toDate } from "./calendar.js";

describe("calendar days in a time zone", () => {
  it("takes the calendar day of the instant in the zone", () => {
    const t = "2026-03-10T23:30:00Z";
    expect({
      utc: dayIn(t, "UTC"),
      tokyo: dayIn(t, "Asia/Tokyo"),
      newYork: dayIn(t, "America/New_York"),
      kiritimati: dayIn("2026-03-10T09:59:00Z", "Pacific/Kiritimati"),
      honolulu: dayIn("2026-03-11T09:59:00Z", "Pacific/Honolulu"),
    }).toEqual({
      utc: "2026-03-10",
      tokyo: "2026-03-11",
      newYork: "2026-03-10",
      kiritimati: "2026-03-10",
      honolulu: "2026-03-10",
    });
  });

  it("accepts a Date or an ISO string and rejects an invalid instant", () => {
    expect(dayIn(new Date("2026-03-10T15:30:00Z"), "Asia/Tokyo")).toBe("2026-03-11");
    expect(dayIn("2026-03-10T15:30:00+09:00", "UTC")).toBe("2026-03-10");
    expect(toDate("2026-03-10T00:00:00Z")).toEqual(new Date(Date.UTC(2026, 2, 10)));
    expect(() => dayIn("not a date", "UTC")).toThrow(RangeError);
    expect(() => dayIn(new Date(Number.NaN), "UTC")).toThrow(RangeError);
  });

  it("falls back to UTC for an unknown, empty or missing zone", () => {
    expect(
      ["Europe/Paris", "UTC", "Mars/Olympus", "", "not a zone", null, undefined].map(
        resolveTimeZone,
      ),
    ).toEqual(["Europe/Paris", "UTC", "UTC", "UTC", "UTC", "UTC", "UTC"]);
    expect(dayIn("2026-03-10T23:30:00Z", "Mars/Olympus")).toBe("2026-03-10");
    expect(dayIn("2026-03-10T23:30:00Z", "")).toBe("2026-03-10");
  });

  it("does day arithmetic across months, years and leap days", () => {
    expect({
      leap: previousDay("2024-03-01"),
      common: previousDay("2026-03-01"),
      year: previousDay("2026-01-01"),
      forward: addDays("2026-12-31", 1),
      week: addDays("2026-03-10", 7),
    }).toEqual({
      leap: "2024-02-29",
      common: "2026-02-28",
      year: "2025-12-31",
      forward: "2027-01-01",
      week: "2026-03-17",
    });
    expect(["2026-03-10", "2026-02-29", "2024-02-29", "2026-3-10", "yesterday"].map(isDay)).toEqual(
      [true, false, true, false, false],
    );
    expect(() => previousDay("2026-13-01")).toThrow(RangeError);
  });
});
