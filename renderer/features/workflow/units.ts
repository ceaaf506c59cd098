/**
 * The disposition form's "Assigned units": call signs separated by commas (or semicolons or
 * line breaks). A call sign may hold a space ("Adam 12"), so spaces separate only where
 * every word is itself a call sign with letters and digits ("4A12 4A14", typed the old way);
 * runs of spaces inside one are made single.
 */
export function unitsOf(text: string): string[] {
  return text
    .split(/[,;\n]+/)
    .flatMap((part) => {
      const words = part.trim().split(/\s+/).filter(Boolean);
      const callSigns = words.length > 1 && words.every((w) => /\d/.test(w) && /[A-Za-z]/.test(w));
      return callSigns ? words : [words.join(' ')];
    })
    .filter(Boolean);
}
