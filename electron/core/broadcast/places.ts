/** Words for the radio: plate states and directions of travel as they are spoken. */

const STATES: Readonly<Record<string, string>> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado',
  CT: 'Connecticut', DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia',
  HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa', KS: 'Kansas',
  KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts',
  MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico',
  NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma',
  OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota',
  TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VT: 'Vermont', VA: 'Virginia', WA: 'Washington',
  WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming', PR: 'Puerto Rico', GU: 'Guam',
  VI: 'Virgin Islands', AS: 'American Samoa', MP: 'Northern Mariana Islands',
  // Government and Mexican plates seen at California cameras.
  US: 'U.S. Government', BC: 'Baja California', MX: 'Mexico',
};

/** "CA" -> "California"; an unknown code is spelled out rather than dropped. */
export function stateName(code: string): string {
  return STATES[code.toUpperCase()] ?? code.toUpperCase().split('').join(' ');
}

const DIRECTIONS: Readonly<Record<string, string>> = {
  N: 'northbound', NB: 'northbound', S: 'southbound', SB: 'southbound',
  E: 'eastbound', EB: 'eastbound', W: 'westbound', WB: 'westbound',
  NE: 'northeastbound', NEB: 'northeastbound', NW: 'northwestbound', NWB: 'northwestbound',
  SE: 'southeastbound', SEB: 'southeastbound', SW: 'southwestbound', SWB: 'southwestbound',
};

/** "NB" -> "northbound"; a camera's own wording ("toward I-5") is read as it is. */
export function travelDirection(direction: string): string {
  return DIRECTIONS[direction.trim().toUpperCase()] ?? direction.trim();
}
