/**
 * This console's copy of the legal holds in force at the agency (the hub's `holds:list`), so
 * that a hold placed on any console keeps this console's copies of the held hits too. Fetched
 * on every connection and before each purge, and replaced whenever the hub says the holds
 * changed (`holds:changed`). The purge waits while the list is not fresh (none heard from this
 * hub in the last day): keeping a hit a little past its period is the lesser harm next to
 * destroying one a court ordered kept.
 */
import { holdsChangedSchema, holdsListAckSchema, type AgencyHold } from '../../contract/hub';
import type { OtherConsoleHold } from '../../contract/records';
import type { CoreContext } from '../context';

/** How long a list heard from the hub counts as the agency's holds for a purge. */
export const AGENCY_HOLDS_FRESH_MS = 24 * 60 * 60 * 1000;

export interface AgencyHoldsState {
  /** Holds placed anywhere at the agency, as last heard. */
  count: number;
  heardAt: string | null;
  /** Why the purge waits, or null. */
  waiting: string | null;
}

export class AgencyHoldsCopy {
  private refreshing: Promise<boolean> | null = null;
  private readonly heardListeners: (() => void)[] = [];
  /** How many unlisted holds were last logged as kept (said again only when it changes). */
  private unlistedLogged = 0;

  constructor(private readonly ctx: CoreContext) {}

  private get hubKey(): string | null {
    return this.ctx.opts.hub?.hubKey ?? null;
  }

  start(): void {
    const { hub } = this.ctx;
    if (!hub) return;
    hub.on('state', (s) => {
      if (s.state === 'connected') void this.refresh();
    });
    hub.onHubEvent('holds:changed', (payload) => {
      const parsed = holdsChangedSchema.safeParse(payload);
      if (parsed.success) void this.replace(parsed.data.holds, parsed.data.released ?? []).catch((err: Error) => this.ctx.log(`agency holds not stored: ${err.message}`));
    });
  }

  /** Called after each list heard from the hub is stored. */
  onHeard(fn: () => void): void {
    this.heardListeners.push(fn);
  }

  /** Asks the hub for the list now; false when it could not be had. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.fetch().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async fetch(): Promise<boolean> {
    const { hub } = this.ctx;
    if (!hub || hub.state.state !== 'connected') return false;
    try {
      const ack = await hub.request('holds:list', {}, holdsListAckSchema);
      if (!ack.ok) {
        this.ctx.log(`the hub did not list the agency's legal holds: ${ack.error}`);
        return false;
      }
      await this.replace(ack.holds, ack.released ?? []);
      return true;
    } catch (err) {
      this.ctx.log(`the agency's legal holds could not be fetched from the hub: ${(err as Error).message}`);
      return false;
    }
  }

  /**
   * Stores the hub's list. A hold leaves this console's copy only when the hub names it
   * released: one it merely no longer lists (a hub restored from a backup older than the hold)
   * stays in force here, logged, until the placing console sends it again and it is released
   * as usual. A list from another hub than the last (a console moved off the training hub)
   * replaces the copy whole.
   */
  private async replace(holds: readonly AgencyHold[], released: readonly string[]): Promise<void> {
    const key = this.hubKey;
    if (key === null) return;
    const { db } = this.ctx;
    const sameHub = db.prepare('SELECT hub_key FROM agency_holds_heard WHERE id = 1').pluck().get() === key;
    const listed = new Set(holds.map((h) => h.recordId));
    const releasedIds = new Set(released);
    const insert = db.prepare(
      `INSERT OR REPLACE INTO agency_holds (record_id, workstation_id, hold_id, kind, hit_id, plate, state, period_from, period_to, from_at, to_at, case_number, placed_at, placed_by)
       VALUES (@recordId, @workstationId, @holdId, @kind, @hitId, @plate, @state, @from, @to, @fromAt, @toAt, @caseNumber, @placedAt, @placedBy)`,
    );
    const kept = await this.ctx.commit(() => {
      let unlisted = 0;
      if (!sameHub) db.prepare('DELETE FROM agency_holds').run();
      else {
        const remove = db.prepare('DELETE FROM agency_holds WHERE record_id = ?');
        for (const id of db.prepare<[], string>('SELECT record_id FROM agency_holds').pluck().all()) {
          if (releasedIds.has(id)) remove.run(id);
          else if (!listed.has(id)) unlisted += 1;
        }
      }
      for (const h of holds) {
        insert.run(
          h.kind === 'hit'
            ? { ...h, plate: null, state: null, from: null, to: null, fromAt: null, toAt: null }
            : { ...h, hitId: null },
        );
      }
      db.prepare(
        `INSERT INTO agency_holds_heard (id, hub_key, heard_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET hub_key = excluded.hub_key, heard_at = excluded.heard_at`,
      ).run(key, this.ctx.now().toISOString());
      return unlisted;
    });
    if (kept > 0 && kept !== this.unlistedLogged) {
      this.ctx.log(`the hub no longer lists ${kept} legal hold(s) it never said were released (restored from an older backup?): kept in force here`);
    }
    this.unlistedLogged = kept;
    for (const fn of this.heardListeners) fn();
  }

  /**
   * The holds placed elsewhere, as last heard: on other consoles, or by an earlier install of
   * this workstation (same name, another data folder). This console's own are in legal_holds,
   * their placing records in its audit trail.
   */
  elsewhere(): OtherConsoleHold[] {
    return this.ctx.db
      .prepare<[], OtherConsoleHold>(
        `SELECT workstation_id AS workstationId, hold_id AS holdId, kind, hit_id AS hitId, plate, state, period_from AS "from", period_to AS "to",
                case_number AS caseNumber, placed_at AS placedAt, placed_by AS placedBy
         FROM agency_holds WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.id = agency_holds.record_id)
         ORDER BY placed_at DESC, record_id`,
      )
      .all();
  }

  state(): AgencyHoldsState | null {
    const key = this.hubKey;
    if (!this.ctx.hub || key === null) return null;
    const heard = this.ctx.db.prepare<[], { hub_key: string; heard_at: string }>('SELECT hub_key, heard_at FROM agency_holds_heard WHERE id = 1').get();
    const heardAt = heard && heard.hub_key === key ? heard.heard_at : null;
    const count = heardAt ? (this.ctx.db.prepare('SELECT count(*) FROM agency_holds').pluck().get() as number) : 0;
    let waiting: string | null = null;
    const age = heardAt === null ? null : this.ctx.now().getTime() - Date.parse(heardAt);
    if (heardAt === null) waiting = "the agency's legal holds have not been heard from the hub yet";
    else if (age! < -60_000) {
      // Heard "in the future": the clock was ahead then, and how old the list is cannot be told.
      waiting = `the agency's legal holds were last heard from the hub at ${heardAt}, later than this console's clock says it is now`;
    } else if (age! >= AGENCY_HOLDS_FRESH_MS) {
      waiting = `the agency's legal holds were last heard from the hub at ${heardAt}, over a day ago`;
    }
    return { count, heardAt, waiting };
  }

  /** Before a purge: the list fetched again where the hub is there; why the purge must wait, or null. */
  async readyForPurge(): Promise<string | null> {
    await this.refresh();
    return this.state()?.waiting ?? null;
  }
}
