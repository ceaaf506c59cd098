/**
 * What the dispatcher reads on the radio, written by the console so nothing is left out at
 * 3 a.m. (Claremont 820.8): the hit broadcast (nature of the hit, vehicle, plate in APCO
 * phonetics, state, fixed camera location and direction of travel, time of the read) and,
 * after CLETS, the results broadcast, which on a cleared or unknown record is a "disregard"
 * that cancels the first one.
 */
import type { BroadcastScript, WorkflowOrder } from '../../contract/workflow';
import type { CletsFields, CletsStatus } from '../../contract/hub';
import { phonetic } from './phonetics';
import { stateName, travelDirection } from './places';

export interface ScriptHit {
  plate: string;
  state: string;
  cameraName: string;
  direction: string;
  capturedAt: string;
  /** The hotlist entry the broadcast is about (the hit's most urgent match). */
  reason: string;
  list: string;
  vehicle: string | null;
  /** Raised by an officer's new entry for a read the hub held: an old read. */
  retroactive?: boolean;
  /** The officer's entry that raised the hit was taken off the list: when, and why. */
  withdrawn?: { at: string; reason: string };
}

export interface ScriptClets {
  status: CletsStatus;
  fields: CletsFields;
  differences: readonly string[];
}

const line = (text: string, strong = false) => ({ text, strong });

const pad = (n: number) => String(n).padStart(2, '0');
/** Local 24-hour time, the way the dispatch center keeps time. */
export function radioTime(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * When the plate was read, as said on the radio: the time for a live read, else the date and
 * how long ago, said plainly to be an old read (a retroactive hit: an officer's new entry
 * matched a read the hub held), so no unit takes it for a live sighting.
 */
export function radioWhen(iso: string, retroactive: boolean, now: Date = new Date()): string {
  const d = new Date(iso);
  // A live read (within a shift's first hours, even across midnight): its time is enough.
  if (!retroactive && now.getTime() - d.getTime() < 6 * 3_600_000) return `Read at ${radioTime(iso)}.`;
  const days = Math.max(0, Math.floor((now.getTime() - d.getTime()) / 86_400_000));
  const ago = days === 0 ? 'earlier today' : days === 1 ? 'yesterday' : `${days} days ago`;
  return `Read on ${d.getDate()} ${MONTHS[d.getMonth()]} at ${radioTime(iso)}, ${ago}: an old read, not a live sighting.`;
}

/**
 * A list's reason as a spoken sentence: lists often shout ("STOLEN VEHICLE"), so words go to
 * lower case, except plates and patterns (any word with a digit or a wildcard), which are
 * read character by character and stay as the list has them.
 */
function sentence(text: string): string {
  const t = text
    .trim()
    .split(/(\s+)/)
    .map((w) => (/[\d?*]/.test(w) ? w.toUpperCase() : w.toLowerCase()))
    .join('');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

const SMALL_WORDS = new Set(['of', 'the', 'and', 'for', 'de', 'la']);

/**
 * "CHP ALDER VALLEY AREA" -> "CHP Alder Valley Area". Initials stay in capitals: words
 * without a vowel, two-letter words that are not small words ("AZ STATE POLICE", "OR"), and
 * department initials ("LAPD", "SJSO", "AZDPS"), which read aloud as letters.
 */
export function titleCase(text: string): string {
  return text
    .trim()
    .split(/\s+/)
    .map((word, i) => {
      const initials =
        !/[AEIOUY]/i.test(word) || (word.length === 2 && !SMALL_WORDS.has(word.toLowerCase())) || /^[A-Z]{1,4}(PD|SO|SD|DPS|DOJ|HP|SP)$/i.test(word);
      if (initials) return word.toUpperCase();
      const lower = word.toLowerCase();
      return i > 0 && SMALL_WORDS.has(lower) ? lower : lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join(' ');
}

/** "2015 Honda Civic, white" -> "white 2015 Honda Civic": colour first, as officers look for it. */
export function spokenVehicle(vehicle: string): string {
  const [what, ...colour] = vehicle.split(',').map((s) => s.trim()).filter(Boolean);
  return [colour.join(' '), what].filter(Boolean).join(' ');
}

function cletsVehicle(f: CletsFields): string | null {
  const words = [f.vehicleColour, f.vehicleYear, f.vehicleMake, f.vehicleModel].filter((w) => w !== undefined);
  return words.length ? titleCase(words.join(' ')) : null;
}

function plateLine(hit: ScriptHit, lead: string): { text: string; strong: boolean } {
  return line(`${lead}${stateName(hit.state)} plate ${hit.plate}: ${phonetic(hit.plate)}.`, true);
}

export function hitBroadcast(hit: ScriptHit, order: WorkflowOrder, now: Date = new Date()): BroadcastScript {
  return {
    kind: 'hit',
    lines: [
      line('All units, ALPR hit from a fixed camera.'),
      line(`${sentence(hit.reason)}, ${hit.list} list.`),
      line(hit.vehicle ? `Vehicle: ${spokenVehicle(hit.vehicle)}.` : 'Vehicle: not described on the list.'),
      plateLine(hit, ''),
      line(`Camera at ${hit.cameraName}, ${travelDirection(hit.direction)}.`),
      line(radioWhen(hit.capturedAt, hit.retroactive === true, now), hit.retroactive === true),
      line(order === 'claremont' ? 'Stand by for CLETS confirmation.' : 'Confirmed active in CLETS; results follow.'),
    ],
  };
}

export function resultsBroadcast(hit: ScriptHit, clets: ScriptClets): BroadcastScript {
  const f = clets.fields;
  // An officer's entry withdrawn after the hit went out: patrol hears it, whatever CLETS says.
  const withdrawn = hit.withdrawn
    ? `The officer's entry behind this hit was withdrawn at ${radioTime(hit.withdrawn.at)}: ${hit.withdrawn.reason.trim().replace(/\.$/, '')}.`
    : null;
  if (clets.status !== 'active') {
    return {
      kind: 'disregard',
      lines: [
        line(`All units, disregard the ALPR hit at ${hit.cameraName}, read at ${radioTime(hit.capturedAt)}.`, true),
        plateLine(hit, ''),
        ...(withdrawn ? [line(withdrawn, true)] : []),
        line(
          clets.status === 'cleared'
            ? `CLETS shows the record cleared${f.clearedOn ? ` on ${f.clearedOn}` : ''}: no current want.`
            : 'CLETS shows no record for this plate: no want.',
        ),
      ],
    };
  }
  const entered = [
    f.enteringAgency ? `entered by ${titleCase(f.enteringAgency)}` : null,
    f.oca ? `OCA ${f.oca}` : null,
  ].filter(Boolean);
  const vehicle = cletsVehicle(f);
  return {
    kind: 'results',
    lines: [
      plateLine(hit, 'All units, CLETS return on '),
      ...(withdrawn ? [line(`${withdrawn} CLETS still holds an active record:`, true)] : []),
      line(`Active: ${sentence(f.mke ?? hit.reason)}${entered.length ? `, ${entered.join(', ')}` : ''}.`),
      ...f.cautions.map((c) => line(`Caution: ${c.toLowerCase()}.`, true)),
      ...(vehicle ? [line(`Vehicle on record: ${vehicle}.`)] : []),
      ...clets.differences.map((d) => line(`Note: ${d}`)),
    ],
  };
}

export function scriptText(script: BroadcastScript): string {
  return script.lines.map((l) => l.text).join('\n');
}
