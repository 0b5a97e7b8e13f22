// The timeline's window on time: zoom around a point, pan, fit the run, keep a cursor in view,
// and the mouse and keyboard gestures that drive them (wheel zooms, Shift+wheel and drag pan,
// + - 0 arrows Home End on the focused canvas).
import { reactive, ref } from 'vue';
import { GUTTER, type TimelineView, tOf } from '../components/panels/timelineDraw';

/**
 * `width()`: the canvas's CSS width now; `extent()`: the first and last times (ns) worth showing
 * (the processes' first and last events: the engine's set-up and clean-up around them are not).
 */
export function useTimelineView(width: () => number, extent: () => [number, number]) {
  const view = reactive<TimelineView>({ start: 0, nsPerPx: 100_000 });
  /** Keep the newest events in view while a run goes on; any zoom or pan by the user stops it. */
  const follow = ref(true);
  const visibleNs = () => Math.max(50, width() - GUTTER - 24) * view.nsPerPx;

  function fit(): void {
    const [first, last] = extent();
    const span = Math.max(last - first, 1_000_000);
    view.nsPerPx = (span * 1.08) / Math.max(50, width() - GUTTER - 24);
    view.start = Math.max(0, first - span * 0.04);
  }
  /** factor < 1 zooms in; `anchorX` (CSS px) stays on the same instant. */
  function zoom(factor: number, anchorX = (width() + GUTTER) / 2): void {
    const anchorT = tOf(anchorX, view);
    view.nsPerPx = Math.min(1e9, Math.max(1, view.nsPerPx * factor));
    view.start = anchorT - (anchorX - GUTTER) * view.nsPerPx;
    follow.value = false;
  }
  function pan(px: number): void {
    view.start += px * view.nsPerPx;
    follow.value = false;
  }
  /** Pans just enough that `t` is in view, with a margin (replay and stepping move the cursor). */
  function reveal(t: number): void {
    const span = visibleNs();
    if (t < view.start || t > view.start + span) view.start = Math.max(0, t - span * 0.3);
  }
  /** A live run grew to `t`: show it, fitting short runs whole. */
  function followTo(t: number): void {
    if (!follow.value) return;
    const span = visibleNs();
    if (t <= view.start + span) return;
    if (t - extent()[0] < 5e9) fit();
    else view.start = Math.max(0, t - span * 0.9);
  }

  function onWheel(event: WheelEvent, x: number): void {
    event.preventDefault();
    const sideways = event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY);
    if (sideways) pan(event.shiftKey && !event.deltaX ? event.deltaY : event.deltaX);
    else zoom(event.deltaY > 0 ? 1.25 : 0.8, x);
  }
  let dragFrom: number | null = null;
  let dragged = false;
  function onDown(event: PointerEvent): void {
    dragFrom = event.clientX;
    dragged = false;
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
  }
  function onDrag(event: PointerEvent): void {
    if (dragFrom === null || !(event.buttons & 1)) return;
    if (Math.abs(dragFrom - event.clientX) > 0) dragged = true;
    pan(dragFrom - event.clientX);
    dragFrom = event.clientX;
  }
  /** True when the pointer went up after a drag (the click that follows is not a selection). */
  function onUp(): boolean {
    dragFrom = null;
    const was = dragged;
    dragged = false;
    return was;
  }
  function onKey(event: KeyboardEvent): void {
    const actions: Record<string, () => void> = {
      ArrowLeft: () => pan(-80), ArrowRight: () => pan(80), '+': () => zoom(0.8), '=': () => zoom(0.8), '-': () => zoom(1.25), '0': fit,
      Home: () => pan(-view.start / view.nsPerPx), End: () => pan((extent()[1] - view.start - visibleNs() * 0.9) / view.nsPerPx),
    };
    const action = actions[event.key];
    if (action && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      action();
    }
  }

  return { view, follow, fit, zoom, pan, reveal, followTo, onWheel, onDown, onDrag, onUp, onKey };
}
