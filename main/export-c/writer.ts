// Text plumbing of the C export: an indenting line writer that remembers which lines each step
// became (the "Show as C" panel highlights them), C identifiers made from scenario ids, and C
// literals for strings, bytes and typed numbers. Pure: no Node imports (the renderer uses it).
import type { ValueType } from '../scenario/values';

/** The lines one step became, 1-based and inclusive. */
export interface CBlock {
  process: string;
  /** Index path of the step, as in step events ([3, 0] inside a repeat or handler). */
  index: number[];
  startLine: number;
  endLine: number;
}

export class CWriter {
  readonly lines: string[] = [];
  readonly blocks: CBlock[] = [];
  private depth = 0;

  line(text = ''): void {
    for (const part of text.split('\n')) this.lines.push(part === '' ? '' : '    '.repeat(this.depth) + part);
  }

  /** `head {`, the body indented, `}`. */
  braces(head: string, body: () => void, tail = ''): void {
    this.line(head === '' ? '{' : `${head} {`);
    this.depth++;
    body();
    this.depth--;
    this.line(`}${tail}`);
  }

  /** The next line's number (1-based). */
  get next(): number {
    return this.lines.length + 1;
  }

  /** Records the lines `body` writes as the block of a step. */
  block(process: string, index: number[], body: () => void): void {
    const startLine = this.next;
    body();
    this.blocks.push({ process, index: [...index], startLine, endLine: this.lines.length });
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }
}

/** C identifiers for scenario ids: ids may hold '-', and two ids may clean up to the same name. */
export class CNames {
  private readonly byId = new Map<string, string>();
  private readonly taken = new Set<string>();

  ident(id: string): string {
    let name = this.byId.get(id);
    if (name !== undefined) return name;
    const base = id.replace(/[^A-Za-z0-9_]/g, '_');
    name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}_${n}`;
    this.taken.add(name);
    this.byId.set(id, name);
    return name;
  }
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A C string literal of exact bytes: octal escapes keep any byte, `\?` keeps trigraphs away. */
export function cBytesLiteral(bytes: Uint8Array | readonly number[]): string {
  let out = '"';
  let previous = -1;
  for (const byte of bytes) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x0d) out += '\\r';
    else if (byte === 0x3f && previous === 0x3f) out += '\\?';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
    previous = byte;
  }
  return `${out}"`;
}

export function cStringLiteral(text: string): string {
  return cBytesLiteral(utf8(text));
}

/** Text safe inside a C block comment. */
export function commentText(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/[\r\n]+/g, ' ');
}

/** A number as a C constant of a value type. */
export function cNumber(value: number, type: ValueType): string {
  switch (type) {
    case 'f64': {
      const text = String(value);
      return /[.eE]|Infinity|NaN/.test(text) ? text : `${text}.0`;
    }
    case 'i64':
      return `INT64_C(${Math.trunc(value)})`;
    case 'u32':
      return `${Math.trunc(value) >>> 0}u`;
    default:
      return String(Math.trunc(value));
  }
}
