// Scenario -> one readable C11/POSIX program that does what the lab's run does: main() forks
// the root processes, each child is forked by its parent's spawn step, handlers are real
// sigaction handlers, objects get names unique to the run. Every block of the program names the
// step it comes from (process, index path, label); `blocks` maps steps to lines for the UI.
// Pure TypeScript with no Node imports: the renderer runs it to show the code.
import { countOf } from '../contract/units';
import { LIMITS } from '../scenario/limits';
import { ScenarioSchema, type LabProcess, type Scenario, type Step } from '../scenario/schema';
import { walkSteps } from '../scenario/walk';
import { what, type EmitContext, type Emitter } from './context';
import { controlEmitters } from './emit-control';
import { DEFERRED_MACHINERY, PAUSE_FLAG, writeBecome, writeMain, type RunShape } from './emit-main';
import { mailboxGlobals, messageEmitters } from './emit-message';
import { semEmitters, semGlobals } from './emit-sem';
import { shmEmitters, shmGlobals } from './emit-shm';
import { carriesValue, marksPause, runsInHandler, signalEmitters } from './emit-signal';
import { streamEmitters, streamGlobals } from './emit-stream';
import { FREE_PORT_HELPER, socketEmitters, socketGlobals } from './emit-socket';
import { CORE_GLOBALS, HEADERS, QUEUE_STRUCT, helpersFor } from './prelude';
import { describeCall } from '../ops/call-text';
import { hostsScript } from './hosts-script';
import { CNames, CWriter, cStringLiteral, commentText, type CBlock } from './writer';

;

export interface ExportedC {
  /** The whole program. */
  code: string;
  /** The lines of every step, nested steps included. */
  blocks: CBlock[];
  /** The lines of each process's part (its handlers and its program), by process id. */
  processes: Record<string, { startLine: number; endLine: number }>;
  /** What the C program cannot do as the lab does, in words (also in the header comment). */
  differences: string[];
  /** Scenarios with hosts: the shell script that makes them and runs the program on each. */
  hostsScript?: string;
}

const EMITTERS = { ...shmEmitters, ...streamEmitters, ...messageEmitters, ...semEmitters, ...signalEmitters, ...controlEmitters, ...socketEmitters } as Record<Step['op'], Emitter>;

/** The file name an export is saved under: the title, cleaned up. */
export function cFileName(scenario: { title?: string }): string {
  const base = (scenario.title ?? 'scenario').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48);
  return `${base || 'scenario'}.c`;
}

function handlerSteps(process: LabProcess) {
  const found: Array<{ step: Extract<Step, { op: 'signal.handle' }>; path: number[]; depth: number }> = [];
  for (const visit of walkSteps(process.program)) {
    if (visit.step.op === 'signal.handle' && visit.step.action === 'handler') found.push({ step: visit.step, path: visit.path, depth: visit.depth });
  }
  // Innermost first: a handler that installs another refers to a function defined above it.
  return found.sort((a, b) => b.depth - a.depth);
}

function differencesOf(scenario: Scenario, deferred: boolean): string[] {
  const out = [
    `Deadlocks: the lab sees that every live process waits for another and ends the run at once (status "deadlock"); this program cannot, so main() kills whatever is left at limits.timeoutMs (${scenario.limits.timeoutMs} ms) and prints #timeout.`,
  ];
  const steps = scenario.processes.flatMap((p) => [...walkSteps(p.program)].map((v) => v.step));
  if (scenario.objects.some((o) => o.kind === 'mailbox' && o.capacity === 0)) out.push('Capacity-0 mailboxes: no kernel queue has capacity 0; as in the lab, a one-slot POSIX queue plus an acknowledgement queue make send wait for its receiver.');
  if (steps.some((s) => s.op === 'receive' && s.timeoutMs !== undefined && s.from !== 'any' && !('mailbox' in s.from))) out.push('Receive timeouts on inboxes: msgrcv has no timeout; the lab ignores it too.');
  if (steps.some((s) => s.op === 'fault' && s.kind === 'fpe')) out.push('Division by zero raises SIGFPE on x86 only; on arm64 it yields 0.');
  if (steps.some((s) => s.op === 'signal.pause')) out.push('pause() is written race-free (sigsuspend(2)): it also returns for a signal handled during the step just before it, which pause(2) would miss and then sleep until the timeout. A sender forked in microseconds often signals that early; the lab\'s pause waits for a signal that comes while it waits.');
  if (scenario.hosts) {
    out.push('Hosts: the program runs once per host (its hosts script starts each copy in that host\'s namespaces, with the host\'s id), and each copy starts only the processes placed on its host. A copy names its objects itself, so an object of the other host is looked for under a name it never made: ENOENT, as in the lab. An Internet socket without a port gets a fixed one (40000 + its place among the objects) so both copies agree.');
    if (steps.some((s) => s.op === 'send' && 'process' in s.to)) out.push('Direct messages to a process on the other host: its inbox is not in this host\'s IPC namespace, so the program has no queue id for it and msgsnd fails with EINVAL; the lab looks the inbox up by its key and reports ENOENT.');
  }
  if (deferred) out.push('Handlers with steps that are not async-signal-safe run them from the main flow after the interrupted call returns, not inside the C handler (the lab runs them inside its handler).');
  return out;
}

function wrap(text: string, width = 92): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function header(scenario: Scenario, differences: string[]): string[] {
  const out = ['/*', ` * ${commentText(scenario.title)}`, ' *', ' * Exported from Process Lab (scenario format process-lab/scenario@1).', ' *'];
  const file = cFileName(scenario).replace(/\.c$/, '');
  out.push(' * Compile and run:', ` *     cc -Wall -Wextra -o ${file} ${file}.c -lrt -pthread && ./${file}`, ' *');
  if (scenario.description) {
    for (const paragraph of scenario.description.split(/\n\s*\n/).slice(0, 2)) {
      for (const line of wrap(commentText(paragraph))) out.push(` * ${line}`);
      out.push(' *');
    }
  }
  out.push(' * What it does: main() forks the processes without a parent; each other process is forked by');
  out.push(' * its parent at its spawn step. Every process runs its program (one block per step, each');
  out.push(' * headed by "process [index path] label") and exits 0 at its end; a failed call is reported');
  out.push(' * with its errno and ends the process with status 1 unless the step says onError continue.');
  out.push(' * Processes:');
  for (const process of scenario.processes) {
    out.push(` *   ${process.id}${process.name ? ` (${commentText(process.name)})` : ''}: ${process.parent ? `child of ${process.parent}` : 'started by main()'}, ${countOf([...walkSteps(process.program)].length, 'step')}`);
  }
  out.push(' *', ' * Output: log steps write to stdout, exactly as in the lab. Results of reads, loads, receives');
  out.push(' * and waits, and failed calls, go to stderr as "[process] step: ...". At the end main() prints');
  out.push(' * one line per process, "#exit <id> code <n>" or "#exit <id> signal <NAME>", "#leaked <id>"');
  out.push(' * for each object left behind (then removed, as the lab does), and "#end <status>".');
  out.push(' *', ' * Where this program and the lab differ:');
  for (const difference of differences) {
    wrap(difference, 88).forEach((line, i) => out.push(` * ${i === 0 ? '- ' : '  '}${line}`));
  }
  out.push(' */');
  return out;
}

/**
 * The scenario as one C program; with hosts, also the shell script that makes them (the same
 * script is in the program's header comment). @throws ZodError for a document that is no scenario.
 */
export function exportScenarioAsC(input: unknown): ExportedC {
  const scenario = ScenarioSchema.parse(input);
  const names = new CNames();
  for (const process of scenario.processes) names.ident(process.id);
  for (const object of scenario.objects) names.ident(object.id);

  const deferredOf = new Map<string, boolean>();
  for (const process of scenario.processes) {
    deferredOf.set(process.id, handlerSteps(process).some((h) => !runsInHandler(h.step.steps)));
  }
  const allSteps = scenario.processes.flatMap((p) => [...walkSteps(p.program)].map((v) => v.step));
  const shape: RunShape = {
    scenario,
    names,
    deferred: [...deferredOf.values()].some(Boolean),
    inboxes: allSteps.some((s) => (s.op === 'send' && 'process' in s.to) || (s.op === 'receive' && (s.from === 'any' || 'process' in s.from))),
    fifos: scenario.objects.some((o) => o.kind === 'fifo' || (o.kind === 'socket' && o.domain === 'unix')),
    pauses: allSteps.some((s) => s.op === 'signal.pause'),
  };

  // The body first: which helpers the program needs is read from it.
  const body = new CWriter();
  const processes: ExportedC['processes'] = {};
  body.line('/* Each process\'s program, defined below. */');
  for (const process of scenario.processes) body.line(`static void program_${names.ident(process.id)}(void);`);
  body.line(`static void (*const programs[NPROC])(void) = { ${scenario.processes.map((p) => `program_${names.ident(p.id)}`).join(', ')} };`);
  body.line();
  if (shape.deferred) {
    const machinery = shape.pauses ? DEFERRED_MACHINERY.replace('pending[sig] = 1;', 'pending[sig] = 1;\n    handler_ran = 1;') : DEFERRED_MACHINERY;
    for (const line of machinery.split('\n')) body.line(line);
    body.line();
  }
  writeBecome(body, shape);

  scenario.processes.forEach((process, procIndex) => {
    body.line();
    const startLine = body.next;
    const c = names.ident(process.id);
    const handlerName = (path: readonly number[]) => {
      const step = handlerSteps(process).find((h) => h.path.join() === path.join())!;
      return `on_${step.step.signal.toLowerCase().replace(/[^a-z0-9]/g, '_')}_${c}_${path.join('_')}`;
    };
    const ctx: EmitContext = {
      w: body, scenario, names, proc: process, procIndex, inHandler: false,
      deferred: deferredOf.get(process.id) ?? false, loopDepth: 0, handlerName,
      emitSteps(steps, prefix, inner) {
        steps.forEach((step, i) => {
          const path = [...prefix, i];
          inner.w.block(process.id, path, () => {
            // The step's call as the lab shows it (the op catalogue's one call-text generator).
            const call = describeCall(step, { objects: scenario.objects, self: process.id }).replace(/\/\*/g, '/ *');
            inner.w.line(`/* ${process.id} [${path.join(', ')}]${step.label !== undefined ? ` "${commentText(step.label)}"` : ''}: ${step.op}: ${commentText(call)} */`);
            if (marksPause(steps, i)) inner.w.line('handler_ran = 0;   /* the next step pauses: a signal handled from here on is the one it waits for */');
            EMITTERS[step.op](step, path, inner);
            if (inner.deferred && !inner.inHandler && step.op !== 'repeat' && step.op !== 'exit') inner.w.line('take_signals(0);');
          });
        });
      },
    };
    body.line(`/* ==== ${process.id}${process.name ? ` (${commentText(process.name)})` : ''}: ${process.parent ? `forked by ${process.parent} at its spawn step` : 'forked by main()'} ==== */`);
    for (const handler of handlerSteps(process)) {
      body.line();
      const inKernel = runsInHandler(handler.step.steps);
      body.line(inKernel
        ? `/* ${process.id} [${handler.path.join(', ')}]: the ${handler.step.signal} handler; its steps are async-signal-safe and run in it. */`
        : `/* ${process.id} [${handler.path.join(', ')}]: the ${handler.step.signal} handler's steps, run from the main flow by take_signals(). */`);
      const name = handlerName(handler.path);
      const signal = handler.step.signal;
      const valued = carriesValue(scenario, signal);
      const showValue = `show_sigvalue(${what(handler.step, handler.path)}, ${cStringLiteral(signal)}, info);`;
      if (valued && !inKernel) {
        body.line(`/* The real ${signal} handler (SA_SIGINFO): shows the value it carries, notes the delivery for take_signals(). */`);
        body.braces(`static void ${name}_queued(int sig, siginfo_t *info, void *context)`, () => {
          body.line('int saved_errno = errno;');
          body.line('(void)context;');
          body.line(showValue);
          body.line('note_signal(sig, info, context);');
          body.line('errno = saved_errno;');
        });
        body.line();
      }
      // SA_SIGINFO's three arguments, as the lab process's handler has them (handlerFlags).
      const signature = !inKernel ? '(void)' : '(int sig, siginfo_t *info, void *context)';
      body.braces(`static void ${name}${signature}`, () => {
        if (inKernel) {
          body.line('int saved_errno = errno;   /* the interrupted code may be about to read errno */');
          body.line('(void)sig;');
          body.line('(void)context;');
          body.line(valued ? showValue : '(void)info;');
          if (shape.pauses) body.line('handler_ran = 1;');
        }
        const inner = { ...ctx, inHandler: inKernel };
        ctx.emitSteps(handler.step.steps ?? [], handler.path, inner);
        if (inKernel) body.line('errno = saved_errno;');
      });
    }
    body.line();
    body.braces(`static void program_${c}(void)`, () => {
      if (process.program.length === 0) body.line('/* an empty program: the process exits 0 at once */');
      ctx.emitSteps(process.program, [], ctx);
    });
    processes[process.id] = { startLine, endLine: body.lines.length };
  });
  body.line();
  writeMain(body, shape);

  // The part before the body: header, includes, the run's globals, the helpers the body uses.
  const differences = differencesOf(scenario, shape.deferred);
  const head = new CWriter();
  for (const line of header(scenario, differences)) head.line(line);
  const script = scenario.hosts ? hostsScript(scenario, cFileName(scenario)) : undefined;
  if (script) {
    head.line(`/* The hosts: save this as ${cFileName(scenario).replace(/\.c$/, '.hosts.sh')} (process-lab export-c -o writes it too) and run`);
    head.line(`   sh ${cFileName(scenario).replace(/\.c$/, '.hosts.sh')} ./${cFileName(scenario).replace(/\.c$/, '')}`);
    for (const line of script.replace(/\*\//g, '* /').split('\n')) head.line(line === '' ? '' : `   ${line}`);
    head.line('*/');
  }
  head.line(HEADERS);
  head.line();
  head.line(CORE_GLOBALS);
  head.line();
  head.line(`enum { ${scenario.processes.map((p) => `P_${names.ident(p.id)}`).join(', ')}, NPROC };   /* processes, in scenario order */`);
  head.line(`static const char *const process_ids[NPROC] = { ${scenario.processes.map((p) => JSON.stringify(p.id)).join(', ')} };`);
  if (shape.inboxes) head.line('static int inbox[NPROC];   /* each process\'s inbox: a System V queue made by main() */');
  if (shape.fifos) head.line('static char run_dir[PATH_MAX - 64];   /* this run\'s private directory (FIFOs) */');
  if (shape.pauses) head.line(PAUSE_FLAG);
  head.line();
  if (scenario.objects.some((o) => o.kind === 'mailbox' && o.flavor === 'posix')) {
    head.line(QUEUE_STRUCT);
    head.line();
  }
  const globalsFrom = head.lines.length;
  for (const object of scenario.objects) {
    const lines = object.kind === 'shm' ? shmGlobals(object, names)
      : object.kind === 'mailbox' ? mailboxGlobals(object, names)
        : object.kind === 'semaphore' ? semGlobals(object, names)
          : object.kind === 'socket' ? socketGlobals(object, names)
            : streamGlobals(object, names);
    for (const line of lines) head.line(line);
  }
  const bodyText = body.text();
  const code = stripForScan(bodyText + head.lines.slice(globalsFrom).join('\n'));
  if (/\bbuf\b/.test(code)) {
    const size = Math.max(LIMITS.inboxMessageBytes, ...allSteps.map((s) => (s.op === 'read' || s.op === 'socket.recv' ? s.max : 0)));
    head.line(`static char buf[${size}];   /* what reads and receives bring in */`);
  }
  if (/\bmsg\b/.test(code)) {
    // The kernel, not the buffer, decides what is too long (msgsnd: EINVAL above kernel.msgmax).
    const sent = allSteps.map((s) => (s.op === 'send' ? (typeof s.data === 'string' ? new TextEncoder().encode(s.data).length : s.data.length) : 0));
    const received = scenario.objects.map((o) => (o.kind === 'mailbox' && o.flavor === 'sysv' ? o.maxMessage : 0));
    head.line(`#define LAB_MSG_BYTES ${Math.max(LIMITS.inboxMessageBytes, ...sent, ...received)}`);
  }
  head.line();
  for (const helper of helpersFor(code)) {
    head.line(helper.code);
    head.line();
  }
  if (/\bfree_port\b/.test(code)) {
    head.line(FREE_PORT_HELPER);
    head.line();
  }
  const offset = head.lines.length;
  const shift = (line: number) => line + offset;
  return {
    code: head.text() + bodyText,
    blocks: body.blocks.map((b) => ({ ...b, startLine: shift(b.startLine), endLine: shift(b.endLine) })),
    processes: Object.fromEntries(Object.entries(processes).map(([id, r]) => [id, { startLine: shift(r.startLine), endLine: shift(r.endLine) }])),
    differences,
    ...(script ? { hostsScript: script } : {}),
  };
}

/** The code without comments and string literals: what helper detection looks at. */
function stripForScan(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
}
