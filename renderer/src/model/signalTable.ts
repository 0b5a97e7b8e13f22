/**
 * Signals as the GUI lists them: the engine's `signals.table` when it answers, else the same
 * facts from signal(7), so the menu works before a run and on an engine without the method.
 */
import type { SignalInfo } from '@contract';
import { SIGNAL_NAMES, SIGNAL_NUMBERS, UNCATCHABLE_SIGNALS } from '@scenario/signals';

const DEFAULT_ACTION: Record<string, SignalInfo['defaultAction']> = {
  SIGHUP: 'terminate', SIGINT: 'terminate', SIGQUIT: 'core', SIGILL: 'core', SIGABRT: 'core',
  SIGBUS: 'core', SIGFPE: 'core', SIGKILL: 'terminate', SIGUSR1: 'terminate', SIGSEGV: 'core',
  SIGUSR2: 'terminate', SIGPIPE: 'terminate', SIGALRM: 'terminate', SIGTERM: 'terminate',
  SIGCHLD: 'ignore', SIGCONT: 'continue', SIGSTOP: 'stop', SIGTSTP: 'stop', SIGTTIN: 'stop', SIGTTOU: 'stop',
};

export const FALLBACK_SIGNALS: SignalInfo[] = SIGNAL_NAMES.map((name) => ({
  name,
  number: SIGNAL_NUMBERS[name],
  defaultAction: DEFAULT_ACTION[name],
  catchable: !UNCATCHABLE_SIGNALS.includes(name),
}));

export const ACTION_WORDS: Record<SignalInfo['defaultAction'], string> = {
  terminate: 'terminates', core: 'terminates with a core dump', ignore: 'is ignored', stop: 'stops', continue: 'continues',
};

/** What happened to a delivered signal, in words. */
export const DISPOSITION_WORDS: Record<string, string> = {
  handler: 'the handler ran', ignored: 'ignored', terminate: 'the process was terminated',
  core: 'terminated (core dump)', stop: 'the process stopped', continue: 'the process continued',
};
