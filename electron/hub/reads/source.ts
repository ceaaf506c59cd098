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

/** What narrows a search besides the plate pattern; times are epoch ms, `to` exclusive. */
export interface ReadFilters {
  state?: string | null;
  cameraId?: string | null;
  from?: number | null;
  to?: number | null;
}

/** Something that holds reads and can be searched; asynchronous for a PostgreSQL store. */
export interface ReadSource {
  /** The newest `limit` matches after skipping the newest `offset`, and the count of all. */
  find(plan: PatternPlan, filters: ReadFilters | string | null, limit: number, offset?: number): Promise<ReadMatches>;
  count(plan: PatternPlan, filters: ReadFilters | string | null): Promise<number>;
  byId(id: number): Promise<ReadRow | null>;
}

/** A bare state (the older call form) or filters. */
function filtersOf(f: ReadFilters | string | null): ReadFilters {
  return typeof f === 'string' ? { state: f } : (f ?? {});
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
  // Every filter is a column of both covering indexes: still index entries only.
  const where = (plan: PatternPlan, given: ReadFilters | string | null) => {
    const f = filtersOf(given);
    const c = condition(plan);
    const sql = [c.sql];
    const params: Params = { ...c.params };
    if (f.state) (sql.push('state = :state'), (params.state = f.state));
    if (f.cameraId) (sql.push('camera_id = :camera'), (params.camera = f.cameraId));
    if (f.from != null) (sql.push('captured_at >= :from'), (params.from = f.from));
    if (f.to != null) (sql.push('captured_at < :to'), (params.to = f.to));
    return { sql: sql.join(' AND '), params };
  };
  const count = (plan: PatternPlan, filters: ReadFilters | string | null): number => {
    const w = where(plan, filters);
    return (statement(`SELECT count(*) AS n FROM reads WHERE ${w.sql}`).get(w.params) as { n: number }).n;
  };
  return {
    async find(plan, filters, limit, offset = 0) {
      const w = where(plan, filters);
      const rows = statement(
        `SELECT id, plate, state, camera_id, captured_at, confidence, hit_id FROM reads
         WHERE ${w.sql} ORDER BY captured_at DESC, id DESC LIMIT :limit OFFSET :offset`,
      ).all({ ...w.params, limit, offset }) as ReadRow[];
      // Fewer than asked means these are all of them: no second pass to count.
      const total = rows.length < limit && (offset === 0 || rows.length > 0) ? offset + rows.length : count(plan, filters);
      return { rows, total };
    },
    async count(plan, filters) {
      return count(plan, filters);
    },
    async byId(id) {
      return (
        (statement('SELECT id, plate, state, camera_id, captured_at, confidence, hit_id FROM reads WHERE id = :id').get({ id }) as
          | ReadRow
          | undefined) ?? null
      );
    },
  };
}
