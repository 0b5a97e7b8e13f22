/**
 * The scenario layer: format v1 schemas and types, the validator, the step catalogue, the
 * C call text, run events and expectations. Pure TypeScript: the engine, the CLI and the
 * renderer all import it.
 */
export * from './schema';
export * from './primitives';
export { LIMITS } from './limits';
export * from './signals';
export type { Problem, Severity } from './problems';
export { validateScenario, validateScenarioText, validateScenarioBytes, errorsOf, formatProblem } from './validate';
export type { ValidationResult } from './validate';
export { walkSteps, countSteps, childSteps } from './walk';
export type { StepVisit } from './walk';
export { STEP_CATALOGUE, OP_GROUPS, opInfo, opsInGroup } from '../ops/catalogue';
export type { OpInfo, OpGroup, FieldInfo, FieldKind } from '../ops/catalogue';
export { describeCall, cString } from '../ops/call-text';
export type { CallContext, ObjectIdentifiers } from '../ops/call-text';
export * from './events';
export * from './expect';
export { checkExpectations, partialMatch } from './check-expect';
export { toPointer, parsePointer, comparePointers } from './pointer';
