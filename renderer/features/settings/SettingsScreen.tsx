import type { ScreenProps } from '../shell/views';

/** Settings (issue 9 item 2): being built. */
export function SettingsScreen(_props: ScreenProps) {
  return (
    <section aria-labelledby="view-title">
      <h1 id="view-title">Settings</h1>
      <p role="status">Not built yet.</p>
    </section>
  );
}
