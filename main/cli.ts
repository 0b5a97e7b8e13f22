// Entry of the CLI bundle (out/main/cli.js), started by main/bin/process-lab.js.
import { main } from './cli/index';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`process-lab: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
