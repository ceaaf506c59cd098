/**
 * Plate search over the hits this console holds (its SQLite `hits`), newest read first, with
 * the plate thumbnail of each hit on the page. Lists the user's role may not see are left out
 * (hotlist categories per role), before counting, so totals never hint at them.
 */
import type { Role } from '../../contract';
import type { LocalSearchHit } from '../../contract/search';
import type { CoreContext } from '../context';
import { plateCondition } from './pattern';

export interface LocalQuery {
  pattern: string;
  state?: string;
  cameraId?: string;
  /** ISO times; `to` exclusive. */
  from?: string;
  to?: string;
  offset: number;
  limit: number;
}

interface Row {
  id: string;
  read_plate: string;
  read_state: string;
  camera_id: string;
  camera_name: string;
  captured_at: string;
  status: string;
  retroactive: number;
  list: string;
  reason: string;
}

/** Runs inside the caller's transaction (the search's commit, with its audit record). */
export function searchLocalHits(ctx: Pick<CoreContext, 'db' | 'visibleItems'>, role: Role, q: LocalQuery): { hits: LocalSearchHit[]; total: number } {
  const cond = plateCondition('h.read_plate', q.pattern);
  const where = [cond.sql];
  const params: Record<string, string> = { ...cond.params };
  if (q.state) (where.push('h.read_state = :state'), (params.state = q.state));
  if (q.cameraId) (where.push('h.camera_id = :camera'), (params.camera = q.cameraId));
  if (q.from) (where.push('h.captured_at >= :from'), (params.from = new Date(q.from).toISOString()));
  if (q.to) (where.push('h.captured_at < :to'), (params.to = new Date(q.to).toISOString()));
  const rows = ctx.db
    .prepare(
      `SELECT h.id, h.read_plate, h.read_state, h.camera_id, h.camera_name, h.captured_at, h.status, h.retroactive,
              m.list, m.reason
       FROM hits h JOIN hit_matches m ON m.hit_id = h.id AND m.ord = 0
       WHERE ${where.join(' AND ')}
       ORDER BY h.captured_at DESC, h.id DESC`,
    )
    .all(params) as Row[];
  const visible = ctx.visibleItems(role, rows);
  const page = visible.slice(q.offset, q.offset + q.limit);
  const thumb = ctx.db.prepare<[string], { mime: 'image/png' | 'image/jpeg'; data: Buffer }>(
    "SELECT mime, data FROM hit_images WHERE hit_id = ? AND kind = 'plate'",
  );
  return {
    total: visible.length,
    hits: page.map((r) => {
      const img = thumb.get(r.id);
      return {
        hitId: r.id,
        plate: r.read_plate,
        state: r.read_state,
        cameraId: r.camera_id,
        cameraName: r.camera_name,
        capturedAt: r.captured_at,
        list: r.list,
        reason: r.reason,
        status: r.status,
        retroactive: r.retroactive === 1,
        thumbnail: img ? { mime: img.mime, data: new Uint8Array(img.data) } : null,
      };
    }),
  };
}
