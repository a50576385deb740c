import { FactCache } from '../engine/reads';
import { ancestorOfType, field, namedChildren } from '../engine/syntax';
import type { SemanticModel } from './semanticModel';

/**
 * Module-level names a function of the file rebinds: it declares them `global` and assigns them.
 * Such a name may hold another value once that function has run, wherever it is read.
 */
export function isReboundGlobal(model: SemanticModel, name: string): boolean {
  return reboundGlobals.get(model, () => readReboundGlobals(model)).has(name);
}

const reboundGlobals = new FactCache<SemanticModel, ReadonlySet<string>>();

/** The names `global` statements declare in functions that assign them (not a comment or a string that says "global"). */
function readReboundGlobals(model: SemanticModel): ReadonlySet<string> {
  const names = new Set<string>();
  for (const statement of model.nodesAroundText(['global'], 'global_statement')) {
    const fn = ancestorOfType(statement, ['function_definition']);
    if (!fn) continue;
    const assigned = new Set(
      fn
        .descendantsOfType(['assignment', 'augmented_assignment', 'for_statement'])
        .flatMap((node) => (node ? [field(node, 'left')?.text ?? ''] : [])),
    );
    for (const name of namedChildren(statement)) if (name.type === 'identifier' && assigned.has(name.text)) names.add(name.text);
  }
  return names;
}
