/**
 * Sends one connected console every hit after its cursor, in seq order, pipelined: up to
 * MAX_IN_FLIGHT hits go out before the first acknowledgement comes back, so a replay of
 * thousands of hits costs a few round trips rather than one per hit. Hits are read from the
 * store in batches, never held all at once.
 */
import type { Socket } from 'socket.io';
import { HUB_MIN_IN_FLIGHT, hitAckSchema, type HubHit } from '../../contract/hub';
import type { DeliveryRow, HubStore } from '../store';

const MAX_IN_FLIGHT = 256;
/** Above HUB_MIN_IN_FLIGHT, also stop at this many bytes of images in flight. */
const MAX_BYTES_IN_FLIGHT = 64 * 1024 * 1024;
const READ_BATCH = 32;

export interface PumpOptions {
  socket: Socket;
  workstation: string;
  store: HubStore;
  lastSeq: number;
  ackTimeoutMs: number;
  onDelivered: (row: DeliveryRow) => void;
  log: (line: string) => void;
}

export class HitPump {
  private cursor: number;
  private inFlight = 0;
  private bytesInFlight = 0;
  /** Hits whose acknowledgement timed out on this link, and their bytes (see settle). */
  private unanswered = 0;
  private unansweredBytes = 0;
  private running = false;
  private again = false;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly o: PumpOptions) {
    this.cursor = o.lastSeq;
  }

  /** Before the first kick: send the hits after `seq` instead (a console whose lastSeq is not this hub's). */
  resumeAfter(seq: number): void {
    this.cursor = seq;
  }

  /** There may be new hits (or a free slot): send what can be sent. */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.drain()
      .catch((err: Error) => {
        this.o.log(`hub: sending hits to ${this.o.workstation} failed: ${err.message}`);
        this.o.socket.disconnect(true);
      })
      .finally(() => {
        this.running = false;
      });
  }

  /** Unacknowledged hits stay undelivered; the console's next lastSeq brings them again. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private hasRoom(): boolean {
    if (this.inFlight < HUB_MIN_IN_FLIGHT) return true;
    return this.inFlight < MAX_IN_FLIGHT && this.bytesInFlight < MAX_BYTES_IN_FLIGHT;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      while (!this.closed && this.hasRoom()) {
        const batch = await this.o.store.hitsAfter(this.cursor, Math.min(READ_BATCH, MAX_IN_FLIGHT - this.inFlight));
        if (batch.length === 0) break;
        for (const hit of batch) {
          if (this.closed || !this.hasRoom()) break;
          this.send(hit);
        }
      }
    } while (this.again && !this.closed);
  }

  private send(hit: HubHit): void {
    const bytes = hit.images.plate.data.byteLength + hit.images.overview.data.byteLength;
    this.cursor = hit.seq;
    this.inFlight += 1;
    this.bytesInFlight += bytes;
    // Our own timer rather than socket.timeout(): socket.io keeps its ack timers running
    // after a disconnect, which would hold a closing hub open for the whole timeout.
    const settle = (ack: unknown, timedOut: boolean) => {
      if (!this.timers.delete(timer)) return;
      clearTimeout(timer);
      this.inFlight -= 1;
      this.bytesInFlight -= bytes;
      this.acknowledged(hit, ack, timedOut);
      if (timedOut) {
        // socket.io keeps the callback (and the hit's images) of an unanswered emit until the
        // link closes: a console that stops answering altogether must not make the hub hold
        // its whole history. Past one window of unanswered hits, the link is closed; the
        // console comes back and resumes from its lastSeq.
        this.unanswered += 1;
        this.unansweredBytes += bytes;
        if (this.unanswered > MAX_IN_FLIGHT || this.unansweredBytes > MAX_BYTES_IN_FLIGHT) {
          this.o.log(`hub: ${this.o.workstation} left ${this.unanswered} hits unanswered; closing its link so it resumes from its lastSeq`);
          this.close();
          this.o.socket.disconnect(true);
          return;
        }
      }
      this.kick();
    };
    const timer = setTimeout(() => settle(undefined, true), this.o.ackTimeoutMs);
    this.timers.add(timer);
    this.o.socket.emit('hit', hit, (ack: unknown) => settle(ack, false));
  }

  private acknowledged(hit: HubHit, ack: unknown, timedOut: boolean): void {
    if (timedOut) {
      this.o.log(`hub: no ack from ${this.o.workstation} for hit ${hit.seq} within ${this.o.ackTimeoutMs} ms`);
      return;
    }
    const parsed = hitAckSchema.safeParse(ack);
    if (parsed.success && parsed.data.ok) {
      this.o.onDelivered({
        workstation: this.o.workstation,
        hitId: hit.id,
        seq: hit.seq,
        ackedAt: new Date().toISOString(),
      });
      return;
    }
    const why = parsed.success && !parsed.data.ok ? parsed.data.error : 'malformed ack';
    this.o.log(`hub: ${this.o.workstation} did not store hit ${hit.seq}: ${why}`);
  }
}
