// Entry of the CLI bundle (out/main/cli.js), started by main/bin/process-lab.js.
import { main } from './cli/index';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // The message is for the user; the stack only when asked (PROCESS_LAB_DEBUG=1).
    const detail = error instanceof Error ? (process.env.PROCESS_LAB_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
    console.error(`process-lab: ${detail}`);
    process.exitCode = 1;
  },
);
