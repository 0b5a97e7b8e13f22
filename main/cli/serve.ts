import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLab } from '../engine/lab';
import { describeLeftovers } from '../engine/run/leftovers';
import { serve } from '../server/server';
import { parseOptions, UsageError } from './usage';

/** Where the built renderer is: out/renderer beside out/main, where this file is bundled. */
function builtRendererDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
}

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { port: { type: 'string' }, host: { type: 'string' } });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, not "${values.port}"`);
  const host = values.host ?? '127.0.0.1';
  const lab = createLab({ frontDoor: 'browser' });
  const server = await serve({ lab, staticDir: builtRendererDir(), host, port });
  for (const line of describeLeftovers(lab.runs().leftovers)) console.log(line);
  console.log(`Process Lab (browser mode) is at ${server.url}`);
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    console.log(`Warning: listening on ${host}, not only on this machine; anyone with the URL can run processes here.`);
  }
  console.log('Press Ctrl+C to stop.');
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await lab.close();
  return 0;
}
