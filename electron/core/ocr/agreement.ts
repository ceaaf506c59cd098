import { bestRead, meanLogLikelihood, type Decoded, type LogProbs } from './ctc';
import { normalizePlate } from './spec';

/** One character where the image suggests something other than the camera's read. */
export interface MisreadPosition {
  /** Index in the camera's read (after upper-casing and dropping spaces and dashes). For a
   * character the camera missed, the index it would be inserted at. */
  index: number;
  /** The camera's character; '' where the camera missed one. */
  read: string;
  /** What the image shows there; '' where the camera read a character the image lacks. */
  suggested: string;
}

/**
 * How well the plate image supports the camera's read. Informs the dispatcher; it never
 * confirms or rejects a hit by itself.
 * `support` is P(camera's read | image) / P(model's read | image), capped at 1: how plausible
 * the camera's read is next to the model's own.
 */
export type Agreement =
  | { kind: 'agrees'; modelRead: string; support: number; readConfidence: number }
  | { kind: 'possible-misread'; modelRead: string; support: number; readConfidence: number; positions: MisreadPosition[] }
  | { kind: 'unreadable'; modelRead: string; readConfidence: number; reason: 'blank-image' | 'low-confidence' };

/** Grey-level standard deviation below which a crop is blank, black or a flat smear. */
export const MIN_CONTRAST = 4;
/** Mean per-character confidence below which the model's own read is not worth comparing. */
export const MIN_READ_CONFIDENCE = 0.5;
/**
 * Flag when the model's read is this many nats more likely than the camera's (e^3 = 20x).
 * Calibrated on the held-out real crops (see assets/models/MODEL_CARD.md): single look-alike
 * substitutions score far above it, true reads the model doubts score below it.
 */
export const MISREAD_MARGIN = 3;

export function meanConfidence(decoded: Decoded): number {
  if (decoded.chars.length === 0) return 0;
  return decoded.chars.reduce((s, c) => s + c.confidence, 0) / decoded.chars.length;
}

/** Where two reads differ, as edits from the camera's read to the model's (Levenshtein). */
export function differences(camera: string, model: string): MisreadPosition[] {
  const n = camera.length;
  const m = model.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (camera[i - 1] === model[j - 1] ? 0 : 1));
    }
  }
  const out: MisreadPosition[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i]![j] === d[i - 1]![j - 1]! + (camera[i - 1] === model[j - 1] ? 0 : 1)) {
      if (camera[i - 1] !== model[j - 1]) out.push({ index: i - 1, read: camera[i - 1]!, suggested: model[j - 1]! });
      i--;
      j--;
    } else if (i > 0 && d[i]![j] === d[i - 1]![j]! + 1) {
      out.push({ index: i - 1, read: camera[i - 1]!, suggested: '' });
      i--;
    } else {
      out.push({ index: i, read: '', suggested: model[j - 1]! });
      j--;
    }
  }
  return out.reverse();
}

/**
 * `members`: each member model's log-probabilities for the crop (one, or several when the
 * reader is an ensemble); likelihoods are the members' mean (see meanLogLikelihood).
 */
export function judge(members: readonly LogProbs[], contrast: number, cameraRead: string): Agreement {
  const decoded = bestRead(members);
  const modelRead = decoded.text;
  const readConfidence = meanConfidence(decoded);
  if (contrast < MIN_CONTRAST) return { kind: 'unreadable', modelRead, readConfidence, reason: 'blank-image' };
  if (modelRead.length === 0 || readConfidence < MIN_READ_CONFIDENCE) {
    return { kind: 'unreadable', modelRead, readConfidence, reason: 'low-confidence' };
  }
  const camera = normalizePlate(cameraRead);
  const margin = decoded.score - meanLogLikelihood(members, camera);
  const support = Math.min(1, Math.exp(-margin));
  if (camera === modelRead || margin <= MISREAD_MARGIN) return { kind: 'agrees', modelRead, support, readConfidence };
  return { kind: 'possible-misread', modelRead, support, readConfidence, positions: differences(camera, modelRead) };
}
