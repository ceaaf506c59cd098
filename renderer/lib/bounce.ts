/**
 * A key pressed again this soon after the first (a heavy hand, a key that bounced) is taken
 * for the same press: a step button does not act on it, a form does not submit again.
 */
export const KEY_BOUNCE_MS = 700;

// When anything was last typed, chosen or ticked on the page.
let lastInputAt = -Infinity;
if (typeof document !== 'undefined') {
  document.addEventListener('input', () => (lastInputAt = performance.now()), true);
}

/**
 * What a press was made on: the time its action succeeded, and the form the focus was in (or
 * the focused element outside a form), since an action may move the focus within its form.
 */
export interface Press {
  doneAt: number;
  on: Element | null;
}

export const NO_PRESS: Press = { doneAt: -Infinity, on: null };

function target(): Element | null {
  if (typeof document === 'undefined') return null;
  const el = document.activeElement;
  return el?.closest('form') ?? el;
}

/** The press being made now (take it when the action starts), done at `doneAt`. */
export function pressNow(doneAt = performance.now()): Press {
  return { doneAt, on: target() };
}

/**
 * Whether a press now is the same as `last`, which succeeded: on the same element, within
 * KEY_BOUNCE_MS, with nothing entered in between. A person who corrects a field and sends
 * again, or goes on to another button, is never held up.
 */
export function pressedAgain(last: Press): boolean {
  return performance.now() - last.doneAt < KEY_BOUNCE_MS && lastInputAt < last.doneAt && last.on !== null && target() === last.on;
}
