import type { Node } from 'web-tree-sitter';
import { ancestorsOf, codeChildren, field, unparenthesize } from '../engine/syntax';
import { argument } from './calls';
import { canonicalStage, registeredName, registryClientCalls, sameModelName, type StageTransition, stageTransitions } from './modelRegistry';
import { parameterArguments, parameterOf } from './parameterValues';
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

/** Whether the file creates (or deletes) the registered model `name` names before `offset`, or names it uniquely for each run. */
export function isCreatedByTheFile(model: SemanticModel, name: Node, offset: number): boolean {
  const named = (site: CallSite) => site.node.startIndex < offset && sameModelName(model, registeredName(model, argument(site, 'name', 0)), name);
  const created = registryClientCalls(model, 'create_registered_model').some((site) => named(site) && !isConditional(site.node, offset, CONDITIONAL_CREATION));
  // `try: client.delete_registered_model(name) except ...: print(e)`: the `try` is there for
  // the first run, where there is no such model to delete; only an `if` skips the deletion.
  const deletions = registryClientCalls(model, 'delete_registered_model');
  const deleted = deletions.some((site) => named(site) && !skipsDeletion(model, site.node, offset));
  return created || deleted || deletedByHelper(model, deletions, name, offset) || isUniquePerRun(model, name);
}

/**
 * Whether an `if` around a deletion (and not around the promotion at `offset`) may skip it
 * while the model has versions: an `if` that deletes only when the model has versions
 * (`if len(versions) > 0:` after `versions = client.search_model_versions(...)`) leaves none
 * either way.
 */
function skipsDeletion(model: SemanticModel, deletion: Node, offset: number, within?: Node): boolean {
  // Innermost first: within a helper, only the conditions inside it.
  for (const ancestor of ancestorsOf(deletion).reverse()) {
    if (within && ancestor.id === within.id) break;
    if (!CONDITIONAL_DELETION.includes(ancestor.type) || (offset >= ancestor.startIndex && offset < ancestor.endIndex)) continue;
    const consequence = ancestor.type === 'if_statement' ? field(ancestor, 'consequence') : undefined;
    const inConsequence = !!consequence && consequence.startIndex <= deletion.startIndex && deletion.endIndex <= consequence.endIndex;
    if (!inConsequence || !checksForVersions(model, field(ancestor, 'condition'))) return true;
  }
  return false;
}

/** `versions`, `len(versions)`, `len(versions) > 0` (`>= 1`, `!= 0`) of what `search_model_versions` (or `search_registered_models`) returned. */
function checksForVersions(model: SemanticModel, condition: Node | undefined): boolean {
  let expr = condition ? unparenthesize(condition) : undefined;
  if (expr?.type === 'comparison_operator') {
    const [first, second] = codeChildren(expr);
    const [left, right] = [field(expr, 'left') ?? first, second];
    const operator = expr.children.find((child) => child && !child.isNamed)?.text;
    const bound = right?.type === 'integer' ? Number(right.text) : NaN;
    if (!left || !((operator === '>' && bound === 0) || (operator === '>=' && bound === 1) || (operator === '!=' && bound === 0))) return false;
    expr = unparenthesize(left);
  }
  if (expr?.type === 'call' && model.callSite(expr).name === 'len' && !model.callSite(expr).receiver) expr = argument(model.callSite(expr), 'obj', 0);
  const value = expr ? model.resolveValue(expr) : undefined;
  return value?.type === 'call' && EXISTENCE_SEARCHES.has(model.callSite(value).name ?? '');
}

/** Searches whose result is empty when the model has no version (or does not exist). */
const EXISTENCE_SEARCHES = new Set(['search_model_versions', 'search_registered_models']);

/**
 * A deletion made by a function of the file (`cleanup_registered_model(MODEL_NAME)`, whose
 * `delete_registered_model(name)` deletes its parameter) called with the model's name before
 * the promotion.
 */
function deletedByHelper(model: SemanticModel, deletions: readonly CallSite[], name: Node, offset: number): boolean {
  return deletions.some((deletion) => {
    const parameter = parameterOf(model, argument(deletion, 'name', 0) ?? deletion.node);
    if (!parameter || skipsDeletion(model, deletion.node, offset, parameter.function)) return false;
    return parameterArguments(model, parameter).some(
      ({ call, argument: passed }) =>
        call.node.startIndex < offset && !!passed && !isConditional(call.node, offset, CONDITIONAL_DELETION) && sameModelName(model, registeredName(model, passed), name),
    );
  });
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
