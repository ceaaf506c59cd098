import { ApiError } from '../../api';

export interface FormErrors {
  /** Errors the core attached to a field, by field name. */
  fields: Record<string, string[]>;
  /** Everything else, as lines to show above the submit button. */
  general: string[];
}

/** A refusal's detail as the core writes it, "field.sub: message": its top field, its path and message. */
function parseIssue(line: string): { field: string; path: string[]; message: string } | null {
  const m = /^([A-Za-z0-9_.]+): (.+)$/.exec(line);
  if (!m) return null;
  const path = m[1]!.split('.');
  return { field: path[0]!, path, message: m[2]! };
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
    const issue = parseIssue(line);
    if (issue && fieldNames.includes(issue.field)) (out.fields[issue.field] ??= []).push(plainIssue(line)!.text);
    else out.general.push(line);
  }
  if (out.general.length === 0 && Object.keys(out.fields).length === 0) out.general.push(err.message);
  else if (err.code !== 'invalid-input') out.general.unshift(err.message);
  return out;
}

/** zod's default wording, as a dispatcher would say it. */
const PLAIN: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^String must contain at most (\d+) character\(s\)$/, (m) => `at most ${m[1]} characters`],
  [/^String must contain at least (\d+) character\(s\)$/, (m) => (m[1] === '1' ? 'required' : `at least ${m[1]} characters`)],
  [/^Array must contain at most (\d+) element\(s\)$/, (m) => `at most ${m[1]}`],
  [/^Required$/, () => 'required'],
];

/**
 * A core's "field: message" line in the words of the form: the field by its label (when the
 * form names it), zod's default messages plainly. "notes: String must contain at most 2000
 * character(s)" is { label: "Notes", text: "at most 2000 characters" }; null for a line that
 * names no field.
 */
export function plainIssue(line: string, labels: Readonly<Record<string, string>> = {}): { label: string; text: string } | null {
  const issue = parseIssue(line);
  if (!issue) return null;
  let text = issue.message;
  for (const [re, say] of PLAIN) {
    const hit = re.exec(issue.message);
    if (hit) text = say(hit);
  }
  // The field itself, not the group it sits in ("filters.username" is the user field), and a
  // limit on each item of a list says so ("units.2: at most 20 characters": each unit).
  const named = [...issue.path].reverse().find((seg) => !/^\d+$/.test(seg)) ?? issue.field;
  if (issue.path.some((seg) => /^\d+$/.test(seg)) && /^at (most|least) /.test(text)) text = `each ${text}`;
  const label = labels[issue.path.join('.')] ?? labels[named] ?? named.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return { label: `${label.charAt(0).toUpperCase()}${label.slice(1)}`, text };
}

/** `plainIssue` as one line, "Notes: at most 2000 characters" (the line as it was if no field). */
export function readableIssue(line: string, labels: Readonly<Record<string, string>> = {}): string {
  const plain = plainIssue(line, labels);
  return plain ? `${plain.label}: ${plain.text}` : line;
}

/** The first field a refusal names, for the form to put the focus on. */
export function firstFieldOf(err: ApiError): string | null {
  for (const line of err.details) {
    const issue = parseIssue(line);
    if (issue) return issue.field;
  }
  return null;
}
