/**
 * Reads a CLETS vehicle return into fields: the hub switch's text, or what a dispatcher pasted
 * from a separate CLETS terminal. A return is read only when it is unmistakable; line noise, a
 * return for another plate, or text with no record marker is refused with the reason, so a
 * garbled message can never move a hit forward.
 */
import type { CletsFields, CletsStatus } from '../../contract/hub';
import type { QueryFields } from './compose';

export type ParsedReturn = { ok: true; status: CletsStatus; fields: CletsFields } | { ok: false; error: string };

/** NCIC caution and medical condition codes (CMC), for returns that give only the code. */
const CMC: Readonly<Record<string, string>> = {
  '00': 'ARMED AND DANGEROUS',
  '05': 'VIOLENT TENDENCIES',
  '10': 'MARTIAL ARTS EXPERTISE',
  '15': 'EXPLOSIVE EXPERTISE',
  '20': 'KNOWN TO ABUSE DRUGS',
  '25': 'ESCAPE RISK',
  '30': 'SEXUALLY VIOLENT PREDATOR',
  '50': 'HEART CONDITION',
  '60': 'ALLERGIES',
  '65': 'EPILEPSY',
  '70': 'SUICIDAL',
  '80': 'MEDICATION REQUIRED',
  '90': 'DIABETIC CONDITION',
};

// Control characters a terminal never prints in a return; a framing error on the link puts them there.
// eslint-disable-next-line no-control-regex
const NOISE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/;

/** Lines that echo the query or address the message: their tags are ours, not the record's. */
const ENVELOPE = /^(RE:|TO:|\d[A-Z]\d\d\s)/;

/** `TAG/value` pairs on one line; a value runs to the next tag. MIS/ (free text) runs to the end. */
function tagsOf(line: string): [string, string][] {
  const out: [string, string][] = [];
  const re = /(?:^|\s)([A-Z]{3})\/(.*?)(?=\s+[A-Z]{3}\/|$)/g;
  for (const m of line.matchAll(re)) {
    if (m[1] === 'MIS') {
      out.push(['MIS', line.slice(m.index! + m[0].indexOf('MIS/') + 4).trim()]);
      break;
    }
    out.push([m[1]!, m[2]!.trim()]);
  }
  return out;
}

const isoDate = (yyyymmdd: string): string | undefined => {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(yyyymmdd);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
};

export function parseCletsReturn(text: string, query: QueryFields): ParsedReturn {
  const fail = (error: string): ParsedReturn => ({ ok: false, error });
  if (NOISE.test(text)) {
    return fail('the return contains line noise (control characters): the link garbled it; run the query again or read it off the CLETS terminal');
  }
  const lines = text
    .toUpperCase()
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return fail('the return is empty');

  const tags = new Map<string, string[]>();
  for (const l of lines.filter((l) => !ENVELOPE.test(l))) {
    for (const [tag, value] of tagsOf(l)) tags.set(tag, [...(tags.get(tag) ?? []), value]);
  }
  const first = (tag: string) => tags.get(tag)?.[0];

  const plates = new Set([...(tags.get('LIC') ?? [])].map((v) => v.split(/\s/)[0]!));
  for (const p of plates) {
    if (p !== query.plate) return fail(`this return is for LIC/${p}, not the queried plate ${query.plate}`);
  }
  const states = new Set([...(tags.get('LIS') ?? [])].map((v) => v.split(/\s/)[0]!));
  for (const s of states) {
    if (s !== query.state) return fail(`this return is for LIS/${s}, not the queried state ${query.state}`);
  }

  const body = lines.join('\n');
  const queried: CletsFields = {
    ori: query.ori,
    plate: query.plate,
    state: query.state,
    ...(query.year === undefined ? {} : { year: query.year }),
    ...(query.type === undefined ? {} : { type: query.type }),
    cautions: [],
  };
  const mke = first('MKE');
  if (mke === undefined) {
    if (/\bNO (RECORD|NCIC WANT)\b/.test(body)) return { ok: true, status: 'no-record', fields: queried };
    return fail('not a vehicle return: no MKE/ record, no NO RECORD and no cleared marker');
  }

  const cleared = tags.has('DCL') || /\bRECORD CLEARED\b/.test(body);
  const dcl = first('DCL');
  const vyr = first('VYR');
  const agency = /^ORI IS (.+)$/m.exec(body)?.[1];
  const optional = <K extends keyof CletsFields>(key: K, value: CletsFields[K] | undefined) =>
    value === undefined || value === '' ? {} : { [key]: value };
  const fields: CletsFields = {
    ...queried,
    mke: mke.replace(/\s*-\s*RECORD CLEARED$/, ''),
    ...optional('list', first('LST')),
    ...optional('vehicleYear', vyr && /^\d{4}$/.test(vyr) ? Number(vyr) : undefined),
    ...optional('vehicleMake', first('VMA')),
    ...optional('vehicleModel', first('VMO')),
    ...optional('vehicleColour', first('VCO')),
    cautions: cleared
      ? []
      : (tags.get('CMC') ?? []).map((v) => {
          const [, code, words] = /^(\d\d)\s*(?:-\s*(.*))?$/.exec(v) ?? [];
          return words || (code ? (CMC[code] ?? `CAUTION CODE ${code}`) : v);
        }),
    ...optional('oca', first('OCA')),
    ...optional('enteringOri', first('ORI')),
    ...optional('enteringAgency', agency?.trim()),
    ...optional('nic', first('NIC')),
    ...optional('enteredOn', isoDate(first('DTE') ?? '')),
    ...optional('clearedOn', dcl ? isoDate(dcl) : undefined),
    ...optional('notes', first('MIS')),
  };
  return { ok: true, status: cleared ? 'cleared' : 'active', fields };
}
