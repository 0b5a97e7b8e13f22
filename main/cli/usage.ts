import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line the command cannot understand: printed with the usage, exit status 2. */
export class UsageError extends Error {}

/** node:util's parseArgs, with its errors turned into UsageError. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
