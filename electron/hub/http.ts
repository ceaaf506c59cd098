/**
 * The hub's HTTP side: hit intake from camera systems and the read-only views other systems
 * check the hub through. Every answer is JSON (or JSON lines); bad input gets a 4xx with a
 * readable reason and never takes the hub down.
 */
import type http from 'node:http';
import type { Intake } from './intake';
import type { ReadsIntake } from './reads/intake';
import { checkBasicAuth } from './console/auth';
import type { HubStore } from './store';

/** Two 5 MB images in base64 come to about 13.4 MB; the rest of a hit is small. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

const HIT_EVENTS_PATH = /^\/hits\/([^/]+)\/events$/;

interface Route {
  method: 'GET' | 'POST';
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void>;
}

export function createHttpHandler(opts: {
  store: HubStore;
  intake: Intake;
  readsIntake: ReadsIntake;
  log: (line: string) => void;
  /** Workstation tokens: the hit timeline (notes in clear) is for enrolled workstations only. */
  tokens: ReadonlyMap<string, string>;
  /** The hub posts simulated hits (`--training`): `/health` says so, and consoles mark every screen. */
  training?: boolean;
}): http.RequestListener {
  const { store, intake, readsIntake, log } = opts;

  const routes: Record<string, Route> = {
    '/hits': {
      method: 'POST',
      async handle(req, res) {
        const body = await readBody(req, res);
        if (body === null) return;
        const result = await intake(body);
        sendJson(res, result.status, result.body);
      },
    },
    '/reads': {
      method: 'POST',
      async handle(req, res) {
        const body = await readBody(req, res);
        if (body === null) return;
        const result = await readsIntake(body);
        sendJson(res, result.status, result.body);
      },
    },
    '/deliveries': {
      method: 'GET',
      async handle(_req, res, url) {
        const workstation = url.searchParams.get('workstation');
        if (!workstation) {
          sendJson(res, 400, { error: 'missing query parameter', problems: ['workstation: required'] });
          return;
        }
        sendJson(res, 200, await store.deliveries(workstation));
      },
    },
    '/audit': {
      method: 'GET',
      async handle(_req, res, url) {
        const workstation = url.searchParams.get('workstation') ?? undefined;
        const sinceText = url.searchParams.get('since');
        let since: string | undefined;
        if (sinceText !== null) {
          const t = Date.parse(sinceText);
          if (Number.isNaN(t)) {
            sendJson(res, 400, { error: 'invalid query parameter', problems: ['since: an ISO 8601 date and time'] });
            return;
          }
          // Stored times are toISOString() output, so the bound must be too for text comparison.
          since = new Date(t).toISOString();
        }
        res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
        for await (const record of store.auditRecords({ workstation, since })) {
          if (!res.write(record + '\n')) await new Promise((r) => res.once('drain', r));
        }
        res.end();
      },
    },
    '/audit/checkpoints': {
      method: 'GET',
      async handle(_req, res, url) {
        sendJson(res, 200, await store.checkpoints(url.searchParams.get('workstation') ?? undefined));
      },
    },
    '/health': {
      method: 'GET',
      async handle(_req, res) {
        sendJson(res, 200, { ok: true, training: opts.training === true });
      },
    },
  };

  /** Paths with a parameter: `/hits/:id/events`, the hit's timeline at the hub. */
  const hitEvents: Route = {
    method: 'GET',
    async handle(req, res, url) {
      // Misread and disposition notes can name people: stored encrypted, shown only to a
      // workstation that proves itself (its id and token, as HTTP Basic credentials).
      if (checkBasicAuth(req.headers.authorization, opts.tokens) === null) {
        res.setHeader('www-authenticate', 'Basic realm="ALPR hub", charset="UTF-8"');
        sendJson(res, 401, { error: 'unauthorized', detail: 'a hit timeline needs a workstation id and token (HTTP Basic)' });
        return;
      }
      let id: string;
      try {
        id = decodeURIComponent(HIT_EVENTS_PATH.exec(url.pathname)![1]!);
      } catch {
        id = '';
      }
      if (!id || !(await store.hitExists(id))) {
        sendJson(res, 404, { error: 'not found', detail: `no hit ${id} at this hub` });
        return;
      }
      sendJson(res, 200, await store.hitEvents(id));
    },
  };

  return (req, res) => {
    let url: URL;
    try {
      // Node hands over the request target as sent: `//`, `http://[/` and the like do not parse.
      url = new URL(req.url ?? '/', 'http://hub.invalid');
    } catch {
      sendJson(res, 400, { error: 'bad request', detail: 'the request target is not a valid path' });
      return;
    }
    const route = routes[url.pathname] ?? (HIT_EVENTS_PATH.test(url.pathname) ? hitEvents : undefined);
    if (!route) {
      sendJson(res, 404, { error: 'not found', detail: `no such path: ${url.pathname}` });
      return;
    }
    if (req.method !== route.method) {
      res.setHeader('allow', route.method);
      sendJson(res, 405, { error: 'method not allowed', detail: `${url.pathname} takes ${route.method}` });
      return;
    }
    route.handle(req, res, url).catch((err: Error) => {
      log(`hub: ${req.method} ${url.pathname} failed: ${err.stack ?? err.message}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * The body as text, or null when an answer has already been sent (too large) or the client
 * went away. Stops reading at MAX_BODY_BYTES rather than buffering whatever is sent.
 */
/** A body must arrive within this long (Node's own limit is 5 minutes). */
export const BODY_TIMEOUT_MS = 120_000;
/** How long a refused post's remaining body is read and thrown away before the hub closes. */
const LINGER_MS = 2000;
/** All bodies being read at once, together: past this a post is asked to come again. */
const MAX_BODIES_BYTES = 256 * 1024 * 1024;
let bodiesBytes = 0;

/**
 * The posted JSON, or null once the post has been answered with a refusal: a browser's post
 * that is not application/json (415), too large (413), too slow (408), or more bodies in the
 * reading than the hub keeps in memory (503, with Retry-After).
 */
function readBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<string | null> {
  return new Promise((resolve) => {
    let settled = false;
    let held = 0;
    const settle = (value: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      bodiesBytes -= held;
      held = 0;
      resolve(value);
    };
    const refuse = (status: number, body: Record<string, unknown>) => {
      req.pause();
      // Closing after the answer is the only way to stop a client that keeps sending. A close
      // with its body still unread would reach the client as a reset, which can destroy the
      // answer before the client reads it: so the hub says it is done (FIN), throws away what
      // still comes for a moment, then closes.
      res.setHeader('connection', 'close');
      res.once('finish', () => {
        const socket = req.socket;
        socket.end();
        req.resume();
        const linger = setTimeout(() => socket.destroy(), LINGER_MS);
        linger.unref();
        socket.once('close', () => clearTimeout(linger));
      });
      sendJson(res, status, body);
      settle(null);
    };
    const timer = setTimeout(() => refuse(408, { error: 'body too slow', detail: `the body must arrive within ${BODY_TIMEOUT_MS / 1000} s` }), BODY_TIMEOUT_MS);
    // A browser (it names the page's Origin) may post here only as application/json, which it
    // cannot send to another origin without a preflight this hub never grants: no web page can
    // inject hits. Camera systems and harnesses (no Origin) post JSON as DESIGN.md has it,
    // whatever content type their tool sets (curl -d sends a form type).
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (req.headers.origin !== undefined && type !== 'application/json') {
      refuse(415, { error: 'unsupported content type', detail: 'post the body as application/json' });
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      refuse(413, { error: 'body too large', detail: `a hit is at most ${MAX_BODY_BYTES} bytes of JSON` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        refuse(413, { error: 'body too large', detail: `a hit is at most ${MAX_BODY_BYTES} bytes of JSON` });
      } else if (bodiesBytes + chunk.length > MAX_BODIES_BYTES) {
        res.setHeader('retry-after', '5');
        refuse(503, { error: 'busy', detail: 'too many posts are being read at once; post again shortly' });
      } else {
        chunks.push(chunk);
        held += chunk.length;
        bodiesBytes += chunk.length;
      }
    });
    req.on('end', () => settle(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => settle(null));
    req.on('close', () => settle(null));
  });
}
