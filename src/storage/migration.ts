/** One numbered schema change; each adapter keeps its own ordered list of these. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * The database was migrated by a newer PyDojo than this one: running on it could corrupt data
 * the newer code wrote, so the server refuses to start instead.
 */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly codeVersion: number,
  ) {
    super(
      `the database is at schema version ${databaseVersion}, but this PyDojo knows versions up to ` +
        `${codeVersion}: it was used by a newer PyDojo. Run that newer version (upgrade this ` +
        `checkout: git pull && npm install), or restore a backup made before the upgrade; ` +
        `never run older code on a newer database.`,
    );
    this.name = "DatabaseTooNewError";
  }
}

/** Throws DatabaseTooNewError when `applied` holds a version that `known` does not. */
export function assertNotNewer(applied: Iterable<number>, known: readonly Migration[]): void {
  const newest = Math.max(0, ...applied);
  const codeVersion = Math.max(0, ...known.map((m) => m.version));
  if (newest > codeVersion) throw new DatabaseTooNewError(newest, codeVersion);
}
