/**
 * Plate search over every read the hub holds: the hub database's own `reads` (each hit's read,
 * and plain reads) and, in training mode, the read-history file. Each source answers its
 * newest matches and its count; the merge keeps the newest `limit` of them all.
 */
import type { Camera, ReadResult } from '../../contract/hub';
import type { HubStore } from '../store';
import type { ReadHistory } from './history';
import { planPattern } from './pattern';
import type { ReadRow, ReadSource } from './source';

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

  /** `pattern` is normalised (pattern.ts); `state` narrows to one plate state. */
  async search(pattern: string, state: string | null, limit: number): Promise<SearchAnswer> {
    const plan = planPattern(pattern);
    const found = await Promise.all(
      this.sources().map(async ({ prefix, source }) => {
        const { rows, total } = await source.find(plan, state, limit);
        return { total, rows: rows.map((row) => ({ prefix, row })) };
      }),
    );
    const total = found.reduce((sum, f) => sum + f.total, 0);
    const newest = found
      .flatMap((f) => f.rows)
      .sort((a, b) => b.row.captured_at - a.row.captured_at || b.row.id - a.row.id)
      .slice(0, limit);
    const cameras = new Map<string, Camera>(
      (await this.store.cameras(newest.map((r) => r.row.camera_id))).map((c) => [c.id, c]),
    );
    return {
      reads: newest.map(({ prefix, row }) => toResult(prefix, row, cameras.get(row.camera_id))),
      total,
      truncated: total > newest.length,
    };
  }

  /** How many reads match, over what is searchable now. */
  async count(pattern: string, state: string | null): Promise<number> {
    const plan = planPattern(pattern);
    const counts = await Promise.all(this.sources().map(({ source }) => source.count(plan, state)));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  private sources(): { prefix: string; source: ReadSource }[] {
    const history = this.history?.source();
    return [{ prefix: 'r', source: this.store.reads }, ...(history ? [{ prefix: 't', source: history }] : [])];
  }
}

function toResult(prefix: string, row: ReadRow, camera: Camera | undefined): ReadResult {
  return {
    id: `${prefix}-${row.id}`,
    plate: row.plate,
    state: row.state,
    camera: camera ?? { id: row.camera_id },
    capturedAt: new Date(row.captured_at).toISOString(),
    confidence: row.confidence,
    ...(row.hit_id === null ? {} : { hitId: row.hit_id }),
    hasImages: row.hit_id !== null,
  };
}
