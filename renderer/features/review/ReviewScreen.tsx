import { memo, useEffect, useRef, useState } from 'react';
import { isEnded, type HitDetail, type SecondReading, type Withdrawn, type WorkflowView } from '../../../electron/contract';
import { ApiError, call, on } from '../../api';
import { formatDateTime, formatTimeOrDate } from '../../lib/time';
import { CameraLocationPanel } from './CameraLocationPanel';
import { HotlistFact, HotlistMatchPanel } from './HotlistMatchPanel';
import { OverviewImage } from './OverviewImage';
import { PlateViewer } from './PlateViewer';
import { SECOND_READING_FACT, SecondReadingPanel, useLatestSecondReading } from './SecondReading';
import { useMapData, type LoadedMap } from './useMapData';
import { WorkflowPanel } from '../workflow/WorkflowPanel';
import { Timeline } from '../workflow/Timeline';
import { EvidenceExport } from './EvidenceExport';

interface Props {
  hitId: string;
  onBack(): void;
  /** Where Back goes: "queue" unless the hit was opened from another screen ("shift log"). */
  backTo?: string;
  /**
   * `confirm` (from the queue, a banner, a notification): the hit is claimed to be worked.
   * `review` (from the shift log or a search): looked at, not claimed; recorded as a review.
   */
  intent?: 'confirm' | 'review';
  /** From a review: work the hit after all (it opens from the queue, claimed, as a confirmation). */
  onWork?(hitId: string): void;
  /** Whether the console's link to the hub is up, as the shell shows it (null: not known yet). */
  hubConnected?: boolean | null;
}

type Opening = { kind: 'opening' } | { kind: 'open'; hit: HitDetail } | { kind: 'failed'; error: ApiError };

/**
 * Nothing of the hit is shown until `hits:open` has answered: the core claims the hit and
 * writes the lookup record (who looked, when, why) before it hands over the detail.
 * Memoised: the console re-renders on every queue change, and redrawing the map and images
 * then would delay the step the dispatcher is taking.
 */
export const ReviewScreen = memo(function ReviewScreen({ hitId, onBack, backTo = 'queue', intent = 'confirm', onWork, hubConnected = null }: Props) {
  const [opening, setOpening] = useState<Opening>({ kind: 'opening' });
  const { map, error: mapError } = useMapData();
  const title = useRef<HTMLHeadingElement>(null);
  // Before hits:open is called, so a second reading that arrives meanwhile is kept.
  const lateReading = useLatestSecondReading(hitId);

  // The row that opened this screen is gone; put focus at the top of the review instead.
  useEffect(() => title.current?.focus(), []);
  const workable = intent === 'review' && onWork !== undefined && opening.kind === 'open' && !isEnded(opening.hit.workflow.status);

  useEffect(() => {
    let cancelled = false;
    setOpening({ kind: 'opening' });
    call('hits:open', { hitId, intent }).then(
      (hit) => {
        if (!cancelled) setOpening({ kind: 'open', hit });
      },
      (err: unknown) => {
        if (cancelled) return;
        setOpening({ kind: 'failed', error: err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [hitId, intent]);

  return (
    <section className="screen review" aria-labelledby="review-title">
      <div className="screen__head">
        <button type="button" className="button" onClick={onBack} aria-keyshortcuts="Escape">
          ← Back to {backTo === 'queue' ? 'queue' : `the ${backTo}`} (Esc)
        </button>
        <h1 id="review-title" ref={title} tabIndex={-1}>
          Hit review
        </h1>
        {opening.kind === 'open' && (
          <p className="screen__meta">
            Lookup recorded · purpose: {intent === 'review' ? 'supervisory review' : 'hit confirmation'}
          </p>
        )}
        {workable && (
          // A review takes no step: an open hit (one nobody opened in time, say) is worked from the queue.
          <button type="button" className="button button--primary" onClick={() => onWork?.(hitId)}>
            Work this hit from the queue
          </button>
        )}
        <p className="screen__keys">
          {intent === 'review' ? 'Looking back: no step is taken here' : <>Each step&apos;s key is on its button</>} · <kbd>+</kbd>/<kbd>−</kbd>/
          <kbd>0</kbd> zoom plate · <kbd>Esc</kbd> back
        </p>
      </div>
      {opening.kind === 'opening' && <p className="loading" role="status">Opening hit and recording the lookup…</p>}
      {opening.kind === 'failed' && (
        <div className="error-box" role="alert">
          <p>Could not open this hit: {opening.error.message}</p>
        </div>
      )}
      {opening.kind === 'open' && <HitReview hit={opening.hit} map={map} mapError={mapError} lateReading={lateReading} backTo={backTo} readOnly={intent === 'review'} hubConnected={hubConnected} />}
    </section>
  );
});

/**
 * The workflow as the core last said, refreshed whenever this hit changes anywhere (another
 * console's step, a takeover). The update a step here causes is already in the step's answer.
 */
function useWorkflowView(hit: HitDetail, connected: boolean | null): [WorkflowView, (v: WorkflowView) => void] {
  const [view, setView] = useState(hit.workflow);
  const latest = useRef(view);
  latest.current = view;
  useEffect(
    () =>
      on('hits:updated', (item) => {
        const v = latest.current;
        if (item.id !== hit.id) return;
        // Who, not only where: two users of one workstation can take a hit from each other.
        const sameClaim =
          (item.claimedBy?.workstationId ?? null) === (v.claim.holder?.workstationId ?? null) &&
          (item.claimedBy?.username ?? null) === (v.claim.holder?.username ?? null);
        // An entry withdrawn while the hit is open offers the withdrawn ending.
        const newlyWithdrawn = item.withdrawn !== undefined && v.withdrawnEnd === undefined && v.ending === null;
        if (item.status === v.status && item.lastStepAt === v.lastStepAt && sameClaim && !newlyWithdrawn) return;
        // A refresh that fails leaves the last view; the link banner says why, and the next
        // change or step brings the view up to date.
        call('workflow:state', { hitId: hit.id }).then(setView, () => undefined);
      }),
    [hit.id],
  );
  // The link going or coming back changes what no hit update reports: the CLETS step's way
  // (the hub's switch, or a terminal beside the console) and whether the hub holds this
  // console's claim. After it is back the hub confirms the claim shortly: ask until it has.
  const seen = useRef(connected);
  useEffect(() => {
    const before = seen.current;
    seen.current = connected;
    if (connected === null) return;
    let stopped = false;
    const refresh = () => call('workflow:state', { hitId: hit.id }).then((v) => !stopped && setView(v), () => undefined);
    if (before !== null && before !== connected) void refresh();
    const unconfirmed = () => latest.current.claim.mine && !latest.current.claim.confirmed && latest.current.ending === null;
    const timer = connected ? setInterval(() => unconfirmed() && void refresh(), 2000) : undefined;
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [connected, hit.id]);
  return [view, setView];
}

/** Whether the officer's entry that raised the hit was withdrawn, as opened and then as announced. */
function useWithdrawn(hit: HitDetail): Withdrawn | undefined {
  const [withdrawn, setWithdrawn] = useState(hit.withdrawn);
  useEffect(
    () =>
      on('hits:updated', (item) => {
        if (item.id === hit.id && item.withdrawn) setWithdrawn(item.withdrawn);
      }),
    [hit.id],
  );
  return withdrawn;
}

/**
 * The positions of the camera's read that the second reading puts in doubt, so that the big
 * read above the evidence shows them too (the panel under the crop can be below the fold).
 * Only when the reading is of this very read; insertions have no character to mark.
 */
function doubtedPositions(plate: string, reading: SecondReading | undefined): Set<number> {
  if (reading?.status !== 'possible-misread' || reading.cameraRead !== plate) return new Set();
  return new Set(reading.positions.filter((p) => p.read).map((p) => p.index));
}

function HitReview({
  hit,
  map,
  mapError,
  lateReading,
  backTo,
  readOnly,
  hubConnected,
}: {
  hit: HitDetail;
  map: LoadedMap | null;
  mapError: string | null;
  lateReading: SecondReading | null;
  backTo: string;
  /** A supervisory review: the workflow is shown, not worked (that is from the queue). */
  readOnly: boolean;
  hubConnected: boolean | null;
}) {
  const confidence = Math.round(hit.read.confidence * 100);
  const [view, setView] = useWorkflowView(hit, hubConnected);
  const reading = lateReading ?? hit.secondReading;
  const doubted = doubtedPositions(hit.read.plate, reading);
  const secondStatus = reading?.status ?? 'unavailable';
  const withdrawn = useWithdrawn(hit);
  return (
    <>
      {withdrawn && (
        // The officer's entry behind this hit is off the list: said above everything, in words.
        <p className="review__withdrawn" role="alert">
          The officer&apos;s hotlist entry behind this hit was withdrawn at {formatTimeOrDate(withdrawn.at)} by {withdrawn.by}: {withdrawn.reason}.
        </p>
      )}
      <div className="read">
        <p className="read__plate">
          <span className="visually-hidden">Camera read </span>
          <span className="plate-text">
            {doubted.size === 0
              ? hit.read.plate
              : [...hit.read.plate].map((ch, i) =>
                  doubted.has(i) ? (
                    <mark key={i} className="read__doubt">
                      {ch}
                    </mark>
                  ) : (
                    ch
                  ),
                )}
          </span>
          {reading?.status === 'possible-misread' && (
            <span className="read__doubt-note" role="note">
              Possible misread: {doubted.size > 0 ? `check the marked ${doubted.size === 1 ? 'character' : 'characters'}` : 'see the second reading'}
            </span>
          )}
        </p>
        <dl className="read__facts">
          <div>
            <dt>State</dt>
            <dd>{hit.read.state}</dd>
          </div>
          <div>
            <dt>Confidence</dt>
            <dd className={confidence < 80 ? 'read__low' : undefined}>
              {confidence}%{confidence < 80 && ' (low)'}
            </dd>
          </div>
          <HotlistFact hit={hit} />
          {/*
            The second reading's state, always in view: its panel under the crop is below the
            fold on a 1366 x 768 screen, and "agrees" or "image unreadable" matter there too.
          */}
          <div>
            <dt>Second reading</dt>
            <dd className={`read__second read__second--${secondStatus}`}>{SECOND_READING_FACT[secondStatus]}</dd>
          </div>
          <div>
            {/* The date only for a read of another day (a retroactive hit): the facts must fit beside the read. */}
            <dt>Read at</dt>
            <dd title={formatDateTime(hit.capturedAt)}>{formatTimeOrDate(hit.capturedAt)}</dd>
          </div>
          <div>
            <dt>Camera</dt>
            <dd>
              {hit.camera.name} · {hit.camera.direction}
            </dd>
          </div>
        </dl>
      </div>
      <WorkflowPanel
        view={view}
        onView={setView}
        backTo={backTo}
        readOnly={readOnly}
        hotlistNotes={hit.matches.flatMap((m) => (m.notes ? [{ list: m.list, notes: m.notes }] : []))}
      />
      {/*
        The comparison sits under the crop, so read, list and picture line up for the eye. The
        timeline goes last, with the evidence: in the step panel it grew with every step and
        pushed the plate image below the fold just when it must be checked.
      */}
      <div className="review__grid">
        <div className="review__column">
          <PlateViewer data={hit.images.plate.data} mime={hit.images.plate.mime} />
          <SecondReadingPanel reading={reading} />
          <HotlistMatchPanel hit={hit} />
        </div>
        <div className="review__column">
          <CameraLocationPanel camera={hit.camera} map={map} mapError={mapError} />
          <OverviewImage
            data={hit.images.overview.data}
            mime={hit.images.overview.mime}
            caption={`Overview · ${hit.camera.name} · ${formatDateTime(hit.capturedAt)}`}
          />
          <div className="panel">
            <Timeline entries={view.timeline} capturedAt={view.capturedAt} hubConnected={view.hubConnected} />
            {/* The id a legal hold on this one hit asks for (Retention & holds). */}
            <p className="panel__meta">
              Hit id <span className="screen__hit-id">{hit.id}</span> <CopyHitId id={hit.id} />
            </p>
          </div>
        </div>
      </div>
      {/*
        Supervisors and admins: the hit as an evidence package (issue 6 item 9). Last, after
        the evidence: it is done after the fact, and above the crop it pushed the plate image
        down at the plate check.
      */}
      <EvidenceExport hitId={hit.id} />
    </>
  );
}

/** Copies the hit's id for a legal hold's form (Retention & holds), saying whether it could. */
function CopyHitId({ id }: { id: string }) {
  const [said, setSaid] = useState<string | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(id).then(
      () => setSaid('Copied'),
      () => setSaid('Could not copy: select the id instead'),
    );
  };
  return (
    <>
      <button type="button" className="button" onClick={copy}>
        Copy
      </button>{' '}
      <span role="status">{said}</span>
    </>
  );
}
