import type { Node } from 'web-tree-sitter';
import { KeyedFactCache } from '../engine/reads';
import { ancestorsOf, field } from '../engine/syntax';
import type { SemanticModel } from './semanticModel';

/**
 * Whether a call runs when the file does: any call of the user's own code, and in code that
 * `%run` or a star import brings in, a call at its top level or in a function that code which
 * runs calls.
 * A utilities notebook run for its helpers (`%run ./utils` in a promotion notebook) defines a
 * `train_model` that only the training notebook calls.
 */
export function runsWithTheFile(model: SemanticModel, call: Node): boolean {
  if (model.document.inUserText(call.startIndex)) return true;
  const outermost = outermostFunction(call);
  return !outermost || functionRuns.get(model, outermost.id, () => isCalledByRunningCode(model, outermost));
}

const functionRuns = new KeyedFactCache<SemanticModel, number, boolean>();

/** Past this many functions that call each other, called at all is enough. */
const MAX_CALLERS_FOLLOWED = 4;

function outermostFunction(node: Node): Node | undefined {
  return ancestorsOf(node).find((ancestor) => ancestor.type === 'function_definition');
}

/**
 * Whether code that runs calls `fn`, from outside its own body (a recursive call does not start
 * it): the user's own code, included code at its top level, or a function that such code calls,
 * followed back breadth first, each function once (a helper only another uncalled helper calls
 * does not run, nor does a cycle of helpers nothing outside calls).
 */
function isCalledByRunningCode(model: SemanticModel, fn: Node): boolean {
  const seen = new Set<number>([fn.id]);
  let frontier = [fn];
  for (let depth = 0; depth < MAX_CALLERS_FOLLOWED && frontier.length > 0; depth++) {
    const next: Node[] = [];
    for (const callee of frontier) {
      const name = field(callee, 'name')?.text;
      if (!name) continue;
      for (const site of model.callsNamed(name)) {
        if (site.node.startIndex >= callee.startIndex && site.node.startIndex < callee.endIndex) continue;
        if (model.document.inUserText(site.node.startIndex)) return true;
        const caller = outermostFunction(site.node);
        if (!caller) return true;
        if (!seen.has(caller.id)) {
          seen.add(caller.id);
          next.push(caller);
        }
      }
    }
    frontier = next;
  }
  return frontier.length > 0;
}
