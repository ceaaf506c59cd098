/**
 * The workstation's address for the audit record's "workstation/IP" (Civil Code 1798.90.52
 * and the department policies in ../shared/seeds ask for it). In Electron the renderer is
 * local, so the address is the machine's own on the agency network: ALPR_WORKSTATION_IP where
 * IT pins it, else the first non-loopback IPv4 address, else IPv6, else none. Read when a
 * session opens, so a DHCP change is followed.
 */
import os from 'node:os';

type Interfaces = ReturnType<typeof os.networkInterfaces>;

export function workstationAddress(env: NodeJS.ProcessEnv = process.env, interfaces: Interfaces = safeInterfaces()): string | null {
  const pinned = env.ALPR_WORKSTATION_IP?.trim();
  if (pinned) return pinned.slice(0, 64);
  const external = Object.keys(interfaces)
    .sort()
    .flatMap((name) => interfaces[name] ?? [])
    .filter((a) => !a.internal);
  const v4 = external.find((a) => a.family === 'IPv4');
  // A link-local IPv6 address (fe80::) names no host on the network; a global one does.
  const v6 = external.find((a) => a.family === 'IPv6' && !a.address.toLowerCase().startsWith('fe80:'));
  return (v4 ?? v6)?.address ?? null;
}

function safeInterfaces(): Interfaces {
  try {
    return os.networkInterfaces();
  } catch {
    return {};
  }
}
