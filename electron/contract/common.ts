/** Building blocks every part of the contract uses: roles, access rules, call specs, errors. */
import { z } from 'zod';

/**
 * An ISO 8601 date and time with `Z` or a UTC offset: what `z.string().datetime({ offset: true })`
 * accepts, with its regex built once. zod 3 builds that regex again on every parse, which was
 * half the time a hub hit took to check (a 10,000-hit backlog parses 30,000 of these).
 *
 * Parsed, it is the same instant in one form, UTC with milliseconds (`toISOString()`): stored
 * times are compared as text and read by SQLite's julianday(), which knows `Z` and `+02:00`
 * but not the `+0200` or `+02` a camera may send (julianday gives NULL, and a hit would drop
 * out of the shift log and never be due for purging).
 */
const ISO_TIME = z.datetimeRegex({ offset: true, precision: null, local: false });
export const isoTimeSchema = z
  .string()
  .regex(ISO_TIME, 'an ISO 8601 date and time')
  .transform((text, ctx) => {
    const t = Date.parse(normalOffset(text));
    if (Number.isNaN(t)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'an ISO 8601 date and time' });
      return z.NEVER;
    }
    return new Date(t).toISOString();
  });

/**
 * A calendar date, YYYY-MM-DD, that exists: Date.parse would read 2025-02-30 as 2 March, and
 * a hold or a sharing period would then end days later than asked.
 */
export const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'not a real date');

/** `+0200` as `+02:00`, which every parser reads (the schema's pattern refuses a bare `+02`). */
function normalOffset(text: string): string {
  return text.replace(/([+-]\d{2})(?::?(\d{2}))?$/, (_m, h: string, m?: string) => `${h}:${m ?? '00'}`);
}

/**
 * A period of instants must end after it starts; the refusal says which way it is wrong (a
 * From equal to its To was told "ends before it starts").
 */
export const periodEnd = (from: string | undefined, to: string | undefined) => ({
  ok: !from || !to || Date.parse(to) > Date.parse(from),
  refusal: () => ({
    message: from && to && Date.parse(to) === Date.parse(from) ? 'the period ends when it starts: give a later end' : 'the period ends before it starts',
    path: ['to'],
  }),
});

export const ROLES = ['dispatcher', 'supervisor', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];
/** Who may work hits: auditors may not (read-only audit access). */
export const HIT_WORKERS: readonly Role[] = ['dispatcher', 'supervisor', 'admin'];

/** `public`: no session needed. `signed-in`: any signed-in user. Otherwise the roles listed. */
export type Access = 'public' | 'signed-in' | readonly Role[];

export function roleAllowed(access: Access, role: Role | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'signed-in') return true;
  return access.includes(role);
}

export interface CallSpec<I extends z.ZodTypeAny = z.ZodTypeAny, O extends z.ZodTypeAny = z.ZodTypeAny> {
  input: I;
  output: O;
  access: Access;
  /** One line for humans. */
  summary: string;
  /**
   * The call reveals ALPR data (hits, images, reads, exports): refusing it, for any reason
   * (role, invalid input, missing purpose), writes an audit record of the refusal.
   */
  reveals?: boolean;
  /**
   * The audit action the handler records for this call when it differs from the channel name
   * (`search.plates` for `search:plates`): a refusal made before the handler runs (role,
   * invalid input) is recorded under the same action, so one filter finds both.
   */
  auditAction?: string;
}

export const call = <I extends z.ZodTypeAny, O extends z.ZodTypeAny>(spec: CallSpec<I, O>) => spec;

export const empty = z.object({}).strict();
export const ok = z.object({ ok: z.literal(true) }).strict();
export const binary = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'binary data');

/**
 * A report exported as a file (audit extract, shift report): its name and type, the CSV text
 * or the PDF's bytes, and how many rows it holds.
 */
export const exportedFileSchema = z
  .object({
    fileName: z.string(),
    mime: z.string(),
    /** The CSV text, or the PDF's bytes. */
    text: z.string().optional(),
    data: binary.optional(),
    rows: z.number().int(),
  })
  .strict();
export type ExportedFile = z.infer<typeof exportedFileSchema>;

export const ERROR_CODES = [
  'invalid-input',
  'unknown-channel',
  'unauthenticated',
  'forbidden',
  'not-found',
  'conflict',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export interface CallError {
  code: ErrorCode;
  message: string;
  details?: string[];
}
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallError };
