import { CHARSET } from './spec';

/** Per-column log-probabilities: T rows of C classes (class 0 is the CTC blank). */
export interface LogProbs {
  data: Float32Array;
  steps: number;
  classes: number;
}

export interface DecodedChar {
  char: string;
  /** The highest probability the model gave this character over the columns it spans. */
  confidence: number;
}

export interface Decoded {
  text: string;
  chars: DecodedChar[];
}

/** Best path: the most likely class per column, repeats merged, blanks dropped. */
export function greedyDecode(lp: LogProbs): Decoded {
  const { data, steps, classes } = lp;
  const chars: DecodedChar[] = [];
  let prev = 0;
  for (let t = 0; t < steps; t++) {
    const row = t * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (data[row + c]! > data[row + best]!) best = c;
    const p = Math.exp(data[row + best]!);
    if (best !== 0) {
      if (best !== prev) chars.push({ char: CHARSET[best - 1]!, confidence: p });
      else chars[chars.length - 1]!.confidence = Math.max(chars[chars.length - 1]!.confidence, p);
    }
    prev = best;
  }
  return { text: chars.map((c) => c.char).join(''), chars };
}

/** log(exp(a) + exp(b)), exact for -Infinity. */
export function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * log P(text | image) summed over every CTC alignment (the forward algorithm). -Infinity for
 * text the model cannot emit: characters outside CHARSET or too long for the columns.
 */
export function logLikelihood(lp: LogProbs, text: string): number {
  const { data, steps, classes } = lp;
  const labels: number[] = [];
  for (const ch of text) {
    const k = CHARSET.indexOf(ch);
    if (k < 0) return -Infinity;
    labels.push(k + 1);
  }
  const S = 2 * labels.length + 1;
  const ext = (s: number) => (s % 2 === 0 ? 0 : labels[(s - 1) / 2]!);
  // Two rows, swapped each step: allocating a row per step cost more than the arithmetic.
  let alpha = new Float64Array(S).fill(-Infinity);
  let next = new Float64Array(S);
  alpha[0] = data[0]!;
  if (S > 1) alpha[1] = data[ext(1)]!;
  for (let t = 1; t < steps; t++) {
    const row = t * classes;
    for (let s = 0; s < S; s++) {
      const k = ext(s);
      let a = alpha[s]!;
      if (s > 0) a = logAdd(a, alpha[s - 1]!);
      if (s > 1 && k !== 0 && k !== ext(s - 2)) a = logAdd(a, alpha[s - 2]!);
      next[s] = a === -Infinity ? a : a + data[row + k]!;
    }
    [alpha, next] = [next, alpha];
  }
  return S > 1 ? logAdd(alpha[S - 1]!, alpha[S - 2]!) : alpha[0]!;
}

/**
 * What several independently trained models (the reader's members) make of one crop: the
 * mean over members of log P(text | image), a product of experts that needs no agreement on
 * where in the image each character sits. One member: its own log-likelihood.
 */
export function meanLogLikelihood(members: readonly LogProbs[], text: string): number {
  let sum = 0;
  for (const lp of members) sum += logLikelihood(lp, text);
  return sum / members.length;
}

export interface BestRead extends Decoded {
  /** meanLogLikelihood(members, text). */
  score: number;
}

/**
 * The members' read: of the reads each member makes on its own (greedy), the one the members
 * together find most likely. Its characters and their confidences are those of the first
 * member that read it.
 */
export function bestRead(members: readonly LogProbs[]): BestRead {
  if (members.length === 0) throw new Error('bestRead needs at least one member');
  let best: BestRead | null = null;
  for (const lp of members) {
    const decoded = greedyDecode(lp);
    if (best && best.text === decoded.text) continue;
    const score = meanLogLikelihood(members, decoded.text);
    if (!best || score > best.score) best = { ...decoded, score };
  }
  return best!;
}
