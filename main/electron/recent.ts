// The recent-documents list, kept by the shell in userData/recent-documents.json: Linux has no
// system list to read back (app.addRecentDocument only feeds macOS's and Windows' own menus).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';

export const RECENT_LIMIT = 10;

export class RecentDocuments {
  private paths: string[];

  constructor(private readonly file: string) {
    this.paths = RecentDocuments.load(file);
  }

  /** Most recent first. */
  list(): string[] {
    return [...this.paths];
  }

  add(path: string): void {
    this.paths = [path, ...this.paths.filter((p) => p !== path)].slice(0, RECENT_LIMIT);
    this.save();
  }

  remove(path: string): void {
    const before = this.paths.length;
    this.paths = this.paths.filter((p) => p !== path);
    if (this.paths.length !== before) this.save();
  }

  clear(): void {
    this.paths = [];
    this.save();
  }

  /** A missing or damaged file is an empty list: the list is a convenience, never a reason to fail. */
  private static load(file: string): string[] {
    try {
      const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (!Array.isArray(data)) return [];
      return data.filter((p): p is string => typeof p === 'string' && isAbsolute(p)).slice(0, RECENT_LIMIT);
    } catch {
      return [];
    }
  }

  private save(): void {
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(`${this.file}.tmp`, JSON.stringify(this.paths, null, 2));
      renameSync(`${this.file}.tmp`, this.file);
    } catch (error) {
      console.warn(`Process Lab: could not save the recent documents (${(error as Error).message}).`);
    }
  }
}
