import { carriedFact, type OffsetShift } from '../engine/carriedFacts';
import { KeyedFactCache } from '../engine/reads';
import type { Node } from 'web-tree-sitter';
import { detached } from '../engine/detachedText';
import { TextMemo } from '../engine/textMemo';
import { ancestorOfType, ancestorsAbove, contains, dottedChainHead, field, firstStartingFrom, namedChildren } from '../engine/syntax';
import { MODULE_SCOPE } from './bindings';
import { positionalArguments } from './calls';
import { constructionArgument, parameterOf } from './parameterValues';
import { readImportStatement } from './imports';
import { baseClassNodes, classMethods } from './pythonModels';
import { type ImportedPackage, importedPackage } from './pythonPackages';
import type { SemanticModel } from './semanticModel';
import { syntaxMemo } from './syntaxMemo';
import { stringValue } from './values';

/**
 * What a custom PyFunc model imports, and when the serving environment runs that import.
 *
 * MLflow pickles the PythonModel instance with cloudpickle. A class defined in a notebook is
 * pickled by value with the module-level names its methods refer to, so every module-level
 * import or object the class uses is imported again when the model is unpickled: at load
 * time. So are the imports inside `load_context()` (called once after unpickling) and the
 * objects `__init__` builds (stored on the instance and pickled with it). An import written
 * inside `predict()`, or inside a method or function that predict calls, runs only when a
 * request arrives.
 */

export type ImportPhase = 'load' | 'request';

export interface PythonModelImport {
  package: ImportedPackage;
  /** The earliest moment the serving environment needs it. */
  phase: ImportPhase;
  /** For a request-time import: the method or function that holds it (`predict`, `_generate`). */
  where?: string;
  /** Where the class first needs it, to order names in messages. */
  firstUse: number;
  /** Needed because the instance holds an object of the package (passed to its constructor), not imported by the class's code. */
  held?: true;
}

/** Methods the model server calls after loading: a request runs them. */
const REQUEST_ENTRY_POINTS = ['predict', 'predict_stream'];
/** Methods whose imports the pickled model needs when it loads (see above). */
const LOAD_ENTRY_POINTS = ['load_context', '__setstate__'];
/** Runs when the model object is built in the notebook: what it imports is pickled with the instance. */
const BUILD_METHODS = new Set(['__init__']);

/** How deep module-level helpers are followed (a helper calling a helper ...). */
const MAX_HELPER_DEPTH = 4;

/** The class and its base classes defined in the file, the class first. */
function classWithBases(model: SemanticModel, classNode: Node): Node[] {
  const result: Node[] = [];
  const pending = [classNode];
  while (pending.length > 0) {
    const current = pending.shift()!;
    if (result.some((seen) => seen.id === current.id)) continue;
    result.push(current);
    for (const base of baseClassNodes(current)) {
      const inFile = model.resolveClass(base);
      if (inFile) pending.push(inFile);
    }
  }
  return result;
}

/** An import inside `try: ... except ImportError:` (or under `if TYPE_CHECKING:`) is optional. */
function isOptionalImport(statement: Node): boolean {
  for (const current of ancestorsAbove(statement)) {
    if (current.type === 'try_statement') {
      const handlers = namedChildren(current).filter((child) => child.type === 'except_clause');
      const body = field(current, 'body');
      if (body && contains(body, statement) && handlers.some((handler) => /ImportError|ModuleNotFoundError|Exception|^except\s*:/.test(handler.text))) return true;
    }
    if (current.type === 'if_statement' && /TYPE_CHECKING/.test(field(current, 'condition')?.text ?? '')) return true;
    if (current.type === 'function_definition' || current.type === 'class_definition') break;
  }
  return false;
}

/** The dotted modules an import statement loads: `sklearn.ensemble` for `from sklearn.ensemble import X`. */
function importedModules(statement: Node): string[] {
  if (statement.type === 'import_statement') {
    return statement.childrenForFieldName('name').flatMap((item) => {
      if (!item) return [];
      const dotted = item.type === 'aliased_import' ? field(item, 'name') : item;
      return dotted ? [dotted.text] : [];
    });
  }
  const info = readImportStatement(statement);
  if (info.star) return [info.star.module];
  return info.names.map((name) => name.qualifiedName);
}

function isNameReference(identifier: Node): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (parent.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id) return false;
  if (parent.type === 'keyword_argument' && field(parent, 'name')?.id === identifier.id) return false;
  return !ancestorOfType(identifier, ['import_statement', 'import_from_statement']);
}

function functionName(definition: Node): string {
  return field(definition, 'name')?.text ?? 'a function';
}

/** A code region whose own imports run at one phase, or never while serving. */
interface Region {
  node: Node;
  phase: ImportPhase | undefined;
  name: string;
}

/**
 * Methods of the class (and its bases in the file) by name, the subclass's first, and which
 * of them each method reaches through `self.name` / `cls.name` / `ClassName.name`.
 */
function methodPhases(scopes: Node[]): Map<number, ImportPhase | undefined> {
  const methods = new Map<string, Node>();
  for (const scope of scopes) {
    for (const method of classMethods(scope)) {
      const name = field(method, 'name')?.text;
      if (name && !methods.has(name)) methods.set(name, method);
    }
  }
  const classNames = new Set(scopes.map((scope) => field(scope, 'name')?.text).filter((name): name is string => !!name));
  const reaches = (method: Node): Node[] => {
    const result: Node[] = [];
    const seen = new Set<number>();
    for (const [object, attribute] of attributesOfNames(method)) {
      const target = methods.get(attribute);
      if (!target || seen.has(target.id)) continue;
      if (object !== 'self' && object !== 'cls' && !classNames.has(object)) continue;
      seen.add(target.id);
      result.push(target);
    }
    return result;
  };
  // Keyed by node id: tree-sitter hands out a new Node object on every visit.
  const phases = new Map<number, ImportPhase | undefined>();
  const spread = (roots: string[], phase: ImportPhase) => {
    const pending = roots.map((name) => methods.get(name)).filter((method): method is Node => !!method);
    while (pending.length > 0) {
      const method = pending.pop()!;
      if (phases.has(method.id)) continue;
      phases.set(method.id, phase);
      pending.push(...reaches(method));
    }
  };
  // Load first: a method both phases reach is needed when the model loads.
  spread(LOAD_ENTRY_POINTS, 'load');
  spread(REQUEST_ENTRY_POINTS, 'request');
  for (const method of methods.values()) {
    if (!phases.has(method.id)) phases.set(method.id, BUILD_METHODS.has(functionName(method)) ? 'load' : undefined);
  }
  return phases;
}

/** About 2 MB of method texts. */
const attributesByText = new TextMemo<ReadonlyArray<readonly [string, string]>>(1_000_000);

/**
 * The `name.attribute` pairs of a method (`self.predict`, `cls.load`, `Wrapper.helper`), in
 * order, remembered by the method's text: a keystroke in a 3,000-line class reads the method
 * it changed again, not every attribute of the class (a walk into WebAssembly and back for
 * each, a tenth of such a keystroke, on each one).
 */
function attributesOfNames(method: Node): ReadonlyArray<readonly [string, string]> {
  return attributesByText.get(method.text, () => {
    const pairs: Array<readonly [string, string]> = [];
    for (const attribute of method.descendantsOfType('attribute')) {
      if (!attribute) continue;
      const object = field(attribute, 'object');
      if (object?.type !== 'identifier') continue;
      const name = field(attribute, 'attribute')?.text;
      if (name) pairs.push([detached(object.text), detached(name)]);
    }
    return pairs;
  });
}

/**
 * The methods of a PythonModel class (and its bases in the file) that run while the model is
 * served: `load_context` / `predict` and what they reach, and `__init__`. A method nothing
 * reaches (a `fit` that only the notebook calls) never runs in the endpoint.
 */
export function servedMethodIds(model: SemanticModel, classNode: Node): Set<number> {
  const served = new Set<number>();
  for (const [id, phase] of classPhases(model, classNode).phases) if (phase) served.add(id);
  return served;
}

const phasesByModel = new KeyedFactCache<SemanticModel, number, { scopes: Node[]; phases: Map<number, ImportPhase | undefined> }>();

/** The class with its bases and its methods' phases, read once per model (MLT302 and MLT303 both ask). */
function classPhases(model: SemanticModel, classNode: Node): { scopes: Node[]; phases: Map<number, ImportPhase | undefined> } {
  return phasesByModel.get(model, classNode.id, () => {
    const scopes = classWithBases(model, classNode);
    return { scopes, phases: methodPhases(scopes) };
  });
}

function earlier(a: ImportPhase | undefined, b: ImportPhase | undefined): ImportPhase | undefined {
  if (a === 'load' || b === 'load') return 'load';
  return a ?? b;
}

/** The identifiers of a class, method or helper with their names: read once while its tree is kept (syntaxMemo). */
function identifiersIn(node: Node): ReadonlyArray<{ node: Node; name: string }> {
  return syntaxMemo(node, 'identifiers', (code) =>
    code.descendantsOfType('identifier').flatMap((identifier) => (identifier ? [{ node: identifier, name: detached(identifier.text) }] : [])),
  );
}

/**
 * The third-party packages a PythonModel class needs while it is served, each with the
 * earliest phase that imports it (the project's own modules among them: the caller tells them
 * apart). In the server, carried from one version of the document to the next while the edit
 * touched nothing the class's reading read (engine/carriedFacts): a notebook with many model
 * classes reads only the edited one's again. The value is shared: callers copy what they change.
 */
export function pythonModelImports(model: SemanticModel, classNode: Node): PythonModelUses {
  return carriedFact(model.document, classNode.tree, `pythonModelImports ${classNode.id}`, () => readPythonModelImports(model, classNode), moveUses);
}

/** The uses with their first-use offsets moved with the text. */
function moveUses(uses: PythonModelUses, shift: OffsetShift): PythonModelUses | undefined {
  const imports = new Map<string, PythonModelImport>();
  for (const [name, entry] of uses.imports) {
    const firstUse = shift(entry.firstUse);
    if (firstUse === undefined) return undefined;
    imports.set(name, { ...entry, firstUse });
  }
  return { imports, flavorsLoaded: uses.flavorsLoaded };
}

function readPythonModelImports(model: SemanticModel, classNode: Node): PythonModelUses {
  const used = new Map<string, PythonModelImport>();
  const flavorsLoaded = new Set<string>();
  const add = (module: string, at: number, phase: ImportPhase, where?: string) => {
    const flavor = phase === 'load' ? /^mlflow\.(\w+)\.load_model$/.exec(module)?.[1] : undefined;
    if (flavor) flavorsLoaded.add(flavor);
    const found = importedPackage(module);
    if (!found) return;
    const previous = used.get(found.importName);
    if (!previous) {
      used.set(found.importName, { package: found, phase, where: phase === 'request' ? where : undefined, firstUse: at });
      return;
    }
    if (phase === 'load' && previous.phase === 'request') {
      previous.phase = 'load';
      previous.where = undefined;
    }
    previous.firstUse = Math.min(previous.firstUse, at);
  };

  const { scopes, phases } = classPhases(model, classNode);
  const regions: Region[] = [];
  for (const scope of scopes) {
    regions.push({ node: scope, phase: 'load', name: functionName(scope) });
    for (const method of classMethods(scope)) regions.push({ node: method, phase: phases.get(method.id), name: functionName(method) });
  }

  // Module-level functions and classes the class refers to are pickled with it; the phase of
  // their own imports is the earliest phase of the code that refers to them.
  const helpers = new Map<number, Region>();
  const methodRegions = regions.filter((region) => region.node.type === 'function_definition');
  const phaseIn = (region: Region, identifier: Node): ImportPhase | undefined => {
    if (region.node.type !== 'class_definition') return region.phase;
    const method = methodRegions.find((candidate) => contains(candidate.node, identifier));
    return method ? method.phase : 'load';
  };
  const visitNames = (region: Region, depth: number) => {
    // The name a class or function is defined under is no reference: looked up, it found the
    // earlier definition of the same name (a notebook that defines `Wrapper` in two cells), and
    // the reading depended on every cell that binds the name.
    const ownName = field(region.node, 'name')?.id;
    for (const { node: identifier, name } of identifiersIn(region.node)) {
      if (identifier.id === ownName) continue;
      // Most names in a class are its own locals and attributes: only a name bound at module
      // level can pull in a package, so ask the (cheap) binding table before the tree.
      if (!model.bindings.boundAtModuleLevel(name)) continue;
      if (!isNameReference(identifier)) continue;
      const binding = model.bindings.lookup(name, identifier);
      if (!binding || binding.scope !== MODULE_SCOPE) continue;
      if (binding.kind === 'import') {
        if (isOptionalImport(binding.node)) continue;
        const module = model.resolveQualifiedName(dottedChainHead(identifier)) ?? binding.imported!.qualifiedName;
        add(module, identifier.startIndex, 'load');
      } else if (binding.kind === 'assignment') {
        // A module-level object the class uses is pickled with it: its library loads too.
        const module = model.resolveQualifiedName(identifier);
        if (module && !module.startsWith('databricks.globals.')) add(module, identifier.startIndex, 'load');
      } else if ((binding.kind === 'function' || binding.kind === 'class') && depth < MAX_HELPER_DEPTH) {
        if (scopes.some((scope) => contains(scope, binding.node))) continue;
        const phase = phaseIn(region, identifier);
        const known = helpers.get(binding.node.id);
        if (known) {
          const merged = earlier(known.phase, phase);
          if (merged === known.phase) continue;
          known.phase = merged;
          visitNames(known, depth + 1);
        } else {
          const helper: Region = { node: binding.node, phase, name: field(binding.node, 'name')?.text ?? 'a helper' };
          helpers.set(binding.node.id, helper);
          visitNames(helper, depth + 1);
        }
      }
    }
  };
  for (const scope of scopes) visitNames(regions.find((region) => region.node.id === scope.id)!, 0);
  regions.push(...helpers.values());

  // Imports written inside the class's code: they run with the method (or function) that holds them.
  const innermost = (node: Node): Region | undefined => {
    let best: Region | undefined;
    for (const region of regions) {
      if (contains(region.node, node) && (!best || contains(best.node, region.node))) best = region;
    }
    return best;
  };
  const lazyImport = (node: Node, modules: string[]) => {
    const region = innermost(node);
    if (!region?.phase) return;
    for (const module of modules) add(module, node.startIndex, region.phase, region.name);
  };
  const inRegions = (node: Node) => regions.some((region) => contains(region.node, node));
  for (const type of ['import_statement', 'import_from_statement'] as const) {
    // A region's statements are in its own tree: each tree's list is searched for the regions in it.
    for (const tree of new Set(regions.map((region) => region.node.tree))) {
      const statements = model.syntax.nodesIn(tree, type);
      const inside = statementsInside(statements, regions.filter((region) => region.node.tree === tree));
      for (const statement of statements) {
        if (!inside.has(statement) || isOptionalImport(statement)) continue;
        lazyImport(statement, importedModules(statement));
      }
    }
  }
  for (const site of model.callsNamed('import_module', '__import__')) {
    if (!inRegions(site.node)) continue;
    if (site.name === 'import_module' && site.qualifiedName !== 'importlib.import_module') continue;
    const module = stringValue(model, positionalArguments(site)[0] ?? site.node);
    if (module) lazyImport(site.node, [module]);
  }
  return { imports: used, flavorsLoaded };
}

/** What a PythonModel class needs while it is served. */
export interface PythonModelUses {
  /** The third-party packages it imports (and the project's modules), by import name (its first name is the module's). */
  imports: Map<string, PythonModelImport>;
  /** The MLflow flavors whose `load_model` it calls when it loads (`mlflow.keras.load_model` in load_context: `keras`). */
  flavorsLoaded: Set<string>;
}

/**
 * The modules an MLflow flavor's load_model imports: MLflow's requirement inference records
 * every module imported while it loads the model (it patches `__import__`), those included.
 * A flavor not listed (pyfunc: whatever the inner model needs) may import anything.
 */
const FLAVOR_IMPORTS: Record<string, readonly string[]> = {
  sklearn: ['sklearn'],
  keras: ['keras', 'tensorflow'],
  tensorflow: ['tensorflow', 'keras'],
  pytorch: ['torch'],
  xgboost: ['xgboost'],
  lightgbm: ['lightgbm'],
  catboost: ['catboost'],
  statsmodels: ['statsmodels'],
  prophet: ['prophet'],
  spacy: ['spacy'],
  onnx: ['onnx', 'onnxruntime'],
  spark: ['pyspark'],
};

/** Whether loading the model (a flavor's load_model in load_context) may import `importName`, so that inference records it. */
export function loadedByFlavor(flavorsLoaded: ReadonlySet<string>, importName: string): boolean {
  const top = importName.split('.')[0];
  return [...flavorsLoaded].some((flavor) => !FLAVOR_IMPORTS[flavor] || FLAVOR_IMPORTS[flavor].includes(top));
}

/**
 * The statements (in document order) that lie inside one of the regions: found by a binary
 * search per region, not by testing every import of the file against every region (a notebook
 * with many model classes and many imports made that quadratic).
 */
function statementsInside(statements: readonly Node[], regions: readonly Region[]): Set<Node> {
  const inside = new Set<Node>();
  for (const region of regions) {
    const end = region.node.endIndex;
    for (let i = firstStartingFrom(statements, region.node.startIndex, (statement) => statement.startIndex); i < statements.length && statements[i].startIndex < end; i++) {
      if (contains(region.node, statements[i])) inside.add(statements[i]);
    }
  }
  return inside;
}

/**
 * The third-party objects a PythonModel instance holds: an argument of the constructor call
 * (`Wrapper(LGBMClassifier().fit(X, y))`, directly or through a name) that `__init__` stores on
 * the instance as it is (`self.model = model`). The instance is pickled with them, so loading
 * the model imports their libraries. Only objects whose class the file's imports name count
 * (`lightgbm.LGBMClassifier`); a value of unknown origin says nothing.
 */
export function heldObjectImports(model: SemanticModel, classNode: Node, modelExpression: Node): PythonModelImport[] {
  const construction = model.resolveValue(modelExpression);
  if (construction.type !== 'call' || model.resolveClass(field(construction, 'function') ?? construction)?.id !== classNode.id) return [];
  const init = classMethods(classNode).find((method) => field(method, 'name')?.text === '__init__');
  const self = init && namedChildren(field(init, 'parameters') ?? init)[0];
  if (!init || self?.type !== 'identifier') return [];
  const result: PythonModelImport[] = [];
  for (const statement of namedChildren(field(init, 'body') ?? init)) {
    // `self.estimator = estimator`: the parameter's value, stored as it is.
    const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    const left = assignment?.type === 'assignment' ? field(assignment, 'left') : undefined;
    const right = assignment && field(assignment, 'right');
    if (left?.type !== 'attribute' || field(left, 'object')?.text !== self.text || right?.type !== 'identifier') continue;
    const parameter = parameterOf(model, right);
    const passed = parameter && parameter.function.id === init.id ? constructionArgument(construction, parameter) : undefined;
    if (!passed) continue;
    const value = model.resolveValue(passed);
    if (value.type !== 'call') continue;
    const qualifiedName = model.resolveQualifiedName(value);
    const found = qualifiedName && !qualifiedName.startsWith('mlflow.') ? importedPackage(qualifiedName) : undefined;
    if (found) result.push({ package: found, phase: 'load', firstUse: passed.startIndex, held: true });
  }
  return result;
}
