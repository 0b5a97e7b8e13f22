// Sockets as scenario objects (issue 20): real sockets made by real lab processes. Connect
// refused, an address in use, accept sleeping in the kernel (state S), a full socket buffer
// blocking its writer until the reader goes (then EPIPE), datagram boundaries kept and stream
// boundaries not, the inspector's ss-like figures, and TCP and UDP between two hosts.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunManager } from '../../../main/engine/runs';
import type { RunEvent } from '../../../main/scenario/events';
import { ofType, runToEnd, scenario } from '../helpers';
import { fileEngine } from '../../helpers/file-engine';

const engine = fileEngine();

const ends = (events: RunEvent[], process: string) => ofType(events, 'step.end').filter((e) => e.process === process);
const byLabel = (events: RunEvent[], label: string) => ofType(events, 'step.end').find((e) => e.label === label);

describe('sockets in a run', () => {
  it('connect with nobody listening fails with ECONNREFUSED; a second bind of one path with EADDRINUSE', async () => {
    const { status, events } = await runToEnd(engine, scenario([
      { id: 'c', program: [
        { op: 'socket.create', object: 'T' },
        { op: 'socket.connect', object: 'T', onError: 'continue', label: 'refused' },
        { op: 'socket.create', object: 'U' }, { op: 'socket.bind', object: 'U', label: 'first bind' },
      ] },
      { id: 'd', program: [
        { op: 'sleep', ms: 200 },
        { op: 'socket.create', object: 'U' }, { op: 'socket.bind', object: 'U', onError: 'continue', label: 'second bind' },
      ] },
    ], [{ id: 'T', kind: 'socket', domain: 'inet' }, { id: 'U', kind: 'socket' }]));
    expect(status).toBe('completed');
    expect(byLabel(events, 'refused')?.errno).toBe('ECONNREFUSED');
    expect(byLabel(events, 'first bind')?.errno).toBeUndefined();
    expect(byLabel(events, 'second bind')?.errno).toBe('EADDRINUSE');
    const call = ofType(events, 'step.begin').find((e) => e.label === 'refused')!.call;
    expect(call).toMatch(/^connect\(fd=\d+, &addr_T \/\* 127\.0\.0\.1:\d+ \*\/, sizeof\(struct sockaddr_in\)\)$/);
  });

  it('accept sleeps in the kernel (state S) until a client connects; the inspector sees LISTEN and ESTAB', async () => {
    const { status, events } = await runToEnd(engine, scenario([
      { id: 'server', program: [
        { op: 'socket.create', object: 'S' }, { op: 'socket.bind', object: 'S' }, { op: 'socket.listen', object: 'S' },
        { op: 'socket.accept', object: 'S', label: 'accept' },
        { op: 'sleep', ms: 400 },
        { op: 'socket.recv', object: 'S', label: 'recv' },
      ] },
      { id: 'client', program: [
        { op: 'sleep', ms: 500 },
        { op: 'socket.create', object: 'S' }, { op: 'socket.connect', object: 'S' },
        { op: 'socket.send', object: 'S', data: 'hello' },
        { op: 'sleep', ms: 600 },
      ] },
    ], [{ id: 'S', kind: 'socket', domain: 'unix' }]));
    expect(status).toBe('completed');
    const begin = ofType(events, 'step.begin').find((e) => e.label === 'accept')!;
    const end = byLabel(events, 'accept')!;
    const asleep = ofType(events, 'process.state').filter((e) => e.process === 'server' && e.state === 'S' && e.t > begin.t && e.t < end.t);
    expect(asleep.length).toBeGreaterThan(0);
    expect(byLabel(events, 'recv')?.result).toMatchObject({ bytes: 5, data: 'hello' });
    const states = ofType(events, 'object.state').filter((e) => e.object === 'S').flatMap((e) => e.sockets ?? []);
    expect(states.some((k) => k.process === 'server' && k.state === 'LISTEN')).toBe(true);
    // While the server sleeps, its connection holds the 5 bytes (Recv-Q) and names the client's socket.
    expect(states.some((k) => k.process === 'server' && k.role === 'connection' && k.state === 'ESTAB' && k.recvQ === 5)).toBe(true);
    expect(states.some((k) => k.process === 'client' && k.role === 'socket' && k.state === 'ESTAB' && k.peer?.endsWith('objects/S.sock'))).toBe(true);
    expect(byLabel(events, 'accept')?.result).toEqual({ fd: expect.any(Number) }); // a Unix client has no address
    // The path was made by bind (object.created) and goes with the run's directory.
    const created = ofType(events, 'object.created').find((e) => e.object === 'S')!;
    expect(created.path).toMatch(/objects\/S\.sock$/);
    expect(existsSync(created.path!)).toBe(false);
  });

  it('a full socket buffer blocks its writer (state S) until the reader closes; then EPIPE (SIGPIPE ignored)', async () => {
    const { status, events } = await runToEnd(engine, scenario([
      { id: 'writer', program: [
        { op: 'signal.handle', signal: 'SIGPIPE', action: 'ignore' },
        { op: 'socket.pair', object: 'P' }, { op: 'spawn', process: 'reader' },
        { op: 'socket.close', object: 'P', end: 'connection' },
        { op: 'repeat', times: 16, steps: [{ op: 'socket.send', object: 'P', data: 'x'.repeat(65_536), onError: 'continue' }] },
        { op: 'wait', process: 'reader' },
      ] },
      { id: 'reader', parent: 'writer', program: [
        { op: 'socket.close', object: 'P', end: 'socket' },
        { op: 'sleep', ms: 600 },
        { op: 'socket.close', object: 'P', label: 'reader goes' },
      ] },
    ], [{ id: 'P', kind: 'socket', type: 'stream' }]));
    expect(status).toBe('completed');
    const sends = ends(events, 'writer').filter((e) => e.op === 'socket.send');
    const sendBegins = ofType(events, 'step.begin').filter((e) => e.process === 'writer' && e.op === 'socket.send');
    const blocked = ofType(events, 'process.state').filter((e) => e.process === 'writer' && e.state === 'S');
    expect(blocked.some((s) => sendBegins.some((b, i) => b.t < s.t && (sends[i]?.t ?? Infinity) > s.t))).toBe(true);
    expect(sends.some((e) => e.errno === 'EPIPE')).toBe(true);
    // Not before the reader's close began (its step.end may be stamped after the writer woke).
    const closing = ofType(events, 'step.begin').find((e) => e.label === 'reader goes')!;
    expect(sends.filter((e) => e.errno === 'EPIPE').every((e) => e.t > closing.t)).toBe(true);
  });

  it('a datagram socket keeps message boundaries; a stream socket does not', async () => {
    const { status, events } = await runToEnd(engine, scenario([
      { id: 'dserver', program: [
        { op: 'socket.create', object: 'D' }, { op: 'socket.bind', object: 'D' },
        { op: 'sleep', ms: 400 },
        { op: 'socket.recv', object: 'D', max: 100, label: 'datagram 1' }, { op: 'socket.recv', object: 'D', max: 100, label: 'datagram 2' },
      ] },
      { id: 'dclient', program: [
        { op: 'sleep', ms: 150 },
        { op: 'socket.create', object: 'D' },
        { op: 'socket.send', object: 'D', data: 'ab' }, { op: 'socket.send', object: 'D', data: 'cd' },
      ] },
      { id: 'sserver', program: [
        { op: 'socket.create', object: 'S' }, { op: 'socket.bind', object: 'S' }, { op: 'socket.listen', object: 'S' },
        { op: 'socket.accept', object: 'S' }, { op: 'sleep', ms: 400 },
        { op: 'socket.recv', object: 'S', max: 100, label: 'stream' },
      ] },
      { id: 'sclient', program: [
        { op: 'sleep', ms: 150 },
        { op: 'socket.create', object: 'S' }, { op: 'socket.connect', object: 'S' },
        { op: 'socket.send', object: 'S', data: 'ab' }, { op: 'socket.send', object: 'S', data: 'cd' },
        { op: 'sleep', ms: 500 },
      ] },
    ], [{ id: 'D', kind: 'socket', type: 'dgram' }, { id: 'S', kind: 'socket', type: 'stream' }]));
    expect(status).toBe('completed');
    expect(byLabel(events, 'datagram 1')?.result).toMatchObject({ bytes: 2, data: 'ab' });
    expect(byLabel(events, 'datagram 2')?.result).toMatchObject({ bytes: 2, data: 'cd' });
    expect(byLabel(events, 'stream')?.result).toMatchObject({ bytes: 4, data: 'abcd' });
  });

  it('replies by address: a datagram says which socket it came from', async () => {
    const { status, events } = await runToEnd(engine, scenario([
      { id: 'srv', program: [
        { op: 'socket.create', object: 'S' }, { op: 'socket.bind', object: 'S' },
        { op: 'socket.recv', object: 'S', label: 'request' },
        { op: 'socket.send', object: 'S', to: 'C', data: 'pong' },
      ] },
      { id: 'cli', program: [
        { op: 'sleep', ms: 150 },
        { op: 'socket.create', object: 'C' }, { op: 'socket.bind', object: 'C' },
        { op: 'socket.send', object: 'C', to: 'S', data: 'ping' },
        { op: 'socket.recv', object: 'C', label: 'reply' },
      ] },
    ], [{ id: 'S', kind: 'socket', domain: 'inet', type: 'dgram' }, { id: 'C', kind: 'socket', domain: 'inet', type: 'dgram' }]));
    expect(status).toBe('completed');
    expect(byLabel(events, 'request')?.result).toMatchObject({ data: 'ping', from: 'C' });
    expect(byLabel(events, 'reply')?.result).toMatchObject({ data: 'pong', from: 'S' });
  });
});

describe('a Unix socket path longer than sun_path', () => {
  it('the run does not start and says why (bind would get a cut path)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'plab-long-'));
    const runtimeDir = join(root, 'r'.repeat(60), 'u'.repeat(20));
    const manager = new RunManager({ runsDir: join(root, 'runs'), runtimeDir }, () => {});
    try {
      const run = manager.start(scenario([{ id: 'a', program: [{ op: 'socket.create', object: 'U' }, { op: 'socket.bind', object: 'U' }] }], [{ id: 'U', kind: 'socket' }]));
      expect(await run.finished).toBe('failed');
      expect(ofType(run.events, 'process.start')).toEqual([]);
      const said = ofType(run.events, 'process.output').map((e) => e.text).join('');
      expect(said).toMatch(/the run could not start: the Unix socket path \S+\/objects\/U\.sock is 1\d\d bytes, more than sun_path holds \(107 and a NUL, unix\(7\)\)/);
    } finally {
      await manager.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('a socketpair used from the same end', () => {
  it('deadlocks, and the verdict names the end both use (sv[1], inherited, never closed)', async () => {
    const { status, events } = await runToEnd(engine, scenario([
      { id: 'parent', program: [
        { op: 'socket.pair', object: 'P' }, { op: 'spawn', process: 'child' },
        { op: 'socket.send', object: 'P', data: 'ping' }, { op: 'socket.recv', object: 'P' }, { op: 'wait', process: 'child' },
      ] },
      { id: 'child', parent: 'parent', program: [{ op: 'socket.recv', object: 'P' }, { op: 'socket.send', object: 'P', data: 'pong' }] },
    ], [{ id: 'P', kind: 'socket' }]));
    expect(status).toBe('deadlock');
    const whys = ofType(events, 'deadlock')[0].processes.map((p) => p.why);
    expect(whys).toEqual([
      expect.stringMatching(/^parent is receiving on P; parent and child both use sv\[1\] of socketpair P \(socket inode \d+\): what they send arrives at sv\[0\], which none of them reads$/),
      expect.stringMatching(/^child is receiving on P; child and parent both use sv\[1\] of socketpair P/),
    ]);
  });
});

describe('sockets between two hosts', () => {
  it('TCP from host B reaches a server on host A (10.0.0.1); a Unix socket path of A does not exist on B', async () => {
    const { status, events } = await runToEnd(engine, scenario([
      { id: 'a', host: 'A', program: [
        { op: 'socket.create', object: 'T' }, { op: 'socket.bind', object: 'T' }, { op: 'socket.listen', object: 'T' },
        { op: 'socket.create', object: 'U' }, { op: 'socket.bind', object: 'U' }, { op: 'socket.listen', object: 'U' },
        { op: 'socket.accept', object: 'T', label: 'accepted' },
        { op: 'socket.recv', object: 'T', label: 'over tcp' },
      ] },
      { id: 'b', host: 'B', program: [
        { op: 'sleep', ms: 300 },
        { op: 'socket.create', object: 'U' }, { op: 'socket.connect', object: 'U', onError: 'continue', label: 'unix from B' },
        { op: 'socket.create', object: 'T' }, { op: 'socket.connect', object: 'T', label: 'tcp from B' },
        { op: 'socket.send', object: 'T', data: 'across' },
      ] },
    ], [{ id: 'T', kind: 'socket', domain: 'inet' }, { id: 'U', kind: 'socket' }], { hosts: [{ id: 'A' }, { id: 'B' }] }));
    expect(status).toBe('completed');
    expect(byLabel(events, 'unix from B')?.errno).toBe('ENOENT');
    expect(byLabel(events, 'tcp from B')?.result).toMatchObject({ to: expect.stringMatching(/^10\.0\.0\.1:\d+$/), local: expect.stringMatching(/^10\.0\.0\.2:\d+$/) });
    expect(byLabel(events, 'accepted')?.result).toMatchObject({ peer: expect.stringMatching(/^10\.0\.0\.2:\d+$/) });
    expect(byLabel(events, 'over tcp')?.result).toMatchObject({ data: 'across' });
  });
});
