// The engine of one test file, with the leak check every engine test file makes: a snapshot of
// what the file's process holds before the engine exists, the engine disposed after the file's
// tests, then nothing left that the file made (leaks.ts looks only at the file's own objects).
import { afterAll, beforeAll } from 'vitest';
import { testEngine, type TestEngine } from '../engine/helpers';
import { assertNoLeaks, snapshot, type SystemSnapshot } from './leaks';

/**
 * Registers the beforeAll/afterAll of a test file's engine and returns it: its fields are read
 * when used, so they are valid inside the file's tests (the engine is made in beforeAll).
 * @throws Error when used outside the file's tests (before beforeAll ran)
 */
export function fileEngine(): TestEngine {
  let engine: TestEngine | undefined;
  let before: SystemSnapshot;
  beforeAll(() => {
    before = snapshot();
    engine = testEngine();
  });
  afterAll(async () => {
    await engine?.dispose();
    assertNoLeaks(before);
  });
  const current = (): TestEngine => {
    if (!engine) throw new Error('the file engine exists only inside the tests of its file');
    return engine;
  };
  return {
    get manager() {
      return current().manager;
    },
    get root() {
      return current().root;
    },
    get pushes() {
      return current().pushes;
    },
    dispose: () => current().dispose(),
  };
}
