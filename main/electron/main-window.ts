// The main window's life: geometry restored and saved, its webContents registered as ours (the
// router and event pushes accept no other), the unsaved-changes guard, and documents opened from
// outside delivered once the page has loaded and subscribed to events.
import type { MenuCommandPayload } from '../contract/menu';
import { CloseGuard, type FailedSaveChoice, type UnsavedChoice } from './close-guard';
import { initialBounds, loadWindowState, saveWindowState, type MeasuredWindow, type Rectangle } from './window-state';

/** The slice of BrowserWindow used here (a double in tests). */
export interface ShellWindow extends MeasuredWindow {
  webContents: {
    id: number;
    once(event: 'did-finish-load', listener: () => void): unknown;
    on(event: 'render-process-gone', listener: () => void): unknown;
    isLoading(): boolean;
  };
  on(event: 'close' | 'closed', listener: (event: { preventDefault(): void }) => void): unknown;
  close(): void;
  isDestroyed(): boolean;
  setTitle(title: string): void;
  setDocumentEdited?(edited: boolean): void;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}

export interface MainWindowDeps<W extends ShellWindow> {
  /** Makes the window, hidden; it is shown (maximized if `maximized`) once it has content. */
  create(bounds: Partial<Rectangle>, maximized: boolean): W;
  workAreas(): Rectangle[];
  stateFile: string;
  ourWebContents: Set<number>;
  ask(window: W, title: string): Promise<UnsavedChoice>;
  askAfterFailedSave(window: W, title: string, reason: string): Promise<FailedSaveChoice>;
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
  const window = deps.create(bounds, maximized);
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
    askAfterFailedSave: (title, reason) => deps.askAfterFailedSave(window, title, reason),
    requestSave: () => deps.send(window, { command: 'file.save', closeAfter: true }),
    decided: deps.decided,
  });
  // Registered after the guard's own 'close' listener: a close the guard prevents is not saved yet,
  // but saving the geometry twice is harmless, so save on every close request.
  window.on('close', () => saveWindowState(deps.stateFile, window));
  window.on('closed', () => deps.ourWebContents.delete(id));
  // A crashed or killed renderer took its document with it: the guard must not wait for it.
  window.webContents.on('render-process-gone', () => guard.rendererGone());

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
