// Sockets through the UI (issue 20), browser mode, real engine, real sockets: the inspector shows
// each socket's state, Recv-Q/Send-Q as ss shows them and its peer; System IPC lists the run's Unix
// sockets with their peers (a socketpair has no path: the run's processes hold it) and the TCP
// sockets inside the two hosts; the timeline draws a stream's bytes as data and datagrams as
// messages. The presets are opened as files with longer sleeps, so the sockets live long enough
// to be looked at while the run goes on.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './support/lab-server';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
type Doc = { title: string; processes: Array<{ id: string; program: Array<Record<string, unknown>> }>; [key: string]: unknown };
const preset = (id: string): Doc => JSON.parse(readFileSync(fileURLToPath(new URL(`../../main/presets/${id}.lab.json`, import.meta.url)), 'utf8')) as Doc;
const program = (doc: Doc, id: string) => doc.processes.find((p) => p.id === id)!.program;

async function openDoc(page: Page, doc: Doc): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles({ name: 'sockets.lab.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await expect(page.locator('.vue-flow__node').first()).toBeVisible();
}

const status = (page: Page) => page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('status');
/** The row of `process`'s descriptor in the inspector's socket table, by its role. */
const socketRow = (page: Page, object: string, process: string, role: 'socket' | 'connection') =>
  page.getByRole('table', { name: `Sockets of ${object}, as ss shows them` }).getByRole('row').filter({ hasText: `${process} (${role})` });
/** Cells: process, fd, state, Recv-Q, Send-Q, local, peer. */
const cell = (row: ReturnType<typeof socketRow>, index: number) => row.getByRole('cell').nth(index);

test('socketpair: both ends ESTAB naming each other, ping in the child\'s Recv-Q, listed in System IPC, drawn as data', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  const doc = preset('socketpair');
  program(doc, 'child').find((s) => s.op === 'sleep')!.ms = 5000; // ping waits in the child's end meanwhile
  doc.limits = { timeoutMs: 15_000 };
  await openDoc(page, doc);
  await page.locator('.vue-flow__node[data-id="P"]').click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  const parent = socketRow(page, 'P', 'parent', 'socket');
  const child = socketRow(page, 'P', 'child', 'connection');
  await expect(cell(child, 3)).toHaveText('4', { timeout: 10_000 }); // Recv-Q: "ping", not read yet
  await expect(cell(parent, 2)).toHaveText('ESTAB');
  await expect(cell(child, 2)).toHaveText('ESTAB');
  // Unnamed ends, as ss -x names them: by inode, the peer's inode, and which process holds it.
  await expect(cell(parent, 5)).toHaveText(/^\* \d+$/);
  await expect(cell(parent, 6)).toHaveText(/^\* \d+ \(child fd \d+\)$/);
  await expect(cell(child, 6)).toHaveText(/^\* \d+ \(parent fd \d+\)$/);
  const parentInode = (await cell(parent, 5).textContent())!.slice(2);
  expect(await cell(child, 6).textContent()).toContain(`* ${parentInode} `);
  await page.screenshot({ path: `${artifacts}ui-sockets-socketpair.png` });

  await page.getByRole('tab', { name: 'System IPC', exact: true }).click();
  const unix = page.getByRole('region', { name: 'Unix sockets' });
  const row = unix.getByRole('row').filter({ hasText: `${parentInode}` }).filter({ hasText: 'parent (' });
  await expect(row).toHaveCount(1, { timeout: 10_000 }); // "Process Lab's only": held by the run's processes
  await expect(row).toContainText('ESTAB');
  await expect(row).toContainText('(unnamed)');
  await expect(unix.getByRole('row').filter({ hasText: 'child (' }).filter({ hasText: `${parentInode} ` })).toHaveCount(1); // the child's end names the parent's as its peer
  await page.screenshot({ path: `${artifacts}ui-sockets-system.png` });

  await page.getByRole('tab', { name: 'Lab', exact: true }).click();
  await expect(status(page)).toHaveText(/Run completed/, { timeout: 20_000 });
  await page.getByRole('tab', { name: /^Timeline/ }).click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('aria-label', /\(data 2, messages 0,/);
});

test('two hosts: LISTEN on 10.0.0.1, the accepted connection holds b\'s 14 bytes, both hosts\' TCP sockets in System IPC', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  const doc = preset('two-hosts');
  // a waits before its recv, b before its close: the connection is up with b's bytes in a's Recv-Q.
  program(doc, 'a').splice(program(doc, 'a').findIndex((s) => s.label === 'TCP on A'), 0, { op: 'sleep', ms: 5000 });
  program(doc, 'b').splice(program(doc, 'b').length - 1, 0, { op: 'sleep', ms: 5000 });
  doc.limits = { timeoutMs: 20_000 };
  await openDoc(page, doc);
  await page.locator('.vue-flow__node[data-id="T"]').click();
  await page.getByRole('button', { name: '▶ Run' }).click();
  const accepted = socketRow(page, 'T', 'a', 'connection');
  await expect(cell(accepted, 3)).toHaveText('14', { timeout: 15_000 }); // "hello over TCP", unread
  await expect(cell(accepted, 2)).toHaveText('ESTAB');
  await expect(cell(accepted, 6)).toHaveText(/^10\.0\.0\.2:\d+$/);
  const listener = socketRow(page, 'T', 'a', 'socket');
  await expect(cell(listener, 2)).toHaveText('LISTEN');
  await expect(cell(listener, 5)).toHaveText(/^10\.0\.0\.1:\d+$/);
  const port = (await cell(listener, 5).textContent())!.split(':')[1];
  const client = socketRow(page, 'T', 'b', 'socket');
  await expect(cell(client, 2)).toHaveText('ESTAB');
  await expect(cell(client, 6)).toHaveText(`10.0.0.1:${port}`);
  await page.screenshot({ path: `${artifacts}ui-sockets-two-hosts.png` });

  await page.getByRole('tab', { name: 'System IPC', exact: true }).click();
  const hosts = page.getByRole('region', { name: "Internet sockets on the runs' hosts" });
  await expect(hosts.getByRole('row').filter({ hasText: 'host A' }).filter({ hasText: 'LISTEN' }).filter({ hasText: `10.0.0.1:${port}` })).toHaveCount(1, { timeout: 10_000 });
  await expect(hosts.getByRole('row').filter({ hasText: 'host A' }).filter({ hasText: 'ESTAB' })).toContainText('14');
  await expect(hosts.getByRole('row').filter({ hasText: 'host B' }).filter({ hasText: 'ESTAB' })).toContainText(`10.0.0.1:${port}`);
  await page.screenshot({ path: `${artifacts}ui-sockets-hosts-system.png` });

  await page.getByRole('tab', { name: 'Lab', exact: true }).click();
  await expect(status(page)).toHaveText(/Run completed/, { timeout: 30_000 });
  await page.getByRole('tab', { name: /^Timeline/ }).click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('aria-label', /\(data 1, messages 0,/); // b's bytes over TCP
});

test('datagrams are messages on the timeline, one arrow each', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  await openDoc(page, {
    format: 'process-lab/scenario@1', title: 'Datagrams', objects: [{ id: 'D', kind: 'socket', type: 'dgram' }],
    processes: [
      { id: 'server', program: [{ op: 'socket.create', object: 'D' }, { op: 'socket.bind', object: 'D' }, { op: 'socket.recv', object: 'D' }, { op: 'socket.recv', object: 'D' }] },
      { id: 'client', program: [{ op: 'sleep', ms: 300 }, { op: 'socket.create', object: 'D' }, { op: 'socket.send', object: 'D', data: 'ab' }, { op: 'socket.send', object: 'D', data: 'cd' }] },
    ],
  });
  await page.getByRole('button', { name: '▶ Run' }).click();
  await expect(status(page)).toHaveText(/Run completed/, { timeout: 20_000 });
  await page.getByRole('tab', { name: /^Timeline/ }).click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('aria-label', /\(data 0, messages 2,/);
});
