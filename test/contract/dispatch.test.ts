import { describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES } from '../../main/contract';
import { createLab } from '../../main/engine/lab';

describe('the contract', () => {
  const lab = createLab({ frontDoor: 'cli' });

  it('lists the same methods in channels.ts (the preload allowlist) and methods.ts', () => {
    expect([...METHOD_NAMES].sort()).toEqual(Object.keys(contract).sort());
  });

  it('has a handler for every method, and nothing else', () => {
    expect(Object.keys(lab.handlers).sort()).toEqual([...METHOD_NAMES].sort());
    for (const name of METHOD_NAMES) expect(typeof lab.handlers[name]).toBe('function');
  });

  it('answers a valid call with a value', async () => {
    const result = await lab.call('app.info', {});
    expect(result).toMatchObject({ ok: true, value: { name: 'Process Lab', frontDoor: 'cli' } });
  });

  it('refuses a malformed argument with a clear error', async () => {
    const result = await lab.call('presets.get', { id: 42 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_ARGUMENT');
    expect(result.error.message).toContain('presets.get');
    expect(result.error.message).toContain('/id');
  });

  it('refuses unknown fields, non-objects and unknown methods', async () => {
    expect(await lab.call('presets.list', { extra: true })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await lab.call('presets.get', 'master-slave')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await lab.call('process.exit', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await lab.call({ toString: null }, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('reports a missing preset as NOT_FOUND, as data', async () => {
    expect(await lab.call('presets.get', { id: 'no-such-preset' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
