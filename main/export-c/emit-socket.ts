// Sockets in C, as native/src/lab/op_socket.cc makes them: each process keeps its own `sock_X`
// (socket(), or socketpair's sv[0]) and `conn_X` (accept()'s connection, or sv[1]); send, recv
// and shutdown use the connection when there is one, else the socket. The address `addr_X` is
// named by main() before the first fork: a Unix path in the run's private directory, or an IPv4
// address (127.0.0.1, or the host's 10.0.0.N under the exported hosts script) and a port the
// kernel reports free. O_NONBLOCK is set before each call that asks for it, as in the lab.
import type { ObjectOf, StepOf } from '../scenario/schema';
import { inetAddressOf } from '../scenario/socket-hosts';
import { fail, objectOf, retry, what, type EmitContext, type Emitter } from './context';
import { cBytesLiteral, utf8, type CNames } from './writer';

type Socket = ObjectOf<'socket'>;

export function socketGlobals(object: Socket, names: CNames): string[] {
  const id = names.ident(object.id);
  return [
    `/* ${object.id}: ${object.domain === 'unix' ? 'Unix' : 'Internet'} ${object.type} socket */`,
    `static int sock_${id} = -1, conn_${id} = -1;   /* socket() (sv[0]) and accept()'s connection (sv[1]) here */`,
    `static struct ${object.domain === 'unix' ? 'sockaddr_un' : 'sockaddr_in'} addr_${id};`,
  ];
}

export function socketNaming(object: Socket, names: CNames, scenario: Parameters<typeof inetAddressOf>[0]): string[] {
  const id = names.ident(object.id);
  if (object.domain === 'unix') {
    // sun_path holds 108 bytes (unix(7)): a longer TMPDIR cannot name the socket, and bind would use a cut path.
    return [
      `addr_${id}.sun_family = AF_UNIX;`,
      `if (snprintf(addr_${id}.sun_path, sizeof addr_${id}.sun_path, "%s/${object.id}.sock", run_dir) >= (int)sizeof addr_${id}.sun_path) {`,
      `    fputs("${object.id}: the socket path is longer than sun_path (108 bytes): use a shorter TMPDIR\\n", stderr);`,
      '    return 2;',
      '}',
    ];
  }
  const lines = [`addr_${id}.sin_family = AF_INET;`, `addr_${id}.sin_addr.s_addr = inet_addr("${inetAddressOf(scenario, object.id)}");`];
  if (object.port !== undefined) return [...lines, `addr_${id}.sin_port = htons(${object.port});`];
  // On hosts each copy of the program names its own objects: the port must be one both agree on
  // (any port is free in a network namespace made for the run).
  if (scenario.hosts) return [...lines, `addr_${id}.sin_port = htons(${40000 + scenario.objects.findIndex((o) => o.id === object.id)});   /* fixed: both hosts agree on it */`];
  return [...lines, `addr_${id}.sin_port = free_port(${object.type === 'dgram' ? 'SOCK_DGRAM' : 'SOCK_STREAM'});`];
}

/** A Unix socket's path outlives its sockets (unix(7)): removed at the end, as the lab's run directory is. */
export function socketLeakCheck(object: Socket, names: CNames): string[] {
  return object.domain === 'unix' ? [`unlink(addr_${names.ident(object.id)}.sun_path);`] : [];
}

function socket(ctx: EmitContext, id: string): { object: Socket; c: string; data: string } {
  const c = ctx.names.ident(id);
  return { object: objectOf(ctx, id) as Socket, c, data: `(conn_${c} >= 0 ? conn_${c} : sock_${c})` };
}

const sockType = (object: Socket) => (object.type === 'dgram' ? 'SOCK_DGRAM' : 'SOCK_STREAM');

/** `fd = <call>` with the lab's O_NONBLOCK rule and EINTR handling, then the failure report. */
function blockingCall(ctx: EmitContext, step: StepOf<'socket.accept' | 'socket.connect' | 'socket.send' | 'socket.recv'>, path: readonly number[], fd: string, call: string, name: string, after?: string[]): void {
  const w = ctx.w;
  w.braces('', () => {
    w.line(`int fd = ${fd};`);
    w.line('ssize_t n;');
    w.line(`set_nonblocking(fd, ${step.blocking ? 0 : 1});   /* the descriptor's O_NONBLOCK, as the step asks */`);
    retry(ctx, `n = ${call}`, 'n < 0', true);
    w.line('if (n < 0)');
    w.line(`    ${fail(ctx, step, path, name)}`);
    for (const line of after ?? []) w.line(line);
  });
}

const create: Emitter<StepOf<'socket.create'>> = (step, path, ctx) => {
  const { object, c } = socket(ctx, step.object);
  ctx.w.line(`sock_${c} = socket(${object.domain === 'unix' ? 'AF_UNIX' : 'AF_INET'}, ${sockType(object)}, 0);`);
  ctx.w.line(`if (sock_${c} < 0)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'socket')}`);
};

const pair: Emitter<StepOf<'socket.pair'>> = (step, path, ctx) => {
  const { object, c } = socket(ctx, step.object);
  ctx.w.braces('', () => {
    ctx.w.line('int sv[2];');
    ctx.w.line(`if (socketpair(AF_UNIX, ${sockType(object)}, 0, sv) < 0)`);
    ctx.w.line(`    ${fail(ctx, step, path, 'socketpair')}`);
    ctx.w.line('else');
    ctx.w.line(`    sock_${c} = sv[0], conn_${c} = sv[1];`);
  });
};

const bind: Emitter<StepOf<'socket.bind'>> = (step, path, ctx) => {
  const { c } = socket(ctx, step.object);
  ctx.w.line(`if (bind(sock_${c}, (struct sockaddr *)&addr_${c}, sizeof addr_${c}) < 0)   /* EADDRINUSE: the path exists, or the port is taken */`);
  ctx.w.line(`    ${fail(ctx, step, path, 'bind')}`);
};

const listen: Emitter<StepOf<'socket.listen'>> = (step, path, ctx) => {
  const { c } = socket(ctx, step.object);
  ctx.w.line(`if (listen(sock_${c}, ${step.backlog}) < 0)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'listen')}`);
};

const accept: Emitter<StepOf<'socket.accept'>> = (step, path, ctx) => {
  const { c } = socket(ctx, step.object);
  blockingCall(ctx, step, path, `sock_${c}`, 'accept(fd, NULL, NULL)', 'accept', ['else', `    conn_${c} = (int)n;`]);
};

const connect: Emitter<StepOf<'socket.connect'>> = (step, path, ctx) => {
  const { c } = socket(ctx, step.object);
  blockingCall(ctx, step, path, `sock_${c}`, `connect(fd, (struct sockaddr *)&addr_${c}, sizeof addr_${c})`, 'connect');
};

const send: Emitter<StepOf<'socket.send'>> = (step, path, ctx) => {
  const { object, data } = socket(ctx, step.object);
  const bytes = typeof step.data === 'string' ? utf8(step.data) : Uint8Array.from(step.data);
  const to = ctx.names.ident(step.to ?? step.object);
  const call = object.type === 'dgram'
    ? `sendto(fd, ${cBytesLiteral(bytes)}, ${bytes.length}, 0, (struct sockaddr *)&addr_${to}, sizeof addr_${to})`
    : `send(fd, ${cBytesLiteral(bytes)}, ${bytes.length}, 0)`;
  blockingCall(ctx, step, path, data, call, object.type === 'dgram' ? 'sendto' : 'send');
};

const recv: Emitter<StepOf<'socket.recv'>> = (step, path, ctx) => {
  const { object, data } = socket(ctx, step.object);
  const call = object.type === 'dgram' ? `recvfrom(fd, buf, ${step.max}, 0, NULL, NULL)` : `recv(fd, buf, ${step.max}, 0)`;
  blockingCall(ctx, step, path, data, call, object.type === 'dgram' ? 'recvfrom' : 'recv', ['else', `    show_bytes(${what(step, path)}, buf, n);   /* 0 bytes on a stream: the peer shut down or closed */`]);
};

const shutdown: Emitter<StepOf<'socket.shutdown'>> = (step, path, ctx) => {
  const { data } = socket(ctx, step.object);
  ctx.w.line(`if (shutdown(${data}, ${step.how === 'read' ? 'SHUT_RD' : step.how === 'write' ? 'SHUT_WR' : 'SHUT_RDWR'}) < 0)`);
  ctx.w.line(`    ${fail(ctx, step, path, 'shutdown')}`);
};

const close: Emitter<StepOf<'socket.close'>> = (step, path, ctx) => {
  const { c } = socket(ctx, step.object);
  const w = ctx.w;
  w.braces('', () => {
    const which = step.end === 'socket' ? `&sock_${c}` : step.end === 'connection' ? `&conn_${c}` : `(conn_${c} >= 0 ? &conn_${c} : &sock_${c})`;
    w.line(`int *fd = ${which};`);
    w.line('if (close(*fd) < 0)');
    w.line(`    ${fail(ctx, step, path, 'close')}`);
    w.line('*fd = -1;');
  });
};

export const socketEmitters = {
  'socket.create': create, 'socket.pair': pair, 'socket.bind': bind, 'socket.listen': listen, 'socket.accept': accept,
  'socket.connect': connect, 'socket.send': send, 'socket.recv': recv, 'socket.shutdown': shutdown, 'socket.close': close,
};

/** main()'s choice of a port for an Internet socket without one: the kernel's free port (ip(7)). */
export const FREE_PORT_HELPER = `/* A port the kernel reports free now (bind to port 0, then getsockname: ip(7)), network order. */
static in_port_t free_port(int type)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t length = sizeof a;
    int s = socket(AF_INET, type, 0);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 || getsockname(s, (struct sockaddr *)&a, &length) < 0)
        perror("free_port");
    if (s >= 0)
        close(s);
    return a.sin_port;
}`;
