import type { ScreenProps } from '../shell/views';

/** Hotlist entries (issue 6 item 6): being built. */
export function HotlistScreen(_props: ScreenProps) {
  return (
    <section aria-labelledby="view-title">
      <h1 id="view-title">Hotlist entries</h1>
      <p role="status">Not built yet.</p>
    </section>
  );
}
