/**
 * Window-wide keyboard shortcuts. Keys typed into a text field stay the field's (Ctrl+Z
 * there undoes typing), except the file and run commands, which work everywhere.
 */
import { onBeforeUnmount, onMounted } from 'vue';

export interface Shortcut {
  keys: string;
  /** What the shortcuts dialog says. */
  does: string;
  match: (event: KeyboardEvent) => boolean;
  run: (event: KeyboardEvent) => void;
  /** Also when focus is in a text field. */
  global?: boolean;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;

export const isTyping = (target: EventTarget | null): boolean => {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
};

export function key(k: string, opts: { ctrl?: boolean; shift?: boolean } = {}) {
  return (e: KeyboardEvent) => e.key.toLowerCase() === k.toLowerCase() && mod(e) === !!opts.ctrl && (opts.shift === undefined || e.shiftKey === opts.shift);
}

export function useShortcuts(list: () => Shortcut[]): void {
  function onKeyDown(event: KeyboardEvent): void {
    const typing = isTyping(event.target);
    for (const shortcut of list()) {
      if (typing && !shortcut.global) continue;
      if (shortcut.match(event)) {
        event.preventDefault();
        shortcut.run(event);
        return;
      }
    }
  }
  onMounted(() => window.addEventListener('keydown', onKeyDown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeyDown));
}
