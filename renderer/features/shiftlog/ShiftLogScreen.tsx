import type { ScreenProps } from '../shell/views';

/** Shift log (issue 6 items 1 and 2): being built. */
export function ShiftLogScreen(_props: ScreenProps) {
  return (
    <section aria-labelledby="view-title">
      <h1 id="view-title">Shift log</h1>
      <p role="status">Not built yet.</p>
    </section>
  );
}
