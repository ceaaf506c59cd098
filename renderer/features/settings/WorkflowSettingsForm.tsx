/**
 * The agency's workflow settings, edited by an administrator: the order of the steps, the
 * misread reasons and disposition codes, the alert and escalation times, the CLETS adapter and
 * query template. The core validates the whole change, audits it with before and after, and
 * refuses what IT's provisioning file sets (shown locked here).
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { Choice, SettingLock, WorkflowSettings } from '../../../electron/contract';
import { ApiError, call, on } from '../../api';

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
  const lines = err.details.map((d) =>
    d
      .replace(/^(misreadReasons|dispositionCodes)\.(\d+)\.(\w+): /, (_m, list: string, i: string, f: string) => `${LIST_LABELS[list]}, line ${Number(i) + 1}, ${f}: `)
      .replace(/^(misreadReasons|dispositionCodes): /, (_m, list: string) => `${LIST_LABELS[list]}: `)
      .replace(/^(\w+): /, (m, f: string) => (FIELD_LABELS[f] ? `${FIELD_LABELS[f]}: ` : m)),
  );
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
  const id = useId();
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
  const note = (key: keyof WorkflowSettings) => (lockOf(key) ? <p className="settings__lock settings__lock--it">Set by your IT department.</p> : null);

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
        <div className="settings__field">
          <label htmlFor={`${id}-order`}>Order of the steps</label>
          <select id={`${id}-order`} value={draft.order} disabled={!!lockOf('order')} onChange={(e) => set('order', e.target.value as Draft['order'])}>
            {Object.entries(ORDER_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
          {note('order')}
        </div>
        <div className="settings__field">
          <label htmlFor={`${id}-misread`}>Misread reasons (one per line: code = label; “Other” is always offered)</label>
          <textarea id={`${id}-misread`} rows={5} value={draft.misreadReasons} disabled={!!lockOf('misreadReasons')} onChange={(e) => set('misreadReasons', e.target.value)} />
          {note('misreadReasons')}
        </div>
        <div className="settings__field">
          <label htmlFor={`${id}-codes`}>Disposition codes (one per line: code = label)</label>
          <textarea id={`${id}-codes`} rows={5} value={draft.dispositionCodes} disabled={!!lockOf('dispositionCodes')} onChange={(e) => set('dispositionCodes', e.target.value)} />
          {note('dispositionCodes')}
        </div>
        <div className="settings__field">
          <label htmlFor={`${id}-alert`}>Alert again when a hit is not opened after (seconds)</label>
          <input id={`${id}-alert`} type="number" min={1} max={3600} value={draft.unopenedAlertS} disabled={!!lockOf('unopenedAlertS')} onChange={(e) => set('unopenedAlertS', e.target.value)} />
          {note('unopenedAlertS')}
        </div>
        <div className="settings__field">
          <label htmlFor={`${id}-escalate`}>Then escalate to supervisors after (seconds)</label>
          <input id={`${id}-escalate`} type="number" min={1} max={3600} value={draft.escalateAfterS} disabled={!!lockOf('escalateAfterS')} onChange={(e) => set('escalateAfterS', e.target.value)} />
          {note('escalateAfterS')}
        </div>
        <div className="settings__field">
          <label htmlFor={`${id}-adapter`}>CLETS queries</label>
          <select id={`${id}-adapter`} value={draft.cletsAdapter} disabled={!!lockOf('cletsAdapter')} onChange={(e) => set('cletsAdapter', e.target.value as Draft['cletsAdapter'])}>
            {Object.entries(ADAPTER_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
          {note('cletsAdapter')}
        </div>
        <div className="settings__field">
          <label htmlFor={`${id}-template`}>CLETS query template ({'{ORI} {LIC} {LIS} {LIY} {LIT}'}; a [part] is left out when its field is unknown)</label>
          <input id={`${id}-template`} type="text" value={draft.cletsTemplate} disabled={!!lockOf('cletsTemplate')} onChange={(e) => set('cletsTemplate', e.target.value)} />
          {note('cletsTemplate')}
        </div>
      </fieldset>
      <button type="submit" className="button button--primary" disabled={busy}>
        Save workflow settings
      </button>
      <p role="status" className="settings__status">{status}</p>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </form>
  );
}
