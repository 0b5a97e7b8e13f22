// The one place a call from any front door enters the engine: the method must be in the
// contract, its arguments must match the contract's schema, and whatever happens comes back
// as an envelope. Electron's router, the WebSocket server and the CLI all call this.
import type { z } from 'zod';
import {
  ERRNO_NAME,
  contract,
  isMethodName,
  LabFailure,
  type Contract,
  type Envelope,
  type LabError,
  type MethodName,
  type MethodResult,
} from '../contract';

export interface CallContext {
  /** Which front door the call came through; for logs and messages only. */
  frontDoor: 'electron' | 'browser' | 'cli';
}

export type Handlers = {
  [M in MethodName]: (
    args: z.output<Contract[M]['args']>,
    context: CallContext,
  ) => Promise<MethodResult<M>> | MethodResult<M>;
};

/** "at /id: Invalid input: expected string, received number" for each problem. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `at /${issue.path.map(String).join('/')}: ${issue.message}`)
    .join('; ');
}

export function errorToLabError(error: unknown): LabError {
  if (error instanceof LabFailure) {
    return { code: error.code, message: error.message, details: error.details, syscall: error.syscall };
  }
  if (error instanceof Error) {
    const { code, syscall } = error as Error & { code?: unknown; syscall?: unknown };
    // Errors from the addon and from Node's system calls keep their errno name and the call.
    if (typeof code === 'string' && ERRNO_NAME.test(code)) {
      return { code, message: error.message, syscall: typeof syscall === 'string' ? syscall : undefined };
    }
    // Node's own codes (ERR_INVALID_ARG_TYPE) are not in the contract: a bug, named in the message.
    return { code: 'INTERNAL', message: typeof code === 'string' ? `${code}: ${error.message}` : error.message };
  }
  return { code: 'INTERNAL', message: String(error) };
}

export async function dispatch(
  handlers: Handlers,
  method: unknown,
  args: unknown,
  context: CallContext,
): Promise<Envelope<unknown>> {
  if (!isMethodName(method)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: `Unknown method ${JSON.stringify(method)}; the contract has ${Object.keys(contract).join(', ')}.` },
    };
  }
  const spec = contract[method];
  const parsed = spec.args.safeParse(args ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: `${method}: invalid arguments: ${describeIssues(parsed.error)}` },
    };
  }
  try {
    const handler = handlers[method] as (a: unknown, c: CallContext) => unknown;
    const value = await handler(parsed.data, context);
    // The engine checks its own answers too: a result outside the contract is a bug to see.
    const checked = spec.result.safeParse(value);
    if (!checked.success) {
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `${method}: the engine's result breaks the contract: ${describeIssues(checked.error)}` },
      };
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    return { ok: false, error: errorToLabError(error) };
  }
}
