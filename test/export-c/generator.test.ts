// The generator itself: committed golden files (never written here: after a deliberate change,
// regenerate one with `node main/bin/process-lab.js export-c ID -o test/export-c/golden/ID.c`
// and review the diff), a block for every step, no Node imports (the renderer runs it), the CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLab } from '../../main/engine/lab';
import { exportScenarioAsC } from '../../main/export-c/generator';
import { presets } from '../../main/presets';
import { ScenarioSchema } from '../../main/scenario/schema';
import { walkSteps } from '../../main/scenario/walk';

const golden = (id: string) => fileURLToPath(new URL(`./golden/${id}.c`, import.meta.url));
const sourceDir = fileURLToPath(new URL('../../main/export-c/', import.meta.url));
const bin = fileURLToPath(new URL('../../main/bin/process-lab.js', import.meta.url));
const preset = (id: string) => presets().find((p) => p.id === id)!.scenario;

describe('exportScenarioAsC', () => {
  // parent-child-pipe: fork, inherited pipe ends, EOF. signals-carry-no-data: a handler and the
  // race-free pause (every signal blocked, the flag checked, then sigsuspend).
  it.each(['parent-child-pipe', 'signals-carry-no-data'])('matches the committed golden file for %s', (id) => {
    expect(exportScenarioAsC(preset(id)).code).toBe(readFileSync(golden(id), 'utf8'));
  });

  it('maps every step of every preset to its lines, inside its process part', () => {
    for (const p of presets()) {
      const scenario = ScenarioSchema.parse(p.scenario);
      const result = exportScenarioAsC(scenario);
      const lines = result.code.split('\n');
      for (const process of scenario.processes) {
        const part = result.processes[process.id];
        for (const visit of walkSteps(process.program)) {
          const block = result.blocks.find((b) => b.process === process.id && b.index.join() === visit.path.join());
          expect(block, `${p.id} ${process.id} [${visit.path}]`).toBeDefined();
          expect(block!.startLine).toBeGreaterThanOrEqual(part.startLine);
          expect(block!.endLine).toBeLessThanOrEqual(part.endLine);
          expect(lines[block!.startLine - 1]).toContain(`/* ${process.id} [${visit.path.join(', ')}]`);
        }
      }
    }
  });

  it('imports nothing from Node, so the renderer can run it', () => {
    for (const file of readdirSync(sourceDir)) {
      expect(readFileSync(join(sourceDir, file), 'utf8'), file).not.toMatch(/from ['"](node:|fs|path|os|child_process)/);
    }
  });

  it('is served by the engine as scenario.exportC, and refuses an invalid scenario', async () => {
    const lab = createLab({ frontDoor: 'cli' });
    const ok = await lab.call('scenario.exportC', { scenario: preset('zombie') });
    expect(ok.ok && (ok.value as { code: string }).code).toContain('int main(void)');
    const bad = await lab.call('scenario.exportC', { scenario: { format: 'nope' } });
    expect(bad.ok).toBe(false);
    await lab.close();
  });

  it('writes shared memory through the lab process\'s own functions (core/shm_calls.h), verbatim, and they run', () => {
    const header = readFileSync(fileURLToPath(new URL('../../native/src/core/shm_calls.h', import.meta.url)), 'utf8');
    const functions = [...header.matchAll(/^\/\* plab-export (\w+) \*\/\n([\s\S]*?\n\}\n)/gm)].map((m) => ({ name: m[1], text: m[2] }));
    expect(functions.map((f) => f.name)).toContain('shm_attach_sysv');
    const program = (object: string) => [
      { op: 'shm.create', object }, { op: 'shm.attach', object },
      { op: 'shm.attach', object, label: 'twice', onError: 'continue' },
      { op: 'shm.write', object, offset: 0, value: 41 }, { op: 'shm.add', object, offset: 0, delta: 1, atomic: true },
      { op: 'shm.add', object, offset: 1, delta: 1, atomic: true, label: 'misaligned', onError: 'continue' },
      { op: 'shm.waitUntil', object, offset: 0, equals: 42 }, { op: 'shm.read', object, offset: 0 },
      { op: 'shm.read', object, offset: 4094, label: 'past the end', onError: 'continue' },
      { op: 'shm.detach', object }, { op: 'shm.detach', object, label: 'not attached', onError: 'continue' },
      { op: 'shm.destroy', object },
    ];
    const { code } = exportScenarioAsC({
      format: 'process-lab/scenario@1', title: 'every shm call',
      objects: [{ id: 'V', kind: 'shm', size: 4096 }, { id: 'P', kind: 'shm', size: 4096, flavor: 'posix' }],
      processes: [{ id: 'a', program: [...program('V'), ...program('P')] }],
    });
    for (const f of functions) expect(code, f.name).toContain(f.text);
    const dir = mkdtempSync(join(tmpdir(), 'plab-export-shm-'));
    try {
      writeFileSync(join(dir, 'shm.c'), code);
      const cc = spawnSync('cc', ['-Wall', '-Wextra', '-Werror', '-o', join(dir, 'shm'), join(dir, 'shm.c'), '-lrt', '-pthread'], { encoding: 'utf8' });
      expect(cc.stderr).toBe('');
      const ran = spawnSync(join(dir, 'shm'), { encoding: 'utf8', timeout: 30_000 });
      expect(ran.stdout).toContain('#end completed');
      for (const [label, errno] of [['twice', 'EINVAL'], ['misaligned', 'EINVAL'], ['past the end', 'EFAULT'], ['not attached', 'EINVAL']]) {
        expect(ran.stderr.split('\n').filter((line) => line.includes(`${label}:`) && line.includes(errno)), `${label} ${errno}\n${ran.stderr}`).toHaveLength(2);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('process-lab export-c prints or writes the program; exit 2 for an unknown scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plab-export-cli-'));
    try {
      const printed = spawnSync(process.execPath, [bin, 'export-c', 'zombie'], { encoding: 'utf8' });
      expect(printed.status).toBe(0);
      expect(printed.stdout).toContain('#include <sys/wait.h>');
      const out = join(dir, 'zombie.c');
      expect(spawnSync(process.execPath, [bin, 'export-c', 'zombie', '-o', out], { encoding: 'utf8' }).status).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(printed.stdout);
      expect(spawnSync(process.execPath, [bin, 'export-c', 'no-such-preset'], { encoding: 'utf8' }).status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
