// What the timeline's canvas really drew, for Playwright specs: every fillText of the last frame
// with its font size in CSS px and its box. Install recordCanvasText with page.addInitScript.
import type { Page } from '@playwright/test';

export interface DrawnText { text: string; px: number; x: number; y: number; left: number; top: number; width: number; height: number; squeezed: boolean }

/**
 * Records every fillText on the timeline's canvas since its last full clear (one frame): the
 * text, its font size in CSS px (font size times the canvas transform over the device pixel
 * ratio) and its box as measureText gives it.
 */
export function recordCanvasText(): void {
  const frames = new WeakMap<HTMLCanvasElement, DrawnText[]>();
  (window as unknown as { timelineText: () => DrawnText[] }).timelineText = () => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="timeline"]');
    return canvas ? frames.get(canvas) ?? [] : [];
  };
  const proto = CanvasRenderingContext2D.prototype;
  const clearRect = proto.clearRect;
  proto.clearRect = function (x, y, w, h) {
    if (this.canvas.dataset.testid === 'timeline' && x === 0 && y === 0) frames.set(this.canvas, []);
    return clearRect.call(this, x, y, w, h);
  };
  const fillText = proto.fillText;
  proto.fillText = function (text, x, y, maxWidth) {
    if (this.canvas.dataset.testid === 'timeline') {
      const m = this.measureText(text);
      const scale = this.getTransform().a / (window.devicePixelRatio || 1);
      const px = Number(/([\d.]+)px/.exec(this.font)![1]) * scale;
      const left = this.textAlign === 'center' ? x - m.width / 2 : this.textAlign === 'right' || this.textAlign === 'end' ? x - m.width : x;
      frames.get(this.canvas)?.push({
        text, px, x, y, left, top: y - m.actualBoundingBoxAscent, width: m.width, height: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent, squeezed: maxWidth !== undefined,
      });
    }
    return fillText.call(this, text, x, y, maxWidth);
  };
}

export const drawnText = (page: Page) => page.evaluate(() => (window as unknown as { timelineText: () => DrawnText[] }).timelineText());

/** Where time `t` (ns) is on the canvas now, in CSS px from its left (the view it says it shows; gutter 120 px). */
export async function xOfTime(page: Page, t: number): Promise<number> {
  const canvas = page.getByTestId('timeline');
  const start = Number(await canvas.getAttribute('data-view-start'));
  const nsPerPx = Number(await canvas.getAttribute('data-ns-per-px'));
  return 120 + (t - start) / nsPerPx;
}

/**
 * Zooms in with the mouse wheel, a notch at a time, with the pointer on time `t` (which stays
 * under it), until `done` says the drawn words are enough (a real run's calls can be
 * microseconds apart). Returns the last frame's words.
 */
export async function zoomAt(page: Page, t: number, done: (texts: DrawnText[]) => boolean): Promise<DrawnText[]> {
  const box = (await page.getByTestId('timeline').boundingBox())!;
  let texts = await drawnText(page);
  for (let notch = 0; notch < 30 && !done(texts); notch++) {
    await page.mouse.move(box.x + (await xOfTime(page, t)), box.y + 30);
    await page.mouse.wheel(0, -100);
    await page.waitForTimeout(60);
    texts = await drawnText(page);
  }
  return texts;
}
