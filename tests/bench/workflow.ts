/**
 * workflow_step_p99_ms: one workflow step's round trip in Chromium against the headless
 * console and the real hub, from the click on the step's button to the new step rendered (the
 * panel's title changes), the step's audit record and timeline entry committed on the way.
 * The steps timed are every one a dispatcher clicks: confirm plate, mark broadcast, run CLETS
 * (through the hub's switch), mark results broadcast, confirm disposition. Baseline: a bare
 * contract call (`app:info`) over the same UI socket, in the same run.
 */
import { startHub } from '../../electron/hub/server';
import { parseHubTokens } from '../../electron/contract/hub';
import { launchBrowser } from '../helpers/browser';
import { startConsole } from '../helpers/processes';
import { tempDir } from '../helpers/tmp';
import { postedHit } from '../helpers/hits';
import { UiClient } from '../helpers/ui-client';
import { signInAndAcknowledge, TRAINED } from '../helpers/clearance';
import { line, percentile, type BenchLine } from './stats';

const STEPS = ['Confirm plate', 'Mark broadcast', 'Run CLETS query', 'Mark results broadcast', 'Confirm disposition'] as const;

export async function benchWorkflow(opts: { hits?: number } = {}): Promise<BenchLine[]> {
  const hits = opts.hits ?? 20;
  const hub = await startHub({ port: 0, dataDir: tempDir(), tokens: parseHubTokens('ws-bench=bench-token') });
  const app = await startConsole(
    { data: tempDir(), hub: hub.url },
    { ALPR_WORKSTATION_ID: 'ws-bench', ALPR_HUB_TOKEN: 'bench-token', ALPR_CONSOLE_BOOTSTRAP_USER: `bench:night-shift-42:dispatcher:${TRAINED}` },
  );
  const browser = await launchBrowser();
  const ui = await UiClient.connect(app.url);
  try {
    const baseline: number[] = [];
    for (let i = 0; i < hits * STEPS.length; i++) {
      const t0 = performance.now();
      await ui.call('app:info');
      baseline.push(performance.now() - t0);
    }

    const page = await browser.newPage();
    await page.goto(app.url);
    await signInAndAcknowledge(page, 'bench', 'night-shift-42');
    const queue = page.getByRole('list', { name: 'Hit queue' });
    await queue.waitFor();

    const times: number[] = [];
    for (let i = 0; i < hits; i++) {
      const plate = `9WF${String(i).padStart(4, '0')}`;
      const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.9 } });
      hit.matches[0] = { ...hit.matches[0]!, plate };
      const res = await fetch(`${hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) });
      if (res.status !== 202) throw new Error(`POST /hits answered ${res.status}`);
      await queue.getByRole('listitem').filter({ hasText: plate }).click();
      for (const step of STEPS) {
        if (step === 'Confirm disposition') {
          await page.getByRole('button', { name: 'Dispose', exact: true }).click();
          await page.getByRole('radiogroup', { name: 'Disposition' }).getByRole('radio').first().check();
        }
        const button = page.getByRole('button', { name: step, exact: true });
        await button.waitFor();
        // Timed in the page: the click, then the first DOM change that shows the next step.
        times.push(
          await button.evaluate(
            (el) =>
              new Promise<number>((resolve) => {
                const title = document.getElementById('workflow-title')!;
                const before = title.textContent;
                const t0 = performance.now();
                const seen = new MutationObserver(() => {
                  if (title.textContent === before) return;
                  seen.disconnect();
                  resolve(performance.now() - t0);
                });
                seen.observe(title, { childList: true, subtree: true, characterData: true });
                (el as HTMLButtonElement).click();
              }),
          ),
        );
      }
      await page.getByText('Ended:').waitFor();
      await page.keyboard.press('Escape');
      await queue.waitFor();
    }
    return [
      line('workflow_step_p50_ms', percentile(times, 50), 'ms', percentile(baseline, 50)),
      line('workflow_step_p99_ms', percentile(times, 99), 'ms', percentile(baseline, 99)),
    ];
  } finally {
    ui.close();
    await browser.close();
    await app.stop();
    await hub.close();
  }
}
