/**
 * Opening and saving .lab.json files. One small port with a browser implementation (a file
 * picker and a download); the Electron shell will bring native dialogs behind the same port.
 */
import { downloadText } from './downloadText';

interface OpenedFile { name: string; text: string }

export interface FilePort {
  /** Asks the user for a file; null when they cancel. */
  open(): Promise<OpenedFile | null>;
  /** Saves under a suggested name; returns the name used, or null when cancelled. */
  save(suggestedName: string, text: string): Promise<string | null>;
}

const SCENARIO_EXTENSION = '.lab.json';

export function scenarioFileName(title: string): string {
  const base = title.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario';
  return `${base}${SCENARIO_EXTENSION}`;
}

export function browserFiles(doc: Document = document): FilePort {
  return {
    open() {
      return new Promise((resolve) => {
        const input = doc.createElement('input');
        input.type = 'file';
        input.accept = '.json,.lab.json,application/json';
        input.setAttribute('aria-label', 'Scenario file');
        input.style.display = 'none';
        const done = (result: OpenedFile | null) => {
          input.remove();
          resolve(result);
        };
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          if (!file) return done(null);
          file.text().then((text) => done({ name: file.name, text }), () => done(null));
        });
        input.addEventListener('cancel', () => done(null));
        doc.body.appendChild(input);
        input.click();
      });
    },
    async save(suggestedName, text) {
      downloadText(suggestedName, text, 'application/json', doc);
      return suggestedName;
    },
  };
}

let port: FilePort | undefined;

/** The file port of this window (the browser one until the Electron shell provides its own). */
export function useFiles(): FilePort {
  port ??= browserFiles();
  return port;
}

/** Tests and the Electron shell replace the port. */
export function setFilePort(next: FilePort | undefined): void {
  port = next;
}
