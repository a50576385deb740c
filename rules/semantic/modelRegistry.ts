import type { Node } from 'web-tree-sitter';
import { field, unparenthesize } from '../engine/syntax';
import { allArguments, argument, hasSplatArguments, keywordArgument, positionalArguments } from './calls';
import type { CallSite, SemanticModel } from './semanticModel';
import { closestSpelling } from './spellingSuggestions';
import { booleanValue, stringValue } from './values';

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

/** The valid stage an invalid one most likely meant (`Prod` -> `Production`). */
export function closestStage(written: string): ModelStage | undefined {
  return closestSpelling(written, MODEL_STAGES) as ModelStage | undefined;
}

function isMlflowClientClass(qualifiedName: string | undefined): boolean {
  return !!qualifiedName && MLFLOW_CLIENT_CLASSES.includes(qualifiedName);
}

/** `def promote(client: MlflowClient, ...)`: a parameter annotated with the class. */
function isAnnotatedClientParameter(model: SemanticModel, receiver: Node): boolean {
  if (receiver.type !== 'identifier') return false;
  const binding = model.lookup(receiver);
  const parameter = binding?.kind === 'opaque' ? binding.node.parent : undefined;
  if (!parameter || (parameter.type !== 'typed_parameter' && parameter.type !== 'typed_default_parameter')) return false;
  const annotation = field(parameter, 'type');
  const expression = annotation?.firstNamedChild;
  return !!expression && isMlflowClientClass(model.resolveQualifiedName(expression));
}

/** Whether the call is a method of an MlflowClient instance (through imports, names and annotations). */
export function isMlflowClientMethod(model: SemanticModel, site: CallSite): boolean {
  if (!site.name || !site.receiver) return false;
  const qualifiedName = site.qualifiedName;
  if (qualifiedName) return MLFLOW_CLIENT_CLASSES.some((path) => qualifiedName === `${path}.${site.name}`);
  return isAnnotatedClientParameter(model, unparenthesize(site.receiver));
}

export function mlflowClientCalls(model: SemanticModel, ...methods: string[]): CallSite[] {
  return model.callsNamed(...methods).filter((site) => isMlflowClientMethod(model, site));
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
  return {
    site,
    methodName: methodNameNode(site),
    name: argument(site, 'name', 0),
    version: argument(site, 'version', 1),
    stage,
    archive: argument(site, 'archive_existing_versions', 3),
    stageText: stringValue(model, stage),
    plain,
  };
}

const transitionsByModel = new WeakMap<SemanticModel, StageTransition[]>();

/** Every `transition_model_version_stage` call on an MlflowClient (read once per lint: four rules ask). */
export function stageTransitions(model: SemanticModel): readonly StageTransition[] {
  let transitions = transitionsByModel.get(model);
  if (!transitions) {
    transitions = mlflowClientCalls(model, 'transition_model_version_stage').map((site) => readStageTransition(model, site));
    transitionsByModel.set(model, transitions);
  }
  return transitions;
}

/** Whether the transition archives the versions already in the target stage (`archive_existing_versions=True`). */
export function archivesExistingVersions(model: SemanticModel, transition: StageTransition): boolean | undefined {
  if (!transition.archive) return hasSplatArguments(transition.site) ? undefined : false;
  return booleanValue(model, transition.archive);
}

/** `client.get_latest_versions(name, stages=[...])`: the call and its (non-None) stages argument. */
export function latestVersionsByStage(model: SemanticModel): Array<{ site: CallSite; stages: Node }> {
  const result: Array<{ site: CallSite; stages: Node }> = [];
  for (const site of mlflowClientCalls(model, 'get_latest_versions')) {
    const stages = argument(site, 'stages', 1);
    if (stages && model.resolveValue(stages).type !== 'none') result.push({ site, stages });
  }
  return result;
}

/** `mlflow.set_registry_uri("databricks-uc")` anywhere in the file: names are catalog.schema.model. */
export function usesUnityCatalogRegistry(model: SemanticModel): boolean {
  return model.callsNamed('set_registry_uri').some((site) => {
    if (site.qualifiedName !== 'mlflow.set_registry_uri') return false;
    const uri = stringValue(model, argument(site, 'uri', 0));
    return uri !== undefined && /^databricks-uc(:|$)/.test(uri.trim());
  });
}

/** A registered model name written in a registration call. */
export interface RegisteredModelName {
  site: CallSite;
  /** The argument as written in the call. */
  node: Node;
  /** Its literal value, followed through names. */
  value: string;
}

function isMlflowOrDatabricksCall(site: CallSite): boolean {
  const qualifiedName = site.qualifiedName;
  return !!qualifiedName && (qualifiedName.startsWith('mlflow.') || qualifiedName.startsWith('databricks.'));
}

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
  for (const keyword of model.nodesAroundText(['registered_model_name'], 'keyword_argument')) {
    if (field(keyword, 'name')?.text !== 'registered_model_name') continue;
    const call = keyword.parent?.parent;
    if (call?.type !== 'call') continue;
    const site = model.callSite(call);
    if (isMlflowOrDatabricksCall(site)) add(site, keywordArgument(site, 'registered_model_name'));
  }
  for (const site of model.callsNamed('register_model')) {
    if (site.qualifiedName === 'mlflow.register_model') add(site, argument(site, 'name', 1));
  }
  for (const site of mlflowClientCalls(model, 'create_registered_model')) add(site, argument(site, 'name', 0));
  return found.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/** The literal model names the file registers under (see registrationNameArguments). */
export function registeredModelNames(model: SemanticModel): RegisteredModelName[] {
  const found: RegisteredModelName[] = [];
  for (const { site, node } of registrationNameArguments(model)) {
    const value = stringValue(model, node);
    if (value !== undefined) found.push({ site, node, value });
  }
  return found;
}
