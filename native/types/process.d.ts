// Processes: spawn (fork + execve in C), waitpid, ids (native/src/posix/spawn.cc, process.cc).
import type { SignalLike, SignalName, SignalSet } from './signals';

export interface SpawnOptions {
  /** The environment: 'K=V' strings or an object. Default: the caller's environ. */
  env?: string[] | Record<string, string>;
  /** chdir(2) in the child before exec. @throws ErrnoException ENOENT with syscall 'chdir' */
  cwd?: string;
  /**
   * [childFd, parentFd] pairs: the child gets parentFd's open file at number childFd
   * (overlaps and swaps are fine). 0, 1 and 2 are inherited unless listed; every other
   * descriptor is closed in the child. A closed parentFd throws EBADF (syscall 'fcntl').
   */
  fds?: Array<[childFd: number, parentFd: number]>;
  /** Signals blocked in the child (its exec'd program starts with this mask). Default: none. */
  signalMask?: SignalSet;
  /** setpgid(0, 0) in the child: a process group of its own. */
  newProcessGroup?: boolean;
  /** Linux PR_SET_PDEATHSIG: the signal the child gets when the spawning thread exits. */
  parentDeathSignal?: SignalLike | null;
  /**
   * Linux: the child enters the user, network, IPC, mount and UTS namespaces of this PID
   * (setns(2) on its pidfd, before PR_SET_PDEATHSIG and exec): how a lab process is placed on
   * a host (native/src/linux/hosts/keeper.cc). @throws ErrnoException ESRCH with syscall
   * 'pidfd_open' (no such process), EPERM/EINVAL with syscall 'setns'
   */
  joinNamespacesOf?: number;
}

/** waitpid's status decoded with wait(2)'s macros. */
export interface WaitStatus {
  pid: number;
  /** WIFEXITED; `code` is WEXITSTATUS then, else null. */
  exited: boolean;
  code: number | null;
  /** WIFSIGNALED; `signal` is WTERMSIG's name then, else null. */
  signaled: boolean;
  signal: SignalName | null;
  /** WCOREDUMP (false when RLIMIT_CORE is 0). */
  coreDumped: boolean;
  /** WIFSTOPPED (needs `untraced`); `stopSignal` is WSTOPSIG's name then. */
  stopped: boolean;
  stopSignal: SignalName | null;
  /** WIFCONTINUED (needs `continued`). */
  continued: boolean;
  /** The raw status word. */
  status: number;
}

export interface ProcessApi {
  /**
   * Starts `file` as a child with fork + execve done in C (no JavaScript runs in the child).
   * `argv` is the full vector, argv[0] included (empty or omitted: [file]). A file without '/'
   * is searched in PATH (the given env's, else the caller's) as execvp(3) does. In the child,
   * before exec: every signal back to SIG_DFL, the requested group, death signal, cwd and
   * descriptors, then the mask. Returns the child's pid once execve has committed (its
   * close-on-exec error pipe closed); the new program may still be loading its libraries.
   * @throws ErrnoException ENOENT / EACCES / ENOEXEC with syscall 'execve' (the child is reaped)
   */
  spawn(file: string, argv?: string[], options?: SpawnOptions): number;
  /**
   * waitpid(2). pid > 0 that child, -1 any child, 0 any child in the caller's group, < -1 any
   * in group -pid. nohang: WNOHANG (null when no child changed state); untraced: WUNTRACED
   * (report stops); continued: WCONTINUED. Without nohang it blocks the calling thread.
   * In a Node process, pid -1 or <= 0 may reap children that child_process started (libuv then
   * never sees them exit): wait for the pids spawn returned.
   * @throws ErrnoException ECHILD (not our child), EINTR (a handled signal), syscall 'waitpid'
   */
  waitpid(pid: number, options?: { nohang?: boolean; untraced?: boolean; continued?: boolean }): WaitStatus | null;
  /** getpid(2). */
  getpid(): number;
  /** getppid(2): after the parent dies, the subreaper's or init's pid. */
  getppid(): number;
  /** getpgid(2) of pid (0 or omitted: the caller). */
  getpgid(pid?: number): number;
}
