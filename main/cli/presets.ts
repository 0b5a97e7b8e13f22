import { createLab } from '../engine/lab';
import type { PresetSummary } from '../contract';
import { parseOptions } from './usage';

export async function presetsCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, { json: { type: 'boolean' } });
  const lab = createLab({ frontDoor: 'cli' });
  const result = await lab.call('presets.list', {});
  if (!result.ok) {
    console.error(`process-lab presets: ${result.error.message}`);
    return 1;
  }
  const list = result.value as PresetSummary[];
  if (values.json) {
    console.log(JSON.stringify(list, null, 2));
    return 0;
  }
  const width = Math.max(...list.map((p) => p.id.length));
  for (const preset of list) {
    console.log(`${preset.id.padEnd(width)}  ${preset.title}`);
  }
  console.log(`\n${list.length} presets. Run one with: process-lab run <name>`);
  return 0;
}
