import type { Node } from 'web-tree-sitter';
import { addKeywordArgument, insertItem, listItems, replaceNode } from './engine/fixBuilders';
import { ancestorOfType, contains, field, namedChildren } from './engine/syntax';
import type { Fix, ProjectContext, Rule, RuleContext, TextEdit } from './engine/types';
import { MODULE_SCOPE } from './semantic/bindings';
import { hasSplatArguments, keywordArgument, keywordArgumentNode, positionalArguments } from './semantic/calls';
import { readImportStatement } from './semantic/imports';
import { normalizeDistributionName } from './semantic/notebook';
import { baseClassNodes, isPythonModelClass, pythonModelClass } from './semantic/pythonModels';
import {
  importedPackage,
  installedDistributions,
  isProvided,
  readCondaDependency,
  readRequirement,
  type ImportedPackage,
} from './semantic/pythonPackages';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { dictEntries, isNoneLiteral, sequenceElements, stringList, stringValue } from './semantic/values';

const PYFUNC_LOGGERS = new Set(['mlflow.pyfunc.log_model', 'mlflow.pyfunc.save_model']);

/** The model argument of a pyfunc log/save call and the class it is an instance of. */
interface PythonModelArgument {
  /** What the finding underlines: `python_model=...` or the positional argument. */
  reportNode: Node;
  classNode: Node;
}

/** A third-party package the model's code needs, and where the class first uses it. */
interface UsedPackage {
  package: ImportedPackage;
  firstUse: number;
}

/** What the call declares, as far as the file tells. */
interface Declarations {
  /** Normalised names of the declared distributions and what they are known to install. */
  installed: Set<string>;
  /** A requirements file, a non-literal list, a conda.yaml path: anything may be declared. */
  unknown: boolean;
  /** The list literal a fix extends, with the keyword it belongs to. */
  editable?: { list: Node; keyword: string };
  /** Whether no requirement argument is given (or all are None): a fix then adds one. */
  none: boolean;
}

/**
 * The python_model argument: by keyword, or the positional argument that is a PythonModel.
 * Other positional arguments (loader_module, data_path, code_path, conda_env, whose places
 * moved between MLflow versions) make the declarations unknown: undefined then.
 */
function pythonModelArgument(model: SemanticModel, site: CallSite): PythonModelArgument | undefined {
  const byKeyword = keywordArgumentNode(site, 'python_model');
  const positional = positionalArguments(site);
  if (byKeyword) {
    const value = field(byKeyword, 'value');
    const classNode = value ? pythonModelClass(model, value) : undefined;
    if (!classNode || positional.slice(1).some((node) => !isNoneLiteral(model, node))) return undefined;
    return { reportNode: byKeyword, classNode };
  }
  const index = positional.findIndex((node, position) => position > 0 && pythonModelClass(model, node) !== undefined);
  if (index < 0) return undefined;
  const others = positional.slice(1).filter((_node, position) => position + 1 !== index);
  if (others.some((node) => !isNoneLiteral(model, node))) return undefined;
  const classNode = pythonModelClass(model, positional[index])!;
  return { reportNode: positional[index], classNode };
}

/** An import inside `try: ... except ImportError:` (or under `if TYPE_CHECKING:`) is optional. */
function isOptionalImport(statement: Node): boolean {
  for (let current = statement.parent; current; current = current.parent) {
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

/** The longest dotted chain an identifier heads (`np.linalg.norm` for `np`). */
function dottedChainHead(identifier: Node): Node {
  let current = identifier;
  while (current.parent?.type === 'attribute' && field(current.parent, 'object')?.id === current.id) current = current.parent;
  return current;
}

function isNameReference(identifier: Node): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (parent.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id) return false;
  if (parent.type === 'keyword_argument' && field(parent, 'name')?.id === identifier.id) return false;
  return !ancestorOfType(identifier, ['import_statement', 'import_from_statement']);
}

/**
 * The third-party packages the class's code needs when the model loads and predicts:
 * modules imported inside it (lazy imports in load_context/predict included), module-level
 * imports and values it refers to, the same for its base classes in the file, and for the
 * module-level functions and classes it uses (one level).
 */
function packagesUsedBy(model: SemanticModel, classNode: Node, localModules: ReadonlySet<string>, project: ProjectContext): Map<string, UsedPackage> {
  const used = new Map<string, UsedPackage>();
  const addModule = (module: string, at: number) => {
    const found = importedPackage(module);
    const topLevel = module.split('.')[0];
    // The project's own package (`from utils.features import ...` beside the notebook) is
    // not a pip requirement: it ships with code_paths.
    if (!found || localModules.has(topLevel) || project.isLocalModule(topLevel)) return;
    const previous = used.get(found.importName);
    if (!previous || at < previous.firstUse) used.set(found.importName, { package: found, firstUse: at });
  };
  const scopes = classWithBases(model, classNode);
  const helpers: Node[] = [];
  const visit = (scope: Node, collectHelpers: boolean) => {
    for (const type of ['import_statement', 'import_from_statement'] as const) {
      for (const statement of model.syntax.nodes(type)) {
        if (!contains(scope, statement) || isOptionalImport(statement)) continue;
        for (const module of importedModules(statement)) addModule(module, statement.startIndex);
      }
    }
    for (const site of model.callsNamed('import_module', '__import__')) {
      if (!contains(scope, site.node)) continue;
      if (site.name === 'import_module' && site.qualifiedName !== 'importlib.import_module') continue;
      const module = stringValue(model, positionalArguments(site)[0] ?? site.node);
      if (module) addModule(module, site.node.startIndex);
    }
    for (const identifier of scope.descendantsOfType('identifier')) {
      // Most names in a class are its own locals and attributes: only a name bound at module
      // level can pull in a package, so ask the (cheap) binding table before the tree.
      if (!identifier || !model.bindings.all(identifier.text).some((binding) => binding.scope === MODULE_SCOPE)) continue;
      if (!isNameReference(identifier)) continue;
      const binding = model.lookup(identifier);
      if (!binding || binding.scope !== MODULE_SCOPE) continue;
      if (binding.kind === 'import') {
        if (isOptionalImport(binding.node)) continue;
        const module = model.resolveQualifiedName(dottedChainHead(identifier)) ?? binding.imported!.qualifiedName;
        addModule(module, identifier.startIndex);
      } else if (binding.kind === 'assignment') {
        // A module-level object the class uses is pickled with it: its library loads too.
        const module = model.resolveQualifiedName(identifier);
        if (module && !module.startsWith('databricks.globals.')) addModule(module, identifier.startIndex);
      } else if (collectHelpers && (binding.kind === 'function' || binding.kind === 'class')) {
        if (!scopes.some((scope) => contains(scope, binding.node)) && !helpers.some((helper) => helper.id === binding.node.id)) {
          helpers.push(binding.node);
        }
      }
    }
  };
  for (const scope of scopes) visit(scope, true);
  for (const helper of helpers) visit(helper, false);
  return used;
}

/** The class and its base classes defined in the file. */
function classWithBases(model: SemanticModel, classNode: Node): Node[] {
  const result: Node[] = [];
  const pending = [classNode];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (result.some((seen) => seen.id === current.id)) continue;
    result.push(current);
    for (const base of baseClassNodes(current)) {
      const inFile = model.resolveClass(base);
      if (inFile) pending.push(inFile);
    }
  }
  return result;
}

/** Module names shipped with the model through `code_paths` (`src/utils.py` -> `utils`); undefined when unknown. */
function codePathModules(model: SemanticModel, site: CallSite): Set<string> | undefined {
  const result = new Set<string>();
  for (const keyword of ['code_paths', 'code_path']) {
    const value = keywordArgument(site, keyword);
    if (!value || isNoneLiteral(model, value)) continue;
    const paths = stringList(model, value);
    if (!paths) return undefined;
    for (const path of paths) {
      const base = path.replace(/[/\\]+$/, '').split(/[/\\]/).pop() ?? '';
      result.add(base.replace(/\.py$/, ''));
    }
  }
  return result;
}

/** Reads a requirement list; marks the declarations unknown when any entry cannot be read. */
function readRequirementList(model: SemanticModel, node: Node, declarations: Declarations, keyword: string): void {
  const sequence = sequenceElements(model, node);
  if (!sequence || !sequence.complete) {
    declarations.unknown = true;
    return;
  }
  for (const element of sequence.elements) {
    const text = stringValue(model, element);
    const entry = text === undefined ? ({ kind: 'unknown' } as const) : readRequirement(text);
    if (entry.kind === 'unknown') declarations.unknown = true;
    else if (entry.kind === 'distribution') declarations.installed.add(entry.normalizedName);
  }
  const list = sequence.literals.at(-1);
  if (list?.type === 'list' && !declarations.editable) declarations.editable = { list, keyword };
}

function readCondaEnv(model: SemanticModel, node: Node, declarations: Declarations): void {
  const env = dictEntries(model, node);
  if (!env || !env.complete) {
    declarations.unknown = true;
    return;
  }
  const dependencies = env.entries.get('dependencies');
  if (!dependencies) return;
  const sequence = sequenceElements(model, dependencies);
  if (!sequence || !sequence.complete) {
    declarations.unknown = true;
    return;
  }
  for (const element of sequence.elements) {
    const text = stringValue(model, element);
    if (text !== undefined) {
      const entry = readCondaDependency(text);
      if (entry.kind === 'distribution') declarations.installed.add(entry.normalizedName);
      else declarations.unknown = true;
      continue;
    }
    const pip = dictEntries(model, element)?.entries.get('pip');
    if (pip) readRequirementList(model, pip, declarations, 'conda_env');
    else declarations.unknown = true;
  }
}

function readDeclarations(model: SemanticModel, site: CallSite): Declarations {
  const declarations: Declarations = { installed: new Set(), unknown: false, none: true };
  // extra_pip_requirements first: it is the list a fix prefers to extend.
  for (const keyword of ['extra_pip_requirements', 'pip_requirements', 'conda_env'] as const) {
    const value = keywordArgument(site, keyword);
    if (!value || isNoneLiteral(model, value)) continue;
    declarations.none = false;
    if (keyword === 'conda_env') readCondaEnv(model, value, declarations);
    else readRequirementList(model, value, declarations, keyword);
  }
  declarations.installed = installedDistributions(declarations.installed);
  return declarations;
}

/** The requirement to add: as the notebook's `%pip install` line pins it, else unpinned. */
function requirementFor(model: SemanticModel, needed: ImportedPackage): { name: string; text: string } {
  const wanted = new Set(needed.distributions.map(normalizeDistributionName));
  const installedByNotebook = model.notebook.pipRequirements.find((requirement) => wanted.has(requirement.normalizedName));
  if (installedByNotebook) return { name: installedByNotebook.name, text: `${installedByNotebook.name}${installedByNotebook.specifier}` };
  return { name: needed.distributions[0], text: needed.distributions[0] };
}

function quoted(text: string, quote: string): string {
  return `${quote}${text}${quote}`;
}

function buildFix(context: RuleContext, site: CallSite, declarations: Declarations, requirements: string[]): Fix | undefined {
  const { document } = context;
  const edits: TextEdit[] = [];
  let where: string;
  if (declarations.editable) {
    const { list, keyword } = declarations.editable;
    const items = listItems(list);
    const quote = items[0]?.text.startsWith("'") ? "'" : '"';
    const onePerLine = items.length > 0 && document.positionAt(items[0].startIndex).line > document.positionAt(list.startIndex).line;
    const separator = onePerLine ? `,${document.eol}${document.indentationAt(items[items.length - 1].startIndex)}` : ', ';
    edits.push(insertItem(document, list, requirements.map((text) => quoted(text, quote)).join(separator)));
    where = keyword;
  } else if (declarations.none) {
    const list = `[${requirements.map((text) => quoted(text, '"')).join(', ')}]`;
    // `extra_pip_requirements=None` is given: fill it in rather than repeat the keyword.
    const explicitNone = keywordArgument(site, 'extra_pip_requirements');
    const edit = explicitNone ? replaceNode(explicitNone, list) : addKeywordArgument(document, site.node, `extra_pip_requirements=${list}`);
    if (!edit) return undefined;
    edits.push(edit);
    where = 'extra_pip_requirements';
  } else {
    return undefined;
  }
  return { title: `Declare ${requirements.join(', ')} in ${where}`, safety: 'safe', edits };
}

function declaresPhrase(distributions: string[]): string {
  if (distributions.length === 1) return `does not declare ${distributions[0]}`;
  if (distributions.length === 2) return `declares neither ${distributions[0]} nor ${distributions[1]}`;
  return `declares none of ${distributions.join(', ')}`;
}

function hasSyntaxError(node: Node): boolean {
  return node.hasError || node.isMissing;
}

function check(context: RuleContext): void {
  const { model } = context;
  if (!model.importsModule('mlflow')) return;
  for (const site of model.callsNamed('log_model', 'save_model')) {
    if (!PYFUNC_LOGGERS.has(site.qualifiedName ?? '') || hasSyntaxError(site.node) || hasSplatArguments(site)) continue;
    const argument = pythonModelArgument(model, site);
    if (!argument || hasSyntaxError(argument.classNode) || !isPythonModelClass(model, argument.classNode)) continue;
    const declarations = readDeclarations(model, site);
    if (declarations.unknown) continue;
    const shipped = codePathModules(model, site);
    const used = packagesUsedBy(model, argument.classNode, shipped ?? new Set(), context.project);
    const distributionsSeen = new Set<string>();
    const missing = [...used.values()]
      .filter((entry) => !isProvided(declarations.installed, entry.package))
      // Code shipped through code_paths the rule cannot read may hold any local module.
      .filter((entry) => shipped !== undefined || entry.package.wellKnown)
      .sort((a, b) => a.firstUse - b.firstUse)
      // `matplotlib` and `mpl_toolkits` come from one distribution: name it once.
      .filter((entry) => {
        const distribution = normalizeDistributionName(entry.package.distributions[0]);
        if (distributionsSeen.has(distribution)) return false;
        distributionsSeen.add(distribution);
        return true;
      });
    if (missing.length === 0) continue;
    const requirements = missing.map((entry) => requirementFor(model, entry.package));
    const className = field(argument.classNode, 'name')?.text ?? 'the model';
    const fix = buildFix(context, site, declarations, requirements.map((requirement) => requirement.text));
    context.report({
      node: argument.reportNode,
      message:
        `the endpoint will fail at start-up: PythonModel ${className} imports ${missing.map((entry) => entry.package.importName).join(', ')} ` +
        `but ${site.name ?? 'log_model'} ${declaresPhrase(requirements.map((requirement) => requirement.name))}`,
      fixes: fix ? [fix] : [],
    });
  }
}

export const mlt302PyfuncUndeclaredDependencies: Rule = {
  meta: {
    id: 'MLT302',
    name: 'pyfunc-undeclared-dependencies',
    severity: 'warning',
    area: 'MLflow tracking and packaging',
    domain: 'Model Deployment',
    title: 'A PythonModel imports a library that log_model/save_model does not declare',
  },
  docs: {
    trap: 'Logging a PyFunc model (`mlflow.pyfunc.log_model(..., python_model=...)`) without the libraries its `load_context()` / `predict()` import.',
    reality:
      'The serving endpoint loads the model in a fresh environment built only from the requirements logged with it. A library that `predict()` / `load_context()` imports but that is not in `pip_requirements` / `extra_pip_requirements` / `conda_env` fails the endpoint at start-up — a start-up error, not a prediction error, easy to miss. MLflow\'s requirement inference only sees what loading (and, at best, one example prediction) imports, so lazy imports and optional code paths slip through; the exam expects the dependencies declared. Note that import names and distribution names differ: `sklearn` is installed as `scikit-learn`, `cv2` as `opencv-python`, `yaml` as `PyYAML`.',
    example: [
      'import mlflow',
      'import xgboost as xgb',
      '',
      'class ChurnModel(mlflow.pyfunc.PythonModel):',
      '    def load_context(self, context):',
      '        self.booster = xgb.Booster(model_file=context.artifacts["booster"])',
      '',
      '    def predict(self, context, model_input):',
      '        from sklearn.preprocessing import StandardScaler  # lazy import: inference misses it',
      '        features = StandardScaler().fit_transform(model_input)',
      '        return self.booster.predict(xgb.DMatrix(features))',
      '',
      'mlflow.pyfunc.log_model("model", python_model=ChurnModel(), artifacts={"booster": "booster.json"})',
    ].join('\n'),
    useInstead: [
      'mlflow.pyfunc.log_model(',
      '    "model",',
      '    python_model=ChurnModel(),',
      '    artifacts={"booster": "booster.json"},',
      '    extra_pip_requirements=["xgboost==2.0.3", "scikit-learn==1.3.2"],',
      ')',
    ].join('\n'),
    fix: 'Adds `extra_pip_requirements=[...]` with the missing distributions, or extends the existing `extra_pip_requirements` / `pip_requirements` list (or the pip list of a literal `conda_env`), pinned to the version of the notebook\'s `%pip install` line when there is one, unpinned otherwise.',
    fixSafety:
      'Safe: it only adds requirements the model\'s code already imports; the logged environment gains what loading needs. Pin unpinned entries to the versions you trained with.',
    examFact: 'Custom PyFunc models need their dependencies declared at logging time; import names are not always distribution names (sklearn -> scikit-learn).',
  },
  // The model class must subclass PythonModel, so the file names it.
  triggers: ['PythonModel'],
  check,
};
