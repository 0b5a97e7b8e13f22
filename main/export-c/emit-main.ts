// The run around the processes: become() (what a new process resets, as exec would), spawning,
// the deferred-handler machinery, and main(): names, inboxes, the timeout, reaping every process
// (roots, and orphans through PR_SET_CHILD_SUBREAPER), a summary line per process, and the
// leak check that mirrors the lab's cleanup at the end of a run.
import { walkSteps } from '../scenario/walk';
import type { Scenario } from '../scenario/schema';
import { hostOfProcess } from '../scenario/socket-hosts';
import { mailboxLeakCheck, mailboxNaming, mailboxReset } from './emit-message';
import { semLeakCheck, semNaming, semReset } from './emit-sem';
import { socketLeakCheck, socketNaming } from './emit-socket';
import { shmLeakCheck, shmNaming, shmReset } from './emit-shm';
import { streamLeakCheck, streamNaming } from './emit-stream';
import type { CNames, CWriter } from './writer';

export interface RunShape {
  scenario: Scenario;
  names: CNames;
  /** Some process has handlers that run from the main flow. */
  deferred: boolean;
  /** Some step uses direct naming: main() makes the inboxes. */
  inboxes: boolean;
  fifos: boolean;
  /** Some process pauses: handlers set handler_ran, which the race-free pause waits for. */
  pauses: boolean;
}

/** The host each process runs on (its own, else its ancestor's); empty without hosts. */
function processHosts(scenario: Scenario): string[] {
  if (!scenario.hosts) return [];
  return scenario.processes.map((p) => hostOfProcess(scenario, p.id) ?? scenario.hosts![0].id);
}

/**
 * The flag behind the race-free pause (emit-signal.ts): set by every handler, cleared at the
 * mark (the start of the step before a pause), so a pause also returns for a signal handled
 * between its mark and the moment it starts waiting.
 */
export const PAUSE_FLAG = 'static volatile sig_atomic_t handler_ran;   /* a handler ran since the last mark (signal.pause) */';

export const DEFERRED_MACHINERY = `/*
 * Handlers whose steps are not async-signal-safe (signal-safety(7)) cannot run inside the C
 * handler. As the lab's interpreter does, the real handler only notes the delivery and the steps
 * run from the main flow: after each step, and when a call fails with EINTR; the call is then
 * re-issued if the handler asked for SA_RESTART and signal(7) says the kernel would restart it.
 */
static volatile sig_atomic_t pending[NSIG];
static struct {
    void (*body)(void);
    int restart;
} deferred[NSIG];

static void note_signal(int sig, siginfo_t *info, void *context)
{
    (void)info;
    (void)context;
    pending[sig] = 1;
}

static int take_signals(int restartable)
{
    int restart = 0;
    for (int sig = 1; sig < NSIG; sig++) {
        if (!pending[sig])
            continue;
        pending[sig] = 0;
        if (deferred[sig].body == NULL)
            continue;
        deferred[sig].body();
        restart |= deferred[sig].restart;
    }
    return restartable && restart;
}`;

function perObject(shape: RunShape, pick: (kind: string) => ((object: never, names: CNames) => string[]) | undefined): string[] {
  const lines: string[] = [];
  for (const object of shape.scenario.objects) {
    const fn = pick(object.kind);
    if (fn) lines.push(...fn(object as never, shape.names));
  }
  return lines;
}

export function writeBecome(w: CWriter, shape: RunShape): void {
  w.line('/*');
  w.line(' * The first thing a new process does, in the child of fork(). The lab starts each process like');
  w.line(' * fork+exec, so what exec would drop goes here: shared-memory attachments, queue and semaphore');
  w.line(" * descriptors, handlers (every signal back to SIG_DFL and none blocked, as the lab's processes");
  w.line(' * start). Pipe and FIFO ends stay open: they are what the child inherits.');
  w.line(' * PLAB_CONSOLE_DIR, when set, gives each process its own stdout file (<dir>/<id>.out), so that');
  w.line(" * a test can compare each process's console with the lab's; by default all share the terminal.");
  w.line(' */');
  w.braces('static void become(int index)', () => {
    w.line('sigset_t none;');
    w.line('const char *console_dir = getenv("PLAB_CONSOLE_DIR");');
    w.line('me_index = index;');
    w.line('me = process_ids[index];');
    w.line('procs[index].pid = getpid();');
    const roots = shape.scenario.processes.filter((p) => p.parent === undefined);
    const groupSend = shape.scenario.processes.some((p) => [...walkSteps(p.program)].some(({ step }) => step.op === 'signal.send' && typeof step.to !== 'string'));
    if (groupSend) {
      w.line(`if (${roots.map((p) => `index == P_${shape.names.ident(p.id)}`).join(' || ')})`);
      w.line('    setpgid(0, 0);   /* a root process leads a process group of its own, as the lab starts it */');
    }
    w.line('for (int sig = 1; sig < NSIG; sig++)');
    w.line('    if (sig != SIGKILL && sig != SIGSTOP)');
    w.line('        signal(sig, SIG_DFL);');
    w.line('sigemptyset(&none);');
    w.line('sigprocmask(SIG_SETMASK, &none, NULL);');
    if (shape.pauses) w.line('handler_ran = 0;');
    if (shape.deferred) {
      w.line('memset((void *)pending, 0, sizeof pending);');
      w.line('memset(deferred, 0, sizeof deferred);');
    }
    const resets = perObject(shape, (kind) => (kind === 'shm' ? shmReset : kind === 'mailbox' ? mailboxReset : kind === 'semaphore' ? semReset : undefined) as never);
    for (const line of resets) w.line(line);
    w.braces('if (console_dir != NULL)', () => {
      w.line('char path[PATH_MAX];');
      w.line('snprintf(path, sizeof path, "%s/%s.out", console_dir, me);');
      w.line('int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);');
      w.braces('if (fd >= 0)', () => {
        w.line('dup2(fd, 1);');
        w.line('close(fd);');
      });
    });
  });
  w.line();
  w.line('/* spawn: fork(); the child becomes the scenario process and exits 0 when its program ends. */');
  w.braces('static pid_t start_process(int index)', () => {
    w.line('pid_t pid = fork();');
    w.braces('if (pid == 0)', () => {
      w.line('become(index);');
      w.line('programs[index]();');
      w.line('exit(0);');
    });
    w.line('if (pid > 0)');
    w.line('    procs[index].pid = pid;');
    w.line('return pid;');
  });
}

export function writeMain(w: CWriter, shape: RunShape): void {
  const { scenario, names } = shape;
  const timeout = scenario.limits.timeoutMs;
  const leakChecks = perObject(shape, (kind) => ({ shm: shmLeakCheck, mailbox: mailboxLeakCheck, semaphore: semLeakCheck, fifo: streamLeakCheck, pipe: streamLeakCheck, socket: socketLeakCheck } as Record<string, unknown>)[kind] as never);
  const socketNames = (object: never, names: CNames) => socketNaming(object, names, scenario);
  const naming = perObject(shape, (kind) => ({ shm: shmNaming, mailbox: mailboxNaming, semaphore: semNaming, fifo: streamNaming, pipe: streamNaming, socket: socketNames } as Record<string, unknown>)[kind] as never);

  w.line('static volatile sig_atomic_t timed_out;');
  w.line();
  w.braces('static void on_timeout(int sig)', () => {
    w.line('(void)sig;');
    w.line('timed_out = 1;');
  });
  w.line();
  if (leakChecks.some((line) => line.includes('report_leak('))) { // a socket's path is removed without a report
    w.braces('static void report_leak(const char *id)', () => {
      w.line('char line[128];');
      w.line('int n = snprintf(line, sizeof line, "#leaked %s\\n", id);');
      w.line('say(1, line, (size_t)n);');
    });
    w.line();
  }
  w.line("/* The lab's cleanup: whatever a process left behind is removed and reported as leaked. */");
  w.braces('static void remove_leftovers(void)', () => {
    if (leakChecks.some((line) => line.startsWith('id ='))) w.line('int id;');
    for (const line of leakChecks) w.line(line);
    if (shape.inboxes) {
      w.line('/* The inboxes are main()\'s own: removed, not reported. */');
      w.line('for (int i = 0; i < NPROC; i++)');
      w.line('    if (inbox[i] >= 0)');
      w.line('        msgctl(inbox[i], IPC_RMID, NULL);');
    }
    if (shape.fifos) w.line('rmdir(run_dir);');
  });
  w.line();
  const hosts = processHosts(scenario);
  w.braces(hosts.length > 0 ? 'int main(int argc, char **argv)' : 'int main(void)', () => {
    w.line('struct sigaction alarm_action = { .sa_handler = on_timeout };');
    w.line(`struct itimerval limit = { .it_value = { ${Math.floor(timeout / 1000)}, ${(timeout % 1000) * 1000} } };   /* limits.timeoutMs = ${timeout} */`);
    w.line('int failures = 0;');
    if (hosts.length > 0) {
      w.line(`static const char *const process_hosts[NPROC] = { ${hosts.map((h) => JSON.stringify(h)).join(', ')} };`);
      w.line('/* One copy of this program runs on each host (its hosts script starts them), with the host\'s id. */');
      w.line('const char *host = argc > 1 ? argv[1] : NULL;');
      w.braces(`if (host == NULL || (${[...new Set(hosts)].map((h) => `strcmp(host, ${JSON.stringify(h)}) != 0`).join(' && ')}))`, () => {
        w.line(`fprintf(stderr, "usage: %s HOST (${scenario.hosts!.map((h) => h.id).join(' or ')}); run it through its hosts script\\n", argv[0]);`);
        w.line('return 2;');
      });
    }
    w.line();
    w.line('procs = mmap(NULL, sizeof *procs * NPROC, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);');
    w.braces('if (procs == MAP_FAILED)', () => {
      w.line('perror("mmap");');
      w.line('return 1;');
    });
    w.line('/* Orphans are reparented to main() instead of init, so main() learns how they ended (prctl(2)). */');
    w.line('if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)');
    w.line('    perror("prctl(PR_SET_CHILD_SUBREAPER)");');
    if (shape.fifos) {
      w.line('/* FIFOs live in a private directory of this run, as in the lab. */');
      w.line('snprintf(run_dir, sizeof run_dir, "%s/plab-XXXXXX", getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");');
      w.braces('if (mkdtemp(run_dir) == NULL)', () => {
        w.line('perror("mkdtemp");');
        w.line('return 1;');
      });
    }
    if (naming.length > 0) {
      w.line('/* Names unique to this run, which every process inherits (the lab journals the same). */');
      for (const line of naming) w.line(line);
    }
    if (shape.inboxes) {
      w.line('/* Every process has an inbox for direct messages; like the lab, main() makes them all first. */');
      w.line('for (int i = 0; i < NPROC; i++)');
      w.line('    inbox[i] = -1;');
      w.braces('for (int i = 0; i < NPROC; i++)', () => {
        if (hosts.length > 0) {
          w.line('if (strcmp(process_hosts[i], host) != 0)');
          w.line('    continue;   /* that inbox is in the other host\'s IPC namespace */');
        }
        w.line('inbox[i] = msgget(new_key(), IPC_CREAT | IPC_EXCL | 0600);');
        w.braces('if (inbox[i] < 0)', () => {
          w.line('perror("msgget(inbox)");');
          w.line('remove_leftovers();');
          w.line('return 1;');
        });
      });
    }
    w.line();
    w.line("/* The lab ends a deadlocked run as soon as it sees one; this program cannot tell, so at");
    w.line("   limits.timeoutMs it kills every process left and says #timeout (a lab deadlock or timeout). */");
    w.line('sigemptyset(&alarm_action.sa_mask);');
    w.line('sigaction(SIGALRM, &alarm_action, NULL);');
    w.line('setitimer(ITIMER_REAL, &limit, NULL);');
    w.line();
    for (const process of scenario.processes.filter((p) => p.parent === undefined)) {
      if (hosts.length > 0) w.line(`if (strcmp(host, ${JSON.stringify(process.host ?? hosts[0])}) == 0 && start_process(P_${names.ident(process.id)}) < 0)`);
      else w.line(`if (start_process(P_${names.ident(process.id)}) < 0)`);
      w.line(`    perror("fork ${process.id}");`);
    }
    w.line();
    w.line('/* Reap the roots, and orphans handed to main() as subreaper, until no child is left. */');
    w.braces('for (;;)', () => {
      w.line('int status;');
      w.line('pid_t pid = waitpid(-1, &status, 0);');
      w.braces('if (pid > 0)', () => {
        w.line('record_exit(pid, status);');
        w.line('continue;');
      });
      w.line('if (errno == ECHILD)');
      w.line('    break;');
      w.braces('if (errno == EINTR && timed_out == 1)', () => {
        w.line('timed_out = 2;');
        w.line('say(1, "#timeout\\n", 9);');
        w.line('for (int i = 0; i < NPROC; i++)');
        w.line('    if (procs[i].pid > 0 && !procs[i].ended)');
        w.line('        kill(procs[i].pid, SIGKILL);');
      });
    });
    w.line();
    w.line('/* One line per process that ran: #exit <id> code <n> | #exit <id> signal <NAME> [core]. */');
    w.braces('for (int i = 0; i < NPROC; i++)', () => {
      w.line('char line[128];');
      w.line('int n, status = procs[i].status;');
      w.line('if (procs[i].pid <= 0)');
      w.line('    continue;');
      w.line('if (!procs[i].ended)');
      w.line('    n = snprintf(line, sizeof line, "#exit %s unknown\\n", process_ids[i]);');
      w.line('else if (WIFSIGNALED(status))');
      w.line('    n = snprintf(line, sizeof line, "#exit %s signal %s%s\\n", process_ids[i], signal_name(WTERMSIG(status)), WCOREDUMP(status) ? " core" : "");');
      w.line('else');
      w.line('    n = snprintf(line, sizeof line, "#exit %s code %d\\n", process_ids[i], WEXITSTATUS(status));');
      w.line('failures += !procs[i].ended || WIFSIGNALED(status) || WEXITSTATUS(status) != 0;');
      w.line('say(1, line, (size_t)n);');
    });
    w.line('remove_leftovers();');
    w.braces('if (timed_out)', () => {
      w.line('say(1, "#end timeout\\n", 13);');
      w.line('return 3;');
    });
    w.line('say(1, failures ? "#end failed\\n" : "#end completed\\n", failures ? 12 : 15);');
    w.line('return failures ? 1 : 0;');
  });
}
