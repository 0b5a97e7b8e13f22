// Waiting for a condition in a test (vitest or Playwright: no imports, so either can load it).

/**
 * Resolves once `condition()` holds, checked every 20 ms; throws "timed out waiting for WHAT"
 * after `ms` (a safety net for a test that would otherwise hang, never a timing assertion).
 */
export async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
