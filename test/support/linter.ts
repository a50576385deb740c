import { allRules } from '../../rules';
import type { Inclusion } from '../../rules/engine/kernelCells';
import type { ProgramSource } from '../../rules/engine/program';
import { fileSource } from '../../rules/engine/programParser';
import type { Finding } from '../../rules/engine/types';
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

/**
 * Lints a `.py` file of /proj that `%run`s notebooks given by target (`./utils`) and text, as the
 * CLI reads them from disk: the findings of the rules in `select`.
 */
export async function lintWithRunTargets(text: string, targets: Readonly<Record<string, string>>, select: string[]): Promise<Finding[]> {
  const read = (_from: string, inclusion: Inclusion): ProgramSource | undefined => {
    const target = targets[inclusion.target];
    return target === undefined ? undefined : { uri: `file:///proj/${inclusion.target.replace(/^\.\//, '')}.py`, notebook: false, cells: [{ kind: 'code', text: dedent(target) }] };
  };
  return (await testLinter()).lintSource(fileSource('file:///proj/notebook.py', dedent(text)), { readInclusion: read, select }).findings;
}
