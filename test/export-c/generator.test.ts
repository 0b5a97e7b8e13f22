// The generator itself: committed golden files (never written here: after a deliberate change,
// regenerate one with `node main/bin/process-lab.js export-c ID -o test/export-c/golden/ID.c`
// and review the diff), a block for every step, no Node imports (the renderer runs it), the CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
    for (const p of presets().filter((preset) => !preset.scenario.hosts)) { // hosts: refused (presets.test.ts)
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
