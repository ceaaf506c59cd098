/**
 * The legal holds in force at the agency, for every console (`holds:list`, `holds:changed`).
 * A hold is placed on one console, but each console keeps its own copy of a hit: without the
 * agency's list, another console would purge its copy of a held hit on its own schedule. The
 * hub knows every hold from the hold records consoles forward (retention.ts HoldLedger); the
 * list is read from its file once, in windows, and kept up to date as hold records arrive.
 */
import { agencyHoldSchema, describeIssues, type AgencyHold } from '../contract/hub';
import { HoldLedger, type HubHold } from './retention';
import type { HubStore } from './store';

export function toAgencyHold(h: HubHold): AgencyHold {
  const base = { workstationId: h.workstationId, holdId: h.holdId, recordId: h.recordId, caseNumber: h.caseNumber, placedAt: h.placedAt, placedBy: h.placedBy };
  return h.kind === 'hit'
    ? { kind: 'hit', hitId: h.hitId, ...base }
    : { kind: 'plate', plate: h.plate, state: h.state, from: h.from, to: h.to, fromAt: new Date(h.fromMs).toISOString(), toAt: new Date(h.toMs).toISOString(), ...base };
}

export class AgencyHolds {
  private ledger: Promise<HoldLedger> | null = null;
  /** Placing records already logged as unusable (each is said once). */
  private readonly refused = new Set<string>();

  constructor(
    private readonly store: HubStore,
    private readonly log: (line: string) => void = () => {},
  ) {}

  private load(): Promise<HoldLedger> {
    this.ledger ??= (async () => {
      const ledger = new HoldLedger();
      for await (const record of this.store.holdRecords()) ledger.apply(record);
      return ledger;
    })();
    // A failed read is tried again by the next caller, not remembered.
    this.ledger.catch(() => {
      this.ledger = null;
    });
    return this.ledger;
  }

  /**
   * The holds in force, each as the contract describes it. A hold whose record does not fit
   * (another console's bug, a test harness) is left out and logged, not sent: one bad record
   * must not make every console refuse the whole list.
   */
  async list(): Promise<AgencyHold[]> {
    const out: AgencyHold[] = [];
    for (const hold of (await this.load()).holds()) {
      const parsed = agencyHoldSchema.safeParse(toAgencyHold(hold));
      if (parsed.success) out.push(parsed.data);
      else if (!this.refused.has(hold.recordId)) {
        this.refused.add(hold.recordId);
        this.log(`hub: the hold placed by record ${hold.recordId} (${hold.workstationId}) is not listed to consoles: ${describeIssues(parsed.error).join('; ')}`);
      }
    }
    return out;
  }

  /** The record ids of released placements (see holdsListAckSchema). */
  async released(): Promise<string[]> {
    return (await this.load()).released();
  }

  /** Applies hold records just stored; true when the holds changed. */
  async stored(records: readonly string[]): Promise<boolean> {
    if (records.length === 0) return false;
    const ledger = await this.load();
    let changed = false;
    for (const r of records) changed = ledger.apply(r) || changed;
    return changed;
  }
}
