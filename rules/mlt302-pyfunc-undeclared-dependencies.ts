import type { Node } from 'web-tree-sitter';
import { addKeywordArgument, insertItem, listItems, replaceNode } from './engine/fixBuilders';
import { field } from './engine/syntax';
import type { Fix, Rule, RuleContext, TextEdit } from './engine/types';
import { argument, hasSplatArguments, keywordArgument, keywordArgumentNode, positionalArguments } from './semantic/calls';
import { featureClientCalls } from './semantic/featureStore';
import { type DeclaredEnvironment, declaredEnvironment } from './semantic/modelEnvironments';
import { normalizeDistributionName, type PipRequirement } from './semantic/notebook';
import { heldObjectImports, loadedByFlavor, type PythonModelImport, pythonModelImports } from './semantic/pythonModelImports';
import { isPythonModelClass, mlflowModelBase, pythonModelClass } from './semantic/pythonModels';
import { type ImportedPackage, installedDistributions, isProvided, topLevelModule } from './semantic/pythonPackages';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { booleanValue, isNoneLiteral, stringList } from './semantic/values';

const PYFUNC_LOGGERS = new Set(['mlflow.pyfunc.log_model', 'mlflow.pyfunc.save_model']);

/** What the feature store clients add to the requirements of the models they log. */
const FEATURE_CLIENT_DISTRIBUTIONS: Readonly<Record<string, string>> = {
  FeatureEngineeringClient: 'databricks-feature-engineering',
  FeatureStoreClient: 'databricks-feature-store',
};

/** A logging call of a custom PyFunc model: the call, its model argument and the model's class. */
interface PythonModelLogging {
  site: CallSite;
  /** What the finding underlines: `python_model=...` / `model=...` or the positional argument. */
  reportNode: Node;
  classNode: Node;
  /** The model argument's expression (`Wrapper(model)`, or a name bound to it). */
  value: Node;
  /** Distributions the logging API adds by itself (the feature store client's own package). */
  addedByLogger: string[];
}

/**
 * The python_model argument: by keyword, or the positional argument that is a PythonModel.
 * Other positional arguments (loader_module, data_path, code_path, conda_env, whose places
 * moved between MLflow versions) make the declarations unknown: undefined then.
 */
function pyfuncModelArgument(model: SemanticModel, site: CallSite): { reportNode: Node; classNode: Node; value: Node } | undefined {
  const byKeyword = keywordArgumentNode(site, 'python_model');
  const positional = positionalArguments(site);
  if (byKeyword) {
    const value = field(byKeyword, 'value');
    const classNode = value ? pythonModelClass(model, value) : undefined;
    if (!value || !classNode || positional.slice(1).some((node) => !isNoneLiteral(model, node))) return undefined;
    return { reportNode: byKeyword, classNode, value };
  }
  const index = positional.findIndex((node, position) => position > 0 && pythonModelClass(model, node) !== undefined);
  if (index < 0) return undefined;
  const others = positional.slice(1).filter((_node, position) => position + 1 !== index);
  if (others.some((node) => !isNoneLiteral(model, node))) return undefined;
  const classNode = pythonModelClass(model, positional[index])!;
  return { reportNode: positional[index], classNode, value: positional[index] };
}

/** `mlflow.pyfunc.log_model(python_model=X)` / `save_model`, and `fe.log_model(model=X, flavor=mlflow.pyfunc)`. */
function pythonModelLoggings(model: SemanticModel): PythonModelLogging[] {
  const result: PythonModelLogging[] = [];
  for (const site of model.callsNamed('log_model', 'save_model')) {
    if (!PYFUNC_LOGGERS.has(site.qualifiedName ?? '') || hasSyntaxError(site.node) || hasSplatArguments(site)) continue;
    const found = pyfuncModelArgument(model, site);
    if (found) result.push({ site, ...found, addedByLogger: [] });
  }
  for (const { site, client } of featureClientCalls(model, 'log_model')) {
    if (hasSyntaxError(site.node) || hasSplatArguments(site)) continue;
    const flavor = keywordArgument(site, 'flavor');
    if (!flavor || model.resolveQualifiedName(flavor) !== 'mlflow.pyfunc') continue;
    const value = argument(site, 'model', 0);
    const classNode = value ? pythonModelClass(model, value) : undefined;
    if (!value || !classNode) continue;
    result.push({ site, reportNode: keywordArgumentNode(site, 'model') ?? value, classNode, value, addedByLogger: [FEATURE_CLIENT_DISTRIBUTIONS[client]] });
  }
  return result;
}

/**
 * Whether the call logs an input example, on which MLflow's requirement inference also
 * predicts. A ChatModel (and the agent classes) gets a standard example when none is given.
 */
function logsInputExample(model: SemanticModel, site: CallSite, classNode: Node): boolean {
  if (mlflowModelBase(model, classNode) !== 'PythonModel') return true;
  const example = keywordArgument(site, 'input_example');
  if (example && !isNoneLiteral(model, example)) return true;
  // The feature engineering client's `infer_input_example=True` takes one from the training set.
  const infer = keywordArgument(site, 'infer_input_example');
  return !!infer && !isNoneLiteral(model, infer) && booleanValue(model, infer) !== false;
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

/** The notebook's `%pip install` requirement of one of the package's distributions. */
function installedByNotebook(model: SemanticModel, needed: ImportedPackage): PipRequirement | undefined {
  const wanted = new Set(needed.distributions.map(normalizeDistributionName));
  return model.notebook.pipRequirements.find((requirement) => wanted.has(requirement.normalizedName));
}

/** The requirement to add: as the notebook's `%pip install` line pins it, else unpinned. */
function requirementFor(model: SemanticModel, needed: ImportedPackage): { name: string; text: string } {
  const installed = installedByNotebook(model, needed);
  if (installed) return { name: installed.name, text: `${installed.name}${installed.specifier}` };
  return { name: needed.distributions[0], text: needed.distributions[0] };
}

function quoted(text: string, quote: string): string {
  return `${quote}${text}${quote}`;
}

function buildFix(context: RuleContext, site: CallSite, environment: DeclaredEnvironment, requirements: string[]): Fix | undefined {
  const { document } = context;
  const edits: TextEdit[] = [];
  let where: string;
  if (environment.editable) {
    const { list, keyword } = environment.editable;
    const items = listItems(list);
    const quote = items[0]?.text.startsWith("'") ? "'" : '"';
    const onePerLine = items.length > 0 && document.positionAt(items[0].startIndex).line > document.positionAt(list.startIndex).line;
    const separator = onePerLine ? `,${document.eol}${document.indentationAt(items[items.length - 1].startIndex)}` : ', ';
    edits.push(insertItem(document, list, requirements.map((text) => quoted(text, quote)).join(separator)));
    where = keyword;
  } else if (!environment.replacesInference && !environment.extra) {
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

function names(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `sentencepiece inside predict()`, `torch inside _generate(), which predict() calls`. */
function requestTimeImports(missing: PythonModelImport[]): string {
  const byPlace = new Map<string, string[]>();
  for (const entry of missing) {
    const place = entry.where ?? 'predict';
    byPlace.set(place, [...(byPlace.get(place) ?? []), entry.package.importName]);
  }
  return names(
    [...byPlace].map(([place, modules]) => `${names(modules)} inside ${place}()${place === 'predict' || place === 'predict_stream' ? '' : ', which predict() runs'}`),
  );
}

/** For libraries of objects the instance holds: why loading imports them. */
function heldNote(entries: readonly PythonModelImport[]): string {
  const held = entries.filter((entry) => entry.held).map((entry) => entry.package.importName);
  return held.length === 0 ? '' : ` (its instance holds ${held.length === 1 ? `a ${held[0]} object` : `objects of ${names(held)}`}, pickled with it)`;
}

/** The distributions to declare, or "it" / "them" when they are named as imported. */
function declaredNames(model: SemanticModel, entries: PythonModelImport[]): string {
  const distributions = entries.map((entry) => requirementFor(model, entry.package).name);
  const asImported = entries.every((entry, index) => normalizeDistributionName(entry.package.importName) === normalizeDistributionName(distributions[index]));
  if (asImported) return entries.length === 1 ? 'it' : 'them';
  return names(distributions);
}

function hasSyntaxError(node: Node): boolean {
  return node.hasError || node.isMissing;
}

function check(context: RuleContext): void {
  const { model } = context;
  if (!model.importsModule('mlflow')) return;
  for (const logging of pythonModelLoggings(model)) {
    const { site, classNode } = logging;
    if (hasSyntaxError(classNode) || !isPythonModelClass(model, classNode)) continue;
    const environment = declaredEnvironment(model, site);
    if (environment.unknown) continue;
    // MLflow infers the requirements from what loading imports, and from predicting on the input example.
    if (!environment.replacesInference && logsInputExample(model, site, classNode)) continue;
    const shipped = codePathModules(model, site);
    // The project's own code (shipped with code_paths, or a module of the project) needs no requirement.
    const isOwnImport = (importName: string) => {
      const topLevel = topLevelModule(importName);
      return !!shipped?.has(topLevel) || context.project.isLocalModule(topLevel);
    };
    const uses = pythonModelImports(model, classNode);
    const flavorsLoaded = uses.flavorsLoaded;
    const used = new Map([...uses.imports].filter(([importName]) => !isOwnImport(importName)));
    // Objects the instance holds are pickled with it: unpickling imports their libraries.
    for (const held of heldObjectImports(model, classNode, logging.value)) {
      if (!used.has(held.package.importName) && !isOwnImport(held.package.importName)) used.set(held.package.importName, held);
    }
    const relevant = [...used.values()]
      // A flavor's load_model in load_context imports its library, and inference records it; with
      // the requirements written out, it is needed when the model loads, not first in predict():
      // when the first request is not where it fails, say nothing rather than something untrue.
      .filter((entry) => entry.phase === 'load' || !loadedByFlavor(flavorsLoaded, entry.package.importName))
      // A name the rule does not know as a PyPI package may be a module of the project (beside
      // the notebook, in a repo folder, shipped with code_paths): only known packages and
      // those the notebook installs with %pip count.
      .filter((entry) => entry.package.wellKnown || installedByNotebook(model, entry.package))
      .sort((a, b) => a.firstUse - b.firstUse);
    const inferred = environment.replacesInference ? [] : [...used.values()].filter((entry) => entry.phase === 'load').map((entry) => entry.package.distributions[0]);
    // What inference records (the packages loading imports) and what is declared, with everything they install.
    const present = installedDistributions(['mlflow', ...logging.addedByLogger, ...inferred, ...environment.declared]);
    const distributionsSeen = new Set<string>();
    const missing = relevant
      .filter((entry) => !isProvided(present, entry.package))
      // `matplotlib` and `mpl_toolkits` come from one distribution: name it once.
      .filter((entry) => {
        const distribution = normalizeDistributionName(entry.package.distributions[0]);
        if (distributionsSeen.has(distribution)) return false;
        distributionsSeen.add(distribution);
        return true;
      });
    if (missing.length === 0) continue;
    const atLoad = missing.filter((entry) => entry.phase === 'load');
    const atRequest = missing.filter((entry) => entry.phase === 'request');
    const requirements = missing.map((entry) => requirementFor(model, entry.package));
    const className = field(classNode, 'name')?.text ?? 'the model';
    const caller = site.name ?? 'log_model';
    const parts: string[] = [];
    if (atLoad.length > 0) {
      parts.push(
        `PythonModel ${className} imports ${names(atLoad.map((entry) => entry.package.importName))} when it loads${heldNote(atLoad)}, but ${caller} does not declare ${declaredNames(model, atLoad)}: ` +
          'the serving endpoint fails when it loads the model and never becomes ready',
      );
    }
    if (atRequest.length > 0) {
      const lead = `PythonModel ${className} imports ${requestTimeImports(atRequest)}`;
      const inference = "MLflow's requirement inference does not see (it records what loading the model imports, and no input_example is logged)";
      parts.push(
        environment.replacesInference
          ? `${lead}, but ${caller} does not declare ${declaredNames(model, atRequest)}: the endpoint fails on the first request`
          : environment.extra
            ? `${lead}, which extra_pip_requirements does not add and ${inference}: the endpoint fails on the first request`
            : `${lead}, which ${inference}: the endpoint fails on the first request`,
      );
    }
    // Listed beside "dependencies", where nothing reads it: say why the listing does not count.
    const stray = missing.map((entry) => entry.package.distributions[0]).filter((distribution) => environment.strayPip?.has(normalizeDistributionName(distribution)));
    if (stray.length > 0) {
      parts.push(`the conda_env lists ${names(stray)} under a top-level "pip" key, which MLflow does not read: pip packages go in a {"pip": [...]} entry of "dependencies"`);
    }
    // A conda env where a pip list goes: MLflow reads the dict's keys as the requirements.
    if (environment.condaAsPip) {
      const { keyword, listed } = environment.condaAsPip;
      const inEnv = missing.map((entry) => entry.package.distributions[0]).filter((distribution) => listed.has(normalizeDistributionName(distribution)));
      parts.push(`${keyword}= is given a conda environment dict, whose keys MLflow takes as requirements${inEnv.length > 0 ? ` (not the ${names(inEnv)} it lists)` : ''}: pass it as conda_env=`);
    }
    const fix = buildFix(context, site, environment, requirements.map((requirement) => requirement.text));
    context.report({ node: logging.reportNode, message: parts.join('; '), fixes: fix ? [fix] : [] });
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
    trap: 'Logging a PyFunc model (`mlflow.pyfunc.log_model(..., python_model=...)`, or a feature engineering client\'s `log_model(model=..., flavor=mlflow.pyfunc)`) without the libraries its code imports.',
    reality:
      'The serving endpoint builds a fresh environment from the requirements logged with the model. MLflow pickles the PythonModel with cloudpickle, so what the class uses at module level, what `load_context()` imports, the objects `__init__` builds and those it stores as they are given (`Scorer(LGBMClassifier().fit(X, y))` with `self.estimator = estimator`: a lightgbm object, pickled with the instance) are imported when the model loads: a library missing there fails the endpoint when it loads the model, and the endpoint never becomes ready. An import written inside `predict()` (or a helper it calls) runs on the first request, and fails then. ' +
      'Without `pip_requirements` / `conda_env`, MLflow infers the requirements by loading the model in a subprocess and recording what it imports — and, when an `input_example` is logged, by predicting on it — then adds `extra_pip_requirements`; so imports that only predict() runs slip through unless there is an input example, or unless loading imports them already (a flavor\'s `load_model` in `load_context`, such as `mlflow.keras.load_model`, imports its library: mltraps then says nothing of that library). `pip_requirements` and `conda_env` replace inference: they must list everything. ' +
      'MLflow adds itself unless the requirements already name mlflow, mlflow-skinny or mlflow-tracing, and full mlflow brings its own dependencies (numpy, pandas, scipy, scikit-learn, pyarrow, matplotlib, cloudpickle, PyYAML, requests, protobuf, packaging, ...): never declare those for this reason (mltraps counts them as declared also where the requirements name only mlflow-skinny, which brings fewer). Import names differ from distribution names: `sklearn` is installed as `scikit-learn`, `cv2` as `opencv-python`, `yaml` as `PyYAML`, `PIL` as `Pillow`, `bs4` as `beautifulsoup4`. Reported are the libraries mltraps knows as PyPI packages (the common ML, data and NLP ones) and those the notebook installs with `%pip install`: another imported name may be a module of the project that the file cannot show (a repository folder on the path, `code_paths`), and stays unreported. ' +
      'mltraps reads list literals, names bound to them and extended with append / extend / `+=`, f-string entries by their name (`f"torch=={torch.__version__}"` declares torch), `get_default_conda_env()` / `get_default_pip_requirements()` plus appended entries, and `_mlflow_conda_env(additional_pip_deps=[...])`; a requirements file or a computed list may declare anything, so it stays silent then. A conda environment given to `pip_requirements=` declares none of its packages: MLflow takes any iterable of strings there, and a dict gives its keys.',
    example: [
      'import mlflow',
      'import xgboost as xgb',
      '',
      'class ChurnModel(mlflow.pyfunc.PythonModel):',
      '    def load_context(self, context):',
      '        self.booster = xgb.Booster(model_file=context.artifacts["booster"])',
      '',
      '    def predict(self, context, model_input):',
      '        import shap  # runs on the first request; inference without input_example misses it',
      '        return shap.TreeExplainer(self.booster).shap_values(xgb.DMatrix(model_input))',
      '',
      'mlflow.pyfunc.log_model(',
      '    name="model",',
      '    python_model=ChurnModel(),',
      '    artifacts={"booster": "booster.json"},',
      '    pip_requirements=["pandas==2.1.4"],  # replaces inference: xgboost and shap are missing',
      ')',
    ].join('\n'),
    useInstead: [
      'mlflow.pyfunc.log_model(',
      '    name="model",',
      '    python_model=ChurnModel(),',
      '    artifacts={"booster": "booster.json"},',
      '    input_example=X_sample,  # lets inference see what predict() imports',
      '    extra_pip_requirements=["xgboost==2.0.3", "shap==0.44.0"],',
      ')',
    ].join('\n'),
    fix: 'Adds `extra_pip_requirements=[...]` with the missing distributions (when MLflow infers the rest), or extends the existing `extra_pip_requirements` / `pip_requirements` list, the pip list of a literal `conda_env`, or `_mlflow_conda_env(additional_pip_deps=[...])`, pinned to the version of the notebook\'s `%pip install` line when there is one, unpinned otherwise.',
    fixSafety:
      'Safe: it only adds requirements the model\'s code already imports; the logged environment gains what loading or predicting needs. Pin unpinned entries to the versions you trained with.',
    examFact: 'A serving endpoint has only the libraries logged with the model.',
    references: [
      { title: 'MLflow: Managing dependencies in MLflow models', url: 'https://mlflow.org/docs/latest/ml/model/dependencies/' },
      { title: 'Databricks: Log model dependencies', url: 'https://docs.databricks.com/mlflow/log-model-dependencies' },
    ],
  },
  // The model class must subclass PythonModel, so the file names it.
  triggers: ['PythonModel', 'ChatModel', 'ChatAgent', 'ResponsesAgent'],
  check,
};
