/**
 * A panel edge the user drags (or moves with the arrow keys) to resize a panel. Returns the
 * handlers for an element with role="separator".
 */
export function useSplitter(options: {
  get: () => number;
  set: (size: number) => void;
  min: number;
  max: () => number;
  /** +1 when dragging right/down grows the panel, -1 when it shrinks it. */
  direction: 1 | -1;
  axis: 'x' | 'y';
}) {
  const clamp = (size: number) => Math.max(options.min, Math.min(options.max(), size));
  function onPointerDown(event: PointerEvent): void {
    const target = event.currentTarget as HTMLElement;
    target.setPointerCapture(event.pointerId);
    const start = options.axis === 'x' ? event.clientX : event.clientY;
    const initial = options.get();
    const move = (e: PointerEvent) => {
      const now = options.axis === 'x' ? e.clientX : e.clientY;
      options.set(clamp(initial + options.direction * (now - start)));
    };
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  }
  function onKeyDown(event: KeyboardEvent): void {
    const grow = options.axis === 'x' ? ['ArrowRight', 'ArrowLeft'] : ['ArrowDown', 'ArrowUp'];
    const index = grow.indexOf(event.key);
    if (index < 0) return;
    event.preventDefault();
    const step = event.shiftKey ? 60 : 16;
    options.set(clamp(options.get() + (index === 0 ? 1 : -1) * options.direction * step));
  }
  return { onPointerDown, onKeyDown };
}
