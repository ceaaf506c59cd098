/**
 * The audit extract (issue 6 item 4): the records of an audit search as CSV (every field, for
 * a spreadsheet or another tool) or as a PDF laid out for print (core/reports/pdf.ts), both
 * headed by the agency, the period, the filters, who exported it and when.
 */
import type { AuditFilters, AuditRecordView } from '../../contract';
import { toCsv } from '../util/csv';
import { renderTablePdf } from './pdf';

export interface ExtractHead {
  agencyName: string;
  /** The period asked for, or the span of the records when none was. */
  periodFrom: string;
  periodTo: string;
  filters: string;
  exportedBy: string;
  exportedAt: string;
}

export const CSV_COLUMNS = [
  'Seq', 'Record ID', 'Time (UTC)', 'User ID', 'Username', 'Display name', 'Badge', 'Agency (ORI)', 'Workstation', 'IP',
  'Action', 'Data elements', 'Purpose', 'Case number', 'Outcome', 'Flagged', 'Hash',
] as const;

const FILTER_LABELS: Record<keyof AuditFilters, string> = {
  username: 'user',
  plate: 'plate',
  purpose: 'purpose',
  action: 'action',
  workstationId: 'workstation',
  outcome: 'outcome',
  from: 'from',
  to: 'to',
  onlyFlagged: 'only flagged',
};

export function describeFilters(f: AuditFilters): string {
  const parts = (Object.keys(FILTER_LABELS) as (keyof AuditFilters)[])
    .filter((k) => f[k] !== undefined && f[k] !== false)
    .map((k) => (k === 'onlyFlagged' ? FILTER_LABELS[k] : `${FILTER_LABELS[k]} = ${String(f[k])}`));
  return parts.length ? parts.join('; ') : 'none (every record)';
}

/** The period a report covers: the filters' own, else the first and last record's time. */
export function extractPeriod(f: AuditFilters, records: readonly AuditRecordView[]): { from: string; to: string } {
  const from = f.from ? new Date(f.from).toISOString() : (records[0]?.at ?? 'the first record');
  const to = f.to ? new Date(f.to).toISOString() : (records[records.length - 1]?.at ?? 'the last record');
  return { from, to };
}

export function auditExtractCsv(head: ExtractHead, records: readonly AuditRecordView[]): string {
  const preamble = toCsv(['Audit extract', head.agencyName], [
    ['From', head.periodFrom],
    ['To', head.periodTo],
    ['Filters', head.filters],
    ['Records', records.length],
    ['Exported by', head.exportedBy],
    ['Exported at', head.exportedAt],
  ]);
  return `${preamble}\r\n${toCsv(
    CSV_COLUMNS,
    records.map((r) => [
      r.seq, r.id, r.at, r.userId, r.username, r.displayName, r.badge, r.agency, r.workstationId, r.ip,
      r.action, JSON.stringify(r.data), r.purpose, r.caseNumber, r.outcome, r.flagged ? 'yes' : '', r.hash,
    ]),
  )}`;
}

/** The data elements in a line a person reads: `plate=7ABC123, hitId=...`. */
function dataLine(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

export function auditExtractPdf(head: ExtractHead, records: readonly AuditRecordView[]): Promise<Uint8Array> {
  return renderTablePdf({
    title: 'Audit extract',
    agencyName: head.agencyName,
    periodFrom: head.periodFrom,
    periodTo: head.periodTo,
    exportedBy: head.exportedBy,
    exportedAt: head.exportedAt,
    columns: [
      { header: 'Seq', width: 0.6 },
      { header: 'Time (UTC)', width: 1.8 },
      { header: 'User', width: 1.6 },
      { header: 'Workstation / IP', width: 1.3 },
      { header: 'Action', width: 1.3 },
      { header: 'Data elements', width: 3 },
      { header: 'Purpose', width: 1.6 },
      { header: 'Case', width: 0.9 },
      { header: 'Outcome', width: 0.9 },
    ],
    rows: records.map((r) => [
      String(r.seq),
      r.at,
      [r.displayName, r.username && `(${r.username})`, r.badge && `badge ${r.badge}`, r.agency].filter(Boolean).join(' '),
      [r.workstationId, r.ip].filter(Boolean).join(' '),
      r.action,
      dataLine(r.data),
      r.purpose ?? '',
      r.caseNumber ?? '',
      r.flagged ? `${r.outcome} FLAGGED` : r.outcome,
    ]),
    notes: [
      `Filters: ${head.filters}`,
      `Records: ${records.length}. FLAGGED: data granted with no related hit and no case number.`,
      'Full fields (record id, hash chain) are in the CSV extract of the same search.',
    ],
  });
}

export function extractFileName(at: Date, ext: 'csv' | 'pdf'): string {
  return `audit-extract-${at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.${ext}`;
}
