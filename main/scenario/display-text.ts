// User-supplied text (titles, names, ids, log lines, console text, run names) shown to a person,
// in the terminal (cli/timeline.ts) and in the GUI (renderer): one function for both, so a shared
// .lab.json can neither send terminal escape sequences nor reorder what is shown with bidi
// controls (U+202E turns "evil" into "live").

/** C0 and C1 controls except tab and newline, DEL, and the bidi marks, embeddings, overrides and isolates. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control character and bidi control written visibly as an escape: `\x1b`
 * for ESC (code points up to U+00FF), `\u202e` for RIGHT-TO-LEFT OVERRIDE. Tab and newline are
 * kept (callers split lines themselves). Never throws.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Whether `text` holds a character escapeControls would escape (tab and newline excepted). */
export function hasControls(text: string): boolean {
  return new RegExp(CONTROLS.source).test(text);
}
