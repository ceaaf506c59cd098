/** A setting's field and why it is locked, shared by the Settings screen's forms. */
import { useId, type ReactNode } from 'react';
import type { SettingLock } from '../../../electron/contract';

export function LockNote({ lock, id }: { lock: SettingLock | undefined; id: string }) {
  if (!lock) return null;
  return (
    <p id={id} className={lock.by === 'provisioning' ? 'settings__lock settings__lock--it' : 'settings__lock'}>
      {lock.by === 'provisioning' ? 'Set by your IT department.' : lock.reason}
    </p>
  );
}

/** One labelled field with its lock note; the input is disabled when locked. */
export function Field({ label, lock, children }: { label: string; lock: SettingLock | undefined; children: (props: { id: string; disabled: boolean; 'aria-describedby'?: string }) => ReactNode }) {
  const id = useId();
  const noteId = `${id}-lock`;
  return (
    <div className="settings__field">
      <label htmlFor={id}>{label}</label>
      {children({ id, disabled: lock !== undefined, 'aria-describedby': lock ? noteId : undefined })}
      <LockNote lock={lock} id={noteId} />
    </div>
  );
}

/** One `<option>` per entry of a value-to-label map, in its order. */
export function Options({ labels }: { labels: Readonly<Record<string, string>> }) {
  return (
    <>
      {Object.entries(labels).map(([v, l]) => (
        <option key={v} value={v}>
          {l}
        </option>
      ))}
    </>
  );
}

/** What the last save said, under a settings form's button: done, or why not. */
export function SaveStatus({ status, error }: { status: string; error: string | null }) {
  return (
    <>
      <p role="status" className="settings__status">{status}</p>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </>
  );
}
