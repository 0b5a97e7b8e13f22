// `process-lab run FILE-or-PRESET [--json] [--timeout MS] [--slow MS] [--break PROC:STEP] [--repeat N]`: runs a scenario
// headless. Exit 0 completed, 1 failed (or stopped, by SIGINT or SIGTERM), 2 invalid scenario, 3
// deadlock or timeout; with --repeat, the highest of its runs'.
import { createLab } from '../engine/lab';
import { describeLeftovers } from '../engine/run/leftovers';
import { presets } from '../presets';
import type { RunEvent, RunEventOf, RunStatus } from '../scenario/events';
import { formatProblem, validateScenario, validateScenarioBytes } from '../scenario/validate';
import { distributionOf } from '../scenario/distribution';
import { repeatRuns } from '../engine/repeat';
import type { Run } from '../engine/run/supervisor';
import { formatDistribution, repeatExitCode, runLine } from './repeat';
import { writeRunOutput } from './run-output';
import { readScenarioFile, statPath } from './scenario-file';
import { formatEvent, makePainter } from './timeline';
import { TimeOrder } from './time-order';
import { continueOnEnter, describeStop, parseTimeOptions } from './time-options';
import { parseOptions, UsageError } from './usage';

const EXIT_CODES: Record<RunStatus, number> = { completed: 0, failed: 1, stopped: 1, deadlock: 3, timeout: 3 };

/**
 * A preset's scenario by its id, or a file's: validated, or the problems. A preset's id wins over
 * a file of the same name in the current directory (the program `export-c zombie` then `cc -o
 * zombie` leaves there is the usual one); `./zombie` names the file.
 */
export function loadScenario(target: string): ReturnType<typeof validateScenario> {
  const preset = presets().find((p) => p.id === target);
  if (preset) return validateScenario(preset.scenario);
  const stats = statPath(target);
  if (stats) {
    const file = readScenarioFile(target, stats);
    return file.ok ? validateScenarioBytes(file.bytes) : { ok: false, problems: [file.problem] };
  }
  return { ok: false, problems: [{ pointer: '', message: `"${target}" is neither a file nor a preset.`, hint: 'process-lab presets lists the presets.', severity: 'error' }] };
}

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, { json: { type: 'boolean' }, timeout: { type: 'string' }, repeat: { type: 'string' }, slow: { type: 'string' }, break: { type: 'string', multiple: true } }, true);
  if (positionals.length !== 1) throw new UsageError('give one scenario file or preset name');
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000)) {
    throw new UsageError(`--timeout must be 1..600000 milliseconds, not "${values.timeout}"`);
  }
  const repeat = values.repeat === undefined ? undefined : Number(values.repeat);
  if (repeat !== undefined && (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000)) {
    throw new UsageError(`--repeat must be 1..1000 runs, not "${values.repeat}"`);
  }
  const loaded = loadScenario(positionals[0]);
  if (!loaded.ok) {
    for (const problem of loaded.problems) console.error(formatProblem(problem));
    return 2;
  }
  const time = parseTimeOptions(values.slow, values.break ?? [], loaded.scenario);
  const lab = createLab({ frontDoor: 'cli' });
  const paint = makePainter(process.stdout.isTTY && !process.env.NO_COLOR);
  for (const line of describeLeftovers(lab.runs().leftovers)) console.error(`process-lab: ${line}`);
  // --break: Enter continues the stopped processes. The prompt goes beside the timeline, or to
  // stderr when stdout is NDJSON (--json) or the per-run lines of --repeat.
  const continuer = time.breakpoints ? continueOnEnter() : undefined;
  // Once stdin has ended every stop goes on by itself: say so once a run, not at each turn of a loop.
  let saidStdinEnded = false;
  const stopLine = (event: RunEventOf<'breakpoint.hit'>) =>
    `${describeStop(loaded.scenario, event.process, event.index)}: ${continuer?.ended ? 'stdin has ended, so it goes on (and so will every later stop of this run)' : 'press Enter to go on'}`;
  const shownStop = (event: RunEventOf<'breakpoint.hit'>): string | undefined => {
    if (!continuer?.ended) return stopLine(event);
    if (saidStdinEnded) return undefined;
    saidStdinEnded = true;
    return stopLine(event);
  };
  const prompt = (event: RunEvent, run?: number) => {
    if (event.type !== 'breakpoint.hit') return;
    const line = shownStop(event);
    if (line !== undefined) process.stderr.write(`process-lab: ${run === undefined ? '' : `run ${run + 1}: `}${line}\n`);
  };
  if (repeat !== undefined) {
    let interrupted = false;
    let current: Run | undefined;
    // SIGINT: the run under way finishes, no new one starts; a second SIGINT, or SIGTERM, stops
    // it now. A reader gone (EPIPE) stops it too: whatever happens, the runs clean up first.
    const interrupt = () => {
      if (interrupted) current?.stop();
      interrupted = true;
    };
    const stopNow = () => {
      interrupted = true;
      current?.stop();
    };
    let readerGone = false;
    const onStdoutError = () => {
      readerGone = true;
      stopNow();
    };
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', stopNow);
    process.stdout.on('error', onStdoutError);
    const write = (text: string) => {
      if (!readerGone) process.stdout.write(text);
    };
    try {
      // --json: one line per run ({ run, status, asExpected, verdicts }), then the distribution.
      const summaries = await repeatRuns(lab.runs(), loaded.scenario, repeat, timeoutMs, time, {
        event: prompt,
        started: (index, run) => {
          current = run;
          saidStdinEnded = false; // once per run
          continuer?.watch(run);
        },
        ended: (i, summary) => write((values.json ? JSON.stringify({ run: i + 1, ...summary }) : runLine(i, repeat, summary)) + '\n'),
      }, () => interrupted);
      continuer?.close();
      await lab.close();
      const distribution = distributionOf(summaries);
      write((values.json ? JSON.stringify({ distribution }) : formatDistribution(loaded.scenario.title, distribution)) + '\n');
      return readerGone ? 1 : repeatExitCode(summaries, EXIT_CODES);
    } finally {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', stopNow);
    }
  }
  const formatLine = (event: RunEvent): string | undefined => {
    const text = formatEvent(event, paint);
    if (event.type !== 'breakpoint.hit') return text;
    const stop = shownStop(event);
    return [text, stop === undefined ? undefined : `               ${stop}`].filter((line) => line !== undefined).join('\n');
  };
  const formatLines = (events: RunEvent[]): string | undefined => {
    const lines = events.map(formatLine).filter((line) => line !== undefined);
    return lines.length > 0 ? lines.join('\n') : undefined;
  };
  // The text timeline in time order across processes (time-order.ts); --json keeps the engine's
  // order, causal per process, which is the spec's.
  let order: TimeOrder | undefined;
  let output: ReturnType<typeof writeRunOutput> | undefined;
  const format = (event: RunEvent): string | undefined => {
    if (values.json) return JSON.stringify(event);
    // While events are read back (run-output.ts), some the run emitted (with earlier times, such
    // as a signal's outcome stamped with its send) are not formatted yet: nothing is due then.
    order ??= new TimeOrder(() => (output?.live() ? run.readUpTo() : -1), (events) => {
      const text = formatLines(events);
      if (text !== undefined) process.stdout.write(`${text}\n`);
    });
    return formatLines(order.push(event));
  };
  const run = lab.runs().startValidated(loaded.scenario, timeoutMs, values.json ? (event) => prompt(event) : undefined, time);
  continuer?.watch(run);
  // The events go out at the reader's pace (run-output.ts); a reader that went away (EPIPE)
  // stops the run, as SIGPIPE would end a C program writing to it.
  output = writeRunOutput(lab.runs(), run, process.stdout, format, () => run.stop());
  // SIGINT or SIGTERM stops the run at once (SIGTERM to its processes, SIGKILL after a second)
  // and the CLI exits once everything is cleaned up; a second one kills the processes now.
  // The handlers stay until the run has cleaned up, so no signal can kill the CLI before that.
  let caught = false;
  const onSignal = () => {
    if (caught) run.kill();
    else run.stop();
    caught = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const status = await run.finished;
    continuer?.close();
    // The run has cleaned up: a signal now may end the CLI at once, whatever is left unwritten.
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await output.done;
    await lab.close();
    return EXIT_CODES[status]; // 'stopped' (1) after a signal or a reader gone
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
