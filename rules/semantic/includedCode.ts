import type { Node } from 'web-tree-sitter';
import { ancestorsOf, field } from '../engine/syntax';
import type { SemanticModel } from './semanticModel';

/**
 * Whether a call runs when the file does: any call of the user's own code, and in code that
 * `%run` or a star import brings in, a call at its top level or in a function something calls.
 * A utilities notebook run for its helpers (`%run ./utils` in a promotion notebook) defines a
 * `train_model` that only the training notebook calls.
 */
export function runsWithTheFile(model: SemanticModel, call: Node): boolean {
  if (model.document.inUserText(call.startIndex)) return true;
  const outermost = ancestorsOf(call).find((ancestor) => ancestor.type === 'function_definition');
  if (!outermost) return true;
  const name = field(outermost, 'name')?.text;
  // Called from outside its own body (a recursive call does not start it).
  return !!name && model.callsNamed(name).some((site) => site.node.startIndex < outermost.startIndex || site.node.startIndex >= outermost.endIndex);
}
