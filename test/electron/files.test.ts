// The desktop shell's document handlers with the native dialogs replaced by a double and real
// files in a temporary directory: only paths the user chose can be read or saved to without a
// dialog, saves are whole, and the recent list follows what was opened.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLab } from '../../main/engine/lab';
import type { SaveOutcome } from '../../main/electron/close-guard';
import { createFileHandlers, type Dialogs } from '../../main/electron/files';
import { RecentDocuments, RECENT_LIMIT } from '../../main/electron/recent';

const dir = mkdtempSync(join(tmpdir(), 'plab-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(answers: { open?: string; save?: string } = {}) {
  const asked: string[] = [];
  const dialogs: Dialogs = {
    pickFileToOpen: async () => (asked.push('open'), answers.open),
    pickFileToSave: async (name) => (asked.push(`save ${name}`), answers.save),
  };
  const recent = new RecentDocuments(join(dir, `recent-${Math.random()}.json`));
  const system: string[] = [];
  const dirty: Array<[boolean, string | undefined]> = [];
  const outcomes: SaveOutcome[] = [];
  let menuRebuilds = 0;
  const files = createFileHandlers({
    dialogs,
    recent,
    addToSystemRecent: (p) => system.push(p),
    recentChanged: () => menuRebuilds++,
    setDirty: (d, t) => dirty.push([d, t]),
    saveOutcome: (outcome) => outcomes.push(outcome),
  });
  const lab = createLab({ frontDoor: 'electron', overrides: files.handlers });
  return { lab, files, asked, recent, system, dirty, outcomes, rebuilds: () => menuRebuilds };
}

const doc = (name: string, text = '{"format":"process-lab/scenario@1"}') => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('files.* in the desktop app', () => {
  it('opens what the user picks and remembers it as recent', async () => {
    const path = doc('open-me.lab.json');
    const { lab, asked, recent, system, rebuilds } = setup({ open: path });
    expect(await lab.call('files.openDialog', {})).toEqual({ ok: true, value: { path, text: '{"format":"process-lab/scenario@1"}' } });
    expect(asked).toEqual(['open']);
    expect(recent.list()).toEqual([path]);
    expect(system).toEqual([path]);
    expect(rebuilds()).toBe(1);
    expect(await lab.call('files.recent', {})).toEqual({ ok: true, value: [path] });
  });

  it('answers null when a dialog is cancelled', async () => {
    const { lab } = setup();
    expect(await lab.call('files.openDialog', {})).toEqual({ ok: true, value: null });
    expect(await lab.call('files.saveDialog', { text: 'x', suggestedName: 'a.lab.json' })).toEqual({ ok: true, value: null });
  });

  it('tells the close guard what became of each save: saved, cancelled, failed (no temporary file left)', async () => {
    const saved = join(dir, 'outcome.lab.json');
    const good = setup({ save: saved });
    expect(await good.lab.call('files.saveDialog', { text: '{}', suggestedName: 'outcome.lab.json' })).toMatchObject({ ok: true });
    expect(good.outcomes).toEqual([{ saved }]);

    const cancelled = setup();
    await cancelled.lab.call('files.saveDialog', { text: '{}', suggestedName: 'x.lab.json' });
    expect(cancelled.outcomes).toEqual([{ cancelled: true }]);

    // rename(2) onto a directory fails after the temporary file was written (as a full disk would).
    const directory = join(dir, 'is-a-directory.lab.json');
    mkdirSync(directory);
    const failing = setup({ save: directory });
    const result = await failing.lab.call('files.saveDialog', { text: '{}', suggestedName: 'x.lab.json' });
    expect(result).toMatchObject({ ok: false, error: { code: 'EISDIR' } });
    expect(failing.outcomes).toEqual([{ failed: expect.stringMatching(/EISDIR/) }]);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to read a path the user never chose', async () => {
    const secret = doc('secret.lab.json');
    const { lab } = setup();
    for (const path of [secret, '/etc/passwd', `${dir}/../${dir.split('/').pop()}/secret.lab.json`, 'secret.lab.json']) {
      expect(await lab.call('files.read', { path }), path).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('reads a chosen or recent path, and drops a recent file that is gone', async () => {
    const kept = doc('kept.lab.json', '{"a":1}');
    const gone = doc('gone.lab.json');
    const { lab, files, recent } = setup();
    files.chosen.add(kept);
    expect(await lab.call('files.read', { path: kept })).toEqual({ ok: true, value: { text: '{"a":1}' } });
    recent.add(gone);
    const again = setup(); // a new launch: the recent list is trusted
    again.recent.add(gone);
    const relaunched = createFileHandlers({ dialogs: { pickFileToOpen: async () => undefined, pickFileToSave: async () => undefined }, recent: again.recent, addToSystemRecent: () => {}, recentChanged: () => {}, setDirty: () => {} });
    const lab2 = createLab({ frontDoor: 'electron', overrides: relaunched.handlers });
    rmSync(gone);
    expect(await lab2.call('files.read', { path: gone })).toMatchObject({ ok: false, error: { code: 'ENOENT' } });
    expect(again.recent.list()).not.toContain(gone);
  });

  it('refuses a chosen path that is a directory or too large', async () => {
    const { lab, files } = setup();
    files.chosen.add(dir);
    expect(await lab.call('files.read', { path: dir })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const big = doc('big.lab.json', 'x'.repeat(5 * 1024 * 1024 + 1));
    files.chosen.add(big);
    expect(await lab.call('files.read', { path: big })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('saves to a chosen path without a dialog, and asks for any other path', async () => {
    const target = join(dir, 'saved.lab.json');
    const { lab, asked } = setup({ save: target });
    expect(await lab.call('files.saveDialog', { text: 'one', suggestedName: 'saved.lab.json', path: '/etc/not-chosen.lab.json' })).toEqual({ ok: true, value: { path: target } });
    expect(asked).toEqual(['save saved.lab.json']);
    expect(await lab.call('files.saveDialog', { text: 'two', suggestedName: 'saved.lab.json', path: target })).toEqual({ ok: true, value: { path: target } });
    expect(asked).toHaveLength(1);
    expect(readFileSync(target, 'utf8')).toBe('two');
    expect(existsSync(`${target}.${process.pid}.tmp`)).toBe(false);
  });

  it('does not put an export (.c) in the recent list', async () => {
    const target = join(dir, 'scenario.c');
    const { lab, recent } = setup({ save: target });
    expect(await lab.call('files.saveDialog', { text: 'int main(void) { return 0; }', suggestedName: 'scenario.c' })).toMatchObject({ ok: true });
    expect(recent.list()).toEqual([]);
  });

  it('passes the dirty state and title to the shell', async () => {
    const { lab, dirty } = setup();
    expect(await lab.call('document.setDirty', { dirty: true, title: 'pipes.lab.json' })).toEqual({ ok: true, value: {} });
    expect(dirty).toEqual([[true, 'pipes.lab.json']]);
    expect(await lab.call('document.setDirty', { dirty: 'yes' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('refuses a symlink nobody chose, even to a readable file', async () => {
    // The allowlist holds names; a symlink placed later at a chosen name is read through, as any
    // editor would. What matters is that the renderer cannot name a path nobody chose.
    const link = join(dir, 'link.lab.json');
    symlinkSync(doc('real.lab.json', '{"b":2}'), link);
    const { lab } = setup();
    expect(await lab.call('files.read', { path: link })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('files.* outside the desktop app', () => {
  it('answers UNAVAILABLE', async () => {
    const lab = createLab({ frontDoor: 'browser' });
    for (const [method, args] of [['files.openDialog', {}], ['files.saveDialog', { text: '', suggestedName: 'a.lab.json' }], ['files.recent', {}], ['files.read', { path: '/x' }], ['document.setDirty', { dirty: true }]] as const) {
      expect(await lab.call(method, args), method).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: 'only in the desktop app' } });
    }
  });
});

describe('the recent list', () => {
  it('keeps the newest first, no duplicates, at most the limit, across launches', () => {
    const file = join(dir, 'recent-persist.json');
    const recent = new RecentDocuments(file);
    for (let i = 0; i < RECENT_LIMIT + 3; i++) recent.add(`/docs/${i}.lab.json`);
    recent.add('/docs/5.lab.json');
    const again = new RecentDocuments(file).list();
    expect(again[0]).toBe('/docs/5.lab.json');
    expect(again).toHaveLength(RECENT_LIMIT);
    expect(new Set(again).size).toBe(RECENT_LIMIT);
  });

  it('treats a damaged file as empty and ignores relative paths', () => {
    const damaged = join(dir, 'recent-damaged.json');
    writeFileSync(damaged, '{not json');
    expect(new RecentDocuments(damaged).list()).toEqual([]);
    writeFileSync(damaged, JSON.stringify(['relative.lab.json', 3, '/abs.lab.json']));
    expect(new RecentDocuments(damaged).list()).toEqual(['/abs.lab.json']);
  });
});
