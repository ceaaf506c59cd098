/**
 * Plate search over every read the hub holds: the hub database's own `reads` (each hit's read,
 * and plain reads) and, in training mode, the read-history file. Each source answers its
 * newest matches and its count; the merge keeps the newest `limit` of them all.
 */
import type { Camera, ReadResult } from '../../contract/hub';
import type { HubStore } from '../store';
import type { ReadHistory } from './history';
import { planPattern } from './pattern';
import type { ReadFilters, ReadRow, ReadSource } from './source';

export type SearchAvailability = { ok: true } | { ok: false; error: string; retryAfterMs?: number };

export interface SearchAnswer {
  reads: ReadResult[];
  total: number;
  truncated: boolean;
}

export class ReadSearcher {
  constructor(
    private readonly store: HubStore,
    private readonly history: ReadHistory | null,
  ) {}

  /** A search over part of the reads would mislead: it waits for the history. */
  availability(): SearchAvailability {
    const status = this.history?.status();
    if (!status || status.state === 'ready') return { ok: true };
    if (status.state === 'loading') {
      return {
        ok: false,
        error: `read history still loading (${status.done} of ${status.count} reads written); try again shortly`,
        retryAfterMs: 2000,
      };
    }
    return { ok: false, error: `read history unavailable: ${status.error}` };
  }

  /**
   * `pattern` is normalised (pattern.ts); a bare string narrows to one plate state. Skips the
   * newest `offset` matches of all sources together (each source answers its newest
   * offset + limit, the merge keeps the page).
   */
  async search(pattern: string, filters: ReadFilters | string | null, limit: number, offset = 0): Promise<SearchAnswer> {
    const plan = planPattern(pattern);
    const found = await Promise.all(
      this.sources().map(async ({ prefix, source }) => {
        const { rows, total } = await source.find(plan, filters, offset + limit);
        return { total, rows: rows.map((row) => ({ prefix, row })) };
      }),
    );
    const total = found.reduce((sum, f) => sum + f.total, 0);
    const newest = found
      .flatMap((f) => f.rows)
      .sort((a, b) => b.row.captured_at - a.row.captured_at || (a.prefix === b.prefix ? b.row.id - a.row.id : a.prefix < b.prefix ? -1 : 1))
      .slice(offset, offset + limit);
    const cameras = new Map<string, Camera>(
      (await this.store.cameras(newest.map((r) => r.row.camera_id))).map((c) => [c.id, c]),
    );
    const posted = new Set(await this.store.readsWithImages(newest.filter((r) => r.prefix === 'r' && r.row.hit_id === null).map((r) => r.row.id)));
    return {
      reads: newest.map(({ prefix, row }) =>
        toResult(prefix, row, cameras.get(row.camera_id), prefix === 't' || (prefix === 'r' && posted.has(row.id))),
      ),
      total,
      truncated: total > offset + newest.length,
    };
  }

  /** How many reads match, over what is searchable now. */
  async count(pattern: string, filters: ReadFilters | string | null): Promise<number> {
    const plan = planPattern(pattern);
    const counts = await Promise.all(this.sources().map(({ source }) => source.count(plan, filters)));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  /** One read by its result id (`r-12`, `t-345`), or null. */
  async read(id: string): Promise<{ source: 'hub' | 'training'; row: ReadRow; result: ReadResult } | null> {
    const m = /^([rt])-(\d{1,15})$/.exec(id);
    if (!m) return null;
    const source = m[1] === 'r' ? this.store.reads : this.history?.source();
    const row = source ? await source.byId(Number(m[2])) : null;
    if (!row) return null;
    const [camera] = await this.store.cameras([row.camera_id]);
    const renderable = m[1] === 't' || (await this.store.readsWithImages([row.id])).length > 0;
    return { source: m[1] === 'r' ? 'hub' : 'training', row, result: toResult(m[1]!, row, camera, renderable) };
  }

  private sources(): { prefix: string; source: ReadSource }[] {
    const history = this.history?.source();
    return [{ prefix: 'r', source: this.store.reads }, ...(history ? [{ prefix: 't', source: history }] : [])];
  }
}

/**
 * `imaged`: the hub holds images for the read besides a hit's (posted with it), or can render
 * them (training reads, `reads:images`).
 */
function toResult(prefix: string, row: ReadRow, camera: Camera | undefined, imaged: boolean): ReadResult {
  return {
    id: `${prefix}-${row.id}`,
    plate: row.plate,
    state: row.state,
    camera: camera ?? { id: row.camera_id },
    capturedAt: new Date(row.captured_at).toISOString(),
    confidence: row.confidence,
    ...(row.hit_id === null ? {} : { hitId: row.hit_id }),
    hasImages: imaged || row.hit_id !== null,
  };
}
