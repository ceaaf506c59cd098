import { io, type Socket } from 'socket.io-client';
import type { CallResult } from '../../electron/contract';

/** A UI client over the headless transport, as the renderer's api.ts speaks it. */
export class UiClient {
  private constructor(private readonly socket: Socket) {}

  static connect(consoleUrl: string): Promise<UiClient> {
    const url = new URL(consoleUrl);
    const socket = io(`${url.origin}/ui`, { auth: { token: url.searchParams.get('token') }, transports: ['websocket'], reconnection: false });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new UiClient(socket)));
      socket.once('connect_error', reject);
    });
  }

  call(channel: string, input: unknown = {}, timeoutMs = 10_000): Promise<CallResult<unknown>> {
    return this.socket.timeout(timeoutMs).emitWithAck('call', { channel, input }) as Promise<CallResult<unknown>>;
  }

  on(fn: (name: string, payload: unknown) => void): void {
    this.socket.on('event', (e: { name: string; payload: unknown }) => fn(e.name, e.payload));
  }

  close(): void {
    this.socket.close();
  }
}
