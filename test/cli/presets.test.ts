// The CLI as a user runs it: the package's bin, a real process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { presets } from '../../main/presets';

const bin = fileURLToPath(new URL('../../main/bin/process-lab.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 15_000 });

describe('process-lab presets', () => {
  it('prints every shipped preset as JSON with --json', () => {
    const result = run('presets', '--json');
    expect(result.status).toBe(0);
    const listed = JSON.parse(result.stdout) as Array<{ id: string; title: string; description: string }>;
    expect(listed.map((p) => p.id)).toEqual(presets().map((p) => p.id));
    expect(listed.length).toBeGreaterThan(0);
    for (const preset of listed) {
      expect(preset.title).not.toBe('');
      expect(preset.description).not.toBe('');
    }
  });

  it('prints a readable list by default', () => {
    const result = run('presets');
    expect(result.status).toBe(0);
    for (const preset of presets()) expect(result.stdout).toContain(preset.title);
  });

  it('exits 2 with the usage on an unknown command or option', () => {
    expect(run('frobnicate').status).toBe(2);
    const bad = run('presets', '--colour');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('usage');
  });
});
