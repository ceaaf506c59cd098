import { useEffect, useState, type FormEvent } from 'react';
import { EVIDENCE_EXPORTERS, type LookupPurpose, type Role } from '../../../electron/contract';
import { call } from '../../api';
import { saveFile } from '../../lib/download';
import { Field } from '../session/Field';
import { useAction } from '../shared/useAction';
import { PurposeFields, completePurpose } from '../purpose/PurposeFields';
import './evidence-export.css';

/** What the last export handed over: the file's name and SHA-256, for the evidence label. */
interface Saved {
  fileName: string;
  sha256: string;
  caseNumber: string;
  holdId: number;
  holdPlaced: boolean;
}

/**
 * "Export evidence package" (issue 6 item 9; Lodi 431.4: data that becomes evidence is
 * downloaded and booked into evidence). For supervisors and admins: asks for the reason, the
 * purpose and the case number, then saves the package (a .tar with its SHA-256 manifest) and
 * shows the package's SHA-256 to write on the evidence label. The core places the legal hold,
 * files the export and logs it in the same commit before the file leaves it.
 */
export function EvidenceExport({ hitId }: { hitId: string }) {
  const [role, setRole] = useState<Role | null>(null);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [purpose, setPurpose] = useState<Partial<LookupPurpose>>({});
  const [saved, setSaved] = useState<Saved | null>(null);
  const action = useAction({ doneClass: 'evidence__done' });
  useEffect(() => {
    call('session:current', {}).then((s) => setRole(s.user?.role ?? null), () => setRole(null));
  }, []);
  if (!role || !EVIDENCE_EXPORTERS.includes(role)) return null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const lookup = completePurpose(purpose, true);
      if (!lookup) throw new Error('Choose the purpose and enter the case number: evidence is booked under a case.');
      if (!reason.trim()) throw new Error('Enter why this hit is evidence.');
      const pkg = await call('records:evidence-export', { hitId, reason, purpose: lookup });
      saveFile(pkg.fileName, pkg.mime, pkg.content);
      setSaved({ fileName: pkg.fileName, sha256: pkg.sha256, caseNumber: pkg.manifest.caseNumber, holdId: pkg.manifest.legalHold.id, holdPlaced: pkg.manifest.legalHold.placedWithExport });
      setOpen(false);
      setReason('');
      return `Evidence package saved as ${pkg.fileName}.`;
    });
  };

  return (
    <section className="evidence" aria-labelledby="evidence-title">
      <div className="evidence__row">
        <h2 id="evidence-title">Evidence</h2>
        {!open && (
          <button type="button" className="button" onClick={() => setOpen(true)}>
            Export evidence package
          </button>
        )}
      </div>
      {open && (
        <form className="evidence__form" noValidate onSubmit={submit} aria-label="Export evidence package">
          <p>
            The package holds the images, the read, the hotlist match, the timeline, the CLETS return and the audit records of this hit, with a
            SHA-256 manifest. The hit is put under a legal hold for the case. The export is logged.
          </p>
          <Field id="evidence-reason" label="Why this hit is evidence" autoFocus maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          <PurposeFields id="evidence" caseRequired value={purpose} onChange={setPurpose} />
          <div className="evidence__row">
            <button type="submit" className="button button--primary">
              Export package
            </button>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {action.lines}
      {saved && (
        <p>
          Case {saved.caseNumber}: package SHA-256 <span className="evidence__hash">{saved.sha256}</span> (write it on the evidence label). Legal hold{' '}
          {saved.holdId} {saved.holdPlaced ? 'placed' : 'already kept this hit'}.
        </p>
      )}
    </section>
  );
}
