/**
 * Where CLETS and the hotlist entry disagree, in words for the dispatcher and the results
 * broadcast. The hotlist is a copy loaded hours ago (Claremont 820.8: "The LPR database is not
 * in real-time"); CLETS is the record now.
 */
import type { CletsFields, CletsStatus, HotlistMatch } from '../../contract/hub';

const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, ' ').trim();

/** "2015 Honda Civic, white" -> year, make, model, colour. */
export function hotlistVehicle(text: string | undefined): { year?: number; make?: string; model?: string; colour?: string } {
  if (!text) return {};
  const [what = '', ...colour] = text.split(',').map((s) => s.trim());
  const m = /^((?:19|20)\d\d)?\s*(\S+)?\s*(.*)$/.exec(what)!;
  return {
    ...(m[1] ? { year: Number(m[1]) } : {}),
    ...(m[2] ? { make: m[2] } : {}),
    ...(m[3] ? { model: m[3] } : {}),
    ...(colour.length ? { colour: colour.join(' ') } : {}),
  };
}

export function cletsDifferences(status: CletsStatus, fields: CletsFields, match: HotlistMatch): string[] {
  if (status === 'cleared') {
    return [
      `CLETS shows the record cleared${fields.clearedOn ? ` on ${fields.clearedOn}` : ''}; the ${match.list} hotlist (loaded ${match.listUpdatedAt.slice(0, 10)}) still carries it.`,
    ];
  }
  if (status === 'no-record') {
    return [`CLETS has no record of ${fields.plate} ${fields.state}; the ${match.list} hotlist entry is stale or held only locally.`];
  }
  const out: string[] = [];
  if (fields.mke && norm(fields.mke) !== norm(match.reason)) {
    out.push(`CLETS lists it as ${fields.mke}; the hotlist says ${match.reason}.`);
  }
  if (match.plate !== fields.plate) out.push(`The hotlist entry is for ${match.plate}; CLETS was asked about ${fields.plate}.`);
  const listed = hotlistVehicle(match.vehicle);
  const pairs: [string, string | number | undefined, string | number | undefined][] = [
    ['year', fields.vehicleYear, listed.year],
    ['make', fields.vehicleMake, listed.make],
    ['model', fields.vehicleModel, listed.model],
    ['colour', fields.vehicleColour, listed.colour],
  ];
  for (const [what, record, list] of pairs) {
    if (record === undefined || list === undefined) continue;
    const a = norm(String(record));
    const b = norm(String(list));
    // "CIVIC" against "Civic LX" is the same car described twice, not a different one.
    if (!a.startsWith(b) && !b.startsWith(a)) out.push(`Vehicle ${what}: CLETS ${record}, hotlist ${list}.`);
  }
  return out;
}
