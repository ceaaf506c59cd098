/**
 * The workstation's address for the audit record's "workstation/IP" (Civil Code 1798.90.52
 * and the department policies in ../shared/seeds ask for it). In Electron the renderer is
 * local, so the address is the machine's own on the agency network: ALPR_WORKSTATION_IP where
 * IT pins it, else the first IPv4 address of a physical interface that is not link-local,
 * else a global IPv6 one, else none. Looked up again for the calls of a running console
 * (every 30 s at most), so a DHCP or VPN change is followed.
 */
import os from 'node:os';

type Interfaces = ReturnType<typeof os.networkInterfaces>;

/** Container bridges, VM host adapters, tunnels: not the address the agency network knows. */
const VIRTUAL = /^(docker|br-|veth|virbr|vmnet|vboxnet|vethernet|lxc|lxd|podman|cni|flannel|tun|tap|utun|wg|zt)/i;

export function workstationAddress(env: NodeJS.ProcessEnv = process.env, interfaces: Interfaces = safeInterfaces()): string | null {
  const pinned = env.ALPR_WORKSTATION_IP?.trim();
  if (pinned) return pinned.slice(0, 64);
  const names = Object.keys(interfaces).sort((a, b) => Number(VIRTUAL.test(a)) - Number(VIRTUAL.test(b)) || a.localeCompare(b));
  const external = names.flatMap((name) => interfaces[name] ?? []).filter((a) => !a.internal);
  // Link-local addresses (169.254/16, fe80::/10: no DHCP answer yet) name no host on the network.
  const v4 = external.find((a) => a.family === 'IPv4' && !a.address.startsWith('169.254.'));
  const v6 = external.find((a) => a.family === 'IPv6' && !/^fe[89ab]/i.test(a.address));
  return (v4 ?? v6)?.address ?? null;
}

/** As workstationAddress, looked up at most every 30 s (audit records follow a DHCP or VPN change). */
export function currentWorkstationAddress(now = Date.now()): string | null {
  if (!cached || now - cached.at > 30_000) cached = { at: now, address: workstationAddress() };
  return cached.address;
}
let cached: { at: number; address: string | null } | null = null;

function safeInterfaces(): Interfaces {
  try {
    return os.networkInterfaces();
  } catch {
    return {};
  }
}
