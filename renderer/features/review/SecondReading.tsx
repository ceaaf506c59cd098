import { useEffect, useState } from 'react';
import type { ReaderModel, SecondReading } from '../../../electron/contract';
import { on } from '../../api';

type Position = SecondReading['positions'][number];

/** One doubtful character in words, as advice: "position 3 may be 8, not B". */
export function describePosition(p: Position): string {
  const at = `position ${p.index + 1}`;
  if (p.read && p.suggested) return `${at} may be ${p.suggested}, not ${p.read}`;
  if (p.suggested) return `a character ${p.suggested} may be missing before ${at}`;
  return `${at} (${p.read}) may not be on the plate`;
}

/** What the model was measured to do, so the dispatcher knows how far to trust it. */
export function describeModel(model: ReaderModel | null): string {
  if (!model) return 'The accuracy of the model that made this reading has not been measured.';
  return (
    `Measured on ${model.heldOutCrops} real US plate photos it never trained on: it read ${model.exactPercent} % of plates exactly, ` +
    `flagged ${model.lookalikeFlaggedPercent} % of look-alike camera errors (8/B, 0/O, 1/I…), ` +
    `and flagged ${model.trueReadsFlaggedPercent} % of correct camera reads by mistake. Model ${model.version}.`
  );
}

/**
 * The hit's second reading as the core last said: the detail's, replaced by a `hits:updated`
 * event that carries one. Subscribed from the screen's first render, before `hits:open`
 * answers, so a reading that lands meanwhile is not missed.
 */
export function useLatestSecondReading(hitId: string): SecondReading | null {
  const [reading, setReading] = useState<SecondReading | null>(null);
  useEffect(() => {
    setReading(null);
    return on('hits:updated', (item) => {
      if (item.id === hitId && item.secondReading) setReading(item.secondReading);
    });
  }, [hitId]);
  return reading;
}

const HEADLINE: Record<SecondReading['status'], string> = {
  pending: 'Second reading in progress…',
  agrees: 'Second reading agrees with the camera’s read',
  'possible-misread': 'Second reading suggests a possible misread',
  unreadable: 'Second reading could not read the image',
  unavailable: 'Second reading unavailable',
};

/** The reading's state in two words, for the facts beside the camera's read above the fold. */
export const SECOND_READING_FACT: Record<SecondReading['status'], string> = {
  pending: 'Reading…',
  agrees: 'Agrees',
  'possible-misread': 'Possible misread',
  unreadable: 'Image unreadable',
  unavailable: 'Unavailable',
};

/**
 * An independent reading of the plate crop by the console's own model, beside the image: the
 * camera's read with the characters the image puts in doubt highlighted, said in words as
 * advice. It never confirms or rejects the hit: the dispatcher compares with the image.
 */
export function SecondReadingPanel({ reading }: { reading: SecondReading | undefined }) {
  const r: SecondReading =
    reading ?? { status: 'unavailable', cameraRead: '', modelRead: null, support: null, readConfidence: null, positions: [], reason: null, model: null, scoredAt: null };
  const doubtful = new Map(r.positions.filter((p) => p.read).map((p) => [p.index, p]));
  const trust = describeModel(r.model);
  const showGrid = r.status === 'agrees' || r.status === 'possible-misread';
  return (
    <section className={`second-reading second-reading--${r.status}`} aria-label="Second reading" title={r.status === 'unavailable' ? undefined : trust}>
      <h2 className="second-reading__title">{HEADLINE[r.status]}</h2>
      {showGrid && (
        <p className="second-reading__plate" aria-hidden="true">
          {[...r.cameraRead].map((ch, i) => {
            const p = doubtful.get(i);
            return p ? (
              <mark key={i} className="second-reading__char second-reading__char--doubt" title={`Second reading: ${p.suggested || 'no character'}`}>
                {ch}
                <span className="second-reading__suggested">{p.suggested || '∅'}</span>
              </mark>
            ) : (
              <span key={i} className="second-reading__char">
                {ch}
              </span>
            );
          })}
        </p>
      )}
      {r.status === 'possible-misread' && (
        <ul className="second-reading__advice">
          {r.positions.map((p) => (
            <li key={`${p.index}-${p.read}-${p.suggested}`}>Second reading suggests {describePosition(p)} — check the image.</li>
          ))}
        </ul>
      )}
      {r.status === 'agrees' && <p className="second-reading__note">The image supports the camera’s read {r.cameraRead}. Still compare it with the image.</p>}
      {r.status === 'unreadable' && <p className="second-reading__note">{capitalise(r.reason ?? 'the image could not be read')}: compare the image yourself.</p>}
      {r.status === 'unavailable' && (
        <p className="second-reading__note">Nothing was checked{r.reason ? ` (${r.reason})` : ''}. The hit works as usual: compare the image yourself.</p>
      )}
      {r.status === 'pending' && <p className="second-reading__note">The console is reading the plate image; this updates by itself.</p>}
      {r.status !== 'unavailable' && r.status !== 'pending' && (
        <p className="second-reading__trust">
          Advice only, not a decision. {trust}
        </p>
      )}
    </section>
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
