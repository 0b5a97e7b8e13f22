// What the canvas's fit may do on each window size the e2e specs try (ui-canvas-readable.spec.ts
// and ui-layout.spec.ts): the fit never zooms below MIN_FIT_ZOOM, where node titles (14 px)
// would drop under 11 px. A preset too big for the canvas at that zoom is shown from its top
// and panned; these are the only presets allowed to be, per window size. Only two-hosts (seven
// nodes, five objects side by side) is that big, and only at 1280x800.

/** layout.ts MIN_FIT_ZOOM: the e2e specs read the page, not the renderer's modules. */
export const MIN_FIT_ZOOM = 0.8;

export const WINDOWS: readonly { width: number; height: number; panned: readonly string[] }[] = [
  { width: 1280, height: 800, panned: ['Two machines: what survives the move'] },
  { width: 1440, height: 900, panned: [] },
  { width: 1920, height: 1080, panned: [] },
];
