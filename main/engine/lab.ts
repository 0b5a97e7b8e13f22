// The engine as one object: every contract method's handler. No Electron, no sockets:
// the front doors (main/electron, main/server, main/cli) are thin adapters over this.
import { LabFailure } from '../contract';
import { presets } from '../presets';
import { dispatch, type CallContext, type Handlers } from './dispatch';
import { APP_NAME, APP_VERSION } from './version';

export interface LabOptions {
  frontDoor: CallContext['frontDoor'];
}

export interface Lab {
  handlers: Handlers;
  /** Validates and runs one call; never throws. */
  call(method: unknown, args: unknown): ReturnType<typeof dispatch>;
  close(): Promise<void>;
}

export function createLab(options: LabOptions): Lab {
  const handlers: Handlers = {
    'app.info': () => ({
      name: APP_NAME,
      version: APP_VERSION,
      platform: process.platform,
      frontDoor: options.frontDoor,
    }),
    'presets.list': () => presets().map(({ id, title, description }) => ({ id, title, description })),
    'presets.get': ({ id }) => {
      const preset = presets().find((p) => p.id === id);
      if (!preset) throw new LabFailure('NOT_FOUND', `No preset named "${id}".`);
      return { id: preset.id, scenario: preset.scenario as Record<string, unknown> };
    },
  };
  const context: CallContext = { frontDoor: options.frontDoor };
  return {
    handlers,
    call: (method, args) => dispatch(handlers, method, args, context),
    close: async () => {},
  };
}
