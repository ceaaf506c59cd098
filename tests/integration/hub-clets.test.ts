import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cletsQueryAckSchema,
  composeVehicleQuery,
  parseVehicleQuery,
} from '../../electron/contract/hub';
import { parseVehicle } from '../../electron/hub/clets';
import { connectAcking, DISPATCHER, postHit, startTestHub, type Json } from './hub-fixtures';

const ORI = 'CA0390100';
const query = (plate: string, state = 'CA') => ({ message: composeVehicleQuery({ ori: ORI, plate, state }) });

test('the vehicle query format: compose and parse agree; a malformed query says what is wrong', () => {
  const q = { ori: ORI, plate: '7ABC123', state: 'CA', year: 2015, type: 'PC' };
  assert.equal(composeVehicleQuery(q), 'QV.CA0390100.LIC/7ABC123.LIS/CA.LIY/2015.LIT/PC');
  assert.deepEqual(parseVehicleQuery(composeVehicleQuery(q)), { ok: true, query: q });
  assert.deepEqual(parseVehicleQuery(' qv.ca0390100.lis/nv.lic/123abc. '), {
    ok: true,
    query: { ori: 'CA0390100', plate: '123ABC', state: 'NV' },
  });
  const errors: [string, RegExp][] = [
    ['ZZ.CA0390100.LIC/7ABC123.LIS/CA', /message key "ZZ" is not QV/],
    ['QV.CA03.LIC/7ABC123.LIS/CA', /ORI "CA03" is not 2 letters and 7/],
    ['QV.CA0390100.LIS/CA', /LIC\/ \(the plate\) is required/],
    ['QV.CA0390100.LIC/7ABC123', /LIS\/ \(the plate state\) is required/],
    ['QV.CA0390100.LIC/7ABC-123.LIS/CA', /a plate is 1 to 10 letters and digits/],
    ['QV.CA0390100.LIC/7ABC123.LIS/CAL', /a state is a two-letter code/],
    ['QV.CA0390100.LIC/7ABC123.LIS/CA.LIY/15', /LIY\/15: a four-digit year/],
    ['QV.CA0390100.LIC/7ABC123.LIS/CA.VIN/123', /unknown field VIN/],
    ['QV.CA0390100.LIC/7ABC123.LIC/7ABC124.LIS/CA', /field LIC appears twice/],
    ['QV.CA0390100.LIC7ABC123.LIS/CA', /field "LIC7ABC123" is not TAG\/value/],
    ['QV.CA0390100.LIC/7ABC123\n.LIS/CA', /a query is one line/],
  ];
  for (const [text, error] of errors) {
    const parsed = parseVehicleQuery(text);
    assert.equal(parsed.ok, false, text);
    assert.match((parsed as { error: string }).error, error);
  }
  assert.deepEqual(parseVehicle('2015 Honda Civic, white'), { year: 2015, make: 'HONDA', model: 'CIVIC', colour: 'WHITE' });
  assert.deepEqual(parseVehicle('2019 Jeep Grand Cherokee, black'), {
    year: 2019,
    make: 'JEEP',
    model: 'GRAND CHEROKEE',
    colour: 'BLACK',
  });
});

test('CLETS in training: active with details and caution codes, cleared with its date, no record', async (t) => {
  const hub = await startTestHub({ training: { ratePerMinute: 0.1, reads: 0 } });
  t.after(() => hub.close());
  const ws = await connectAcking(hub);
  t.after(() => ws.close());
  const hotlist = await hub.store.hotlist();
  const ask = async (plate: string, state: string) => {
    const ack = await ws.emitWithAck('clets:query', query(plate, state));
    assert.ok(cletsQueryAckSchema.safeParse(ack).success, JSON.stringify(ack));
    assert.equal(ack.ok, true);
    return ack.response as Json;
  };

  const armed = hotlist.find((e) => !e.cleared && /knife/i.test(e.notes ?? ''))!;
  assert.ok(armed, 'the training list has an armed suspect');
  const active = await ask(armed.plate, armed.state!);
  assert.equal(active.status, 'active');
  const [year, make] = armed.vehicle!.split(' ');
  assert.equal(active.fields.vehicleYear, Number(year));
  assert.equal(active.fields.vehicleMake, make!.toUpperCase());
  assert.equal(active.fields.list, armed.list);
  assert.equal(active.fields.reason, armed.reason);
  assert.deepEqual(active.fields.cautions.includes('ARMED AND DANGEROUS'), true);
  assert.match(active.fields.oca, /^\d\d-\d{6}$/);
  assert.match(active.fields.enteringOri, /^[A-Z]{2}\d{7}$/);
  assert.match(active.fields.nic, /^V\d{9}$/);
  assert.match(active.fields.enteredOn, /^\d{4}-\d\d-\d\d$/);
  const lines = active.text.split('\n');
  assert.match(lines[0], /^1L01 CLETS \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.equal(lines[1], `TO: ${ORI}`);
  assert.equal(lines[2], `RE: QV.${ORI}.LIC/${armed.plate}.LIS/${armed.state}`);
  assert.ok(lines.includes(`MKE/${armed.reason.toUpperCase()}`));
  assert.ok(lines.includes('CMC/00 - ARMED AND DANGEROUS'));
  assert.ok(lines.some((l: string) => l.startsWith(`ORI/${active.fields.enteringOri} LIC/${armed.plate} LIS/${armed.state}`)));
  assert.ok(lines.includes(`DTE/${active.fields.enteredOn.replace(/-/g, '')} OCA/${active.fields.oca}`));
  assert.equal(lines[lines.length - 1], 'IMMEDIATELY CONFIRM RECORD WITH ORI');
  assert.deepEqual((await ask(armed.plate, armed.state!)).fields, active.fields, 'the same record every time');

  const cleared = hotlist.filter((e) => e.cleared);
  assert.ok(cleared.length / hotlist.length > 0.1 && cleared.length / hotlist.length < 0.2, 'about 15 % are stale');
  for (const e of cleared) {
    const r = await ask(e.plate, e.state!);
    assert.equal(r.status, 'cleared', e.id);
    assert.match(r.fields.clearedOn, /^\d{4}-\d\d-\d\d$/);
    assert.deepEqual(r.fields.cautions, []);
    assert.match(r.text, /RECORD CLEARED/);
    assert.match(r.text, new RegExp(`DCL/${r.fields.clearedOn.replace(/-/g, '')} (VEHICLE|PLATE) RECOVERED|CANCELLED`));
  }
  for (const e of hotlist.filter((x) => !x.cleared)) assert.equal((await ask(e.plate, e.state!)).status, 'active', e.id);
  // A camera system that still carries the stale list posts a hit for it: still cleared.
  const stale = cleared[0]!;
  await postHit(hub, stale.plate, (hit) => {
    Object.assign(hit.read, { state: stale.state });
    Object.assign(hit.matches[0], { list: stale.list, reason: stale.reason, plate: stale.plate, state: stale.state });
  });
  assert.equal((await ask(stale.plate, stale.state!)).status, 'cleared', 'the posted match is the cleared want');

  const none = await ask('0ZZZ000', 'CA');
  assert.deepEqual(none.fields, { ori: ORI, plate: '0ZZZ000', state: 'CA', cautions: [] });
  assert.equal(none.status, 'no-record');
  assert.deepEqual(none.text.split('\n').slice(3), ['NO RECORD LIC/0ZZZ000 LIS/CA', 'NO NCIC WANT LIC/0ZZZ000 LIS/CA']);
  const otherState = armed.state === 'NV' ? 'AZ' : 'NV';
  assert.equal((await ask(armed.plate, otherState)).status, 'no-record', 'a plate is a plate in its state');
});

test('CLETS answers for every match posted with a hit, and for officers exact entries, not partial ones', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const ws = await connectAcking(hub);
  t.after(() => ws.close());
  const ask = async (plate: string) => (await ws.emitWithAck('clets:query', query(plate))).response as Json;

  assert.equal((await ask('8XYZ987')).status, 'no-record');
  await postHit(hub, '8XYZ987', (hit) => {
    hit.matches[0].list = 'Felony want';
    hit.matches[0].reason = 'Felony warrant: registered owner';
    hit.matches[0].notes = 'RO wanted for assault with a deadly weapon';
    hit.matches[0].vehicle = '2018 Ford F-150, red';
  });
  const r = await ask('8XYZ987');
  assert.equal(r.status, 'active');
  assert.equal(r.fields.list, 'Felony want');
  assert.deepEqual([r.fields.vehicleYear, r.fields.vehicleMake, r.fields.vehicleModel, r.fields.vehicleColour], [2018, 'FORD', 'F-150', 'RED']);
  assert.deepEqual(r.fields.cautions, ['ARMED AND DANGEROUS', 'VIOLENT TENDENCIES']);
  assert.ok((await hub.store.hotlist()).some((e) => e.source === 'intake' && e.plate === '8XYZ987'), 'kept as an intake entry');
  await postHit(hub, '8XYZ987');
  assert.equal((await hub.store.hotlist()).filter((e) => e.plate === '8XYZ987').length, 2, 'one entry per list, however many hits');

  const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
  const add = (plate: string, extra: Json = {}) =>
    ws.emitWithAck('hotlist:add', {
      entry: { plate, state: 'CA', list: 'Local BOLO', reason: 'Suspect vehicle', priority: 'medium', expiresAt, ...extra },
      user: DISPATCHER,
    });
  assert.equal((await add('6LOC321', { caseNumber: 'PA-26-1234', vehicle: '2011 Toyota Camry, blue' })).ok, true);
  const local = await ask('6LOC321');
  assert.equal(local.status, 'active');
  assert.equal(local.fields.oca, 'PA-26-1234');
  assert.equal(local.fields.enteringAgency, 'PORT ALDER POLICE DEPARTMENT');
  assert.equal((await add('6PAR*')).ok, true);
  assert.equal((await ask('6PAR123')).status, 'no-record', 'a partial plate is not a record a switch holds');
});

test('CLETS refuses malformed payloads and queries with the reason', async (t) => {
  const hub = await startTestHub();
  t.after(() => hub.close());
  const ws = await connectAcking(hub);
  t.after(() => ws.close());
  const cases: [unknown, RegExp][] = [
    [{}, /invalid clets:query: message: Required/],
    [{ message: 42 }, /message: Expected string, received number/],
    [{ message: '' }, /message: String must contain at least 1/],
    [{ message: 'x'.repeat(2001) }, /at most 2000/],
    [{ message: 'QV.CA0390100.LIC/7ABC123', extra: 1 }, /Unrecognized key/],
    [{ message: 'hello switch' }, /invalid clets:query: message: message key "HELLO SWITCH" is not QV/],
    [{ message: 'QV.CA0390100.LIC/7ABC123' }, /LIS\/ \(the plate state\) is required/],
  ];
  for (const [payload, error] of cases) {
    const ack = await ws.emitWithAck('clets:query', payload);
    assert.equal(ack.ok, false, JSON.stringify(payload));
    assert.match(ack.error, error);
    assert.ok(cletsQueryAckSchema.safeParse(ack).success);
  }
});

test('cletsFault garbage answers noise no schema accepts; cletsFault timeout never answers', async (t) => {
  const garbage = await startTestHub({ cletsFault: 'garbage' });
  t.after(() => garbage.close());
  const ws = await connectAcking(garbage);
  t.after(() => ws.close());
  const ack = await ws.emitWithAck('clets:query', query('7ABC123'));
  assert.equal(cletsQueryAckSchema.safeParse(ack).success, false);
  assert.equal(typeof ack.response.text, 'string');
  assert.match(ack.response.text, /[\u0000-\u0008]/, 'control characters in the text');
  assert.equal((await ws.emitWithAck('clets:query', { message: 'nonsense' })).ok, false, 'bad queries are still refused');

  const silent = await startTestHub({ cletsFault: 'timeout' });
  t.after(() => silent.close());
  const ws2 = await connectAcking(silent);
  t.after(() => ws2.close());
  await assert.rejects(ws2.timeout(500).emitWithAck('clets:query', query('7ABC123')), /operation has timed out/);
});
