/*
 * A pipe from parent to child
 *
 * Exported from Process Lab (scenario format process-lab/scenario@1).
 *
 * Compile and run:
 *     cc -Wall -Wextra -o a-pipe-from-parent-to-child a-pipe-from-parent-to-child.c -lrt -pthread && ./a-pipe-from-parent-to-child
 *
 * The lecture's pipe code: the **parent** calls `pipe(fd)`, then `fork()`; the child inherits
 * both ends. The parent closes the read end it does not use and writes; the **child** closes
 * the write end it does not use and reads. When the parent closes its write end, the child's
 * next read returns 0: end of file.
 *
 * **Watch:** the descriptors of each process in the inspector; the child's second read returns
 * 0 bytes only after the parent's close.
 *
 * What it does: main() forks the processes without a parent; each other process is forked by
 * its parent at its spawn step. Every process runs its program (one block per step, each
 * headed by "process [index path] label") and exits 0 at its end; a failed call is reported
 * with its errno and ends the process with status 1 unless the step says onError continue.
 * Processes:
 *   parent (Parent): started by main(), 6 steps
 *   child (Child): child of parent, 4 steps
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

enum { P_parent, P_child, NPROC };   /* processes, in scenario order */
static const char *const process_ids[NPROC] = { "parent", "child" };

/* p: pipe */
static int fd_p[2] = { -1, -1 };   /* [0] read end, [1] write end; -1: not open here */
static char buf[8192];   /* what reads and receives bring in */

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

/* Shows bytes a step read, as the lab's step result does: text with C escapes. */
static void show_bytes(const char *what, const void *data, ssize_t length)
{
    static char line[4600];
    const unsigned char *bytes = data;
    int n = snprintf(line, sizeof line, "[%s] %s: %zd bytes \"", me, what, length);
    for (ssize_t i = 0; i < length && n < (int)sizeof line - 16; i++) {
        unsigned char c = bytes[i];
        if (i == 1024) {
            n += snprintf(line + n, sizeof line - n, "...");
            break;
        }
        if (c == '"' || c == '\\')
            n += snprintf(line + n, sizeof line - n, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            line[n++] = (char)c;
        else
            n += snprintf(line + n, sizeof line - n, "\\x%02x", c);
    }
    n += snprintf(line + n, sizeof line - n, "\"\n");
    say(2, line, (size_t)n);
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
static void program_parent(void);
static void program_child(void);
static void (*const programs[NPROC])(void) = { program_parent, program_child };

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

/* ==== parent (Parent): forked by main() ==== */

static void program_parent(void) {
    /* parent [0]: pipe.create: pipe2(fd, 0) */
    if (pipe2(fd_p, 0) < 0)
        failed("step [0]", "pipe2", FAIL);
    /* parent [1]: spawn: fork() + exec(child) */
    if (start_process(P_child) < 0)
        failed("step [1]", "fork", FAIL);
    /* parent [2] "close unused read end": close: close(fd[0]) */
    if (close(fd_p[0]) < 0)
        failed("close unused read end", "close", FAIL);
    fd_p[0] = -1;
    /* parent [3] "write": write: write(fd[1], "hello child", 11) */
    {
        ssize_t n;
        /* Blocks while the pipe is full; with no reader left: SIGPIPE, or EPIPE if it is handled or ignored. */
        n = write(fd_p[1], "hello child", 11);
        if (n < 0)
            failed("write", "write", FAIL);
    }
    /* parent [4] "close write end": close: close(fd[1]) */
    if (close(fd_p[1]) < 0)
        failed("close write end", "close", FAIL);
    fd_p[1] = -1;
    /* parent [5]: wait: waitpid(pid, &status, 0) */
    {
        int status;
        pid_t pid;
        if (procs[P_child].pid <= 0) {
            errno = ECHILD;
            failed("step [5]", "waitpid", FAIL);
        }
        else {
            /* A child that ended before this is a zombie (state Z) until now. */
            pid = waitpid(procs[P_child].pid, &status, 0);
            if (pid < 0)
                failed("step [5]", "waitpid", FAIL);
            else {
                record_exit(pid, status);
                show_status("step [5]", pid, status);
            }
        }
    }
}

/* ==== child (Child): forked by parent at its spawn step ==== */

static void program_child(void) {
    /* child [0] "close unused write end": close: close(fd[1]) */
    if (close(fd_p[1]) < 0)
        failed("close unused write end", "close", FAIL);
    fd_p[1] = -1;
    /* child [1] "read": read: read(fd[0], buf, 4096) */
    {
        ssize_t n;
        /* 0 bytes is end-of-file: every write end, in every process, is closed. */
        n = read(fd_p[0], buf, 4096);
        if (n < 0)
            failed("read", "read", FAIL);
        else
            show_bytes("read", buf, n);
    }
    /* child [2] "read EOF": read: read(fd[0], buf, 4096) */
    {
        ssize_t n;
        /* 0 bytes is end-of-file: every write end, in every process, is closed. */
        n = read(fd_p[0], buf, 4096);
        if (n < 0)
            failed("read EOF", "read", FAIL);
        else
            show_bytes("read EOF", buf, n);
    }
    /* child [3]: log: write(1, "child: end of file\n", 19) */
    if (write(1, "child: end of file\n", 19) < 0)
        failed("step [3]", "write", FAIL);
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

    if (start_process(P_parent) < 0)
        perror("fork parent");

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
