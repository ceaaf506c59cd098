/**
 * The console -> hub messages the hub answers. Each is one small module with a name and a
 * handler that returns the acknowledgement; server.ts wires every entry of `consoleEvents`
 * to each authenticated socket. See ../README.md for how to add one.
 */
import type { AgencyHolds } from '../holds';
import type { OfficerHits } from '../officer-hits';
import type { ReceiptSigner } from '../receipts';
import type { ReadImages } from '../reads/images';
import type { ReadSearcher } from '../reads/search';
import type { HubStore } from '../store';
import { auditAppend } from './audit-append';
import { auditCheckpoint } from './audit-checkpoint';
import { auditHeld } from './audit-held';
import { hitClaim, hitRelease, hitTakeover } from './claims';
import { hitEscalate } from './hit-escalate';
import { holdsList } from './holds-list';
import { cletsQuery } from './clets-query';
import { hitStatus } from './hit-status';
import { hotlistAdd } from './hotlist-add';
import { hotlistList, hotlistRemove } from './hotlist-remove';
import { readsImages } from './reads-images';
import { camerasList } from './cameras-list';
import { readsSearch } from './reads-search';

/** What the hub offers handlers besides the store. */
export interface HubServices {
  reads: ReadSearcher;
  /** Thumbnails and hit images for reads. */
  images: ReadImages;
  /** Officers' entries against new and held reads. */
  officerHits: OfficerHits;
  receipts: ReceiptSigner;
  /** The legal holds in force at the agency. */
  holds: AgencyHolds;
  cletsFault?: 'garbage' | 'timeout';
}

export interface ConsoleContext {
  /** The authenticated workstation: a handler never trusts an id from the payload instead. */
  workstation: string;
  store: HubStore;
  log: (line: string) => void;
  /** Emits to every connected console, the sender included (hit:status, hotlist:updated). */
  broadcast(event: string, payload: unknown): void;
  services: HubServices;
  now(): Date;
}

export interface ConsoleEvent {
  name: string;
  /** Validates `payload` itself and returns the acknowledgement; throws only on hub faults. */
  handle(ctx: ConsoleContext, payload: unknown): Promise<unknown>;
  /** The acknowledgement when the hub itself fails; `{ok: false, error}` unless set. */
  failure?(error: string): unknown;
}

export const consoleEvents: readonly ConsoleEvent[] = [
  auditAppend,
  auditCheckpoint,
  auditHeld,
  hitClaim,
  hitRelease,
  hitTakeover,
  hitStatus,
  hitEscalate,
  cletsQuery,
  hotlistAdd,
  hotlistRemove,
  hotlistList,
  readsSearch,
  readsImages,
  camerasList,
  holdsList,
];
