/**
 * Issue 5's training gate for tests: a user sees no ALPR data until training is recorded and the
 * usage and privacy policy acknowledged. These helpers acknowledge through the real calls and
 * the real UI, as a user would at first sign-in.
 */
import type { Locator, Page } from 'playwright-core';
import type { Core } from '../../electron/core/core';

/** A training date for bootstrap users: `user:password:role:${TRAINED}`. */
export const TRAINED = '2026-01-05';

/** Acknowledges the current policy for the user signed in on this core session. */
export async function acknowledgePolicy(core: Core, sessionId: string): Promise<void> {
  const policy = await core.dispatch(sessionId, 'policy:current', {});
  if (!policy.ok) throw new Error(`policy:current refused: ${policy.error.message}`);
  const ack = await core.dispatch(sessionId, 'policy:acknowledge', { version: (policy.value as { version: number }).version });
  if (!ack.ok) throw new Error(`policy:acknowledge refused: ${ack.error.message}`);
}

/** Signs in and acknowledges the policy on a core session; throws if either is refused. */
export async function signInCleared(core: Core, sessionId: string, username: string, password: string): Promise<void> {
  const signed = await core.dispatch(sessionId, 'session:sign-in', { username, password });
  if (!signed.ok) throw new Error(`sign-in refused: ${signed.error.message}`);
  await acknowledgePolicy(core, sessionId);
}

/** A UI client (headless socket) version: call is the client's `call`. */
export async function acknowledgePolicyVia(call: (channel: string, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>): Promise<void> {
  const policy = await call('policy:current', {});
  if (!policy.ok) throw new Error(`policy:current refused: ${policy.error?.message}`);
  const ack = await call('policy:acknowledge', { version: (policy.value as { version: number }).version });
  if (!ack.ok) throw new Error(`policy:acknowledge refused: ${ack.error?.message}`);
}

/**
 * In the browser: sign in, then, when the policy is asked for (first sign-in, new version),
 * press "I acknowledge"; resolves once the hit queue shows (or `ready`, for a role without one).
 */
export async function signInAndAcknowledge(page: Page, username: string, password: string, ready?: Locator): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const ack = page.getByRole('button', { name: 'I acknowledge' });
  const queue = ready ?? page.getByRole('list', { name: 'Hit queue' });
  await ack.or(queue).first().waitFor({ timeout: 15_000 });
  if (await ack.isVisible()) await ack.click();
  await queue.waitFor({ timeout: 15_000 });
}
