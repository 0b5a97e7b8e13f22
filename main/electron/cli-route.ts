// The installed app answers the CLI's commands, so `process-lab` means one thing everywhere: the
// .deb's /usr/bin/process-lab (a link to the app's binary), the AppImage and `npx process-lab` in a
// checkout. `process-lab run parent-child-pipe` runs headless: the app's binary re-runs itself as
// Node (ELECTRON_RUN_AS_NODE=1, the RunAsNode fuse stays on for this and the benchmark's pairs) on the
// bundled CLI, before any window or display is needed. Anything else opens the app.
import { CLI_COMMANDS, CLI_META } from '../cli/commands';

const CLI_WORDS: ReadonlySet<string> = new Set<string>([...CLI_COMMANDS, ...CLI_META]);

/**
 * The CLI arguments when this launch is a CLI command, else undefined. `argv` is process.argv:
 * [binary, ...args] when packaged, [electron, appPath, ...args] in a checkout (`electron .`).
 * Only the first argument decides, so a document named like a command still opens in the app
 * when given as a path (./run.lab.json).
 */
export function cliArgs(argv: readonly string[], isPackaged: boolean): string[] | undefined {
  const args = argv.slice(isPackaged ? 1 : 2);
  return args.length > 0 && CLI_WORDS.has(args[0]!) ? args : undefined;
}

export interface CliInvocation {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** How the app's binary runs the bundled CLI (out/main/cli.js, inside app.asar when packaged). */
export function cliInvocation(binary: string, cliScript: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliInvocation {
  const inherited: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) inherited[key] = value;
  return { command: binary, args: [cliScript, ...args], env: { ...inherited, ELECTRON_RUN_AS_NODE: '1' } };
}
