import { useEffect, useRef, useState } from 'react';
import type { Policy } from '../../../electron/contract';
import { call } from '../../api';
import '../admin/admin.css';

interface Props {
  onAcknowledged(): void;
}

/** The usage and privacy policy in full, before any ALPR data; "I acknowledge" records it. */
export function PolicyScreen({ onAcknowledged }: Props) {
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const text = useRef<HTMLDivElement>(null);

  useEffect(() => {
    call('policy:current', {}).then(setPolicy, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, []);
  // Straight after sign-in the focus would be nowhere (the form is gone): on the policy text,
  // the arrow keys and Page Down read it, and Tab reaches "I acknowledge".
  const shown = policy !== null;
  useEffect(() => {
    if (shown) text.current?.focus();
  }, [shown]);

  const acknowledge = async () => {
    if (!policy) return;
    setBusy(true);
    setError(null);
    try {
      await call('policy:acknowledge', { version: policy.version });
      onAcknowledged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      call('policy:current', {}).then(setPolicy, () => {});
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="auth auth--wide" aria-labelledby="policy-title">
      <h1 id="policy-title">Usage and privacy policy</h1>
      <p className="auth__notice">Read the policy in full. You see ALPR data only after you acknowledge it{policy ? ` (version ${policy.version})` : ''}.</p>
      {policy && (
        <div ref={text} className="policy-text" tabIndex={0} role="document" aria-label="Policy text">
          {policy.text.split(/\n{2,}/).map((para, i) => (
            <p key={i}>{para}</p>
          ))}
        </div>
      )}
      <p className="form-error" role="alert">
        {error}
      </p>
      <button type="button" className="button button--primary button--wide" disabled={!policy || busy} onClick={acknowledge}>
        I acknowledge
      </button>
    </section>
  );
}
