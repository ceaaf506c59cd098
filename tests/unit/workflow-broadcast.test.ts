// Radio scripts: APCO phonetics, the hit broadcast and the results (or disregard) broadcast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { phonetic } from '../../electron/core/broadcast/phonetics';
import { stateName, travelDirection } from '../../electron/core/broadcast/places';
import { hitBroadcast, radioTime, resultsBroadcast, scriptText, spokenVehicle, type ScriptHit, titleCase } from '../../electron/core/broadcast/scripts';

test('plates are read in APCO phonetics, digits one by one', () => {
  assert.equal(phonetic('1ABC234'), 'One Adam Boy Charles Two Three Four');
  assert.equal(phonetic('7XYZ009'), 'Seven X-ray Young Zebra Zero Zero Nine');
  assert.equal(
    phonetic('DEFGHIJKLMNOPQRSTUVW'),
    'David Edward Frank George Henry Ida John King Lincoln Mary Nora Ocean Paul Queen Robert Sam Tom Union Victor William',
  );
  assert.equal(phonetic('8abc'), 'Eight Adam Boy Charles', 'case does not matter');
  assert.throws(() => phonetic('7AB-12'), /only letters and digits, not "-"/);
});

test('states and directions are spoken in words', () => {
  assert.equal(stateName('CA'), 'California');
  assert.equal(stateName('NV'), 'Nevada');
  assert.equal(stateName('ZZ'), 'Z Z', 'an unknown code is spelled out');
  assert.equal(travelDirection('NB'), 'northbound');
  assert.equal(travelDirection('w'), 'westbound');
  assert.equal(travelDirection('toward I-5'), 'toward I-5');
  assert.equal(spokenVehicle('2015 Honda Civic, white'), 'white 2015 Honda Civic');
  assert.equal(spokenVehicle('Ford F-150'), 'Ford F-150');
});

const HIT: ScriptHit = {
  plate: '1ABC234',
  state: 'CA',
  cameraName: 'Main St & 5th Ave',
  direction: 'NB',
  capturedAt: '2026-11-25T03:12:45.120Z',
  reason: 'Stolen vehicle',
  list: 'SVS',
  vehicle: '2015 Honda Civic, white',
};

const SOON = new Date(Date.parse(HIT.capturedAt) + 5 * 60_000);

test('the hit broadcast: nature, vehicle, plate phonetic and state, camera and direction, time of the read', () => {
  const script = hitBroadcast(HIT, 'claremont', SOON);
  assert.equal(script.kind, 'hit');
  const text = scriptText(script);
  assert.match(text, /Stolen vehicle, SVS list\./);
  assert.match(text, /Vehicle: white 2015 Honda Civic\./);
  assert.match(text, /California plate 1ABC234: One Adam Boy Charles Two Three Four\./);
  assert.match(text, /Camera at Main St & 5th Ave, northbound\./);
  assert.match(text, new RegExp(`Read at ${radioTime(HIT.capturedAt)}\\.`));
  assert.match(radioTime(HIT.capturedAt), /^\d\d:\d\d$/);
  assert.match(text, /Stand by for CLETS confirmation/);
  assert.deepEqual(script.lines.filter((l) => l.strong).map((l) => l.text), ['California plate 1ABC234: One Adam Boy Charles Two Three Four.']);
  assert.match(scriptText(hitBroadcast(HIT, 'clets-first', SOON)), /Confirmed active in CLETS/);
  assert.match(scriptText(hitBroadcast({ ...HIT, vehicle: null }, 'claremont', SOON)), /Vehicle: not described on the list\./);
  // A shouted list reason goes to a sentence; a plate or pattern in it stays as listed.
  const partial = hitBroadcast({ ...HIT, reason: 'ROBBERY SUSPECT VEHICLE (partial plate 8WDN10*)' }, 'claremont', SOON);
  assert.match(scriptText(partial), /Robbery suspect vehicle \(partial plate 8WDN10\*\), SVS list\./);
});

test('an old read says its date and age on the radio, so no unit takes it for a live sighting', () => {
  const later = new Date(Date.parse(HIT.capturedAt) + 14 * 86_400_000 + 3_600_000);
  const retro = hitBroadcast({ ...HIT, retroactive: true }, 'claremont', later);
  const when = retro.lines.find((l) => l.text.startsWith('Read on'))!;
  const d = new Date(HIT.capturedAt);
  assert.equal(when.text, `Read on ${d.getDate()} November at ${radioTime(HIT.capturedAt)}, 14 days ago: an old read, not a live sighting.`);
  assert.equal(when.strong, true, 'said with weight, like the plate');
  // A live hit replayed hours late (a hub outage) is an old read too; a fresh one just its time.
  assert.match(scriptText(hitBroadcast(HIT, 'claremont', new Date(Date.parse(HIT.capturedAt) + 8 * 3_600_000))), /Read on .*: an old read/);
  assert.match(scriptText(hitBroadcast(HIT, 'claremont', SOON)), /Read at \d\d:\d\d\./);
});

const FIELDS = { ori: 'CA0000000', plate: '1ABC234', state: 'CA', cautions: [] as string[] };

test('an officer\'s entry withdrawn after the hit went out is said on the results broadcast, active or not', () => {
  const hit = { ...HIT, withdrawn: { at: '2026-11-25T03:40:00.000Z', reason: 'Suspect arrested.' } };
  const active = resultsBroadcast(hit, { status: 'active', fields: { ...FIELDS, mke: 'STOLEN VEHICLE' }, differences: [] });
  const said = `The officer's entry behind this hit was withdrawn at ${radioTime(hit.withdrawn.at)}: Suspect arrested.`;
  assert.deepEqual(active.lines[1], { text: `${said} CLETS still holds an active record:`, strong: true }, 'right after the plate, before the record');
  const gone = resultsBroadcast(hit, { status: 'no-record', fields: FIELDS, differences: [] });
  assert.equal(gone.kind, 'disregard');
  assert.ok(gone.lines.some((l) => l.strong && l.text === said));
  assert.ok(!scriptText(resultsBroadcast(HIT, { status: 'no-record', fields: FIELDS, differences: [] })).includes('withdrawn'));
});

test('the results broadcast: status, record, caution codes, OCA, vehicle on record and differences', () => {
  const script = resultsBroadcast(HIT, {
    status: 'active',
    fields: {
      ...FIELDS,
      mke: 'STOLEN VEHICLE',
      oca: '26-004512',
      enteringAgency: 'CHP PORT OF ALDER AREA',
      cautions: ['ARMED AND DANGEROUS'],
      vehicleYear: 2015,
      vehicleMake: 'HONDA',
      vehicleModel: 'CIVIC',
      vehicleColour: 'BLUE',
    },
    differences: ['Vehicle colour: CLETS BLUE, hotlist white.'],
  });
  assert.equal(script.kind, 'results');
  const text = scriptText(script);
  assert.match(text, /CLETS return on California plate 1ABC234: One Adam Boy Charles Two Three Four\./);
  assert.match(text, /Active: Stolen vehicle, entered by CHP Port of Alder Area, OCA 26-004512\./);
  assert.match(text, /Caution: armed and dangerous\./);
  assert.match(text, /Vehicle on record: Blue 2015 Honda Civic\./);
  assert.match(text, /Note: Vehicle colour: CLETS BLUE, hotlist white\./);
  assert.ok(script.lines.find((l) => l.text.startsWith('Caution'))!.strong, 'cautions stand out');
});

test('a cleared or unknown record gets a disregard that cancels the hit broadcast', () => {
  const cleared = resultsBroadcast(HIT, { status: 'cleared', fields: { ...FIELDS, clearedOn: '2026-11-24' }, differences: [] });
  assert.equal(cleared.kind, 'disregard');
  assert.match(scriptText(cleared), /^All units, disregard the ALPR hit at Main St & 5th Ave, read at \d\d:\d\d\./);
  assert.match(scriptText(cleared), /CLETS shows the record cleared on 2026-11-24: no current want\./);
  const none = resultsBroadcast(HIT, { status: 'no-record', fields: FIELDS, differences: [] });
  assert.equal(none.kind, 'disregard');
  assert.match(scriptText(none), /One Adam Boy Charles Two Three Four/);
  assert.match(scriptText(none), /CLETS shows no record for this plate: no want\./);
});

test('agency names read on the radio keep their initials in capitals', () => {
  assert.equal(titleCase('AZ STATE POLICE'), 'AZ State Police');
  assert.equal(titleCase('OR STATE POLICE'), 'OR State Police');
  assert.equal(titleCase('LAPD VAN NUYS DIVISION'), 'LAPD Van Nuys Division');
  assert.equal(titleCase('SAN JOSE PD'), 'San Jose PD');
  assert.equal(titleCase('CHP PORT OF ALDER AREA'), 'CHP Port of Alder Area');
  assert.equal(titleCase('ID DEPT OF LAW ENFORCEMENT'), 'ID Dept of Law Enforcement');
});
