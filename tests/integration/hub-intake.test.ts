import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import {
  connectConsole,
  fakeImage,
  getJson,
  post,
  startTestHub,
  until,
  validHit,
  type Json,
} from './hub-fixtures';

test('a valid hit is stored before the 202 and reaches a console with its images as binary', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const hit = validHit();
  hit.id = 'vendor-0001';

  const { status, json } = await post(hub, hit);
  assert.equal(status, 202);
  assert.deepEqual(json, { id: 'vendor-0001', seq: 1 });
  assert.equal(await hub.store.hitCount(), 1);

  const withoutId = await post(hub, validHit('8XYZ789'));
  assert.equal(withoutId.status, 202);
  assert.equal(withoutId.json.seq, 2);
  assert.match(withoutId.json.id, /^[0-9a-f-]{36}$/);

  const received: Json[] = [];
  const socket = await connectConsole(hub, {}, (h, ack) => {
    received.push(h);
    ack({ ok: true });
  });
  t.after(() => socket.close());
  await until(() => received.length === 2);
  const first = received[0];
  assert.equal(first.id, 'vendor-0001');
  assert.equal(first.seq, 1);
  assert.ok(Date.parse(first.receivedAt) > 0);
  assert.deepEqual(first.read, hit.read);
  // Times arrive as the same instant in one form (toISOString), whatever form was posted.
  assert.deepEqual(first.matches, hit.matches.map((m: Json) => ({ ...m, listUpdatedAt: new Date(m.listUpdatedAt).toISOString() })));
  assert.equal(first.capturedAt, new Date(hit.capturedAt).toISOString());
  assert.deepEqual(first.camera, hit.camera);
  assert.equal(first.images.plate.mime, 'image/jpeg');
  assert.ok(Buffer.isBuffer(first.images.plate.data), 'images travel as binary, not base64');
  assert.equal(Buffer.from(first.images.plate.data).toString('base64'), hit.images.plate.base64);
  assert.equal(Buffer.from(first.images.overview.data).toString('base64'), hit.images.overview.base64);
});

test('images up to the 5 MB limit are taken, with hits and with plain reads', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const big = fakeImage('image/jpeg', 5 * 1024 * 1024 - 16);
  const hit = validHit('7BIG001');
  hit.images.overview = { mime: 'image/jpeg', base64: big.toString('base64') };
  const posted = await post(hub, hit);
  assert.equal(posted.status, 202, JSON.stringify(posted.json));
  const [stored] = await hub.store.hitsAfter(posted.json.seq - 1, 1);
  assert.ok(Buffer.from(stored!.images.overview.data).equals(big), 'stored byte for byte');
  const res = await fetch(`${hub.url}/reads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ reads: [{ capturedAt: new Date().toISOString(), camera: hit.camera, read: hit.read, images: { plate: { mime: 'image/jpeg', base64: big.toString('base64') } } }] }),
  });
  assert.equal(res.status, 202);
});

test('bad hits are refused with the field named, nothing is stored, and the hub keeps serving', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());

  const cases: { name: string; body: Json; status: number; error: string; names: string }[] = [
    { name: 'malformed JSON', body: '{"capturedAt": "2026-', status: 400, error: 'malformed JSON', names: 'JSON' },
    { name: 'empty body', body: '', status: 400, error: 'malformed JSON', names: 'JSON' },
    { name: 'not an object', body: '[1,2]', status: 400, error: 'invalid hit', names: '(body)' },
    // 14 MB of nesting is refused before it is parsed (parsing it held the hub 2 s).
    { name: 'deeply nested', body: '['.repeat(7_000_000) + ']'.repeat(7_000_000), status: 400, error: 'malformed JSON', names: 'nested more than 32 deep' },
    {
      name: 'nested inside a field',
      body: JSON.stringify(validHit()).replace('"camera":', `"deep":${'{"a":'.repeat(40)}1${'}'.repeat(40)},"camera":`),
      status: 400,
      error: 'malformed JSON',
      names: 'nested more than 32 deep',
    },
    { name: 'missing camera', body: without(validHit(), 'camera'), status: 400, error: 'invalid hit', names: 'camera: Required' },
    {
      name: 'missing match list',
      body: edit(validHit(), (h) => delete h.matches[0].list),
      status: 400,
      error: 'invalid hit',
      names: 'matches.0.list: Required',
    },
    {
      name: 'wrong type',
      body: edit(validHit(), (h) => (h.read.confidence = 'high')),
      status: 400,
      error: 'invalid hit',
      names: 'read.confidence: Expected number, received string',
    },
    {
      name: 'extra field',
      body: { ...validHit(), speedMph: 42 },
      status: 400,
      error: 'invalid hit',
      names: "(body): Unrecognized key(s) in object: 'speedMph'",
    },
    {
      name: 'extra field inside the camera',
      body: edit(validHit(), (h) => (h.camera.heading = 12)),
      status: 400,
      error: 'invalid hit',
      names: "camera: Unrecognized key(s) in object: 'heading'",
    },
    {
      name: 'bad plate',
      body: edit(validHit(), (h) => (h.read.plate = '7abc-123')),
      status: 400,
      error: 'invalid hit',
      names: 'read.plate: a plate is 1 to 10 capital letters and digits',
    },
    {
      name: 'bad state',
      body: edit(validHit(), (h) => (h.matches[0].state = 'California')),
      status: 400,
      error: 'invalid hit',
      names: 'matches.0.state: a state is a two-letter code',
    },
    {
      name: 'unknown priority',
      body: edit(validHit(), (h) => (h.matches[0].priority = 'urgent')),
      status: 400,
      error: 'invalid hit',
      names: 'matches.0.priority',
    },
    {
      name: 'unsupported image type',
      body: edit(validHit(), (h) => (h.images.plate.mime = 'image/gif')),
      status: 400,
      error: 'invalid hit',
      names: 'images.plate.mime',
    },
    {
      name: 'a 6 MB image',
      body: edit(validHit(), (h) => (h.images.plate.base64 = fakeImage('image/jpeg', 6 * 1024 * 1024).toString('base64'))),
      status: 413,
      error: 'image too large',
      names: 'images.plate.base64: the image is 6291456 bytes',
    },
    {
      name: 'bad base64',
      body: edit(validHit(), (h) => (h.images.overview.base64 = 'iVBORw0KGgo*not-base64')),
      status: 400,
      error: 'invalid hit',
      names: 'images.overview.base64: not valid base64',
    },
    {
      name: 'base64 with a line break',
      body: edit(validHit(), (h) => (h.images.overview.base64 = h.images.overview.base64.slice(0, 8) + '\n' + h.images.overview.base64.slice(8))),
      status: 400,
      error: 'invalid hit',
      names: 'images.overview.base64: not valid base64',
    },
    {
      name: 'JPEG bytes declared as PNG',
      body: edit(validHit(), (h) => (h.images.plate.mime = 'image/png')),
      status: 400,
      error: 'invalid hit',
      names: 'images.plate.mime: declared image/png but the data is not a PNG image',
    },
  ];

  for (const c of cases) {
    const { status, json } = await post(hub, c.body);
    assert.equal(status, c.status, `${c.name}: status`);
    assert.equal(json.error, c.error, `${c.name}: error`);
    const said = [json.detail ?? '', ...(json.problems ?? [])].join(' | ');
    assert.ok(said.includes(c.names), `${c.name}: expected "${c.names}" in "${said}"`);
  }

  assert.equal(await hub.store.hitCount(), 0);
  assert.deepEqual((await getJson(hub, '/deliveries?workstation=ws-01')).json, []);
  const received: Json[] = [];
  const socket = await connectConsole(hub, {}, (h) => received.push(h));
  t.after(() => socket.close());

  const good = await post(hub, validHit());
  assert.equal(good.status, 202);
  assert.equal(good.json.seq, 1, 'refused hits use up no seq');
  await until(() => received.length === 1);
  assert.equal(received[0].id, good.json.id);
});

test('posting the same read again under its id answers the same seq and stores it once; another read under a used id is refused with 409', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const hit = { ...validHit(), id: 'cam-07:2026-11-25T03:12:45.120Z' };

  const first = await post(hub, hit);
  const again = await post(hub, hit);
  const changed = await post(hub, { ...hit, read: { ...hit.read, confidence: 0.5 } });
  assert.deepEqual(first, { status: 202, json: { id: hit.id, seq: 1 } });
  assert.deepEqual(again, first);
  assert.deepEqual(changed, first, 'a retry with a new confidence is the same read');
  // A camera system whose counter restarted reuses an id for a new read: told, not dropped.
  const reused = await post(hub, { ...hit, read: { ...hit.read, plate: '8XYZ999' }, capturedAt: '2026-11-26T01:00:00.000Z' });
  assert.equal(reused.status, 409);
  assert.equal(reused.json.error, 'id already used');
  assert.match(reused.json.detail, /^hit id cam-07:2026-11-25T03:12:45\.120Z is already a different read \(7ABC123 at cam-07, 2026-11-25T03:12:45\.120Z\); nothing was stored/);
  assert.equal(await hub.store.hitCount(), 1);
  assert.equal((await post(hub, validHit())).json.seq, 2);
});

test('other paths and methods answer JSON errors; an oversized body is cut off with 413', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());

  assert.deepEqual(await getJson(hub, '/health'), { status: 200, json: { ok: true, training: false } });
  const missing = await getJson(hub, '/nope');
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error, 'not found');
  const wrongMethod = await getJson(hub, '/hits');
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.json.error, 'method not allowed');
  const noWorkstation = await getJson(hub, '/deliveries');
  assert.equal(noWorkstation.status, 400);
  assert.deepEqual(noWorkstation.json.problems, ['workstation: required']);
  const badSince = await fetch(`${hub.url}/audit?since=yesterday`);
  assert.equal(badSince.status, 400);

  const tooBig = await rawPost(hub.url + '/hits', 17 * 1024 * 1024);
  assert.equal(tooBig.status, 413);
  assert.equal(JSON.parse(tooBig.body).error, 'body too large');
  const announcedTooBig = await rawPost(hub.url + '/hits', 17 * 1024 * 1024, true);
  assert.equal(announcedTooBig.status, 413);

  assert.equal((await post(hub, validHit())).status, 202, 'still serving');
});

/** Streams `size` bytes of JSON-ish filler, with or without a Content-Length announcing it. */
function rawPost(url: string, size: number, announce = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(announce ? { 'content-length': size } : { 'transfer-encoding': 'chunked' }) },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The hub closes the connection once it has answered; what we were still sending fails.
    req.on('error', (err) => (req.writableEnded ? undefined : reject(err)));
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const write = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

function without(hit: Json, key: string): Json {
  delete hit[key];
  return hit;
}

function edit(hit: Json, change: (h: Json) => unknown): Json {
  change(hit);
  return hit;
}

test('a browser page cannot post a hit: a post with an Origin that is not application/json is refused with 415 and stores nothing', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  // What a page can send to another origin without a preflight: a form, or text/plain.
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    for (const path of ['/hits', '/reads']) {
      const res = await fetch(`${hub.url}${path}`, { method: 'POST', headers: { 'content-type': type, origin: 'https://evil.example' }, body: JSON.stringify(validHit()) });
      assert.equal(res.status, 415, `${path} as ${type}`);
      assert.equal(((await res.json()) as { error: string }).error, 'unsupported content type');
    }
  }
  assert.equal(await hub.store.hitCount(), 0);
  const charset = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(validHit()) });
  assert.equal(charset.status, 202);
  // A camera system or harness (no Origin) posts JSON whatever type its tool names (DESIGN.md).
  const curlLike = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: JSON.stringify(validHit()) });
  assert.equal(curlLike.status, 202);
});
