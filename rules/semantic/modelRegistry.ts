import { FactCache, KeyedFactCache } from '../engine/reads';
import type { Node } from 'web-tree-sitter';
import { ancestorOfType, contains, field, namedChildren, unparenthesize } from '../engine/syntax';
import { isBareStringStatement } from './embeddedJson';
import { allArguments, argument, hasSplatArguments, keywordArgument, positionalArguments } from './calls';
import { apiSpecificMethodCalls } from './libraryEvidence';
import { calledMethod } from './methodCalls';
import { runsWithTheFile } from './includedCode';
import type { CallSite, SemanticModel } from './semanticModel';
import { type Parameter, parameterArgumentOf, parameterOf, parameterValues, type ParameterValue } from './parameterValues';
import { closestSpelling } from './spellingSuggestions';
import { stringTemplate, templateParts } from './stringTemplates';
import { booleanValue, isNoneLiteral, sequenceElements, stringList, stringValue } from './values';

/**
 * The MLflow Model Registry as a file uses it: MlflowClient instances and their stage and
 * alias APIs, model stages, registration calls and the registry URI.
 */

/** Where MlflowClient lives, today and in older MLflow versions (`mlflow.tracking.client`). */
export const MLFLOW_CLIENT_CLASSES = ['mlflow.MlflowClient', 'mlflow.client.MlflowClient', 'mlflow.tracking.MlflowClient', 'mlflow.tracking.client.MlflowClient'];

/** The stages of the workspace registry, as MLflow spells them. */
export const MODEL_STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type ModelStage = (typeof MODEL_STAGES)[number];

/** The alias that takes over a stage's role in Unity Catalog. */
export const ALIAS_FOR_STAGE: Partial<Record<ModelStage, string>> = { Production: 'champion', Staging: 'challenger' };

/** The stage `written` names: MLflow matches stages without regard to letter case. */
export function canonicalStage(written: string): ModelStage | undefined {
  return MODEL_STAGES.find((stage) => stage.toLowerCase() === written.toLowerCase());
}

/** The error MLflow's Unity Catalog registry raises for a stage method (`transition_model_version_stage`, `get_latest_versions`), quoted. */
export function unsupportedInUnityCatalog(method: string): string {
  return `"Method '${method}' is unsupported for models in the Unity Catalog"`;
}

/** The valid stage an invalid one most likely meant (`Prod` -> `Production`). */
export function closestStage(written: string): ModelStage | undefined {
  return closestSpelling(written, MODEL_STAGES) as ModelStage | undefined;
}

const MLFLOW_CLIENT_PREFIXES = MLFLOW_CLIENT_CLASSES.map((path) => `${path}.`);

/**
 * Calls of registry methods that only MlflowClient has (`transition_model_version_stage`,
 * `get_latest_versions`, `set_registered_model_alias`, ...) on any receiver that is not known
 * to be something else: a client built in the file, a parameter, `self.client`, a name from a
 * `%run` notebook (the spec's "API-specific names").
 */
export function registryClientCalls(model: SemanticModel, ...methods: string[]): CallSite[] {
  const found = new Set(apiSpecificMethodCalls(model, 'mlflow', MLFLOW_CLIENT_PREFIXES, ...methods));
  // `from utils import *` then `mlflow.tracking.MlflowClient()`: the name `mlflow` resolves
  // into the star-imported module (`utils.mlflow.tracking.MlflowClient`), which imports mlflow.
  for (const site of model.callsNamed(...methods)) {
    const qualifiedName = site.qualifiedName;
    if (qualifiedName && MLFLOW_CLIENT_PREFIXES.some((prefix) => qualifiedName.includes(`.${prefix}`))) found.add(site);
  }
  return [...found].filter((site) => !receiverBindingsDisagree(model, site)).sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/** `client = MlflowClient()` in one arm and `client = FakeClient()` in the other: which one the call uses is unknown. */
function receiverBindingsDisagree(model: SemanticModel, site: CallSite): boolean {
  const receiver = site.receiver ? unparenthesize(site.receiver) : undefined;
  if (receiver?.type !== 'identifier') return false;
  const reaching = model.bindings.reachingBindings(receiver.text, receiver);
  if (reaching.length <= 1) return false;
  const kinds = new Set(
    reaching.map((binding) => {
      const value = binding.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
      if (!value) return binding.kind;
      const callee = value.type === 'call' ? field(value, 'function') : undefined;
      return callee && MLFLOW_CLIENT_CLASSES.includes(model.resolveQualifiedName(callee) ?? '') ? 'MlflowClient' : value.text;
    }),
  );
  return kinds.size > 1;
}

/** Whether the value a call returns is used (assigned, passed on, returned, chained). */
export function callValueIsUsed(site: CallSite): boolean {
  return site.node.parent?.type !== 'expression_statement';
}

/** `client.transition_model_version_stage(name, version, stage, archive_existing_versions=False)`, read. */
export interface StageTransition {
  site: CallSite;
  /** The method name, where findings about the call itself point. */
  methodName: Node;
  name?: Node;
  version?: Node;
  stage?: Node;
  archive?: Node;
  /** The stage's literal value, followed through names. */
  stageText?: string;
  /**
   * A stage that is a parameter of the enclosing helper (`def promote(version, stage): ...
   * transition_model_version_stage(name, version, stage)`): the parameter and the literal
   * values the file gives it (its default, the arguments of the helper's calls).
   */
  stageParameter?: { name: string; values: ParameterValue[]; parameter: Parameter };
  /** The arguments are exactly these four (no splat, nothing unexpected): edits may rewrite them. */
  plain: boolean;
}

const TRANSITION_PARAMETERS = ['name', 'version', 'stage', 'archive_existing_versions'];

/** The method name of `client.method(...)`, where findings about the call point. */
export function methodNameNode(site: CallSite): Node {
  return (site.callee.type === 'attribute' ? field(site.callee, 'attribute') : undefined) ?? site.callee;
}

function readStageTransition(model: SemanticModel, site: CallSite): StageTransition {
  const positional = positionalArguments(site);
  const keywords = allArguments(site).filter((node) => node.type === 'keyword_argument');
  const plain =
    !hasSplatArguments(site) &&
    positional.length <= TRANSITION_PARAMETERS.length &&
    keywords.every((node) => TRANSITION_PARAMETERS.slice(positional.length).includes(field(node, 'name')?.text ?? ''));
  const stage = argument(site, 'stage', 2);
  const stageText = stringValue(model, stage);
  return {
    site,
    methodName: methodNameNode(site),
    name: argument(site, 'name', 0),
    version: argument(site, 'version', 1),
    stage,
    archive: argument(site, 'archive_existing_versions', 3),
    stageText,
    stageParameter: stageText === undefined ? stageParameterOf(model, stage) : undefined,
    plain,
  };
}

/** The parameter of the enclosing function an argument is, also through a name bound once to it (`new_stage = stage`). */
export function parameterThroughCopy(model: SemanticModel, node: Node | undefined): Parameter | undefined {
  if (!node) return undefined;
  const copied = unparenthesize(model.resolveValue(node));
  return parameterOf(model, node) ?? (copied.id !== unparenthesize(node).id ? parameterOf(model, copied) : undefined);
}

/**
 * A stage argument that is a helper's parameter, with the literal values the file passes for it;
 * also through a name the helper binds once to the parameter (`new_stage = stage`).
 */
export function stageParameterOf(model: SemanticModel, stage: Node | undefined): StageTransition['stageParameter'] {
  const parameter = parameterThroughCopy(model, stage);
  if (!parameter) return undefined;
  const values = parameterValues(model, parameter);
  return values.length > 0 ? { name: parameter.name, values, parameter } : undefined;
}

/**
 * The stages a transition moves to, canonical and in document order, from its literal stage or
 * from the values of its stage parameter; values that are no stage are left out (MLT403's).
 */
export function transitionStages(transition: StageTransition): ModelStage[] {
  const written = transition.stageText !== undefined ? [transition.stageText] : (transition.stageParameter?.values.map((value) => value.value) ?? []);
  const stages: ModelStage[] = [];
  for (const value of written) {
    const stage = canonicalStage(value);
    if (stage && !stages.includes(stage)) stages.push(stage);
  }
  return stages;
}

/** Where a parameter's values come from, for messages: `its default`, `as the call on line 23 passes it`. */
export function parameterValuesSource(model: SemanticModel, values: readonly ParameterValue[]): string {
  const passed = values.filter((value) => !value.fromDefault);
  const calls = new Set(passed.map((value) => model.document.whereIs(value.node.startIndex))).size;
  const where = model.document.whereAre(passed.map((value) => value.node.startIndex));
  const fromCalls = calls === 0 ? '' : calls === 1 ? `as the call ${where} passes it` : `as the calls ${where} pass it`;
  const fromDefault = values.some((value) => value.fromDefault) ? 'its default' : '';
  return [fromDefault, fromCalls].filter((part) => part !== '').join(' and ');
}

/** Where a helper's stage parameter gets its values, for messages: `stage, as the call on line 23 passes it`. */
export function stageParameterSource(model: SemanticModel, parameter: string, values: readonly ParameterValue[]): string {
  return `${parameter}, ${parameterValuesSource(model, values)}`;
}

const transitionsByModel = new FactCache<SemanticModel, StageTransition[]>();

/** Every `transition_model_version_stage` call on an MlflowClient (read once per lint: four rules ask). */
export function stageTransitions(model: SemanticModel): readonly StageTransition[] {
  return transitionsByModel.get(model, () => registryClientCalls(model, 'transition_model_version_stage').map((site) => readStageTransition(model, site)));
}

/**
 * Whether the file moves or reads model versions by stage (`transition_model_version_stage`,
 * `get_latest_versions`, with or without `stages=`): code written for a registry with stages
 * (the workspace registry, an open-source MLflow server), where Unity Catalog raises on those
 * calls.
 * A helper of `%run` code that the file never calls does not count.
 */
export function usesRegistryStages(model: SemanticModel): boolean {
  return (
    stageTransitions(model).some((transition) => runsWithTheFile(model, transition.site.node)) ||
    latestVersionsLookups(model).some((lookup) => runsWithTheFile(model, lookup.site.node))
  );
}

/** Whether the transition archives the versions already in the target stage (`archive_existing_versions=True`). */
export function archivesExistingVersions(model: SemanticModel, transition: StageTransition): boolean | undefined {
  if (!transition.archive) return hasSplatArguments(transition.site) ? undefined : false;
  return booleanValue(model, transition.archive);
}

const archivingByModel = new FactCache<SemanticModel, StageTransition[]>();

/**
 * The transitions to Archived, once per lint: every promotion asks (MLT401, MLT404), and a file
 * of thousands of transitions took seconds when each asked of all the others.
 */
function archivingTransitions(model: SemanticModel): readonly StageTransition[] {
  return archivingByModel.get(model, () => stageTransitions(model).filter((other) => other.stageText !== undefined && canonicalStage(other.stageText) === 'Archived'));
}

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

/**
 * Whether the file archives versions of the transition's model itself: another transition of
 * the same model to Archived (`archive the old version, promote the new one`). The previous
 * Production version is then handled by hand, whatever `archive_existing_versions` says.
 */
export function archivesVersionsByHand(model: SemanticModel, transition: StageTransition): boolean {
  if (!transition.name) return false;
  // Archiving the version this call promotes (later, when the next one takes its place) leaves
  // the version that was in Production before this call where it was.
  const archiving = archivingTransitions(model).filter((other) => other !== transition && !sameVersionWritten(model, other, transition));
  // `mv.name` after `mv = mlflow.register_model(uri, NAME)` is NAME.
  const name = registeredName(model, transition.name);
  if (archiving.some((other) => sameModelName(model, registeredName(model, other.name), name) || sameListedModel(model, other.name, transition.name) || sameListedModel(model, other.name, name))) return true;
  // `retire_current(name)` before the promotion: a function of the file, called first, that archives versions (its name a parameter there).
  if (archiving.length === 0) return false;
  const scope = ancestorOfType(transition.site.node, ['function_definition']) ?? transition.site.node.tree.rootNode;
  return archivingHelperCalls(model, scope).some(
    ({ site, archiving: inside }) =>
      site.node.endIndex <= transition.site.node.startIndex && inside.some((other) => other !== transition && archivesSameModel(model, other, transition, site)),
  );
}

/**
 * Whether the transition runs only where no version is in Production: inside `if not prod:` (or
 * `len(prod) == 0`, `prod == []`), or in the `else` of `if prod:`, where `prod` lists the
 * model's versions in Production (`get_latest_versions(name, stages=["Production"])`, or a
 * filter on `current_stage == "Production"`). No earlier Production version is left there.
 */
export function runsOnlyWithoutProductionVersion(model: SemanticModel, transition: StageTransition): boolean {
  for (let node: Node | null = transition.site.node; node; node = node.parent) {
    const statement = node.parent;
    if (!statement || (statement.type !== 'if_statement' && statement.type !== 'elif_clause')) continue;
    const condition = field(statement, 'condition');
    if (!condition || node.id === condition.id) continue;
    const inConsequence = field(statement, 'consequence')?.id === node.id;
    // In an `elif` or the `else`, the conditions of the clauses before it were false too.
    const branch = node;
    const earlier = statement.type === 'if_statement' && !inConsequence ? namedChildren(statement).filter((clause) => clause.type === 'elif_clause' && clause.endIndex <= branch.startIndex) : [];
    const tests: Array<{ test: Node; held: boolean }> = [{ test: condition, held: inConsequence }];
    for (const clause of earlier) {
      const test = field(clause, 'condition');
      if (test) tests.push({ test, held: false });
    }
    for (const { test, held } of tests) {
      const tested = emptinessTest(test);
      if (tested && tested.when === (held ? 'empty' : 'non-empty') && listsProductionVersions(model, tested.name, transition)) return true;
    }
  }
  return false;
}

/** `not x`, `len(x) == 0`, `x == []`: x tested for being empty; `x`, `len(x) > 0`: for holding something. */
function emptinessTest(condition: Node): { name: Node; when: 'empty' | 'non-empty' } | undefined {
  const expr = unparenthesize(condition);
  if (expr.type === 'identifier') return { name: expr, when: 'non-empty' };
  if (expr.type === 'not_operator') {
    const operand = field(expr, 'argument');
    const inner = operand ? unparenthesize(operand) : undefined;
    return inner?.type === 'identifier' ? { name: inner, when: 'empty' } : undefined;
  }
  const match = /^len\(\s*([A-Za-z_]\w*)\s*\)\s*(==\s*0|<\s*1|>\s*0|>=\s*1|!=\s*0)$|^([A-Za-z_]\w*)\s*==\s*\[\s*\]$/.exec(expr.text);
  if (!match || expr.type !== 'comparison_operator') return undefined;
  const text = match[1] ?? match[3];
  const name = expr.descendantsOfType('identifier').find((identifier) => identifier?.text === text);
  if (!name) return undefined;
  const empty = match[3] !== undefined || /^(?:==\s*0|<\s*1)$/.test(match[2] ?? '');
  return { name, when: empty ? 'empty' : 'non-empty' };
}

/**
 * A name bound once to the transition's model's versions in Production: a stage lookup of that
 * model, or a filter on current_stage over a listing of it (`[v for v in versions if
 * v.current_stage == "Production"]` with `versions = client.search_model_versions(f"name='{name}'")`).
 */
function listsProductionVersions(model: SemanticModel, name: Node, transition: StageTransition): boolean {
  const binding = model.lookup(name);
  const value = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
  if (!value || !transition.name) return false;
  if (value.type === 'list_comprehension' && /\.current_stage\s*==\s*(['"])production\1/i.test(value.text)) {
    const iterable = namedChildren(value).find((child) => child.type === 'for_in_clause');
    const listing = iterable ? field(iterable, 'right') : undefined;
    const listed = listing ? unparenthesize(model.resolveValue(listing)) : undefined;
    return listed?.type === 'call' && listingNamesModel(model, model.callSite(listed), transition.name);
  }
  if (value.type !== 'call') return false;
  const site = model.callSite(value);
  if (site.name !== 'get_latest_versions' || !listingNamesModel(model, site, transition.name)) return false;
  const stages = stringList(model, argument(site, 'stages', 1));
  return stages !== undefined && stages.length > 0 && stages.every((stage) => canonicalStage(stage) === 'Production');
}

/**
 * Both transitions name the same version: the same expression (`first.version`, `3`) over the same
 * binding of its name, neither in a loop (where `mv.version` is another version at each turn).
 * A name bound again between them (`version = ...Production...`, then `version = ...Staging...`)
 * may be another version: not the same.
 */
function sameVersionWritten(model: SemanticModel, a: StageTransition, b: StageTransition): boolean {
  if (!a.version || !b.version) return false;
  const first = unparenthesize(a.version);
  const second = unparenthesize(b.version);
  if (first.text !== second.text || inLoop(a.site.node) || inLoop(b.site.node)) return false;
  const rootA = dottedRoot(first);
  const rootB = dottedRoot(second);
  if (!rootA || !rootB) return first.type === 'integer' || first.type === 'string';
  const bindingA = model.lookup(rootA);
  return !!bindingA && bindingA === model.lookup(rootB);
}

/** The name an expression such as `mv.version` starts from. */
function dottedRoot(expression: Node): Node | undefined {
  let current = expression;
  while (current.type === 'attribute') current = unparenthesize(field(current, 'object') ?? current);
  return current.type === 'identifier' ? current : undefined;
}

function inLoop(node: Node): boolean {
  return !!ancestorOfType(node, ['for_statement', 'while_statement', 'list_comprehension', 'generator_expression', 'set_comprehension', 'dictionary_comprehension']);
}

/** A call of a function of the file that archives Production versions, with its transitions to Archived. */
interface ArchivingHelperCall {
  site: CallSite;
  archiving: readonly StageTransition[];
}

const archivingHelperCallsByScope = new KeyedFactCache<SemanticModel, number, ArchivingHelperCall[]>();

/**
 * The calls in `scope` of a helper that archives Production versions, once per scope: each
 * promotion of the scope asks which of them come before it and archive its model.
 */
function archivingHelperCalls(model: SemanticModel, scope: Node): readonly ArchivingHelperCall[] {
  return archivingHelperCallsByScope.get(model, scope.id, () => {
    const archiving = archivingTransitions(model);
    const calls: ArchivingHelperCall[] = [];
    for (const site of model.callsWithin(scope)) {
      const callee = unparenthesize(site.callee);
      const helper = callee.type === 'identifier' ? model.resolveFunction(callee) : calledMethod(model, site);
      if (!helper) continue;
      const inside = archiving.filter((other) => helper.startIndex <= other.site.node.startIndex && other.site.node.endIndex <= helper.endIndex);
      if (inside.length === 0) continue;
      // It must archive Production versions (a helper clearing Staging leaves the old Production version in place) of the promoted model:
      // it names the stage, or lists the latest version of every stage (`get_latest_versions(name)`).
      const everyStage = model.callsWithin(helper).some((call) => call.name === 'get_latest_versions' && !argument(call, 'stages', 1));
      if (!everyStage && !/production/i.test(helper.text)) continue;
      calls.push({ site, archiving: inside });
    }
    return calls;
  });
}

/**
 * Whether a helper's archiving transition is of the promoted model: its name written as the
 * promotion's, or the helper's parameter that `call` gives the promotion's name.
 */
function archivesSameModel(model: SemanticModel, archiving: StageTransition, promotion: StageTransition, call: CallSite): boolean {
  if (sameModelName(model, archiving.name, promotion.name) || sameListedModel(model, archiving.name, promotion.name)) return true;
  const parameter = archivedParameter(model, archiving);
  if (!parameter) return false;
  const passed = parameterArgumentOf(model, parameter, call);
  return !!passed && sameModelName(model, passed, promotion.name);
}

const archivedParameters = new KeyedFactCache<SemanticModel, number, { parameter?: Parameter }>();

/**
 * The helper's parameter that names the model an archiving transition archives: `mv.name` in a
 * loop over a listing of the parameter's model, or the parameter itself. Once per transition:
 * every promotion after each call of the helper asks.
 */
function archivedParameter(model: SemanticModel, archiving: StageTransition): Parameter | undefined {
  return archivedParameters.get(model, archiving.site.node.id, () => {
    const listed = archiving.name && unparenthesize(archiving.name);
    const loopListing = listed?.type === 'attribute' ? listingModelName(model, listed) : undefined;
    const name = loopListing ?? archiving.name;
    return { parameter: name ? parameterOf(model, name) : undefined };
  }).parameter;
}

/**
 * `name=mv.name` in a loop over a listing of one model's versions (`for mv in
 * client.search_model_versions("name='m'")`, or `client.get_latest_versions(m, ...)`): that
 * model, compared with `name`.
 */
function sameListedModel(model: SemanticModel, listed: Node | undefined, name: Node | undefined): boolean {
  const site = name ? versionListing(model, listed) : undefined;
  return !!site && !!name && listingNamesModel(model, site, name);
}

/**
 * Whether a listing of versions is of one model, the one `name` names: `get_latest_versions(name,
 * ...)`, or `search_model_versions("name='m'")` with that name written or filled in by one field.
 */
function listingNamesModel(model: SemanticModel, site: CallSite, name: Node): boolean {
  if (site.name === 'get_latest_versions') return sameModelName(model, argument(site, 'name', 0), name);
  if (site.name !== 'search_model_versions') return false;
  const filter = argument(site, 'filter_string', 0);
  const parts = filter && templateParts(model, filter);
  if (!parts) return false;
  // `name='m'` (or with double quotes): one model, its name written, or filled in by one field
  // (`f"name='{model_name}'"`, `"name='{0}'".format(model_name)`, `"name='%s'" % model_name`).
  const named = /^\s*name\s*=\s*(['"])([^'"]*)\1\s*$/.exec(parts.map((part) => ('text' in part ? part.text : FIELD)).join(''));
  if (!named) return false;
  if (!named[2].includes(FIELD)) return named[2] === stringValue(model, name);
  const fields = parts.flatMap((part) => ('expression' in part ? [part.expression] : []));
  return named[2] === FIELD && fields.length === 1 && sameModelName(model, fields[0], name);
}

/** The listing a loop's `mv.name` comes from (`for mv in client.get_latest_versions(...)` / `search_model_versions(...)`). */
function versionListing(model: SemanticModel, listed: Node | undefined): CallSite | undefined {
  const attribute = listed && unparenthesize(listed);
  const variable = attribute?.type === 'attribute' && field(attribute, 'attribute')?.text === 'name' ? field(attribute, 'object') : undefined;
  if (variable?.type !== 'identifier') return undefined;
  const loop = ancestorOfType(variable, ['for_statement']);
  const iterable = loop && field(loop, 'left')?.type === 'identifier' && field(loop, 'left')?.text === variable.text ? field(loop, 'right') : undefined;
  const listing = iterable && unparenthesize(model.resolveValue(iterable));
  return listing?.type === 'call' ? model.callSite(listing) : undefined;
}

/** The model name node a `get_latest_versions(name, ...)` listing is of, for a loop's `mv.name`. */
function listingModelName(model: SemanticModel, listed: Node): Node | undefined {
  const site = versionListing(model, listed);
  return site?.name === 'get_latest_versions' ? argument(site, 'name', 0) : undefined;
}

/** Stands for a field of a template in its text. */
const FIELD = '\u0000';

/** `client.get_latest_versions(name, stages=[...])`, read. */
export interface LatestVersionsLookup {
  site: CallSite;
  /** The stages argument as written; undefined when it is absent or None (every stage). */
  stages?: Node;
  /** The stages it names, canonical, when every element is a literal valid stage. */
  stageValues?: ModelStage[];
}

const lookupsByModel = new FactCache<SemanticModel, LatestVersionsLookup[]>();

/** Every `get_latest_versions` call on an MlflowClient, with or without stages (read once per lint: MLT401 and MLT403 ask). */
export function latestVersionsLookups(model: SemanticModel): readonly LatestVersionsLookup[] {
  const lookups = lookupsByModel.get(model, () => registryClientCalls(model, 'get_latest_versions').map((site) => readLatestVersionsLookup(model, site)));
  return lookups;
}

function readLatestVersionsLookup(model: SemanticModel, site: CallSite): LatestVersionsLookup {
  const written = argument(site, 'stages', 1);
  const stages = written && !isNoneLiteral(model, written) ? written : undefined;
  let stageValues: ModelStage[] | undefined;
  const elements = stages ? sequenceElements(model, stages)?.elements : undefined;
  if (elements) {
    const values = elements.map((element) => {
      const value = stringValue(model, element);
      return value === undefined ? undefined : canonicalStage(value);
    });
    if (values.length > 0 && values.every((value) => value !== undefined)) stageValues = values as ModelStage[];
  }
  return { site, stages, stageValues };
}

const nameValues = new KeyedFactCache<SemanticModel, number, { value?: string }>();

/** A model name's literal value, once per node and lint: a file of many promotions compares each with many archiving calls. */
function nameValue(model: SemanticModel, node: Node): string | undefined {
  return nameValues.get(model, node.id, () => ({ value: stringValue(model, node) })).value;
}

/** The same model name: the same literal value, the same name bound once, or the same expression text. */
export function sameModelName(model: SemanticModel, a: Node | undefined, b: Node | undefined): boolean {
  if (!a || !b) return false;
  const valueA = nameValue(model, a);
  const valueB = nameValue(model, b);
  if (valueA !== undefined || valueB !== undefined) return valueA === valueB;
  const left = unparenthesize(a);
  const right = unparenthesize(b);
  if (left.type === 'identifier' && right.type === 'identifier') {
    if (left.text !== right.text) return false;
    const bindingA = model.lookup(left);
    const bindingB = model.lookup(right);
    return bindingA === bindingB || (!!bindingA && !!bindingB && bindingA.scope === bindingB.scope);
  }
  return left.text.replace(/\s+/g, '') === right.text.replace(/\s+/g, '');
}

/**
 * `transition_model_version_stage(name, v, "Archived")` (or `"None"`) followed later in the
 * file by `delete_model_version(name, ...)` or `delete_registered_model(name)`: the workspace
 * registry deletes only versions in the None or Archived stage, so this is clean-up, not a
 * lifecycle step.
 */
export function isArchiveBeforeDelete(model: SemanticModel, transition: StageTransition): boolean {
  const stage = transition.stageText === undefined ? undefined : canonicalStage(transition.stageText);
  if ((stage !== 'Archived' && stage !== 'None') || !transition.name) return false;
  return isDeletedAfter(model, transition.site, transition.name);
}

/**
 * Whether the model named `name` at `site` has versions deleted, or is deleted, later in the
 * file; or whether a deletion follows in the same function (a clean-up helper that archives
 * each version of a listing, `model_version.name`, then deletes the model by its own name).
 */
function isDeletedAfter(model: SemanticModel, site: CallSite, name: Node): boolean {
  const owner = ancestorOfType(site.node, ['function_definition']);
  const deletions = registryClientCalls(model, 'delete_model_version', 'delete_registered_model');
  const deletedHere = deletions.some(
    (deletion) =>
      deletion.node.startIndex > site.node.startIndex &&
      (sameModelName(model, argument(deletion, 'name', 0), name) || (!!owner && ancestorOfType(deletion.node, ['function_definition'])?.id === owner.id)),
  );
  if (deletedHere || !owner) return deletedHere;
  // `def _archive_all(name): ...` called by `def drop_model(name): _archive_all(name);
  // client.delete_registered_model(name)`: a clean-up helper when every call of it is followed
  // by a deletion in the caller's function.
  const helperName = field(owner, 'name')?.text;
  const ownerClass = ancestorOfType(owner, ['class_definition']);
  // `self._archive_all(name)` in a method of the same class, or a plain call of the def.
  const callsOwner = (call: CallSite) => {
    if (call.receiver?.type === 'identifier' && ['self', 'cls'].includes(call.receiver.text)) return !!ownerClass && ancestorOfType(call.node, ['class_definition'])?.id === ownerClass.id;
    return model.resolveFunction(call.callee)?.id === owner.id;
  };
  const callers = helperName ? model.callsNamed(helperName).filter(callsOwner) : [];
  return callers.length > 0 && callers.every((call) => {
    const caller = ancestorOfType(call.node, ['function_definition']);
    return !!caller && deletions.some((deletion) => deletion.node.startIndex > call.node.startIndex && ancestorOfType(deletion.node, ['function_definition'])?.id === caller.id);
  });
}

/**
 * `versions = client.get_latest_versions(name)` (every stage) in clean-up code that then
 * deletes that model's versions, or a listing (of any stages) whose versions a loop archives
 * before the model is deleted: the listing belongs to the deletion, like archiving does.
 */
export function isListingBeforeDelete(model: SemanticModel, lookup: LatestVersionsLookup): boolean {
  const name = argument(lookup.site, 'name', 0);
  if (!name) return false;
  // `for mv in client.get_latest_versions(name, stages=[stage]):` archiving each version before
  // the model itself is deleted: the listing finds what the clean-up must archive.
  const modelDeletedAfter = () =>
    registryClientCalls(model, 'delete_registered_model').some((deletion) => deletion.node.startIndex > lookup.site.node.startIndex && sameModelName(model, argument(deletion, 'name', 0), name));
  if (stageTransitions(model).some((transition) => loopsOver(model, transition.site.node, lookup.site.node) && isArchiveBeforeDelete(model, transition)) && modelDeletedAfter()) return true;
  if (lookup.stages) return false;
  // In a function: a clean-up helper (the deletion follows in it, or in each of its callers).
  if (ancestorOfType(lookup.site.node, ['function_definition'])) return isDeletedAfter(model, lookup.site, name);
  // In a notebook's cells: the listed versions themselves are deleted, in a loop over the listing.
  // A listing shown cells before an unrelated deletion is not clean-up.
  return registryClientCalls(model, 'delete_model_version', 'delete_registered_model').some(
    (deletion) => deletion.node.startIndex > lookup.site.node.startIndex && loopsOver(model, deletion.node, lookup.site.node),
  );
}

/**
 * Whether `node` runs in a `for` loop over what `listing` returns: the call itself, a name bound
 * to it, or an expression made of it (`[m.version for s in stages for m in <listing>]`).
 */
function loopsOver(model: SemanticModel, node: Node, listing: Node): boolean {
  for (let loop = ancestorOfType(node, ['for_statement']); loop; loop = ancestorOfType(loop, ['for_statement'])) {
    const iterable = field(loop, 'right');
    if (iterable && contains(unparenthesize(model.resolveValue(iterable)), listing)) return true;
  }
  return false;
}

/** The workspace registry's REST endpoints for stages, written in a URL. */
export type StageEndpoint = 'model-versions/transition-stage' | 'transition-requests';

/**
 * The whole path of a transition-request action, relative to `/api/2.0/mlflow/`: the action
 * written, or computed (`f"transition-requests/{method}"` where method is "approve" or "reject":
 * the template's unknown part, \u0000); the prefix alone names MLflow's endpoint.
 */
const TRANSITION_REQUEST_ACTION = /^transition-requests\/(?:create|list|approve|reject|delete|\u0000+)\/?$/;

/**
 * String literals (f-strings and concatenations included) that hold a URL of the workspace
 * registry's stage REST API: `/api/2.0/mlflow/model-versions/transition-stage` and
 * `/api/2.0/mlflow/transition-requests/...`, or the path of a transition-request action alone
 * (`"transition-requests/approve"`, passed to a helper that adds the prefix). Docstrings do
 * not count.
 */
export function stageEndpointUrls(model: SemanticModel): Array<{ node: Node; endpoint: StageEndpoint }> {
  const found: Array<{ node: Node; endpoint: StageEndpoint }> = [];
  for (const node of model.nodesAroundText(['transition-stage', 'transition-requests'], 'string')) {
    if (isBareStringStatement(node) || node.parent?.type === 'interpolation') continue;
    const text = stringTemplate(model, node)?.text ?? '';
    const endpoint: StageEndpoint | undefined = /(^|\/)model-versions\/transition-stage\b/.test(text)
      ? 'model-versions/transition-stage'
      : /(^|\/)mlflow\/transition-requests(\/|\b)/.test(text)
        ? 'transition-requests'
        : undefined;
    if (endpoint && /^(https?:\/\/|\/|\{|\u0000|api\/|mlflow\/|model-versions\/)/.test(text)) found.push({ node, endpoint });
    // `call_endpoint("transition-requests/create", ...)`: a helper that prefixes
    // `/api/2.0/mlflow/` takes the path of a transition-request action by itself.
    else if (TRANSITION_REQUEST_ACTION.test(text)) found.push({ node, endpoint: 'transition-requests' });
  }
  return found;
}

function isMlflowOrDatabricksCall(site: CallSite): boolean {
  const qualifiedName = site.qualifiedName;
  return !!qualifiedName && (qualifiedName.startsWith('mlflow.') || qualifiedName.startsWith('databricks.'));
}

/**
 * Where registrationNameArguments reads a name, for trigger conditions: the keyword argument (not
 * a configuration's `cfg.registered_model_name` attribute read) or a call of register_model /
 * create_registered_model. What may stand between the keyword and `=` is read once, in a
 * lookahead (comments run into each other: exponential).
 */
export const REGISTRATION_NAME_TEXT: readonly RegExp[] = [/\bregistered_model_name(?=((?:\s|\\|#[^\n\r]*)*))\1=(?!=)/, /\b(?:register_model|create_registered_model)\s*\(/];

/**
 * The name arguments of the file's registration calls, literal or not: `registered_model_name=`
 * of a logging call (MLflow flavors, autolog, the feature store clients),
 * `mlflow.register_model(uri, name)` and `client.create_registered_model(name)`.
 */
export function registrationNameArguments(model: SemanticModel): Array<{ site: CallSite; node: Node }> {
  const found: Array<{ site: CallSite; node: Node }> = [];
  const add = (site: CallSite, node: Node | undefined) => {
    if (node) found.push({ site, node });
  };
  // Each call once: a call that repeats the keyword (not valid Python, but typed) would otherwise
  // be read once per repetition, each time over all its arguments (949 repetitions: 1.6 s).
  const calls = new Set<number>();
  for (const keyword of model.nodesAroundText(['registered_model_name'], 'keyword_argument')) {
    if (field(keyword, 'name')?.text !== 'registered_model_name') continue;
    const call = keyword.parent?.parent;
    if (call?.type !== 'call' || calls.has(call.id)) continue;
    calls.add(call.id);
    const site = model.callSite(call);
    if (isMlflowOrDatabricksCall(site)) add(site, keywordArgument(site, 'registered_model_name'));
  }
  for (const site of model.callsNamed('register_model')) {
    if (site.qualifiedName === 'mlflow.register_model') add(site, argument(site, 'name', 1));
  }
  for (const site of registryClientCalls(model, 'create_registered_model')) add(site, argument(site, 'name', 0));
  return found.sort((a, b) => a.node.startIndex - b.node.startIndex);
}
