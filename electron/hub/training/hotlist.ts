/**
 * The training hotlist: the lists a California agency's hits come from, filled with made-up
 * plates. The entries are the same on every start (a trainer can learn them); only the list
 * dates move with the clock, so that one list is always stale (older than 24 h) and the
 * console's stale-list flag can be practised. About 15 % of entries are cleared: the list
 * still carries them but the want is over, which is what a CLETS check of a stale hit finds.
 */
import type { Priority } from '../../contract/hub';
import type { HotlistEntry } from '../store';
import { int, mulberry32, pick } from './random';

const HOTLIST_SEED = 0x5eed1157;
const HOUR_MS = 3_600_000;

interface ListSpec {
  list: string;
  count: number;
  /** How long ago the list was last updated; over 24 h makes it stale. */
  ageHours: number;
  reasons: readonly { reason: string; priority: Priority; notes: readonly string[] }[];
}

const LISTS: readonly ListSpec[] = [
  {
    list: 'SVS',
    count: 14,
    ageHours: 3,
    reasons: [
      {
        reason: 'Stolen vehicle',
        priority: 'high',
        notes: [
          'Taken from residence overnight; keys were in the vehicle.',
          'Taken in a carjacking; suspect displayed a handgun. Use caution.',
          'Rental vehicle not returned; reported embezzled by the rental agency.',
          'Taken from a dealership lot; may be on dealer plates instead.',
        ],
      },
      {
        reason: 'Stolen vehicle',
        priority: 'medium',
        notes: ['Owner reports vehicle taken from workplace parking.', 'Possibly used in a later burglary.'],
      },
    ],
  },
  {
    list: 'Stolen plate',
    count: 9,
    ageHours: 6,
    reasons: [
      {
        reason: 'Stolen license plate',
        priority: 'medium',
        notes: [
          'Rear plate only reported stolen; may be displayed on a different vehicle.',
          'Both plates removed from a parked vehicle. Vehicle description is of the original car.',
        ],
      },
      {
        reason: 'Lost license plate',
        priority: 'low',
        notes: ['Owner reports plate lost; no crime suspected.'],
      },
    ],
  },
  {
    list: 'Felony want',
    count: 7,
    ageHours: 11,
    reasons: [
      {
        reason: 'Felony warrant: registered owner',
        priority: 'high',
        notes: [
          'RO wanted for assault with a deadly weapon (PC 245). Known to carry a knife.',
          'RO wanted for robbery (PC 211). Confirm warrant before contact.',
          'RO wanted for residential burglary (PC 459).',
        ],
      },
      {
        reason: 'Vehicle used in a felony',
        priority: 'high',
        notes: ['Seen leaving an armed robbery. Occupants may be armed.'],
      },
    ],
  },
  {
    list: 'Amber alert',
    count: 3,
    ageHours: 1,
    reasons: [
      {
        reason: 'Amber alert: suspect vehicle in a child abduction',
        priority: 'high',
        notes: [
          'Child, 6, taken by non-custodial parent. Notify the watch commander at once.',
          'Child, 9, last seen in the rear seat. Suspect may be armed.',
        ],
      },
    ],
  },
  {
    list: 'Local BOLO',
    count: 7,
    ageHours: 52,
    reasons: [
      {
        reason: 'BOLO: at-risk missing person',
        priority: 'medium',
        notes: ['Driver, 78, with dementia; family reports missing since yesterday. Welfare check.'],
      },
      {
        reason: 'BOLO: suspicious vehicle',
        priority: 'low',
        notes: [
          'Seen casing homes in the north end. Information only: no stop without cause.',
          'Associated with catalytic converter thefts. Information only.',
        ],
      },
    ],
  },
];

const VEHICLES: readonly string[] = [
  'Honda Civic',
  'Honda Accord',
  'Toyota Camry',
  'Toyota Corolla',
  'Toyota Tacoma',
  'Ford F-150',
  'Ford Explorer',
  'Chevrolet Silverado',
  'Chevrolet Malibu',
  'Nissan Altima',
  'Hyundai Elantra',
  'Kia Soul',
  'Dodge Charger',
  'Jeep Grand Cherokee',
  'Subaru Outback',
  'Tesla Model 3',
  'BMW 328i',
  'Chrysler 300',
];
const COLOURS: readonly string[] = ['white', 'black', 'silver', 'grey', 'blue', 'red', 'green', 'gold'];

/** Letters California issues on plates: no I, O or Q (too easily read as 1, 0 and O). */
const PLATE_LETTERS = [...'ABCDEFGHJKLMNPRSTUVWXYZ'];
const DIGITS = [...'0123456789'];
/** Plate shapes by state: L a letter, D a digit. Most hits are local. */
const PLATE_FORMATS: readonly { state: string; format: string; weight: number }[] = [
  { state: 'CA', format: 'DLLLDDD', weight: 30 },
  { state: 'NV', format: 'DDDLDD', weight: 3 },
  { state: 'AZ', format: 'LLLDDDD', weight: 3 },
  { state: 'OR', format: 'DDDLLL', weight: 2 },
  { state: 'TX', format: 'LLLDDDD', weight: 2 },
];

const CLEARED_SHARE = 0.15;

/** The training hotlist as of `now`. */
export function trainingHotlist(now: Date): HotlistEntry[] {
  const rand = mulberry32(HOTLIST_SEED);
  const plates = new Set<string>();
  const entries: HotlistEntry[] = [];
  for (const spec of LISTS) {
    const listUpdatedAt = new Date(now.getTime() - spec.ageHours * HOUR_MS).toISOString();
    for (let i = 0; i < spec.count; i++) {
      const { reason, priority, notes } = pick(rand, spec.reasons);
      let plate: { plate: string; state: string };
      do plate = randomPlate(rand);
      while (plates.has(plate.plate));
      plates.add(plate.plate);
      entries.push({
        id: `TRN-${String(entries.length + 1).padStart(3, '0')}`,
        list: spec.list,
        reason,
        priority,
        ...plate,
        vehicle: `${int(rand, 2004, 2024)} ${pick(rand, VEHICLES)}, ${pick(rand, COLOURS)}`,
        notes: pick(rand, notes),
        listUpdatedAt,
        cleared: false,
      });
    }
  }
  // Wants that end are vehicles recovered and plates found, not Amber alerts or warrants.
  const clearable = entries.filter((e) => e.list === 'SVS' || e.list === 'Stolen plate' || e.list === 'Local BOLO');
  const toClear = Math.round(entries.length * CLEARED_SHARE);
  for (let n = 0; n < toClear; n++) {
    const candidates = clearable.filter((e) => !e.cleared);
    pick(rand, candidates).cleared = true;
  }
  return entries;
}

/** A plate in one of the shapes the training states issue, weighted (most are Californian). */
export function randomPlate(rand: () => number): { plate: string; state: string } {
  const total = PLATE_FORMATS.reduce((sum, f) => sum + f.weight, 0);
  let roll = rand() * total;
  const spec = PLATE_FORMATS.find((f) => (roll -= f.weight) < 0) ?? PLATE_FORMATS[0]!;
  let plate = '';
  for (const c of spec.format) plate += pick(rand, c === 'L' ? PLATE_LETTERS : DIGITS);
  return { plate, state: spec.state };
}
