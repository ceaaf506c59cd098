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
