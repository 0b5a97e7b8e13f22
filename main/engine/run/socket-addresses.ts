// The address of each Internet socket of a run: its host's address (scenario/socket-hosts.ts) and
// a port: the object's own, else one the kernel reports free at that moment (bind to port 0 and
// read it back: ip(7), "ephemeral port"), so two runs at once do not collide on the loopback.
import { addon } from '../../native/addon';
import type { Scenario } from '../../scenario/schema';
import { inetAddressOf } from '../../scenario/socket-hosts';

/** A port free for `type` on 127.0.0.1 right now (the kernel's ephemeral choice). */
function freePort(type: 'stream' | 'dgram'): number {
  const native = addon();
  const fd = native.socketCreate('inet', type);
  try {
    const bound = native.socketBind(fd, { address: '127.0.0.1', port: 0 });
    return 'port' in bound ? bound.port : 0;
  } finally {
    native.fdClose(fd);
  }
}

/** Address and port of every inet socket object, by object id. */
export function socketAddresses(scenario: Scenario): Map<string, { address: string; port: number }> {
  const out = new Map<string, { address: string; port: number }>();
  for (const object of scenario.objects) {
    if (object.kind !== 'socket' || object.domain !== 'inet') continue;
    out.set(object.id, { address: inetAddressOf(scenario, object.id), port: object.port ?? freePort(object.type) });
  }
  return out;
}
