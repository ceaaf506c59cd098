/**
 * Settings (issue 9): the user's own display preferences (theme, font scale: applied at once),
 * the workstation's notification preferences (supervisors and admins) and its connection and
 * agency settings (admins). What this user may not change is shown locked with the reason, and
 * what IT provisioned says "Set by your IT department". The core checks all of it again.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import {
  FONT_SCALES,
  THEMES,
  type Preferences,
  type SettingsUpdate,
  type SettingsView,
} from '../../../electron/contract';
import { ApiError, call, on } from '../../api';
import type { ScreenProps } from '../shell/views';
import { readableIssue } from '../session/field-errors';
import { applyPreferences } from './preferences';
import { WorkflowSettingsForm } from './WorkflowSettingsForm';
import { Field, LockNote, SaveStatus } from './Field';
import './settings.css';

const THEME_LABELS: Record<(typeof THEMES)[number], string> = { dark: 'Dark (dim rooms)', light: 'Light' };

/** The settings by the names this screen gives them (for refusals and "waiting for a restart"). */
const SETTING_LABELS: Readonly<Record<string, string>> = {
  hubUrl: 'Hub address',
  workstationId: 'Workstation id',
  hubToken: 'Workstation token at the hub',
  agencyName: 'Agency name',
  agencyOri: 'Agency ORI',
  mapGeoJsonPath: 'Map data file',
  auditRetentionDays: 'Keep audit records',
};

function message(err: unknown): string {
  // Refused input in the screen's words ("Please check: Keep audit records: ..."), not the channel's.
  if (err instanceof ApiError && err.code === 'invalid-input' && err.details.length > 0) {
    return `Please check: ${err.details.map((d) => `${readableIssue(d, SETTING_LABELS)}.`).join(' ')}`;
  }
  if (err instanceof ApiError) return [err.message, ...err.details.filter((d) => !err.message.includes(d))].join(' ');
  return err instanceof Error ? err.message : String(err);
}

function DisplayPreferences({ epoch }: { epoch: number }) {
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [status, setStatus] = useState('');
  useEffect(() => {
    call('settings:preferences', {}).then(setPrefs, (err) => setStatus(message(err)));
  }, [epoch]);
  // Shown at once (arrow keys through the sizes must not wait for each save, or a press is
  // lost to the old value); only the answer to the latest change is applied.
  const latest = useRef(0);
  const change = async (patch: Partial<Preferences>) => {
    const seq = ++latest.current;
    setPrefs((p) => (p ? { ...p, ...patch } : p));
    try {
      const next = await call('settings:update-preferences', patch);
      if (seq !== latest.current) return;
      setPrefs(next);
      applyPreferences(next);
      setStatus('Saved.');
    } catch (err) {
      if (seq !== latest.current) return;
      setStatus(message(err));
      call('settings:preferences', {}).then(setPrefs, () => undefined);
    }
  };
  if (!prefs) return <p role="status">{status || 'Loading…'}</p>;
  return (
    <fieldset>
      <legend>Display (your own)</legend>
      <div className="settings__field" role="radiogroup" aria-label="Theme">
        <span>Theme</span>
        <div className="settings__choices">
          {THEMES.map((t) => (
            <label key={t}>
              <input type="radio" name="theme" value={t} checked={prefs.theme === t} onChange={() => void change({ theme: t })} /> {THEME_LABELS[t]}
            </label>
          ))}
        </div>
      </div>
      <Field label="Text size" lock={undefined}>
        {(p) => (
          <select {...p} value={prefs.fontScale} onChange={(e) => void change({ fontScale: Number(e.target.value) })}>
            {FONT_SCALES.map((s) => (
              <option key={s} value={s}>
                {s} %
              </option>
            ))}
          </select>
        )}
      </Field>
      <p role="status" className="settings__status">{status}</p>
    </fieldset>
  );
}

type Draft = {
  hubUrl: string;
  workstationId: string;
  hubToken: string;
  agencyName: string;
  agencyOri: string;
  mapGeoJsonPath: string;
  auditRetentionDays: string;
  desktop: boolean;
  sound: boolean;
  quietEnabled: boolean;
  quietStart: string;
  quietEnd: string;
};

function draftOf(v: SettingsView['values']): Draft {
  return {
    hubUrl: v.hubUrl,
    workstationId: v.workstationId,
    hubToken: '',
    agencyName: v.agencyName,
    agencyOri: v.agencyOri,
    mapGeoJsonPath: v.mapGeoJsonPath,
    auditRetentionDays: String(v.auditRetentionDays),
    desktop: v.notifications.desktop,
    sound: v.notifications.sound,
    quietEnabled: v.notifications.quietHours.enabled,
    quietStart: v.notifications.quietHours.start,
    quietEnd: v.notifications.quietHours.end,
  };
}

/** Only what changed and may be changed goes to the core. */
function patchOf(view: SettingsView, d: Draft): SettingsUpdate {
  const v = view.values;
  const free = (key: string) => !view.locks[key];
  const out: Record<string, unknown> = {};
  const text = (key: 'hubUrl' | 'workstationId' | 'agencyName' | 'agencyOri' | 'mapGeoJsonPath') => {
    if (free(key) && d[key] !== v[key]) out[key] = d[key];
  };
  text('hubUrl');
  text('workstationId');
  text('agencyName');
  text('agencyOri');
  text('mapGeoJsonPath');
  if (free('hubToken') && d.hubToken !== '') out.hubToken = d.hubToken;
  if (free('auditRetentionDays') && d.auditRetentionDays !== String(v.auditRetentionDays)) out.auditRetentionDays = Number(d.auditRetentionDays);
  const n: Record<string, unknown> = {};
  if (free('notifications.desktop') && d.desktop !== v.notifications.desktop) n.desktop = d.desktop;
  if (free('notifications.sound') && d.sound !== v.notifications.sound) n.sound = d.sound;
  const q = { enabled: d.quietEnabled, start: d.quietStart, end: d.quietEnd };
  if (free('notifications.quietHours') && JSON.stringify(q) !== JSON.stringify(v.notifications.quietHours)) n.quietHours = q;
  if (Object.keys(n).length) out.notifications = n;
  return out as SettingsUpdate;
}

function WorkstationSettings({ epoch, admin }: { epoch: number; admin: boolean }) {
  const [view, setView] = useState<SettingsView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const load = useCallback(() => {
    call('settings:get', {}).then(
      (v) => {
        setView(v);
        setDraft(draftOf(v.values));
      },
      (err) => setError(message(err)),
    );
  }, []);
  useEffect(load, [load, epoch]);
  useEffect(() => on('settings:changed', load), [load, epoch]);

  if (!view || !draft) return <p role="status">{error || 'Loading…'}</p>;
  const lock = (key: string) => view.locks[key];
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });
  const anyEditable = ['hubUrl', 'notifications.desktop', 'notifications.quietHours'].some((k) => !lock(k));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    const patch = patchOf(view, draft);
    if (Object.keys(patch).length === 0) {
      setStatus('Nothing changed.');
      return;
    }
    try {
      const next = await call('settings:update', patch);
      setView(next);
      setDraft(draftOf(next.values));
      setStatus(next.restartPending.length ? `Saved. ${next.restartPending.length} change(s) take effect when the console restarts.` : 'Saved.');
    } catch (err) {
      setStatus('');
      setError(message(err));
    }
  };

  const textField = (key: 'hubUrl' | 'workstationId' | 'agencyName' | 'agencyOri' | 'mapGeoJsonPath', label: string) => (
    <Field label={label} lock={lock(key)}>
      {(p) => <input {...p} type="text" value={draft[key]} onChange={(e) => set(key, e.target.value)} />}
    </Field>
  );

  return (
    <>
    <form onSubmit={submit} noValidate aria-label="Workstation settings">
      <fieldset>
        <legend>Notifications (this workstation)</legend>
        <Field label="Desktop notifications when the console is not in front" lock={lock('notifications.desktop')}>
          {(p) => <input {...p} type="checkbox" checked={draft.desktop} onChange={(e) => set('desktop', e.target.checked)} />}
        </Field>
        <Field label="Play the notification sound" lock={lock('notifications.sound')}>
          {(p) => <input {...p} type="checkbox" checked={draft.sound} onChange={(e) => set('sound', e.target.checked)} />}
        </Field>
        <Field label="Quiet hours (high-priority hits always notify)" lock={lock('notifications.quietHours')}>
          {(p) => <input {...p} type="checkbox" checked={draft.quietEnabled} onChange={(e) => set('quietEnabled', e.target.checked)} />}
        </Field>
        <Field label="Quiet from" lock={lock('notifications.quietHours')}>
          {(p) => <input {...p} type="time" value={draft.quietStart} onChange={(e) => set('quietStart', e.target.value)} />}
        </Field>
        <Field label="Quiet until" lock={lock('notifications.quietHours')}>
          {(p) => <input {...p} type="time" value={draft.quietEnd} onChange={(e) => set('quietEnd', e.target.value)} />}
        </Field>
      </fieldset>
      <fieldset>
        <legend>Connection and agency (administrators)</legend>
        {textField('hubUrl', 'Hub address')}
        {textField('workstationId', 'Workstation id')}
        <Field label={`Workstation token at the hub (${view.values.hubTokenSet ? 'set; type to replace' : 'not set'})`} lock={lock('hubToken')}>
          {(p) => <input {...p} type="password" autoComplete="off" value={draft.hubToken} onChange={(e) => set('hubToken', e.target.value)} />}
        </Field>
        {textField('agencyName', 'Agency name')}
        {textField('agencyOri', 'Agency ORI')}
        {textField('mapGeoJsonPath', 'Map data file (GeoJSON)')}
        <Field label="Keep audit records (days, at least 365)" lock={lock('auditRetentionDays')}>
          {(p) => <input {...p} type="number" min={365} value={draft.auditRetentionDays} onChange={(e) => set('auditRetentionDays', e.target.value)} />}
        </Field>
      </fieldset>
      {!admin && (
        <fieldset>
          <legend>Workflow (set by IT in the provisioning file, or by an administrator)</legend>
          <p>CLETS adapter: {view.values.workflow.cletsAdapter === 'hub' ? 'through the hub' : 'manual entry from a separate terminal'}</p>
          <LockNote lock={lock('workflow.cletsAdapter')} id="clets-lock" />
          <p>
            Alert again after {view.values.workflow.unopenedAlertS} s unopened; escalate to supervisors {view.values.workflow.escalateAfterS} s later.
          </p>
        </fieldset>
      )}
      {view.restartPending.length > 0 && <p role="note">Waiting for a restart: {view.restartPending.map((k) => SETTING_LABELS[k] ?? k).join(', ')}.</p>}
      {anyEditable && (
        <button type="submit" className="button button--primary">
          Save settings
        </button>
      )}
      <SaveStatus status={status} error={error} />
    </form>
    {admin && <WorkflowSettingsForm epoch={epoch} locks={view.locks} />}
    </>
  );
}

export function SettingsScreen({ epoch, user }: ScreenProps) {
  return (
    <section aria-labelledby="view-title" className="settings">
      <h1 id="view-title">Settings</h1>
      <DisplayPreferences epoch={epoch} />
      <WorkstationSettings epoch={epoch} admin={user.role === 'admin'} />
    </section>
  );
}
