import { useEffect, useState } from 'react';
import type { LookupPurpose, Purpose } from '../../../electron/contract';
import { call } from '../../api';
import { Field } from '../session/Field';

/** The purpose inside the hit workflow is supplied by the core; it is never offered here. */
const WORKFLOW_ONLY = 'Hit confirmation';

interface Props {
  /** Prefix for element ids, so two forms on one screen do not clash. */
  id: string;
  /** The kind of lookup needs a case number whatever the purpose (searches and exports by default). */
  caseRequired: boolean;
  value: Partial<LookupPurpose>;
  onChange(value: Partial<LookupPurpose>): void;
  errors?: { purpose?: readonly string[]; caseNumber?: readonly string[] };
}

/**
 * Purpose before data (issue 4): the agency's purposes and the case number, as fields of the
 * form that asks for data. The core checks them again and logs a refusal; this only helps the
 * user get it right the first time.
 */
export function PurposeFields({ id, caseRequired, value, onChange, errors = {} }: Props) {
  const [purposes, setPurposes] = useState<Purpose[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    call('purposes:list', {}).then(
      ({ purposes: all }) => setPurposes(all.filter((p) => p.active && p.label !== WORKFLOW_ONLY)),
      (err: unknown) => setLoadError(err instanceof Error ? err.message : String(err)),
    );
  }, []);
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
