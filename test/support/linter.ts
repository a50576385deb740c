import { allRules } from '../../rules';
import { Linter } from '../../rules/engine/linter';
import { loadPythonParser } from '../../rules/engine/parser';

let linter: Linter | undefined;

/** The engine with every rule, loaded once per test process. */
export async function testLinter(): Promise<Linter> {
  linter ??= new Linter(await loadPythonParser(), allRules);
  return linter;
}

/** Strip the common indentation of a template literal and its first empty line. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common)).join('\n');
}
