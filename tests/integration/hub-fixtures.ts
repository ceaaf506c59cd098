/**
 * What the hub tests share: a real hub on an ephemeral loopback port with its SQLite in a
 * temporary folder, hits in the exact form camera systems post, and a raw socket.io client
 * standing in for a console (no hub-client code, so the protocol itself is what is tested).
 */
import crypto from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { HUB_NAMESPACE, HUB_PROTOCOL_VERSION, hubBasicAuth } from '../../electron/contract/hub';
import { startHub, type Hub, type HubOptions } from '../../electron/hub/server';
import { tempDir } from '../helpers/tmp';

export const TOKENS = new Map([
  ['ws-01', 'secret1'],
  ['ws-02', 'secret2'],
]);

export function startTestHub(opts: Partial<HubOptions> = {}): Promise<Hub> {
  return startHub({ port: 0, dataDir: tempDir('alpr-hub-'), tokens: TOKENS, ...opts });
}

/** Bytes that pass the hub's magic-number check; the hub does not decode images. */
export function fakeImage(mime: 'image/png' | 'image/jpeg', size = 2000): Buffer {
  const magic =
    mime === 'image/png'
      ? Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
      : Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
  return Buffer.concat([magic, crypto.randomBytes(Math.max(0, size - magic.length))]);
}

/** Answers and hits as the tests read them: loosely, field by field. */
export type Json = any;

/** A hit in the form DESIGN.md shows; a fresh object each call, safe to mutate. */
export function validHit(plate = '7ABC123'): Json {
  return {
    capturedAt: '2026-11-25T03:12:45.120Z',
    camera: { id: 'cam-07', name: 'Main St & 5th Ave', lat: 37.8, lon: -121.27, direction: 'NB' },
    read: { plate, state: 'CA', confidence: 0.91 },
    images: {
      plate: { mime: 'image/jpeg', base64: fakeImage('image/jpeg').toString('base64') },
      overview: { mime: 'image/png', base64: fakeImage('image/png').toString('base64') },
    },
    matches: [
      {
        list: 'SVS',
        reason: 'Stolen vehicle',
        priority: 'high',
        plate,
        state: 'CA',
        vehicle: '2015 Honda Civic, white',
        notes: 'Taken overnight',
        listUpdatedAt: '2026-11-24T18:00:00Z',
      },
    ],
  };
}

export async function post(hub: Hub, body: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${hub.url}/hits`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** Posts `count` hits, a few at a time, and returns their seqs. */
export async function postMany(hub: Hub, count: number): Promise<number[]> {
  const seqs: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const { status, json } = await post(hub, validHit());
      if (status !== 202) throw new Error(`post answered ${status}: ${JSON.stringify(json)}`);
      seqs.push(json.seq);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return seqs.sort((a, b) => a - b);
}

/** GET `path` at the hub; `as` a workstation of TOKENS (HTTP Basic) where the view needs one. */
export async function getJson(hub: Hub, path: string, as?: string): Promise<{ status: number; json: Json }> {
  const res = await fetch(hub.url + path, as ? { headers: { authorization: hubBasicAuth(as, TOKENS.get(as)!) } } : {});
  return { status: res.status, json: await res.json() };
}

export interface ConsoleAuthInput {
  workstationId?: string;
  token?: string;
  lastSeq?: number;
  protocol?: number;
}

/** A connected console socket; rejects with the hub's connect error message. */
export function connectConsole(
  hub: Hub,
  auth: ConsoleAuthInput = {},
  onHit?: HitHandler,
  /** Runs before the connection opens: listeners for what the hub sends on connect. */
  setup?: (socket: Socket) => void,
): Promise<Socket> {
  const socket = io(hub.url + HUB_NAMESPACE, {
    auth: {
      protocol: HUB_PROTOCOL_VERSION,
      workstationId: 'ws-01',
      token: TOKENS.get(auth.workstationId ?? 'ws-01') ?? 'none',
      lastSeq: 0,
      ...auth,
    },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  if (onHit) socket.on('hit', onHit);
  setup?.(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

export type HitHandler = (hit: Json, ack: (answer: unknown) => void) => void;

/** Polls `check` until it returns true or `ms` pass; the hub answers asynchronously. */
export async function until(check: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A console's user as the hub protocol carries it. */
export const DISPATCHER = { username: 'dispatcher1', displayName: 'Dana Dispatcher' };
export const DISPATCHER2 = { username: 'dispatcher2', displayName: 'Sam Second' };
export const SUPERVISOR = { username: 'super1', displayName: 'Pat Supervisor', role: 'supervisor' as const };

/** Posts one hit and returns its id. */
export async function postHit(hub: Hub, plate = '7ABC123', edit?: (hit: Json) => void): Promise<string> {
  const body = validHit(plate);
  edit?.(body);
  const { status, json } = await post(hub, body);
  if (status !== 202) throw new Error(`post answered ${status}: ${JSON.stringify(json)}`);
  return json.id;
}

/** Everything `socket` receives as `event`, in order, as it arrives. */
export function record(socket: Socket, event: string): Json[] {
  const got: Json[] = [];
  socket.on(event, (payload: Json) => got.push(payload));
  return got;
}

/** A console that acknowledges every hit it is sent, as a real one does. */
export function connectAcking(hub: Hub, auth: ConsoleAuthInput = {}, setup?: (socket: Socket) => void): Promise<Socket> {
  return connectConsole(hub, auth, (_hit, ack) => ack({ ok: true }), setup);
}
