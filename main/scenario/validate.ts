/**
 * The validator: every problem of a scenario at once, each at a JSON pointer, in document
 * order. It never runs anything and never recurses on unchecked input: text is checked for
 * size, encoding and nesting before it is parsed, values for depth and cycles before the
 * (recursive) schema sees them.
 */
import { checkScenarioValue, decodeScenarioBytes, parseScenarioJson } from './json-text';
import { LIMITS } from './limits';
import { comparePointers } from './pointer';
import type { Problem } from './problems';
import { error } from './problems';
import type { Scenario } from './schema';
import { ScenarioSchema } from './schema';
import { checkSemantics } from './semantic';
import { zodIssuesToProblems } from './zod-problems';

export type ValidationResult =
  /** Runnable. `problems` holds warnings only (possibly none). */
  | { ok: true; scenario: Scenario; problems: Problem[] }
  /** Not runnable: at least one error; warnings are listed too. */
  | { ok: false; problems: Problem[] };

function finish(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((problem) => {
    const key = `${problem.pointer}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) => comparePointers(a.pointer, b.pointer));
  if (unique.length <= LIMITS.maxProblems) return unique;
  const kept = unique.slice(0, LIMITS.maxProblems);
  kept.push(error('', `…and ${unique.length - LIMITS.maxProblems} more problems.`, 'Fix the ones above first; many may have the same cause.'));
  return kept;
}

/** Checks a value already bounded in depth and free of cycles. */
function validateChecked(value: unknown): ValidationResult {
  const parsed = ScenarioSchema.safeParse(value);
  const problems = finish([
    ...(parsed.success ? [] : zodIssuesToProblems(parsed.error.issues, value)),
    ...checkSemantics(value),
  ]);
  if (parsed.success && !problems.some((problem) => problem.severity === 'error')) {
    return { ok: true, scenario: parsed.data, problems };
  }
  if (!problems.some((problem) => problem.severity === 'error')) {
    // Cannot happen (a schema failure always yields an error), but never report "ok: false" with no reason.
    problems.push(error('', 'The scenario is not valid.'));
  }
  return { ok: false, problems };
}

/** Validate a document given as an in-memory value (the editor's state, a parsed file). */
export function validateScenario(value: unknown): ValidationResult {
  const refused = checkScenarioValue(value);
  if (refused) return { ok: false, problems: [refused] };
  return validateChecked(value);
}

/** Validate the text of a .lab.json file. */
export function validateScenarioText(text: string): ValidationResult {
  const parsed = parseScenarioJson(text);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  return validateChecked(parsed.value);
}

/** Validate a file's bytes: refuses what is not UTF-8 text before anything else. */
export function validateScenarioBytes(bytes: Uint8Array): ValidationResult {
  const decoded = decodeScenarioBytes(bytes);
  if (!decoded.ok) return { ok: false, problems: [decoded.problem] };
  return validateScenarioText(decoded.value);
}

/** Only the errors: what blocks a run. */
export function errorsOf(problems: readonly Problem[]): Problem[] {
  return problems.filter((problem) => problem.severity === 'error');
}

/** One line per problem, for the CLI's stderr: "/processes/1/program/3/offset: offset 4096 is past ... (hint)". */
export function formatProblem(problem: Problem): string {
  const where = problem.pointer === '' ? '(document)' : problem.pointer;
  const hint = problem.hint ? ` ${problem.hint}` : '';
  const lecture = problem.lecture ? ` (Lecture point, preset ${problem.lecture.preset}: ${problem.lecture.point})` : '';
  return `${problem.severity}: ${where}: ${problem.message}${hint}${lecture}`;
}
