/**
 * Draws the visible window of a timeline on a 2D canvas. Only what is inside the window is
 * touched (binary search on sorted marks, spans and arrows), and at most one mark per lane
 * per pixel is drawn, so the cost depends on the window's width, not the run's length.
 */
import { formatNs } from '@contract/units';
import { type Arrow, type Mark, type TimelineModel, visibleRange } from '../../model/timelineModel';

export interface TimelineView { start: number; nsPerPx: number }
export interface Palette { text: string; muted: string; border: string; panel: string; accent: string; ok: string; danger: string; warn: string; data: string; message: string; signal: string; spawn: string; handler: string }

export const GUTTER = 120;
export const AXIS = 22;
export const LANE = 34;

const laneY = (lane: number) => AXIS + lane * LANE + LANE / 2;
const xOf = (t: number, view: TimelineView) => GUTTER + (t - view.start) / view.nsPerPx;
export const tOf = (x: number, view: TimelineView) => view.start + (x - GUTTER) * view.nsPerPx;

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

const arrowColor = (a: Arrow, p: Palette) => (a.kind === 'data' ? p.data : a.kind === 'message' ? p.message : a.kind === 'signal' ? p.signal : p.spawn);
const markColor = (m: Mark, p: Palette) => ({ start: p.ok, step: p.muted, error: p.danger, signal: p.signal, handler: p.handler, exit: p.text, output: p.accent, state: p.warn })[m.kind];

export function drawTimeline(ctx: CanvasRenderingContext2D, model: TimelineModel, view: TimelineView, width: number, height: number, p: Palette, cursorT: number | null, hover: Mark | null): number {
  ctx.clearRect(0, 0, width, height);
  const t0 = tOf(GUTTER, view);
  const t1 = tOf(width, view);
  let drawn = 0;

  // Time axis.
  ctx.font = '11px system-ui, sans-serif';
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
    ctx.fillText(formatNs(t), x + 3, 12);
  }

  ctx.save();
  ctx.beginPath();
  ctx.rect(GUTTER, 0, width - GUTTER, height);
  ctx.clip();

  // Lifelines and stretches.
  const [s0, s1] = visibleRange(model.spans, t0, t1, (s) => s.t0, model.maxSpanNs);
  for (let i = s0; i < s1; i++) {
    const s = model.spans[i];
    if (s.t1 < t0) continue;
    const xa = Math.max(GUTTER - 2, xOf(s.t0, view));
    const xb = Math.min(width + 2, Math.max(xOf(s.t1, view), xa + 1));
    const y = laneY(s.lane);
    if (s.kind === 'alive') {
      ctx.fillStyle = p.border;
      ctx.fillRect(xa, y - 1, xb - xa, 2);
    } else {
      ctx.fillStyle = s.kind === 'blocked' ? p.accent : s.kind === 'stopped' ? p.warn : p.handler;
      ctx.globalAlpha = s.kind === 'blocked' ? 0.28 : 0.45;
      ctx.fillRect(xa, y - 7, xb - xa, 14);
      ctx.globalAlpha = 1;
      if (xb - xa > 60) {
        ctx.fillStyle = p.text;
        ctx.fillText(s.kind === 'blocked' ? `blocked: ${s.label}` : s.label, xa + 4, y - 9, xb - xa - 8);
      }
    }
    drawn++;
  }

  // Arrows between lanes.
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
    drawn++;
  }

  // Marks: at most one per lane per pixel column.
  const [m0, m1] = visibleRange(model.marks, t0, t1, (m) => m.t);
  const lastX = new Map<number, number>();
  for (let i = m0; i < m1; i++) {
    const m = model.marks[i];
    const x = Math.round(xOf(m.t, view));
    if (lastX.get(m.lane) === x && m.kind !== 'error') continue;
    lastX.set(m.lane, x);
    const y = laneY(m.lane);
    ctx.fillStyle = markColor(m, p);
    if (m.kind === 'exit') ctx.fillRect(x - 4, y - 4, 8, 8);
    else if (m.kind === 'start') {
      ctx.beginPath();
      ctx.arc(x, y, 5, 0, Math.PI * 2);
      ctx.fill();
    } else {
      ctx.fillRect(x - 1, y - (m.kind === 'error' || m.kind === 'signal' ? 7 : 4), 2, m.kind === 'error' || m.kind === 'signal' ? 14 : 8);
    }
    drawn++;
  }
  if (hover) {
    ctx.strokeStyle = p.text;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(xOf(hover.t, view) - 5, laneY(hover.lane) - 8, 10, 16);
  }
  if (cursorT !== null) {
    const x = xOf(cursorT, view);
    ctx.fillStyle = p.panel;
    ctx.globalAlpha = 0.6;
    ctx.fillRect(x, AXIS, width - x, height - AXIS);
    ctx.globalAlpha = 1;
    ctx.fillStyle = p.danger;
    ctx.fillRect(x - 1, 0, 2, height);
  }
  ctx.restore();

  // Lane labels in the gutter, over everything.
  ctx.fillStyle = p.panel;
  ctx.fillRect(0, 0, GUTTER, height);
  ctx.strokeStyle = p.border;
  ctx.beginPath();
  ctx.moveTo(GUTTER - 0.5, 0);
  ctx.lineTo(GUTTER - 0.5, height);
  ctx.stroke();
  ctx.font = '600 12px system-ui, sans-serif';
  model.lanes.forEach((lane, index) => {
    ctx.fillStyle = p.text;
    ctx.fillText(lane, 8, laneY(index) + 4, GUTTER - 14);
  });
  return drawn;
}

/** The mark nearest to a point, within a few pixels. */
export function hitMark(model: TimelineModel, view: TimelineView, x: number, y: number): Mark | null {
  const lane = Math.floor((y - AXIS) / LANE);
  if (lane < 0 || lane >= model.lanes.length || x < GUTTER) return null;
  const [m0, m1] = visibleRange(model.marks, tOf(x - 6, view), tOf(x + 6, view), (m) => m.t);
  let best: Mark | null = null;
  let bestDistance = 7;
  for (let i = m0; i < m1; i++) {
    const m = model.marks[i];
    if (m.lane !== lane) continue;
    const distance = Math.abs(xOf(m.t, view) - x);
    if (distance < bestDistance) {
      best = m;
      bestDistance = distance;
    }
  }
  return best;
}
