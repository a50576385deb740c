import type { Node } from 'web-tree-sitter';
import { ancestorsOf, field } from '../engine/syntax';
import type { SemanticModel } from './semanticModel';

/**
 * Whether a call runs when the file does: any call of the user's own code, and in code that
 * `%run` or a star import brings in, a call at its top level or in a function that code which
 * runs calls.
 * A utilities notebook run for its helpers (`%run ./utils` in a promotion notebook) defines a
 * `train_model` that only the training notebook calls.
 */
export function runsWithTheFile(model: SemanticModel, call: Node, depth = 0, seen = new Set<number>()): boolean {
  if (model.document.inUserText(call.startIndex)) return true;
  const outermost = ancestorsOf(call).find((ancestor) => ancestor.type === 'function_definition');
  if (!outermost) return true;
  const name = field(outermost, 'name')?.text;
  if (!name || seen.has(outermost.id)) return false;
  // Past a few functions that call each other, called at all is enough.
  const callerRuns = (site: Node) => depth >= MAX_CALLERS_FOLLOWED || runsWithTheFile(model, site, depth + 1, new Set([...seen, outermost.id]));
  // Called from outside its own body (a recursive call does not start it), by code that runs
  // itself: a helper only another uncalled helper calls does not run.
  return model.callsNamed(name).some((site) => (site.node.startIndex < outermost.startIndex || site.node.startIndex >= outermost.endIndex) && callerRuns(site.node));
}

const MAX_CALLERS_FOLLOWED = 4;
