/**
 * The one list of signals (spec, "Signals"): the names a scenario may use, the ones the GUI
 * offers, the validator's enum and the JSON Schema's, each with its Linux number and default
 * action (signal(7)). Standard signals 1-31, then the real-time signals SIGRTMIN+n, named as
 * `kill -l` names them; glibc's SIGRTMIN is 34 (32 and 33 belong to its threads), SIGRTMAX 64.
 */

/** What the kernel does with a signal whose disposition is SIG_DFL, signal(7). */
export type DefaultAction = 'terminate' | 'core' | 'ignore' | 'stop' | 'continue';

export interface SignalFacts {
  name: SignalName;
  /** Linux (x86-64 and arm64) number. Only for display and sorting: steps use names. */
  number: number;
  defaultAction: DefaultAction;
  /** SIGKILL and SIGSTOP: sigaction(2) fails with EINVAL, they cannot be blocked either. */
  catchable: boolean;
  realtime: boolean;
}

/** The standard Linux signals, 1-31. */
export type StandardSignalName =
  | 'SIGHUP' | 'SIGINT' | 'SIGQUIT' | 'SIGILL' | 'SIGTRAP' | 'SIGABRT' | 'SIGBUS' | 'SIGFPE'
  | 'SIGKILL' | 'SIGUSR1' | 'SIGSEGV' | 'SIGUSR2' | 'SIGPIPE' | 'SIGALRM' | 'SIGTERM'
  | 'SIGSTKFLT' | 'SIGCHLD' | 'SIGCONT' | 'SIGSTOP' | 'SIGTSTP' | 'SIGTTIN' | 'SIGTTOU'
  | 'SIGURG' | 'SIGXCPU' | 'SIGXFSZ' | 'SIGVTALRM' | 'SIGPROF' | 'SIGWINCH' | 'SIGIO'
  | 'SIGPWR' | 'SIGSYS';
/** A name of the list: a standard signal, SIGRTMIN or SIGRTMIN+n (1 <= n <= 30). */
export type SignalName = StandardSignalName | 'SIGRTMIN' | `SIGRTMIN+${number}`;

const STANDARD: ReadonlyArray<readonly [StandardSignalName, number, DefaultAction]> = [
  ['SIGHUP', 1, 'terminate'], ['SIGINT', 2, 'terminate'], ['SIGQUIT', 3, 'core'], ['SIGILL', 4, 'core'],
  ['SIGTRAP', 5, 'core'], ['SIGABRT', 6, 'core'], ['SIGBUS', 7, 'core'], ['SIGFPE', 8, 'core'],
  ['SIGKILL', 9, 'terminate'], ['SIGUSR1', 10, 'terminate'], ['SIGSEGV', 11, 'core'], ['SIGUSR2', 12, 'terminate'],
  ['SIGPIPE', 13, 'terminate'], ['SIGALRM', 14, 'terminate'], ['SIGTERM', 15, 'terminate'], ['SIGSTKFLT', 16, 'terminate'],
  ['SIGCHLD', 17, 'ignore'], ['SIGCONT', 18, 'continue'], ['SIGSTOP', 19, 'stop'], ['SIGTSTP', 20, 'stop'],
  ['SIGTTIN', 21, 'stop'], ['SIGTTOU', 22, 'stop'], ['SIGURG', 23, 'ignore'], ['SIGXCPU', 24, 'core'],
  ['SIGXFSZ', 25, 'core'], ['SIGVTALRM', 26, 'terminate'], ['SIGPROF', 27, 'terminate'], ['SIGWINCH', 28, 'ignore'],
  ['SIGIO', 29, 'terminate'], ['SIGPWR', 30, 'terminate'], ['SIGSYS', 31, 'core'],
];

/** glibc's SIGRTMIN on Linux, and how many real-time signals follow it (SIGRTMIN+30 = SIGRTMAX = 64). */
export const SIGRTMIN_NUMBER = 34;
export const REALTIME_COUNT = 31;

const UNCATCHABLE = new Set<string>(['SIGKILL', 'SIGSTOP']);

export const SIGNALS: readonly SignalFacts[] = [
  ...STANDARD.map(([name, number, defaultAction]) => ({ name, number, defaultAction, catchable: !UNCATCHABLE.has(name), realtime: false })),
  ...Array.from({ length: REALTIME_COUNT }, (_, n) => ({
    name: (n === 0 ? 'SIGRTMIN' : `SIGRTMIN+${n}`) as SignalName, number: SIGRTMIN_NUMBER + n, defaultAction: 'terminate' as const, catchable: true, realtime: true,
  })),
];

/** Every name a scenario may use, standard first (the validator's and the JSON Schema's enum). */
export const SIGNAL_NAMES = SIGNALS.map((s) => s.name) as [SignalName, ...SignalName[]];

/** Linux numbers by name, for the call text and for sorting. */
export const SIGNAL_NUMBERS = Object.fromEntries(SIGNALS.map((s) => [s.name, s.number])) as Readonly<Record<SignalName, number>>;

const byName = new Map<string, SignalFacts>(SIGNALS.map((s) => [s.name, s]));

/** The facts of one signal, or undefined for a name outside the list. */
export function signalFacts(name: string): SignalFacts | undefined {
  return byName.get(name);
}

/**
 * Synchronous fault signals. Their handlers run inside the real C handler of the faulting
 * process (returning would re-run the faulting instruction), so such a handler may only
 * log (write) and exit (_exit), as the spec says.
 */
export const CRASH_SIGNALS: readonly SignalName[] = ['SIGSEGV', 'SIGFPE', 'SIGBUS', 'SIGILL'];

/** sigaction(2): "signum ... any valid signal except SIGKILL and SIGSTOP" (else EINVAL). */
export const UNCATCHABLE_SIGNALS: readonly SignalName[] = ['SIGKILL', 'SIGSTOP'];

export function isSignalName(name: unknown): name is SignalName {
  return typeof name === 'string' && byName.has(name);
}

export function isRealtimeSignal(name: unknown): boolean {
  return typeof name === 'string' && byName.get(name)?.realtime === true;
}

export function isCrashSignal(name: unknown): boolean {
  return isSignalName(name) && CRASH_SIGNALS.includes(name);
}

export function isUncatchableSignal(name: unknown): boolean {
  return isSignalName(name) && UNCATCHABLE_SIGNALS.includes(name);
}

/** The list in words, for hints: the standard names, then the real-time range. */
export function signalListWords(): string {
  return `${STANDARD.map(([name]) => name).join(' ')}, and real-time SIGRTMIN, SIGRTMIN+1 … SIGRTMIN+${REALTIME_COUNT - 1}`;
}

/** A known name close to what the user typed ("usr1", "SIGUSR-1", "10", "rtmin+2", "36"), for hints. */
export function suggestSignal(text: string): SignalName | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const n = Number(trimmed);
    return SIGNALS.find((s) => s.number === n)?.name;
  }
  const cleaned = trimmed.toUpperCase().replace(/[^A-Z0-9+]/g, '');
  const withPrefix = cleaned.startsWith('SIG') ? cleaned : `SIG${cleaned}`;
  const rt = /^SIGRTMIN\+?(\d+)$/.exec(withPrefix);
  if (rt) return byName.get(Number(rt[1]) === 0 ? 'SIGRTMIN' : `SIGRTMIN+${Number(rt[1])}`)?.name;
  const max = /^SIGRTMAX-?(\d*)$/.exec(withPrefix);
  if (max) return SIGNALS[SIGNALS.length - 1 - Number(max[1] || 0)]?.name;
  return byName.get(withPrefix)?.name;
}
