// Signals: sigaction(2) with real C handlers, masks, pause, kill (native/src/posix/signals.cc,
// signal_mask.cc, signal_table.cc). See signal(7) and signal-safety(7).

/** A signal of this platform by name; numbers come from <signal.h> at build time. */
export type StandardSignalName =
  | 'SIGHUP' | 'SIGINT' | 'SIGQUIT' | 'SIGILL' | 'SIGTRAP' | 'SIGABRT' | 'SIGBUS' | 'SIGFPE'
  | 'SIGKILL' | 'SIGUSR1' | 'SIGSEGV' | 'SIGUSR2' | 'SIGPIPE' | 'SIGALRM' | 'SIGTERM'
  | 'SIGSTKFLT' | 'SIGCHLD' | 'SIGCONT' | 'SIGSTOP' | 'SIGTSTP' | 'SIGTTIN' | 'SIGTTOU'
  | 'SIGURG' | 'SIGXCPU' | 'SIGXFSZ' | 'SIGVTALRM' | 'SIGPROF' | 'SIGWINCH' | 'SIGIO'
  | 'SIGPWR' | 'SIGSYS';

/**
 * A signal name as the addon writes it: a standard name, a real-time one as kill -l writes it
 * (`SIGRTMIN`, `SIGRTMIN+3`, `SIGRTMAX-2`), or `SIG<n>` for a number with no name (glibc keeps
 * 32 and 33 for itself). Names the platform does not know are a RangeError.
 */
export type SignalName = StandardSignalName | 'SIGRTMIN' | 'SIGRTMAX' | `SIGRTMIN+${number}` | `SIGRTMAX-${number}` | `SIG${number}`;

/** A signal given to the addon: a name or its number (1..NSIG-1). */
export type SignalLike = SignalName | number;

/** A set of signals: a list, or 'all' (sigfillset). SIGKILL and SIGSTOP are silently never blocked. */
export type SignalSet = SignalLike[] | 'all';

/** What signal(7) says a signal does when its disposition is SIG_DFL. */
export type DefaultAction = 'terminate' | 'core' | 'ignore' | 'stop' | 'continue';

export interface SignalTableEntry {
  name: StandardSignalName;
  number: number;
  defaultAction: DefaultAction;
  /** false for SIGKILL and SIGSTOP: they cannot be caught, blocked or ignored. */
  catchable: boolean;
}

/**
 * A disposition as sigaction(2) reports it. 'handler': the addon's recording handler;
 * 'crash': the write-and-_exit handler of installCrashHandler; 'foreign': a handler someone
 * else installed (Node's own SIGINT/SIGTERM/SIGUSR1/SIGSEGV handlers at start).
 */
export interface SignalDisposition {
  action: 'default' | 'ignore' | 'handler' | 'crash' | 'foreign';
  /** SA_RESTART: interrupted system calls are restarted instead of failing with EINTR. */
  restart: boolean;
}

/** One delivery recorded by the C handler (from its siginfo_t). */
export interface SignalDelivery {
  signal: SignalName;
  number: number;
  /** si_pid: the sender for kill()/raise()/sigqueue(); 0 or meaningless for kernel-raised faults. */
  pid: number;
  /** si_uid: the sender's real user id. */
  uid: number;
  /** si_code: 0 SI_USER (kill), -6 SI_TKILL (raise), -1 SI_QUEUE, > 0 raised by the kernel. */
  code: number;
}

export interface SignalsApi {
  /**
   * sigaction(2). 'handler' installs a C handler (SA_SIGINFO, plus SA_RESTART when
   * `restart`) that records the delivery for takeSignals(), increments the handled-signal
   * counter and writes a byte to the self-pipe (signalWakeFd()). 'ignore' is SIG_IGN,
   * 'default' SIG_DFL. `mask`: extra signals blocked while the handler runs (sa_mask).
   * Returns the previous disposition. SIGKILL/SIGSTOP fail with the kernel's EINVAL.
   * A 'handler' on SIGSEGV/SIGFPE/SIGBUS/SIGILL records a real fault, then restores SIG_DFL
   * so the faulting instruction terminates the process instead of looping forever.
   * @throws ErrnoException code EINVAL, syscall 'sigaction', signal
   */
  sigaction(signal: SignalLike, action: 'handler' | 'ignore' | 'default',
    options?: { restart?: boolean; mask?: SignalSet }): SignalDisposition;
  /** The current disposition, read with sigaction(sig, NULL, &old). */
  signalDisposition(signal: SignalLike): SignalDisposition;
  /** Drains the deliveries the C handler recorded, in arrival order (and empties the self-pipe). */
  takeSignals(): SignalDelivery[];
  /** Counters: handled (g_handledSignalCount), recorded in all, dropped (ring of 1024 overrun). */
  signalStats(): { handled: number; recorded: number; dropped: number };
  /**
   * The read end of the handler's self-pipe (non-blocking, close-on-exec): readable after a
   * handled signal, so an event loop can poll it. Created once, kept for the process's life.
   */
  signalWakeFd(): number;
  /** This platform's standard signals with signal(7)'s default actions. */
  signalTable(): SignalTableEntry[];
  /** A name (or number) to its number. @throws RangeError for an unknown name */
  signalNumber(name: SignalLike): number;
  /** A number (or name) to its name. @throws RangeError outside 1..NSIG-1 */
  signalName(signal: SignalLike): SignalName;

  /**
   * sigprocmask(2) on the calling thread: 'block' adds, 'unblock' removes, 'setmask'
   * replaces (signals required). Returns the previously blocked signals.
   */
  sigprocmask(how: 'block' | 'unblock' | 'setmask', signals?: SignalSet): SignalName[];
  /** sigpending(2): signals raised while blocked, waiting for delivery. */
  sigpending(): SignalName[];
  /**
   * pause(2): sleeps the calling thread until a signal is handled (or terminates the process).
   * Never returns normally. @throws ErrnoException EINTR, syscall 'pause', after a handled signal
   */
  pause(): never;
  /** sigsuspend(2): replaces the mask with `mask` and sleeps like pause(). @throws ErrnoException EINTR */
  sigsuspend(mask: SignalSet): never;
  /**
   * kill(2). pid > 0 a process, 0 the caller's group, < -1 group -pid; -1 (every process) is
   * refused with a RangeError. signal 0 checks existence and permission only.
   * @throws ErrnoException ESRCH or EPERM, syscall 'kill', pid, signal
   */
  kill(pid: number, signal: SignalLike | 0): void;
  /** raise(3): the signal to the calling thread; a handler runs before raise returns. */
  raise(signal: SignalLike): void;
  /**
   * A C program's signal baseline: every catchable signal to SIG_DFL (undoing Node's SIGPIPE and
   * SIGXFSZ ignores and its SIGINT/SIGTERM/SIGUSR1/SIGSEGV handlers) and an empty mask on the
   * calling thread. `skipped` lists what sigaction refused with EINVAL (glibc's 32 and 33).
   */
  resetSignalBaseline(): { reset: number; skipped: number[] };
}
