import { afterAll, it } from 'vitest';
import { presets } from '../../main/presets';
import { runToEnd, testEngine } from './helpers';
const engine = testEngine();
afterAll(() => engine.dispose());
it('runs', async () => {
  const p = presets().find((x) => x.id === 'signals-carry-no-data')!;
  const o = await runToEnd(engine, p.scenario);
  for (const e of o.events) if (e.type !== 'run.start') console.log(JSON.stringify(e).slice(0, 300));
});
