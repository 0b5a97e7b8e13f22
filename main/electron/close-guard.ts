// The unsaved-changes prompt. The renderer reports whether its document is dirty
// (document.setDirty); closing a dirty window asks Save / Don't Save / Cancel. "Save" asks the
// renderer to save (menu command file.save with closeAfter) and closes when it reports the
// document clean; if it reports dirty again (the user cancelled the save dialog) the window stays.
export type UnsavedChoice = 'save' | 'discard' | 'cancel';

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

  /** Quit without asking (SIGTERM, SIGINT: the session is ending and nobody can answer). */
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
        else if (choice === 'save') {
          this.waitingForSave = true;
          this.deps.requestSave();
        } else this.deps.decided?.(false);
      });
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
