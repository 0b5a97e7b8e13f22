// The C helpers an exported program may need: error reports, byte dumps, the run's process
// table, queue and semaphore "open on first use", random System V keys. Each helper lists the
// helpers it calls; the generator keeps only those the program uses, because -Wall warns about
// an unused static function and a reader should not wade through dead code.

import { SHARED_CALLS } from './shared-calls';
import { SIGNAL_HELPERS } from './signal-helpers';

export interface CHelper {
  name: string;
  /** Other helpers (or globals) this one refers to. */
  uses: readonly string[];
  code: string;
}

export const HEADERS = `#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>`;

/** Globals every program has: who this copy of the program is, and the shared process table. */
export const CORE_GLOBALS = `/* Which scenario process this copy of the program is: set by become() right after fork(). */
static const char *me = "main";
static int me_index = -1;

/*
 * The run's process table, in a MAP_SHARED|MAP_ANONYMOUS mapping made by main() before the
 * first fork, so every process sees it: a PID for kill() by process id (the lab keeps the same
 * in its run directory), and each process's wait status, recorded by whoever reaps it.
 */
struct proc_slot {
    volatile pid_t pid;      /* 0: not started yet */
    volatile int ended;      /* reaped: status is valid */
    volatile int status;     /* as waitpid() reported it */
};
static struct proc_slot *procs;

enum on_error { FAIL, CONTINUE };   /* a step's onError */`;

/** A POSIX mailbox as a process holds it (before the globals that use it). */
export const QUEUE_STRUCT = `struct queue {
    mqd_t mqd;
    mqd_t ack;
    int open;
    int nonblocking;
};
#define QUEUE_CLOSED { (mqd_t)-1, (mqd_t)-1, 0, 0 }`;

const HELPERS: readonly CHelper[] = [
  ...SHARED_CALLS,
  {
    name: 'errno_name',
    uses: [],
    code: `/* errno's symbolic name, as the lab reports it (EAGAIN, EINTR...). Async-signal-safe. */
static const char *errno_name(int e)
{
    switch (e) {
    case EPERM: return "EPERM";       case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";       case EINTR: return "EINTR";
    case EIO: return "EIO";           case EBADF: return "EBADF";
    case ECHILD: return "ECHILD";     case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";     case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";     case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";   case EINVAL: return "EINVAL";
    case ENFILE: return "ENFILE";     case EMFILE: return "EMFILE";
    case ENOSPC: return "ENOSPC";     case EPIPE: return "EPIPE";
    case ERANGE: return "ERANGE";     case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOSYS: return "ENOSYS";     case ENOMSG: return "ENOMSG";
    case EIDRM: return "EIDRM";       case E2BIG: return "E2BIG";
    case EMSGSIZE: return "EMSGSIZE"; case ETIMEDOUT: return "ETIMEDOUT";
    case EBUSY: return "EBUSY";       case EDEADLK: return "EDEADLK";
    default: return "E?";
    }
}`,
  },
  {
    name: 'signal_name',
    uses: [],
    code: `/* A signal's name, as the lab reports it. */
static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGHUP: return "SIGHUP";     case SIGINT: return "SIGINT";
    case SIGQUIT: return "SIGQUIT";   case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";   case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";     case SIGKILL: return "SIGKILL";
    case SIGUSR1: return "SIGUSR1";   case SIGSEGV: return "SIGSEGV";
    case SIGUSR2: return "SIGUSR2";   case SIGPIPE: return "SIGPIPE";
    case SIGALRM: return "SIGALRM";   case SIGTERM: return "SIGTERM";
    case SIGCHLD: return "SIGCHLD";   case SIGCONT: return "SIGCONT";
    case SIGSTOP: return "SIGSTOP";   case SIGTSTP: return "SIGTSTP";
    case SIGTTIN: return "SIGTTIN";   case SIGTTOU: return "SIGTTOU";
    default: return "SIG?";
    }
}`,
  },
  {
    name: 'say',
    uses: [],
    code: `/* write(2) of a whole line; a report that cannot be written has nowhere better to go. */
static void say(int fd, const char *text, size_t length)
{
    ssize_t written = write(fd, text, length);
    (void)written;
}`,
  },
  {
    name: 'failed',
    uses: ['errno_name', 'say'],
    code: `/*
 * A call failed: report it like perror(3) does, plus errno's name, in one write so that lines
 * of concurrent processes do not mix; then exit(1) unless the step continues on error.
 */
static void failed(const char *what, const char *call, enum on_error on_error)
{
    int e = errno;
    char line[512];
    int n = snprintf(line, sizeof line, "[%s] %s: %s: %s (%s)\\n", me, what, call, strerror(e), errno_name(e));
    say(2, line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
    if (on_error == FAIL)
        exit(1);
    errno = e;
}`,
  },
  {
    name: 'failed_in_handler',
    uses: ['errno_name', 'say'],
    code: `/* failed() for code inside a signal handler: only async-signal-safe calls (signal-safety(7)). */
static void failed_in_handler(const char *what, const char *call, enum on_error on_error)
{
    int e = errno;
    const char *parts[] = { "[", me, "] ", what, ": ", call, ": ", errno_name(e), "\\n" };
    char line[256];
    size_t n = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        for (const char *c = parts[i]; *c != '\\0' && n < sizeof line; c++)
            line[n++] = *c;
    say(2, line, n);
    if (on_error == FAIL)
        _exit(1);
    errno = e;
}`,
  },
  {
    name: 'show_bytes',
    uses: ['say'],
    code: `/* Shows bytes a step read, as the lab's step result does: text with C escapes. */
static void show_bytes(const char *what, const void *data, ssize_t length)
{
    static char line[4600];
    const unsigned char *bytes = data;
    int n = snprintf(line, sizeof line, "[%s] %s: %zd bytes \\"", me, what, length);
    for (ssize_t i = 0; i < length && n < (int)sizeof line - 16; i++) {
        unsigned char c = bytes[i];
        if (i == 1024) {
            n += snprintf(line + n, sizeof line - n, "...");
            break;
        }
        if (c == '"' || c == '\\\\')
            n += snprintf(line + n, sizeof line - n, "\\\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            line[n++] = (char)c;
        else
            n += snprintf(line + n, sizeof line - n, "\\\\x%02x", c);
    }
    n += snprintf(line + n, sizeof line - n, "\\"\\n");
    say(2, line, (size_t)n);
}`,
  },
  {
    name: 'show_value',
    uses: ['say'],
    code: `/* Shows a value a step loaded. */
static void show_value(const char *what, long long value)
{
    char line[256];
    int n = snprintf(line, sizeof line, "[%s] %s: value %lld\\n", me, what, value);
    say(2, line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
}`,
  },
  {
    name: 'show_double',
    uses: ['say'],
    code: `/* Shows a floating-point value a step loaded. */
static void show_double(const char *what, double value)
{
    char line[256];
    int n = snprintf(line, sizeof line, "[%s] %s: value %.17g\\n", me, what, value);
    say(2, line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
}`,
  },
  {
    name: 'show_status',
    uses: ['say', 'signal_name', 'process_ids'],
    code: `/* Shows what wait reaped: "child exited 0" or "child killed by SIGKILL". */
static void show_status(const char *what, pid_t pid, int status)
{
    const char *who = "?";
    char line[256];
    int n;
    for (int i = 0; i < NPROC; i++)
        if (procs[i].pid == pid)
            who = process_ids[i];
    if (WIFSIGNALED(status))
        n = snprintf(line, sizeof line, "[%s] %s: %s killed by %s\\n", me, what, who, signal_name(WTERMSIG(status)));
    else
        n = snprintf(line, sizeof line, "[%s] %s: %s exited %d\\n", me, what, who, WEXITSTATUS(status));
    say(2, line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
}`,
  },
  {
    name: 'pid_of',
    uses: [],
    code: `/* The PID of a scenario process, or -1 with ESRCH when it has not started (as in the lab). */
static pid_t pid_of(int index)
{
    pid_t pid = procs[index].pid;
    if (pid <= 0) {
        errno = ESRCH;
        return -1;
    }
    return pid;
}`,
  },
  {
    name: 'record_exit',
    uses: [],
    code: `/* Whoever reaps a process writes its status into the table, for main()'s summary. */
static void record_exit(pid_t pid, int status)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i].pid == pid) {
            procs[i].status = status;
            procs[i].ended = 1;
        }
}`,
  },
  {
    name: 'ms_between',
    uses: [],
    code: `static long long ms_between(const struct timespec *from, const struct timespec *to)
{
    return (to->tv_sec - from->tv_sec) * 1000LL + (to->tv_nsec - from->tv_nsec) / 1000000;
}`,
  },
  {
    name: 'set_nonblocking',
    uses: [],
    code: `/*
 * Sets or clears O_NONBLOCK, only when it differs (as the lab does), and leaves it so: the flag
 * is state of the open file description, which a parent and its children share after fork().
 */
static int set_nonblocking(int fd, int on)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0)
        return -1;
    int wanted = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
    return wanted == flags ? 0 : fcntl(fd, F_SETFL, wanted);
}`,
  },
  {
    name: 'queue_open',
    uses: [],
    code: `/*
 * A POSIX mailbox as this process holds it. send and receive open it on first use (mq_open
 * without O_CREAT: ENOENT until some process created it); the blocking mode is set per call
 * with mq_setattr. A rendezvous (capacity 0) pairs it with an acknowledgement queue.
 */
static int queue_open(struct queue *q, const char *name, const char *ack_name, int nonblocking)
{
    if (!q->open) {
        q->mqd = mq_open(name, O_RDWR);
        if (q->mqd == (mqd_t)-1)
            return -1;
        if (ack_name != NULL) {
            q->ack = mq_open(ack_name, O_RDWR);
            if (q->ack == (mqd_t)-1) {
                mq_close(q->mqd);
                return -1;
            }
        }
        q->open = 1;
        q->nonblocking = 0;
    }
    if (q->nonblocking != nonblocking) {
        struct mq_attr attr = { .mq_flags = nonblocking ? O_NONBLOCK : 0 };
        if (mq_setattr(q->mqd, &attr, NULL) < 0)
            return -1;
        q->nonblocking = nonblocking;
    }
    return 0;
}`,
  },
  {
    name: 'queue_close',
    uses: [],
    code: `static void queue_close(struct queue *q)
{
    if (!q->open)
        return;
    mq_close(q->mqd);
    if (q->ack != (mqd_t)-1)
        mq_close(q->ack);
    *q = (struct queue)QUEUE_CLOSED;
}`,
  },
  {
    name: 'sem_get',
    uses: [],
    code: `/* sem_wait and sem_post open the semaphore on first use (sem_open without O_CREAT). */
static int sem_get(sem_t **sem, const char *name)
{
    if (*sem == SEM_FAILED)
        *sem = sem_open(name, 0);
    return *sem == SEM_FAILED ? -1 : 0;
}`,
  },
  {
    name: 'msq_get',
    uses: [],
    code: `/* A System V mailbox is found by its key on first use (msgget without IPC_CREAT). */
static int msq_get(int *msqid, key_t key)
{
    if (*msqid < 0)
        *msqid = msgget(key, 0);
    return *msqid;
}`,
  },
  {
    name: 'lab_msg',
    uses: [],
    code: `/* A System V message: the type first (the sender's 1-based place in the scenario), then the bytes. */
struct lab_msg {
    long mtype;
    char mtext[LAB_MSG_BYTES];   /* the longest message the scenario sends or receives, at least 8192 */
};
static struct lab_msg msg;`,
  },
  {
    name: 'new_key',
    uses: [],
    code: `/*
 * A System V key for this run: random, with the lab's high byte 0x50 ('P'), not ftok(3), so two
 * runs side by side never share an object. Every process inherits the keys from main().
 */
static key_t new_key(void)
{
    static key_t used[128];
    static int count;
    for (;;) {
        uint32_t r = 0;
        if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
            r = (uint32_t)getpid() * 2654435761u + (uint32_t)count;
        key_t key = (key_t)(0x50000000u | (r & 0xffffffu));
        int clash = (r & 0xffffffu) == 0;
        for (int i = 0; i < count; i++)
            clash |= used[i] == key;
        if (!clash && count < 128) {
            used[count++] = key;
            return key;
        }
    }
}`,
  },
  ...SIGNAL_HELPERS,   // after say(), which they use
];

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;

/** The helpers `body` needs (directly or through other helpers), in the order of HELPERS. */
export function helpersFor(body: string): CHelper[] {
  const words = new Set(body.match(IDENT) ?? []);
  const wanted = new Set<string>();
  const visit = (name: string) => {
    if (wanted.has(name)) return;
    const helper = HELPERS.find((h) => h.name === name);
    if (!helper) return;
    wanted.add(name);
    helper.uses.forEach(visit);
  };
  for (const helper of HELPERS) if (words.has(helper.name)) visit(helper.name);
  if (words.has('msg')) visit('lab_msg');
  return HELPERS.filter((h) => wanted.has(h.name));
}
