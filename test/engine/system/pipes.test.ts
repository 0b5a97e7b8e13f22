// system.processes and system.pipes over real processes: a pipe between two children is shown
// from either side with the other end matched; a process holding both ends is flagged; another
// user's process is refused.
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PipeEnd, SystemProcess } from '../../../main/contract/system';
import { createLab } from '../../../main/engine/lab';
import { addon } from '../../../main/native/addon';
import { snapshot, type SystemSnapshot } from '../../helpers/leaks';
import { assertNoOwnLeaks, isRoot, killAllMakers, startMaker } from './helpers';

const native = addon();
const lab = createLab({ frontDoor: 'cli' });
let before: SystemSnapshot;

beforeAll(() => {
  before = snapshot();
});
afterEach(killAllMakers);
afterAll(() => assertNoOwnLeaks(before));

async function pipesOf(pid: number) {
  const result = await lab.call('system.pipes', { pid });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as { pid: number; command: string; ends: PipeEnd[]; unreadable: number };
}

describe('system.pipes', () => {
  it('matches both ends of a pipe between two child processes', async () => {
    // Close-on-exec (the default): only the descriptors dup2()ed to 3 (and 4) reach the children.
    const { readFd, writeFd } = native.pipeCreate();
    let writer, reader;
    try {
      writer = await startMaker({ fds: [writeFd] }); // the child's descriptor 3
      reader = await startMaker({ fds: [readFd] });
    } finally {
      native.fdClose(readFd);
      native.fdClose(writeFd);
    }
    const fromWriter = (await pipesOf(writer.pid)).ends.find((e) => e.fd === 3)!;
    expect(fromWriter).toMatchObject({ kind: 'pipe', end: 'write', holdsBothEnds: false, otherEndOpen: true });
    expect(fromWriter.peers).toEqual([{ pid: reader.pid, command: 'node', fd: 3, end: 'read' }]);
    const fromReader = (await pipesOf(reader.pid)).ends.find((e) => e.fd === 3)!;
    expect(fromReader).toMatchObject({ inode: fromWriter.inode, end: 'read', otherEndOpen: true });
    expect(fromReader.peers).toEqual([{ pid: writer.pid, command: 'node', fd: 3, end: 'write' }]);

    await writer.exit();
    const alone = (await pipesOf(reader.pid)).ends.find((e) => e.fd === 3)!;
    expect(alone).toMatchObject({ peers: [], otherEndOpen: false });
    await reader.exit();
  });

  it('flags a process that holds both ends of one pipe', async () => {
    // Close-on-exec (the default): only the descriptors dup2()ed to 3 (and 4) reach the children.
    const { readFd, writeFd } = native.pipeCreate();
    let both;
    try {
      both = await startMaker({ fds: [readFd, writeFd] }); // descriptors 3 and 4
    } finally {
      native.fdClose(readFd);
      native.fdClose(writeFd);
    }
    const ends = (await pipesOf(both.pid)).ends.filter((e) => e.fd === 3 || e.fd === 4);
    expect(ends.map((e) => [e.fd, e.end, e.holdsBothEnds])).toEqual([[3, 'read', true], [4, 'write', true]]);
    expect(ends[0].peers).toEqual([{ pid: both.pid, command: 'node', fd: 4, end: 'write' }]);
    await both.exit();
  });

  it('lists the user\'s processes to pick from', async () => {
    const child = await startMaker();
    const result = await lab.call('system.processes', {});
    expect(result.ok).toBe(true);
    const list = (result as { value: SystemProcess[] }).value;
    expect(list).toContainEqual(expect.objectContaining({ pid: child.pid, ppid: process.pid, command: 'node' }));
    expect(list.some((p) => p.pid === process.pid)).toBe(true);
    await child.exit();
  });

  it('refuses a process that is not the user\'s, and one that does not exist', async (context) => {
    expect(await lab.call('system.pipes', { pid: 4_000_000 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await lab.call('system.pipes', { pid: -1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    if (!isRoot()) {
      console.log('skipped: starting another user\'s process needs root');
      context.skip();
    }
    const other = spawn('sleep', ['30'], { uid: 65534, gid: 65534, stdio: 'ignore' });
    const exited = new Promise((resolve) => other.once('exit', resolve));
    try {
      await new Promise((resolve) => other.once('spawn', resolve));
      expect(await lab.call('system.pipes', { pid: other.pid! })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      other.kill('SIGKILL');
      await exited;
    }
  });
});
