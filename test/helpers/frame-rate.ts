// Frame rate of a page, counted in the page with requestAnimationFrame: the UI benchmarks' one
// sampling loop, for an idle page and for one driven by a script each frame (scrubbing, say).
import type { Page } from '@playwright/test';

export interface FrameRate {
  /** Frames painted per second over the measurement. */
  fps: number;
  /** The longest time between two frames, in ms. */
  worstFrameMs: number;
}

/**
 * Frames the page paints per second over `ms` (ms of the page's clock). With `drive`, the body of
 * a function of `frame` (the frame's number from 1) run in the page once per frame, before the
 * next is asked for: the benchmark's own text, never input from elsewhere.
 */
export function measureFps(page: Page, ms: number, drive = ''): Promise<FrameRate> {
  return page.evaluate(([duration, body]) => new Promise<FrameRate>((resolve) => {
    // Runs in the page (this file is typechecked without DOM types).
    const requestAnimationFrame = (globalThis as unknown as { requestAnimationFrame(callback: (now: number) => void): void }).requestAnimationFrame;
    // eslint-disable-next-line no-new-func -- the driver is the benchmark's own text
    const step = body ? (new Function('frame', body) as (frame: number) => void) : undefined;
    let frames = 0;
    let worst = 0;
    const start = performance.now();
    let last = start;
    const tick = (now: number) => {
      frames++;
      worst = Math.max(worst, now - last);
      last = now;
      step?.(frames);
      if (now - start < duration) requestAnimationFrame(tick);
      else resolve({ fps: (frames * 1000) / (now - start), worstFrameMs: worst });
    };
    requestAnimationFrame(tick);
  }), [ms, drive] as const);
}
