/** One numbered schema change; each adapter keeps its own ordered list of these. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}
