// One test per rule of the validator, each asserting the exact pointer of the problem.
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../main/scenario/validate';
import { presetById } from '../../main/presets';
import type { Problem } from '../../main/scenario/problems';
import { FIRST_EXTRA, baseDoc, pointers, withParentSteps } from './helpers';
import type { Doc } from './helpers';

function problemsOf(doc: Doc): Problem[] {
  return validateScenario(doc).problems;
}

function onlyError(doc: Doc): Problem {
  const result = validateScenario(doc);
  expect(result.ok).toBe(false);
  const errors = result.problems.filter((problem) => problem.severity === 'error');
  expect(errors, JSON.stringify(result.problems, null, 2)).toHaveLength(1);
  return errors[0];
}

function onlyWarning(doc: Doc): Problem {
  const result = validateScenario(doc);
  expect(result.ok, JSON.stringify(result.problems, null, 2)).toBe(true);
  expect(result.problems, JSON.stringify(result.problems, null, 2)).toHaveLength(1);
  expect(result.problems[0].severity).toBe('warning');
  return result.problems[0];
}

describe('validateScenario: the base document', () => {
  it('is valid, with defaults filled in', () => {
    const result = validateScenario(baseDoc());
    expect(result.problems).toEqual([]);
    if (!result.ok) throw new Error('expected ok');
    expect(result.scenario.limits.timeoutMs).toBe(10_000);
    expect(result.scenario.objects[3]).toEqual({ id: 'Q', kind: 'mailbox', flavor: 'posix', capacity: 10, maxMessage: 256 });
    expect(result.scenario.objects[0]).toMatchObject({ flavor: 'sysv' });
    expect(result.scenario.objects[4]).toMatchObject({ initial: 1 });
    expect(result.scenario.processes[0].program[0]).toEqual({ op: 'shm.create', object: 'M', onError: 'fail' });
  });
});

describe('structure', () => {
  it('refuses unknown fields, with a did-you-mean hint', () => {
    const problem = onlyError(withParentSteps({ op: 'shm.write', object: 'M', ofset: 0, offset: 0, value: 1 }));
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/ofset`);
    expect(problem.message).toContain('Unknown field "ofset"');
    expect(problem.hint).toContain('"offset"');
  });

  it('allows the extension fields and any layout, but no other top-level field', () => {
    const doc = baseDoc();
    doc.layout = { nodes: { M: { x: 1, y: 2, pinned: true } }, zoom: 1.5 };
    doc.order = 3;
    doc.expect = { status: 'completed' };
    expect(validateScenario(doc).problems).toEqual([]);
    doc.colour = 'red';
    expect(onlyError(doc).pointer).toBe('/colour');
  });

  it('names an unknown op and suggests the right one', () => {
    const problem = onlyError(withParentSteps({ op: 'shm.atach', object: 'M' }));
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/op`);
    expect(problem.hint).toBe('Did you mean "shm.attach"?');
  });

  it('reports a missing field of a step in words', () => {
    const problem = onlyError(withParentSteps({ op: 'shm.write', object: 'M', value: 1 }));
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/offset`);
    expect(problem.message).toBe('A shm.write step needs the field "offset".');
  });

  it('checks the format', () => {
    const doc = baseDoc();
    doc.format = 'process-lab/scenario@2';
    const problem = onlyError(doc);
    expect(problem.pointer).toBe('/format');
    expect(problem.message).toContain('process-lab/scenario@1');
  });

  it('checks a send target has exactly one of mailbox and process', () => {
    const problem = onlyError(withParentSteps({ op: 'send', to: { mailbox: 'Q', process: 'child' }, data: 'x' }));
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/to`);
    expect(problem.message).toContain('{ "mailbox": id }');
  });

  it('gives one problem per field, with the tighter limit, for a number past every bound', () => {
    // z.int() carries the safe-integer range and our maximum is a second check: 1e308 fails both.
    for (const [ms, bound] of [[1e308, 'at most 600000'], [-1e308, 'at least 0']] as const) {
      const doc = baseDoc();
      doc.processes[0].program.push({ op: 'sleep', ms });
      const problem = onlyError(doc);
      expect(problem.pointer).toBe(`/processes/0/program/${doc.processes[0].program.length - 1}/ms`);
      expect(problem.message).toContain(bound);
    }
  });

  it('points into a byte array at the byte out of range', () => {
    const problem = onlyError(withParentSteps({ op: 'write', object: 'p', data: [1, 2, 300] }));
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/data/2`);
    expect(problem.message).toContain('at most 255');
  });
});

describe('ids', () => {
  it('must match the id pattern', () => {
    const doc = baseDoc();
    doc.objects[0].id = '1M';
    doc.processes[0].program = doc.processes[0].program.filter((step: Doc) => step.object !== 'M');
    const problem = onlyError(doc);
    expect(problem.pointer).toBe('/objects/0/id');
    expect(problem.hint).toContain('starts with a letter');
  });

  it('are unique across objects and processes', () => {
    const doc = baseDoc();
    doc.processes[1].id = 'M';
    doc.processes[0].program[6].process = 'M';
    doc.processes[0].program[7].process = 'M';
    const problem = onlyError(doc);
    expect(problem.pointer).toBe('/processes/1/id');
    expect(problem.message).toContain('already used by object number 1');
  });
});

describe('references', () => {
  it.each([
    ['an unknown object', { op: 'shm.attach', object: 'N' }, `${FIRST_EXTRA}/object`, 'There is no object "N".'],
    ['an unknown mailbox target', { op: 'send', to: { mailbox: 'R' }, data: 'x' }, `${FIRST_EXTRA}/to/mailbox`, 'There is no object "R".'],
    ['an unknown direct target', { op: 'send', to: { process: 'ghost' }, data: 'x' }, `${FIRST_EXTRA}/to/process`, 'There is no process "ghost".'],
    ['an unknown receive source', { op: 'receive', from: { process: 'ghost' } }, `${FIRST_EXTRA}/from/process`, 'There is no process "ghost".'],
    ['an unknown signal target', { op: 'signal.send', to: 'ghost', signal: 'SIGUSR1' }, `${FIRST_EXTRA}/to`, 'There is no process "ghost".'],
    ['an unknown wait target', { op: 'wait', process: 'ghost' }, `${FIRST_EXTRA}/process`, 'There is no process "ghost".'],
    ['an unknown spawn target', { op: 'spawn', process: 'ghost' }, `${FIRST_EXTRA}/process`, 'There is no process "ghost".'],
  ])('reports %s', (_name, step, pointer, message) => {
    const problem = onlyError(withParentSteps(step));
    expect(problem.pointer).toBe(pointer);
    expect(problem.message).toBe(message);
  });

  it.each([
    ['shm.attach of a pipe', { op: 'shm.attach', object: 'p' }, 'shm.attach needs a shm object, but "p" is a pipe.'],
    ['read of a shm', { op: 'read', object: 'M' }, 'read needs a pipe or fifo object, but "M" is a shm.'],
    ['fifo.open of a pipe', { op: 'fifo.open', object: 'p', end: 'read' }, 'fifo.open needs a fifo object, but "p" is a pipe.'],
    ['sem.wait of a mailbox', { op: 'sem.wait', object: 'Q' }, 'sem.wait needs a semaphore object, but "Q" is a mailbox.'],
    ['mailbox.destroy of a semaphore', { op: 'mailbox.destroy', object: 'S' }, 'mailbox.destroy needs a mailbox object, but "S" is a semaphore.'],
  ])('refuses %s', (_name, step, message) => {
    const problem = onlyError(withParentSteps(step));
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/object`);
    expect(problem.message).toBe(message);
  });

  it('refuses a mailbox target that is not a mailbox', () => {
    const problem = onlyError(withParentSteps({ op: 'receive', from: { mailbox: 'S' } }));
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/from/mailbox`);
    expect(problem.message).toContain('"S" is a semaphore');
  });

  it('refuses a signal by an unknown name, suggesting the right one', () => {
    const problem = onlyError(withParentSteps({ op: 'signal.send', to: 'child', signal: 'USR1' }));
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/signal`);
    expect(problem.message).toBe('"USR1" is not a signal the lab knows.');
    expect(problem.hint).toBe('Did you mean SIGUSR1?');
  });
});

describe('shared-memory access', () => {
  it('reports an offset past the end of the segment', () => {
    const problem = onlyError(withParentSteps({ op: 'shm.write', object: 'M', offset: 4096, value: 1 }));
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/offset`);
    expect(problem.message).toBe('offset 4096 is past the end of M (size 4096).');
  });

  it.each([
    [{ op: 'shm.write', object: 'M', offset: 4093, value: 1 }, 'an i32 at offset 4093'],
    [{ op: 'shm.read', object: 'M', offset: 4090, type: 'f64' }, 'an f64 at offset 4090'],
    [{ op: 'shm.add', object: 'M', offset: 4092, delta: 1, type: 'i64' }, 'an i64 at offset 4092'],
    [{ op: 'shm.waitUntil', object: 'M', offset: 4094, equals: 1, type: 'u32' }, 'a u32 at offset 4094'],
    [{ op: 'shm.write', object: 'M', offset: 4090, value: 'héllo!' }, 'a string of 7 bytes at offset 4090'],
    [{ op: 'shm.write', object: 'M', offset: 4093, value: [1, 2, 3, 4] }, '4 bytes at offset 4093'],
    [{ op: 'shm.read', object: 'M', offset: 4000, length: 100 }, '100 bytes at offset 4000'],
  ])('reports an access that runs past the end (%o)', (step, what) => {
    const problem = onlyError(withParentSteps(step));
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/offset`);
    expect(problem.message).toBe(`${what} runs past the end of M (size 4096).`);
  });

  it('accepts the last value that fits', () => {
    expect(validateScenario(withParentSteps({ op: 'shm.write', object: 'M', offset: 4095, value: 255, type: 'u8' })).problems).toEqual([]);
    expect(validateScenario(withParentSteps({ op: 'shm.read', object: 'M', offset: 4088, type: 'i64' })).problems).toEqual([]);
  });

  it('requires natural alignment for atomic adds only', () => {
    const problem = onlyError(withParentSteps({ op: 'shm.add', object: 'M', offset: 6, delta: 1, atomic: true }));
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/offset`);
    expect(problem.message).toBe('An atomic i32 add needs an offset that is a multiple of 4, not 6.');
    expect(validateScenario(withParentSteps({ op: 'shm.add', object: 'M', offset: 6, delta: 1 })).problems).toEqual([]);
    expect(onlyError(withParentSteps({ op: 'shm.add', object: 'M', offset: 4, delta: 1, atomic: true, type: 'i64' })).pointer).toBe(`${FIRST_EXTRA}/offset`);
  });

  it('checks that a value fits its type', () => {
    const problem = onlyError(withParentSteps({ op: 'shm.write', object: 'M', offset: 0, value: 256, type: 'u8' }));
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/value`);
    expect(problem.message).toBe('256 does not fit in a u8 (0..255).');
    expect(onlyError(withParentSteps({ op: 'shm.write', object: 'M', offset: 0, value: 1.5 })).pointer).toBe(`${FIRST_EXTRA}/value`);
    expect(validateScenario(withParentSteps({ op: 'shm.write', object: 'M', offset: 0, value: 1.5, type: 'f64' })).problems).toEqual([]);
  });

  it('refuses type and length together on a read', () => {
    expect(onlyError(withParentSteps({ op: 'shm.read', object: 'M', offset: 0, type: 'u8', length: 4 })).pointer).toBe(`${FIRST_EXTRA}/length`);
  });
});

describe('the process tree', () => {
  it('reports a parent cycle at each member', () => {
    const doc = baseDoc();
    doc.processes.push(
      { id: 'x', parent: 'y', program: [{ op: 'spawn', process: 'y' }] },
      { id: 'y', parent: 'x', program: [{ op: 'spawn', process: 'x' }] },
    );
    const result = validateScenario(doc);
    expect(pointers(result.problems, 'error')).toEqual(['/processes/2/parent', '/processes/3/parent']);
    expect(result.problems[0].message).toContain('x → y → x');
  });

  it('reports a parent that does not exist', () => {
    const doc = baseDoc();
    doc.processes[1].parent = 'nobody';
    const result = validateScenario(doc);
    // The parent's spawn and wait of "child" are refused too: it is not the parent's child.
    expect(pointers(result.problems, 'error')).toEqual(['/processes/0/program/6/process', '/processes/0/program/7/process', '/processes/1/parent']);
    expect(result.problems[2].message).toBe('There is no process "nobody".');
  });

  it('reports a child that its parent never spawns', () => {
    const doc = baseDoc();
    doc.processes[0].program.splice(6, 2);
    const problem = onlyError(doc);
    expect(problem.pointer).toBe('/processes/1/parent');
    expect(problem.message).toBe('"parent" never spawns its child "child", so it would never run.');
    expect(problem.hint).toBe('Add a step "spawn child" to the program of "parent", or clear the parent of "child" to let the lab start it.');
  });

  it('refuses spawning a process that is not its own child', () => {
    const doc = baseDoc();
    doc.processes.push({ id: 'other', program: [] });
    doc.processes[0].program.push({ op: 'spawn', process: 'other' });
    const problem = onlyError(doc);
    expect(problem.pointer).toBe(FIRST_EXTRA + '/process');
    expect(problem.message).toContain('"other" has no parent');
  });

  it('refuses a process spawning itself, and never hints at making it its own parent', () => {
    const doc = baseDoc();
    doc.processes.push({ id: 'other', program: [{ op: 'spawn', process: 'other' }] });
    const problem = onlyError(doc);
    expect(problem.message).toContain('"other" cannot spawn itself');
    expect(problem.hint).not.toMatch(/parent": "other"|the parent of "other"/);
    expect(problem.hint).not.toMatch(/\/processes\//);
  });

  it('names the parent field, not a JSON pointer, when the child has no parent', () => {
    const doc = baseDoc();
    doc.processes.push({ id: 'other', program: [] });
    doc.processes[0].program.push({ op: 'spawn', process: 'other' });
    expect(onlyError(doc).hint).toBe('Make "parent" the parent of "other" (the parent field of "other").');
  });

  it('never suggests a parent cycle: a child cannot spawn its own parent', () => {
    const doc = baseDoc();
    doc.processes[1].program.push({ op: 'spawn', process: 'parent' });
    const problem = onlyError(doc);
    expect(problem.hint).toBe('"parent" is an ancestor of "child", so it cannot also be its child; spawn another process instead.');
  });

  it("refuses spawning someone else's child", () => {
    const doc = baseDoc();
    doc.processes.push({ id: 'other', program: [{ op: 'spawn', process: 'child' }] });
    const problem = onlyError(doc);
    expect(problem.pointer).toBe('/processes/2/program/0/process');
    expect(problem.message).toBe('"other" can spawn only its own children; the parent of "child" is "parent".');
  });

  it('refuses waiting for a process that is not its child', () => {
    const doc = baseDoc();
    doc.processes[1].program.push({ op: 'wait', process: 'parent' });
    const problem = onlyError(doc);
    expect(problem.pointer).toBe('/processes/1/program/1/process');
    expect(problem.message).toBe('"child" can wait only for its own children; "parent" is not one.');
  });

  it('warns about a wait in a process with no children', () => {
    const doc = baseDoc();
    doc.processes[1].program.push({ op: 'wait' });
    expect(onlyWarning(doc).pointer).toBe('/processes/1/program/1');
  });

  it('warns about a child spawned inside a repeat', () => {
    const doc = baseDoc();
    doc.processes[0].program[6] = { op: 'repeat', times: 2, steps: [{ op: 'spawn', process: 'child' }] };
    expect(onlyWarning(doc).pointer).toBe('/processes/0/program/6/steps/0/process');
  });
});

describe('signals and handlers', () => {
  it('allows handling SIGKILL and SIGSTOP, with a warning', () => {
    const problem = onlyWarning(withParentSteps({ op: 'signal.handle', signal: 'SIGKILL', action: 'handler', steps: [], onError: 'continue' }));
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/signal`);
    expect(problem.message).toContain('EINVAL');
    expect(onlyWarning(withParentSteps({ op: 'signal.handle', signal: 'SIGSTOP', action: 'ignore' })).pointer).toBe(`${FIRST_EXTRA}/signal`);
  });

  it('allows only log and exit in a crash handler', () => {
    const doc = withParentSteps({
      op: 'signal.handle', signal: 'SIGSEGV', action: 'handler',
      steps: [{ op: 'log', message: 'x' }, { op: 'sleep', ms: 1 }, { op: 'exit', code: 3 }],
    });
    const problem = onlyError(doc);
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/steps/1`);
    expect(problem.message).toBe('A SIGSEGV handler may only log and exit; sleep is not allowed here.');
  });

  it('checks steps nested in a crash handler', () => {
    const doc = withParentSteps({
      op: 'signal.handle', signal: 'SIGFPE', action: 'handler',
      steps: [{ op: 'repeat', times: 2, steps: [{ op: 'log', message: 'x' }] }],
    });
    expect(onlyError(doc).pointer).toBe(`${FIRST_EXTRA}/steps/0`);
  });

  it('warns about a step that is not async-signal-safe in another handler', () => {
    const doc = withParentSteps({
      op: 'signal.handle', signal: 'SIGUSR1', action: 'handler',
      steps: [{ op: 'log', message: 'x' }, { op: 'sem.post', object: 'S' }, { op: 'send', to: { mailbox: 'Q' }, data: 'x' }],
    });
    const problem = onlyWarning(doc);
    expect(problem.pointer).toBe(`${FIRST_EXTRA}/steps/2`);
    expect(problem.message).toBe('send is not async-signal-safe: in C it must not be called from a signal handler.');
  });

  it('refuses handler steps without the handler action', () => {
    expect(onlyError(withParentSteps({ op: 'signal.handle', signal: 'SIGUSR1', action: 'ignore', steps: [] })).pointer).toBe(`${FIRST_EXTRA}/steps`);
  });
});

describe('limits', () => {
  it('refuses a capacity on a System V mailbox (msg_qbytes counts bytes), never ignores it', () => {
    for (const capacity of [2, 0]) {
      const doc = baseDoc();
      doc.objects[3] = { id: 'Q', kind: 'mailbox', flavor: 'sysv', capacity };
      const problem = onlyError(doc);
      expect(problem.pointer).toBe('/objects/3/capacity');
      expect(problem.message).toContain('msg_qbytes');
    }
    const doc = baseDoc();
    doc.objects[3] = { id: 'Q', kind: 'mailbox', flavor: 'sysv' };
    expect(validateScenario(doc).problems).toEqual([]);
  });

  it('at most 64 processes', () => {
    const doc = baseDoc();
    for (let i = 0; i < 63; i++) doc.processes.push({ id: `p${i}`, program: [] });
    expect(onlyError(doc).pointer).toBe('/processes');
  });

  it('at most 64 objects', () => {
    const doc = baseDoc();
    for (let i = 0; i < 60; i++) doc.objects.push({ id: `o${i}`, kind: 'semaphore' });
    expect(onlyError(doc).pointer).toBe('/objects');
  });

  it('at most 2000 steps, nested ones included', () => {
    const doc = baseDoc();
    const logs = Array.from({ length: 1000 }, () => ({ op: 'log', message: 'x' }));
    doc.processes[1].program = [{ op: 'repeat', times: 1, steps: logs }, ...logs.slice(0, 991)];
    // 8 steps in the parent, then the child's repeat (1) + 1000 + 991 = 2000 in all.
    expect(validateScenario(doc).problems).toEqual([]);
    doc.processes[1].program.push({ op: 'log', message: 'one too many' });
    const problem = onlyError(doc);
    expect(problem.pointer).toBe('/processes/1/program/992');
    expect(problem.message).toContain('at most 2000 steps');
  });

  it('nesting at most 16 deep', () => {
    const build = (depth: number): Doc => {
      let step: Doc = { op: 'log', message: 'deep' };
      for (let i = 0; i < depth; i++) step = { op: 'repeat', times: 1, steps: [step] };
      return withParentSteps(step);
    };
    expect(validateScenario(build(16)).problems).toEqual([]);
    const problem = onlyError(build(17));
    // The 17th repeat sits at depth 16: its steps would be at depth 17.
    expect(problem.pointer).toBe(`${FIRST_EXTRA}${'/steps/0'.repeat(16)}/steps`);
    expect(problem.message).toContain('at most 16 deep');
  });

  it.each([
    ['timeoutMs', (doc: Doc) => { doc.limits = { timeoutMs: 600_001 }; }, '/limits/timeoutMs'],
    ['repeat times 0', (doc: Doc) => { doc.processes[1].program.push({ op: 'repeat', times: 0, steps: [] }); }, '/processes/1/program/1/times'],
    ['repeat times 1 000 001', (doc: Doc) => { doc.processes[1].program.push({ op: 'repeat', times: 1_000_001, steps: [] }); }, '/processes/1/program/1/times'],
    ['shm size 0', (doc: Doc) => { doc.objects[0].size = 0; }, '/objects/0/size'],
    ['shm size 64 MiB + 1', (doc: Doc) => { doc.objects[0].size = 67_108_865; }, '/objects/0/size'],
    // Only what no kernel accepts: HARD_MSGMAX; the kernel's own limits (msg_max) give EINVAL in a run.
    ['mailbox capacity 65 537', (doc: Doc) => { doc.objects[3].capacity = 65_537; }, '/objects/3/capacity'],
    ['mailbox capacity -1', (doc: Doc) => { doc.objects[3].capacity = -1; }, '/objects/3/capacity'],
    ['maxMessage 0', (doc: Doc) => { doc.objects[3].maxMessage = 0; }, '/objects/3/maxMessage'],
    ['maxMessage 1 MiB + 1', (doc: Doc) => { doc.objects[3].maxMessage = 1_048_577; }, '/objects/3/maxMessage'],
    ['pipe capacity 2^31', (doc: Doc) => { doc.objects.push({ id: 'big', kind: 'pipe', capacity: 2 ** 31 }); }, '/objects/5/capacity'],
    ['capacityBytes on a POSIX queue', (doc: Doc) => { doc.objects[3].capacityBytes = 100; }, '/objects/3/capacityBytes'],
    ['size on an attach by id', (doc: Doc) => { doc.processes[1].program.push({ op: 'shm.attach', object: 'M', by: 'id', size: 10 }); }, '/processes/1/program/1/size'],
    ['a value sent to a process group', (doc: Doc) => { doc.processes[1].program.push({ op: 'signal.send', to: { group: doc.processes[0].id }, signal: 'SIGUSR1', value: 1 }); }, '/processes/1/program/1/value'],
    ['semaphore initial 1001', (doc: Doc) => { doc.objects[4].initial = 1001; }, '/objects/4/initial'],
  ])('refuses %s', (_name, breakIt, pointer) => {
    const doc = baseDoc();
    breakIt(doc);
    expect(onlyError(doc).pointer).toBe(pointer);
  });

  it('accepts the bounds themselves', () => {
    const doc = baseDoc();
    doc.limits = { timeoutMs: 600_000 };
    doc.objects[0].size = 67_108_864;
    Object.assign(doc.objects[3], { capacity: 0, maxMessage: 1_048_576 });
    doc.objects.push({ id: 'big', kind: 'pipe', capacity: 2_147_483_647 });
    doc.objects[4].initial = 1000;
    doc.processes[1].program.push({ op: 'repeat', times: 1_000_000, steps: [] });
    expect(validateScenario(doc).problems).toEqual([]);
  });
});

describe('run-time surprises the editor warns about', () => {
  it('a message longer than the mailbox accepts', () => {
    const doc = withParentSteps({ op: 'send', to: { mailbox: 'Q' }, data: 'x'.repeat(257) });
    expect(onlyWarning(doc).pointer).toBe(`${FIRST_EXTRA}/data`);
  });

  it('an object nobody creates', () => {
    const doc = baseDoc();
    doc.processes[0].program.splice(5, 1); // no sem.create
    doc.processes[1].program.push({ op: 'sem.wait', object: 'S' });
    const problem = onlyWarning(doc);
    expect(problem.pointer).toBe('/processes/1/program/1/object');
    expect(problem.message).toBe('No process creates "S", so sem.wait fails with ENOENT.');
  });

  it('a pipe used by a process that cannot hold its ends', () => {
    const doc = baseDoc();
    doc.processes.push({ id: 'stranger', program: [{ op: 'read', object: 'p' }] });
    expect(onlyWarning(doc).pointer).toBe('/processes/2/program/0/object');
  });
});

describe('expectations', () => {
  it('must name processes, objects and labels of the scenario', () => {
    const doc = baseDoc();
    doc.expect = {
      status: 'completed',
      processes: { ghost: { exit: 0 } },
      leaked: ['N'],
      results: [{ process: 'child', label: 'nope' }],
    };
    expect(pointers(problemsOf(doc))).toEqual(['/expect/leaked/0', '/expect/processes/ghost', '/expect/results/0/label']);
  });
});

describe('every problem at once', () => {
  it('lists five distinct errors as five problems, in document order', () => {
    const doc = baseDoc();
    doc.objects[0].size = 0; // 1: bounds
    doc.objects[1].id = 'S'; // 2: duplicate id (the pipe is unused, so nothing else changes)
    doc.processes[0].program.splice(2, 1); // (no pipe.create of the renamed pipe)
    doc.processes[0].program.push({ op: 'shm.attach', object: 'N' }); // 3: unknown object
    doc.processes[0].program.push({ op: 'signal.raise', signal: 'SIGFOO' }); // 4: unknown signal
    doc.processes[1].program.push({ op: 'exit', code: 256 }); // 5: bounds
    const result = validateScenario(doc);
    expect(result.ok).toBe(false);
    expect(pointers(result.problems)).toEqual([
      '/objects/0/size',
      '/objects/4/id',
      '/processes/0/program/7/object',
      '/processes/0/program/8/signal',
      '/processes/1/program/1/code',
    ]);
  });
});

describe('pitfalls: warnings with the lecture point they come from', () => {
  const pipeDoc = (childSteps: unknown[], parentSteps: unknown[]) => ({
    format: 'process-lab/scenario@1', title: 't', objects: [{ id: 'p', kind: 'pipe' }],
    processes: [
      { id: 'parent', program: [{ op: 'pipe.create', object: 'p' }, { op: 'spawn', process: 'child' }, ...parentSteps, { op: 'wait', process: 'child' }] },
      { id: 'child', parent: 'parent', program: childSteps },
    ],
  });

  it('warns about a child never waited for (zombie) that ends while its parent runs on, citing the zombie preset', () => {
    const doc = baseDoc();
    doc.processes[0].program = doc.processes[0].program.filter((s: { op: string }) => s.op !== 'wait');
    doc.processes[0].program.push({ op: 'sleep', ms: 1000 });
    const problem = onlyWarning(doc);
    expect(problem.pointer).toBe('/processes/0/program/6');
    expect(problem.message).toBe('"parent" never waits for "child": "child" ends first ("parent" sleeps or computes 1000 ms after the spawn) and stays a zombie (state Z) until "parent" exits.');
    expect(problem.lecture?.preset).toBe('zombie');
    expect(problem.lecture?.point).toMatch(/zombie until its parent waits/);
  });

  it('says nothing of a zombie where the lab reaps the child: the parent ends first', () => {
    const noWait = (after: unknown[], child: unknown[]) => {
      const doc = baseDoc();
      doc.processes[0].program = [...doc.processes[0].program.filter((s: { op: string }) => s.op !== 'wait'), ...after];
      doc.processes[1].program = child;
      return validateScenario(doc).problems.filter((p) => p.lecture?.preset === 'zombie');
    };
    // The spawn is the parent's last step: it exits at once, the child is adopted by the lab.
    expect(noWait([], [{ op: 'log', message: 'hi' }])).toEqual([]);
    // Only quick steps after the spawn, or an exit before anything lasting.
    expect(noWait([{ op: 'log', message: 'bye' }, { op: 'exit', code: 0 }, { op: 'sleep', ms: 5000 }], [{ op: 'log', message: 'hi' }])).toEqual([]);
    // The child sleeps longer than the parent runs on (a repeat counts its turns).
    expect(noWait([{ op: 'sleep', ms: 100 }], [{ op: 'repeat', times: 3, steps: [{ op: 'sleep', ms: 50 }] }])).toEqual([]);
    // The preset where the parent exits without waiting: its child never ends before it.
    const pipeNoEof = validateScenario(presetById('pipe-no-eof')!.scenario).problems;
    expect(pipeNoEof.map((p) => p.lecture?.preset)).not.toContain('zombie');
  });

  it('says "if" when either may end first: the parent waits for another process after the spawn', () => {
    const doc = baseDoc();
    doc.processes[0].program = [...doc.processes[0].program.filter((s: { op: string }) => s.op !== 'wait'), { op: 'receive', from: { mailbox: 'Q' } }];
    doc.processes[1].program = [{ op: 'send', to: { mailbox: 'Q' }, data: 'done' }];
    const problem = onlyWarning(doc);
    expect(problem.message).toBe('"parent" never waits for "child": if "child" ends while "parent" still runs (it waits for other processes after the spawn), "child" stays a zombie (state Z) until "parent" exits.');
    // The child that sleeps longer than the parent does not change that: the parent's receive may last.
    doc.processes[1].program.unshift({ op: 'sleep', ms: 5000 });
    expect(onlyWarning(doc).message).toContain('if "child" ends while "parent" still runs');
  });

  it('warns about a reader that keeps its unused write end, and a writer its read end', () => {
    const problems = validateScenario(pipeDoc([{ op: 'read', object: 'p' }], [{ op: 'write', object: 'p', data: 'x' }])).problems;
    expect(problems.map((p) => [p.severity, p.pointer, p.lecture?.preset])).toEqual([
      ['warning', '/processes/0/program/2', 'parent-child-pipe'],
      ['warning', '/processes/1/program/0', 'pipe-no-eof'],
    ]);
    const closed = pipeDoc([{ op: 'close', object: 'p', end: 'write' }, { op: 'read', object: 'p' }], [{ op: 'close', object: 'p', end: 'read' }, { op: 'write', object: 'p', data: 'x' }]);
    expect(validateScenario(closed).problems).toEqual([]);
  });

  it('warns about destroying a segment the process still has attached, not after a detach', () => {
    const seg = (steps: unknown[]) => ({ format: 'process-lab/scenario@1', title: 't', objects: [{ id: 'M', kind: 'shm', size: 64 }], processes: [{ id: 'a', program: [{ op: 'shm.create', object: 'M' }, { op: 'shm.attach', object: 'M' }, ...steps] }] });
    const problem = onlyWarning(seg([{ op: 'shm.destroy', object: 'M' }, { op: 'shm.detach', object: 'M' }]));
    expect(problem.lecture?.preset).toBe('destroy-while-attached');
    expect(validateScenario(seg([{ op: 'shm.detach', object: 'M' }, { op: 'shm.destroy', object: 'M' }])).problems).toEqual([]);
  });

  it('cites signal-safety for a handler step that is not async-signal-safe', () => {
    const doc = { format: 'process-lab/scenario@1', title: 't', objects: [{ id: 'M', kind: 'shm', size: 64 }], processes: [{ id: 'a', program: [
      { op: 'signal.handle', signal: 'SIGUSR1', action: 'handler', steps: [{ op: 'shm.create', object: 'M' }] },
    ] }] };
    const problem = validateScenario(doc).problems.find((p) => p.message.includes('async-signal-safe'));
    expect(problem?.severity).toBe('warning');
    expect(problem?.lecture?.preset).toBe('sigsegv-handler');
  });
});
