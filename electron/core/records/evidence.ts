/**
 * Evidence packages (issue 6 item 9; Lodi 431.4: data that has become, or will become,
 * evidence is downloaded onto portable media and booked into evidence). One hit becomes one
 * POSIX tar file (ustar, written here: no dependency, and every tar tool reads it) holding one
 * folder:
 *
 *   README.txt              what the package is and how to check it
 *   images/plate.<ext>      the plate image, byte for byte as the console stored it
 *   images/overview.<ext>   the overview image, likewise
 *   read.json               the camera's read: plate, state, confidence, camera, capture time,
 *                           hub receive time, console storage time, the console's second reading
 *   hotlist-matches.json    the hotlist entries the read matched (notes decrypted)
 *   timeline.json           the workflow: claim, plate check, misread, disposition and every step
 *   clets.json              the CLETS query and its return (decrypted)
 *   audit-records.json      every audit record naming this hit, as stored, with its hashes
 *   MANIFEST.json           each file's name, size and SHA-256, the hit, the case, who, when,
 *                           where, the console version, the legal hold, the audit chain's head
 *   MANIFEST.sha256         `sha256sum -c` format, for every file above and MANIFEST.json
 *
 * The package is built inside the commit that places the legal hold (when this case has none
 * on the hit yet) and writes the export's audit record and its `evidence_exports` row, so the
 * audit records in the package run up to the chain's head at that moment and the export's own
 * record (carrying the package's SHA-256) is the very next one in the chain.
 */
import type { AuditRow } from '../audit/log';
import crypto from 'node:crypto';
import type { EvidenceExport, EvidenceManifest, LegalHold, User } from '../../contract';
import type { DB } from '../db/open';
import type { HitStore } from '../hits/store';
import type { FieldCipher } from '../util/field-crypto';
import { dispositionUnits, WorkflowStore } from '../workflow/store';
import { readSecondReading } from '../ocr/second-reading';

// ---- tar (POSIX ustar) ----------------------------------------------------------------------

const BLOCK = 512;
/** tar's default record: 20 blocks. The archive is padded to a whole record, as tar writes it. */
const RECORD = 20 * BLOCK;

export interface TarEntry {
  /**
   * Path inside the archive, ASCII; a folder ends with `/`. Over 100 bytes it is split at a
   * `/` into ustar's prefix (up to 155) and name (up to 100) fields.
   */
  name: string;
  data?: Uint8Array;
}

function field(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, length, 'ascii');
}

/** An octal number field: digits, zero-padded, then NUL. */
function octal(header: Buffer, offset: number, length: number, value: number): void {
  field(header, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

/** ustar's two name fields: the path whole, or split at a `/` into prefix (<= 155) and name (<= 100). */
function splitName(path: string): { prefix: string; name: string } | null {
  if (!/^[\x20-\x7e]+$/.test(path)) return null;
  if (path.length <= 100) return { prefix: '', name: path };
  // The latest slash that leaves a name of at most 100 bytes (a folder's own trailing slash stays with its name).
  for (let i = path.lastIndexOf('/', path.length - 2); i > 0; i = path.lastIndexOf('/', i - 1)) {
    const name = path.slice(i + 1);
    if (name.length > 100) break;
    if (i <= 155) return { prefix: path.slice(0, i), name };
  }
  return null;
}

function tarHeader(path: string, size: number, mtime: number, dir: boolean): Buffer {
  const split = splitName(path);
  if (!split) throw new Error(`tar: unusable entry name ${JSON.stringify(path)}`);
  const h = Buffer.alloc(BLOCK, 0);
  field(h, 0, 100, split.name);
  octal(h, 100, 8, dir ? 0o755 : 0o644);
  octal(h, 108, 8, 0); // uid
  octal(h, 116, 8, 0); // gid
  octal(h, 124, 12, size);
  octal(h, 136, 12, mtime);
  field(h, 148, 8, '        '); // checksum: spaces while it is computed
  field(h, 156, 1, dir ? '5' : '0');
  field(h, 257, 6, 'ustar\0');
  field(h, 263, 2, '00');
  field(h, 265, 32, 'alpr-console');
  field(h, 297, 32, 'alpr-console');
  field(h, 345, 155, split.prefix);
  let sum = 0;
  for (const b of h) sum += b;
  field(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

/** A ustar archive of the entries, in order, with the given modification time. */
export function writeTar(entries: readonly TarEntry[], mtime: Date): Uint8Array {
  const seconds = Math.floor(mtime.getTime() / 1000);
  const parts: Buffer[] = [];
  for (const e of entries) {
    const dir = e.name.endsWith('/');
    const data = dir ? new Uint8Array(0) : (e.data ?? new Uint8Array(0));
    parts.push(tarHeader(e.name, data.byteLength, seconds, dir));
    if (data.byteLength) {
      parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      const pad = (BLOCK - (data.byteLength % BLOCK)) % BLOCK;
      if (pad) parts.push(Buffer.alloc(pad, 0));
    }
  }
  parts.push(Buffer.alloc(2 * BLOCK, 0)); // end of archive
  const length = parts.reduce((n, p) => n + p.length, 0);
  const padded = Math.ceil(length / RECORD) * RECORD;
  if (padded > length) parts.push(Buffer.alloc(padded - length, 0));
  return new Uint8Array(Buffer.concat(parts));
}

// ---- the package --------------------------------------------------------------------------

export const sha256 = (data: Uint8Array | string): string => crypto.createHash('sha256').update(data).digest('hex');

const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/** A file-name-safe form of a case number or hit id. */
const slug = (s: string, max: number) => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, max) || 'x';

const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png' };

/** An audit_log row exactly as stored (the fields its hash covers, then the hash). */
export type StoredAuditRow = AuditRow;

export interface PackageInput {
  hitId: string;
  caseNumber: string;
  purpose: string;
  reason: string;
  user: User;
  at: Date;
  workstationId: string;
  consoleVersion: string;
  agencyName: string;
  hold: LegalHold;
  holdPlacedWithExport: boolean;
  /** Hotlist entries the exporting user's role may see (the rest are left out, as in review). */
  visibleMatches<T extends { list: string }>(items: T[]): T[];
}

export interface BuiltPackage {
  fileName: string;
  content: Uint8Array;
  sha256: string;
  manifest: EvidenceManifest;
}

const README = (m: { hitId: string; caseNumber: string; agencyName: string; exportedAt: string; by: string; workstationId: string }) =>
  `ALPR EVIDENCE PACKAGE
=====================

Agency:        ${m.agencyName}
Hit:           ${m.hitId}
Case number:   ${m.caseNumber}
Exported:      ${m.exportedAt} (UTC) by ${m.by} at workstation ${m.workstationId}

Exported from the ALPR dispatch console for booking into evidence (Lodi Police Department
Policy 431.4). ALPR data is confidential and for official use only (Policy 431.6).

Files
  images/          the plate and overview images exactly as received from the camera network
  read.json        the camera's read of the plate, the camera, the capture and receive times
  hotlist-matches.json  the hotlist entries the read matched, with their notes
  timeline.json    the dispatcher's workflow: claim, plate check, CLETS, broadcasts, disposition
  clets.json       the CLETS query and its return
  audit-records.json    every audit record of the console that names this hit, as stored
  MANIFEST.json    each file's size and SHA-256 and who exported the package, when and why
  MANIFEST.sha256  the same checksums for sha256sum

Checking the package
  1. In this folder run:  sha256sum -c MANIFEST.sha256   (every line must say OK).
  2. The SHA-256 of the .tar file itself is on the console's audit record of the export
     (action records.evidence-export) and in its list of evidence packages.
  3. Each audit record's hash is the SHA-256 of: its prev_hash, a newline, then the JSON array
     [seq, id, at, user_id, username, display_name, badge, agency, workstation_id, ip, action,
     data, purpose, case_number, outcome, prev_hash] (data as its stored JSON text). The
     records are part of the console's hash chain; the agency's hub holds a copy of the chain.
`;

/**
 * Reads everything the package holds about the hit and writes the tar. Runs inside the
 * caller's commit, after the hold (if any) was placed and before the export's audit record.
 */
export function buildPackage(db: DB, hits: HitStore, cipher: FieldCipher, input: PackageInput): BuiltPackage {
  const detail = hits.detail(input.hitId, '');
  if (!detail) throw new Error(`hit ${input.hitId} is not on this console`);
  const workflow = new WorkflowStore(db, cipher);
  const row = workflow.row(input.hitId)!;
  const exportedAt = input.at.toISOString();
  const folder = `evidence-${slug(input.caseNumber, 40)}-${slug(input.hitId, 40)}`;

  const files: { name: string; data: Uint8Array; description: string }[] = [];
  const add = (name: string, data: Uint8Array, description: string) => files.push({ name, data, description });

  add(
    'README.txt',
    new TextEncoder().encode(
      README({ hitId: input.hitId, caseNumber: input.caseNumber, agencyName: input.agencyName, exportedAt, by: `${input.user.displayName} (${input.user.username})`, workstationId: input.workstationId }),
    ),
    'What the package is and how to check it',
  );
  for (const kind of ['plate', 'overview'] as const) {
    const img = detail.images[kind];
    add(`images/${kind}.${EXT[img.mime] ?? 'bin'}`, img.data, `The ${kind} image as stored (${img.mime})`);
  }
  add(
    'read.json',
    json({
      hitId: detail.id,
      hubSequence: detail.seq,
      plate: detail.read.plate,
      state: detail.read.state,
      confidence: detail.read.confidence,
      camera: detail.camera,
      capturedAt: detail.capturedAt,
      /** When the hub received the read from the camera network. */
      hubReceivedAt: detail.receivedAt,
      /** When this console stored the hit. */
      consoleStoredAt: detail.storedAt,
      retroactive: detail.retroactive === true,
      /** The console's own reading of the plate image (a check on the camera's read). */
      secondReading: readSecondReading(db, input.hitId, detail.read.plate),
    }),
    "The camera's read, the camera, capture and receive times",
  );
  add('hotlist-matches.json', json(input.visibleMatches(detail.matches)), 'The hotlist entries the read matched');
  add(
    'timeline.json',
    json({
      status: row.status,
      workflowOrder: row.workflow_order,
      claim: row.claim_workstation
        ? { workstationId: row.claim_workstation, username: row.claim_username, displayName: row.claim_display_name, at: row.claim_at, confirmedByHub: row.claim_confirmed === 1 }
        : null,
      misread: row.misread_reason
        ? { reason: row.misread_reason, note: row.misread_note, correctedPlate: row.corrected_plate, correctedState: row.corrected_state }
        : null,
      disposition: row.disposition ? { code: row.disposition, notes: row.disposition_notes, units: dispositionUnits(row) } : null,
      endedAt: row.ended_at,
      escalationLevel: row.escalation_level,
      steps: workflow.events(input.hitId).map((e) => ({
        step: e.step,
        outcome: e.outcome,
        detail: e.detail,
        at: e.at,
        username: e.username,
        displayName: e.display_name,
        workstationId: e.workstation_id,
        /** local: taken at this console; hub: another console's step relayed by the hub. */
        source: e.source,
        auditId: e.audit_id,
      })),
    }),
    'The workflow: claim, plate check, CLETS, broadcasts, disposition, every step',
  );
  const response = row.clets_response_enc ? (JSON.parse(cipher.decrypt(row.clets_response_enc)) as { text: string; fields: unknown }) : null;
  add(
    'clets.json',
    json({
      query: row.clets_message,
      via: row.clets_via,
      sentAt: row.clets_sent_at,
      status: row.clets_status,
      returnText: response?.text ?? null,
      returnFields: response?.fields ?? null,
      receivedAt: row.clets_received_at,
    }),
    'The CLETS query and its return',
  );
  // Every record naming this hit; the instr() needle (the key as JSON.stringify wrote it) keeps
  // the scan of a large log cheap, json_extract() decides.
  const audit = db
    .prepare<[string, string], StoredAuditRow>(
      `SELECT seq, id, at, user_id, username, display_name, badge, agency, workstation_id, ip, action, data, purpose,
              case_number, outcome, prev_hash, hash
       FROM audit_log WHERE instr(data, ?) > 0 AND json_valid(data) AND json_extract(data, '$.hitId') = ? ORDER BY seq`,
    )
    .all(`"hitId":${JSON.stringify(input.hitId)}`, input.hitId);
  add('audit-records.json', json(audit), 'Every audit record naming this hit, as stored, with its hashes');
  const head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get()!;

  const manifest: EvidenceManifest = {
    kind: 'alpr-evidence-package',
    formatVersion: 1,
    hitId: input.hitId,
    plate: detail.read.plate,
    state: detail.read.state,
    capturedAt: detail.capturedAt,
    caseNumber: input.caseNumber,
    purpose: input.purpose,
    reason: input.reason,
    agencyName: input.agencyName,
    exportedBy: { username: input.user.username, displayName: input.user.displayName, badge: input.user.badge, agency: input.user.agency },
    exportedAt,
    workstationId: input.workstationId,
    consoleVersion: input.consoleVersion,
    legalHold: { id: input.hold.id, caseNumber: input.hold.caseNumber, placedAt: input.hold.placedAt, placedBy: input.hold.placedBy, placedWithExport: input.holdPlacedWithExport },
    auditChainHead: { seq: head.seq, hash: head.hash },
    files: files.map((f) => ({ name: f.name, bytes: f.data.byteLength, sha256: sha256(f.data), description: f.description })),
  };
  const manifestBytes = json(manifest);
  const sums = [...manifest.files.map((f) => [f.sha256, f.name] as const), [sha256(manifestBytes), 'MANIFEST.json'] as const]
    .map(([hash, name]) => `${hash}  ${name}\n`)
    .join('');

  const dirs = [...new Set(files.map((f) => f.name.split('/').slice(0, -1).join('/')).filter(Boolean))];
  const content = writeTar(
    [
      { name: `${folder}/` },
      ...dirs.map((d) => ({ name: `${folder}/${d}/` })),
      ...files.map((f) => ({ name: `${folder}/${f.name}`, data: f.data })),
      { name: `${folder}/MANIFEST.json`, data: manifestBytes },
      { name: `${folder}/MANIFEST.sha256`, data: new TextEncoder().encode(sums) },
    ],
    input.at,
  );
  return { fileName: `${folder}.tar`, content, sha256: sha256(content), manifest };
}

// ---- the file of exports --------------------------------------------------------------------

interface ExportRow {
  id: number;
  exported_hit_id: string;
  case_number: string;
  purpose: string;
  reason: string;
  file_name: string;
  bytes: number;
  package_sha256: string;
  files: number;
  hold_id: number;
  exported_by: string;
  exported_at: string;
  workstation_id: string;
}

const toExport = (r: ExportRow): EvidenceExport => ({
  id: r.id,
  hitId: r.exported_hit_id,
  caseNumber: r.case_number,
  purpose: r.purpose,
  reason: r.reason,
  fileName: r.file_name,
  bytes: r.bytes,
  sha256: r.package_sha256,
  files: r.files,
  holdId: r.hold_id,
  exportedBy: r.exported_by,
  exportedAt: r.exported_at,
  workstationId: r.workstation_id,
});

export class EvidenceFile {
  constructor(private readonly db: DB) {}

  /** Newest first; only this hit's when given. */
  list(hitId?: string): EvidenceExport[] {
    return this.db
      .prepare<[string | null, string | null], ExportRow>('SELECT * FROM evidence_exports WHERE ? IS NULL OR exported_hit_id = ? ORDER BY id DESC')
      .all(hitId ?? null, hitId ?? null)
      .map(toExport);
  }

  /** An active hold on this very hit for this case, if one exists. */
  activeHitHold(hitId: string, caseNumber: string): number | null {
    const id = this.db
      .prepare<[string, string], number>("SELECT id FROM legal_holds WHERE kind = 'hit' AND hit_id = ? AND case_number = ? AND released_at IS NULL ORDER BY id LIMIT 1")
      .pluck()
      .get(hitId, caseNumber);
    return id ?? null;
  }

  record(e: Omit<EvidenceExport, 'id'> & { auditId: string }): number {
    const info = this.db
      .prepare(
        `INSERT INTO evidence_exports (exported_hit_id, case_number, purpose, reason, file_name, bytes, package_sha256, files,
           hold_id, exported_by, exported_at, workstation_id, audit_id)
         VALUES (@hitId, @caseNumber, @purpose, @reason, @fileName, @bytes, @sha256, @files, @holdId, @exportedBy, @exportedAt,
           @workstationId, @auditId)`,
      )
      .run(e);
    return Number(info.lastInsertRowid);
  }
}
