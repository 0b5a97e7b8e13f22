// The unsaved-changes prompt. The renderer reports whether its document is dirty
// (document.setDirty); closing a dirty window asks Save / Don't Save / Cancel. "Save" asks the
// renderer to save (menu command file.save with closeAfter) and closes when it reports the
// document clean. The guard always releases: the write's own outcome reaches it from the main
// process (a cancelled save dialog keeps the window; a failed write tells the user and offers
// Try Again / Don't Save / Cancel), and a renderer that is gone has no document left to save.
export type UnsavedChoice = 'save' | 'discard' | 'cancel';
export type FailedSaveChoice = 'retry' | 'discard' | 'cancel';

/** What became of a save the renderer asked for (files.saveDialog in the main process). */
export type SaveOutcome = { saved: string } | { cancelled: true } | { failed: string };

/** The slice of BrowserWindow the guard uses. */
export interface GuardedWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  close(): void;
  isDestroyed(): boolean;
  setTitle(title: string): void;
  /** macOS only: the dot in the close button. */
  setDocumentEdited?(edited: boolean): void;
}

export interface CloseGuardDeps {
  ask(title: string): Promise<UnsavedChoice>;
  /** The save failed (`reason`: the error's message, e.g. "EACCES: permission denied, open …"). */
  askAfterFailedSave(title: string, reason: string): Promise<FailedSaveChoice>;
  requestSave(): void;
  /** Called once the user's answer is known: closed or not (a quit waiting on it goes on or stops). */
  decided?(closed: boolean): void;
  appName?: string;
}

export class CloseGuard {
  private dirty = false;
  private title = 'Untitled';
  private asking = false;
  private waitingForSave = false;
  private closeAllowed = false;

  constructor(private readonly window: GuardedWindow, private readonly deps: CloseGuardDeps) {
    window.on('close', (event) => this.onClose(event));
    this.showTitle();
  }

  get isDirty(): boolean {
    return this.dirty;
  }

  get documentTitle(): string {
    return this.title;
  }

  setDirty(dirty: boolean, title?: string): void {
    this.dirty = dirty;
    if (title !== undefined) this.title = title || 'Untitled';
    this.showTitle();
    if (this.waitingForSave) {
      this.waitingForSave = false;
      if (dirty) this.deps.decided?.(false);
      else this.closeNow();
    }
  }

  /** The write the renderer asked for ended; only a save the close is waiting on matters here. */
  saveOutcome(outcome: SaveOutcome): void {
    if (!this.waitingForSave || 'saved' in outcome) return; // saved: the page reports clean next
    this.waitingForSave = false;
    if ('cancelled' in outcome) {
      this.deps.decided?.(false);
      return;
    }
    this.asking = true;
    void this.deps
      .askAfterFailedSave(this.title, outcome.failed)
      .catch((): FailedSaveChoice => 'cancel')
      .then((choice) => {
        this.asking = false;
        if (choice === 'retry') this.save();
        else if (choice === 'discard') this.closeNow();
        else this.deps.decided?.(false);
      });
  }

  /**
   * The renderer crashed or was killed: its document is gone, so there is nothing left to save or
   * ask about. A close that was waiting for its save goes on; otherwise the guard starts clean.
   */
  rendererGone(): void {
    const wasWaiting = this.waitingForSave;
    this.waitingForSave = false;
    this.dirty = false;
    this.showTitle();
    if (wasWaiting) this.closeNow();
  }

  /** Quit without asking (a signal, the session ending: nobody can answer). */
  allowClose(): void {
    this.closeAllowed = true;
  }

  private onClose(event: { preventDefault(): void }): void {
    if (this.closeAllowed || !this.dirty) return;
    event.preventDefault();
    if (this.asking || this.waitingForSave) return;
    this.asking = true;
    void this.deps
      .ask(this.title)
      .catch((): UnsavedChoice => 'cancel')
      .then((choice) => {
        this.asking = false;
        if (choice === 'discard') this.closeNow();
        else if (choice === 'save') this.save();
        else this.deps.decided?.(false);
      });
  }

  private save(): void {
    this.waitingForSave = true;
    this.deps.requestSave();
  }

  private closeNow(): void {
    this.closeAllowed = true;
    this.deps.decided?.(true);
    if (!this.window.isDestroyed()) this.window.close();
  }

  private showTitle(): void {
    if (this.window.isDestroyed()) return;
    this.window.setTitle(`${this.dirty ? '• ' : ''}${this.title} — ${this.deps.appName ?? 'Process Lab'}`);
    this.window.setDocumentEdited?.(this.dirty);
  }
}
