/** What the palette offers for the canvas, and how each kind looks. */
import type { ObjectKindName } from '../../model/doc';

export type PaletteKind = 'process' | ObjectKindName;

export const NODE_KINDS: { kind: PaletteKind; title: string; glyph: string; hint: string }[] = [
  { kind: 'process', title: 'Process', glyph: '⚙', hint: 'A real OS process running a program of steps' },
  { kind: 'shm', title: 'Shared memory', glyph: '▦', hint: 'A segment several processes attach (System V or POSIX)' },
  { kind: 'pipe', title: 'Pipe', glyph: '⇉', hint: 'An anonymous byte stream, inherited by children' },
  { kind: 'fifo', title: 'FIFO', glyph: '⇶', hint: 'A named pipe: unrelated processes open it by path' },
  { kind: 'mailbox', title: 'Mailbox', glyph: '✉', hint: 'A message queue (POSIX or System V)' },
  { kind: 'semaphore', title: 'Semaphore', glyph: '⚑', hint: 'A counter processes wait on and post' },
  { kind: 'socket', title: 'Socket', glyph: '⇄', hint: 'An address processes bind, connect and send to (Unix or TCP/UDP)' },
];

export const kindColor = (kind: string) => `var(--k-${kind})`;
export const kindGlyph = (kind: string) => NODE_KINDS.find((k) => k.kind === kind)?.glyph ?? '?';
export const kindTitle = (kind: string) => NODE_KINDS.find((k) => k.kind === kind)?.title ?? kind;

export const DND_TYPE = 'application/x-process-lab-node';
