import type { ScreenProps } from '../shell/views';

/** Plate search (issue 6 item 5): being built. */
export function SearchScreen(_props: ScreenProps) {
  return (
    <section aria-labelledby="view-title">
      <h1 id="view-title">Plate search</h1>
      <p role="status">Not built yet.</p>
    </section>
  );
}
