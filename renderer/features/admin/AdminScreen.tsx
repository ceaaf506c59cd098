import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { ROLES, type AdminUser, type Role, type SecuritySettings, type User } from '../../../electron/contract';
import { call } from '../../api';
import { Field } from '../session/Field';
import { useAction } from '../shared/useAction';
import { localDate } from '../../lib/time';
import { PurposesAdmin } from './PurposesAdmin';
import './admin.css';

function RoleSelect({ id, value, onChange }: { id: string; value: Role; onChange(r: Role): void }) {
  return (
    <div className="field">
      <label htmlFor={id}>Role</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
    </div>
  );
}

function CreateUser({ onDone }: { onDone(): void }) {
  const empty = { username: '', displayName: '', badge: '', agency: '', role: 'dispatcher' as Role, password: '' };
  const [f, setF] = useState(empty);
  const { run, lines } = useAction({ doneClass: 'admin__done', onDone });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await call('admin:create-user', { ...f, username: f.username.trim() });
      setF(empty);
      // Ready for the next one (the status line says this one was created).
      document.getElementById('new-username')?.focus();
      return `User ${f.username} created. They choose their own password when they first sign in.`;
    });
  };
  return (
    <form className="admin__form" onSubmit={submit} noValidate aria-labelledby="create-user-title">
      <h3 id="create-user-title">Create user</h3>
      <Field id="new-username" label="Username" autoComplete="off" value={f.username} onChange={(e) => setF({ ...f, username: e.target.value })} />
      <Field id="new-display" label="Display name" value={f.displayName} onChange={(e) => setF({ ...f, displayName: e.target.value })} />
      <Field id="new-badge" label="Badge" value={f.badge} onChange={(e) => setF({ ...f, badge: e.target.value })} />
      <Field id="new-agency" label="Agency (ORI)" value={f.agency} onChange={(e) => setF({ ...f, agency: e.target.value })} />
      <RoleSelect id="new-role" value={f.role} onChange={(role) => setF({ ...f, role })} />
      <Field id="new-password" label="Initial password" hint="Give it to the user in person; they replace it at their first sign-in." type="password" autoComplete="new-password" value={f.password} onChange={(e) => setF({ ...f, password: e.target.value })} />
      {lines}
      <button type="submit" className="button button--primary">
        Create user
      </button>
    </form>
  );
}

function EditUser({ user, self, onDone, onDirty }: { user: AdminUser; self: User; onDone(): void; onDirty(dirty: boolean): void }) {
  const [f, setF] = useState({ displayName: user.displayName, badge: user.badge ?? '', agency: user.agency ?? '', role: user.role });
  const [pw, setPw] = useState('');
  const today = localDate();
  const [t, setT] = useState({ date: today, course: '', trainer: '' });
  // Typed and not saved: another user's Edit asks for a second press before it is left.
  const dirty =
    f.displayName !== user.displayName || f.badge !== (user.badge ?? '') || f.agency !== (user.agency ?? '') || f.role !== user.role ||
    pw !== '' || t.course !== '' || t.trainer !== '';
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  // Each form says its own outcome under its own button, not all of them under the last one.
  const profile = useAction({ doneClass: 'admin__done', onDone });
  const account = useAction({ doneClass: 'admin__done', onDone });
  const reset = useAction({ doneClass: 'admin__done', onDone });
  const training = useAction({ doneClass: 'admin__done', onDone });
  const who = user.username;
  return (
    <section className="admin__edit" aria-labelledby="edit-user-title">
      <h3 id="edit-user-title">Edit {who}</h3>
      <form
        className="admin__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void profile.run(async () => {
            await call('admin:update-user', { id: user.id, displayName: f.displayName, badge: f.badge || null, agency: f.agency || null, role: f.role });
            return `Saved ${who}.`;
          });
        }}
      >
        <Field id="edit-display" label="Display name" value={f.displayName} onChange={(e) => setF({ ...f, displayName: e.target.value })} />
        <Field id="edit-badge" label="Badge" value={f.badge} onChange={(e) => setF({ ...f, badge: e.target.value })} />
        <Field id="edit-agency" label="Agency (ORI)" value={f.agency} onChange={(e) => setF({ ...f, agency: e.target.value })} />
        <RoleSelect id="edit-role" value={f.role} onChange={(role) => setF({ ...f, role })} />
        {profile.lines}
        <button type="submit" className="button button--primary">
          Save changes
        </button>
      </form>
      <div className="admin__row">
        {user.locked && (
          <button type="button" className="button" onClick={() => void account.run(() => call('admin:unlock-user', { id: user.id }).then(() => `Unlocked ${who}.`))}>
            Unlock account
          </button>
        )}
        {user.id !== self.id && (
          <button type="button" className="button" onClick={() => void account.run(() => call('admin:set-disabled', { id: user.id, disabled: !user.disabled }).then(() => `${user.disabled ? 'Enabled' : 'Disabled'} ${who}.`))}>
            {user.disabled ? 'Enable account' : 'Disable account'}
          </button>
        )}
      </div>
      {account.lines}
      <form
        className="admin__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void reset.run(async () => {
            await call('admin:reset-password', { id: user.id, password: pw });
            setPw('');
            return `Password reset for ${who}. They choose their own at their next sign-in.`;
          });
        }}
      >
        <Field id="reset-password" label="New password" type="password" autoComplete="new-password" value={pw} onChange={(e) => setPw(e.target.value)} />
        {reset.lines}
        <button type="submit" className="button">
          Reset password
        </button>
      </form>
      <form
        className="admin__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void training.run(() =>
            call('admin:record-training', { id: user.id, ...t }).then(() => {
              setT({ date: today, course: '', trainer: '' });
              return `Training recorded for ${who}.`;
            }),
          );
        }}
      >
        <Field id="training-date" label="Training date" type="date" value={t.date} onChange={(e) => setT({ ...t, date: e.target.value })} />
        <Field id="training-course" label="Course" value={t.course} onChange={(e) => setT({ ...t, course: e.target.value })} />
        <Field id="training-trainer" label="Trainer" value={t.trainer} onChange={(e) => setT({ ...t, trainer: e.target.value })} />
        {training.lines}
        <button type="submit" className="button">
          Record training
        </button>
      </form>
    </section>
  );
}

function PolicyEditor() {
  const [text, setText] = useState('');
  const [version, setVersion] = useState<number | null>(null);
  const load = useCallback(() => {
    call('policy:current', {}).then((p) => {
      setText(p.text);
      setVersion(p.version);
    }, () => {});
  }, []);
  useEffect(load, [load]);
  const { run, lines } = useAction({ doneClass: 'admin__done', onDone: load });
  return (
    <form
      className="admin__form"
      noValidate
      aria-labelledby="policy-edit-title"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => call('admin:update-policy', { text }).then(() => 'New policy version published; every user acknowledges it again.'));
      }}
    >
      <h2 id="policy-edit-title">Usage and privacy policy{version !== null ? ` (version ${version})` : ''}</h2>
      <div className="field">
        <label htmlFor="policy-text">Policy text</label>
        <textarea id="policy-text" rows={14} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {lines}
      <button type="submit" className="button button--primary">
        Publish new version
      </button>
    </form>
  );
}

function SecuritySettingsForm() {
  const [s, setS] = useState<SecuritySettings | null>(null);
  const [lists, setLists] = useState<Record<Role, string>>({ dispatcher: '', supervisor: '', admin: '', auditor: '' });
  const load = useCallback(() => {
    call('admin:security-settings', {}).then((v) => {
      setS(v);
      setLists(Object.fromEntries(ROLES.map((r) => [r, (v.roleLists[r] ?? []).join(', ')])) as Record<Role, string>);
    }, () => {});
  }, []);
  useEffect(load, [load]);
  const { run, lines } = useAction({ doneClass: 'admin__done', onDone: load });
  if (!s) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const roleLists = Object.fromEntries(
      ROLES.map((r) => {
        const names = lists[r].split(',').map((x) => x.trim()).filter(Boolean);
        return [r, names.length ? names : null];
      }),
    ) as SecuritySettings['roleLists'];
    void run(() =>
      call('admin:update-security-settings', { ...s, roleLists }).then(({ unknownLists }) =>
        unknownLists.length
          ? `Settings saved. Check the spelling: no hit here has come from ${unknownLists.map((l) => `"${l}"`).join(', ')}, so a role limited to ${unknownLists.length === 1 ? 'it' : 'them'} sees none of those (list names are the small grey names on the queue rows, such as SVS).`
          : 'Settings saved.',
      ),
    );
  };
  return (
    <form className="admin__form" noValidate onSubmit={submit} aria-labelledby="security-title">
      <h2 id="security-title">Session lock and hotlist categories</h2>
      <Field id="lock-minutes" label="Lock after minutes without activity" type="number" min={1} max={240} value={String(s.lockAfterMinutes)} onChange={(e) => setS({ ...s, lockAfterMinutes: Number(e.target.value) })} />
      <div className="field field--check">
        <input id="exemption" type="checkbox" checked={s.dispatchCenterExemption} aria-describedby="exemption-warning" onChange={(e) => setS({ ...s, dispatchCenterExemption: e.target.checked })} />
        <label htmlFor="exemption">CJIS dispatch-center exemption (no inactivity lock)</label>
        <p id="exemption-warning" className={s.dispatchCenterExemption ? 'admin__warning' : 'field__hint'} role={s.dispatchCenterExemption ? 'alert' : undefined}>
          Warning: with the exemption on, consoles never lock when left alone. Use it only where the dispatch floor is physically secured and the CJIS
          policy&apos;s compensating controls apply.
        </p>
      </div>
      <fieldset>
        <legend>Hotlist categories each role may see (list names, comma-separated; empty: all lists)</legend>
        {ROLES.map((r) => (
          <Field key={r} id={`lists-${r}`} label={`Lists for ${r}`} value={lists[r]} onChange={(e) => setLists({ ...lists, [r]: e.target.value })} />
        ))}
      </fieldset>
      {lines}
      <button type="submit" className="button button--primary">
        Save settings
      </button>
    </form>
  );
}

/** Administration: users, training, the policy text, the session lock, the hotlist categories per role, the purposes and lookup rules. */
export function AdminScreen({ self, onChanged }: { self: User; onChanged(): void }) {
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  // The user whose Edit was pressed while the open one had unsaved changes (pressed again: go).
  const [held, setHeld] = useState<number | null>(null);
  const dirty = useRef(false);
  const onDirty = useCallback((d: boolean) => {
    dirty.current = d;
  }, []);
  const edit = (id: number) => {
    if (dirty.current && editing !== null && id !== editing && held !== id) {
      setHeld(id);
      return;
    }
    setHeld(null);
    dirty.current = false;
    setEditing(id);
  };
  const load = useCallback(() => {
    call('admin:users', {}).then(({ users: u }) => setUsers(u), () => {});
    onChanged();
  }, [onChanged]);
  useEffect(load, [load]);
  const editUser = users?.find((u) => u.id === editing) ?? null;
  return (
    <div className="admin">
      <h1>Administration</h1>
      <section aria-labelledby="users-title">
        <h2 id="users-title">Users</h2>
        <table className="admin__table" aria-labelledby="users-title">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Name</th>
              <th scope="col">Badge</th>
              <th scope="col">Agency</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">Training</th>
              <th scope="col">Policy</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users?.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{u.badge}</td>
                <td>{u.agency}</td>
                <td>{u.role}</td>
                <td>{u.disabled ? 'disabled' : u.locked ? 'locked' : u.passwordChangeRequired ? 'active (temporary password)' : 'active'}</td>
                <td>{u.training ? `${u.training.date} · ${u.training.course} · ${u.training.trainer}` : 'not recorded'}</td>
                <td>{u.acknowledged ? `v${u.acknowledged.version} ${localDate(u.acknowledged.at)}` : 'not acknowledged'}</td>
                <td>
                  <button type="button" className="button" aria-label={`Edit ${u.username}`} onClick={() => edit(u.id)}>
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {editUser && held !== null && (
          <p className="admin__unsaved" role="status">
            {editUser.username} has changes not saved: save them, or press Edit on {users?.find((u) => u.id === held)?.username ?? 'the other user'} again to leave them.
          </p>
        )}
        {editUser && <EditUser key={editUser.id} user={editUser} self={self} onDone={load} onDirty={onDirty} />}
        <CreateUser onDone={load} />
      </section>
      <PolicyEditor />
      <SecuritySettingsForm />
      <PurposesAdmin />
    </div>
  );
}
