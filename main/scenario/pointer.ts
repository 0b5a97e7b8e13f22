/** JSON pointers (RFC 6901) for problems: /processes/1/program/3/offset. */

export type PathSegment = string | number;

export function escapeSegment(segment: PathSegment): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function toPointer(path: readonly PathSegment[]): string {
  let pointer = '';
  for (const segment of path) pointer += `/${escapeSegment(segment)}`;
  return pointer;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Document order: numeric segments compare as numbers, so /processes/2 comes before /processes/10. */
export function comparePointers(a: string, b: string): number {
  const left = parsePointer(a);
  const right = parsePointer(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    if (left[i] === right[i]) continue;
    const l = Number(left[i]);
    const r = Number(right[i]);
    if (/^\d+$/.test(left[i]) && /^\d+$/.test(right[i])) return l - r;
    return left[i] < right[i] ? -1 : 1;
  }
  return left.length - right.length;
}
