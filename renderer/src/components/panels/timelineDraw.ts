/**
 * Draws the visible window of a timeline on a 2D canvas. Only what is inside the window is
 * touched (binary search on sorted marks, spans and arrows), and at most one mark per lane
 * per pixel is drawn, so the cost depends on the window's width, not the run's length. Words
 * (step names, payloads on arrows, span names) are 11 px at least and placed by placeLabels
 * so that none overlaps another.
 */
import { escapeControls } from '@scenario/display-text';
import { type Arrow, type Mark, type Span, type TimelineModel, visibleRange } from '../../model/timelineModel';
import { type LabelCandidate, placeLabels } from '../../model/timelineLabels';

export interface TimelineView { start: number; nsPerPx: number }
export interface Palette { text: string; muted: string; border: string; panel: string; accent: string; ok: string; danger: string; warn: string; data: string; message: string; signal: string; spawn: string; handler: string }

export const GUTTER = 120;
export const AXIS = 22;
export const LANE = 54;
/** The smallest text the timeline draws (px): issue 15 asks for 11 at the default zoom. */
const LABEL_PX = 11;
const LABEL_FONT = `${LABEL_PX}px system-ui, sans-serif`;
const LABEL_H = LABEL_PX + 4;
const LANE_FONT = '600 12px system-ui, sans-serif';

const laneY = (lane: number) => AXIS + lane * LANE + LANE / 2;
const xOf = (t: number, view: TimelineView) => GUTTER + (t - view.start) / view.nsPerPx;
export const tOf = (x: number, view: TimelineView) => view.start + (x - GUTTER) * view.nsPerPx;

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** A tick's time with as many decimals as the tick spacing needs ("26.15 ms", never "26.1 ms" twice). */
function axisText(t: number, step: number): string {
  if (t === 0) return '0';
  const [unit, name] = t >= 1e9 ? [1e9, 's'] : t >= 1e6 ? [1e6, 'ms'] : t >= 1e3 ? [1e3, 'µs'] : [1, 'ns'];
  const decimals = Math.max(0, Math.min(6, Math.ceil(Math.log10(unit / step) - 1e-9)));
  return `${(t / unit).toFixed(decimals)} ${name}`;
}

const arrowColor = (a: Arrow, p: Palette) => (a.kind === 'data' ? p.data : a.kind === 'message' ? p.message : a.kind === 'signal' ? p.signal : p.spawn);
const markColor = (m: Mark, p: Palette) => ({ start: p.ok, step: p.muted, error: p.danger, signal: p.signal, handler: p.handler, exit: p.text, output: p.accent, state: p.warn, gate: p.warn, breakpoint: p.danger, pending: p.signal })[m.kind];
/** Which words win a place first (lower first). */
const MARK_PRIORITY: Record<Mark['kind'], number> = { error: 0, breakpoint: 0, signal: 1, exit: 2, start: 2, step: 5, gate: 6, output: 6, handler: 6, state: 6, pending: 4 };

/** Text widths, measured once per string (labels repeat: "write", "read", "hello"). */
const widths = new Map<string, number>();
function textWidth(ctx: CanvasRenderingContext2D, text: string): number {
  let width = widths.get(text);
  if (width === undefined) {
    if (widths.size > 5000) widths.clear();
    width = Math.ceil(ctx.measureText(text).width);
    widths.set(text, width);
  }
  return width;
}

/** A diagonal hatch for held-at-gate spans: the lab's doing, unlike a blocked call (a solid fill). */
const hatches = new Map<string, CanvasPattern | null>();
function hatch(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | string {
  if (!hatches.has(color)) {
    const tile = document.createElement('canvas');
    tile.width = tile.height = 8;
    const t = tile.getContext('2d')!;
    t.strokeStyle = color;
    t.lineWidth = 2;
    t.beginPath();
    t.moveTo(-2, 10);
    t.lineTo(10, -2);
    t.moveTo(-2, 2);
    t.lineTo(2, -2);
    t.moveTo(6, 10);
    t.lineTo(10, 6);
    t.stroke();
    hatches.set(color, ctx.createPattern(tile, 'repeat'));
  }
  return hatches.get(color) ?? color;
}

type Label = { kind: 'mark'; mark: Mark } | { kind: 'arrow'; arrow: Arrow } | { kind: 'span'; span: Span };

function drawSpan(ctx: CanvasRenderingContext2D, s: Span, xa: number, xb: number, p: Palette): void {
  const y = laneY(s.lane);
  if (s.kind === 'alive') {
    ctx.fillStyle = p.border;
    ctx.fillRect(xa, y - 1, xb - xa, 2);
    return;
  }
  if (s.kind === 'pending') {
    // A strip along the top of the lane: it can overlap a blocked or stopped stretch below it.
    ctx.fillStyle = p.signal;
    ctx.globalAlpha = 0.7;
    ctx.fillRect(xa, y - 13, xb - xa, 4);
    ctx.globalAlpha = 1;
    return;
  }
  if (s.kind === 'gate') {
    ctx.fillStyle = hatch(ctx, p.warn);
    ctx.fillRect(xa, y - 8, xb - xa, 16);
    ctx.strokeStyle = p.warn;
    ctx.setLineDash([3, 2]);
    ctx.strokeRect(xa + 0.5, y - 7.5, Math.max(0, xb - xa - 1), 15);
    ctx.setLineDash([]);
    return;
  }
  ctx.fillStyle = s.kind === 'blocked' ? p.accent : s.kind === 'stopped' ? p.warn : p.handler;
  ctx.globalAlpha = s.kind === 'blocked' ? 0.3 : 0.45;
  ctx.fillRect(xa, y - 8, xb - xa, 16);
  ctx.globalAlpha = 1;
  if (s.kind === 'blocked') {
    ctx.strokeStyle = p.accent;
    ctx.strokeRect(xa + 0.5, y - 7.5, Math.max(0, xb - xa - 1), 15);
  }
}

function drawArrow(ctx: CanvasRenderingContext2D, a: Arrow, xa: number, xb: number, p: Palette): void {
  const ya = laneY(a.lane0);
  const yb = laneY(a.lane1);
  ctx.strokeStyle = arrowColor(a, p);
  ctx.fillStyle = ctx.strokeStyle;
  ctx.lineWidth = 1.5;
  ctx.setLineDash(a.kind === 'signal' || a.kind === 'spawn' || a.kind === 'exit' ? [4, 3] : []);
  ctx.beginPath();
  ctx.moveTo(xa, ya);
  ctx.lineTo(xb, yb);
  ctx.stroke();
  ctx.setLineDash([]);
  const angle = Math.atan2(yb - ya, xb - xa);
  ctx.beginPath();
  ctx.moveTo(xb, yb);
  ctx.lineTo(xb - 8 * Math.cos(angle - 0.4), yb - 8 * Math.sin(angle - 0.4));
  ctx.lineTo(xb - 8 * Math.cos(angle + 0.4), yb - 8 * Math.sin(angle + 0.4));
  ctx.fill();
}

function drawMark(ctx: CanvasRenderingContext2D, m: Mark, x: number, p: Palette): void {
  const y = laneY(m.lane);
  ctx.fillStyle = markColor(m, p);
  if (m.kind === 'exit') ctx.fillRect(x - 4, y - 4, 8, 8);
  else if (m.kind === 'start') {
    ctx.beginPath();
    ctx.arc(x, y, 5, 0, Math.PI * 2);
    ctx.fill();
  } else if (m.kind === 'pending') {
    // A hollow diamond on the pending strip: the kernel's pending set changed here.
    ctx.strokeStyle = markColor(m, p);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x, y - 16);
    ctx.lineTo(x + 4, y - 11);
    ctx.lineTo(x, y - 6);
    ctx.lineTo(x - 4, y - 11);
    ctx.closePath();
    ctx.stroke();
  } else if (m.kind === 'breakpoint') {
    ctx.beginPath();
    ctx.arc(x, y, 5, 0, Math.PI * 2);
    ctx.fill();
  } else {
    const tall = m.kind === 'error' || m.kind === 'signal';
    ctx.fillRect(x - 1, y - (tall ? 9 : 5), 2, tall ? 18 : 10);
  }
}

/**
 * Draws `model` in `view` on a canvas `width` x `height` CSS px; `cursorT`: the replay position
 * or the live run's latest event (ns), everything after it dimmed in replay (`dimAfter`).
 * Returns how many items it drew (for the benchmark's curiosity).
 */
export function drawTimeline(ctx: CanvasRenderingContext2D, model: TimelineModel, view: TimelineView, width: number, height: number, p: Palette, cursorT: number | null, hover: Mark | null, dimAfter = true): number {
  ctx.clearRect(0, 0, width, height);
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  const t0 = tOf(GUTTER, view);
  const t1 = tOf(width, view);
  let drawn = 0;

  // Time axis: one tick every 90 px or more, so its words never meet.
  ctx.font = LABEL_FONT;
  ctx.fillStyle = p.muted;
  ctx.strokeStyle = p.border;
  ctx.lineWidth = 1;
  const step = niceStep(view.nsPerPx * 90);
  for (let t = Math.ceil(Math.max(0, t0) / step) * step; t <= t1; t += step) {
    const x = Math.round(xOf(t, view)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, AXIS - 4);
    ctx.lineTo(x, height);
    ctx.globalAlpha = 0.35;
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.fillText(axisText(t, step), x + 3, 13);
  }

  // A word near an edge slides inside rather than being left out.
  const inside = (x: number, w: number) => Math.max(GUTTER + 2, Math.min(x, width - 2 - w));

  ctx.save();
  ctx.beginPath();
  ctx.rect(GUTTER, 0, width - GUTTER, height);
  ctx.clip();
  const candidates: LabelCandidate<Label>[] = [];

  const [s0, s1] = visibleRange(model.spans, t0, t1, (s) => s.t0, model.maxSpanNs);
  for (let i = s0; i < s1; i++) {
    const s = model.spans[i];
    if (s.t1 < t0) continue;
    const xa = Math.max(GUTTER - 2, xOf(s.t0, view));
    const xb = Math.min(width + 2, Math.max(xOf(s.t1, view), xa + 1));
    drawSpan(ctx, s, xa, xb, p);
    if (s.kind !== 'alive') {
      const w = textWidth(ctx, s.label);
      const left = Math.max(GUTTER + 2, xa + 4);
      const middle = { x: left, y: laneY(s.lane) - LABEL_H / 2 };
      // A pending set's words go above its strip first: the lane's middle may be a blocked call's.
      const places = s.kind === 'pending' ? [{ x: left, y: laneY(s.lane) - 13 - LABEL_H }, middle] : [middle];
      if (Math.min(width, xb) - left >= w + 4) candidates.push({ text: s.label, width: w, height: LABEL_H, priority: 3, places, item: { kind: 'span', span: s } });
    }
    drawn++;
  }

  const [a0, a1] = visibleRange(model.arrows, t0, t1, (a) => a.t0, model.maxArrowNs);
  let lastKey = '';
  for (let i = a0; i < a1; i++) {
    const a = model.arrows[i];
    if (a.t1 < t0) continue;
    const xa = xOf(a.t0, view);
    const xb = xOf(a.t1, view);
    const key = `${Math.round(xa)}:${Math.round(xb)}:${a.lane0}:${a.lane1}`;
    if (key === lastKey) continue;
    lastKey = key;
    drawArrow(ctx, a, xa, xb, p);
    if (a.kind !== 'spawn') {
      const w = textWidth(ctx, a.payload) + 6;
      const ya = laneY(a.lane0);
      const yb = laneY(a.lane1);
      // On the arrow's visible part at fraction f, or a label's height above (-1) or below (1) it.
      const fa = xb > xa ? Math.max(0, (GUTTER - xa) / (xb - xa)) : 0;
      const fb = xb > xa ? Math.min(1, (width - xa) / (xb - xa)) : 1;
      const at = (f: number, shift = 0) => {
        const g = fa + (fb - fa) * f;
        return { x: inside(xa + (xb - xa) * g - w / 2, w), y: ya + (yb - ya) * g - LABEL_H / 2 + shift * (LABEL_H + 1) };
      };
      candidates.push({ text: a.payload, width: w, height: LABEL_H, priority: a.kind === 'exit' ? 4 : 2, places: [at(0.5), at(0.5, -1), at(0.5, 1), at(0.3), at(0.7), at(0.15), at(0.85)], item: { kind: 'arrow', arrow: a } });
    }
    drawn++;
  }

  const [m0, m1] = visibleRange(model.marks, t0, t1, (m) => m.t);
  const lastX = new Map<number, number>();
  for (let i = m0; i < m1; i++) {
    const m = model.marks[i];
    const x = Math.round(xOf(m.t, view));
    if (lastX.get(m.lane) === x && m.kind !== 'error') continue;
    lastX.set(m.lane, x);
    drawMark(ctx, m, x, p);
    const w = textWidth(ctx, m.label);
    const y = laneY(m.lane);
    candidates.push({ text: m.label, width: w, height: LABEL_H, priority: MARK_PRIORITY[m.kind], places: [{ x: inside(x - w / 2, w), y: y - 10 - LABEL_H }, { x: inside(x - w / 2, w), y: y + 10 }], item: { kind: 'mark', mark: m } });
    drawn++;
  }

  // Words last, over the lines, each where nothing else is.
  const placed = placeLabels(candidates, { x: GUTTER + 2, y: AXIS, width: width - GUTTER - 4, height: height - AXIS });
  ctx.textBaseline = 'middle';
  for (const label of placed) {
    const item = label.item;
    if (item.kind === 'arrow') {
      ctx.fillStyle = p.panel;
      ctx.fillRect(label.x, label.y, label.width, label.height);
      ctx.strokeStyle = arrowColor(item.arrow, p);
      ctx.lineWidth = 1;
      ctx.strokeRect(label.x + 0.5, label.y + 0.5, label.width - 1, label.height - 1);
      ctx.fillStyle = p.text;
      ctx.fillText(escapeControls(label.text), label.x + 3, label.y + label.height / 2);
    } else {
      ctx.fillStyle = item.kind === 'mark' && item.mark.kind === 'error' ? p.danger : p.text;
      ctx.fillText(escapeControls(label.text), label.x, label.y + label.height / 2);
    }
  }
  ctx.textBaseline = 'alphabetic';

  if (hover) {
    ctx.strokeStyle = p.text;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(xOf(hover.t, view) - 5, laneY(hover.lane) - 10, 10, 20);
  }
  if (cursorT !== null) {
    const x = xOf(cursorT, view);
    if (dimAfter) {
      ctx.fillStyle = p.panel;
      ctx.globalAlpha = 0.6;
      ctx.fillRect(x, AXIS, width - x, height - AXIS);
      ctx.globalAlpha = 1;
    }
    ctx.fillStyle = p.danger;
    ctx.fillRect(x - 1, 0, 2, height);
  }
  ctx.restore();

  // Lane names in the gutter, over everything; a name too long is cut with an ellipsis, never squeezed.
  ctx.fillStyle = p.panel;
  ctx.fillRect(0, 0, GUTTER, height);
  ctx.strokeStyle = p.border;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(GUTTER - 0.5, 0);
  ctx.lineTo(GUTTER - 0.5, height);
  ctx.stroke();
  ctx.font = LANE_FONT;
  ctx.fillStyle = p.text;
  model.lanes.forEach((lane, index) => ctx.fillText(fitText(ctx, escapeControls(lane), GUTTER - 16), 8, laneY(index) + 4));
  return drawn + placed.length;
}

/** `text` cut with "…" to fit `max` px in the current font. */
function fitText(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let cut = text.length;
  while (cut > 1 && ctx.measureText(`${text.slice(0, cut)}…`).width > max) cut--;
  return `${text.slice(0, cut)}…`;
}

/** The lane under a y coordinate, or -1. */
/** The lane (index into model.lanes) at canvas height `y` (CSS px), or -1. */
export function laneAt(model: TimelineModel, y: number): number {
  const lane = Math.floor((y - AXIS) / LANE);
  return lane >= 0 && lane < model.lanes.length ? lane : -1;
}

/**
 * The marks under a point on one lane, within 6 px (CSS): those at the nearest mark's time,
 * every one of them when several share that time (a wait's return, the inferred SIGCHLD and the
 * child's exit often carry the same ns), in recording order; [] when none is near. Marks at
 * other times are left out, so the list is what the pointer is on, nearest first.
 */
export function hitMarks(model: TimelineModel, view: TimelineView, x: number, y: number): Mark[] {
  const lane = laneAt(model, y);
  if (lane < 0 || x < GUTTER) return [];
  const [m0, m1] = visibleRange(model.marks, tOf(x - 6, view), tOf(x + 6, view), (m) => m.t);
  let hits: Mark[] = [];
  let bestDistance = 7;
  for (let i = m0; i < m1; i++) {
    const m = model.marks[i];
    if (m.lane !== lane) continue;
    const distance = Math.abs(xOf(m.t, view) - x);
    if (hits.length && m.t === hits[0].t) hits.push(m);
    else if (distance < bestDistance) {
      hits = [m];
      bestDistance = distance;
    }
  }
  return hits;
}

/** The one mark a click on a point means: of the marks under it (hitMarks), the first that is a step's, else the first; null when none. */
export function hitMark(model: TimelineModel, view: TimelineView, x: number, y: number): Mark | null {
  const hits = hitMarks(model, view, x, y);
  return hits.find((m) => m.path) ?? hits[0] ?? null;
}
