// The CLI's command words, defined once: the CLI dispatches on them and the desktop app routes
// them to the CLI (`process-lab run …` from the installed app runs headless, main/electron/cli-route.ts).
export const CLI_COMMANDS = ['run', 'validate', 'export-c', 'presets', 'ipcs', 'ipcrm', 'serve', 'bench'] as const;
export type CliCommand = (typeof CLI_COMMANDS)[number];

/** Words the CLI answers besides its commands: help and version. */
export const CLI_META = ['help', '--help', '-h', '--version', '-v'] as const;
