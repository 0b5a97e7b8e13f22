// The C call text of every op: a template without context, real identifiers with it.
import { describe, expect, it } from 'vitest';
import { describeCall } from '../../main/ops/call-text';
import type { CallContext } from '../../main/ops/call-text';
import type { LabObject, Op, StepInput } from '../../main/scenario/schema';
import { OPS } from '../../main/scenario/schema';

const objects: LabObject[] = [
  { id: 'M', kind: 'shm', size: 4096, flavor: 'sysv' },
  { id: 'P', kind: 'shm', size: 8192, flavor: 'posix' },
  { id: 'p', kind: 'pipe', capacity: 65536 },
  { id: 'F', kind: 'fifo' },
  { id: 'Q', kind: 'mailbox', flavor: 'posix', capacity: 4, maxMessage: 128 },
  { id: 'V', kind: 'mailbox', flavor: 'sysv', capacity: 10, maxMessage: 256 },
  { id: 'S', kind: 'semaphore', initial: 1 },
  { id: 'T', kind: 'socket', domain: 'inet', type: 'stream' },
  { id: 'D', kind: 'socket', domain: 'unix', type: 'dgram' },
  { id: 'E', kind: 'socket', domain: 'unix', type: 'dgram' },
];

const real: CallContext = {
  objects,
  self: 'A',
  ids: {
    M: { shmid: 32769, key: 0x51a00001 },
    P: { name: '/plab-1-P', fd: 7 },
    p: { fds: [4, 5] },
    F: { path: '/run/plab/1/F', fd: 6 },
    Q: { name: '/plab-1-Q', mqd: 3 },
    V: { msqid: 98304, key: 0x51a00002 },
    S: { name: '/plab-1-S' },
    T: { sock: 3, conn: 4, address: '10.0.0.1:40000' },
    D: { sock: 5, address: '/run/plab/1/D.sock' },
    E: { address: '/run/plab/1/E.sock' },
  },
  pids: { A: 4241, B: 4242 },
  inboxes: { A: { msqid: 11 }, B: { msqid: 12 } },
};

// [step, template, with real identifiers]
const cases: Record<Op, [StepInput, string, string]> = {
  'shm.create': [{ op: 'shm.create', object: 'M' }, 'shmget(key, size, IPC_CREAT|IPC_EXCL|0600)', 'shmget(0x51a00001, 4096, IPC_CREAT|IPC_EXCL|0600)'],
  'shm.attach': [{ op: 'shm.attach', object: 'M' }, 'shmget(key, 0, 0); shmat(shmid, NULL, 0)', 'shmget(0x51a00001, 0, 0); shmat(32769, NULL, 0)'],
  'shm.write': [{ op: 'shm.write', object: 'M', offset: 8, value: 42 }, '*(int32_t *)(M + 8) = 42', '*(int32_t *)(M + 8) = 42'],
  'shm.read': [{ op: 'shm.read', object: 'M', offset: 0, type: 'u8' }, 'uint8_t v = *(volatile uint8_t *)(M)', 'uint8_t v = *(volatile uint8_t *)(M)'],
  'shm.waitUntil': [{ op: 'shm.waitUntil', object: 'M', offset: 0, equals: 1 }, 'while (*(volatile int32_t *)(M) != 1) nanosleep(&(struct timespec){ 0, 1000000 }, NULL)', 'while (*(volatile int32_t *)(M) != 1) nanosleep(&(struct timespec){ 0, 1000000 }, NULL)'],
  'shm.add': [{ op: 'shm.add', object: 'M', offset: 4, delta: 1, atomic: true }, '__atomic_fetch_add((int32_t *)(M + 4), 1, __ATOMIC_SEQ_CST)', '__atomic_fetch_add((int32_t *)(M + 4), 1, __ATOMIC_SEQ_CST)'],
  'shm.detach': [{ op: 'shm.detach', object: 'M' }, 'shmdt(M)', 'shmdt(M)'],
  'shm.destroy': [{ op: 'shm.destroy', object: 'M' }, 'shmctl(shmid, IPC_RMID, NULL)', 'shmctl(32769, IPC_RMID, NULL)'],
  'pipe.create': [{ op: 'pipe.create', object: 'p' }, 'pipe2(fd, 0)', 'pipe2(fd, 0) /* fd = {4, 5} */; fcntl(fd[1], F_SETPIPE_SZ, 65536)'],
  'fifo.create': [{ op: 'fifo.create', object: 'F' }, 'mkfifo(path, 0600)', 'mkfifo("/run/plab/1/F", 0600)'],
  'fifo.open': [{ op: 'fifo.open', object: 'F', end: 'write', blocking: false }, 'open(path, O_WRONLY|O_NONBLOCK)', 'open("/run/plab/1/F", O_WRONLY|O_NONBLOCK)'],
  'fifo.unlink': [{ op: 'fifo.unlink', object: 'F' }, 'unlink(path)', 'unlink("/run/plab/1/F")'],
  write: [{ op: 'write', object: 'p', data: 'hello' }, 'write(fd[1], "hello", 5)', 'write(fd[1]=5, "hello", 5)'],
  read: [{ op: 'read', object: 'p' }, 'read(fd[0], buf, 4096)', 'read(fd[0]=4, buf, 4096)'],
  // Without the objects the template cannot tell a FIFO from a pipe.
  close: [{ op: 'close', object: 'F', end: 'read' }, 'close(fd[0])', 'close(6)'],
  'mailbox.create': [{ op: 'mailbox.create', object: 'Q' }, 'mq_open(name, O_CREAT|O_EXCL|O_RDWR, 0600, &(struct mq_attr){ .mq_maxmsg = 10, .mq_msgsize = 256 })', 'mq_open("/plab-1-Q", O_CREAT|O_EXCL|O_RDWR, 0600, &(struct mq_attr){ .mq_maxmsg = 4, .mq_msgsize = 128 })'],
  'mailbox.destroy': [{ op: 'mailbox.destroy', object: 'Q' }, 'mq_unlink(name)', 'mq_unlink("/plab-1-Q")'],
  send: [{ op: 'send', to: { mailbox: 'Q' }, data: 'hi' }, 'mq_send(mqd, "hi", 2, 0)', 'mq_send(mqd=3, "hi", 2, 0)'],
  receive: [{ op: 'receive', from: { mailbox: 'Q' } }, 'mq_receive(mqd, buf, size, NULL)', 'mq_receive(mqd=3, buf, 128, NULL)'],
  'signal.handle': [{ op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', restart: true, steps: [] }, 'sigaction(SIGUSR1, &(struct sigaction){ .sa_sigaction = on_sigusr1, .sa_flags = SA_SIGINFO|SA_RESTART }, NULL)', 'sigaction(SIGUSR1, &(struct sigaction){ .sa_sigaction = on_sigusr1, .sa_flags = SA_SIGINFO|SA_RESTART }, NULL)'],
  'signal.send': [{ op: 'signal.send', to: 'B', signal: 'SIGUSR1' }, 'kill(pid, SIGUSR1)', 'kill(4242, SIGUSR1)'],
  'signal.raise': [{ op: 'signal.raise', signal: 'SIGTERM' }, 'raise(SIGTERM)', 'raise(SIGTERM)'],
  'signal.pause': [{ op: 'signal.pause' }, 'pause()', 'pause()'],
  'signal.mask': [{ op: 'signal.mask', block: ['SIGUSR1', 'SIGUSR2'], unblock: ['SIGINT'] }, 'sigprocmask(SIG_BLOCK, {SIGUSR1, SIGUSR2}, NULL); sigprocmask(SIG_UNBLOCK, {SIGINT}, NULL)', 'sigprocmask(SIG_BLOCK, {SIGUSR1, SIGUSR2}, NULL); sigprocmask(SIG_UNBLOCK, {SIGINT}, NULL)'],
  'sem.create': [{ op: 'sem.create', object: 'S' }, 'sem_open(name, O_CREAT|O_EXCL, 0600, value)', 'sem_open("/plab-1-S", O_CREAT|O_EXCL, 0600, 1)'],
  'sem.wait': [{ op: 'sem.wait', object: 'S', blocking: false }, 'sem_trywait(S)', 'sem_trywait(S)'],
  'sem.post': [{ op: 'sem.post', object: 'S' }, 'sem_post(S)', 'sem_post(S)'],
  'sem.destroy': [{ op: 'sem.destroy', object: 'S' }, 'sem_unlink(name)', 'sem_unlink("/plab-1-S")'],
  spawn: [{ op: 'spawn', process: 'B' }, 'fork() + exec(B)', 'fork() + exec(B)'],
  wait: [{ op: 'wait', process: 'B' }, 'waitpid(pid, &status, 0)', 'waitpid(4242, &status, 0)'],
  sleep: [{ op: 'sleep', ms: 1500 }, 'nanosleep(&(struct timespec){ 1, 500000000 }, NULL)', 'nanosleep(&(struct timespec){ 1, 500000000 }, NULL)'],
  compute: [{ op: 'compute', ms: 200 }, 'while (elapsed_ms() < 200) ; /* busy */', 'while (elapsed_ms() < 200) ; /* busy */'],
  log: [{ op: 'log', message: 'say "hi"' }, 'write(1, "say \\"hi\\"\\n", 9)', 'write(1, "say \\"hi\\"\\n", 9)'],
  exit: [{ op: 'exit', code: 3 }, '_exit(3)', '_exit(3)'],
  repeat: [{ op: 'repeat', times: 20000, steps: [] }, 'for (int i = 0; i < 20000; i++) { ... }', 'for (int i = 0; i < 20000; i++) { ... }'],
  fault: [{ op: 'fault', kind: 'segv' }, '*(volatile int *)NULL = 1', '*(volatile int *)NULL = 1'],
  'socket.create': [{ op: 'socket.create', object: 'T' }, 'socket(AF_UNIX, SOCK_STREAM, 0)', 'socket(AF_INET, SOCK_STREAM, 0)'],
  'socket.pair': [{ op: 'socket.pair', object: 'D' }, 'socketpair(AF_UNIX, SOCK_STREAM, 0, sv)', 'socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)'],
  'socket.bind': [{ op: 'socket.bind', object: 'T' }, 'bind(fd, &addr_T, sizeof(struct sockaddr_un))', 'bind(fd=3, &addr_T /* 10.0.0.1:40000 */, sizeof(struct sockaddr_in))'],
  'socket.listen': [{ op: 'socket.listen', object: 'T', backlog: 4 }, 'listen(fd, 4)', 'listen(fd=3, 4)'],
  'socket.accept': [{ op: 'socket.accept', object: 'T' }, 'accept(fd, NULL, NULL)', 'accept(fd=3, NULL, NULL)'],
  'socket.connect': [{ op: 'socket.connect', object: 'T' }, 'connect(fd, &addr_T, sizeof(struct sockaddr_un))', 'connect(fd=3, &addr_T /* 10.0.0.1:40000 */, sizeof(struct sockaddr_in))'],
  'socket.send': [{ op: 'socket.send', object: 'D', to: 'E', data: 'hi' }, 'send(fd, "hi", 2, 0)', 'sendto(fd=5, "hi", 2, 0, &addr_E /* /run/plab/1/E.sock */, sizeof(struct sockaddr_un))'],
  'socket.recv': [{ op: 'socket.recv', object: 'T', max: 100 }, 'recv(fd, buf, 100, 0)', 'recv(conn=4, buf, 100, 0)'],
  'socket.shutdown': [{ op: 'socket.shutdown', object: 'T', how: 'write' }, 'shutdown(fd, SHUT_WR)', 'shutdown(conn=4, SHUT_WR)'],
  'socket.close': [{ op: 'socket.close', object: 'T', end: 'socket' }, 'close(fd)', 'close(fd=3)'],
};

describe('describeCall', () => {
  it('has a case for every op', () => {
    expect(Object.keys(cases).sort()).toEqual([...OPS].sort());
  });

  for (const op of OPS) {
    it(`${op}: template and real call`, () => {
      const [step, template, withIds] = cases[op];
      expect(describeCall(step)).toBe(template);
      expect(describeCall(step, real)).toBe(withIds);
    });
  }

  it.each([
    [{ op: 'shm.create', object: 'P' }, 'shm_open("/plab-1-P", O_CREAT|O_EXCL|O_RDWR, 0600); ftruncate(fd, 8192)'],
    [{ op: 'shm.attach', object: 'P' }, 'mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_SHARED, 7, 0)'],
    [{ op: 'shm.destroy', object: 'P' }, 'shm_unlink("/plab-1-P")'],
    [{ op: 'shm.add', object: 'M', offset: 0, delta: 1 }, 'int32_t t = *(volatile int32_t *)(M); *(volatile int32_t *)(M) = t + 1'],
    [{ op: 'shm.write', object: 'M', offset: 16, value: 'hi' }, 'memcpy(M + 16, "hi", 2)'],
    [{ op: 'shm.read', object: 'M', offset: 16, length: 32 }, 'memcpy(buf, M + 16, 32)'],
    [{ op: 'send', to: { mailbox: 'V' }, data: [1, 2], blocking: false }, 'msgsnd(98304, &(msg){ .mtype = 1, (uint8_t[]){1, 2} }, 2, IPC_NOWAIT)'],
    [{ op: 'send', to: { process: 'B' }, data: 'hi' }, 'msgsnd(inbox_B=12, &(msg){ .mtype = 4241, "hi" }, 2, 0)'],
    [{ op: 'receive', from: { process: 'B' } }, 'msgrcv(inbox=11, &msg, 8192, 4242, 0)'],
    [{ op: 'receive', from: 'any', blocking: false }, 'msgrcv(inbox=11, &msg, 8192, 0, IPC_NOWAIT)'],
    [{ op: 'receive', from: { mailbox: 'Q' }, timeoutMs: 500 }, 'mq_timedreceive(mqd=3, buf, 128, NULL, &deadline /* +500 ms */)'],
    [{ op: 'mailbox.create', object: 'V' }, 'msgget(0x51a00002, IPC_CREAT|IPC_EXCL|0600)'],
    [{ op: 'write', object: 'F', data: 'x', blocking: false }, 'write(6, "x", 1) /* O_NONBLOCK */'],
    [{ op: 'wait' }, 'waitpid(-1, &status, 0)'],
    [{ op: 'signal.handle', signal: 'SIGPIPE', action: 'ignore' }, 'sigaction(SIGPIPE, &(struct sigaction){ .sa_handler = SIG_IGN }, NULL)'],
    [{ op: 'fault', kind: 'fpe' }, 'x = 1 / zero  /* volatile int zero = 0 */'],
  ] as [StepInput, string][])('%o', (step, text) => {
    expect(describeCall(step, real)).toBe(text);
  });

  it('never shows mq_maxmsg = 0 (Linux refuses it): a rendezvous mailbox is one slot and an acknowledgement queue', () => {
    const rendezvous: CallContext = { ...real, objects: [...objects, { id: 'R', kind: 'mailbox', flavor: 'posix', capacity: 0, maxMessage: 64 }], ids: { ...real.ids, R: { name: '/plab-1-R' } } };
    const text = describeCall({ op: 'mailbox.create', object: 'R' }, rendezvous);
    expect(text).not.toContain('mq_maxmsg = 0');
    expect(text).toBe('mq_open("/plab-1-R", O_CREAT|O_EXCL|O_RDWR, 0600, &(struct mq_attr){ .mq_maxmsg = 1, .mq_msgsize = 64 }) + an acknowledgement queue (capacity 0: rendezvous)');
  });

  it('escapes and shortens long or binary data but keeps the true length', () => {
    expect(describeCall({ op: 'write', object: 'p', data: 'a\tb\u0001' })).toBe('write(fd[1], "a\\tb\\001", 4)');
    expect(describeCall({ op: 'write', object: 'p', data: 'x'.repeat(100) })).toBe(`write(fd[1], "${'x'.repeat(40)}...", 100)`);
    expect(describeCall({ op: 'write', object: 'p', data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] })).toBe('write(fd[1], (uint8_t[]){1, 2, 3, 4, 5, 6, 7, 8, ...}, 10)');
    expect(describeCall({ op: 'log', message: 'é' })).toBe('write(1, "é\\n", 3)');
  });
});
