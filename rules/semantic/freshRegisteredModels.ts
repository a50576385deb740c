import type { Node } from 'web-tree-sitter';
import { ancestorsOf, field, unparenthesize } from '../engine/syntax';
import { argument } from './calls';
import { canonicalStage, registryClientCalls, sameModelName, type StageTransition, stageTransitions } from './modelRegistry';
import type { CallSite, SemanticModel } from './semanticModel';

/**
 * Registered models that a file creates itself, so that their first version has no champion
 * to compare with: a model the file creates with `create_registered_model(name)`, one it
 * deletes first with `delete_registered_model(name)` (whatever registers it again is this
 * file's code), or one whose name is made unique for each run with `uuid`
 * (`f"churn_{uuid.uuid4().hex[:6]}"`, as course notebooks do so that students do not collide).
 */

// uuid.uuid4(), and shortuuid's uuid() (a short form of one).
const UNIQUE_NAME_CALL = /^(?:uuid\.uuid[1-5]|shortuuid\.uuid)$/;
const MAX_DEPTH = 3;

/**
 * The name argument of a registry call, followed through the result of a registration
 * (`details.name` after `details = mlflow.register_model(uri, name)` or
 * `client.create_model_version(name, ...)`).
 */
export function registeredName(model: SemanticModel, node: Node | undefined): Node | undefined {
  if (!node) return undefined;
  const value = model.resolveValue(node);
  if (value.type !== 'attribute' || field(value, 'attribute')?.text !== 'name') return node;
  const object = field(value, 'object');
  const source = object ? model.resolveValue(object) : undefined;
  if (source?.type !== 'call') return node;
  const site = model.callSite(source);
  if (site.qualifiedName === 'mlflow.register_model') return argument(site, 'name', 1) ?? node;
  if (site.name === 'create_model_version' && site.qualifiedName?.startsWith('mlflow.')) return argument(site, 'name', 0) ?? node;
  return node;
}

/** Whether the file creates (or deletes) the registered model `name` names before `offset`, or names it uniquely for each run. */
export function isCreatedByTheFile(model: SemanticModel, name: Node, offset: number): boolean {
  const named = (site: CallSite) => site.node.startIndex < offset && sameModelName(model, registeredName(model, argument(site, 'name', 0)), name);
  const created = registryClientCalls(model, 'create_registered_model').some((site) => named(site) && !isConditional(site.node, offset, CONDITIONAL_CREATION));
  // `try: client.delete_registered_model(name) except ...: print(e)`: the `try` is there for
  // the first run, where there is no such model to delete; only an `if` skips the deletion.
  const deleted = registryClientCalls(model, 'delete_registered_model').some((site) => named(site) && !isConditional(site.node, offset, CONDITIONAL_DELETION));
  return created || deleted || isUniquePerRun(model, name);
}

/**
 * A creation under an `if` or a `try` that does not also hold the promotion at `offset`
 * (`if name not in existing: client.create_registered_model(name)`): on the other path the
 * model exists already, and may have a champion.
 */
const CONDITIONAL_CREATION = ['if_statement', 'try_statement', 'conditional_expression'];
/** A deletion in a `try` is read as done: it raises where the model does not exist, and none exists after either way. */
const CONDITIONAL_DELETION = ['if_statement', 'conditional_expression'];

function isConditional(call: Node, offset: number, conditions: readonly string[]): boolean {
  return ancestorsOf(call).some((ancestor) => conditions.includes(ancestor.type) && (offset < ancestor.startIndex || offset >= ancestor.endIndex));
}

/** A name built with a `uuid.uuid4()` (through the names it is made of). */
function isUniquePerRun(model: SemanticModel, name: Node): boolean {
  let pending: Node[] = [model.resolveValue(name)];
  const seen = new Set<number>();
  for (let depth = 0; depth <= MAX_DEPTH && pending.length > 0; depth++) {
    const next: Node[] = [];
    for (const node of pending) {
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      const calls = node.type === 'call' ? [model.callSite(node), ...model.callsWithin(node)] : model.callsWithin(node);
      if (calls.some((site) => UNIQUE_NAME_CALL.test(site.qualifiedName ?? ''))) return true;
      const identifiers = node.type === 'identifier' ? [node] : node.descendantsOfType('identifier').filter((found): found is Node => found !== null);
      for (const identifier of identifiers) {
        const value = unparenthesize(model.resolveValue(identifier));
        if (value.id !== identifier.id) next.push(value);
      }
    }
    pending = next;
  }
  return false;
}

/**
 * The first transition to Production (a literal stage) of a model the file creates, deletes
 * first or names uniquely for the run: no version of it can be in Production already, so
 * archive_existing_versions has nothing to archive.
 */
export function isFirstProductionOfOwnModel(model: SemanticModel, transition: StageTransition): boolean {
  const stage = transition.stageText === undefined ? undefined : canonicalStage(transition.stageText);
  const name = stage === 'Production' ? registeredName(model, transition.name) : undefined;
  if (!name || !isCreatedByTheFile(model, name, transition.site.node.startIndex)) return false;
  return !stageTransitions(model).some(
    (other) =>
      other !== transition &&
      other.site.node.startIndex < transition.site.node.startIndex &&
      (other.stageText === undefined || canonicalStage(other.stageText) === 'Production') &&
      sameModelName(model, registeredName(model, other.name), name),
  );
}
