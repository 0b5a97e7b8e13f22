/**
 * Rules of socket steps (extension, issue 20) that the schema cannot express. Only what no
 * kernel could accept as written is refused; what the kernel refuses at run time (listen on a
 * datagram socket: EOPNOTSUPP; connect with nobody listening: ECONNREFUSED) is left to it, as
 * in C. Man pages: socketpair(2), send(2), unix(7), ip(7).
 */
import { error } from './problems';
import type { Context, ObjectEntry } from './semantic-context';
import { asArray, isId, isRecord } from './semantic-context';

function socketFacts(context: Context, entry: ObjectEntry): { domain: string; type: string } {
  const raw = asArray(context.root.objects)[entry.index];
  const record = isRecord(raw) ? raw : {};
  return {
    domain: typeof record.domain === 'string' ? record.domain : 'unix',
    type: typeof record.type === 'string' ? record.type : 'stream',
  };
}

export function checkSocketStep(
  context: Context,
  step: Record<string, unknown>,
  base: string,
  target: ObjectEntry,
  resolveSocket: (id: unknown, pointer: string) => ObjectEntry | undefined,
): void {
  const facts = socketFacts(context, target);
  if (step.op === 'socket.pair' && facts.domain !== 'unix') {
    context.problems.push(error(`${base}/object`, `socket.pair makes Unix sockets only, but "${target.id}" is an Internet socket.`,
      'socketpair(2) exists for AF_UNIX only (EOPNOTSUPP otherwise): set "domain": "unix" on it, or use socket.create and connect.'));
  }
  if (step.op === 'socket.send' && step.to !== undefined && isId(step.to)) {
    const to = resolveSocket(step.to, `${base}/to`);
    if (!to) return;
    if (facts.type !== 'dgram') {
      context.problems.push(error(`${base}/to`, `"${target.id}" is a stream socket: its bytes go to the peer it is connected to, never to another address.`,
        'Remove "to" (send on a connected stream), or make the socket "type": "dgram" to address each datagram.'));
      return;
    }
    const other = socketFacts(context, to);
    if (other.domain !== facts.domain || other.type !== facts.type) {
      context.problems.push(error(`${base}/to`, `"${to.id}" is a ${other.domain} ${other.type} socket; "${target.id}" can send only to a ${facts.domain} ${facts.type} address.`,
        'A datagram goes to an address of its own socket family and type (EINVAL or EPROTOTYPE otherwise).'));
    }
  }
}
