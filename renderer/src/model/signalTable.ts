/**
 * Signals as the GUI lists them: the scenario layer's one list (main/scenario/signals.ts), the
 * same the validator and the JSON Schema use, so the menu offers exactly what a step accepts.
 */
import type { SignalInfo } from '@contract';
import { SIGNALS } from '@scenario/signals';

export const SIGNAL_TABLE: (SignalInfo & { realtime: boolean })[] = SIGNALS.map(({ name, number, defaultAction, catchable, realtime }) => ({ name, number, defaultAction, catchable, realtime }));

export const ACTION_WORDS: Record<SignalInfo['defaultAction'], string> = {
  terminate: 'terminates', core: 'terminates with a core dump', ignore: 'is ignored', stop: 'stops', continue: 'continues',
};

/** What happened to a delivered signal, in words. */
export const DISPOSITION_WORDS: Record<string, string> = {
  handler: 'the handler ran', ignored: 'ignored', terminate: 'the process was terminated',
  core: 'terminated (core dump)', stop: 'the process stopped', continue: 'the process continued',
};
