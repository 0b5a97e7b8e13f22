/*
 * Signals carry no data
 *
 * Exported from Process Lab (scenario format process-lab/scenario@1).
 *
 * Compile and run:
 *     cc -Wall -Wextra -o signals-carry-no-data signals-carry-no-data.c -lrt -pthread && ./signals-carry-no-data
 *
 * **sender** sends SIGUSR1 to **receiver** twice in a row. The receiver's handler only learns
 * the signal's number: not who sent it, not why, not how many times. Two identical standard
 * signals sent before the first is delivered are merged: the handler may run only once.
 *
 * **Watch:** two signal.sent events but one or two handler runs; nothing in the handler can
 * tell the two signals apart.
 *
 * What it does: main() forks the processes without a parent; each other process is forked by
 * its parent at its spawn step. Every process runs its program (one block per step, each
 * headed by "process [index path] label") and exits 0 at its end; a failed call is reported
 * with its errno and ends the process with status 1 unless the step says onError continue.
 * Processes:
 *   receiver (Receiver): started by main(), 7 steps
 *   sender (Sender): child of receiver, 3 steps
 *
 * Output: log steps write to stdout, exactly as in the lab. Results of reads, loads, receives
 * and waits, and failed calls, go to stderr as "[process] step: ...". At the end main() prints
 * one line per process, "#exit <id> code <n>" or "#exit <id> signal <NAME>", "#leaked <id>"
 * for each object left behind (then removed, as the lab does), and "#end <status>".
 *
 * Where this program and the lab differ:
 * - Deadlocks: the lab sees that every live process waits for another and ends the run at
 *   once (status "deadlock"); this program cannot, so main() kills whatever is left at
 *   limits.timeoutMs (5000 ms) and prints #timeout.
 * - pause() is written race-free (sigsuspend(2)): it also returns for a signal handled
 *   during the step just before it, which pause(2) would miss and then sleep until the
 *   timeout. A sender forked in microseconds often signals that early; the lab's pause waits
 *   for a signal that comes while it waits.
 */
#define _GNU_SOURCE
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
#include <sys/wait.h>

/* Which scenario process this copy of the program is: set by become() right after fork(). */
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

enum on_error { FAIL, CONTINUE };   /* a step's onError */

enum { P_receiver, P_sender, NPROC };   /* processes, in scenario order */
static const char *const process_ids[NPROC] = { "receiver", "sender" };
static volatile sig_atomic_t handler_ran;   /* a handler ran since the last mark (signal.pause) */


/* errno's symbolic name, as the lab reports it (EAGAIN, EINTR...). Async-signal-safe. */
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
}

/* A signal's name, as the lab reports it. */
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
}

/* write(2) of a whole line; a report that cannot be written has nowhere better to go. */
static void say(int fd, const char *text, size_t length)
{
    ssize_t written = write(fd, text, length);
    (void)written;
}

/*
 * A call failed: report it like perror(3) does, plus errno's name, in one write so that lines
 * of concurrent processes do not mix; then exit(1) unless the step continues on error.
 */
static void failed(const char *what, const char *call, enum on_error on_error)
{
    int e = errno;
    char line[512];
    int n = snprintf(line, sizeof line, "[%s] %s: %s: %s (%s)\n", me, what, call, strerror(e), errno_name(e));
    say(2, line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
    if (on_error == FAIL)
        exit(1);
    errno = e;
}

/* failed() for code inside a signal handler: only async-signal-safe calls (signal-safety(7)). */
static void failed_in_handler(const char *what, const char *call, enum on_error on_error)
{
    int e = errno;
    const char *parts[] = { "[", me, "] ", what, ": ", call, ": ", errno_name(e), "\n" };
    char line[256];
    size_t n = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        for (const char *c = parts[i]; *c != '\0' && n < sizeof line; c++)
            line[n++] = *c;
    say(2, line, n);
    if (on_error == FAIL)
        _exit(1);
    errno = e;
}

/* Shows what wait reaped: "child exited 0" or "child killed by SIGKILL". */
static void show_status(const char *what, pid_t pid, int status)
{
    const char *who = "?";
    char line[256];
    int n;
    for (int i = 0; i < NPROC; i++)
        if (procs[i].pid == pid)
            who = process_ids[i];
    if (WIFSIGNALED(status))
        n = snprintf(line, sizeof line, "[%s] %s: %s killed by %s\n", me, what, who, signal_name(WTERMSIG(status)));
    else
        n = snprintf(line, sizeof line, "[%s] %s: %s exited %d\n", me, what, who, WEXITSTATUS(status));
    say(2, line, n < (int)sizeof line ? (size_t)n : sizeof line - 1);
}

/* The PID of a scenario process, or -1 with ESRCH when it has not started (as in the lab). */
static pid_t pid_of(int index)
{
    pid_t pid = procs[index].pid;
    if (pid <= 0) {
        errno = ESRCH;
        return -1;
    }
    return pid;
}

/* Whoever reaps a process writes its status into the table, for main()'s summary. */
static void record_exit(pid_t pid, int status)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i].pid == pid) {
            procs[i].status = status;
            procs[i].ended = 1;
        }
}

/* Each process's program, defined below. */
static void program_receiver(void);
static void program_sender(void);
static void (*const programs[NPROC])(void) = { program_receiver, program_sender };

/*
 * The first thing a new process does, in the child of fork(). The lab starts each process like
 * fork+exec, so what exec would drop goes here: shared-memory attachments, queue and semaphore
 * descriptors, handlers (every signal back to SIG_DFL and none blocked, as the lab's processes
 * start). Pipe and FIFO ends stay open: they are what the child inherits.
 * PLAB_CONSOLE_DIR, when set, gives each process its own stdout file (<dir>/<id>.out), so that
 * a test can compare each process's console with the lab's; by default all share the terminal.
 */
static void become(int index) {
    sigset_t none;
    const char *console_dir = getenv("PLAB_CONSOLE_DIR");
    me_index = index;
    me = process_ids[index];
    procs[index].pid = getpid();
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            signal(sig, SIG_DFL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    handler_ran = 0;
    if (console_dir != NULL) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s.out", console_dir, me);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            close(fd);
        }
    }
}

/* spawn: fork(); the child becomes the scenario process and exits 0 when its program ends. */
static pid_t start_process(int index) {
    pid_t pid = fork();
    if (pid == 0) {
        become(index);
        programs[index]();
        exit(0);
    }
    if (pid > 0)
        procs[index].pid = pid;
    return pid;
}

/* ==== receiver (Receiver): forked by main() ==== */

/* receiver [0]: the SIGUSR1 handler; its steps are async-signal-safe and run in it. */
static void on_sigusr1_receiver_0(int sig, siginfo_t *info, void *context) {
    int saved_errno = errno;   /* the interrupted code may be about to read errno */
    (void)sig;
    (void)context;
    (void)info;
    handler_ran = 1;
    /* receiver [0, 0]: log: write(1, "got SIGUSR1 (and nothing else)\n", 31) */
    if (write(1, "got SIGUSR1 (and nothing else)\n", 31) < 0)
        failed_in_handler("step [0, 0]", "write", FAIL);
    errno = saved_errno;
}

static void program_receiver(void) {
    /* receiver [0]: signal.handle: sigaction(SIGUSR1, &(struct sigaction){ .sa_sigaction = on_sigusr1, .sa_flags = SA_SIGINFO }, NULL) */
    {
        struct sigaction sa = { .sa_sigaction = on_sigusr1_receiver_0, .sa_flags = SA_SIGINFO };
        sigemptyset(&sa.sa_mask);
        if (sigaction(SIGUSR1, &sa, NULL) < 0)
            failed("step [0]", "sigaction", FAIL);
    }
    /* receiver [1]: spawn: fork() + exec(sender) */
    handler_ran = 0;   /* the next step pauses: a signal handled from here on is the one it waits for */
    if (start_process(P_sender) < 0)
        failed("step [1]", "fork", FAIL);
    /* receiver [2] "pause": signal.pause: pause() */
    {
        sigset_t all, old;
        sigfillset(&all);
        sigprocmask(SIG_BLOCK, &all, &old);
        while (!handler_ran)
            sigsuspend(&old);   /* returns -1 with EINTR once a handler ran: that is its success */
        handler_ran = 0;
        sigprocmask(SIG_SETMASK, &old, NULL);
    }
    /* receiver [3] "linger": sleep: nanosleep(&(struct timespec){ 0, 300000000 }, NULL) */
    if (nanosleep(&(struct timespec){ 0, 300000000 }, NULL) < 0)   /* never restarted: EINTR */
        failed("linger", "nanosleep", CONTINUE);
    /* receiver [4]: log: write(1, "receiver: that is all a signal says\n", 36) */
    if (write(1, "receiver: that is all a signal says\n", 36) < 0)
        failed("step [4]", "write", FAIL);
    /* receiver [5]: wait: waitpid(pid, &status, 0) */
    {
        int status;
        pid_t pid;
        if (procs[P_sender].pid <= 0) {
            errno = ECHILD;
            failed("step [5]", "waitpid", FAIL);
        }
        else {
            /* A child that ended before this is a zombie (state Z) until now. */
            pid = waitpid(procs[P_sender].pid, &status, 0);
            if (pid < 0)
                failed("step [5]", "waitpid", FAIL);
            else {
                record_exit(pid, status);
                show_status("step [5]", pid, status);
            }
        }
    }
}

/* ==== sender (Sender): forked by receiver at its spawn step ==== */

static void program_sender(void) {
    /* sender [0] "let the receiver reach pause()": sleep: nanosleep(&(struct timespec){ 0, 200000000 }, NULL) */
    if (nanosleep(&(struct timespec){ 0, 200000000 }, NULL) < 0)   /* never restarted: EINTR */
        failed("let the receiver reach pause()", "nanosleep", FAIL);
    /* sender [1] "first": signal.send: kill(pid, SIGUSR1) */
    {
        pid_t pid = pid_of(P_receiver);   /* -1 (ESRCH) while receiver has not started */
        if (pid < 0 || kill(pid, SIGUSR1) < 0)
            failed("first", "kill", FAIL);
    }
    /* sender [2] "second": signal.send: kill(pid, SIGUSR1) */
    {
        pid_t pid = pid_of(P_receiver);   /* -1 (ESRCH) while receiver has not started */
        if (pid < 0 || kill(pid, SIGUSR1) < 0)
            failed("second", "kill", FAIL);
    }
}

static volatile sig_atomic_t timed_out;

static void on_timeout(int sig) {
    (void)sig;
    timed_out = 1;
}

/* The lab's cleanup: whatever a process left behind is removed and reported as leaked. */
static void remove_leftovers(void) {
}

int main(void) {
    struct sigaction alarm_action = { .sa_handler = on_timeout };
    struct itimerval limit = { .it_value = { 5, 0 } };   /* limits.timeoutMs = 5000 */
    int failures = 0;

    procs = mmap(NULL, sizeof *procs * NPROC, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (procs == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    /* Orphans are reparented to main() instead of init, so main() learns how they ended (prctl(2)). */
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
        perror("prctl(PR_SET_CHILD_SUBREAPER)");

    /* The lab ends a deadlocked run as soon as it sees one; this program cannot tell, so at
       limits.timeoutMs it kills every process left and says #timeout (a lab deadlock or timeout). */
    sigemptyset(&alarm_action.sa_mask);
    sigaction(SIGALRM, &alarm_action, NULL);
    setitimer(ITIMER_REAL, &limit, NULL);

    if (start_process(P_receiver) < 0)
        perror("fork receiver");

    /* Reap the roots, and orphans handed to main() as subreaper, until no child is left. */
    for (;;) {
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid > 0) {
            record_exit(pid, status);
            continue;
        }
        if (errno == ECHILD)
            break;
        if (errno == EINTR && timed_out == 1) {
            timed_out = 2;
            say(1, "#timeout\n", 9);
            for (int i = 0; i < NPROC; i++)
                if (procs[i].pid > 0 && !procs[i].ended)
                    kill(procs[i].pid, SIGKILL);
        }
    }

    /* One line per process that ran: #exit <id> code <n> | #exit <id> signal <NAME> [core]. */
    for (int i = 0; i < NPROC; i++) {
        char line[128];
        int n, status = procs[i].status;
        if (procs[i].pid <= 0)
            continue;
        if (!procs[i].ended)
            n = snprintf(line, sizeof line, "#exit %s unknown\n", process_ids[i]);
        else if (WIFSIGNALED(status))
            n = snprintf(line, sizeof line, "#exit %s signal %s%s\n", process_ids[i], signal_name(WTERMSIG(status)), WCOREDUMP(status) ? " core" : "");
        else
            n = snprintf(line, sizeof line, "#exit %s code %d\n", process_ids[i], WEXITSTATUS(status));
        failures += !procs[i].ended || WIFSIGNALED(status) || WEXITSTATUS(status) != 0;
        say(1, line, (size_t)n);
    }
    remove_leftovers();
    if (timed_out) {
        say(1, "#end timeout\n", 13);
        return 3;
    }
    say(1, failures ? "#end failed\n" : "#end completed\n", failures ? 12 : 15);
    return failures ? 1 : 0;
}
