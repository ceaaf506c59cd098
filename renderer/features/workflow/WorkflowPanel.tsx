import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { unitsOf } from './units';
import { AUTOMATIC_DISPOSITIONS, type CallInput, type Channel, type WorkflowView } from '../../../electron/contract';
import { ApiError, call } from '../../api';
import { useNow } from '../../lib/clock';
import { formatAge, formatClock } from '../../lib/time';
import { BroadcastScript } from './BroadcastScript';
import { ChoiceForm } from './ChoiceForm';
import { CletsResponse } from './CletsResponse';
import { ManualCletsForm, type ManualResult } from './ManualCletsForm';
import { StepButton } from './StepButton';
import { firstFieldOf, readableIssue } from '../session/field-errors';
import { STEP_KEYS, stepKeyOf } from './keys';
import './workflow.css';

type StepChannel = Extract<Channel, `workflow:${string}`>;
type Form = 'misread' | 'dispose' | 'take-over' | 'end-withdrawn' | null;

interface Props {
  view: WorkflowView;
  onView(view: WorkflowView): void;
  /** The hotlist entries' notes, shown beside the hit broadcast (they are not in its script). */
  hotlistNotes?: readonly { list: string; notes: string }[];
  /** Where Esc goes from an ended hit ("queue", "shift log"). */
  backTo?: string;
  /** Shown, not worked: no step, key or takeover is offered (a supervisory review). */
  readOnly?: boolean;
}

const OTHER: { code: string; label: string } = { code: 'other', label: 'Other (describe)' };

const NEXT_TITLES: Record<NonNullable<WorkflowView['next']>, string> = {
  open: 'Not opened yet',
  'plate-check': 'Check the plate',
  broadcast: 'Broadcast the hit',
  'clets-query': 'Run the hit through CLETS',
  'clets-result': 'Record what CLETS returned',
  'results-broadcast': 'Broadcast the CLETS results',
  dispose: 'Dispose of the hit',
};

const textOf = (data: FormData, name: string) => {
  const v = String(data.get(name) ?? '').trim();
  return v === '' ? undefined : v;
};

/** The workflow forms' fields as their labels say them, for refusals that name a field. */
const FIELD_LABELS: Record<string, string> = {
  note: 'What is wrong',
  correctedPlate: 'Correct plate',
  correctedState: 'Correct state',
  units: 'Assigned units',
  notes: 'Notes',
  reason: 'Reason',
  code: 'Choice',
  oca: 'OCA',
  text: 'CLETS return text',
  status: 'What CLETS returned',
};

/** A one-field form of the panel (a takeover's reason, a withdrawn ending's notes); Esc cancels it. */
function OneFieldForm(props: {
  name: string;
  label: string;
  required?: boolean;
  maxLength: number;
  submitLabel: string;
  busy: boolean;
  fieldRef: RefObject<HTMLInputElement | null>;
  onCancel(): void;
  onSubmit(value: string | undefined): void;
}) {
  return (
    <form
      className="take-over"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(textOf(new FormData(e.currentTarget), props.name));
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        props.onCancel();
      }}
    >
      <label className="field-label">
        {props.label}
        <input ref={props.fieldRef} name={props.name} className="input" required={props.required} autoComplete="off" maxLength={props.maxLength} />
      </label>
      <button type="submit" className="button button--primary" disabled={props.busy}>
        {props.submitLabel}
      </button>
    </form>
  );
}

/**
 * The verification workflow of the open hit: the step to take now, large, with its key; the
 * broadcast to read; the CLETS return. The core decides everything: this only shows its view
 * and sends the dispatcher's choices. (The timeline sits with the evidence, ReviewScreen.)
 */
export function WorkflowPanel({ view: given, onView, hotlistNotes = [], backTo = 'queue', readOnly = false }: Props) {
  // Read only: the core's view with nothing to act on, so no button, key or form appears.
  const view: WorkflowView = readOnly ? { ...given, canAct: false, canTakeOver: false } : given;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ message: string; details: string[]; clets: boolean } | null>(null);
  const [form, setForm] = useState<Form>(null);
  const primary = useRef<HTMLButtonElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const now = useNow();
  const { hitId, next, canAct } = view;

  // One call at a time: a second Enter on a form's submit, before the first answer re-renders,
  // sent the step twice and showed the second's "this hit has ended" under the ending.
  const running = useRef(false);
  const run = useCallback(
    async <C extends StepChannel>(channel: C, input: CallInput<C>, doing: string) => {
      if (running.current) return;
      running.current = true;
      setBusy(doing);
      setError(null);
      try {
        onView((await call(channel, input)) as WorkflowView);
        setForm(null);
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) });
        // Bad input names its field: said in the form's words, and the focus goes to that field.
        const invalid = e.code === 'invalid-input';
        setError({
          message: invalid ? 'Please check:' : e.message,
          details: invalid ? e.details.map((d) => readableIssue(d, FIELD_LABELS)) : e.details,
          clets: channel === 'workflow:run-clets',
        });
        const field = invalid ? firstFieldOf(e) : null;
        if (field) document.querySelector<HTMLElement>(`.workflow [name="${field}"]`)?.focus();
      } finally {
        running.current = false;
        setBusy(null);
      }
    },
    [onView],
  );

  const act = canAct && busy === null;
  const actions: Partial<Record<string, () => void>> = {};
  if (act && next === 'plate-check') {
    actions[STEP_KEYS.confirm] = () => void run('workflow:confirm-plate', { hitId }, 'Confirming the plate…');
    actions[STEP_KEYS.misread] = () => setForm('misread');
  }
  if (act && next === 'broadcast') actions[STEP_KEYS.broadcast] = () => void run('workflow:mark-broadcast', { hitId }, 'Recording the broadcast…');
  if (act && next === 'clets-query') {
    actions[STEP_KEYS.clets] = () =>
      void run('workflow:run-clets', { hitId }, view.clets.adapter === 'hub' ? 'Querying CLETS…' : 'Preparing the CLETS message…');
  }
  if (act && next === 'clets-result') {
    // With a return chosen, E records it; before that it goes to the choices.
    actions[STEP_KEYS.recordClets] = () => {
      const form = firstField.current?.closest('form');
      if (form?.querySelector('input[name="status"]:checked')) form.requestSubmit();
      else firstField.current?.focus();
    };
  }
  if (act && next === 'results-broadcast') {
    actions[STEP_KEYS.results] = () => void run('workflow:mark-results-broadcast', { hitId }, 'Recording the broadcast…');
  }
  if (act && next === 'dispose') actions[STEP_KEYS.dispose] = () => setForm('dispose');
  if (view.canTakeOver && busy === null) actions[STEP_KEYS.takeOver] = () => setForm('take-over');
  if (act && view.withdrawnEnd?.allowed) actions[STEP_KEYS.endWithdrawn] = () => setForm('end-withdrawn');

  const actionsRef = useRef(actions);
  actionsRef.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const key = stepKeyOf(e);
      const action = key && actionsRef.current[key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // After every step the next one has the focus, so Enter works as well as its key; but not
  // the plate check as the hit opens: the Enter that opened it must not confirm the plate
  // before it was looked at (focus stays on the review's title; C or a click confirms).
  // A hit that ends here (disposed, misread) puts the focus on how it ended, not on the page:
  // the button that was pressed is gone.
  const opened = useRef(false);
  const endingRef = useRef<HTMLDivElement>(null);
  const cletsRef = useRef<HTMLDivElement>(null);
  const scriptRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const first = !opened.current;
    opened.current = true;
    if (form) {
      firstField.current?.focus();
      // The whole form in view, its submit button included (focus scrolls only the field in).
      firstField.current?.closest('form')?.scrollIntoView({ block: 'nearest' });
    } else if (next === null) {
      if (!first) endingRef.current?.focus();
    } else if (next === 'clets-result') {
      // A return entered by hand: its first choice (the form has no step button to focus).
      firstField.current?.focus();
    } else if (!(first && next === 'plate-check')) {
      // What is to be read on the radio comes first on screen: the hit script, or what CLETS
      // returned and the results script under it, from their top (the page's scroll padding
      // keeps it below the pinned banners); the button's key works wherever the button is.
      const readFirst = next === 'broadcast' ? scriptRef.current : next === 'results-broadcast' ? (cletsRef.current ?? scriptRef.current) : null;
      primary.current?.focus(readFirst ? { preventScroll: true } : undefined);
      readFirst?.scrollIntoView({ block: 'start' });
    }
  }, [next, form, canAct]);

  const stageIndex = view.stages.findIndex((s) => s.state === 'current');
  const current = stageIndex >= 0 ? view.stages[stageIndex]! : null;
  const lastStep = view.timeline.filter((e) => !['claimed', 'released', 'taken-over'].includes(e.step)).pop();
  const holder = view.claim.holder;
  const doneAt = (step: string) => {
    const e = view.timeline.find((t) => t.step === step);
    return e ? formatClock(e.at) : null;
  };

  return (
    <section className="workflow" aria-labelledby="workflow-title">
      <header className="workflow__head">
        <h2 id="workflow-title" className="workflow__title">
          {next === null
            ? 'Hit ended'
            : current
              ? `Step ${stageIndex + 1} of ${view.stages.length}: ${NEXT_TITLES[next]}`
              : NEXT_TITLES[next]}
        </h2>
        <p className="workflow__clock">
          Read <strong>{formatAge(now - Date.parse(view.capturedAt))}</strong> ago
          {lastStep && next && (
            <>
              {' '}
              · last step <strong>{formatAge(now - Date.parse(lastStep.at))}</strong> ago
            </>
          )}
        </p>
        <ol className="stages" aria-label="Progress">
          {view.stages.map((s) => (
            <li key={s.key} className={`stage stage--${s.state}`} aria-current={s.state === 'current' ? 'step' : undefined}>
              <span className="stage__mark" aria-hidden="true">
                {s.state === 'done' ? '✓' : s.state === 'current' ? '▶' : s.state === 'skipped' ? '–' : '○'}
              </span>
              {s.label}
              <span className="visually-hidden"> ({s.state})</span>
            </li>
          ))}
        </ol>
      </header>

      <div className="workflow__body">
        <div className="workflow__now">
          {holder && !view.claim.mine && view.ending === null && (
            <div className="claim-banner" role="status">
              <p className="claim-banner__text">
                Being handled by {holder.displayName} at {holder.workstationId}
              </p>
              {view.canTakeOver && form !== 'take-over' && (
                <StepButton label="Take over" shortcut={STEP_KEYS.takeOver} buttonRef={primary} onClick={() => setForm('take-over')} />
              )}
              {form === 'take-over' && (
                <OneFieldForm
                  name="reason"
                  label="Reason for the takeover (recorded)"
                  required
                  maxLength={500}
                  submitLabel="Confirm takeover"
                  busy={busy !== null}
                  fieldRef={firstField}
                  onCancel={() => setForm(null)}
                  onSubmit={(reason) => void run('workflow:take-over', { hitId, reason: reason ?? '' }, 'Taking the hit over…')}
                />
              )}
            </div>
          )}
          {view.claim.mine && !view.claim.confirmed && view.ending === null && (
            <p className="offline-note" role="status">
              The hub is not reachable: you are working this hit on this console only. Your steps are kept and reported when the link is back.
            </p>
          )}

          {view.withdrawnEnd && canAct && (
            // The entry behind the hit is off the list: end it without a broadcast, or say why not.
            <div className="step step--withdrawn">
              {view.withdrawnEnd.allowed ? (
                form !== 'end-withdrawn' ? (
                  <div className="step__row">
                    <p className="step__lead">
                      The hotlist entry was withdrawn: nothing has gone out on the radio, and nothing will{next === 'plate-check' ? ' (the plate check is yours to make or skip)' : ''}. End the hit here.
                    </p>
                    {/* After the plate check it is the one step left: primary, with the focus. */}
                    <StepButton
                      label="End: entry withdrawn"
                      shortcut={STEP_KEYS.endWithdrawn}
                      primary={next !== 'plate-check'}
                      buttonRef={next !== 'plate-check' && !form ? primary : undefined}
                      disabled={!act}
                      onClick={() => setForm('end-withdrawn')}
                    />
                  </div>
                ) : (
                  <OneFieldForm
                    name="notes"
                    label="Notes (optional)"
                    maxLength={2000}
                    submitLabel="End the hit: entry withdrawn, not broadcast"
                    busy={busy !== null}
                    fieldRef={firstField}
                    onCancel={() => setForm(null)}
                    onSubmit={(notes) => void run('workflow:end-withdrawn', { hitId, notes }, 'Ending the hit…')}
                  />
                )
              ) : (
                <p className="step__lead">The hotlist entry was withdrawn, but {view.withdrawnEnd.reason}.</p>
              )}
            </div>
          )}

          {next === 'plate-check' && canAct && (
            <div className="step">
              <div className="step__row">
                <p className="step__lead">Compare the plate image with the camera&apos;s read and the hotlist plate.</p>
                <div className="step__buttons">
                  <StepButton label="Confirm plate" shortcut={STEP_KEYS.confirm} primary buttonRef={form ? undefined : primary} disabled={!act} onClick={actions[STEP_KEYS.confirm]} />
                  <StepButton label="Misread" shortcut={STEP_KEYS.misread} disabled={!act} onClick={() => setForm('misread')} />
                </div>
              </div>
              {form === 'misread' && (
                <ChoiceForm
                  legend="Misread reason"
                  choices={[...view.misreadReasons, OTHER]}
                  submitLabel="Record misread"
                  busy={busy !== null}
                  firstRef={firstField}
                  onCancel={() => setForm(null)}
                  onSubmit={(reason, data) =>
                    void run(
                      'workflow:misread',
                      {
                        hitId,
                        reason,
                        note: textOf(data, 'note'),
                        correctedPlate: textOf(data, 'correctedPlate'),
                        correctedState: textOf(data, 'correctedState'),
                      },
                      'Recording the misread…',
                    )
                  }
                >
                  <div className="choice-form__fields">
                    <label className="field-label">
                      What is wrong (needed for Other)
                      <input name="note" className="input" autoComplete="off" maxLength={500} />
                    </label>
                    <label className="field-label">
                      Correct plate, if readable
                      <input name="correctedPlate" className="input input--plate" autoComplete="off" spellCheck={false} maxLength={12} />
                    </label>
                    <label className="field-label">
                      Correct state
                      <input name="correctedState" className="input input--state" autoComplete="off" maxLength={2} />
                    </label>
                  </div>
                </ChoiceForm>
              )}
            </div>
          )}

          {next === 'broadcast' && view.hitScript && (
            <div className="step" ref={scriptRef}>
              <BroadcastScript script={view.hitScript} done={null} />
              {/*
                Free text can name people, so it is not put in what goes out on the radio; but
                an officer-safety note ("known to carry a knife") must not wait for CLETS.
              */}
              {hotlistNotes.length > 0 && (
                <aside className="hotlist-notes" aria-label="Hotlist notes">
                  <p className="hotlist-notes__lead">Hotlist notes, not in the script: add what officers need for their safety.</p>
                  {hotlistNotes.map((n, i) => (
                    <p key={i} className="hotlist-notes__text">
                      <strong>{n.list}:</strong> {n.notes}
                    </p>
                  ))}
                </aside>
              )}
              {canAct && <StepButton label="Mark broadcast" shortcut={STEP_KEYS.broadcast} primary buttonRef={primary} disabled={!act} onClick={actions[STEP_KEYS.broadcast]} />}
            </div>
          )}

          {next === 'clets-query' && (
            <div className="step">
              <p className="step__lead">
                {view.clets.adapter === 'hub'
                  ? 'The query goes through the hub’s CLETS switch:'
                  : 'CLETS runs on a separate terminal here: the console shows the message to run there.'}
              </p>
              <p className="clets-message">
                <code>{view.clets.message}</code>
              </p>
              {canAct && (
                <div className="step__buttons">
                  <StepButton label="Run CLETS query" shortcut={STEP_KEYS.clets} primary buttonRef={primary} disabled={!act} onClick={actions[STEP_KEYS.clets]} />
                  {error?.clets && view.clets.adapter === 'hub' && (
                    <button
                      type="button"
                      className="button"
                      disabled={!act}
                      onClick={() => void run('workflow:run-clets', { hitId, manual: true }, 'Preparing the CLETS message…')}
                    >
                      Use a CLETS terminal instead
                    </button>
                  )}
                </div>
              )}
            </div>
          )}

          {next === 'clets-result' && canAct && (
            <div className="step">
              <ManualCletsForm
                message={view.clets.message}
                busy={busy !== null}
                firstFieldRef={firstField}
                onSubmit={(r: ManualResult) => void run('workflow:record-clets', { hitId, ...r }, 'Recording the CLETS result…')}
              />
            </div>
          )}

          {view.ending && (
            <div ref={endingRef} tabIndex={-1} className={`ending ending--${(AUTOMATIC_DISPOSITIONS as readonly string[]).includes(view.ending.disposition) ? view.ending.disposition : 'disposed'}`} role="status">
              <p className="ending__title">Ended: {view.ending.label}</p>
              {view.misread && (
                <p>
                  {view.misread.label}
                  {view.misread.note && `: ${view.misread.note}`}
                  {(view.misread.correctedPlate || view.misread.correctedState) &&
                    ` · corrected read ${view.misread.correctedPlate ?? ''} ${view.misread.correctedState ?? ''}`}
                </p>
              )}
              {view.ending.units.length > 0 && <p>Units: {view.ending.units.join(', ')}</p>}
              {view.ending.notes && <p>Notes: {view.ending.notes}</p>}
              <p className="ending__meta">
                {formatClock(view.ending.at)} · {view.ending.by} · <kbd>Esc</kbd> back to {backTo === 'queue' ? 'the queue' : `the ${backTo}`}
              </p>
            </div>
          )}

          {view.clets.response && (
            <div ref={cletsRef}>
              <CletsResponse response={view.clets.response} differences={view.clets.differences} />
            </div>
          )}
          {!view.clets.response && view.resultsScript && view.clets.differences.length > 0 && (
            <ul className="clets-response__diff">
              {view.clets.differences.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}

          {next === 'results-broadcast' && view.resultsScript && (
            <div className="step" ref={scriptRef}>
              <BroadcastScript script={view.resultsScript} done={null} />
              {canAct && (
                <StepButton label="Mark results broadcast" shortcut={STEP_KEYS.results} primary buttonRef={primary} disabled={!act} onClick={actions[STEP_KEYS.results]} />
              )}
            </div>
          )}

          {next === 'dispose' && canAct && (
            <div className="step">
              {form !== 'dispose' ? (
                <StepButton label="Dispose" shortcut={STEP_KEYS.dispose} primary buttonRef={primary} disabled={!act} onClick={() => setForm('dispose')} />
              ) : (
                <ChoiceForm
                  legend="Disposition"
                  choices={view.dispositionCodes}
                  submitLabel="Confirm disposition"
                  busy={busy !== null}
                  firstRef={firstField}
                  onCancel={() => setForm(null)}
                  onSubmit={(code, data) =>
                    void run(
                      'workflow:dispose',
                      {
                        hitId,
                        code,
                        notes: textOf(data, 'notes'),
                        units: unitsOf(textOf(data, 'units') ?? ''),
                      },
                      'Recording the disposition…',
                    )
                  }
                >
                  <div className="choice-form__fields">
                    <label className="field-label">
                      Assigned units
                      <input name="units" className="input" autoComplete="off" placeholder="e.g. 4A12, Adam 12" maxLength={400} />
                    </label>
                    <label className="field-label">
                      Notes
                      <textarea name="notes" rows={2} className="input" maxLength={2000} />
                    </label>
                  </div>
                </ChoiceForm>
              )}
            </div>
          )}

          {view.ending?.disposition === 'stale-list' && view.resultsScript && doneAt('results-broadcast') && (
            <BroadcastScript script={view.resultsScript} done={doneAt('results-broadcast')} />
          )}

          {busy && (
            <p className="workflow__busy" role="status">
              {busy}
            </p>
          )}
          {error && (
            <div className="error-box" role="alert">
              <p>{error.message}</p>
              {error.details.length > 0 && (
                <ul>
                  {error.details.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
