// The foundation's feature through the whole chain: engine -> WebSocket -> Vue page.
import { fileURLToPath } from 'node:url';
import { expect, test } from './support/lab-server';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

test('the page lists the shipped presets at start', async ({ page, labServer }) => {
  await page.goto(labServer.url);
  const list = page.getByRole('list', { name: 'Presets' });
  await expect(list).toBeVisible();
  await expect(list.getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Process Lab' })).toBeVisible();
  await page.screenshot({ path: `${artifacts}presets.png`, fullPage: true });
});

test('the same URL without its token is refused', async ({ page, labServer }) => {
  const response = await page.goto(labServer.origin + '/');
  expect(response?.status()).toBe(401);
  const wrong = await page.goto(labServer.origin + '/?token=not-the-token');
  expect(wrong?.status()).toBe(403);
});
