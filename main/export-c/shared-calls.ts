// The C functions the lab process itself runs for some ops (native/src/core/*_calls.h), copied
// as text into the exported program that uses them: the exporter writes a call to the very code
// the lab runs instead of its own version of it, so the two cannot disagree. The file is read at
// build time (Vite's ?raw import, no Node at run time: the renderer runs the exporter too); each
// function is the text from its "plab-export NAME" comment line to the next lone closing brace.
import SHM_CALLS from '../../native/src/core/shm_calls.h?raw';
import type { CHelper } from './prelude';

const MARK = /^\/\* plab-export (\w+) \*\/$/;

/** The functions of one *_calls.h file, in file order, as helpers with no other helper used. */
function helpersOf(text: string): CHelper[] {
  const helpers: CHelper[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const name = MARK.exec(lines[i])?.[1];
    if (!name) continue;
    const end = lines.indexOf('}', i);
    if (end < 0) throw new Error(`shared C function ${name} has no closing brace`);
    helpers.push({ name, uses: [], code: lines.slice(i + 1, end + 1).join('\n') });
    i = end;
  }
  return helpers;
}

/** Shared memory's calls (core/shm_calls.h). */
export const SHARED_CALLS: readonly CHelper[] = helpersOf(SHM_CALLS);
