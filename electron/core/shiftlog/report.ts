/**
 * The shift report: the log's rows as a table (CSV, and PDF through core/reports/pdf.ts when it
 * is there), headed by the agency, the period, who exported it and when.
 */
import { toCsv, type CsvCell } from '../util/csv';
import { LATE_HIT_MS, notEndedText, workedByText, type ShiftRow, type ShiftSummary } from '../../contract';
import { renderTablePdf } from '../reports/pdf';

export interface ReportHead {
  agencyName: string;
  periodLabel: string;
  from: string;
  to: string;
  exportedBy: string;
  exportedAt: string;
  filters: string;
}

export const REPORT_COLUMNS = [
  'Read at (UTC)', 'Plate', 'State', 'Camera', 'List', 'Priority', 'Dispatcher', 'Plate check', 'CLETS', 'Outcome',
  'Received (s)', 'Opened (s)', 'Plate check (s)', 'Broadcast (s)', 'CLETS sent (s)', 'CLETS result (s)', 'Results broadcast (s)', 'Ended (s)',
  'Reached this console late (s)',
] as const;

/** The outcome as the screen words it: a hit not ended is "not opened" until someone opens it. */
export const outcomeText = (r: ShiftRow): string => notEndedText(r) ?? r.outcome;

/** Seconds after the read, to a tenth. */
const secs = (ms: number | null): CsvCell => (ms === null ? '' : (Math.round(ms / 100) / 10).toFixed(1));

export function reportCells(r: ShiftRow): CsvCell[] {
  return [
    r.readAt, r.plate, r.state, r.cameraName, r.list ?? '', r.priority, workedByText(r),
    r.plateCheckOutcome ?? '', r.cletsStatus ?? '', outcomeText(r),
    secs(r.received), secs(r.opened), secs(r.plateCheck), secs(r.broadcast), secs(r.cletsSent), secs(r.cletsResult),
    secs(r.resultsBroadcast), secs(r.ended), secs(r.late ?? null),
  ];
}

/** A head of label,value lines, an empty line, then the table (spreadsheets open it as is). */
export function shiftReportCsv(head: ReportHead, rows: Iterable<ShiftRow>): string {
  const preamble = toCsv(['Shift report', head.agencyName], [
    ['Period', head.periodLabel],
    ['From', head.from],
    ['To', head.to],
    ['Filters', head.filters],
    ['Exported by', head.exportedBy],
    ['Exported at', head.exportedAt],
    // The screen shows each step's time since the step before; the file, since the read.
    ['Times (s)', 'seconds from the read to each step (the screen shows each step\'s time since the step before)'],
  ]);
  return `${preamble}\r\n${toCsv(REPORT_COLUMNS, (function* () {
    for (const r of rows) yield reportCells(r);
  })())}`;
}

export function reportFileName(periodLabel: string, ext: 'csv' | 'pdf'): string {
  return `shift-report-${periodLabel.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase()}.${ext}`;
}

const PDF_COLUMNS = [
  { header: 'Read at (UTC)', width: 2.2 }, { header: 'Plate', width: 1.2 }, { header: 'Camera', width: 1.8 }, { header: 'List', width: 1.3 },
  { header: 'Dispatcher', width: 1.6 }, { header: 'Outcome', width: 1.5 }, { header: 'To open (s)' }, { header: 'To check (s)' },
  { header: 'To broadcast (s)' }, { header: 'To end (s)' },
];

const fmt = (ms: number | null) => (ms === null ? '-' : `${Math.round(ms / 1000)} s`);

/** Hits that reached the console late are filed and timed from their arrival: the report says so. */
function lateNote(rows: ShiftRow[]): string[] {
  const late = rows.filter((r) => r.late !== undefined).length;
  if (late === 0) return [];
  return [`${late} ${late === 1 ? 'hit' : 'hits'} reached this console more than ${LATE_HIT_MS / 60_000} min after the read (hub or link down): filed under, and timed in the totals from, their arrival here; the columns count from the read.`];
}

/** The printable report: one line per hit, the shift's totals and each dispatcher's figures as notes. */
export function shiftReportPdf(head: ReportHead, rows: ShiftRow[], s: ShiftSummary): Promise<Uint8Array> {
  const cell = (v: number | null) => (v === null ? '' : (Math.round(v / 100) / 10).toFixed(1));
  return renderTablePdf({
    title: `Shift report: ${head.periodLabel}`,
    agencyName: head.agencyName,
    periodFrom: head.from,
    periodTo: head.to,
    exportedBy: head.exportedBy,
    exportedAt: head.exportedAt,
    columns: PDF_COLUMNS,
    rows: rows.map((r) => [
      r.readAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), `${r.plate} ${r.state}`, r.cameraName, r.list ?? '', workedByText(r),
      outcomeText(r), cell(r.opened), cell(r.plateCheck), cell(r.broadcast), cell(r.ended),
    ]),
    notes: [
      `Filters: ${head.filters}`,
      `Totals: ${s.hits} hits, ${s.confirmed} confirmed, ${s.misreads} misreads, ${s.broadcasts} broadcast, ${s.ended} ended, ${s.open} still open.`,
      `Read to broadcast: median ${fmt(s.medianToBroadcastMs)}, 90th percentile ${fmt(s.p90ToBroadcastMs)}.`,
      ...lateNote(rows),
      ...s.dispatchers.map(
        (d) => `${d.displayName} (${d.username}): ${d.handled} handled, ${d.misreads} misreads, ${d.broadcasts} broadcast, read to broadcast median ${fmt(d.medianToBroadcastMs)}, p90 ${fmt(d.p90ToBroadcastMs)}.`,
      ),
    ],
  });
}
