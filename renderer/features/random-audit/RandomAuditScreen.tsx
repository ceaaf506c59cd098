import type { ScreenProps } from '../shell/views';

/** Random audit (issue 6 item 10): being built. */
export function RandomAuditScreen(_props: ScreenProps) {
  return (
    <section aria-labelledby="view-title">
      <h1 id="view-title">Random audit</h1>
      <p role="status">Not built yet.</p>
    </section>
  );
}
