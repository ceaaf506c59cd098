/**
 * The search statements over one `reads` table (the hub database's, or a read-history file's:
 * both have the layout of ./schema.ts). The plate indexes cover every column returned, so the
 * newest matches and their count come from index entries alone.
 */
import type { DB } from '../../core/db/open';
import type { PatternPlan } from './pattern';

export interface ReadRow {
  id: number;
  plate: string;
  state: string;
  camera_id: string;
  captured_at: number;
  confidence: number;
  hit_id: string | null;
}

export interface ReadMatches {
  /** At most `limit`, newest first. */
  rows: ReadRow[];
  /** Every match. */
  total: number;
}

/** Something that holds reads and can be searched; asynchronous for a PostgreSQL store. */
export interface ReadSource {
  find(plan: PatternPlan, state: string | null, limit: number): Promise<ReadMatches>;
  count(plan: PatternPlan, state: string | null): Promise<number>;
}

type Params = Record<string, string | number>;

function condition(plan: PatternPlan): { sql: string; params: Params } {
  switch (plan.kind) {
    case 'exact':
      return { sql: 'plate = :plate', params: { plate: plan.plate } };
    case 'range': {
      const c = plan.column;
      return { sql: `${c} >= :lo AND ${c} < :hi AND ${c} GLOB :glob`, params: { lo: plan.lo, hi: plan.hi, glob: plan.glob } };
    }
    case 'scan':
      return { sql: 'plate GLOB :glob', params: { glob: plan.glob } };
  }
}

export function sqliteReadSource(db: DB): ReadSource {
  const cache = new Map<string, ReturnType<DB['prepare']>>();
  const statement = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const where = (plan: PatternPlan, state: string | null) => {
    const c = condition(plan);
    return state === null
      ? c
      : { sql: `${c.sql} AND state = :state`, params: { ...c.params, state } };
  };
  const count = (plan: PatternPlan, state: string | null): number => {
    const w = where(plan, state);
    return (statement(`SELECT count(*) AS n FROM reads WHERE ${w.sql}`).get(w.params) as { n: number }).n;
  };
  return {
    async find(plan, state, limit) {
      const w = where(plan, state);
      const rows = statement(
        `SELECT id, plate, state, camera_id, captured_at, confidence, hit_id FROM reads
         WHERE ${w.sql} ORDER BY captured_at DESC, id DESC LIMIT :limit`,
      ).all({ ...w.params, limit }) as ReadRow[];
      // Fewer than asked means these are all of them: no second pass to count.
      const total = rows.length < limit ? rows.length : count(plan, state);
      return { rows, total };
    },
    async count(plan, state) {
      return count(plan, state);
    },
  };
}
