/**
 * SQL of the shift log: the agency's shifts, and reads of `shift_hits` (migration 0005, kept by
 * triggers beside hits and hit_events). Every read takes a `Scope`: the period, the filters,
 * and the hotlists the reader's role may see.
 */
import type { DB } from '../db/open';
import { LATE_HIT_MS, type Shift, type ShiftFilters, type ShiftRow } from '../../contract';

export interface Scope {
  from: number;
  to: number;
  filters: ShiftFilters;
  /** Lists the role may see, lower case; null: all of them. */
  visibleLists: string[] | null;
}

interface ShiftDbRow {
  id: number;
  name: string;
  start_time: string;
  end_time: string;
}

/** The columns the summary and charts fold, in this order (read with .raw()). */
export type FactTuple = [
  /**
   * When the hit was filed: its read; the hub raising a retroactive hit (migration 0018); this
   * console storing a live hit that came late (migration 0019).
   */
  filedMs: number,
  storedMs: number,
  cameraId: string,
  cameraName: string,
  disposition: string | null,
  openedMs: number | null,
  plateCheck: string | null,
  broadcastMs: number | null,
  dispatcher: string | null,
  dispatcherName: string | null,
  list: string | null,
  /** Whoever read the first hit broadcast (migration 0015); the broadcast counts for them. */
  broadcaster: string | null,
  broadcasterName: string | null,
  takenOverBy: string | null,
  takenOverByName: string | null,
];

export interface FilterOptions {
  outcomes: string[];
  cameras: { id: string; name: string }[];
  lists: string[];
  dispatchers: { username: string; displayName: string }[];
}

/**
 * The filter choices of a set of facts (those of the unfiltered period). After the list,
 * pairs of (username, display name): the dispatcher, whoever broadcast, whoever took over.
 */
export function optionsOf(facts: Iterable<readonly [string, string, string, string | null, ...(string | null)[]]>): FilterOptions {
  const outcomes = new Set<string>();
  const cameras = new Map<string, string>();
  const lists = new Set<string>();
  const dispatchers = new Map<string, string>();
  for (const [o, cid, cname, list, ...people] of facts) {
    outcomes.add(o);
    cameras.set(cid, cname);
    if (list !== null) lists.add(list);
    for (let i = 0; i + 1 < people.length; i += 2) {
      const user = people[i];
      if (user) dispatchers.set(user, people[i + 1] ?? user);
    }
  }
  const byText = (a: string, b: string) => a.localeCompare(b);
  return {
    outcomes: [...outcomes].sort(byText),
    cameras: [...cameras].map(([id, name]) => ({ id, name })).sort((a, b) => byText(a.name, b.name)),
    lists: [...lists].sort(byText),
    dispatchers: [...dispatchers].map(([username, displayName]) => ({ username, displayName })).sort((a, b) => byText(a.displayName, b.displayName)),
  };
}

/** The filter choices of compact facts (the unfiltered period's), as `options()` reads them. */
export function optionsOfFacts(facts: readonly FactTuple[]): FilterOptions {
  return optionsOf(
    facts.map(([, , cameraId, cameraName, disposition, , , , dispatcher, dispatcherName, list, broadcaster, broadcasterName, takenOverBy, takenOverByName]) =>
      [disposition ?? 'open', cameraId, cameraName, list, dispatcher, dispatcherName, broadcaster, broadcasterName, takenOverBy, takenOverByName] as const,
    ),
  );
}

interface RowDb {
  hit_id: string;
  read_plate: string;
  read_state: string;
  camera_id: string;
  camera_name: string;
  list: string | null;
  priority: string;
  captured_at: string;
  read_ms: number;
  received_ms: number;
  opened_ms: number | null;
  plate_check_ms: number | null;
  plate_check: string | null;
  broadcast_ms: number | null;
  clets_sent_ms: number | null;
  clets_result_ms: number | null;
  clets_status: string | null;
  results_broadcast_ms: number | null;
  disposed_ms: number | null;
  disposition: string | null;
  dispatcher: string | null;
  dispatcher_name: string | null;
  broadcaster: string | null;
  broadcaster_name: string | null;
  taken_over_by: string | null;
  taken_over_by_name: string | null;
  retroactive: number;
  stored_ms: number;
}

const after = (t: number | null, read: number) => (t === null ? null : t - read);

function toRow(r: RowDb): ShiftRow {
  return {
    hitId: r.hit_id,
    plate: r.read_plate,
    state: r.read_state,
    cameraId: r.camera_id,
    cameraName: r.camera_name,
    list: r.list,
    priority: r.priority,
    readAt: new Date(r.read_ms).toISOString(),
    received: r.received_ms - r.read_ms,
    opened: after(r.opened_ms, r.read_ms),
    plateCheck: after(r.plate_check_ms, r.read_ms),
    plateCheckOutcome: r.plate_check,
    broadcast: after(r.broadcast_ms, r.read_ms),
    cletsSent: after(r.clets_sent_ms, r.read_ms),
    cletsResult: after(r.clets_result_ms, r.read_ms),
    cletsStatus: r.clets_status,
    resultsBroadcast: after(r.results_broadcast_ms, r.read_ms),
    ended: after(r.disposed_ms, r.read_ms),
    outcome: r.disposition ?? 'open',
    dispatcher: r.dispatcher,
    dispatcherName: r.dispatcher_name,
    broadcaster: r.broadcaster,
    broadcasterName: r.broadcaster_name,
    takenOverBy: r.taken_over_by,
    takenOverByName: r.taken_over_by_name,
    ...(r.retroactive === 1 ? { retroactive: true } : {}),
    ...(r.retroactive !== 1 && r.stored_ms - r.read_ms > LATE_HIT_MS ? { late: r.stored_ms - r.read_ms } : {}),
  };
}

/** The WHERE clause and its parameters for a scope (only fixed SQL; values are bound). */
function where(scope: Scope): { sql: string; params: Record<string, unknown> } {
  const parts = ['s.filed_ms >= @from', 's.filed_ms < @to'];
  const params: Record<string, unknown> = { from: scope.from, to: scope.to };
  const f = scope.filters;
  if (f.cameraId) {
    parts.push('s.camera_id = @cameraId');
    params.cameraId = f.cameraId;
  }
  if (f.list) {
    parts.push('s.list = @list');
    params.list = f.list;
  }
  if (f.dispatcher) {
    // Every hit the person worked: as its dispatcher, its broadcaster, or after a takeover.
    parts.push('(s.dispatcher = @dispatcher OR s.broadcaster = @dispatcher OR s.taken_over_by = @dispatcher)');
    params.dispatcher = f.dispatcher;
  }
  if (f.outcome === 'open') parts.push('s.disposition IS NULL');
  else if (f.outcome) {
    parts.push('s.disposition = @outcome');
    params.outcome = f.outcome;
  }
  if (scope.visibleLists) {
    parts.push('lower(s.list) IN (SELECT value FROM json_each(@visible))');
    params.visible = JSON.stringify(scope.visibleLists);
  }
  return { sql: parts.join(' AND '), params };
}

const ROW_COLUMNS = `s.hit_id, h.read_plate, h.read_state, s.camera_id, s.camera_name, s.list, s.priority, h.captured_at,
  s.read_ms, s.received_ms, s.opened_ms, s.plate_check_ms, s.plate_check, s.broadcast_ms, s.clets_sent_ms,
  s.clets_result_ms, s.clets_status, s.results_broadcast_ms, s.disposed_ms, s.disposition, s.dispatcher, s.dispatcher_name,
  s.broadcaster, s.broadcaster_name, s.taken_over_by, s.taken_over_by_name, h.retroactive, s.stored_ms`;

export class ShiftLogStore {
  constructor(private readonly db: DB) {}

  shifts(): Shift[] {
    return this.db
      .prepare<[], ShiftDbRow>('SELECT id, name, start_time, end_time FROM shifts ORDER BY ord, id')
      .all()
      .map((s) => ({ id: s.id, name: s.name, start: s.start_time, end: s.end_time }));
  }

  shift(id: number): Shift | null {
    return this.shifts().find((s) => s.id === id) ?? null;
  }

  /** Replaces the list: given ids are updated, new ones added, the rest removed. */
  saveShifts(list: { id?: number; name: string; start: string; end: string }[]): void {
    const keep = list.filter((s) => s.id !== undefined).map((s) => s.id!);
    this.db.prepare('DELETE FROM shifts WHERE id NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify(keep));
    // Names are unique: move the kept ones out of the way first, so two can swap names.
    this.db.prepare("UPDATE shifts SET name = '~' || id").run();
    const update = this.db.prepare('UPDATE shifts SET name = ?, start_time = ?, end_time = ?, ord = ? WHERE id = ?');
    const insert = this.db.prepare('INSERT INTO shifts (name, start_time, end_time, ord) VALUES (?, ?, ?, ?)');
    list.forEach((s, ord) => {
      if (s.id === undefined || update.run(s.name, s.start, s.end, ord, s.id).changes === 0) insert.run(s.name, s.start, s.end, ord);
    });
  }

  count(scope: Scope): number {
    const w = where(scope);
    return (this.db.prepare(`SELECT count(*) AS n FROM shift_hits s WHERE ${w.sql}`).get(w.params) as { n: number }).n;
  }

  /** A page in read order; the page's ids come from the index alone, then only those rows are joined. */
  page(scope: Scope, offset: number, limit: number): ShiftRow[] {
    const w = where(scope);
    return this.db
      .prepare<Record<string, unknown>, RowDb>(
        `WITH page AS (SELECT s.hit_id, s.filed_ms FROM shift_hits s WHERE ${w.sql} ORDER BY s.filed_ms, s.hit_id LIMIT @limit OFFSET @offset)
         SELECT ${ROW_COLUMNS} FROM page p JOIN shift_hits s ON s.hit_id = p.hit_id JOIN hits h ON h.id = s.hit_id
         ORDER BY s.filed_ms, s.hit_id`,
      )
      .all({ ...w.params, limit, offset })
      .map(toRow);
  }

  /** Every row of the scope, in read order (for exports). */
  *all(scope: Scope): Generator<ShiftRow> {
    const w = where(scope);
    const stmt = this.db.prepare<Record<string, unknown>, RowDb>(
      `SELECT ${ROW_COLUMNS} FROM shift_hits s JOIN hits h ON h.id = s.hit_id WHERE ${w.sql} ORDER BY s.filed_ms, s.hit_id`,
    );
    for (const r of stmt.iterate(w.params)) yield toRow(r);
  }

  /**
   * Up to `limit` of the scope's plates, each once, in the order the filing index gives them,
   * and whether it holds more: stops at the limit, so a 100,000-hit night costs about 1 ms.
   */
  plates(scope: Scope, limit: number): { plates: string[]; more: boolean } {
    const w = where(scope);
    const plates = (
      this.db
        .prepare(`SELECT DISTINCT h.read_plate FROM shift_hits s JOIN hits h ON h.id = s.hit_id WHERE ${w.sql} LIMIT @limit`)
        .raw()
        .all({ ...w.params, limit: limit + 1 }) as [string][]
    ).map((r) => r[0]);
    return { plates: plates.slice(0, limit), more: plates.length > limit };
  }

  /** The compact facts the summary folds, without the plate or any other hit detail. */
  facts(scope: Scope): FactTuple[] {
    const w = where(scope);
    return this.db
      .prepare(
        `SELECT s.filed_ms, s.stored_ms, s.camera_id, s.camera_name, s.disposition, s.opened_ms, s.plate_check, s.broadcast_ms,
           s.dispatcher, s.dispatcher_name, s.list, s.broadcaster, s.broadcaster_name,
           s.taken_over_by, s.taken_over_by_name FROM shift_hits s WHERE ${w.sql}`,
      )
      .raw()
      .all(w.params) as FactTuple[];
  }

  /** What the filters can offer in the period: the scope without its filters. */
  options(scope: Scope): FilterOptions {
    const w = where({ ...scope, filters: {} });
    return optionsOf(
      this.db
        .prepare(
          `SELECT DISTINCT coalesce(s.disposition, 'open'), s.camera_id, s.camera_name, s.list, s.dispatcher, s.dispatcher_name,
             s.broadcaster, s.broadcaster_name, s.taken_over_by, s.taken_over_by_name
           FROM shift_hits s WHERE ${w.sql}`,
        )
        .raw()
        .all(w.params) as [string, string, string, string | null, ...(string | null)[]][],
    );
  }

  /** Every hotlist name in the period, for the role's visibility check. */
  listsIn(from: number, to: number): string[] {
    return (this.db.prepare('SELECT DISTINCT list FROM shift_hits WHERE filed_ms >= ? AND filed_ms < ? AND list IS NOT NULL').raw().all(from, to) as [string][]).map((r) => r[0]);
  }
}
