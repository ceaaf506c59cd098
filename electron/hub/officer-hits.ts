/**
 * Officers' hotlist entries as live wants (issue 6 item 6). Camera systems match their own
 * lists; the hub matches the entries officers add from consoles, full plates and partial ones
 * (`?` one character, `*` any run; Lodi 431.3(c)):
 * - against new plain reads (`POST /reads`): a read that matches an entry in force becomes a
 *   hit, sent to every console like a posted hit;
 * - against the reads already held, once, when the entry is added: the newest matches within
 *   the retention period (at most RETROACTIVE_HITS_MAX) become hits marked `retroactive`, with
 *   the read's own capture time, so the dispatcher sees the vehicle was there days ago.
 * A hit's id names the entry and the read (`RETRO-<entry>-<read>`, `OFC-<entry>-<read>`), so
 * raising it twice keeps it once. The hits to raise are written down before the hub answers and
 * crossed off once stored: a hub stopped or killed halfway raises the rest when it starts again
 * (`resume`), unless the entry is no longer in force by then. Images: the read's own, the hit's
 * for a hit's read, a rendering for training reads, otherwise a frame saying no image is held
 * (reads/images.ts).
 */
import {
  RETROACTIVE_HITS_MAX,
  type Camera,
  type HotlistEntryWire,
  type HotlistMatch,
  type ReadResult,
} from '../contract/hub';
import type { ReadImages } from './reads/images';
import { patternRegExp } from './reads/pattern';
import type { ReadSearcher } from './reads/search';
import type { HubStore, NewHit, PendingOfficerHit } from './store';

const DAY_MS = 86_400_000;
/** The pause between two rendered hits, so socket I/O (and an in-process console) keeps up. */
const GAP_MS = 15;

export interface OfficerHitsOptions {
  store: HubStore;
  searcher: ReadSearcher;
  images: ReadImages;
  /** Tells the console pumps a hit was stored. */
  wake(): void;
  log(line: string): void;
  /** Reads older than this are not raised retroactively (the agency's retention). */
  retroactiveWithinDays: number;
}

/** Hits one entry raises: retroactive ones from held reads, or from new reads. */
export interface OfficerHitGroup {
  entry: HotlistEntryWire;
  reads: readonly ReadResult[];
  retroactive: boolean;
}

export class OfficerHits {
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly opts: OfficerHitsOptions) {}

  /** The held reads a new entry raises retroactive hits for: the newest, within retention. */
  async retroactiveReads(entry: HotlistEntryWire, now: Date): Promise<ReadResult[]> {
    const from = now.getTime() - this.opts.retroactiveWithinDays * DAY_MS;
    const answer = await this.opts.searcher.search(entry.plate, { state: entry.state ?? null, from }, RETROACTIVE_HITS_MAX);
    return answer.reads;
  }

  /**
   * Writes the hits down (one transaction), then raises them one after another in the
   * background (each may be rendered). Resolves once they are written down: `raised` settles
   * when they are stored.
   */
  async raiseLater(groups: readonly OfficerHitGroup[]): Promise<{ raised: Promise<void> }> {
    await this.opts.store.queueOfficerHits(
      groups.flatMap((g) => g.reads.map((r) => pending(g.entry, r, g.retroactive))),
      new Date().toISOString(),
    );
    return { raised: Promise.all(groups.map((g) => this.schedule(g))).then(() => undefined) };
  }

  /**
   * Raises the hits a previous run wrote down and did not store (at start, once the reads are
   * searchable). Those of an entry no longer in force, or of a read no longer held, are dropped.
   */
  async resume(now: Date): Promise<void> {
    if (this.stopped) return;
    const rows = await this.opts.store.pendingOfficerHits();
    if (rows.length === 0) return;
    const inForce = new Map((await this.opts.store.activeOfficerEntries(now.toISOString())).map((e) => [e.id, e]));
    const groups = new Map<string, OfficerHitGroup & { reads: ReadResult[] }>();
    let dropped = 0;
    for (const row of rows) {
      const entry = inForce.get(row.entryId);
      const read = entry ? (await this.opts.searcher.read(row.readId))?.result : undefined;
      if (!entry || !read) {
        dropped++;
        await this.opts.store.officerHitDone(row);
        continue;
      }
      const key = `${row.retroactive ? 'R' : 'O'}${row.entryId}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { entry, retroactive: row.retroactive, reads: [] }));
      group.reads.push(read);
    }
    this.opts.log(
      `hub: ${rows.length - dropped} officer hit(s) left to raise by the last run` +
        (dropped ? `; ${dropped} dropped (entry no longer in force or read no longer held)` : ''),
    );
    for (const g of groups.values()) void this.schedule(g);
  }

  private schedule({ entry, reads, retroactive }: OfficerHitGroup): Promise<void> {
    const work = async () => {
      let raised = 0;
      for (const [i, read] of reads.entries()) {
        if (this.stopped) return;
        try {
          // Removed (entered in error, the car recovered) or expired while its hits were
          // being raised: the rest are dropped, as at a restart.
          if (!(await this.inForce(entry.id))) {
            for (const r of reads.slice(i)) await this.opts.store.officerHitDone(pending(entry, r, retroactive));
            this.opts.log(`hub: entry ${entry.id} (${entry.plate}) is no longer in force; ${reads.length - i} hit(s) not raised`);
            break;
          }
          if (await this.raise(entry, read, retroactive)) raised++;
          await this.opts.store.officerHitDone(pending(entry, read, retroactive));
        } catch (err) {
          this.opts.log(
            `hub: could not raise a hit for entry ${entry.id} on read ${read.id} (kept, to raise at the next start): ${(err as Error).message}`,
          );
        }
        await new Promise((r) => setTimeout(r, GAP_MS));
      }
      if (raised) this.opts.log(`hub: entry ${entry.id} (${entry.plate}) raised ${raised} ${retroactive ? 'retroactive ' : ''}hit(s)`);
    };
    this.queue = this.queue.then(work, work);
    return this.queue;
  }

  /** New plain reads (hub read ids): checked against every entry in force now. Returns the hit ids. */
  async checkNewReads(ids: readonly number[], now: Date): Promise<string[]> {
    const entries = await this.opts.store.activeOfficerEntries(now.toISOString());
    if (entries.length === 0 || ids.length === 0) return [];
    const tests = entries.map((e) => ({ entry: e, re: patternRegExp(e.plate) }));
    const hits: string[] = [];
    const groups: OfficerHitGroup[] = [];
    for (const id of ids) {
      const found = await this.opts.searcher.read(`r-${id}`);
      if (!found) continue;
      for (const { entry, re } of tests) {
        if (!re.test(found.row.plate) || (entry.state && entry.state !== found.row.state)) continue;
        hits.push(hitId(entry, found.result, false));
        groups.push({ entry, reads: [found.result], retroactive: false });
      }
    }
    if (groups.length) await this.raiseLater(groups);
    return hits;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.queue.catch(() => {});
  }

  private async inForce(entryId: string): Promise<boolean> {
    return (await this.opts.store.activeOfficerEntries(new Date().toISOString())).some((e) => e.id === entryId);
  }

  /** True when the hit is new. */
  private async raise(entry: HotlistEntryWire, read: ReadResult, retroactive: boolean): Promise<boolean> {
    const id = hitId(entry, read, retroactive);
    if (await this.opts.store.hitExists(id)) return false;
    const [known] = await this.opts.store.cameras([read.camera.id]);
    const camera: Camera = known ?? {
      id: read.camera.id,
      name: read.camera.name ?? read.camera.id,
      lat: read.camera.lat ?? 0,
      lon: read.camera.lon ?? 0,
      direction: read.camera.direction ?? '?',
    };
    const hit: NewHit = {
      id,
      receivedAt: new Date().toISOString(),
      hit: {
        capturedAt: read.capturedAt,
        camera,
        read: { plate: read.plate, state: read.state, confidence: read.confidence },
        matches: [matchOf(entry, read)],
        ...(retroactive ? { retroactive: true } : {}),
      },
      images: await this.opts.images.forHit(read, entry.vehicle),
      readHeld: true,
    };
    const stored = await this.opts.store.insertHit(hit);
    if (stored.created) this.opts.wake();
    return stored.created;
  }
}

function pending(entry: HotlistEntryWire, read: ReadResult, retroactive: boolean): PendingOfficerHit {
  return { entryId: entry.id, readId: read.id, retroactive };
}

export function hitId(entry: HotlistEntryWire, read: ReadResult, retroactive: boolean): string {
  return `${retroactive ? 'RETRO' : 'OFC'}-${entry.id}-${read.id}`.slice(0, 100);
}

/**
 * The entry as a hit's match. A partial entry's match carries the plate read (a match's plate
 * is a whole plate) and says in its reason which pattern it was.
 */
export function matchOf(entry: HotlistEntryWire, read: ReadResult): HotlistMatch {
  const partial = /[?*]/.test(entry.plate);
  const reason = partial ? `${entry.reason} (partial plate ${entry.plate})` : entry.reason;
  return {
    list: entry.list,
    reason: reason.slice(0, 200),
    priority: entry.priority,
    plate: partial ? read.plate : entry.plate,
    state: entry.state ?? read.state,
    ...(entry.vehicle ? { vehicle: entry.vehicle } : {}),
    ...(entry.notes ? { notes: entry.notes } : {}),
    listUpdatedAt: entry.listUpdatedAt,
    // What the list really holds, so the plate check does not show the read as the list's.
    ...(partial ? { pattern: entry.plate } : {}),
    ...(entry.state ? {} : { anyState: true as const }),
  };
}
