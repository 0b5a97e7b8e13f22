// How the desktop app quits. Every way out goes through Electron's own quit path: Cmd+Q / the
// menu, the last window closing, a logout (macOS asks the app to terminate), SIGTERM, SIGINT and
// SIGHUP (Electron's handlers call the same Browser::Quit). Cleanup is hooked there, in
// 'will-quit', not 'before-quit': a dirty window's prompt can still cancel a quit after
// before-quit, and runs must not be stopped under a window that stays open. lab.close() stops every
// lab process and removes every kernel object; the quit waits for it (bounded).
//
// Signals and the session's end must not wait on the unsaved prompt (nobody may be there to
// answer, and Electron's handler is one-shot: a second SIGTERM kills the app with no cleanup).
// Electron installs its SIGINT/SIGTERM/SIGHUP handlers (sigaction, in PostCreateMainMessageLoop)
// after the app's code has loaded, replacing any Node handler installed at load. So ours are
// installed once the app is ready (listenForSignals), after Electron's: Node's handler then owns
// the signal, the quit skips the prompt, and a repeated signal finds a quit already under way.
import type { Lab } from '../engine/lab';

export interface QuitEvent {
  preventDefault(): void;
}

/** The slice of Electron's app the quit path uses. */
interface QuittingApp {
  on(event: 'before-quit' | 'will-quit', listener: (event: QuitEvent) => void): unknown;
  quit(): void;
}

type QuitSignal = 'SIGTERM' | 'SIGINT' | 'SIGHUP';

/** process, in the app. */
interface SignalSource {
  on(signal: QuitSignal, listener: () => void): unknown;
}

/**
 * Electron's powerMonitor: 'shutdown' when the session ends (Linux, macOS). Its listener gets an
 * event whose preventDefault() delays the shutdown (electron_api_power_monitor.cc), though
 * electron.d.ts types the listener without it.
 */
interface SessionSource {
  on(event: 'shutdown', listener: (event?: QuitEvent) => void): unknown;
}

/** The slice of the main window's CloseGuard the quit path uses. */
interface QuitGuard {
  readonly isDirty: boolean;
  readonly documentTitle: string;
  allowClose(): void;
}

export interface QuitPathDeps {
  app: QuittingApp;
  lab: Pick<Lab, 'close'>;
  /** The main window's guard, when a window is open. */
  guard(): QuitGuard | undefined;
  timeoutMs?: number;
  log?(line: string): void;
}

export interface QuitPath {
  readonly cleaned: boolean;
  /** For the guard: the user answered the prompt; a quit that waited on it goes on or stops. */
  decided(closed: boolean): void;
  /** A quit nobody is asked about (a signal, the session ending): unsaved changes are dropped, said in one line. */
  quitWithoutPrompts(reason: string): void;
  /** Call once the app is ready (after Electron installed its own signal handlers). */
  listenForSignals(signals: SignalSource, session?: SessionSource): void;
}

/** lab.close() stops runs politely then with SIGKILL; this bounds the wait if something hangs. */
const CLEANUP_TIMEOUT_MS = 15_000;

export function installQuitPath(deps: QuitPathDeps): QuitPath {
  const log = deps.log ?? ((line: string) => console.error(line));
  const state = { cleaned: false, cleaning: false, quitRequested: false, unattended: false };

  deps.app.on('before-quit', () => {
    state.quitRequested = true;
  });
  deps.app.on('will-quit', (event) => {
    if (state.cleaned) return;
    event.preventDefault(); // wait for the cleanup, then quit again
    if (state.cleaning) return;
    state.cleaning = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((done) => {
      timer = setTimeout(() => {
        log('Process Lab: stopping the runs took too long; quitting anyway (the run journal lists what to remove).');
        done();
      }, deps.timeoutMs ?? CLEANUP_TIMEOUT_MS);
    });
    void Promise.race([deps.lab.close().catch((error: unknown) => log(`Process Lab: cleanup failed: ${String(error)}`)), timeout]).finally(() => {
      clearTimeout(timer);
      state.cleaned = true;
      deps.app.quit();
    });
  });

  const quitWithoutPrompts = (reason: string) => {
    if (state.unattended) {
      log(`Process Lab: ${reason}: already quitting, stopping the runs first.`);
      return;
    }
    state.unattended = true;
    const guard = deps.guard();
    if (guard?.isDirty) log(`Process Lab: quitting (${reason}); the unsaved changes to “${guard.documentTitle}” are not saved.`);
    guard?.allowClose();
    deps.app.quit();
  };

  return {
    get cleaned() {
      return state.cleaned;
    },
    decided(closed) {
      // macOS keeps running with no window: the quit must be asked for again once the window closed.
      if (closed && state.quitRequested) setImmediate(() => deps.app.quit());
      state.quitRequested = false;
    },
    quitWithoutPrompts,
    listenForSignals(signals, session) {
      for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) signals.on(signal, () => quitWithoutPrompts(signal));
      session?.on('shutdown', (event) => {
        event?.preventDefault(); // Electron then delays the shutdown until the app has quit
        quitWithoutPrompts('the session is ending');
      });
    },
  };
}
