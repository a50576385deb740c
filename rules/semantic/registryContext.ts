import { FactCache } from '../engine/reads';
import type { Node } from 'web-tree-sitter';
import type { SourceDocument } from '../engine/sourceDocument';
import type { Trigger } from '../engine/types';
import { ancestorOfType, ancestorsOf, comparisonOperators, contains, field, namedChildren, unparenthesize } from '../engine/syntax';
import { allArguments, argument } from './calls';
import { isArchiveBeforeDelete, MLFLOW_CLIENT_CLASSES, registrationNameArguments, registryClientCalls, sameModelName, type StageTransition } from './modelRegistry';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringTemplate, UNKNOWN_PART } from './stringTemplates';
import { literalString, stringValue } from './values';
import { placeOf, runsBefore, scopeOf, type StatementPlace } from './statementPlaces';
import { modelUrisInFile } from './modelUris';
import { blockLeaves, conditionMentions, conditionsBefore } from './ifChains';
import { magicCellLines } from './notebook';
import { isTestSuiteDocument } from './testCode';
import { writesEnvironmentVariable } from './environmentDefaults';
import { fileRunsOnDatabricks } from './libraryEvidence';

/**
 * Which model registry a file talks to (the spec's "Context" principle), because several
 * facts depend on it: stages and registry webhooks exist only in the workspace registry (and
 * open-source MLflow servers); Unity Catalog refuses them, wants a signature with outputs,
 * and completes short model names from the session's current catalog and schema.
 *
 * - `unity-catalog`: `set_registry_uri("databricks-uc")`, `MlflowClient(registry_uri=
 *   "databricks-uc")`, a three-part model name (`catalog.schema.model`, literal or template)
 *   registered, loaded or given an alias, or a `FeatureEngineeringClient`.
 * - `workspace`: `set_registry_uri("databricks")` (or any other registry that has stages: a
 *   tracking server, a local store), `MlflowClient(registry_uri="databricks")`, or a
 *   `FeatureStoreClient` with no Unity Catalog signal.
 * - otherwise the registry the project's configuration declares (`registry = "unity-catalog"`).
 * - `unknown`: neither, or explicit settings that disagree. Current Databricks runtimes default
 *   to Unity Catalog, but rules only say "in Unity Catalog, ..." then.
 *
 * One call's registry (registryContextOfCall) is its client's `registry_uri` if given, else
 * the `set_registry_uri` / `set_tracking_uri` to a store of its own that always runs before
 * it, else MLflow's own store on a branch away from Databricks (`else` of `if mode ==
 * "databricks"`), else the file's.
 */
export type RegistryContext = 'unity-catalog' | 'workspace' | 'unknown';

export interface RegistryContextInfo {
  context: RegistryContext;
  /** What showed it, for messages: `mlflow.set_registry_uri("databricks-uc")`, `the three-part name "ml.churn.model"`. */
  evidence?: string;
  /**
   * The registry is the store the tracking URI names (`set_tracking_uri("file:///tmp/mlruns")`,
   * a tracking server): MLflow's own stages, not the workspace registry's, even on Databricks.
   */
  ownStore?: true;
}

const UNKNOWN: RegistryContextInfo = { context: 'unknown' };

/** Endings of file names (`f"{run_id}.csv"`), which end no model name. */
const FILE_EXTENSION = String.raw`(?:csv|tsv|txt|json|jsonl|ya?ml|toml|parquet|pkl|pickle|joblib|db|sqlite|log|png|jpe?g|svg|html?|pdf|md|py|ipynb|zip|gz|tar|npy|npz|h5|pt|pth|onnx|xlsx?|feather|avro|bin|pb|ckpt|safetensors)`;

/**
 * What the code must show for computeRegistryContext (or a call's registry) to be Unity
 * Catalog without a declared registry, as trigger words (engine/triggers): a file with none of
 * them is not parsed for a rule that reports only there. A registry URI `databricks-uc` (a
 * set_registry_uri, a client's registry_uri), a FeatureEngineeringClient, a `models:/` URI, or
 * a three-part name, whose two dots are written in string pieces: both in one piece
 * (`"main.ml.churn"`, `f"{c}.{s}.m"`, `"%s.%s.%s"`, `"main.ml." + name`), or one where the piece
 * meets another (`f"{base}.churn"`, `"main." + schema`, `catalog + "." + schema`, `"%s." % c`).
 * Not signs: a string of four parts or more (`"127.0.0.1"`, a module path) or one that starts
 * with a digit (a version), a file name (`f"{key}.csv"`), a sentence's last word (`"hour."`).
 */
export const UNITY_CATALOG_SIGNS: readonly Trigger[] = [
  'databricks-uc',
  'FeatureEngineeringClient',
  'models:/',
  // Three parts in one string of name characters (`\w`, `-`, backquotes, `%s`, `$`) and interpolations.
  /["'](?!\d)(?:[\w%`$-]|\{[^{}\n]*\})*\.(?:[\w%`$-]|\{[^{}\n]*\})+\.(?:[\w%`$-]|\{[^{}\n]*\})*["']/,
  // A dot after or before an interpolation, a printf field, or a string joined by `+`.
  new RegExp(String.raw`\}\.(?=[\w{%\`-])(?!${FILE_EXTENSION}["'])|\.\{|%(?:\([^)\n]*\))?s\.|\.%|["'][\w\`-]*\.["']\s*\+|\+=?\s*["']\.[\w\`-]*["']|=\s*["']\.["']`),
];

/**
 * The registry a registry URI names; undefined for a URI read at run time. Any scheme but
 * Databricks' (`sqlite:`, `file:`, a server, a bare path) is a store of MLflow's own: it has
 * stages, but it is no Databricks registry.
 */
function registryOfUri(uri: string | undefined): UriRegistry | undefined {
  if (uri === undefined) return undefined;
  const value = uri.trim();
  if (/^databricks-uc(?::|$)/.test(value)) return { context: 'unity-catalog' };
  if (value === '') return undefined;
  // `databricks`, `databricks://profile`: the workspace registry.
  return /^databricks(?::|$)/.test(value) ? { context: 'workspace' } : { context: 'workspace', ownStore: true };
}

/** What a registry URI says: the registry, and whether it is a store of MLflow's own. */
type UriRegistry = Pick<RegistryContextInfo, 'context' | 'ownStore'>;

/**
 * The registry a URI expression names, also when part of it is computed: the scheme decides
 * (`f"databricks-uc://{profile}"` is Unity Catalog, `f"databricks://{profile}"` the workspace
 * registry, `"sqlite:///" + path` a store of its own); undefined while the scheme itself is
 * computed (`f"databricks{suffix}"`).
 */
function registryOfExpression(model: SemanticModel, node: Node | undefined): UriRegistry | undefined {
  const template = stringTemplate(model, node);
  if (!template) return undefined;
  if (template.exact) return registryOfUri(template.text);
  const known = template.text.split(UNKNOWN_PART)[0];
  const scheme = /^\s*([\w.+-]+):/.exec(known)?.[1];
  return scheme === undefined ? undefined : registryOfUri(`${scheme}:`);
}

/**
 * The one value a class assigns to `self.<attribute>` (`self.model_name = f"{catalog}.{schema}.m"`
 * in `__init__`), for a use of `self.<attribute>` in one of its methods. Undefined when the class
 * assigns it more than once, changes it in place, or the expression is something else.
 */
export function selfAttributeValue(model: SemanticModel, node: Node): Node | undefined {
  const expr = model.resolveValue(node);
  const object = expr.type === 'attribute' ? field(expr, 'object') : undefined;
  const attribute = expr.type === 'attribute' ? field(expr, 'attribute') : undefined;
  if (object?.type !== 'identifier' || object.text !== 'self' || !attribute) return undefined;
  const owner = ancestorOfType(expr, ['class_definition']);
  if (!owner) return undefined;
  const isSameAttribute = (target: Node | undefined) =>
    target?.type === 'attribute' && field(target, 'object')?.text === 'self' && field(target, 'attribute')?.text === attribute.text;
  const values: Node[] = [];
  for (const statement of owner.descendantsOfType(['assignment', 'augmented_assignment'])) {
    if (!statement || !isSameAttribute(field(statement, 'left'))) continue;
    const value = statement.type === 'assignment' ? field(statement, 'right') : undefined;
    if (!value) return undefined;
    values.push(value);
  }
  return values.length === 1 ? values[0] : undefined;
}

/** The number of dot-separated parts of a model name, when the text shows them (`f"{c}.{s}.m"` has 3). */
export function modelNameParts(model: SemanticModel, node: Node | undefined): number | undefined {
  const template = stringTemplate(model, node ? (selfAttributeValue(model, node) ?? node) : undefined);
  if (!template) return undefined;
  const parts = template.text.split('.');
  // `f"{name}"` alone may hold any number of parts.
  if (parts.length === 1 && template.text.includes(UNKNOWN_PART)) return undefined;
  if (parts.some((part) => part === '')) return undefined;
  return parts.length;
}

/**
 * Whether a model name, known exactly, cannot be a Unity Catalog name: Unity Catalog allows no
 * space, no forward slash and no control character in an object's name (Databricks, "Names"),
 * so `"Churn Prediction Bank"` is a workspace registry's (or an open-source server's) model.
 * A plain one-part name may be Unity Catalog's: MLflow completes it from the current catalog
 * and schema there.
 */
function cannotBeUnityCatalogName(name: string): boolean {
  // The parts of a template the file does not show are left out: a space in the known text decides.
  return /[\s/\u0001-\u001f\u007f]/.test(name.split(UNKNOWN_PART).join(''));
}

/**
 * The registry a call works with, given the model name it names: in a Databricks notebook whose
 * registry the code does not show, a name Unity Catalog cannot hold (`"Churn Prediction Bank"`,
 * `f"{PREFIX} churn"`) is the workspace registry's.
 */
export function registryByModelName(model: SemanticModel, registry: RegistryContextInfo, name: Node | undefined): RegistryContext {
  return registryByModelNameText(model, registry, () => (name ? stringTemplate(model, name)?.text : undefined));
}

/** registryByModelName for a name known by its text (the name part of a `models:/` URI), asked only when it can matter. */
export function registryByModelNameText(model: SemanticModel, registry: RegistryContextInfo, nameText: () => string | undefined): RegistryContext {
  if (registry.context !== 'unknown' || registry.ownStore || !fileRunsOnDatabricks(model)) return registry.context;
  const text = nameText();
  return text !== undefined && cannotBeUnityCatalogName(text) ? 'workspace' : registry.context;
}

/**
 * A model name as a message shows it: as written (a literal with its quotes, an f-string), and
 * for a name or a `self.` attribute, with the text it holds: `MODEL ("ml.s.churn")`.
 */
function shownModelName(model: SemanticModel, node: Node): string {
  const written = selfAttributeValue(model, node) ?? node;
  if (written.type === 'string' || written.type === 'concatenated_string') return written.text;
  const value = stringValue(model, written);
  return value !== undefined ? `${node.text} ("${value}")` : written.text;
}

const SET_REGISTRY_URI = ['mlflow.set_registry_uri', 'mlflow.tracking.set_registry_uri'];
const SET_TRACKING_URI = ['mlflow.set_tracking_uri', 'mlflow.tracking.set_tracking_uri'];

/** `MlflowClient(tracking_uri, registry_uri)`: the registry it was built for, if written. */
function clientRegistry(model: SemanticModel, constructorCall: Node): UriRegistry | undefined {
  const site = model.callSite(constructorCall);
  return registryOfExpression(model, argument(site, 'registry_uri', 1));
}

/**
 * The registry a client's own calls go to: its `registry_uri`; without one, MLflow resolves the
 * session's registry, then the client's `tracking_uri` (`_resolve_registry_uri`), so a client
 * built for a store of MLflow's own (`MlflowClient(tracking_uri="sqlite:///registry.db")`) talks
 * to that store, unless the file sets a session registry (`set_registry_uri`, the
 * MLFLOW_REGISTRY_URI variable), which MLflow takes first. Only that client's calls: the
 * session's own calls (`mlflow.pyfunc.load_model`) go to the session's registry.
 */
function clientCallRegistry(model: SemanticModel, constructorCall: Node): RegistryContextInfo | undefined {
  const written = clientRegistry(model, constructorCall);
  if (written || argument(model.callSite(constructorCall), 'registry_uri', 1)) return written && clientEvidence(written);
  const tracking = registryOfExpression(model, argument(model.callSite(constructorCall), 'tracking_uri', 0));
  if (!tracking?.ownStore || model.callsNamed('set_registry_uri').length > 0 || writesEnvironmentVariable(model, 'MLFLOW_REGISTRY_URI')) return undefined;
  return { ...tracking, evidence: 'MlflowClient(tracking_uri=...) for a store of its own' };
}

/** A client's own registry, as context evidence for messages. */
function clientEvidence(registry: UriRegistry): RegistryContextInfo {
  const which = registry.context === 'unity-catalog' ? 'Unity Catalog' : registry.ownStore ? 'a store of its own' : 'the workspace registry';
  return { ...registry, evidence: `MlflowClient(registry_uri=...) for ${which}` };
}

function isClientConstructor(site: CallSite): boolean {
  return !!site.qualifiedName && MLFLOW_CLIENT_CLASSES.includes(site.qualifiedName) && site.name === site.qualifiedName.split('.').pop();
}

const FEATURE_ENGINEERING = ['databricks.feature_engineering.FeatureEngineeringClient', 'databricks.feature_engineering.client.FeatureEngineeringClient'];
const FEATURE_STORE = ['databricks.feature_store.FeatureStoreClient', 'databricks.feature_store.client.FeatureStoreClient'];

/** `models:/a.b.c/...` or `models:/a.b.c@alias` written anywhere in the file. */
function threePartModelUri(model: SemanticModel): string | undefined {
  // The URIs the file uses: not those of docstrings, messages or comparisons.
  return modelUrisInFile(model).find((uri) => uri.nameParts === 3)?.name;
}

function computeRegistryContext(model: SemanticModel): RegistryContextInfo {
  // `set_registry_uri` sets the registry of the session; a client's own `registry_uri` only
  // that client's, so it decides the file only when the session's is not set.
  const session: RegistryContextInfo[] = [];
  for (const site of model.callsNamed('set_registry_uri')) {
    if (!site.qualifiedName || !SET_REGISTRY_URI.includes(site.qualifiedName)) continue;
    const written = argument(site, 'uri', 0);
    const registry = registryOfExpression(model, written);
    if (registry) {
      const uri = stringValue(model, written);
      session.push({ ...registry, evidence: uri !== undefined ? `mlflow.set_registry_uri("${uri}")` : `mlflow.set_registry_uri(${written?.text ?? ''})` });
      continue;
    }
    // A registry chosen at run time (`"databricks-uc" if is_uc else "databricks"`, a widget):
    // the file may talk to either, so it decides nothing.
    const value = written ? model.resolveValue(written) : undefined;
    const arms = value?.type === 'conditional_expression' ? [namedChildren(value)[0], namedChildren(value)[2]] : [];
    const armRegistries = new Set(arms.map((arm) => registryOfUri(stringValue(model, arm))?.context));
    if (armRegistries.size === 1 && !armRegistries.has(undefined)) session.push({ context: [...armRegistries][0]!, evidence: `mlflow.set_registry_uri(...)` });
    else if (value && value.type !== 'none') return UNKNOWN;
  }
  const clients: RegistryContextInfo[] = [];
  for (const site of model.callsNamed(...new Set(MLFLOW_CLIENT_CLASSES.map((path) => path.split('.').pop()!)))) {
    if (!isClientConstructor(site)) continue;
    const registry = clientRegistry(model, site.node);
    if (registry) clients.push(clientEvidence(registry));
  }
  // A client built for one registry, in a file that points tracking at a store it does not show
  // is Databricks' (a server read from the environment, `http://...`), is that client's alone:
  // a migration reads from one registry and registers in the other.
  const trackingElsewhere = model.callsNamed('set_tracking_uri').some((site) => {
    if (!site.qualifiedName || !SET_TRACKING_URI.includes(site.qualifiedName)) return false;
    const registry = registryOfExpression(model, argument(site, 'uri', 0));
    return !registry || !!registry.ownStore;
  });
  for (const explicit of [session, trackingElsewhere ? [] : clients]) {
    const kinds = new Set(explicit.map((entry) => entry.context));
    if (kinds.size === 1) return explicit[0];
    if (kinds.size > 1) return UNKNOWN;
  }

  // Implicit signals: what the code registers, loads or builds.
  for (const { node } of registrationNameArguments(model)) {
    if (modelNameParts(model, node) === 3) {
      return { context: 'unity-catalog', evidence: `the three-part model name ${shownModelName(model, node)}` };
    }
  }
  // An alias set, read or deleted on a three-part name (`get_model_version_by_alias("main.ml.churn", "champion")`).
  for (const site of registryClientCalls(model, 'set_registered_model_alias', 'get_model_version_by_alias', 'delete_registered_model_alias')) {
    const name = argument(site, 'name', 0);
    if (name && modelNameParts(model, name) === 3) {
      return { context: 'unity-catalog', evidence: `the three-part model name ${shownModelName(model, name)}` };
    }
  }
  const uri = threePartModelUri(model);
  if (uri) return { context: 'unity-catalog', evidence: `the three-part model name "${uri}"` };
  if (model.callsNamed('FeatureEngineeringClient').some((site) => !!site.qualifiedName && FEATURE_ENGINEERING.includes(site.qualifiedName))) {
    return { context: 'unity-catalog', evidence: 'FeatureEngineeringClient' };
  }
  for (const site of model.callsNamed('set_tracking_uri')) {
    if (!site.qualifiedName || !SET_TRACKING_URI.includes(site.qualifiedName)) continue;
    // Without a registry URI, the registry is the tracking store.
    const store = ownTrackingStore(model, argument(site, 'uri', 0));
    if (store) return store;
  }
  if (model.callsNamed('FeatureStoreClient').some((site) => !!site.qualifiedName && FEATURE_STORE.includes(site.qualifiedName))) {
    return { context: 'workspace', evidence: 'FeatureStoreClient' };
  }
  if (model.declaredRegistry) return { context: model.declaredRegistry, evidence: `registry = "${model.declaredRegistry}" in the mltraps configuration` };
  return UNKNOWN;
}

const cache = new FactCache<SemanticModel, RegistryContextInfo>();

/** The registry the file as a whole talks to (computed once per semantic model). */
export function registryContext(model: SemanticModel): RegistryContextInfo {
  return cache.get(model, () => computeRegistryContext(model));
}

/**
 * The registry one client call talks to: the client's own `registry_uri` when its constructor
 * shows one (a migration notebook may hold a workspace client and a Unity Catalog client side
 * by side), else the file's.
 */
export function registryContextOfCall(model: SemanticModel, site: CallSite): RegistryContextInfo {
  const receiver = site.receiver ? model.resolveValue(unparenthesize(site.receiver)) : undefined;
  if (receiver?.type === 'call') {
    const constructor = model.callSite(receiver);
    if (isClientConstructor(constructor)) {
      const registry = clientCallRegistry(model, receiver);
      if (registry) return registry;
    }
  }
  return registrySetOnTheWay(model, site.node) ?? offDatabricksBranch(site.node) ?? registryContext(model);
}

/** `"databricks"` compared with: `mode == "databricks"`, `env != 'Databricks'`. */
function comparesWithDatabricks(condition: Node | null | undefined, operator: '==' | '!='): boolean {
  const comparison = condition ? unparenthesize(condition) : undefined;
  if (comparison?.type !== 'comparison_operator') return false;
  const operands = namedChildren(comparison);
  const operators = comparisonOperators(comparison);
  return operands.length === 2 && operators.length === 1 && operators[0] === operator && operands.some((operand) => /^databricks$/i.test(literalString(operand) ?? ''));
}

/**
 * A call on the branch a notebook takes away from Databricks (`if mode == "databricks": ...
 * else: <here>`, `if env != "databricks": <here>`) talks to MLflow's own store of that
 * environment, not to a Databricks registry, whatever registry the other branch uses.
 */
function offDatabricksBranch(node: Node): RegistryContextInfo | undefined {
  for (const ancestor of ancestorsOf(node)) {
    if (ancestor.type !== 'if_statement') continue;
    const condition = field(ancestor, 'condition');
    const consequence = field(ancestor, 'consequence');
    const inConsequence = !!consequence && contains(consequence, node);
    const inAlternative = !inConsequence && !(condition && contains(condition, node));
    if ((inAlternative && comparesWithDatabricks(condition, '==')) || (inConsequence && comparesWithDatabricks(condition, '!='))) {
      return { context: 'workspace', evidence: 'a branch for an environment other than Databricks', ownStore: true };
    }
  }
  return undefined;
}

/**
 * The registry that a `set_registry_uri`, or a `set_tracking_uri` to a store of its own (a
 * server, `file:///tmp/mlruns`), sets on the way to `node`: the nearest such statement that
 * always runs before it (earlier in its block or an enclosing one, within the same function;
 * at the top level, an earlier cell). A branch that talks to a local store
 * (`else: mlflow.set_tracking_uri("file:///tmp/mlruns")`) uses that store's stages whatever
 * registry the other branch uses. Undefined when none is known: the file's context holds.
 */
function registrySetOnTheWay(model: SemanticModel, node: Node): RegistryContextInfo | undefined {
  const setters = uriSetters(model);
  if (setters.length === 0) return undefined;
  const scope = scopeOf(node);
  // The last setter that starts before the node, then backwards: the nearest that always runs
  // first decides, a registry URI over any tracking URI set after it.
  let low = 0;
  let high = setters.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (setters[mid].at < node.startIndex) low = mid + 1;
    else high = mid;
  }
  let tracking: UriSetter | undefined;
  for (let index = low - 1; index >= 0; index--) {
    const setter = setters[index];
    if (!runsBefore(setter, node, scope)) continue;
    if (setter.setsRegistry) return setter.info;
    tracking ??= setter;
  }
  return tracking?.info;
}

/**
 * The registry of a tracking URI that names a store of its own (a server, `file:///tmp/mlruns`):
 * that store's, with MLflow's own stages. Undefined for "databricks", which may mean either
 * Databricks registry, and for a URI the file does not show.
 */
function ownTrackingStore(model: SemanticModel, uri: Node | undefined): RegistryContextInfo | undefined {
  // The scheme decides, also of a computed URI (`f"sqlite:///{tmp_path}/mlflow.db"`).
  if (!registryOfExpression(model, uri)?.ownStore) return undefined;
  const value = stringValue(model, uri);
  return { context: 'workspace', evidence: value !== undefined ? `mlflow.set_tracking_uri("${value}")` : `mlflow.set_tracking_uri(${uri?.text ?? ''})`, ownStore: true };
}

/** A `set_registry_uri` / `set_tracking_uri` statement and where it sits. */
interface UriSetter extends StatementPlace {
  at: number;
  setsRegistry: boolean;
  /** The registry it sets; for a tracking URI, only a store of its own (not "databricks"). */
  info: RegistryContextInfo | undefined;
}

const settersByModel = new FactCache<SemanticModel, UriSetter[]>();

/** The file's statements that set the registry or tracking URI, in program order (read once per document). */
function uriSetters(model: SemanticModel): UriSetter[] {
  return settersByModel.get(model, () => {
    const setters: UriSetter[] = [];
    for (const site of model.callsNamed('set_registry_uri', 'set_tracking_uri')) {
      const qualified = site.qualifiedName ?? '';
      const setsRegistry = SET_REGISTRY_URI.includes(qualified);
      if (!setsRegistry && !SET_TRACKING_URI.includes(qualified)) continue;
      const statement = site.node.parent;
      if (statement?.type !== 'expression_statement' || !statement.parent) continue;
      const written = argument(site, 'uri', 0);
      let info: RegistryContextInfo | undefined;
      if (setsRegistry) {
        const registry = registryOfExpression(model, written);
        const uri = stringValue(model, written);
        info = registry && { ...registry, evidence: uri !== undefined ? `mlflow.set_registry_uri("${uri}")` : `mlflow.set_registry_uri(${written?.text ?? ''})` };
      } else info = ownTrackingStore(model, written);
      setters.push({ at: site.node.startIndex, setsRegistry, info, ...placeOf(statement) });
    }
    return setters.sort((a, b) => a.at - b.at);
  });
}

/** Names and texts that say "Unity Catalog" in a condition: `is_unity_catalog(name)`, `use_uc`, `"databricks-uc"`, `get_registry_uri()`. */
const UNITY_CATALOG_WORD = /unity_?catalog|(?:^|_)uc(?:$|_)|databricks-uc|get_registry_uri/i;
/** Where the text may hold a name or string that UNITY_CATALOG_WORD matches (a `uc` between non-alphanumerics, ...). */
const UNITY_CATALOG_TEXT = /unity_?catalog|(?<![A-Za-z0-9])uc(?![A-Za-z0-9])|databricks-uc|get_registry_uri/gi;

function mentionsUnityCatalog(condition: Node): boolean {
  return conditionMentions(condition, UNITY_CATALOG_WORD);
}

/**
 * Whether `node` runs only on one side of a check that the model is (not) in Unity Catalog:
 * inside an if/elif/else whose conditions mention it (`if is_unity_catalog(name): ... else:
 * client.transition_model_version_stage(...)`), or after an `if <that check>: return` earlier in
 * an enclosing block. Such code knows which registry it talks to.
 */
export function isGuardedAgainstUnityCatalog(document: SourceDocument, node: Node): boolean {
  // The ancestors read in one descent (a walk up with `parent` is quadratic in depth).
  const chain = ancestorsOf(node);
  for (let index = chain.length - 1; index >= 1; index--) {
    const current = chain[index];
    const parent = chain[index - 1];
    if (parent.type === 'if_statement' && current.id !== field(parent, 'condition')?.id) {
      if (conditionsBefore(parent, current).some(mentionsUnityCatalog)) return true;
    }
    if (parent.type === 'conditional_expression') {
      const condition = namedChildren(parent)[1];
      if (condition && condition.id !== current.id && mentionsUnityCatalog(condition)) return true;
    }
    if (parent.type === 'block' || parent.type === 'module') {
      if (leavingGuardStarts(document, parent).some((start) => start < current.startIndex)) return true;
    }
  }
  return false;
}

const leavingGuards = new WeakMap<SourceDocument, Map<number, number[]>>();

/**
 * Where the statements of a block start that are `if <Unity Catalog check>:` with a body that
 * leaves (return, raise...): read once per block, not once per finding in it (a block of
 * thousands of flagged calls made that quadratic).
 */
function leavingGuardStarts(document: SourceDocument, block: Node): number[] {
  // Read from the block's own statements (a node of a tree already recorded as read).
  let byBlock = leavingGuards.get(document);
  if (!byBlock) leavingGuards.set(document, (byBlock = new Map()));
  let starts = byBlock.get(block.id);
  if (!starts) {
    starts = [];
    // At module level, every cell's statements: only those that mention Unity Catalog can be one.
    const statements = block.type === 'module' ? document.moduleStatementsMatching(UNITY_CATALOG_TEXT) : document.statementsIn(block);
    for (const statement of statements) {
      if (statement.type !== 'if_statement') continue;
      const condition = field(statement, 'condition');
      if (condition && mentionsUnityCatalog(condition) && blockLeaves(field(statement, 'consequence'))) starts.push(statement.startIndex);
    }
    byBlock.set(block.id, starts);
  }
  return starts;
}

/**
 * Code that deliberately uses the workspace registry's stages, on which MLT401 stays silent:
 * code guarded by a Unity Catalog check, and moving a version to Archived or None before
 * deleting it (the workspace registry deletes only versions in those stages).
 */
export function isDeliberateWorkspaceRegistryCall(model: SemanticModel, transition: StageTransition): boolean {
  return isGuardedAgainstUnityCatalog(model.document, transition.site.node) || isArchiveBeforeDelete(model, transition);
}

/**
 * A test file (`test_*.py`, under `tests/`) that talks to a store of MLflow's own
 * (`set_registry_uri("sqlite:///" + tmp)`, a client built with such a `registry_uri`, an MLflow
 * server): a library's tests of its stage support, where stages work and are what is tested. The
 * code under test is where a stage API is reported. A notebook's `def test_model(name, stage)`
 * is no such test: it is how a course loads its model.
 */
export function isStageTestOnOwnStore(model: SemanticModel, registry: RegistryContextInfo): boolean {
  return !!registry.ownStore && isTestSuiteDocument(model.document);
}

/** Whether an expression is a client built for the workspace registry (`MlflowClient(registry_uri="databricks")`). */
function isWorkspaceClient(model: SemanticModel, node: Node | undefined): boolean {
  if (!node) return false;
  const value = model.resolveValue(unparenthesize(node));
  return value.type === 'call' && isClientConstructor(model.callSite(value)) && clientRegistry(model, value)?.context === 'workspace';
}

const workspaceClientCalls = new FactCache<SemanticModel, Node[][]>();

/**
 * The argument values of the file's calls that go with a client built for the workspace
 * registry, as receiver or as argument (`legacy.get_model_version(name, 1)`, `promote(legacy,
 * name)`): read once per semantic model, however many model names ask.
 */
function workspaceClientCallArguments(model: SemanticModel): Node[][] {
  return workspaceClientCalls.get(model, () => {
    const found: Node[][] = [];
    // Only a client the file builds for the workspace registry makes one: without one, no call goes with it.
    const clientNames = [...new Set(MLFLOW_CLIENT_CLASSES.map((name) => name.split('.').pop()!))];
    const builds = model.callsNamed(...clientNames).some((site) => isClientConstructor(site) && clientRegistry(model, site.node)?.context === 'workspace');
    for (const site of builds ? model.calls() : []) {
      if (!site.arguments) continue;
      const args = allArguments(site).map((node) => (node.type === 'keyword_argument' ? (field(node, 'value') ?? node) : node));
      if (isWorkspaceClient(model, site.receiver) || args.some((node) => isWorkspaceClient(model, node))) found.push(args);
    }
    return found;
  });
}

/**
 * The registry a model name belongs to: Unity Catalog for a three-part name; the workspace
 * registry when the same name goes with a client built for it (`legacy.get_model_version(name,
 * ...)`, `promote(legacy, name, ...)`); else the file's.
 */
export function registryContextOfModelName(model: SemanticModel, name: Node | undefined): RegistryContextInfo {
  if (!name) return registryContext(model);
  if (modelNameParts(model, name) === 3) return { context: 'unity-catalog', evidence: `the three-part model name ${shownModelName(model, name)}` };
  if (workspaceClientCallArguments(model).some((args) => args.some((node) => sameModelName(model, node, name)))) {
    return { context: 'workspace', evidence: 'a client built for the workspace registry uses this model' };
  }
  return registryContext(model);
}

/** The session's current catalog and schema as the file sets them before a point. */
export interface SessionNamespace {
  /** The catalog set by `USE CATALOG` / `USE c.s` / `spark.catalog.setCurrentCatalog`, when its value is known. */
  catalog?: string;
  schema?: string;
  /** Some statement before the point sets the catalog or schema (its value may be unknown). */
  set: boolean;
}

const USE_STATEMENT = /^\s*USE\s+(?:(CATALOG|SCHEMA|DATABASE)\s+)?(`[^`]+`(?:\.`[^`]+`)?|[\w${}\-\u0000]+(?:\.[\w${}\-\u0000]+)?)\s*;?\s*$/i;

function applyUse(namespace: SessionNamespace, sql: string): void {
  const match = USE_STATEMENT.exec(sql);
  if (!match) return;
  namespace.set = true;
  const kind = match[1]?.toUpperCase();
  const parts = match[2].split('.').map((part) => part.replace(/`/g, ''));
  const known = (part: string | undefined) => (part !== undefined && !/[\u0000{}$]/.test(part) ? part : undefined);
  if (kind === 'CATALOG') {
    namespace.catalog = known(parts[0]);
    namespace.schema = undefined;
  } else if (parts.length === 2) {
    namespace.catalog = known(parts[0]);
    namespace.schema = known(parts[1]);
  } else {
    namespace.schema = known(parts[0]);
  }
}

/**
 * The current catalog and schema that the file sets before `offset`: `spark.sql("USE CATALOG
 * ...")`, `USE SCHEMA`, `USE c.s`, `%sql` cells, `spark.catalog.setCurrentCatalog/Database`.
 * Unity Catalog completes a short model name from them.
 */
export function sessionNamespaceAt(model: SemanticModel, offset: number): SessionNamespace {
  const namespace: SessionNamespace = { set: false };
  for (const { at, sql } of useStatements(model)) {
    if (at >= offset) break;
    applyUse(namespace, sql);
  }
  return namespace;
}

const useStatementsByModel = new FactCache<SemanticModel, Array<{ at: number; sql: string }>>();

/** The SQL the file runs that may set the current catalog or schema, in document order (read once per semantic model). */
function useStatements(model: SemanticModel): Array<{ at: number; sql: string }> {
  return useStatementsByModel.get(model, () => readUseStatements(model));
}

function readUseStatements(model: SemanticModel): Array<{ at: number; sql: string }> {
  const statements: Array<{ at: number; sql: string }> = [];
  for (const site of model.callsNamed('sql', 'setCurrentCatalog', 'setCurrentDatabase')) {
    if (!site.receiver) continue;
    const template = stringTemplate(model, argument(site, site.name === 'sql' ? 'sqlQuery' : 'catalogName', 0));
    if (!template) continue;
    const value = template.text.trim();
    const sql = site.name === 'sql' ? value : site.name === 'setCurrentCatalog' ? `USE CATALOG ${value}` : `USE SCHEMA ${value}`;
    statements.push({ at: site.node.startIndex, sql });
  }
  for (const cell of model.notebook.cells) {
    if (cell.magic !== '%sql') continue;
    for (const { line, body } of magicCellLines(model.document, cell)) {
      statements.push({ at: model.document.offsetAt({ line, character: 0 }), sql: body.replace(/^\s*%sql\s*/, '').trimStart() });
    }
  }
  statements.sort((a, b) => a.at - b.at);
  return statements;
}
