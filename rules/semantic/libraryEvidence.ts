import { FactCache } from '../engine/reads';
import type { Node } from 'web-tree-sitter';
import { ancestorOfType, namedChildren, unparenthesize } from '../engine/syntax';
import { classMethods } from './pythonModels';
import type { CallSite, SemanticModel } from './semanticModel';

/**
 * Whether a file shows a library at all (the spec's "API-specific names"): an import of it, a
 * `%pip install` of it, a `%run` of a notebook that could not be read, or — for what every
 * Databricks runtime ships — the Databricks notebook header. A method name that only one library has (`transition_model_version_stage`,
 * `mapInPandas`) then identifies that API on any receiver: a parameter, an attribute, a name
 * that comes from another notebook.
 */
export type Library = 'mlflow' | 'pyspark' | 'databricks-feature-store' | 'hyperopt' | 'optuna';

const MODULES: Record<Library, readonly string[]> = {
  mlflow: ['mlflow'],
  pyspark: ['pyspark', 'databricks.connect'],
  'databricks-feature-store': ['databricks.feature_store', 'databricks.feature_engineering'],
  hyperopt: ['hyperopt'],
  optuna: ['optuna'],
};

const DISTRIBUTIONS: Record<Library, readonly string[]> = {
  mlflow: ['mlflow', 'mlflow-skinny'],
  pyspark: ['pyspark', 'databricks-connect'],
  'databricks-feature-store': ['databricks-feature-store', 'databricks-feature-engineering'],
  hyperopt: ['hyperopt'],
  optuna: ['optuna', 'optuna-integration'],
};

/** Libraries a Databricks (ML) runtime provides to every notebook without an import. */
const ON_EVERY_DATABRICKS_RUNTIME: ReadonlySet<Library> = new Set(['mlflow', 'pyspark', 'databricks-feature-store', 'hyperopt']);

export function fileShowsLibrary(model: SemanticModel, library: Library): boolean {
  if (MODULES[library].some((module) => model.importsModule(module))) return true;
  if (model.notebook.pipRequirements.some((requirement) => DISTRIBUTIONS[library].includes(requirement.normalizedName))) return true;
  // A `%run` whose notebook could not be read may import it (the catalogue counts a %run); one
  // that was read brings its imports in, counted above.
  if (model.notebook.runCommands.length > 0) return true;
  return model.notebook.isDatabricksNotebook && ON_EVERY_DATABRICKS_RUNTIME.has(library);
}

/**
 * Whether the receiver of `site` is an object of a class defined in this file (a wrapper
 * around the API): its own methods are not the library's, and the calls inside them are
 * reported where they are.
 */
export function receiverIsLocalObject(model: SemanticModel, site: CallSite): boolean {
  if (!site.receiver) return false;
  let receiver: Node = unparenthesize(site.receiver);
  if (receiver.type === 'identifier' && receiver.text === 'self') return true;
  receiver = model.resolveValue(receiver);
  if (receiver.type !== 'call') return !!(receiver.type === 'identifier' && model.resolveClass(receiver));
  const callee = receiver.childForFieldName('function');
  const classNode = callee ? model.resolveClass(callee) : undefined;
  // A proxy (`__getattr__` forwarding to a client it wraps) that does not define the method itself passes the call on.
  return !!classNode && !(site.name && forwardsUndefinedMethod(classNode, site.name));
}

/** A class whose body defines `__getattr__` but not `method`. */
function forwardsUndefinedMethod(classNode: Node, method: string): boolean {
  const names = new Set(classMethods(classNode).map((definition) => definition.childForFieldName('name')?.text));
  return names.has('__getattr__') && !names.has(method);
}

/**
 * Calls of API-specific method names (`client.transition_model_version_stage(...)`) on a
 * receiver that is not known to be something else: the receiver resolves into one of
 * `qualifiedPrefixes`, or does not resolve at all, in a file that shows `library`. A receiver
 * that resolves elsewhere (`requests.Session()`), or an object of a class defined in the file,
 * does not count. Bare function calls of the name do not count either.
 */
export function apiSpecificMethodCalls(model: SemanticModel, library: Library, qualifiedPrefixes: readonly string[], ...names: string[]): CallSite[] {
  const sites = model.callsNamed(...names).filter((site) => !!site.receiver);
  if (sites.length === 0) return [];
  const shown = fileShowsLibrary(model, library);
  return sites.filter((site) => {
    const qualifiedName = site.qualifiedName;
    if (qualifiedName) return qualifiedPrefixes.some((prefix) => qualifiedName.startsWith(prefix));
    if (inheritedFromLibrary(model, site, qualifiedPrefixes)) return true;
    return shown && !receiverIsLocalObject(model, site);
  });
}

/**
 * `self.get_latest_versions(name)` in a method of `class Registry(MlflowClient)` that does not
 * define the method itself: the library class's method, inherited.
 */
function inheritedFromLibrary(model: SemanticModel, site: CallSite, qualifiedPrefixes: readonly string[]): boolean {
  const receiver = site.receiver ? unparenthesize(site.receiver) : undefined;
  if (receiver?.type !== 'identifier' || receiver.text !== 'self' || !site.name) return false;
  const method = ancestorOfType(site.node, ['function_definition']);
  const classNode = method ? ancestorOfType(method, ['class_definition']) : undefined;
  if (!classNode || method?.parent?.parent?.id !== classNode.id) return false;
  if (classMethods(classNode).some((definition) => definition.childForFieldName('name')?.text === site.name)) return false;
  const bases = classNode.childForFieldName('superclasses');
  const listed = bases ? namedChildren(bases).filter((base) => base.type !== 'keyword_argument') : [];
  // A class of the file among the bases may define it (a mixin that overrides the method).
  const definesIt = (classDefinition: Node) => classMethods(classDefinition).some((definition) => definition.childForFieldName('name')?.text === site.name);
  if (listed.some((base) => {
    const local = model.resolveClass(base);
    return !!local && definesIt(local);
  })) return false;
  return listed.some((base) => {
    const path = model.resolveQualifiedName(base);
    return path !== undefined && qualifiedPrefixes.includes(`${path}.`);
  });
}

/**
 * A string that starts with a DBFS path (`"/dbfs/..."`, `f"dbfs:/..."`): only a Databricks
 * cluster mounts DBFS at /dbfs, and only Databricks tools read dbfs:/ URIs. (`/Volumes/` is
 * not evidence: macOS mounts disks there.)
 */
const DBFS_PATH_STRING = /(?:^|[^\w])[rRbBuUfF]{0,2}["'](?:\/dbfs\/|dbfs:\/)/m;

/**
 * Whether the file is Databricks code: a Databricks notebook export, an import of a
 * `databricks` package, `dbutils` in the code (not in a string or a comment), a DBFS path, or MLflow pointed at `databricks`. Facts that
 * hold only on Databricks (the default registry of current runtimes is Unity Catalog) are
 * noise in a script written for an open-source MLflow server.
 */
export function fileRunsOnDatabricks(model: SemanticModel): boolean {
  // Asked once per finding by some rules: answered once per model.
  return runsOnDatabricks.get(model, () => readRunsOnDatabricks(model));
}

const runsOnDatabricks = new FactCache<SemanticModel, boolean>();

/** Packages that exist only to talk to Databricks: the SDK and Connect (`databricks.*`), the registry webhooks client, the legacy CLI. */
const DATABRICKS_MODULES = ['databricks', 'databricks_registry_webhooks', 'databricks_cli'];

function readRunsOnDatabricks(model: SemanticModel): boolean {
  if (model.notebook.isDatabricksNotebook || DATABRICKS_MODULES.some((module) => model.importsModule(module))) return true;
  if (model.notebook.pipRequirements.some((requirement) => requirement.normalizedName.startsWith('databricks'))) return true;
  // `dbutils` used as code: the word in a string or a comment (a test of code that mentions it) is no evidence.
  if (model.nodesAroundText(['dbutils'], 'identifier').some((node) => node.text === 'dbutils') || model.document.textMatches(DBFS_PATH_STRING)) return true;
  return model.callsNamed('set_tracking_uri', 'set_registry_uri').some((site) => /["']databricks/.test(site.arguments?.text ?? ''));
}
