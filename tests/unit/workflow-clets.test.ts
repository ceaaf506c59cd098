// CLETS vehicle queries: composing from the agency's template, reading the hub simulator's
// returns and hand-entered ones, refusing garbage, and naming differences from the hotlist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVehicleQuery, type HotlistEntryWire, type HotlistMatch } from '../../electron/contract/hub';
import { checkTemplate, composeQuery, TemplateError } from '../../electron/core/clets/compose';
import { parseCletsReturn } from '../../electron/core/clets/parse';
import { cletsDifferences } from '../../electron/core/clets/differences';
import { answerVehicleQuery, garbageAnswer } from '../../electron/hub/clets';
import type { HubStore } from '../../electron/hub/store';

const Q = { ori: 'CA0390100', plate: '7ABC123', state: 'CA' };

test('the default template composes what the switch (and the hub simulator) parses', () => {
  const message = composeQuery(Q);
  assert.equal(message, 'QV.CA0390100.LIC/7ABC123.LIS/CA');
  const parsed = parseVehicleQuery(message);
  assert.ok(parsed.ok);
  if (parsed.ok) assert.deepEqual(parsed.query, Q);
  assert.equal(composeQuery({ ...Q, year: 2027, type: 'PC' }), 'QV.CA0390100.LIC/7ABC123.LIS/CA.LIY/2027.LIT/PC');
  assert.equal(composeQuery({ ...Q, type: 'MC' }), 'QV.CA0390100.LIC/7ABC123.LIS/CA.LIT/MC', 'an unknown year drops only its part');
});

test('an agency template: its own wording, optional parts, and clear errors', () => {
  assert.equal(composeQuery(Q, 'ORI/{ORI} QV LIC/{LIC} LIS/{LIS}[ LIY/{LIY}]'), 'ORI/CA0390100 QV LIC/7ABC123 LIS/CA');
  assert.throws(() => composeQuery(Q, 'QV.{ORI}.LIC/{LIC}.LIS/{LIS}.LIY/{LIY}'), /\{LIY\} is unknown for this hit; put it in \[brackets\]/);
  assert.throws(() => checkTemplate('QV.{ORI}.LIC/{LIC}.VIN/{VIN}'), /unknown field \{VIN\}/);
  assert.throws(() => checkTemplate('QV.{LIC}.{LIS}[.LIY/{LIY}'), TemplateError);
  assert.throws(() => checkTemplate('QV.{LIC}.{LIS}[[.LIY/{LIY}]]'), /cannot nest/);
});

const NOW = new Date('2026-11-25T03:13:00Z');
function entry(over: Partial<HotlistEntryWire>): HotlistEntryWire {
  return {
    id: 'e-1',
    source: 'intake',
    list: 'SVS',
    reason: 'Stolen vehicle',
    priority: 'high',
    plate: '7ABC123',
    state: 'CA',
    vehicle: '2015 Honda Civic, white',
    notes: 'Suspect armed with a handgun',
    listUpdatedAt: '2026-11-24T18:00:00Z',
    cleared: false,
    ...over,
  };
}
const storeWith = (entries: HotlistEntryWire[]) => ({ hotlistForPlate: async () => entries }) as unknown as HubStore;
const simulator = async (entries: HotlistEntryWire[]) => answerVehicleQuery(storeWith(entries), Q, NOW);

test("the simulator's active return reads back into the same fields it was built from", async () => {
  const response = await simulator([entry({})]);
  assert.equal(response.status, 'active');
  const parsed = parseCletsReturn(response.text, Q);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  if (!parsed.ok) return;
  assert.equal(parsed.status, 'active');
  const { list: _list, reason: _reason, ...expected } = response.fields;
  const { list, ...got } = parsed.fields;
  assert.equal(list, 'SVS');
  assert.deepEqual(got, { ...expected, notes: expected.notes!.toUpperCase() });
  assert.deepEqual(parsed.fields.cautions, ['ARMED AND DANGEROUS']);
});

test("the simulator's cleared and no-record returns", async () => {
  const cleared = await simulator([entry({ cleared: true })]);
  const c = parseCletsReturn(cleared.text, Q);
  assert.ok(c.ok);
  if (c.ok) {
    assert.equal(c.status, 'cleared');
    assert.equal(c.fields.clearedOn, cleared.fields.clearedOn);
    assert.deepEqual(c.fields.cautions, [], 'a cleared record carries no live caution');
  }
  const none = await simulator([]);
  const n = parseCletsReturn(none.text, Q);
  assert.deepEqual(n, { ok: true, status: 'no-record', fields: { ...Q, cautions: [] } });
});

test('hand-entered returns: lower case, only a caution code, a bare NO RECORD', () => {
  const typed = parseCletsReturn('mke/stolen vehicle\ncmc/05\nvyr/2015 vma/honda vco/blu\noca/26-1 nic/v12', Q);
  assert.ok(typed.ok);
  if (typed.ok) {
    assert.equal(typed.status, 'active');
    assert.deepEqual(typed.fields.cautions, ['VIOLENT TENDENCIES']);
    assert.equal(typed.fields.vehicleColour, 'BLU');
    assert.equal(typed.fields.oca, '26-1');
  }
  assert.deepEqual(parseCletsReturn('  no record  ', Q), { ok: true, status: 'no-record', fields: { ...Q, cautions: [] } });
  const cleared = parseCletsReturn('MKE/STOLEN PLATE - RECORD CLEARED\nDCL/20261120 PLATE RECOVERED', Q);
  assert.ok(cleared.ok && cleared.status === 'cleared' && cleared.fields.clearedOn === '2026-11-20');
});

test('garbage is refused with a reason, never read as a status', () => {
  const noise = (garbageAnswer('QV.CA0390100.LIC/7ABC123.LIS/CA') as { response: { text: string } }).response.text;
  const g = parseCletsReturn(noise, Q);
  assert.equal(g.ok, false);
  if (!g.ok) assert.match(g.error, /line noise/);
  for (const [text, why] of [
    ['', /empty/],
    ['HELLO WORLD', /not a vehicle return/],
    ['MKE/STOLEN VEHICLE\nORI/CA0399100 LIC/7ABC128 LIS/CA', /for LIC\/7ABC128, not the queried plate 7ABC123/],
    ['NO RECORD LIC/7ABC123 LIS/NV', /for LIS\/NV, not the queried state CA/],
  ] as const) {
    const r = parseCletsReturn(text, Q);
    assert.equal(r.ok, false, text);
    if (!r.ok) assert.match(r.error, why);
  }
});

const MATCH: HotlistMatch = {
  list: 'SVS',
  reason: 'Stolen vehicle',
  priority: 'high',
  plate: '7ABC123',
  state: 'CA',
  vehicle: '2015 Honda Civic LX, white',
  listUpdatedAt: '2026-11-24T18:00:00Z',
};

test('differences from the hotlist are called out in words', () => {
  const same = { ...Q, cautions: [], mke: 'STOLEN VEHICLE', vehicleYear: 2015, vehicleMake: 'HONDA', vehicleModel: 'CIVIC', vehicleColour: 'WHITE' };
  assert.deepEqual(cletsDifferences('active', same, MATCH), [], 'the same car described twice');
  assert.deepEqual(cletsDifferences('active', { ...same, vehicleColour: 'BLUE', vehicleYear: 2018, mke: 'FELONY VEHICLE' }, MATCH), [
    'CLETS lists it as FELONY VEHICLE; the hotlist says Stolen vehicle.',
    'Vehicle year: CLETS 2018, hotlist 2015.',
    'Vehicle colour: CLETS BLUE, hotlist white.',
  ]);
  assert.match(cletsDifferences('cleared', { ...same, clearedOn: '2026-11-20' }, MATCH)[0]!, /cleared on 2026-11-20; the SVS hotlist \(loaded 2026-11-24\) still carries it/);
  assert.match(cletsDifferences('no-record', same, MATCH)[0]!, /no record of 7ABC123 CA/);
});
