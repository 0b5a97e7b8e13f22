/** What the validator reports: one entry per problem, each at a JSON pointer. */

export type Severity = 'error' | 'warning';

export interface Problem {
  /** JSON pointer into the document, e.g. /processes/1/program/3/offset ('' is the whole document). */
  pointer: string;
  /** A plain sentence. */
  message: string;
  /** What to do about it, or the facts behind it ("M is 4096 bytes: the last i32 fits at offset 4092"). */
  hint?: string;
  /** Only errors block a run; warnings point at something that will fail or surprise at run time. */
  severity: Severity;
  /** A pitfall warning's source: the lecture point it comes from and the preset that shows it (pitfalls.ts). */
  lecture?: Lecture;
}

/** Where a pitfall is taught: a preset id and its lecture point in plain text. */
export interface Lecture {
  preset: string;
  point: string;
}

export function error(pointer: string, message: string, hint?: string): Problem {
  return hint === undefined ? { pointer, message, severity: 'error' } : { pointer, message, hint, severity: 'error' };
}

export function warning(pointer: string, message: string, hint?: string): Problem {
  return hint === undefined ? { pointer, message, severity: 'warning' } : { pointer, message, hint, severity: 'warning' };
}

/** Plain words for a value the user wrote, for "must be X, not Y" sentences. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 24 ? `${value.slice(0, 24)}…` : value;
    return `the text ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Levenshtein distance, for "did you mean" hints on short names. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The closest candidate within a small distance (a typo), case-insensitively. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return bestDistance <= allowed ? best : undefined;
}
