// The workstation address on the Electron console's audit records (core/util/workstation-ip.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type os from 'node:os';
import { workstationAddress } from '../../electron/core/util/workstation-ip';

type Info = os.NetworkInterfaceInfo;
const addr = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal, netmask: '', mac: '00:00:00:00:00:00', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as Info;

test('the first address on the network, IPv4 before IPv6; loopback and link-local never', () => {
  const nics = { lo: [addr('127.0.0.1', 'IPv4', true), addr('::1', 'IPv6', true)], eth0: [addr('fe80::1', 'IPv6'), addr('2001:db8::7', 'IPv6'), addr('10.20.30.40', 'IPv4')] };
  assert.equal(workstationAddress({}, nics), '10.20.30.40');
  assert.equal(workstationAddress({}, { lo: nics.lo, eth0: [addr('fe80::1', 'IPv6'), addr('2001:db8::7', 'IPv6')] }), '2001:db8::7');
  assert.equal(workstationAddress({}, { lo: nics.lo, eth0: [addr('fe80::1', 'IPv6')] }), null, 'no address that names this host');
});

test('IT can pin the address the records carry', () => {
  assert.equal(workstationAddress({ ALPR_WORKSTATION_IP: ' 10.1.2.3 ' }, {}), '10.1.2.3');
});

test('a physical interface before container bridges and VM adapters; no IPv4 link-local address', () => {
  // Linux with Docker: docker0 sorts before enp3s0 by name.
  assert.equal(workstationAddress({}, { docker0: [addr('172.17.0.1', 'IPv4')], enp3s0: [addr('10.20.30.40', 'IPv4')] }), '10.20.30.40');
  // Windows, the wired adapter waiting for DHCP: the Wi-Fi address names the host.
  assert.equal(workstationAddress({}, { Ethernet: [addr('169.254.12.7', 'IPv4')], 'Wi-Fi': [addr('10.20.30.41', 'IPv4')] }), '10.20.30.41');
  assert.equal(workstationAddress({}, { 'vEthernet (WSL)': [addr('172.29.0.1', 'IPv4')] }), '172.29.0.1', 'a virtual adapter when there is nothing else');
});
