// The main window's life: geometry restored and saved, its webContents registered as ours (the
// router and event pushes accept no other), the unsaved-changes guard, and documents opened from
// outside delivered once the page has loaded and subscribed to events.
import type { MenuCommandPayload } from '../contract/menu';
import { CloseGuard, type UnsavedChoice } from './close-guard';
import { initialBounds, loadWindowState, saveWindowState, type MeasuredWindow, type Rectangle } from './window-state';

/** The slice of BrowserWindow used here (a double in tests). */
export interface ShellWindow extends MeasuredWindow {
  webContents: { id: number; once(event: 'did-finish-load', listener: () => void): unknown; isLoading(): boolean };
  on(event: 'close' | 'closed', listener: (event: { preventDefault(): void }) => void): unknown;
  close(): void;
  isDestroyed(): boolean;
  setTitle(title: string): void;
  setDocumentEdited?(edited: boolean): void;
  maximize(): void;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}

export interface MainWindowDeps<W extends ShellWindow> {
  create(bounds: Partial<Rectangle>): W;
  workAreas(): Rectangle[];
  stateFile: string;
  ourWebContents: Set<number>;
  ask(window: W, title: string): Promise<UnsavedChoice>;
  send(window: W, payload: MenuCommandPayload): void;
  /** A quit waiting on the prompt goes on (closed) or is abandoned. */
  decided?(closed: boolean): void;
}

export interface MainWindow<W extends ShellWindow> {
  window: W;
  guard: CloseGuard;
  /** Sends now if the page is loaded, else when it is. */
  deliver(payload: MenuCommandPayload): void;
  bringToFront(): void;
}

export function openMainWindow<W extends ShellWindow>(deps: MainWindowDeps<W>): MainWindow<W> {
  const { bounds, maximized } = initialBounds(loadWindowState(deps.stateFile), deps.workAreas());
  const window = deps.create(bounds);
  if (maximized) window.maximize();
  const id = window.webContents.id;
  deps.ourWebContents.add(id);

  let loaded = !window.webContents.isLoading();
  const pending: MenuCommandPayload[] = [];
  window.webContents.once('did-finish-load', () => {
    loaded = true;
    for (const payload of pending.splice(0)) deps.send(window, payload);
  });

  const guard = new CloseGuard(window, {
    ask: (title) => deps.ask(window, title),
    requestSave: () => deps.send(window, { command: 'file.save', closeAfter: true }),
    decided: deps.decided,
  });
  // Registered after the guard's own 'close' listener: a close the guard prevents is not saved yet,
  // but saving the geometry twice is harmless, so save on every close request.
  window.on('close', () => saveWindowState(deps.stateFile, window));
  window.on('closed', () => deps.ourWebContents.delete(id));

  return {
    window,
    guard,
    deliver(payload) {
      if (loaded && !window.isDestroyed()) deps.send(window, payload);
      else pending.push(payload);
    },
    bringToFront() {
      if (window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.focus();
    },
  };
}
