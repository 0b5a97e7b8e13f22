// The renderer-engine contract, written once: every method's argument and result schema.
// The preload, the browser-mode client, the engine's dispatcher and the CLI all use it;
// TypeScript types are inferred from these schemas.
import { z } from 'zod';
import { METHOD_NAMES, type MethodName } from './channels';
import { benchMethods } from './bench';
import { exportMethods } from './export';
import { runMethods } from './runs';
import { repeatMethods } from './repeat';
import { systemMethods } from './system';
import { filesMethods } from './files';

export const presetSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
});
export type PresetSummary = z.infer<typeof presetSummarySchema>;

/** What the engine's operating system offers; the UI marks what it lacks (main/engine/capabilities.ts). */
export const capabilitiesSchema = z.object({
  /** mq_open(3) and friends: Linux yes, macOS no. */
  posixMessageQueues: z.boolean(),
  /** /proc (proc(5)): process state and wait channel read from it. */
  procfs: z.boolean(),
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** The engine's `process.platform` ('linux', 'darwin'). */
  platform: z.string(),
  frontDoor: z.enum(['electron', 'browser', 'cli']),
  capabilities: capabilitiesSchema,
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const noArgs = z.object({}).strict();

export const contract = {
  'app.info': { args: noArgs, result: appInfoSchema },
  'presets.list': { args: noArgs, result: z.array(presetSummarySchema) },
  'presets.get': {
    args: z.object({ id: z.string().min(1).max(100) }).strict(),
    // The scenario document itself; its own schema (main/scenario) validates it where it runs.
    result: z.object({ id: z.string(), scenario: z.record(z.string(), z.unknown()) }),
  },
  ...runMethods,
  ...repeatMethods,
  ...exportMethods,
  ...systemMethods,
  ...filesMethods,
  ...benchMethods,
} as const satisfies Record<MethodName, { args: z.ZodType; result: z.ZodType }>;

export type Contract = typeof contract;
export type MethodArgs<M extends MethodName> = z.input<Contract[M]['args']>;
export type MethodResult<M extends MethodName> = z.output<Contract[M]['result']>;

/** The API every front door offers the renderer: one async function per contract method. */
export type LabApi = { [M in MethodName]: (args: MethodArgs<M>) => Promise<MethodResult<M>> };

export { METHOD_NAMES, type MethodName };
