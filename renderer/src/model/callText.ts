/**
 * The C call a step makes, as the editor shows it before a run (a run reports the real
 * call with real identifiers in step.begin). Symbolic names stand for what only a run
 * knows: key_M, fd_p[1].
 * The scenario layer's describeCall says it; the local table below stands in for steps it
 * cannot describe yet (a step still being written, with fields missing or mistyped).
 */
import { describeCall } from '@scenario/calls';
import type { LabObject, StepInput } from '@scenario/schema';
import type { ScenarioDoc, StepDoc } from './doc';
import { findObject } from './doc';

const text = (data: unknown): string => {
  if (typeof data === 'string') return JSON.stringify(data.length > 16 ? `${data.slice(0, 16)}…` : data);
  if (Array.isArray(data)) return `{${data.slice(0, 4).join(', ')}${data.length > 4 ? ', …' : ''}}`;
  return String(data);
};
const len = (data: unknown): number => (typeof data === 'string' ? new TextEncoder().encode(data).length : Array.isArray(data) ? data.length : 0);

export function callText(step: StepDoc, doc: ScenarioDoc): string {
  try {
    const text = describeCall(step as unknown as StepInput, { objects: doc.objects as unknown as LabObject[] });
    if (text && !text.includes('undefined')) return text;
  } catch {
    // An incomplete step: fall through to the tolerant local wording.
  }
  return localCallText(step, doc);
}

function localCallText(step: StepDoc, doc: ScenarioDoc): string {
  const o = typeof step.object === 'string' ? step.object : '?';
  const object = typeof step.object === 'string' ? findObject(doc, step.object) : undefined;
  const posix = object?.flavor === 'posix';
  const sysvBox = object?.kind === 'mailbox' && object.flavor === 'sysv';
  const type = typeof step.type === 'string' ? step.type : 'i32';
  const ctype = { u8: 'uint8_t', i32: 'int32_t', u32: 'uint32_t', i64: 'int64_t', f64: 'double' }[type] ?? 'int32_t';
  switch (step.op) {
    case 'shm.create': return posix ? `shm_open("/${o}", O_CREAT|O_EXCL|O_RDWR, 0600); ftruncate(fd, ${String(object?.size ?? '?')})` : `shmget(key_${o}, ${String(object?.size ?? '?')}, IPC_CREAT|IPC_EXCL|0600)`;
    case 'shm.attach': return posix ? `mmap(NULL, size, PROT_READ|PROT_WRITE, MAP_SHARED, shm_open("/${o}", O_RDWR), 0)` : `shmat(shmget(key_${o}, 0, 0), NULL, 0)`;
    case 'shm.write': return `*(${ctype} *)(${o} + ${String(step.offset ?? 0)}) = ${text(step.value)}`;
    case 'shm.read': return step.length ? `memcpy(buf, ${o} + ${String(step.offset ?? 0)}, ${String(step.length)})` : `${ctype} v = *(${ctype} *)(${o} + ${String(step.offset ?? 0)})`;
    case 'shm.waitUntil': return `while (*(volatile ${ctype} *)(${o} + ${String(step.offset ?? 0)}) != ${String(step.equals)}) ${step.pollMs === 0 ? ';' : `usleep(${Number(step.pollMs ?? 1) * 1000})`}`;
    case 'shm.add': return step.atomic ? `__atomic_fetch_add((${ctype} *)(${o} + ${String(step.offset ?? 0)}), ${String(step.delta)}, __ATOMIC_SEQ_CST)` : `p[${String(step.offset ?? 0)}] = p[${String(step.offset ?? 0)}] + ${String(step.delta)}  /* load, then store */`;
    case 'shm.detach': return posix ? `munmap(${o}, size)` : `shmdt(${o})`;
    case 'shm.destroy': return posix ? `shm_unlink("/${o}")` : `shmctl(shmid_${o}, IPC_RMID, NULL)`;
    case 'pipe.create': return `pipe2(fd_${o}, 0)`;
    case 'fifo.create': return `mkfifo("${o}", 0600)`;
    case 'fifo.open': return `open("${o}", ${step.end === 'write' ? 'O_WRONLY' : 'O_RDONLY'}${step.blocking === false ? '|O_NONBLOCK' : ''})`;
    case 'write': return `write(fd_${o}[1], ${text(step.data)}, ${len(step.data)})`;
    case 'read': return `read(fd_${o}[0], buf, ${String(step.max ?? 4096)})`;
    case 'close': return `close(fd_${o}[${step.end === 'write' ? 1 : 0}])`;
    case 'mailbox.create': return sysvBox ? `msgget(key_${o}, IPC_CREAT|IPC_EXCL|0600)` : `mq_open("/${o}", O_CREAT|O_EXCL|O_RDWR, 0600, &attr)`;
    case 'mailbox.destroy': return sysvBox ? `msgctl(msqid_${o}, IPC_RMID, NULL)` : `mq_unlink("/${o}")`;
    case 'send': {
      const to = step.to as { mailbox?: string; process?: string } | undefined;
      const box = to?.mailbox ?? `inbox_${to?.process ?? '?'}`;
      return `mq_send(${box}, ${text(step.data)}, ${len(step.data)}, 0)${step.blocking === false ? '  /* O_NONBLOCK */' : ''}`;
    }
    case 'receive': {
      const from = step.from as { mailbox?: string; process?: string } | string | undefined;
      const box = typeof from === 'object' ? from.mailbox ?? 'inbox' : 'inbox';
      return step.timeoutMs ? `mq_timedreceive(${box}, buf, size, NULL, +${String(step.timeoutMs)}ms)` : `mq_receive(${box}, buf, size, NULL)`;
    }
    case 'signal.handle': return `sigaction(${String(step.signal)}, {${step.action === 'handler' ? 'handler' : step.action === 'ignore' ? 'SIG_IGN' : 'SIG_DFL'}${step.restart ? ', SA_RESTART' : ''}}, NULL)`;
    case 'signal.send': return `kill(pid_${String(step.to)}, ${String(step.signal)})`;
    case 'signal.raise': return `raise(${String(step.signal)})`;
    case 'signal.pause': return 'pause()';
    case 'signal.mask': return `sigprocmask(${Array.isArray(step.block) && step.block.length ? `SIG_BLOCK, {${step.block.join(', ')}}` : `SIG_UNBLOCK, {${Array.isArray(step.unblock) ? step.unblock.join(', ') : ''}}`}, NULL)`;
    case 'sem.create': return `sem_open("/${o}", O_CREAT|O_EXCL, 0600, ${String(object?.initial ?? 1)})`;
    case 'sem.wait': return step.blocking === false ? `sem_trywait(${o})` : `sem_wait(${o})`;
    case 'sem.post': return `sem_post(${o})`;
    case 'sem.destroy': return `sem_unlink("/${o}")`;
    case 'spawn': return `posix_spawn(&pid_${String(step.process)}, …)  /* fork+exec */`;
    case 'wait': return step.process ? `waitpid(pid_${String(step.process)}, &status, 0)` : 'wait(&status)';
    case 'sleep': return `nanosleep(${String(step.ms)} ms)`;
    case 'compute': return `for (;;) { /* ${String(step.ms)} ms busy */ }`;
    case 'log': return `write(1, ${text(step.message)}, …)`;
    case 'exit': return `_exit(${String(step.code)})`;
    case 'repeat': return `for (int i = 0; i < ${String(step.times)}; i++)`;
    case 'fault': return step.kind === 'fpe' ? 'int z = 0; x = 1 / z' : '*(volatile int *)NULL = 1';
    default: return String(step.op);
  }
}
