/**
 * The agency's workflow settings, edited by an administrator: the order of the steps, the
 * misread reasons and disposition codes, the alert and escalation times, the CLETS adapter and
 * query template. The core validates the whole change, audits it with before and after, and
 * refuses what IT's provisioning file sets (shown locked here).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Choice, SettingLock, WorkflowSettings } from '../../../electron/contract';
import { ApiError, call, on } from '../../api';
import { Field, Options, SaveStatus } from './Field';
import { readableIssue } from '../session/field-errors';

const ORDER_LABELS = { claremont: 'Broadcast first, then CLETS (Claremont 820.8)', 'clets-first': 'CLETS first, then the broadcast' } as const;
const ADAPTER_LABELS = { hub: 'Through the hub’s CLETS switch', manual: 'Manual entry from a separate CLETS terminal' } as const;
const LIST_LABELS: Record<string, string> = { misreadReasons: 'Misread reasons', dispositionCodes: 'Disposition codes' };
const FIELD_LABELS: Record<string, string> = {
  order: 'Order',
  unopenedAlertS: 'Alert again after',
  escalateAfterS: 'Escalate after',
  claimReleaseAfterS: 'Release claims after',
  cletsAdapter: 'CLETS adapter',
  cletsTemplate: 'CLETS query template',
};

/** "code = Label" per line; a line without "=" takes its code from its label. */
export function choicesText(list: readonly Choice[]): string {
  return list.map((c) => `${c.code} = ${c.label}`).join('\n');
}

export function parseChoices(text: string): Choice[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const eq = line.indexOf('=');
      if (eq < 0) return { code: line.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''), label: line };
      return { code: line.slice(0, eq).trim(), label: line.slice(eq + 1).trim() };
    });
}

/** A refusal in the form's words: "Disposition codes, line 3, code: ..." rather than "dispositionCodes.2.code". */
function said(err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  if (err.details.length === 0) return err.message;
  const lines = err.details.map((d) => {
    const line = /^(misreadReasons|dispositionCodes)\.(\d+)\.(\w+): (.*)$/.exec(d);
    return line ? `${LIST_LABELS[line[1]!]}, line ${Number(line[2]) + 1}, ${line[3]}: ${line[4]}` : readableIssue(d, { ...FIELD_LABELS, ...LIST_LABELS });
  });
  return `${err.code === 'invalid-input' ? 'Please check: ' : `${err.message} `}${lines.join('. ')}`;
}

interface Draft {
  order: WorkflowSettings['order'];
  misreadReasons: string;
  dispositionCodes: string;
  unopenedAlertS: string;
  escalateAfterS: string;
  cletsAdapter: WorkflowSettings['cletsAdapter'];
  cletsTemplate: string;
}

const draftOf = (s: WorkflowSettings): Draft => ({
  order: s.order,
  misreadReasons: choicesText(s.misreadReasons),
  dispositionCodes: choicesText(s.dispositionCodes),
  unopenedAlertS: String(s.unopenedAlertS),
  escalateAfterS: String(s.escalateAfterS),
  cletsAdapter: s.cletsAdapter,
  cletsTemplate: s.cletsTemplate,
});

/** Only what changed goes to the core (a key IT set and nobody touched is not "changed"). */
function patchOf(s: WorkflowSettings, d: Draft): Partial<WorkflowSettings> {
  const next: WorkflowSettings = {
    ...s,
    order: d.order,
    misreadReasons: parseChoices(d.misreadReasons),
    dispositionCodes: parseChoices(d.dispositionCodes),
    unopenedAlertS: Number(d.unopenedAlertS),
    escalateAfterS: Number(d.escalateAfterS),
    cletsAdapter: d.cletsAdapter,
    cletsTemplate: d.cletsTemplate,
  };
  return Object.fromEntries(
    (Object.keys(next) as (keyof WorkflowSettings)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(s[k])).map((k) => [k, next[k]]),
  ) as Partial<WorkflowSettings>;
}

export function WorkflowSettingsForm({ epoch, locks }: { epoch: number; locks: Readonly<Record<string, SettingLock>> }) {
  const [settings, setSettings] = useState<WorkflowSettings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    call('workflow:settings', {}).then(
      (s) => {
        setSettings(s);
        setDraft(draftOf(s));
      },
      (err) => setError(said(err)),
    );
  }, []);
  useEffect(load, [load, epoch]);
  useEffect(() => on('settings:changed', load), [load]);
  if (!settings || !draft) return <p role="status">{error || 'Loading the workflow settings…'}</p>;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });
  const lockOf = (key: keyof WorkflowSettings) => locks[`workflow.${key}`];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setError('');
    const patch = patchOf(settings, draft);
    if (Object.keys(patch).length === 0) {
      setStatus('Nothing changed.');
      return;
    }
    setBusy(true);
    try {
      const next = await call('workflow:update-settings', patch);
      setSettings(next);
      setDraft(draftOf(next));
      setStatus(`Saved: ${Object.keys(patch).map((k) => FIELD_LABELS[k] ?? LIST_LABELS[k] ?? k).join(', ')}. Hits already opened keep the order they were opened under.`);
    } catch (err) {
      setStatus('');
      setError(said(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Workflow settings">
      <fieldset>
        <legend>Workflow (administrators; each change is audited)</legend>
        <Field label="Order of the steps" lock={lockOf('order')}>
          {(p) => (
            <select {...p} value={draft.order} onChange={(e) => set('order', e.target.value as Draft['order'])}>
              <Options labels={ORDER_LABELS} />
            </select>
          )}
        </Field>
        <Field label="Misread reasons (one per line: code = label; “Other” is always offered)" lock={lockOf('misreadReasons')}>
          {(p) => <textarea {...p} rows={5} value={draft.misreadReasons} onChange={(e) => set('misreadReasons', e.target.value)} />}
        </Field>
        <Field label="Disposition codes (one per line: code = label)" lock={lockOf('dispositionCodes')}>
          {(p) => <textarea {...p} rows={5} value={draft.dispositionCodes} onChange={(e) => set('dispositionCodes', e.target.value)} />}
        </Field>
        <Field label="Alert again when a hit is not opened after (seconds)" lock={lockOf('unopenedAlertS')}>
          {(p) => <input {...p} type="number" min={1} max={3600} value={draft.unopenedAlertS} onChange={(e) => set('unopenedAlertS', e.target.value)} />}
        </Field>
        <Field label="Then escalate to supervisors after (seconds)" lock={lockOf('escalateAfterS')}>
          {(p) => <input {...p} type="number" min={1} max={3600} value={draft.escalateAfterS} onChange={(e) => set('escalateAfterS', e.target.value)} />}
        </Field>
        <Field label="CLETS queries" lock={lockOf('cletsAdapter')}>
          {(p) => (
            <select {...p} value={draft.cletsAdapter} onChange={(e) => set('cletsAdapter', e.target.value as Draft['cletsAdapter'])}>
              <Options labels={ADAPTER_LABELS} />
            </select>
          )}
        </Field>
        <Field label={`CLETS query template (${'{ORI} {LIC} {LIS} {LIY} {LIT}'}; a [part] is left out when its field is unknown)`} lock={lockOf('cletsTemplate')}>
          {(p) => <input {...p} type="text" value={draft.cletsTemplate} onChange={(e) => set('cletsTemplate', e.target.value)} />}
        </Field>
      </fieldset>
      <button type="submit" className="button button--primary" disabled={busy}>
        Save workflow settings
      </button>
      <SaveStatus status={status} error={error} />
    </form>
  );
}
