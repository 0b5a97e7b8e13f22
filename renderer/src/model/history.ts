/**
 * Undo and redo by snapshots. A scenario is small (at most 4 MiB, usually a few KiB), so a
 * structured clone per edit is simpler and safer than inverse operations. Edits that come
 * in bursts (typing in a field, nudging a node) coalesce into one entry by key.
 */
export interface HistoryEntry<T> {
  snapshot: T;
  label: string;
}

export class SnapshotHistory<T> {
  private past: HistoryEntry<T>[] = [];
  private future: HistoryEntry<T>[] = [];
  private lastKey: string | undefined;
  private lastAt = 0;

  constructor(private readonly limit = 200, private readonly coalesceMs = 1200) {}

  /** Records the state before an edit. Returns false when it merged into the previous entry. */
  record(before: T, label: string, coalesceKey?: string, now = Date.now()): boolean {
    this.future = [];
    if (coalesceKey && coalesceKey === this.lastKey && now - this.lastAt < this.coalesceMs) {
      this.lastAt = now;
      return false;
    }
    this.past.push({ snapshot: structuredClone(before), label });
    if (this.past.length > this.limit) this.past.shift();
    this.lastKey = coalesceKey;
    this.lastAt = now;
    return true;
  }

  undo(current: T): HistoryEntry<T> | undefined {
    const entry = this.past.pop();
    if (!entry) return undefined;
    this.future.push({ snapshot: structuredClone(current), label: entry.label });
    this.lastKey = undefined;
    return entry;
  }

  redo(current: T): HistoryEntry<T> | undefined {
    const entry = this.future.pop();
    if (!entry) return undefined;
    this.past.push({ snapshot: structuredClone(current), label: entry.label });
    this.lastKey = undefined;
    return entry;
  }

  /** Ends coalescing: the next edit gets its own entry even with the same key. */
  seal(): void {
    this.lastKey = undefined;
  }

  clear(): void {
    this.past = [];
    this.future = [];
    this.lastKey = undefined;
  }

  get undoLabel(): string | undefined {
    return this.past[this.past.length - 1]?.label;
  }
  get redoLabel(): string | undefined {
    return this.future[this.future.length - 1]?.label;
  }
}
