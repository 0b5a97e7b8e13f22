// The window's size and position, remembered between launches in userData/window-state.json.
// A saved position is used only if it still lies on a connected display (a laptop undocked
// from its second monitor must not open the window off screen).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1400, height: 900 };
export const MIN_SIZE = { width: 900, height: 600 };

const windowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(MIN_SIZE.width).max(20_000),
  height: z.number().int().min(MIN_SIZE.height).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

/** The slice of BrowserWindow whose geometry is saved. */
export interface MeasuredWindow {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
}

export function loadWindowState(file: string): WindowState | undefined {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function saveWindowState(file: string, window: MeasuredWindow): void {
  // Normal bounds: a maximized window reopens maximized, and un-maximizes to where it was.
  const state: WindowState = { ...window.getNormalBounds(), maximized: window.isMaximized() };
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(state));
    renameSync(`${file}.tmp`, file);
  } catch (error) {
    console.warn(`Process Lab: could not remember the window's position (${(error as Error).message}).`);
  }
}

/** At least 100x100 pixels of the title bar region on some display's work area. */
function visibleOn(bounds: Rectangle, workAreas: readonly Rectangle[]): boolean {
  return workAreas.some((area) => {
    const overlapX = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
    const overlapY = Math.min(bounds.y + 100, area.y + area.height) - Math.max(bounds.y, area.y);
    return overlapX >= 100 && overlapY >= 50;
  });
}

/** The BrowserWindow geometry options: the saved bounds where they are visible, else the default size centred. */
export function initialBounds(state: WindowState | undefined, workAreas: readonly Rectangle[]): { bounds: Partial<Rectangle>; maximized: boolean } {
  if (!state) return { bounds: { ...DEFAULT_SIZE }, maximized: false };
  const { maximized, ...bounds } = state;
  if (visibleOn(bounds, workAreas)) return { bounds, maximized };
  return { bounds: { width: bounds.width, height: bounds.height }, maximized };
}
