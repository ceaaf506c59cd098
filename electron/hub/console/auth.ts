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

/**
 * HTTP Basic credentials (`workstation id:token`, as `curl -u ws-01:secret` sends them) for
 * the hub's HTTP views that carry notes in clear. Returns the workstation id, or null.
 */
export function checkBasicAuth(header: string | undefined, tokens: ReadonlyMap<string, string>): string | null {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header?.trim() ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  const workstationId = text.slice(0, colon);
  const expected = tokens.get(workstationId);
  const match = tokensEqual(text.slice(colon + 1), expected ?? '');
  return expected !== undefined && match ? workstationId : null;
}

function tokensEqual(a: string, b: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual requires, without leaking length.
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}
