import type { ScreenProps } from '../shell/views';

/** Retention and sharing (issue 6 items 7 and 8): being built. */
export function RecordsScreen(_props: ScreenProps) {
  return (
    <section aria-labelledby="view-title">
      <h1 id="view-title">Retention and sharing</h1>
      <p role="status">Not built yet.</p>
    </section>
  );
}
