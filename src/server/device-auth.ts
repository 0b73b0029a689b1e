/**
 * The CLI's browser login: the OAuth 2.0 device authorization grant (RFC 8628) in our own routes.
 * The CLI asks for a device code and a user code, the learner approves the user code in the
 * browser while signed in, and the CLI, polling, receives a new personal API token exactly once.
 * Only a keyed hash of the device code is stored.
 */
import { randomInt, randomUUID } from "node:crypto";
import { ConflictError, type DeviceCode, type Store, type User } from "../storage/store.js";
import type { Accounts } from "./accounts.js";
import { hashToken, randomToken } from "./security.js";

/** RFC 8628 §6.1: consonants only (no vowels: no words; no 0/O, 1/I/L-like pairs). */
export const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
export const DEVICE_CODE_SECONDS = 600;
export const POLL_INTERVAL_SECONDS = 5;
export const DEVICE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

/** The error codes of RFC 8628 §3.5 and RFC 6749 §5.2 that the token endpoint answers. */
export type DeviceErrorCode =
  | "authorization_pending"
  | "slow_down"
  | "access_denied"
  | "expired_token"
  | "invalid_grant"
  | "invalid_request"
  | "unsupported_grant_type";

/** A token-endpoint error: HTTP 400 `{ error, error_description }` as the RFCs shape it. */
export class DeviceError extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    message: string,
    readonly interval?: number,
  ) {
    super(message);
    this.name = "DeviceError";
  }
}

export function newUserCode(): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/** "WDJBMJHT" -> "WDJB-MJHT" */
export const formatUserCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/** What a learner typed or a link carried, as stored (upper case, no dash or spaces); null if it can't be a code. */
export function normalizeUserCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== 8) return null;
  for (const ch of code) if (!USER_CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** Printable text only, trimmed and cut to `max` characters (it is shown on the approval page). */
export function cleanLabel(value: string | undefined, fallback: string, max: number): string {
  const text = (value ?? "")
    .replace(/[^\p{L}\p{N}\p{P}\p{S} ]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, max);
  return text || fallback;
}

export interface DeviceStart {
  deviceCode: string;
  userCode: string;
  expiresIn: number;
  interval: number;
}

export class DeviceAuth {
  constructor(
    private readonly store: Store,
    private readonly accounts: Accounts,
    private readonly secret: string,
    private readonly now: () => Date,
  ) {}

  private hash(deviceCode: string): string {
    return hashToken(`device:${deviceCode}`, this.secret);
  }

  /** A new device authorization; expired ones are deleted first. */
  async start(about: { hostname?: string; client?: string }): Promise<DeviceStart> {
    const now = this.now();
    await this.store.devices.deleteExpired(now.toISOString());
    const deviceCode = randomToken(32);
    for (let attempt = 0; ; attempt++) {
      const record: DeviceCode = {
        id: randomUUID(),
        deviceCodeHash: this.hash(deviceCode),
        userCode: newUserCode(),
        hostname: cleanLabel(about.hostname, "an unnamed computer", 80),
        client: cleanLabel(about.client, "PyDojo CLI", 120),
        status: "pending",
        userId: null,
        intervalSeconds: POLL_INTERVAL_SECONDS,
        lastPolledAt: null,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + DEVICE_CODE_SECONDS * 1000).toISOString(),
      };
      try {
        await this.store.devices.create(record);
        return {
          deviceCode,
          userCode: record.userCode,
          expiresIn: DEVICE_CODE_SECONDS,
          interval: POLL_INTERVAL_SECONDS,
        };
      } catch (error) {
        // A user code already in use (1 in 2.5e10 per live code): draw another.
        if (!(error instanceof ConflictError) || attempt >= 4) throw error;
      }
    }
  }

  /** The live (unexpired) authorization with this user code, for the approval page. */
  async find(userCode: string): Promise<DeviceCode | null> {
    const code = normalizeUserCode(userCode);
    if (!code) return null;
    return this.store.devices.byUserCode(code, this.now().toISOString());
  }

  /** Approves or denies; false when the code is unknown, expired, or already decided. */
  async decide(userCode: string, user: User, approve: boolean): Promise<boolean> {
    const code = normalizeUserCode(userCode);
    if (!code) return false;
    return this.store.devices.decide(
      code,
      user.id,
      approve ? "approved" : "denied",
      this.now().toISOString(),
    );
  }

  /**
   * One poll of the token endpoint. Throws a DeviceError while pending (or when polled too fast,
   * raising the interval by 5 s as RFC 8628 §3.5 says), when denied, expired or already used; once
   * approved, returns a new API token the first time only.
   */
  async poll(deviceCode: string): Promise<{ token: string; user: User; name: string }> {
    const record = await this.store.devices.byDeviceCodeHash(this.hash(deviceCode));
    if (!record)
      throw new DeviceError(
        "invalid_grant",
        "unknown device code: start again with 'pydojo login'",
      );
    const now = this.now();
    if (record.status === "consumed")
      throw new DeviceError(
        "invalid_grant",
        "this device code was already exchanged for a token: start again with 'pydojo login'",
      );
    if (Date.parse(record.expiresAt) <= now.getTime())
      throw new DeviceError(
        "expired_token",
        "the code expired before it was approved: start again with 'pydojo login'",
      );
    if (record.status === "denied")
      throw new DeviceError("access_denied", "the request was denied in the browser");
    if (record.status === "pending") {
      const tooSoon =
        record.lastPolledAt !== null &&
        now.getTime() - Date.parse(record.lastPolledAt) < record.intervalSeconds * 1000;
      const interval = record.intervalSeconds + (tooSoon ? 5 : 0);
      await this.store.devices.recordPoll(record.id, now.toISOString(), interval);
      if (tooSoon)
        throw new DeviceError(
          "slow_down",
          `polling too fast: wait at least ${interval} s between requests`,
          interval,
        );
      throw new DeviceError(
        "authorization_pending",
        "waiting for the learner to approve the code in the browser",
        interval,
      );
    }
    // Approved: consume it and create the token in one transaction, so exactly one poll gets it.
    const user = record.userId ? await this.store.users.byId(record.userId) : null;
    if (!user) throw new DeviceError("access_denied", "the account that approved this is gone");
    const name = `CLI on ${record.hostname}`.slice(0, 60);
    const token = await this.store.transaction(async (tx) => {
      if (!(await tx.devices.consume(record.id))) return null;
      return (await this.accounts.createToken(user, name, tx)).token;
    });
    if (token === null)
      throw new DeviceError(
        "invalid_grant",
        "this device code was already exchanged for a token: start again with 'pydojo login'",
      );
    return { token, user, name };
  }
}
