import { useId, useRef, useState, type FormEvent, type KeyboardEvent, type Ref } from 'react';
import type { CletsStatus } from '../../../electron/contract/hub';
import { StepButton } from './StepButton';
import { STEP_KEYS } from './keys';

export interface ManualResult {
  status?: CletsStatus;
  text?: string;
  oca?: string;
  cautions?: string;
  vehicle?: string;
  notes?: string;
}

interface Props {
  message: string;
  busy: boolean;
  firstFieldRef: Ref<HTMLInputElement>;
  onSubmit(result: ManualResult): void;
}

const STATUSES: [CletsStatus, string][] = [
  ['active', 'Active record'],
  ['cleared', 'Cleared / recovered'],
  ['no-record', 'No record'],
];

/**
 * For a CLETS terminal beside the console: the message to run there (with a copy button) and
 * what it returned, pasted whole or entered field by field. The core reads a pasted return
 * strictly and refuses one it cannot read.
 */
export function ManualCletsForm({ message, busy, firstFieldRef, onSubmit }: Props) {
  const [status, setStatus] = useState<CletsStatus | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const ids = { group: useId(), text: useId(), oca: useId(), cautions: useId(), vehicle: useId(), notes: useId() };

  const copy = () => {
    navigator.clipboard.writeText(message).then(
      () => setCopied('Copied.'),
      () => setCopied('Copy was blocked: select the message and copy it by hand.'),
    );
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const data = new FormData(form.current!);
    const text = (name: string) => {
      const v = String(data.get(name) ?? '').trim();
      return v === '' ? undefined : v;
    };
    onSubmit({
      ...(status ? { status } : {}),
      text: text('text'),
      oca: text('oca'),
      cautions: text('cautions'),
      vehicle: text('vehicle'),
      notes: text('notes'),
    });
  };

  // Enter in a one-line field or on a status records the result; the pasted return keeps its
  // lines. On a status, the button's own key (E) records it too: nothing is typed there.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    const onStatus = e.target instanceof HTMLInputElement && e.target.type === 'radio';
    const recordKey = onStatus && !e.ctrlKey && !e.metaKey && !e.altKey && e.key.toUpperCase() === STEP_KEYS.recordClets;
    if (recordKey || (e.key === 'Enter' && !(e.target instanceof HTMLTextAreaElement) && !(e.target instanceof HTMLButtonElement))) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <div className="manual-clets">
      <p className="manual-clets__lead">Run this on the CLETS terminal:</p>
      <div className="manual-clets__message">
        <code>{message}</code>
        <button type="button" className="button" onClick={copy}>
          Copy message
        </button>
        {copied && (
          <span role="status" className="manual-clets__copied">
            {copied}
          </span>
        )}
      </div>
      <form ref={form} className="manual-clets__form" onSubmit={submit} onKeyDown={onKeyDown}>
        <div role="radiogroup" aria-labelledby={ids.group} className="choices">
          <p id={ids.group} className="choices__legend">
            What CLETS returned
          </p>
          {STATUSES.map(([value, text], i) => (
            <label key={value} className="choice">
              <input
                ref={i === 0 ? firstFieldRef : undefined}
                type="radio"
                name="status"
                value={value}
                checked={status === value}
                onChange={() => setStatus(value)}
              />
              {text}
            </label>
          ))}
        </div>
        <label htmlFor={ids.text} className="field-label">
          Paste the return (optional; it is read and checked)
        </label>
        <textarea id={ids.text} name="text" rows={4} className="input input--mono" spellCheck={false} maxLength={20000} />
        <div className="manual-clets__fields">
          <label htmlFor={ids.oca} className="field-label">
            OCA
            <input id={ids.oca} name="oca" className="input" autoComplete="off" maxLength={40} />
          </label>
          <label htmlFor={ids.cautions} className="field-label">
            Caution codes
            <input id={ids.cautions} name="cautions" className="input" autoComplete="off" placeholder="e.g. armed and dangerous" maxLength={300} />
          </label>
          <label htmlFor={ids.vehicle} className="field-label">
            Vehicle on record
            <input id={ids.vehicle} name="vehicle" className="input" autoComplete="off" placeholder="2015 Honda Civic, white" maxLength={200} />
          </label>
          <label htmlFor={ids.notes} className="field-label">
            Notes
            <input id={ids.notes} name="notes" className="input" autoComplete="off" maxLength={2000} />
          </label>
        </div>
        <StepButton label="Record CLETS result" shortcut={STEP_KEYS.recordClets} type="submit" primary disabled={busy} />
      </form>
    </div>
  );
}
