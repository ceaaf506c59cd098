/**
 * The shift report: the log's rows as a table (CSV, and PDF through core/reports/pdf.ts when it
 * is there), headed by the agency, the period, who exported it and when.
 */
import { toCsv, type CsvCell } from '../util/csv';
import type { ShiftRow } from '../../contract';

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
] as const;

/** Seconds after the read, to a tenth. */
const secs = (ms: number | null): CsvCell => (ms === null ? '' : (Math.round(ms / 100) / 10).toFixed(1));

export function reportCells(r: ShiftRow): CsvCell[] {
  return [
    r.readAt, r.plate, r.state, r.cameraName, r.list ?? '', r.priority, r.dispatcherName ?? r.dispatcher ?? '',
    r.plateCheckOutcome ?? '', r.cletsStatus ?? '', r.outcome,
    secs(r.received), secs(r.opened), secs(r.plateCheck), secs(r.broadcast), secs(r.cletsSent), secs(r.cletsResult),
    secs(r.resultsBroadcast), secs(r.ended),
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
  ]);
  return `${preamble}\r\n${toCsv(REPORT_COLUMNS, (function* () {
    for (const r of rows) yield reportCells(r);
  })())}`;
}

export function reportFileName(periodLabel: string, ext: 'csv' | 'pdf'): string {
  return `shift-report-${periodLabel.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase()}.${ext}`;
}
