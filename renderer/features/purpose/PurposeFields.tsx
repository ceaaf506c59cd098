import { useEffect, useState } from 'react';
import { PURPOSE_ADMINISTRATION, PURPOSE_HIT_CONFIRMATION, type LookupPurpose, type Purpose } from '../../../electron/contract';
import { call } from '../../api';
import { Field } from '../session/Field';

/**
 * The console's own purposes: inside the hit workflow the core supplies its purpose, so it is
 * never offered here; "Audit / administration" only for exports of audit and shift records.
 * The core refuses either where it does not belong.
 */
function offered(p: Purpose, administrative: boolean): boolean {
  return p.active && p.label !== PURPOSE_HIT_CONFIRMATION && (administrative || p.label !== PURPOSE_ADMINISTRATION);
}

interface Props {
  /** Prefix for element ids, so two forms on one screen do not clash. */
  id: string;
  /** The kind of lookup needs a case number whatever the purpose (searches and exports by default). */
  caseRequired: boolean;
  /** An export of audit or shift records, for which "Audit / administration" is a purpose. */
  administrative?: boolean;
  value: Partial<LookupPurpose>;
  onChange(value: Partial<LookupPurpose>): void;
  errors?: { purpose?: readonly string[]; caseNumber?: readonly string[] };
}

/**
 * Purpose before data (issue 4): the agency's purposes and the case number, as fields of the
 * form that asks for data. The core checks them again and logs a refusal; this only helps the
 * user get it right the first time.
 */
export function PurposeFields({ id, caseRequired, administrative = false, value, onChange, errors = {} }: Props) {
  const [purposes, setPurposes] = useState<Purpose[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    call('purposes:list', {}).then(
      ({ purposes: all }) => setPurposes(all.filter((p) => offered(p, administrative))),
      (err: unknown) => setLoadError(err instanceof Error ? err.message : String(err)),
    );
  }, [administrative]);
  const chosen = purposes?.find((p) => p.id === value.purposeId);
  const needsCase = caseRequired || chosen?.requiresCaseNumber === true;
  const purposeErrors = [...(loadError ? [`The purposes could not be loaded: ${loadError}`] : []), ...(errors.purpose ?? [])];
  return (
    <fieldset className="purpose-fields">
      <legend>Purpose of this lookup</legend>
      <div className="field">
        <label htmlFor={`${id}-purpose`}>Purpose</label>
        <select
          id={`${id}-purpose`}
          required
          value={value.purposeId ?? ''}
          aria-invalid={purposeErrors.length ? true : undefined}
          aria-describedby={purposeErrors.length ? `${id}-purpose-error` : undefined}
          onChange={(e) => onChange({ ...value, purposeId: e.target.value ? Number(e.target.value) : undefined })}
        >
          <option value="">Choose a purpose…</option>
          {purposes?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        {purposeErrors.length > 0 && (
          <p className="field__error" id={`${id}-purpose-error`}>
            {purposeErrors.join('; ')}
          </p>
        )}
      </div>
      <Field
        id={`${id}-case`}
        label={needsCase ? 'Case number (required)' : 'Case number'}
        required={needsCase}
        maxLength={64}
        autoComplete="off"
        value={value.caseNumber ?? ''}
        errors={errors.caseNumber}
        onChange={(e) => onChange({ ...value, caseNumber: e.target.value || undefined })}
      />
    </fieldset>
  );
}

/** The purpose as the contract wants it, or null while the form is incomplete. */
export function completePurpose(value: Partial<LookupPurpose>, caseRequired: boolean): LookupPurpose | null {
  if (typeof value.purposeId !== 'number') return null;
  const caseNumber = value.caseNumber?.trim();
  if (caseRequired && !caseNumber) return null;
  return { purposeId: value.purposeId, ...(caseNumber ? { caseNumber } : {}) };
}
