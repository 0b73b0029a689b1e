/** pg-boss 10 is CommonJS with a default export; re-exported here under one name. */
import PgBossDefault from "pg-boss";

export const PgBoss = PgBossDefault;
