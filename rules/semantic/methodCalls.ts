import type { Node } from 'web-tree-sitter';
import { ancestorOfType, field, namedChildren, unparenthesize } from '../engine/syntax';
import { ownerClass } from './parameterValues';
import { classMethods } from './pythonModels';
import type { CallSite, SemanticModel } from './semanticModel';

/**
 * The method of a class of the file that a call runs: `self.run_fold(k)` inside a method of
 * that class (its first parameter names the instance), or `exp.run_fold(k)` on a name bound to
 * `Experiment(...)`. Undefined for anything else (an inherited method, a class of another
 * module, an instance passed in): the call's target is then unknown.
 */
export function calledMethod(model: SemanticModel, site: CallSite): Node | undefined {
  const callee = unparenthesize(site.callee);
  if (callee.type !== 'attribute') return undefined;
  const object = field(callee, 'object');
  const name = field(callee, 'attribute')?.text;
  if (object?.type !== 'identifier' || !name) return undefined;
  const owner = selfClass(object) ?? instanceClass(model, object);
  return owner ? classMethods(owner).find((method) => field(method, 'name')?.text === name) : undefined;
}

/** The class whose method takes `identifier` as its first parameter (`self`). */
function selfClass(identifier: Node): Node | undefined {
  const method = ancestorOfType(identifier, ['function_definition']);
  const owner = method ? ownerClass(method) : undefined;
  if (!method || !owner) return undefined;
  const parameters = field(method, 'parameters');
  const first = parameters ? namedChildren(parameters).find((child) => child.type !== 'comment') : undefined;
  return first?.type === 'identifier' && first.text === identifier.text ? owner : undefined;
}

/** The class of the file whose constructor call `identifier` is bound to. */
function instanceClass(model: SemanticModel, identifier: Node): Node | undefined {
  const value = model.resolveValue(identifier);
  if (value.type !== 'call') return undefined;
  const constructor = field(value, 'function');
  return constructor ? model.resolveClass(constructor) : undefined;
}
