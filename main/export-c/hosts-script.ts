// The hosts of a scenario, for its C export (issue 20, item 5): a POSIX shell script that makes
// the same two machines the lab makes (native/src/linux/hosts/keeper.cc), with util-linux's
// unshare(1) and iproute2's ip(8), without root: one user namespace (--map-root-user), in it one
// network, IPC, mount and UTS namespace per host; host B's made by a child unshare whose PID
// names its network namespace for `ip link add ... netns PID`; a veth pair eth0 <-> eth0 with
// 10.0.0.1/24 and 10.0.0.2/24, lo up; each host mounts its own /dev/shm (POSIX shm, semaphores,
// and the program's private directory: TMPDIR) and, where it exists, /dev/mqueue. Each host then
// runs the program with its id, which starts only the processes placed on that host. Everything
// goes when the last process of the namespaces exits: nothing to clean up.
// Pure TypeScript: the renderer shows it too.
import type { Scenario } from '../scenario/schema';

/** The script's text for a scenario with hosts (one or two). */
export function hostsScript(scenario: Scenario, programFile: string): string {
  const hosts = scenario.hosts ?? [];
  const [a, b] = hosts;
  const setUp = (id: string, address: string | undefined) => [
    '    mount -t tmpfs tmpfs /dev/shm',
    // A message queue lives in its IPC namespace (mq_overview(7)); /dev/mqueue only shows them.
    '    if [ -d /dev/mqueue ]; then mount -t mqueue mqueue /dev/mqueue; fi',
    `    hostname ${id}`,
    '    ip link set lo up',
    ...(address ? [`    ip addr add ${address}/24 dev eth0`, '    ip link set eth0 up'] : []),
  ];
  const lines = [
    '#!/bin/sh',
    `# The hosts of "${scenario.title.replace(/[^\x20-\x7e]/g, '?')}", as Process Lab makes them: ${hosts.map((h, i) => `${h.id}${hosts.length > 1 ? ` (10.0.0.${i + 1})` : ''}`).join(' and ')},`,
    '# each its own network, IPC, mount and UTS namespace inside one user namespace (no root needed;',
    '# the kernel must allow unprivileged user namespaces), linked by a veth pair.',
    `# Usage: sh ${programFile.replace(/\.c$/, '')}.hosts.sh ./${programFile.replace(/\.c$/, '')}`,
    'set -eu',
    'program=$(realpath "${1:?usage: $0 ./program}")',
    'export program',
    '# Host A: this user namespace gets its network, IPC, mount and UTS namespaces.',
    'exec unshare --user --map-root-user --net --ipc --mount --uts --propagation private sh -eu -c \'',
  ];
  if (!b) {
    lines.push(...setUp(a.id, undefined));
    lines.push('    export TMPDIR=/dev/shm', `    exec "$program" ${a.id}`, "'");
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `    # Host B: its own network, IPC, mount and UTS namespaces; it waits for its end of the link.`,
    '    unshare --net --ipc --mount --uts --propagation private sh -eu -c "',
    '        while ! ip link show eth0 >/dev/null 2>&1; do sleep 0.02; done',
    ...setUp(b.id, '10.0.0.2').map((l) => `    ${l}`),
    `        TMPDIR=/dev/shm exec \\"\\$program\\" ${b.id}`,
    '    " &',
    '    host_b=$!',
    '    # Until B has left this network namespace, "netns $host_b" would name this one.',
    '    while [ "$(readlink /proc/$host_b/ns/net)" = "$(readlink /proc/self/ns/net)" ]; do sleep 0.01; done',
    '    ip link add eth0 type veth peer name eth0 netns "$host_b"',
    ...setUp(a.id, '10.0.0.1'),
    `    TMPDIR=/dev/shm "$program" ${a.id} || status=$?`,
    '    wait "$host_b" || status=${status:-$?}',
    '    exit ${status:-0}',
    "'",
  );
  return `${lines.join('\n')}\n`;
}
