import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium where there is one (CI installs it), otherwise Playwright's own build
 * (which a machine with internet fetches with `npx playwright install chromium`).
 */
export function launchBrowser(): Promise<Browser> {
  const executablePath = fs.existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** Acknowledges the pinned new-hit banner with its button, and waits for it to go. */
export async function acknowledgeNewHit(page: Page): Promise<void> {
  const banner = page.getByRole('alert').filter({ has: page.getByRole('button', { name: /^Open / }) });
  await banner.getByRole('button', { name: 'Acknowledge (Esc)' }).click();
  await banner.waitFor({ state: 'detached' });
}
