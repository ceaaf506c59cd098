/**
 * The search domain of the core (issue 6 items 5, 6): plate search over local hits and the
 * hub's reads, and officers' hotlist entries (see README.md and electron/contract/search.ts).
 */
import crypto from 'node:crypto';
import type { searchCalls } from '../../contract';
import {
  DEFAULT_HOTLIST_MAX_DAYS,
  OFFICER_HOTLIST_LISTS,
  PLATE_SEARCHERS,
  type HubSearchRead,
  type PlateSearchOutput,
} from '../../contract/search';
import {
  camerasListAckSchema,
  hotlistAddAckSchema,
  hotlistListAckSchema,
  hotlistRemoveAckSchema,
  hotlistUpdatedSchema,
  readImagesAckSchema,
  readSearchAckSchema,
  type HotlistEntryWire,
} from '../../contract/hub';
import { requireLookupPurpose } from '../audit/purpose';
import { lookupRules } from '../reports/rules';
import { actorOf, type CoreContext, type CoreModule, type Session } from '../context';
import { CallFailure } from '../errors';
import { HubRequestError } from '../hub-client/client';
import { FieldCipher } from '../util/field-crypto';
import { hotlistMaxDays, OfficerEntries, setHotlistMaxDays } from './entries';
import { searchLocalHits } from './local';

export type SearchChannel = keyof typeof searchCalls;

const DAY_MS = 86_400_000;
const SEARCH_TIMEOUT_MS = 15_000;

/** Whether a plate search needs a case number whatever the purpose (the agency's rule, default yes). */
function caseRequiredForSearch(ctx: CoreContext): boolean {
  return lookupRules(ctx.db).caseRequiredForSearch;
}

export function searchModule(ctx: CoreContext): CoreModule<SearchChannel> {
  const cipher = ctx.opts.dataKey ? FieldCipher.fromKey(ctx.opts.dataKey) : FieldCipher.forDataDir(ctx.opts.dataDir);
  const entries = new OfficerEntries(ctx.db, cipher);
  const userOf = (session: Session) => {
    const u = session.user!;
    return { username: u.username, displayName: u.displayName };
  };
  /**
   * The cameras of this console's hits, then every camera the hub knows (its reads come from
   * all of them), by id into `byId`; the hub's list is skipped, not waited for, when it is away.
   */
  const camerasInto = async (byId: Map<string, string>): Promise<void> => {
    for (const c of ctx.db.prepare<[], { id: string; name: string }>('SELECT camera_id AS id, max(camera_name) AS name FROM hits GROUP BY camera_id').all()) {
      byId.set(c.id, c.name);
    }
    if (ctx.hub?.state.state !== 'connected') return;
    try {
      const ack = await ctx.hub.request('cameras:list', {}, camerasListAckSchema, 3000);
      if (ack.ok) for (const c of ack.cameras) byId.set(c.id, c.name);
    } catch (err) {
      ctx.log(`search: the hub's camera list could not be fetched: ${(err as Error).message}`);
    }
  };
  const audit = (session: Session, action: string, outcome: 'ok' | 'granted' | 'refused', data: Record<string, unknown>, caseNumber?: string | null) =>
    ctx.audit.append({ action, outcome, actor: actorOf(session.user!), ip: session.ip, data, caseNumber: caseNumber ?? null });
  const hubDown = (err: unknown) =>
    err instanceof HubRequestError
      ? err.reason === 'offline'
        ? 'the hub is not reachable'
        : err.message
      : `the hub could not be asked (${err instanceof Error ? err.message : String(err)})`;

  /** The hub's part of a search; never throws: a missing part says why. */
  async function hubPart(
    q: { pattern: string; state?: string; cameraId?: string; from?: string; to?: string; page: number; pageSize: number },
    purpose: string,
    caseNumber: string | null,
    session: Session,
  ): Promise<PlateSearchOutput['hub']> {
    const missing = (why: string) => ({
      status: 'unavailable' as const,
      message: `Hub reads are missing from these results: ${why}. Only this console's hits were searched.`,
    });
    if (!ctx.hub) return missing('no hub is configured');
    try {
      const ack = await ctx.hub.request(
        'reads:search',
        {
          pattern: q.pattern,
          purpose,
          caseNumber: caseNumber ?? 'none given',
          user: userOf(session),
          limit: q.pageSize,
          offset: q.page * q.pageSize,
          ...(q.state ? { state: q.state } : {}),
          ...(q.cameraId ? { cameraId: q.cameraId } : {}),
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
        },
        readSearchAckSchema,
        SEARCH_TIMEOUT_MS,
      );
      if (!ack.ok) return missing(`the hub answered "${ack.error}"`);
      const images = new Map<string, HubSearchRead['image']>();
      const withImages = ack.reads.filter((r) => r.hasImages).map((r) => r.id);
      if (withImages.length) {
        try {
          const got = await ctx.hub.request('reads:images', { ids: withImages }, readImagesAckSchema, SEARCH_TIMEOUT_MS);
          if (got.ok) {
            for (const i of got.images) {
              images.set(i.id, i.image ? { mime: i.image.mime, data: toBytes(i.image.data) } : null);
            }
          }
        } catch (err) {
          ctx.log(`search: the hub's read images could not be fetched: ${(err as Error).message}`);
        }
      }
      return {
        status: 'ok',
        total: ack.total,
        truncated: ack.truncated,
        reads: ack.reads.map((r) => ({
          id: r.id,
          plate: r.plate,
          state: r.state,
          cameraId: r.camera.id,
          cameraName: r.camera.name ?? r.camera.id,
          capturedAt: r.capturedAt,
          confidence: r.confidence,
          hitId: r.hitId ?? null,
          image: images.get(r.id) ?? null,
        })),
      };
    } catch (err) {
      return missing(hubDown(err));
    }
  }

  const remember = (e: HotlistEntryWire) => {
    if (e.source !== 'console') return;
    entries.upsert(e, ctx.now().toISOString());
  };

  return {
    eventAccess: { 'hotlist:changed': PLATE_SEARCHERS },

    start() {
      ctx.hub?.onHubEvent('hotlist:updated', (payload) => {
        const parsed = hotlistUpdatedSchema.safeParse(payload);
        if (!parsed.success || parsed.data.entry.source !== 'console') return;
        try {
          remember(parsed.data.entry);
          ctx.broadcast('hotlist:changed', { entry: parsed.data.entry });
          // Its hits still open say it was withdrawn, in every queue and review.
          if (parsed.data.entry.removed) {
            for (const item of ctx.hits.queueItems(ctx.hits.openHitsOfEntry(parsed.data.entry.id))) ctx.broadcast('hits:updated', item);
          }
        } catch (err) {
          ctx.log(`search: could not keep a hotlist entry the hub announced: ${(err as Error).message}`);
        }
      });
    },

    handlers: {
      async 'search:plates'(input, session) {
        const filters = {
          pattern: input.pattern,
          ...(input.state ? { state: input.state } : {}),
          ...(input.cameraId ? { cameraId: input.cameraId } : {}),
          ...(input.from ? { from: input.from } : {}),
          ...(input.to ? { to: input.to } : {}),
          page: input.page,
          pageSize: input.pageSize,
        };
        // No purpose (or case number), no data: the refusal is logged and nothing is searched.
        const why = await requireLookupPurpose(ctx, session, 'search.plates', input.purpose, {
          caseRequired: caseRequiredForSearch(ctx),
          data: filters,
        });
        const hub = await hubPart(filters, why.purpose, why.caseNumber, session);
        // The local search and its audit record in one commit: the answer leaves only once the
        // record (with what was found) is durable.
        const { local, auditId } = await ctx.commit(() => {
          const local = searchLocalHits(ctx, session.user!.role, {
            pattern: input.pattern,
            state: input.state,
            cameraId: input.cameraId,
            from: input.from,
            to: input.to,
            offset: input.page * input.pageSize,
            limit: input.pageSize,
          });
          const record = ctx.audit.append({
            action: 'search.plates',
            outcome: 'granted',
            actor: actorOf(session.user!),
            ip: session.ip,
            data: {
              ...filters,
              localResults: local.total,
              hubResults: hub.status === 'ok' ? hub.total : null,
              ...(hub.status === 'ok' ? {} : { hubMissing: hub.message }),
              shown: local.hits.length + (hub.status === 'ok' ? hub.reads.length : 0),
            },
            purpose: why.purpose,
            caseNumber: why.caseNumber,
          });
          return { local, auditId: record.id };
        });
        return { pattern: input.pattern, page: input.page, pageSize: input.pageSize, local, hub, auditId };
      },

      async 'search:options'(input) {
        const byId = new Map<string, string>();
        if (input.cameras !== false) await camerasInto(byId);
        const cameras = [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
        return {
          cameras,
          lists: [...OFFICER_HOTLIST_LISTS],
          maxExpiryDays: hotlistMaxDays(ctx.db, DEFAULT_HOTLIST_MAX_DAYS),
          caseRequired: caseRequiredForSearch(ctx),
        };
      },

      async 'hotlist:add'(input, session) {
        const now = ctx.now();
        const maxDays = hotlistMaxDays(ctx.db, DEFAULT_HOTLIST_MAX_DAYS);
        const expires = Date.parse(input.expiresAt);
        const summary = { plate: input.plate, state: input.state ?? null, list: input.list, expiresAt: input.expiresAt };
        const refuse = async (code: 'invalid-input' | 'unavailable', message: string) => {
          await ctx.commit(() => audit(session, 'hotlist.add', 'refused', { ...summary, reason: message }, input.caseNumber));
          throw new CallFailure(code, message);
        };
        if (expires <= now.getTime()) await refuse('invalid-input', 'The expiry has already passed: an entry must expire in the future.');
        if (expires > now.getTime() + maxDays * DAY_MS) {
          const days = Math.ceil((expires - now.getTime()) / DAY_MS);
          await refuse(
            'invalid-input',
            `The expiry is ${days} days away; this agency allows at most ${maxDays} days for an officer's hotlist entry. Choose an earlier expiry (it can be entered again when it runs out).`,
          );
        }
        if (!ctx.hub) await refuse('unavailable', 'No hub is configured: hotlist entries are kept at the hub. The entry was not added.');
        const entry: HotlistEntryWire = {
          id: `LOC-${crypto.randomUUID()}`,
          source: 'console',
          list: input.list,
          reason: input.reason,
          priority: input.priority,
          plate: input.plate,
          ...(input.state ? { state: input.state } : {}),
          ...(input.vehicle ? { vehicle: input.vehicle } : {}),
          ...(input.notes ? { notes: input.notes } : {}),
          ...(input.caseNumber ? { caseNumber: input.caseNumber } : {}),
          expiresAt: new Date(expires).toISOString(),
          listUpdatedAt: now.toISOString(),
          cleared: false,
          enteredBy: { user: userOf(session), workstationId: ctx.opts.workstationId, at: now.toISOString() },
        };
        const { id: _id, source: _s, listUpdatedAt: _l, cleared: _c, enteredBy: _e, ...wire } = entry;
        let ack;
        try {
          ack = await ctx.hub!.request('hotlist:add', { entry: { id: entry.id, ...wire }, user: userOf(session) }, hotlistAddAckSchema);
        } catch (err) {
          // Sent but not answered: the hub may well have it, and a second try would add it twice.
          if (err instanceof HubRequestError && err.reason !== 'offline') {
            return refuse('unavailable', `The hub did not confirm the entry (${err.message}), so it may have been added: check the list before entering it again.`);
          }
          return refuse('unavailable', `The entry was not added: ${hubDown(err)}. Try again when the hub is back.`);
        }
        if (!ack.ok) return refuse('invalid-input', `The hub refused the entry: ${ack.error}`);
        const retroactiveHits = ack.retroactiveHits ?? 0;
        await ctx.commit(() => {
          remember(entry);
          audit(
            session,
            'hotlist.add',
            'ok',
            { entryId: ack.id, ...summary, reason: input.reason, priority: input.priority, matchedReads: ack.matchedReads, retroactiveHits },
            input.caseNumber,
          );
        });
        ctx.broadcast('hotlist:changed', { entry });
        return { entry, matchedReads: ack.matchedReads, retroactiveHits };
      },

      async 'hotlist:entries'(_input, session) {
        const now = ctx.now().toISOString();
        let list: HotlistEntryWire[];
        let source: 'hub' | 'local' = 'hub';
        let message: string | null = null;
        try {
          if (!ctx.hub) throw new HubRequestError('offline', 'no hub is configured');
          const ack = await ctx.hub.request('hotlist:list', {}, hotlistListAckSchema);
          if (!ack.ok) throw new Error(ack.error);
          list = ack.entries;
        } catch (err) {
          source = 'local';
          message = `Showing the entries this console knows of: ${hubDown(err)}, so entries added or removed elsewhere since may be missing.`;
          list = entries.active(now);
        }
        // Kept whole here (for the hits they raise); shown only in the categories this role may see.
        const shown = ctx.visibleItems(session.user!.role, list);
        await ctx.commit(() => {
          if (source === 'hub') for (const e of list) remember(e);
          audit(session, 'hotlist.list', 'ok', { entries: shown.length, source });
        });
        return { entries: shown, source, message };
      },

      async 'hotlist:remove'(input, session) {
        const known = entries.get(input.id);
        const data = { entryId: input.id, plate: known?.plate ?? null, reason: input.reason };
        const refuse = async (code: 'invalid-input' | 'unavailable' | 'not-found', message: string): Promise<never> => {
          await ctx.commit(() => audit(session, 'hotlist.remove', 'refused', { ...data, refused: message }));
          throw new CallFailure(code, message);
        };
        if (!ctx.hub) return refuse('unavailable', 'No hub is configured: the entry could not be removed.');
        let ack;
        try {
          ack = await ctx.hub.request('hotlist:remove', { id: input.id, reason: input.reason, user: userOf(session) }, hotlistRemoveAckSchema);
        } catch (err) {
          return refuse('unavailable', `The entry was not removed: ${hubDown(err)}. Try again when the hub is back.`);
        }
        if (!ack.ok) return refuse('not-found', `The hub refused: ${ack.error}`);
        await ctx.commit(() => {
          remember(ack.entry);
          audit(session, 'hotlist.remove', 'ok', { ...data, plate: ack.entry.plate }, ack.entry.caseNumber);
        });
        ctx.broadcast('hotlist:changed', { entry: ack.entry });
        return { entry: ack.entry };
      },

      async 'hotlist:set-limit'(input, session) {
        const before = hotlistMaxDays(ctx.db, DEFAULT_HOTLIST_MAX_DAYS);
        await ctx.commit(() => {
          setHotlistMaxDays(ctx.db, input.maxExpiryDays);
          audit(session, 'settings.hotlist-limit', 'ok', { from: before, to: input.maxExpiryDays });
        });
        return { maxExpiryDays: input.maxExpiryDays };
      },
    },
  };
}

function toBytes(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof Uint8Array ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}
