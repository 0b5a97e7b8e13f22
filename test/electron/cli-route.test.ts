// The installed app answers the CLI's commands: which launches are CLI commands, and how the
// app's binary runs the bundled CLI. (packaging-build.test.ts runs that invocation on the
// packaged layout.)
import { describe, expect, it } from 'vitest';
import { CLI_COMMANDS } from '../../main/cli/commands';
import { main } from '../../main/cli/index';
import { cliArgs, cliInvocation } from '../../main/electron/cli-route';

describe('cliArgs', () => {
  it('routes every CLI command and help/version, packaged ([binary, ...args]) and in a checkout ([electron, app, ...args])', () => {
    for (const command of CLI_COMMANDS) {
      expect(cliArgs(['/opt/Process Lab/process-lab', command, 'x'], true)).toEqual([command, 'x']);
      expect(cliArgs(['electron', '.', command], false)).toEqual([command]);
    }
    for (const word of ['help', '--help', '-h', '--version', '-v']) expect(cliArgs(['process-lab', word], true)).toEqual([word]);
  });

  it('opens the app for no arguments, documents, file:// URIs and Chromium switches', () => {
    expect(cliArgs(['process-lab'], true)).toBeUndefined();
    expect(cliArgs(['process-lab', 'run.lab.json'], true)).toBeUndefined();
    expect(cliArgs(['process-lab', './run'], true)).toBeUndefined();
    expect(cliArgs(['process-lab', 'file:///home/u/a.lab.json'], true)).toBeUndefined();
    expect(cliArgs(['process-lab', '--no-sandbox', 'run'], true)).toBeUndefined();
    expect(cliArgs(['electron', '.'], false)).toBeUndefined();
  });

  it('every command the CLI dispatches is routed (one list)', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (message: string) => errors.push(message);
    try {
      expect(await main(['no-such-command'])).toBe(2);
    } finally {
      console.error = original;
    }
    for (const command of CLI_COMMANDS) expect(errors.join('\n')).toContain(`process-lab ${command}`);
  });
});

describe('cliInvocation', () => {
  it('runs the binary as Node on the bundled CLI, with the caller environment', () => {
    const run = cliInvocation('/opt/Process Lab/process-lab', '/opt/Process Lab/resources/app.asar/out/main/cli.js', ['run', 'zombie'], { HOME: '/home/u', GONE: undefined });
    expect(run).toEqual({
      command: '/opt/Process Lab/process-lab',
      args: ['/opt/Process Lab/resources/app.asar/out/main/cli.js', 'run', 'zombie'],
      env: { HOME: '/home/u', ELECTRON_RUN_AS_NODE: '1' },
    });
  });
});
