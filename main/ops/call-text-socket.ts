/**
 * The C call text of socket steps (extension, issue 20): `socket(AF_INET, SOCK_STREAM, 0)`,
 * `connect(fd=5, &addr /* 10.0.0.1:40123 *\/, sizeof addr)`, `sendto(...)`. Which descriptor a step
 * uses is the lab process's rule (native/src/lab/op_socket.cc): send, recv and shutdown use the
 * connection when the process has one (accept, or socketpair's sv[1]), else the socket.
 */
import { LIMITS } from '../scenario/limits';
import type { Step, StepInput } from '../scenario/schema';
import { cData, known, objectOf, type CallContext } from './call-text';

type SocketStep = Extract<Step | StepInput, { op: `socket.${string}` }>;

function facts(context: CallContext, id: string) {
  const object = objectOf(context, id);
  const socket = object?.kind === 'socket' ? object : undefined;
  const domain = socket?.domain ?? 'unix';
  const type = socket?.type ?? 'stream';
  return { domain, type, ids: context.ids?.[id] ?? {} };
}

/** `&addr` with the address as a comment when the run knows it. */
function addressOf(context: CallContext, id: string): string {
  const { domain, ids } = facts(context, id);
  const struct = domain === 'inet' ? 'sizeof(struct sockaddr_in)' : 'sizeof(struct sockaddr_un)';
  return `&addr_${id}${ids.address ? ` /* ${ids.address} */` : ''}, ${struct}`;
}

export function socketCall(step: SocketStep, context: CallContext): string {
  const { domain, type, ids } = facts(context, step.object);
  const family = domain === 'inet' ? 'AF_INET' : 'AF_UNIX';
  const sockType = type === 'dgram' ? 'SOCK_DGRAM' : 'SOCK_STREAM';
  const sock = known('fd', ids.sock);
  const data = ids.conn !== undefined ? known('conn', ids.conn) : sock;
  switch (step.op) {
    case 'socket.create':
      return `socket(${family}, ${sockType}, 0)`;
    case 'socket.pair':
      return `socketpair(AF_UNIX, ${sockType}, 0, sv)${ids.sock !== undefined && ids.conn !== undefined ? ` /* sv = {${ids.sock}, ${ids.conn}} */` : ''}`;
    case 'socket.bind':
      return `bind(${sock}, ${addressOf(context, step.object)})`;
    case 'socket.listen':
      return `listen(${sock}, ${step.backlog ?? 8})`;
    case 'socket.accept':
      return `accept(${sock}, NULL, NULL)`;
    case 'socket.connect':
      return `connect(${sock}, ${addressOf(context, step.object)})`;
    case 'socket.send': {
      const bytes = cData(step.data);
      if (type === 'dgram') return `sendto(${data}, ${bytes.text}, ${bytes.length}, 0, ${addressOf(context, step.to ?? step.object)})`;
      return `send(${data}, ${bytes.text}, ${bytes.length}, 0)`;
    }
    case 'socket.recv': {
      const max = step.max ?? LIMITS.defaultReadMax;
      return type === 'dgram' ? `recvfrom(${data}, buf, ${max}, 0, &from, &fromlen)` : `recv(${data}, buf, ${max}, 0)`;
    }
    case 'socket.shutdown':
      return `shutdown(${data}, ${step.how === 'read' ? 'SHUT_RD' : step.how === 'write' ? 'SHUT_WR' : 'SHUT_RDWR'})`;
    case 'socket.close': {
      const fd = step.end === 'socket' ? sock : step.end === 'connection' ? known('conn', ids.conn) : data;
      return `close(${fd})`;
    }
  }
}
