/**
 * Handshake checks for the `/console` namespace. The connect error messages are part of the
 * protocol (HUB_ERRORS): a console tells "wrong credentials" from "talk to a newer hub" by them.
 */
import crypto from 'node:crypto';
import { consoleAuthSchema, HUB_ERRORS, HUB_PROTOCOL_VERSION, type ConsoleAuth } from '../../contract/hub';

export type AuthResult = { ok: true; auth: ConsoleAuth } | { ok: false; error: string };

export function checkConsoleAuth(raw: unknown, tokens: ReadonlyMap<string, string>): AuthResult {
  // The protocol is checked before the shape: a future protocol may shape its handshake
  // differently, and that console must learn it is the protocol that does not fit.
  const protocol = (raw as { protocol?: unknown } | null)?.protocol;
  if (protocol !== HUB_PROTOCOL_VERSION && protocol !== undefined) {
    return { ok: false, error: HUB_ERRORS.unsupportedProtocol };
  }
  const parsed = consoleAuthSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: HUB_ERRORS.unauthorized };
  const expected = tokens.get(parsed.data.workstationId);
  // Compared even for an unknown workstation, so timing does not reveal which ids exist.
  const match = tokensEqual(parsed.data.token, expected ?? '');
  if (expected === undefined || !match) return { ok: false, error: HUB_ERRORS.unauthorized };
  return { ok: true, auth: parsed.data };
}

function tokensEqual(a: string, b: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual requires, without leaking length.
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}
