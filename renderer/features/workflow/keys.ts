/**
 * One key per workflow step, shown on its button. Letters only: Esc (back), + - 0 (zoom) and
 * J/K/arrows (queue) already have meanings, and digits are left to the zoom.
 */
export const STEP_KEYS = {
  confirm: 'C',
  misread: 'M',
  broadcast: 'B',
  clets: 'Q',
  recordClets: 'E',
  results: 'R',
  dispose: 'D',
  takeOver: 'T',
  endWithdrawn: 'W',
} as const;
export type StepKey = (typeof STEP_KEYS)[keyof typeof STEP_KEYS];

export const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/** The step key a keydown means, when it is not typing or a chord. */
export function stepKeyOf(e: KeyboardEvent): StepKey | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return null;
  const key = e.key.toUpperCase();
  return (Object.values(STEP_KEYS) as string[]).includes(key) ? (key as StepKey) : null;
}
