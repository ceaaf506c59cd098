/**
 * Headless transport: the console served to a browser on 127.0.0.1 only. The built renderer
 * is served as static files with a strict CSP; the UI's calls arrive over socket.io
 * (namespace /ui), guarded by a per-launch token that only the launching user sees.
 * Every call goes to the same `Core.dispatch` as Electron IPC does.
 */
import { socketParser } from './socket-parser';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Server } from 'socket.io';
import type { Core } from '../core/core';
import { contentSecurityPolicy } from '../shell/security';

export const UI_NAMESPACE = '/ui';

export interface HeadlessOptions {
  core: Core;
  rendererDir: string;
  port: number;
  host?: string;
  token?: string;
  log?: (line: string) => void;
}

export interface HeadlessServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wav': 'audio/wav',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

function csp(port: number): string {
  return contentSecurityPolicy(`ws://127.0.0.1:${port}`);
}

function tokensEqual(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export async function startHeadless(opts: HeadlessOptions): Promise<HeadlessServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const log = opts.log ?? (() => {});
  const root = path.resolve(opts.rendererDir);
  let port = opts.port;

  const server = http.createServer((req, res) => {
    const headers: Record<string, string> = {
      'Content-Security-Policy': csp(port),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    let rel: string;
    try {
      // The request target as sent: `//`, `/%E0` and the like do not parse, and must not throw.
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      res.writeHead(400, { ...headers, 'Content-Type': 'text/plain' }).end('bad request');
      return;
    }
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });

  const io = new Server(server, {
    parser: socketParser,
    serveClient: false,
    maxHttpBufferSize: 1e6,
    // Only a page served by this server may connect.
    allowRequest: (req, cb) => {
      const origin = req.headers.origin;
      cb(null, origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`);
    },
  });
  const ui = io.of(UI_NAMESPACE);
  ui.use((socket, next) => {
    if (tokensEqual((socket.handshake.auth as { token?: unknown }).token, token)) next();
    else next(new Error('unauthorized'));
  });
  ui.on('connection', (socket) => {
    const session = opts.core.openSession({ ip: socket.handshake.address || null });
    session.subscribe((name, payload) => socket.emit('event', { name, payload }));
    socket.on('call', async (msg: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const { channel, input } = (msg ?? {}) as { channel?: unknown; input?: unknown };
      ack(await opts.core.dispatch(session.id, channel, input));
    });
    socket.on('disconnect', () => session.close());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as { port: number }).port;
  const base = `http://127.0.0.1:${port}`;
  log(`headless console listening on ${base}`);
  return {
    url: `${base}/?token=${token}`,
    port,
    token,
    close: async () => {
      io.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
