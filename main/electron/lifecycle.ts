// When the app ends, every lab process is stopped and every kernel object removed (lab.close()).
// That happens in 'will-quit', not 'before-quit': a dirty window's prompt can still cancel a
// quit after before-quit, and runs must not be stopped under a window that stays open.
// SIGTERM and SIGINT (a logout, `kill`, Ctrl+C in the terminal that started the app) quit the
// same way, so they clean up too; only SIGKILL cannot, and the run journal covers that case.
import type { Lab } from '../engine/lab';

export interface QuitEvent {
  preventDefault(): void;
}

/** The slice of Electron's app the lifecycle uses. */
export interface QuittingApp {
  on(event: 'will-quit', listener: (event: QuitEvent) => void): unknown;
  quit(): void;
}

export interface SignalSource {
  on(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/** lab.close() stops runs politely then with SIGKILL; this bounds the wait if something hangs. */
export const CLEANUP_TIMEOUT_MS = 15_000;

export function installQuitCleanup(
  app: QuittingApp,
  lab: Pick<Lab, 'close'>,
  signals: SignalSource,
  options: { beforeSignalQuit?: () => void; timeoutMs?: number } = {},
): { readonly cleaned: boolean } {
  const state = { cleaned: false, cleaning: false };
  app.on('will-quit', (event) => {
    if (state.cleaned) return;
    event.preventDefault(); // wait for the cleanup, then quit again
    if (state.cleaning) return;
    state.cleaning = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((done) => {
      timer = setTimeout(() => {
        console.error('Process Lab: stopping the runs took too long; quitting anyway (the run journal lists what to remove).');
        done();
      }, options.timeoutMs ?? CLEANUP_TIMEOUT_MS);
    });
    void Promise.race([lab.close().catch((error: unknown) => console.error('Process Lab: cleanup failed:', error)), timeout]).finally(() => {
      clearTimeout(timer);
      state.cleaned = true;
      app.quit();
    });
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    signals.on(signal, () => {
      options.beforeSignalQuit?.();
      app.quit();
    });
  }
  return {
    get cleaned() {
      return state.cleaned;
    },
  };
}
