import type { ScreenProps } from '../shell/views';

/** Audit review (issue 6 item 3): being built. */
export function AuditReviewScreen(_props: ScreenProps) {
  return (
    <section aria-labelledby="view-title">
      <h1 id="view-title">Audit review</h1>
      <p role="status">Not built yet.</p>
    </section>
  );
}
