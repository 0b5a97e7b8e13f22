// Sockets on the timeline (issue 20): a datagram socket's sends and receives are messages with
// boundaries, one arrow per datagram with its payload, like a mailbox's; a stream socket's bytes
// are data arrows paired by offset like a pipe's, each direction of the connection on its own.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../main/scenario/events';
import { emptyScenario } from '../../../renderer/src/model/doc';
import { buildTimeline } from '../../../renderer/src/model/timelineModel';

const doc = emptyScenario();
doc.objects.push({ id: 'D', kind: 'socket', type: 'dgram' }, { id: 'C', kind: 'socket', domain: 'inet', type: 'dgram' }, { id: 'S', kind: 'socket' });
doc.processes.push(
  // dserver receives two datagrams on D (3 bytes asked: the second is cut to "efg"), then replies to C.
  { id: 'dserver', program: [
    { op: 'socket.create', object: 'D' }, { op: 'socket.recv', object: 'D', max: 3 }, { op: 'socket.recv', object: 'D', max: 3 },
    { op: 'socket.send', object: 'D', to: 'C', data: 'ok' },
  ] },
  { id: 'dclient', program: [
    { op: 'socket.send', object: 'D', data: 'ab' }, { op: 'socket.send', object: 'D', data: 'efgh' },
    { op: 'socket.recv', object: 'C' },
  ] },
  // A stream both ways: the client sends "ab" then "cd", the server reads "abcd" at once and answers "pong".
  { id: 'server', program: [{ op: 'socket.recv', object: 'S' }, { op: 'socket.send', object: 'S', data: 'pong' }] },
  { id: 'client', program: [
    { op: 'socket.send', object: 'S', data: 'ab' }, { op: 'socket.send', object: 'S', data: 'cd' }, { op: 'socket.recv', object: 'S' },
  ] },
);
const end = (t: number, process: string, index: number, op: string, result: Record<string, unknown>): RunEvent =>
  ({ t, type: 'step.end', process, pid: 1, index: [index], op, result, durationNs: 1 }) as RunEvent;
const events: RunEvent[] = [
  { t: 0, type: 'run.start', title: 't', runId: 'x' },
  // The receiver's batch first in the log, as it may be: pairing goes by time, not log order.
  end(40, 'dserver', 1, 'socket.recv', { bytes: 2, data: 'ab', from: 'C' }),
  end(60, 'dserver', 2, 'socket.recv', { bytes: 3, data: 'efg', from: 'C' }),
  end(70, 'dserver', 3, 'socket.send', { bytes: 2 }),
  end(30, 'dclient', 0, 'socket.send', { bytes: 2 }),
  end(50, 'dclient', 1, 'socket.send', { bytes: 4 }),
  end(80, 'dclient', 2, 'socket.recv', { bytes: 2, data: 'ok', from: 'D' }),
  end(110, 'client', 0, 'socket.send', { bytes: 2 }),
  end(120, 'client', 1, 'socket.send', { bytes: 2 }),
  end(130, 'server', 0, 'socket.recv', { bytes: 4, data: 'abcd' }),
  end(140, 'server', 1, 'socket.send', { bytes: 4 }),
  end(150, 'client', 2, 'socket.recv', { bytes: 4, data: 'pong' }),
  { t: 200, type: 'run.end', status: 'completed', leaked: [], durationNs: 200 },
];
const lane = (id: string) => doc.processes.findIndex((p) => p.id === id);

describe('sockets on the timeline', () => {
  const model = buildTimeline(events, doc);

  it('draws one message arrow per datagram, with what was received as its payload', () => {
    const datagrams = model.arrows.filter((a) => a.kind === 'message');
    expect(datagrams.map((a) => [a.lane0, a.lane1, a.t0, a.t1, a.payload])).toEqual([
      [lane('dclient'), lane('dserver'), 30, 40, '"ab"'],
      [lane('dclient'), lane('dserver'), 50, 60, '"efg"'], // the kernel cut it to max: the rest is gone
      [lane('dserver'), lane('dclient'), 70, 80, '"ok"'], // sendto C: the reply is a datagram to C's address
    ]);
    expect(datagrams[0].label).toBe('"ab": a datagram to socket D');
    expect(datagrams[2].label).toBe('"ok": a datagram to socket C');
    expect(model.arrows.filter((a) => a.kind === 'data' && (a.lane0 === lane('dclient') || a.lane1 === lane('dclient')))).toEqual([]);
  });

  it('draws a stream socket as bytes, each direction paired by offset', () => {
    const data = model.arrows.filter((a) => a.kind === 'data');
    expect(data.map((a) => [a.lane0, a.lane1, a.t0, a.t1, a.payload])).toEqual([
      [lane('client'), lane('server'), 110, 130, '"ab"'],
      [lane('client'), lane('server'), 120, 130, '"cd"'], // two sends, one recv: no boundaries kept
      [lane('server'), lane('client'), 140, 150, '"pong"'], // the answer is not paired with the client's own bytes
    ]);
    expect(data[2].label).toBe('"pong": 4 B through S');
  });
});
