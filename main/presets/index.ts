/**
 * The shipped scenarios: every *.lab.json beside this file, in the lecture's order (each
 * file's `order` extension field). import.meta.glob is resolved at build time by Vite (the
 * Electron bundle, the renderer) and by Vitest, so the presets travel inside the bundle and
 * no file is read at run time.
 */
import type { ScenarioInput } from '../scenario/schema';

export interface Preset {
  /** The file name without .lab.json, e.g. "master-slave". */
  id: string;
  title: string;
  /** Markdown: what to watch and which lecture point it shows. */
  description: string;
  /** The document as shipped (defaults not filled in): what the editor opens and a run validates. */
  scenario: ScenarioInput;
}

const files = import.meta.glob('./*.lab.json', { eager: true, import: 'default' }) as Record<string, ScenarioInput>;

function idOf(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.lab\.json$/, '');
}

const loaded: readonly Preset[] = Object.entries(files)
  .map(([path, scenario]) => ({ id: idOf(path), title: scenario.title, description: scenario.description ?? '', scenario }))
  .sort((a, b) => (a.scenario.order ?? Infinity) - (b.scenario.order ?? Infinity) || a.id.localeCompare(b.id));

/** Every preset, in lecture order. Callers get copies of the list, never of the documents: do not mutate them. */
export function presets(): Preset[] {
  return [...loaded];
}

export function presetById(id: string): Preset | undefined {
  return loaded.find((preset) => preset.id === id);
}
