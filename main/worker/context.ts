// Everything one lab process knows and holds while its program runs: the scenario, the run's
// names, its descriptors, attachments and queues, and its signal handlers' steps.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Addon } from '../native/addon';
import type { RunNames } from '../engine/run/names';
import type { LabObject, LabProcess, Scenario, Step } from '../scenario/schema';
import type { Channel } from './channel';
import { RUN_FILES, type InheritedEnds } from './env';

export interface HandlerEntry {
  steps: Step[];
  restart: boolean;
  /** Index path of the signal.handle step, so handler steps get [..., j]. */
  index: number[];
}

/** A failure the interpreter reports as the step's errno (EBADF for an end this process lacks). */
export class StepError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class WorkerContext {
  readonly scenario: Scenario;
  readonly names: RunNames;
  readonly me: LabProcess;
  /** Pipe and FIFO ends this process holds, by object id. */
  readonly ends: InheritedEnds;
  /** Shared-memory attachments (memory handles), by object id. */
  readonly attachments = new Map<string, number>();
  /** Open POSIX queue descriptors (and a rendezvous's ack queue), by object id. */
  readonly queues = new Map<string, { mqd: number; ackMqd?: number; nonBlocking: boolean }>();
  /** System V segment ids this process learnt (create or attach), by object id. */
  readonly shmids = new Map<string, number>();
  /** System V queue ids, by object id or '#inbox:<process>'. */
  readonly msqids = new Map<string, number>();
  /** Open semaphores (addon handles), by object id. */
  readonly semaphores = new Map<string, number>();
  /** Children this process started: process id -> PID. */
  readonly children = new Map<string, number>();
  /** Signal number -> the steps of its handler. */
  readonly handlers = new Map<number, HandlerEntry>();

  constructor(
    readonly native: Addon,
    readonly runDir: string,
    processId: string,
    inherited: InheritedEnds,
    readonly channel: Channel,
    readonly t0: bigint,
  ) {
    this.scenario = JSON.parse(readFileSync(join(runDir, RUN_FILES.scenario), 'utf8')) as Scenario;
    this.names = JSON.parse(readFileSync(join(runDir, RUN_FILES.names), 'utf8')) as RunNames;
    const me = this.scenario.processes.find((p) => p.id === processId);
    if (!me) throw new Error(`process "${processId}" is not in the scenario`);
    this.me = me;
    this.ends = inherited;
  }

  object(id: string): LabObject {
    const object = this.scenario.objects.find((o) => o.id === id);
    if (!object) throw new StepError('ENOENT', `no object "${id}" in the scenario`);
    return object;
  }

  /** The PID of another process of the run, as the engine recorded it when it started. */
  pidOf(processId: string): number {
    const child = this.children.get(processId);
    if (child) return child;
    const file = join(this.runDir, RUN_FILES.pidDir, processId);
    if (!existsSync(file)) throw new StepError('ESRCH', `process "${processId}" has not started (no PID yet)`);
    return Number(readFileSync(file, 'utf8'));
  }

  /** 1-based place of a process in the scenario: the message type of its direct messages. */
  senderType(processId: string): number {
    return this.scenario.processes.findIndex((p) => p.id === processId) + 1;
  }

  processOfType(type: number): string | undefined {
    return this.scenario.processes[type - 1]?.id;
  }

  emit(event: Record<string, unknown>): void {
    this.channel.emit(event);
  }
}
