/**
 * The only way the UI talks to the core. Inside Electron the preload exposes `window.alpr`;
 * in headless mode this page was served by the console itself and talks to it over
 * socket.io on the same origin. Both carry the calls and events listed in the contract and
 * nothing else.
 */
import { socketParser } from '../electron/transport/socket-parser';
import { useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  isChannel,
  isEventName,
  type CallError,
  type CallInput,
  type CallOutput,
  type CallResult,
  type Channel,
  type ErrorCode,
  type EventName,
  type EventPayload,
} from '../electron/contract';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: string[];

  constructor(error: CallError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.details = error.details ?? [];
  }
}

/** What the preload puts on `window.alpr`. */
export interface AlprBridge {
  call(channel: string, input: unknown): Promise<CallResult<unknown>>;
  on(name: string, fn: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    alpr?: AlprBridge;
  }
}

/** The link between this page and the core (not the core's link to the hub). */
export interface LinkState {
  state: 'connecting' | 'connected' | 'reconnecting' | 'refused';
  /** When the state last changed (ms since epoch). */
  since: number;
  error: string | null;
}

interface Transport {
  call(channel: Channel, input: unknown): Promise<CallResult<unknown>>;
  on(name: EventName, fn: (payload: unknown) => void): () => void;
}

const CALL_TIMEOUT_MS = 15_000;

let link: LinkState = { state: 'connecting', since: Date.now(), error: null };
const linkListeners = new Set<() => void>();

function setLink(state: LinkState['state'], error: string | null): void {
  if (link.state === state && link.error === error) return;
  link = { state, since: state === link.state ? link.since : Date.now(), error };
  for (const fn of linkListeners) fn();
}

export function getLinkState(): LinkState {
  return link;
}

export function onLinkState(fn: () => void): () => void {
  linkListeners.add(fn);
  return () => linkListeners.delete(fn);
}

export function useLinkState(): LinkState {
  return useSyncExternalStore(onLinkState, getLinkState);
}

/**
 * Images cross the boundary as Uint8Array from Electron's structured clone but as ArrayBuffer
 * from socket.io in a browser; components only ever see Uint8Array.
 */
function normaliseBinary(value: unknown): unknown {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(normaliseBinary);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normaliseBinary(v);
    return out;
  }
  return value;
}

function electronTransport(bridge: AlprBridge): Transport {
  // IPC to our own main process cannot drop the way a socket can.
  setLink('connected', null);
  return {
    call: (channel, input) => bridge.call(channel, input),
    on: (name, fn) => bridge.on(name, fn),
  };
}

const TOKEN_KEY = 'alpr-console-token';

/**
 * Reads the per-launch token once and takes it out of the address bar and history. It is kept
 * in this tab's sessionStorage (this origin only, gone with the tab), so that F5 reloads the
 * console instead of locking the dispatcher out; a reloaded page still signs in again.
 */
function takeTokenFromAddress(): string | null {
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token');
  if (token === null) {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  }
  try {
    window.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage off: a reload then needs the printed address again.
  }
  params.delete('token');
  const rest = params.toString();
  window.history.replaceState(
    window.history.state,
    '',
    `${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`,
  );
  return token;
}

function headlessTransport(): Transport {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const token = takeTokenFromAddress();
  let socket: Socket | null = null;

  if (token === null) {
    setLink(
      'refused',
      'This page has no access token. Open the address the console printed (it ends in ?token=…).',
    );
  } else {
    socket = io('/ui', { auth: { token }, transports: ['websocket'], parser: socketParser });
    socket.on('connect', () => setLink('connected', null));
    socket.on('disconnect', (reason) => {
      // A disconnect the server asked for is final; socket.io retries everything else.
      if (reason === 'io server disconnect') setLink('refused', 'The console closed this page’s link.');
      else setLink('reconnecting', reason);
    });
    socket.on('connect_error', (err: Error) => {
      // Without `active` the server refused us (bad token) and socket.io will not retry.
      if (socket?.active) setLink(link.state, err.message);
      else {
        // A kept token from an earlier launch: forget it, the printed address has the new one.
        try {
          window.sessionStorage.removeItem(TOKEN_KEY);
        } catch {
          // nothing kept
        }
        setLink('refused', `The console refused this page (${err.message}). Open the address it printed again.`);
      }
    });
    socket.on('event', (message: unknown) => {
      if (message === null || typeof message !== 'object') return;
      const { name, payload } = message as { name?: unknown; payload?: unknown };
      if (!isEventName(name)) return;
      for (const fn of listeners.get(name) ?? []) fn(payload);
    });
  }

  return {
    call(channel, input) {
      if (socket === null) {
        return Promise.resolve({
          ok: false,
          error: { code: 'unavailable', message: link.error ?? 'Not connected to the console.' },
        });
      }
      const s = socket;
      return new Promise((resolve) => {
        s.timeout(CALL_TIMEOUT_MS).emit(
          'call',
          { channel, input },
          (err: Error | null, result: CallResult<unknown>) => {
            if (err) {
              resolve({
                ok: false,
                error: {
                  code: 'unavailable',
                  message: `The console did not answer within ${CALL_TIMEOUT_MS / 1000} s.`,
                },
              });
            } else resolve(result);
          },
        );
      });
    },
    on(name, fn) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(fn);
      return () => set.delete(fn);
    },
  };
}

let transport: Transport | null = null;

/** Chosen on first use rather than at import, so importing this module has no side effects. */
function getTransport(): Transport {
  transport ??= window.alpr ? electronTransport(window.alpr) : headlessTransport();
  return transport;
}

export async function call<C extends Channel>(channel: C, input: CallInput<C>): Promise<CallOutput<C>> {
  if (!isChannel(channel)) {
    throw new ApiError({ code: 'unknown-channel', message: `Not a contract channel: ${String(channel)}` });
  }
  let result: CallResult<unknown>;
  try {
    result = await getTransport().call(channel, input);
  } catch (err) {
    throw new ApiError({ code: 'unavailable', message: err instanceof Error ? err.message : String(err) });
  }
  if (result === null || typeof result !== 'object') {
    throw new ApiError({ code: 'internal', message: `The console sent no result for ${channel}.` });
  }
  if (!result.ok) throw new ApiError(result.error);
  return normaliseBinary(result.value) as CallOutput<C>;
}

export function on<E extends EventName>(name: E, fn: (payload: EventPayload<E>) => void): () => void {
  if (!isEventName(name)) throw new ApiError({ code: 'unknown-channel', message: `Not a contract event: ${String(name)}` });
  return getTransport().on(name, (payload) => fn(normaliseBinary(payload) as EventPayload<E>));
}

/** Starts the link now so its state is known before the first call is made. */
export function connect(): void {
  getTransport();
}
