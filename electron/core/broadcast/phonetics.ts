/**
 * APCO phonetic alphabet, as California dispatch reads plates on the radio: every letter as
 * its word, every digit spoken on its own ("one two three", never "one twenty-three"), so a
 * plate survives a noisy channel.
 */
const LETTERS: Readonly<Record<string, string>> = {
  A: 'Adam', B: 'Boy', C: 'Charles', D: 'David', E: 'Edward', F: 'Frank', G: 'George',
  H: 'Henry', I: 'Ida', J: 'John', K: 'King', L: 'Lincoln', M: 'Mary', N: 'Nora',
  O: 'Ocean', P: 'Paul', Q: 'Queen', R: 'Robert', S: 'Sam', T: 'Tom', U: 'Union',
  V: 'Victor', W: 'William', X: 'X-ray', Y: 'Young', Z: 'Zebra',
};

const DIGITS = ['Zero', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine'] as const;

/** `1ABC234` -> "One Adam Boy Charles Two Three Four". Anything else is refused, not guessed. */
export function phonetic(plate: string): string {
  return [...plate.toUpperCase()]
    .map((ch) => {
      if (ch >= '0' && ch <= '9') return DIGITS[Number(ch)]!;
      const word = LETTERS[ch];
      if (!word) throw new Error(`a plate has only letters and digits, not ${JSON.stringify(ch)}`);
      return word;
    })
    .join(' ');
}
