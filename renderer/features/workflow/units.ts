/**
 * The disposition form's "Assigned units": call signs separated by commas (or semicolons or
 * line breaks). A call sign may hold a space ("Adam 12"), so spaces do not separate; runs of
 * spaces inside one are made single.
 */
export function unitsOf(text: string): string[] {
  return text
    .split(/[,;\n]+/)
    .map((u) => u.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}
