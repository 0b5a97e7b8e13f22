// Documents on disk, for the desktop app only: native open/save dialogs, the recent list and the
// document's unsaved state (the shell asks before closing a dirty window). The engine answers
// UNAVAILABLE in browser mode and the CLI; main/electron/files.ts implements them. The renderer
// never names an arbitrary path: files.read accepts only paths the user picked (dialog, recent
// list, command line, file manager), and a save without a dialog only to such a path.
import { z } from 'zod';

/** A scenario is a small JSON document; anything larger is refused rather than read. */
export const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

const path = z.string().min(1).max(4096);
const text = z.string().max(DOCUMENT_MAX_BYTES);

export const filesMethods = {
  'files.openDialog': {
    args: z.object({}).strict(),
    /** null: the user cancelled. */
    result: z.object({ path: z.string(), text: z.string() }).nullable(),
  },
  'files.saveDialog': {
    args: z
      .object({
        text,
        /** The file name the dialog proposes ("producer-consumer.lab.json", "scenario.c"). */
        suggestedName: z.string().min(1).max(255),
        /** Save to this file without a dialog; only a path the user picked before. */
        path: path.optional(),
      })
      .strict(),
    result: z.object({ path: z.string() }).nullable(),
  },
  'files.recent': { args: z.object({}).strict(), result: z.array(z.string()) },
  'files.read': { args: z.object({ path }).strict(), result: z.object({ text: z.string() }) },
  'document.setDirty': {
    args: z.object({ dirty: z.boolean(), title: z.string().max(200).optional() }).strict(),
    result: z.object({}),
  },
} as const;
