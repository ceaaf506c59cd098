/**
 * The CLETS simulator behind `clets:query`: answers a vehicle query (contract/hub.ts,
 * `parseVehicleQuery`) the way a message switch does, from the hotlist the hub holds (the
 * training list, every match posted with a hit, officers' entries):
 * - an entry for exactly that plate and state that is not cleared (nor expired): ACTIVE, with
 *   the record's details;
 * - only cleared entries: CLEARED, with the date it was cleared;
 * - none: NO RECORD.
 * Partial-plate entries (wildcards) are local BOLOs for matching reads, not records a switch
 * holds, so they never answer a query.
 *
 * What a hotlist entry does not carry (NCIC number, entering agency, case number, date of
 * entry, plate year) is derived from a hash of the entry's id: the same entry always gets the
 * same record.
 */
import crypto from 'node:crypto';
import { composeVehicleQuery, PRIORITY_RANK, type CletsFields, type CletsResponse, type HotlistEntryWire, type VehicleQuery } from '../contract/hub';
import type { HubStore } from './store';

const DAY_MS = 86_400_000;

/** Fictional agencies (ORI and name) that enter records, by plate state. */
const AGENCIES: Readonly<Record<string, readonly { ori: string; name: string }[]>> = {
  CA: [
    { ori: 'CA0399100', name: 'PORT ALDER POLICE DEPARTMENT' },
    { ori: 'CA0399200', name: 'ALDER COUNTY SHERIFF OFFICE' },
    { ori: 'CA0399300', name: 'RIVERBEND POLICE DEPARTMENT' },
    { ori: 'CA0399400', name: 'CHP ALDER VALLEY AREA' },
  ],
};

/** NCIC caution and medical condition codes (CMC) the notes can call for. */
const CAUTIONS: readonly { code: string; text: string; when: RegExp }[] = [
  { code: '00', text: 'ARMED AND DANGEROUS', when: /\b(armed|handgun|firearm|gun|deadly weapon|knife|shots?)\b/i },
  { code: '05', text: 'VIOLENT TENDENCIES', when: /\b(assault|violent|carjacking|robbery)\b/i },
  { code: '25', text: 'ESCAPE RISK', when: /\bescape/i },
  { code: '70', text: 'SUICIDAL', when: /\bsuicid/i },
];

export async function answerVehicleQuery(store: HubStore, query: VehicleQuery, now: Date): Promise<CletsResponse> {
  const entries = (await store.hotlistForPlate(query.plate, query.state)).filter(
    (e) => !e.expiresAt || Date.parse(e.expiresAt) > now.getTime(),
  );
  const byPriority = (a: HotlistEntryWire, b: HotlistEntryWire) =>
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || b.listUpdatedAt.localeCompare(a.listUpdatedAt);
  const active = entries.filter((e) => !e.cleared).sort(byPriority)[0];
  if (active) return recordResponse('active', query, active, now);
  const cleared = entries.filter((e) => e.cleared).sort(byPriority)[0];
  if (cleared) return recordResponse('cleared', query, cleared, now);
  return noRecord(query, now);
}

function header(query: VehicleQuery, now: Date): string[] {
  return [
    `1L01 CLETS ${now.toISOString().slice(0, 19).replace('T', ' ')}Z`,
    `TO: ${query.ori}`,
    `RE: ${composeVehicleQuery(query)}`,
  ];
}

function queried(q: VehicleQuery): CletsFields {
  return {
    ori: q.ori,
    plate: q.plate,
    state: q.state,
    ...(q.year === undefined ? {} : { year: q.year }),
    ...(q.type === undefined ? {} : { type: q.type }),
    cautions: [],
  };
}

function noRecord(query: VehicleQuery, now: Date): CletsResponse {
  const text = [
    ...header(query, now),
    `NO RECORD LIC/${query.plate} LIS/${query.state}`,
    `NO NCIC WANT LIC/${query.plate} LIS/${query.state}`,
  ].join('\n');
  return { status: 'no-record', text, fields: queried(query) };
}

function recordResponse(status: 'active' | 'cleared', query: VehicleQuery, e: HotlistEntryWire, now: Date): CletsResponse {
  const h = crypto.createHash('sha256').update(e.id).digest();
  const n = (offset: number, mod: number) => h.readUInt32BE(offset) % mod;
  const agencies = AGENCIES[query.state] ?? [{ ori: `${query.state}0999900`, name: `${query.state} STATE POLICE` }];
  const agency = e.enteredBy ? agencies[0]! : agencies[n(0, agencies.length)]!;
  const listed = Date.parse(e.listUpdatedAt);
  const entered = e.enteredBy ? Date.parse(e.enteredBy.at) : listed - (1 + n(4, 20)) * DAY_MS;
  const enteredOn = isoDate(entered);
  const oca = e.caseNumber ?? `${enteredOn.slice(2, 4)}-${String(n(8, 1_000_000)).padStart(6, '0')}`;
  const nic = `V${String(n(12, 1_000_000_000)).padStart(9, '0')}`;
  const plateYear = new Date(now).getUTCFullYear() + n(16, 2);
  const vehicle = parseVehicle(e.vehicle);
  const words = `${e.reason} ${e.notes ?? ''}`;
  const cautions = CAUTIONS.filter((c) => c.when.test(words));
  const mke = e.reason.toUpperCase();
  const clearedOn = status === 'cleared' ? isoDate(Math.min(listed + (10 + n(20, 50)) * 60_000, now.getTime())) : undefined;

  const vehicleLine = [
    vehicle.year ? `VYR/${vehicle.year}` : null,
    vehicle.make ? `VMA/${vehicle.make}` : null,
    vehicle.model ? `VMO/${vehicle.model}` : null,
    vehicle.colour ? `VCO/${vehicle.colour}` : null,
  ].filter(Boolean);
  const lines = [
    ...header(query, now),
    ...(status === 'active'
      ? [
          'WARNING - THE FOLLOWING IS AN NCIC VEHICLE RECORD. DO NOT SEIZE THE VEHICLE OR DETAIN',
          'ANYONE BASED SOLELY ON THIS RECORD. CONTACT THE ENTERING AGENCY TO CONFIRM.',
          `MKE/${mke}`,
          ...cautions.map((c) => `CMC/${c.code} - ${c.text}`),
        ]
      : [`MKE/${mke} - RECORD CLEARED`]),
    `ORI/${agency.ori} LIC/${e.plate} LIS/${query.state} LIY/${plateYear} LIT/PC`,
    ...(vehicleLine.length ? [vehicleLine.join(' ')] : []),
    `DTE/${enteredOn.replace(/-/g, '')} OCA/${oca}`,
    `LST/${e.list.toUpperCase()}`,
    ...(e.notes ? [`MIS/${e.notes.toUpperCase()}`] : []),
    ...(clearedOn ? [`DCL/${clearedOn.replace(/-/g, '')} ${clearedWhat(e)}`] : []),
    `NIC/${nic}`,
    `ORI IS ${agency.name}`,
    status === 'active'
      ? 'IMMEDIATELY CONFIRM RECORD WITH ORI'
      : `NO CURRENT WANT - RECORD CLEARED ${clearedOn}. DO NOT ACT ON THIS RECORD.`,
  ];
  const fields: CletsFields = {
    ...queried(query),
    mke,
    list: e.list,
    reason: e.reason,
    ...(vehicle.year ? { vehicleYear: vehicle.year } : {}),
    ...(vehicle.make ? { vehicleMake: vehicle.make } : {}),
    ...(vehicle.model ? { vehicleModel: vehicle.model } : {}),
    ...(vehicle.colour ? { vehicleColour: vehicle.colour } : {}),
    cautions: status === 'active' ? cautions.map((c) => c.text) : [],
    oca,
    enteringOri: agency.ori,
    enteringAgency: agency.name,
    nic,
    enteredOn,
    ...(clearedOn ? { clearedOn } : {}),
    ...(e.notes ? { notes: e.notes } : {}),
  };
  return { status, text: lines.join('\n'), fields };
}

function clearedWhat(e: HotlistEntryWire): string {
  if (/plate/i.test(e.list) || /plate/i.test(e.reason)) return 'PLATE RECOVERED';
  if (/stolen/i.test(e.reason) || e.list === 'SVS') return 'VEHICLE RECOVERED';
  return 'CANCELLED';
}

/** "2015 Honda Civic, white" -> year, make, model, colour (upper case, as a switch prints them). */
export function parseVehicle(text: string | undefined): { year?: number; make?: string; model?: string; colour?: string } {
  if (!text) return {};
  const m = /^\s*((?:19|20)\d\d)?\s*([A-Za-z-]+)?\s*([^,]*?)\s*(?:,\s*(.+?))?\s*$/.exec(text);
  if (!m) return {};
  const [, year, make, model, colour] = m;
  return {
    ...(year ? { year: Number(year) } : {}),
    ...(make ? { make: make.toUpperCase() } : {}),
    ...(model ? { model: model.toUpperCase() } : {}),
    ...(colour ? { colour: colour.toUpperCase() } : {}),
  };
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * What the switch link sends when it is broken (`cletsFault: 'garbage'`): an acknowledgement
 * that does not fit cletsQueryAckSchema (unknown status, no fields) around line noise, the
 * way a reply with framing errors reaches a terminal.
 */
export function garbageAnswer(message: string): unknown {
  const noise = `\u0002\u001b[0m1L01 CL\u0000ETS ##\r\nMKE/ST%L3N V~HIC\r\nLIC/${message.slice(5, 12)}\u00ff\u00fe\r\nORI/CA03?`;
  return { ok: true, response: { status: 'ACT1VE', text: noise, fields: null } };
}
