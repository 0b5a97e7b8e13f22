// `process-lab validate FILE`: exit 0 when valid (warnings printed), 2 with every problem listed.
import { countOf } from '../contract/units';
import { formatProblem } from '../scenario/validate';
import { loadScenario } from './run';
import { parseOptions, UsageError } from './usage';

export async function validateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, { json: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('give one scenario file');
  const result = loadScenario(positionals[0]);
  if (values.json) {
    console.log(JSON.stringify({ ok: result.ok, problems: result.problems }, null, 2));
  } else {
    for (const problem of result.problems) (result.ok ? console.log : console.error)(formatProblem(problem));
    if (result.ok) console.log(`${positionals[0]}: valid${result.problems.length ? ` (${countOf(result.problems.length, 'warning')})` : ''}.`);
  }
  return result.ok ? 0 : 2;
}
