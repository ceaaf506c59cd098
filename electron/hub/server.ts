/**
 * The reference hub: HTTP intake and views (http.ts) and the socket.io `/console` namespace
 * speaking the hub protocol, on one server. Runs in-process for training mode and standalone
 * through cli.ts. Plain Node: never imports `electron`.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer, type Socket } from 'socket.io';
import { HUB_NAMESPACE, type ConsoleAuth } from '../contract/hub';
import { NO_ANSWER, refuse, statusOf } from './console/ack';
import { checkConsoleAuth } from './console/auth';
import { consoleEvents, type ConsoleContext, type HubServices } from './console/events';
import { historyCheck } from './console/history-check';
import { HitPump } from './console/pump';
import { createHttpHandler, MAX_BODY_BYTES } from './http';
import { createIntake } from './intake';
import { OfficerHits } from './officer-hits';
import { createReadsIntake } from './reads/intake';
import { ReadImages } from './reads/images';
import { loadReceiptKey, type ReceiptSigner } from './receipts';
import { openTrainingHistory, type ReadHistory } from './reads/history';
import { ReadSearcher } from './reads/search';
import { openHubStore, type DeliveryRow, type HubStore } from './store';
import { TRAINING_SITES } from './training/city';
import { trainingHotlist } from './training/hotlist';
import { DEFAULT_TRAINING_READS } from './training/reads';
import { startTrainingCamera, type TrainingOptions } from './training/simulator';
import { startHubRetention } from './retention';
import { AgencyHolds } from './holds';
import { unwritableFolderReason } from '../core/util/paths';
import { socketParser } from '../transport/socket-parser';

export const DEFAULT_CLAIM_RELEASE_AFTER_MS = 120_000;

export interface HubOptions {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 127.0.0.1: a hub is exposed to the network only on purpose. */
  host?: string;
  dataDir: string;
  /** workstation id -> token */
  tokens: ReadonlyMap<string, string>;
  training?: false | TrainingOptions;
  log?: (line: string) => void;
  /** How long a pushed hit may wait for its acknowledgement before its slot is freed. */
  ackTimeoutMs?: number;
  /**
   * A claim held by a console that has had no connection for longer than this is released
   * (announced as `hit:status` `released`). Default 120 s.
   */
  claimReleaseAfterMs?: number;
  /**
   * Makes the CLETS simulator misbehave, to test a console against it: `garbage` answers
   * line noise that fits no schema, `timeout` never answers.
   */
  cletsFault?: 'garbage' | 'timeout';
  /**
   * How far back an officer's new entry looks for retroactive hits among the reads held
   * (the agency's retention period). Default 365 days.
   */
  retroactiveWithinDays?: number;
}

export interface Hub {
  url: string;
  port: number;
  store: HubStore;
  /** Settles once the training read history is searchable (or failed); at once without one. */
  readsSettled: Promise<void>;
  close(): Promise<void>;
}

/** A start-up failure worth one line to the operator (port taken, data folder unusable). */
export class HubStartError extends Error {
  override name = 'HubStartError';
}

export async function startHub(opts: HubOptions): Promise<Hub> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const store = openStore(opts.dataDir);
  let receipts: ReceiptSigner;
  try {
    receipts = loadReceiptKey(opts.dataDir);
    // Whatever consoles were connected before a restart are not now.
    await store.resetLinks(new Date().toISOString());
  } catch (err) {
    await store.close();
    throw new HubStartError(`cannot use the hub's receipt key in ${opts.dataDir}: ${(err as Error).message}`);
  }
  const historyReads = opts.training ? (opts.training.reads ?? trainingReadsFromEnv(log) ?? DEFAULT_TRAINING_READS) : 0;
  const history: ReadHistory | null =
    opts.training && historyReads > 0
      ? openTrainingHistory({
          dataDir: opts.dataDir,
          count: historyReads,
          seed: opts.training.seed ?? 1,
          sites: TRAINING_SITES,
          listed: trainingHotlist(new Date()),
          log,
        })
      : null;
  const pumps = new Set<HitPump>();
  const wake = () => {
    for (const pump of pumps) pump.kick();
  };
  const searcher = new ReadSearcher(store, history);
  const images = new ReadImages(store, searcher);
  const officerHits = new OfficerHits({
    store,
    searcher,
    images,
    wake,
    log,
    retroactiveWithinDays: opts.retroactiveWithinDays ?? 365,
  });
  const services: HubServices = {
    reads: searcher,
    images,
    officerHits,
    receipts,
    holds: new AgencyHolds(store, log),
    ...(opts.cletsFault ? { cletsFault: opts.cletsFault } : {}),
  };

  const intake = createIntake(store, wake);
  const readsIntake = createReadsIntake(store, officerHits);
  const deliveries = new DeliveryRecorder(store, log);

  const httpServer = http.createServer(createHttpHandler({ store, intake, readsIntake, log, tokens: opts.tokens, training: Boolean(opts.training) }));
  const io = new SocketServer(httpServer, {
    parser: socketParser,
    serveClient: false,
    // A pushed hit carries two images of up to 5 MB each; audit batches come the other way.
    maxHttpBufferSize: MAX_BODY_BYTES,
  });
  const consoles = io.of(HUB_NAMESPACE);
  const broadcast = (event: string, payload: unknown) => {
    consoles.emit(event, payload);
  };
  consoles.use((socket, next) => {
    const result = checkConsoleAuth(socket.handshake.auth, opts.tokens);
    if (result.ok) {
      socket.data.auth = result.auth;
      next();
    } else {
      log(`hub: refused a console from ${socket.handshake.address}: ${result.error}`);
      next(new Error(result.error));
    }
  });
  consoles.on('connection', (socket) => {
    const { workstationId, lastSeq, lastHit } = socket.data.auth as ConsoleAuth;
    const ctx: ConsoleContext = {
      workstation: workstationId,
      store,
      log,
      broadcast,
      services,
      now: () => new Date(),
    };
    for (const event of consoleEvents) wireEvent(socket, ctx, event);

    const pump = new HitPump({
      socket,
      workstation: workstationId,
      store,
      lastSeq,
      ackTimeoutMs: opts.ackTimeoutMs ?? 30_000,
      onDelivered: (row) => deliveries.add(row),
      log,
    });
    // Counted before anything else, and counted down only after: a console that drops at
    // once must not leave its workstation looking connected (its claims would never go).
    const linked = store.linkUp(workstationId, new Date().toISOString());
    socket.on('disconnect', (reason) => {
      pump.close();
      pumps.delete(pump);
      linked
        .then(() => store.linkDown(workstationId, new Date().toISOString()))
        .catch((err: Error) => log(`hub: connection bookkeeping for ${workstationId} failed: ${err.message}`));
      log(`hub: ${workstationId} disconnected (${reason})`);
    });
    log(`hub: ${workstationId} connected, lastSeq ${lastSeq}`);
    void (async () => {
      await linked;
      // Who works which hit now, before anything else: a console that was away must not
      // open a hit another console holds.
      for (const { hitId, holder } of await store.claims()) {
        socket.emit('hit:status', { hitId, step: 'claimed', ...holder });
      }
      const resync = await historyCheck(store, workstationId, lastSeq, lastHit);
      if (resync) {
        // Not this hub's history (restored from an older copy, or another hub at this
        // address): lastSeq cannot be trusted, so nothing is marked delivered by it.
        log(
          `hub: ${workstationId} followed another history (its hit ${lastSeq} is not this hub's; newest here ${resync.hubNewest}): resending after ${resync.resumeAfter}`,
        );
        if (!socket.connected) return;
        socket.emit('hub:resync', resync);
        pump.resumeAfter(resync.resumeAfter);
      } else {
        await store.markDeliveredUpTo(workstationId, lastSeq, new Date().toISOString());
      }
      if (!socket.connected) return;
      pumps.add(pump);
      pump.kick();
    })().catch((err: Error) => {
      log(`hub: could not start sending to ${workstationId}: ${err.message}`);
      socket.disconnect(true);
    });
  });

  const releaseAfterMs = opts.claimReleaseAfterMs ?? DEFAULT_CLAIM_RELEASE_AFTER_MS;
  const sweeper = new ClaimSweeper(store, releaseAfterMs, (events) => {
    for (const e of events) broadcast('hit:status', statusOf(e));
  }, log);

  try {
    await listen(httpServer, opts.port, host);
  } catch (err) {
    sweeper.stop();
    await io.close();
    await history?.close();
    await store.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new HubStartError(`port ${opts.port} on ${host} is already in use`);
    if (e.code === 'EACCES') throw new HubStartError(`not allowed to listen on port ${opts.port} on ${host}`);
    throw err;
  }
  const port = (httpServer.address() as AddressInfo).port;
  // Daily purge of hits and reads past the retention period (stops when the server closes).
  startHubRetention({ dataDir: opts.dataDir, server: httpServer, log });
  // Officers' hits the last run wrote down and did not raise, once their reads are searchable.
  void (history?.settled ?? Promise.resolve())
    .then(() => officerHits.resume(new Date()))
    .catch((err) => log(`hub: could not resume raising officers' hits: ${(err as Error).message}`));

  let training: { stop(): void } | null = null;
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      training?.stop();
      sweeper.stop();
      await officerHits.stop();
      for (const pump of pumps) pump.close();
      pumps.clear();
      httpServer.closeAllConnections();
      await io.close();
      await deliveries.flush();
      await history?.close();
      await store.close();
    })());

  if (opts.training) {
    try {
      training = await startTrainingCamera({ ...opts.training, store, intake, log });
    } catch (err) {
      await close();
      throw err;
    }
  }

  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    store,
    readsSettled: history?.settled ?? Promise.resolve(),
    close,
  };
}

/**
 * ALPR_HUB_TRAINING_READS overrides the size of the training read history where the hub is
 * started by someone else (the console's built-in training hub): 0 for none, e.g. in tests.
 */
function trainingReadsFromEnv(log: (line: string) => void): number | undefined {
  const text = process.env.ALPR_HUB_TRAINING_READS;
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (Number.isInteger(n) && n >= 0) return n;
  log(`hub: ignoring ALPR_HUB_TRAINING_READS=${text}: not a whole number`);
  return undefined;
}

function openStore(dataDir: string): HubStore {
  const unusable = unwritableFolderReason(dataDir);
  if (unusable) throw new HubStartError(`data folder ${dataDir} cannot be used: ${unusable}`);
  try {
    return openHubStore(dataDir);
  } catch (err) {
    throw new HubStartError(`cannot open the hub database in ${dataDir}: ${(err as Error).message}`);
  }
}

function wireEvent(socket: Socket, ctx: ConsoleContext, event: (typeof consoleEvents)[number]): void {
  socket.on(event.name, (payload: unknown, ack?: unknown) => {
    event
      .handle(ctx, payload)
      .then((answer) => {
        if (typeof ack === 'function' && answer !== NO_ANSWER) ack(answer);
      })
      .catch((err: Error) => {
        ctx.log(`hub: ${event.name} from ${ctx.workstation} failed: ${err.stack ?? err.message}`);
        const error = 'hub error: the hub could not handle this message; try again';
        if (typeof ack === 'function') ack(event.failure ? event.failure(error) : refuse(error));
      });
  });
}

/**
 * Releases the claims of consoles gone longer than the release time. The time a console went
 * away is in the store (console_links), not in a timer, so it survives a restart: a restarted
 * hub counts every console as away since it started.
 */
class ClaimSweeper {
  private readonly timer: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly store: HubStore,
    private readonly releaseAfterMs: number,
    private readonly onReleased: (events: Awaited<ReturnType<HubStore['releaseClaimsOfAbsent']>>) => void,
    private readonly log: (line: string) => void,
  ) {
    const every = Math.min(5000, Math.max(20, Math.floor(releaseAfterMs / 4)));
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async sweep(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const now = Date.now();
      const events = await this.store.releaseClaimsOfAbsent(
        new Date(now - this.releaseAfterMs).toISOString(),
        new Date(now).toISOString(),
        `released by the hub: the console was offline for more than ${this.releaseAfterMs / 1000} s`,
      );
      for (const e of events) this.log(`hub: released hit ${e.hitId}: ${e.workstationId} offline too long`);
      if (events.length) this.onReleased(events);
    } catch (err) {
      this.log(`hub: releasing claims of absent consoles failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The address a client on this machine reaches: wildcard binds are reached on loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === 'localhost') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Acks arrive in bursts during a replay; writing them one commit each would cost an fsync
 * apiece. They are gathered for one turn of the event loop and written together.
 */
class DeliveryRecorder {
  private pending: DeliveryRow[] = [];
  private scheduled: Promise<void> | null = null;

  constructor(
    private readonly store: HubStore,
    private readonly log: (line: string) => void,
  ) {}

  add(row: DeliveryRow): void {
    this.pending.push(row);
    this.scheduled ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
  }

  async flush(): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    this.scheduled = null;
    try {
      await this.store.recordDeliveries(rows);
    } catch (err) {
      this.log(`hub: could not record ${rows.length} deliveries: ${(err as Error).message}`);
    }
  }
}
