import { ApiError } from '../../api';

export interface FormErrors {
  /** Errors the core attached to a field, by field name. */
  fields: Record<string, string[]>;
  /** Everything else, as lines to show above the submit button. */
  general: string[];
}

/**
 * The core reports bad input as "field: message" lines (ApiError.details); each goes next to
 * its field when the form has one, otherwise into the general list.
 */
export function formErrors(err: unknown, fieldNames: readonly string[]): FormErrors {
  const out: FormErrors = { fields: {}, general: [] };
  if (!(err instanceof ApiError)) {
    out.general.push(err instanceof Error ? err.message : String(err));
    return out;
  }
  for (const line of err.details) {
    const m = /^([A-Za-z0-9_.]+): (.+)$/.exec(line);
    const field = m?.[1]?.split('.')[0];
    if (m && field && fieldNames.includes(field)) (out.fields[field] ??= []).push(m[2]!);
    else out.general.push(line);
  }
  if (out.general.length === 0 && Object.keys(out.fields).length === 0) out.general.push(err.message);
  else if (err.code !== 'invalid-input') out.general.unshift(err.message);
  return out;
}
