// Temporary: replaced by the scenario layer's loader.
export interface Preset { id: string; title: string; description: string; scenario: unknown }
const files = import.meta.glob('./*.lab.json', { eager: true, import: 'default' }) as Record<string, { title: string; description?: string }>;
export function presets(): Preset[] {
  return Object.entries(files).map(([path, scenario]) => ({
    id: path.replace('./', '').replace('.lab.json', ''),
    title: scenario.title,
    description: scenario.description ?? '',
    scenario,
  }));
}
