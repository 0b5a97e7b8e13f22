// Sockets (native/src/posix/socket.cc, socket_core.cc, linux/sock_diag.cc) on real sockets:
// refused connections, addresses in use, accept sleeping in the kernel, a full buffer blocking
// its writer, datagram boundaries kept and stream boundaries not, EPIPE and ECONNRESET, the
// figures `ss` shows, the machine's Unix sockets with their peers, and across two hosts (real
// namespaces): a System V segment of one host is ENOENT on the other while TCP between them works.
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addon, addonPath } from '../../main/native/addon';
import { RunHosts } from '../../main/engine/run/hosts';
import { expectSleepingInKernel, killAllChildren, sleep, startIpcChild, uniqueKey } from './fixtures/ipc-child';

const lab = addon();
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);
let dir: string;
const open: number[] = [];
const track = <T extends number | number[]>(fds: T): T => {
  open.push(...(Array.isArray(fds) ? fds : [fds]));
  return fds;
};
const errnoOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plab-sock-'));
  chmodSync(dir, 0o755);
});
afterEach(async () => {
  await killAllChildren();
  for (const fd of open.splice(0)) {
    try {
      lab.fdClose(fd);
    } catch {
      // closed by the test itself
    }
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('connecting', () => {
  it('is refused where nobody listens (ECONNREFUSED), and a path nobody bound is ENOENT', () => {
    const tcp = track(lab.socketCreate('inet', 'stream'));
    const probe = track(lab.socketCreate('inet', 'stream'));
    const { port } = lab.socketBind(probe, { address: '127.0.0.1', port: 0 }) as { port: number };
    lab.fdClose(probe); // bound, then gone: nothing listens on that port now
    expect(errnoOf(() => lab.socketConnect(tcp, { address: '127.0.0.1', port }))).toBe('ECONNREFUSED');
    const path = join(dir, 'bound-not-listening.sock');
    const bound = track(lab.socketCreate('unix', 'stream'));
    lab.socketBind(bound, { path });
    const client = track(lab.socketCreate('unix', 'stream'));
    expect(errnoOf(() => lab.socketConnect(client, { path }))).toBe('ECONNREFUSED');
    expect(errnoOf(() => lab.socketConnect(client, { path: join(dir, 'nobody.sock') }))).toBe('ENOENT');
  });

  it('refuses a second bind of the same address (EADDRINUSE)', () => {
    const path = join(dir, 'twice.sock');
    lab.socketBind(track(lab.socketCreate('unix', 'stream')), { path });
    expect(errnoOf(() => lab.socketBind(track(lab.socketCreate('unix', 'stream')), { path }))).toBe('EADDRINUSE');
    const first = track(lab.socketCreate('inet', 'stream'));
    const { port } = lab.socketBind(first, { address: '127.0.0.1', port: 0 }) as { port: number };
    lab.socketListen(first);
    expect(errnoOf(() => lab.socketBind(track(lab.socketCreate('inet', 'stream')), { address: '127.0.0.1', port }))).toBe('EADDRINUSE');
  });

  it('shows what ss shows: LISTEN with the accept queue and backlog, then ESTAB with both addresses', () => {
    const server = track(lab.socketCreate('inet', 'stream'));
    const { port } = lab.socketBind(server, { address: '127.0.0.1', port: 0 }) as { port: number };
    lab.socketListen(server, 7);
    expect(lab.socketInfo(server)).toMatchObject({ domain: 'inet', type: 'stream', state: 'LISTEN', recvQ: 0, sendQ: 7 });
    const client = track(lab.socketCreate('inet', 'stream'));
    lab.socketConnect(client, { address: '127.0.0.1', port });
    expect(lab.socketInfo(server).recvQ).toBe(1); // one connection waits for accept
    const { fd, peer } = lab.socketAccept(server);
    track(fd);
    expect(lab.socketInfo(server).recvQ).toBe(0);
    lab.socketSend(client, text('12345'));
    const info = lab.socketInfo(fd);
    expect(info).toMatchObject({ state: 'ESTAB', local: { address: '127.0.0.1', port }, peer });
    expect(info.recvQ).toBe(5); // sent, not yet read
    lab.socketShutdown(client, 'write');
    expect(str(lab.socketRecv(fd, 100).data)).toBe('12345');
    expect(lab.socketRecv(fd, 100).data.length).toBe(0); // end of stream after the peer's SHUT_WR
    expect(lab.socketInfo(fd).state).toBe('CLOSE-WAIT');
  });
});

describe('blocking', () => {
  it('accept sleeps in the kernel (state S) until a client connects', async () => {
    const path = join(dir, 'accept.sock');
    const child = await startIpcChild();
    const server = await child.call<number>('socketCreate', 'unix', 'stream');
    await child.call('socketBind', server, { path });
    await child.call('socketListen', server);
    const accepted = child.call<{ fd: number }>('socketAccept', server);
    await expectSleepingInKernel(child.pid);
    const client = track(lab.socketCreate('unix', 'stream'));
    lab.socketConnect(client, { path });
    expect((await accepted).fd).toBeGreaterThan(2);
  });

  it('a full socket buffer blocks the writer (state S) until the reader takes bytes', async () => {
    const [ours, theirs] = lab.socketPair('stream');
    track(ours);
    const child = await startIpcChild([theirs]); // the child's fd 3
    lab.fdClose(theirs);
    // 64 sends of 64 KiB, far above the default buffers (socket(7): wmem_default), made in the
    // child by ipc-child's repeat helper so the test does not ship megabytes over its stdin.
    const chunk = 65536;
    const size = 64 * chunk;
    const sent = child.call<number>('repeat', 'socketSend', [3, new Uint8Array(chunk)], 64);
    for (let i = 0; i < 500 && lab.socketInfo(ours).recvQ === 0; i++) await sleep(10);
    await expectSleepingInKernel(child.pid);
    expect(lab.socketInfo(ours).recvQ).toBeGreaterThan(0);
    let got = 0;
    while (got < size) got += lab.socketRecv(ours, 1 << 20).data.length;
    expect(await sent).toBe(chunk); // the last send of the 64 returned whole
    expect(got).toBe(size);
  });

  it('a non-blocking send on a full buffer fails with EAGAIN instead', () => {
    const [a, b] = track(lab.socketPair('stream'));
    let code: string | undefined;
    for (let i = 0; i < 10_000 && !code; i++) code = errnoOf(() => lab.socketSend(a, new Uint8Array(65536), { nonBlocking: true }));
    expect(code).toBe('EAGAIN');
    expect(lab.socketInfo(b).recvQ).toBeGreaterThan(0);
  });
});

describe('messages', () => {
  it('datagram sockets keep message boundaries; stream sockets do not', () => {
    const [d1, d2] = track(lab.socketPair('dgram'));
    lab.socketSend(d1, text('ab'));
    lab.socketSend(d1, text('cd'));
    expect(str(lab.socketRecv(d2, 100).data)).toBe('ab');
    expect(str(lab.socketRecv(d2, 100).data)).toBe('cd');
    const [s1, s2] = track(lab.socketPair('stream'));
    lab.socketSend(s1, text('ab'));
    lab.socketSend(s1, text('cd'));
    expect(str(lab.socketRecv(s2, 100).data)).toBe('abcd');
    // A datagram larger than the reader's buffer is cut, the rest lost (recv(2): MSG_TRUNC).
    lab.socketSend(d1, text('abcdef'));
    expect(str(lab.socketRecv(d2, 3).data)).toBe('abc');
    expect(errnoOf(() => lab.socketRecv(d2, 100, { nonBlocking: true }))).toBe('EAGAIN');
  });

  it('UDP carries a datagram to a bound address and tells the reader where it came from', () => {
    const server = track(lab.socketCreate('inet', 'dgram'));
    const { port } = lab.socketBind(server, { address: '127.0.0.1', port: 0 }) as { port: number };
    const client = track(lab.socketCreate('inet', 'dgram'));
    expect(lab.socketSend(client, text('ping'), { to: { address: '127.0.0.1', port } })).toBe(4);
    const got = lab.socketRecv(server, 100);
    expect(str(got.data)).toBe('ping');
    expect(got.from).toMatchObject({ address: '127.0.0.1' });
    expect(lab.socketInfo(server).state).toBe('UNCONN');
  });

  it('writing to a closed peer is EPIPE; closing with unread data resets the peer (ECONNRESET)', () => {
    const [a, b] = lab.socketPair('stream');
    track(a);
    lab.fdClose(b);
    expect(errnoOf(() => lab.socketSend(a, text('x')))).toBe('EPIPE'); // SIGPIPE is ignored in Node
    const server = track(lab.socketCreate('inet', 'stream'));
    const { port } = lab.socketBind(server, { address: '127.0.0.1', port: 0 }) as { port: number };
    lab.socketListen(server);
    const client = track(lab.socketCreate('inet', 'stream'));
    lab.socketConnect(client, { address: '127.0.0.1', port });
    const { fd } = lab.socketAccept(server);
    lab.socketSend(client, text('unread'));
    expect(lab.socketInfo(fd).recvQ).toBe(6); // loopback delivers within send(2)
    lab.fdClose(fd); // unread data: tcp(7) sends RST instead of FIN
    expect(errnoOf(() => lab.socketRecv(client, 100))).toBe('ECONNRESET');
  });
});

describe('the machine\'s Unix sockets (sock_diag)', () => {
  it('lists a connected pair with each one\'s peer, and a bound listener with its path', () => {
    const [a, b] = track(lab.socketPair('stream'));
    const inode = (fd: number) => statSync(`/proc/self/fd/${fd}`).ino;
    const path = join(dir, 'listed.sock');
    const listener = track(lab.socketCreate('unix', 'stream'));
    lab.socketBind(listener, { path });
    lab.socketListen(listener);
    const all = lab.unixSockets!();
    const byInode = new Map(all.map((s) => [s.inode, s]));
    expect(byInode.get(inode(a))).toMatchObject({ type: 'stream', state: 'ESTAB', peer: inode(b) });
    expect(byInode.get(inode(b))).toMatchObject({ peer: inode(a) });
    expect(byInode.get(inode(listener))).toMatchObject({ state: 'LISTEN', path });
  });
});

describe('across two hosts (real namespaces)', () => {
  it('a segment made on A is ENOENT on B, while TCP from B to A works', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'plab-sock-hosts-'));
    mkdirSync(join(runDir, 'objects'), { mode: 0o700 });
    writeFileSync(join(runDir, 'journal.ndjson'), '', { mode: 0o600 });
    const hosts = new RunHosts({ runDir, hosts: ['A', 'B'], inboxes: [] });
    const key = uniqueKey();
    const out = (name: string) => join(runDir, `${name}.out`);
    const node = (host: string, name: string, script: string) => {
      const file = openSync(out(name), 'w');
      try {
        return lab.spawn(process.execPath, [process.execPath, '-e', script], {
          env: { PROCESS_LAB_ADDON: addonPath(), PATH: process.env.PATH ?? '/usr/bin' },
          fds: [[1, file], [2, file]],
          joinNamespacesOf: hosts.pidOf(host),
        });
      } finally {
        closeSync(file);
      }
    };
    try {
      const a = node('A', 'a', `
        const lab = require(process.env.PROCESS_LAB_ADDON);
        lab.shmGet(${key}, 4096, { create: true, exclusive: true, mode: 0o600 });
        const s = lab.socketCreate('inet', 'stream');
        lab.socketBind(s, { address: '10.0.0.1', port: 7000 });
        lab.socketListen(s);
        console.log('listening');
        const { fd, peer } = lab.socketAccept(s);
        console.log('from', peer.address, new TextDecoder().decode(lab.socketRecv(fd, 100).data));
      `);
      for (let i = 0; i < 200 && !(existsSync(out('a')) && readFileSync(out('a'), 'utf8').includes('listening')); i++) await new Promise((r) => setTimeout(r, 50));
      const b = node('B', 'b', `
        const lab = require(process.env.PROCESS_LAB_ADDON);
        try { lab.shmGet(${key}, 0); console.log('shm found'); } catch (e) { console.log('shm', e.code); }
        const c = lab.socketCreate('inet', 'stream');
        lab.socketConnect(c, { address: '10.0.0.1', port: 7000 });
        lab.socketSend(c, new TextEncoder().encode('hello from B'));
        console.log('sent');
      `);
      for (const pid of [b, a]) lab.waitpid(pid);
      expect(readFileSync(out('b'), 'utf8')).toBe('shm ENOENT\nsent\n');
      expect(readFileSync(out('a'), 'utf8')).toBe('listening\nfrom 10.0.0.2 hello from B\n');
      // The segment lived in A's IPC namespace only: nothing with its key on this machine.
      expect(errnoOf(() => lab.shmGet(key, 0))).toBe('ENOENT');
    } finally {
      hosts.close();
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});
