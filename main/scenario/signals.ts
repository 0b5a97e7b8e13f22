/**
 * The signals a scenario may name (spec: "Signal names"), their Linux numbers for the call
 * text, and the two classes the validator and the editor treat specially.
 */
export const SIGNAL_NAMES = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1',
  'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGCHLD', 'SIGCONT', 'SIGSTOP',
  'SIGTSTP', 'SIGTTIN', 'SIGTTOU',
] as const;

export type SignalName = (typeof SIGNAL_NAMES)[number];

/** Linux (x86-64 and arm64) numbers, signal(7). Only for display: steps use names. */
export const SIGNAL_NUMBERS: Readonly<Record<SignalName, number>> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
  SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17,
  SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22,
};

/**
 * Synchronous fault signals. Their handlers run inside the real C handler of the faulting
 * process (returning would re-run the faulting instruction), so such a handler may only
 * log (write) and exit (_exit), as the spec says.
 */
export const CRASH_SIGNALS: readonly SignalName[] = ['SIGSEGV', 'SIGFPE', 'SIGBUS', 'SIGILL'];

/** sigaction(2): "signum ... any valid signal except SIGKILL and SIGSTOP" (else EINVAL). */
export const UNCATCHABLE_SIGNALS: readonly SignalName[] = ['SIGKILL', 'SIGSTOP'];

const signalNameSet: ReadonlySet<string> = new Set(SIGNAL_NAMES);

export function isSignalName(name: unknown): name is SignalName {
  return typeof name === 'string' && signalNameSet.has(name);
}

export function isCrashSignal(name: unknown): boolean {
  return isSignalName(name) && CRASH_SIGNALS.includes(name);
}

export function isUncatchableSignal(name: unknown): boolean {
  return isSignalName(name) && UNCATCHABLE_SIGNALS.includes(name);
}

/** A known name close to what the user typed ("usr1", "SIGUSR-1", "10"), for hints. */
export function suggestSignal(text: string): SignalName | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const n = Number(trimmed);
    return SIGNAL_NAMES.find((name) => SIGNAL_NUMBERS[name] === n);
  }
  const cleaned = trimmed.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const withPrefix = cleaned.startsWith('SIG') ? cleaned : `SIG${cleaned}`;
  return SIGNAL_NAMES.find((name) => name === withPrefix);
}
