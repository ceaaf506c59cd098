/**
 * The random draw of a random audit: a uniform sample without replacement, from a seed.
 *
 * The seed is 32 bytes from the operating system's CSPRNG (crypto.randomBytes); the numbers
 * are HMAC-SHA256(seed, counter), reduced to a range by rejection (no modulo bias), and the
 * sample is a partial Fisher-Yates shuffle of the population (the candidate audit records in
 * seq order). So every record is equally likely to be drawn, none twice, and the stored seed
 * with the stored criteria replays the same sample (`drawSample(seed, population, k)`).
 */
import crypto from 'node:crypto';

export const newSeed = (): string => crypto.randomBytes(32).toString('hex');

/** A stream of uniform integers from a seed. */
export class SeededInts {
  private counter = 0n;
  private readonly key: Buffer;

  constructor(seedHex: string) {
    this.key = Buffer.from(seedHex, 'hex');
    if (this.key.length < 16) throw new Error('a seed of at least 16 bytes');
  }

  private next48(): number {
    const block = Buffer.alloc(8);
    block.writeBigUInt64BE(this.counter++);
    return crypto.createHmac('sha256', this.key).update(block).digest().readUIntBE(0, 6);
  }

  /** A uniform integer in [0, n), 0 < n <= 2^48. */
  below(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 48) throw new RangeError(`below(${n})`);
    const limit = Math.floor(2 ** 48 / n) * n;
    for (;;) {
      const x = this.next48();
      if (x < limit) return x % n;
    }
  }
}

/** `k` distinct members of `population`, uniformly, in draw order (all of them when k >= its size). */
export function drawSample<T>(seedHex: string, population: readonly T[], k: number): T[] {
  const a = population.slice();
  const take = Math.min(k, a.length);
  const ints = new SeededInts(seedHex);
  for (let i = 0; i < take; i++) {
    const j = i + ints.below(a.length - i);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a.slice(0, take);
}
