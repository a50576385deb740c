import type { Node } from 'web-tree-sitter';
import { ancestorOfType, ancestorsAbove, contains } from './engine/syntax';
import type { Fix, Rule, RuleContext } from './engine/types';
import { hasSplatArguments, keywordArgument } from './semantic/calls';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { booleanValue } from './semantic/values';
import { methodNameNode } from './semantic/modelRegistry';
import { runBlocks, startRunCalls } from './semantic/mlflowRuns';

/**
 * The libraries whose training autologging records, by the qualified name of the fit:
 * `sklearn.ensemble.RandomForestClassifier.fit`, `lightgbm.train`. pyspark.ml featurizers
 * (`pyspark.ml.feature`) are not autologged.
 */
type Library = 'sklearn' | 'xgboost' | 'lightgbm' | 'pyspark.ml' | 'statsmodels' | 'tensorflow' | 'keras' | 'pytorch-lightning';

const LIBRARY_NAMES: Record<Library, string> = {
  sklearn: 'scikit-learn',
  xgboost: 'XGBoost',
  lightgbm: 'LightGBM',
  'pyspark.ml': 'Spark ML',
  statsmodels: 'statsmodels',
  tensorflow: 'TensorFlow Keras',
  keras: 'Keras',
  'pytorch-lightning': 'PyTorch Lightning',
};

function libraryOfFit(site: CallSite): Library | undefined {
  const name = site.qualifiedName;
  if (!name || !site.receiver) return undefined;
  const method = site.name;
  if (method === 'train') {
    if (name === 'xgboost.train') return 'xgboost';
    if (name === 'lightgbm.train') return 'lightgbm';
    return undefined;
  }
  if (method !== 'fit') return undefined;
  if (name.startsWith('pyspark.ml.feature.')) return undefined;
  return FIT_MODULES.find(([prefix]) => name.startsWith(prefix))?.[1];
}

/** The modules whose `fit` autologging records, by the start of the fit's qualified name. */
const FIT_MODULES: ReadonlyArray<readonly [string, Library]> = [
  ['sklearn.', 'sklearn'],
  ['xgboost.', 'xgboost'],
  ['lightgbm.', 'lightgbm'],
  ['pyspark.ml.', 'pyspark.ml'],
  ['statsmodels.', 'statsmodels'],
  ['tensorflow.keras.', 'tensorflow'],
  ['tf_keras.', 'tensorflow'],
  ['keras.', 'keras'],
  ['pytorch_lightning.', 'pytorch-lightning'],
  ['lightning.', 'pytorch-lightning'],
];

/**
 * What a file must write for a qualified name of FIT_MODULES (or xgboost.train, lightgbm.train):
 * the first word of one, as its import writes it (`tf_keras` holds `keras`, `pytorch_lightning` `lightning`).
 */
const FIT_LIBRARY_TEXT = new RegExp([...new Set(FIT_MODULES.map(([prefix]) => prefix.split('.')[0].replace(/^(?:tf_|pytorch_)/, '')))].join('|'));

/** What an autolog call covers: every library (`mlflow.autolog`), one (`mlflow.sklearn.autolog`), or none we know. */
function coverage(site: CallSite): 'all' | Library | undefined {
  switch (site.qualifiedName) {
    case 'mlflow.autolog':
      return 'all';
    case 'mlflow.sklearn.autolog':
      return 'sklearn';
    case 'mlflow.xgboost.autolog':
      return 'xgboost';
    case 'mlflow.lightgbm.autolog':
      return 'lightgbm';
    case 'mlflow.pyspark.ml.autolog':
      return 'pyspark.ml';
    case 'mlflow.statsmodels.autolog':
      return 'statsmodels';
    case 'mlflow.tensorflow.autolog':
      return 'tensorflow';
    case 'mlflow.keras.autolog':
      return 'keras';
    case 'mlflow.pytorch.autolog':
      return 'pytorch-lightning';
    default:
      return undefined;
  }
}

const covers = (scope: 'all' | Library | undefined, library: Library) => scope === 'all' || scope === library;

/** Inside a def, lambda or class body: it runs whenever that code is called, not in file order. */
function insideFunction(node: Node): boolean {
  return !!ancestorOfType(node, ['function_definition', 'lambda', 'class_definition']);
}

const AUTOLOG = /^mlflow\.(?:[A-Za-z_]\w*\.){0,2}autolog$/;

/** `autolog(disable=True)`, or a disable value the file does not show: it may switch autologging off. */
function mayDisable(model: SemanticModel, site: CallSite): boolean {
  const disable = keywordArgument(site, 'disable');
  return !!disable && booleanValue(model, disable) !== false;
}

/** The statement directly in a cell's module that holds the node. */
function moduleStatement(node: Node): Node | undefined {
  let current: Node = node;
  while (current.parent && current.parent.type !== 'module') current = current.parent;
  return current.parent ? current : undefined;
}

/**
 * Move the autolog statement above the statement that holds the first fit: only when the
 * autolog call is a whole top-level statement of its own, and every name it uses (`mlflow`,
 * an argument) is bound before that point, so the moved line runs as it did.
 */
function moveFix(context: RuleContext, autolog: CallSite, fit: CallSite): Fix | undefined {
  const { document, model } = context;
  const statement = moduleStatement(autolog.node);
  const target = moduleStatement(fit.node);
  if (!statement || !target || statement.type !== 'expression_statement' || statement.namedChildren[0]?.id !== autolog.node.id) return undefined;
  if (autolog.node.hasError || hasSplatArguments(autolog)) return undefined;
  const startLine = document.positionAt(statement.startIndex).line;
  const endLine = document.positionAt(statement.endIndex).line;
  // Other code on the same lines (`x = 1; mlflow.autolog()`) would move with it.
  if (document.lineText(startLine).slice(0, document.positionAt(statement.startIndex).character).trim() !== '') return undefined;
  if (document.lineText(endLine).slice(document.positionAt(statement.endIndex).character).trim().replace(/^#.*/, '') !== '') return undefined;
  for (const identifier of statement.descendantsOfType('identifier')) {
    if (!identifier) continue;
    // Keyword names (`disable=`) are not uses.
    if (identifier.parent?.type === 'keyword_argument' && identifier.parent.childForFieldName('name')?.id === identifier.id) continue;
    if (identifier.parent?.type === 'attribute' && identifier.parent.childForFieldName('attribute')?.id === identifier.id) continue;
    const reaching = model.bindings.reachingBindings(identifier.text, identifier);
    if (reaching.length !== 1 || reaching[0].visibleFrom > target.startIndex) return undefined;
  }
  const targetLine = document.positionAt(target.startIndex).line;
  const indentation = document.indentationAt(target.startIndex);
  const lines: string[] = [];
  for (let line = startLine; line <= endLine; line++) lines.push(document.lineText(line));
  const removeStart = document.offsetAt({ line: startLine, character: 0 });
  const removeEnd = endLine + 1 < document.lineCount ? document.offsetAt({ line: endLine + 1, character: 0 }) : document.lineEnd(endLine);
  const insertion = document.offsetAt({ line: targetLine, character: 0 });
  const moved = lines.map((text) => indentation + text.trimStart()).join(document.eol) + document.eol;
  return {
    title: `Move ${autolog.qualifiedName}() above the first fit`,
    safety: recordsApartFromFileRuns(model, target.startIndex, statement.startIndex) ? 'unsafe' : 'safe',
    edits: [
      { start: insertion, end: insertion, newText: moved },
      { start: removeStart, end: removeEnd, newText: '' },
    ],
  };
}

/**
 * Whether a training the move brings under autologging (between `from` and `to`) runs outside
 * any `with mlflow.start_run()` in a file that starts runs of its own: autologging then starts a
 * run for that training alone, apart from the run the file logs its model in.
 */
function recordsApartFromFileRuns(model: SemanticModel, from: number, to: number): boolean {
  if (startRunCalls(model).length === 0) return false;
  const bodies = runBlocks(model).map((block) => block.body);
  return model.callsNamed(...TRAINING_CALLS).some((site) => site.node.startIndex >= from && site.node.startIndex < to && !bodies.some((body) => contains(body, site.node)));
}

/** Calls that train or tune: `.fit(`, `.train(`, fmin, study.optimize, cross-validation helpers. */
const TRAINING_CALLS = ['fit', 'train', 'fit_transform', 'fit_predict', 'partial_fit', 'fmin', 'optimize', 'cross_val_score', 'cross_validate', 'cross_val_predict'];

/**
 * Whether the code of a function may run after `offset`: it is used (called, passed on) after
 * that point, or never used by name in the file (a caller elsewhere may run it at any time).
 * A method or a lambda: may.
 */
function mayRunAfter(model: SemanticModel, node: Node, offset: number): boolean {
  let outermost: Node | undefined;
  for (const current of ancestorsAbove(node)) {
    if (current.type === 'lambda' || current.type === 'class_definition') return true;
    if (current.type === 'function_definition') outermost = current;
  }
  const name = outermost?.childForFieldName('name');
  if (!outermost || !name) return true;
  const uses = model.nodesAroundText([name.text], 'identifier').filter((identifier) => identifier.text === name.text && identifier.id !== name.id);
  return uses.length === 0 || uses.some((identifier) => identifier.startIndex > offset);
}

/** Whether some training runs after the autolog call, or sits in a function that may be called after it. */
function trainingMayFollow(model: SemanticModel, autolog: CallSite): boolean {
  const offset = autolog.node.startIndex;
  return model.callsNamed(...TRAINING_CALLS).some((site) => site.node.startIndex > offset || (insideFunction(site.node) && mayRunAfter(model, site.node, offset)));
}

function check(context: RuleContext): void {
  const { model, document } = context;
  if (!model.importsModule('mlflow')) return;
  // Also under another name (`from mlflow import autolog as enable_autolog`).
  const autologs = model.callsOfImported(['autolog'], (qualifiedName) => AUTOLOG.test(qualifiedName));
  if (autologs.length === 0) return;
  // An autolog call in a function runs when the function is called: its place says nothing.
  if (autologs.some((site) => insideFunction(site.node))) return;
  const fits = model
    .callsNamed('fit', 'train')
    .filter((site) => !insideFunction(site.node))
    .map((site) => ({ site, library: libraryOfFit(site) }))
    .filter((entry): entry is { site: CallSite; library: Library } => !!entry.library);
  for (const autolog of autologs) {
    const scope = coverage(autolog);
    if (!scope || mayDisable(model, autolog)) continue;
    // The first fit this call covers that runs before it with no earlier autolog call covering
    // it, and no earlier call that may switch autologging off (the author manages it).
    const fit = fits.find(
      ({ site, library }) =>
        site.node.startIndex < autolog.node.startIndex &&
        covers(scope, library) &&
        !autologs.some((other) => other.node.startIndex < site.node.startIndex && (mayDisable(model, other) || covers(coverage(other), library))),
    );
    if (!fit) continue;
    // A call after one that switches autologging off for this library turns it back on: the
    // author manages it (a cell that shows a fit without autologging, then restores it for the
    // cells below). Another library's switch (`mlflow.xgboost.autolog(disable=True)`) leaves this one's alone.
    if (autologs.some((other) => other.node.startIndex < autolog.node.startIndex && mayDisable(model, other) && covers(coverage(other), fit.library))) continue;
    // Only the first autolog call after that fit speaks about it.
    const earlierSpeaker = autologs.some(
      (other) => other.node.startIndex < autolog.node.startIndex && other.node.startIndex > fit.site.node.startIndex && !mayDisable(model, other) && covers(coverage(other), fit.library),
    );
    if (earlierSpeaker) continue;
    // Training after the call (or in a function, which may run after it) is what it records:
    // the earlier fit is then logged by hand or left out on purpose, as courses do.
    if (trainingMayFollow(model, autolog)) continue;
    const fixes = moveFix(context, autolog, fit.site);
    context.report({
      node: autolog.node,
      message:
        `${autolog.qualifiedName}() is called after the ${LIBRARY_NAMES[fit.library]} training ${document.whereIs(methodNameNode(fit.site).startIndex)}: autologging records only the training that runs after it is enabled, ` +
        'so this call records no parameters, metrics or model for it — enable autologging before training',
      fixes: fixes ? [fixes] : [],
    });
  }
}

export const mlt305AutologAfterFit: Rule = {
  meta: {
    id: 'MLT305',
    name: 'autolog-after-fit',
    severity: 'warning',
    area: 'MLflow tracking and packaging',
    domain: 'Model Development',
    title: 'mlflow.autolog() is called after the training it should record',
  },
  docs: {
    trap: 'Calling `mlflow.autolog()` (or `mlflow.<flavor>.autolog()`) after the `.fit()` / `.train()` it is meant to record: the first autolog call of a script or notebook comes after top-level training of a library it covers.',
    reality:
      'Autologging works by patching the training functions of the libraries it supports (`estimator.fit()`, `lightgbm.train()`, `xgboost.train()`, Spark ML `Estimator.fit()`, Keras `Model.fit()` ...) at the moment it is enabled; a fit that already ran is not recorded by it: no parameters, metrics or model. `mlflow.autolog()` covers every supported library that is installed; `mlflow.sklearn.autolog()` only scikit-learn, `mlflow.xgboost.autolog()` only XGBoost, and so on (`mlflow.pyspark.ml.autolog()` skips the featurizers of `pyspark.ml.feature`; `mlflow.spark.autolog()` records data sources, not training). In a notebook the cells run in order, so an autolog call in a later cell comes too late for the training above it. On a classic Databricks cluster with Databricks Runtime ML, Databricks Autologging already enables autologging with default settings in interactive notebooks (not on serverless compute, and not for runs you start with `mlflow.start_run()`), which is why the missing call can go unnoticed there. mltraps reads top-level training in file and cell order; `autolog(disable=True)` and an autolog call after one (it turns autologging back on), training inside functions (which run when they are called), and an autolog call that more training follows (it records that training: the fit before it is then a baseline left unlogged or logged by hand, as courses do) are left alone.',
    example: [
      'import mlflow',
      'from sklearn.ensemble import RandomForestRegressor',
      '',
      'model = RandomForestRegressor(n_estimators=200)',
      'model.fit(X_train, y_train)',
      '',
      'mlflow.sklearn.autolog()',
    ].join('\n'),
    useInstead: [
      'import mlflow',
      'from sklearn.ensemble import RandomForestRegressor',
      '',
      'mlflow.sklearn.autolog()',
      '',
      'model = RandomForestRegressor(n_estimators=200)',
      'model.fit(X_train, y_train)',
    ].join('\n'),
    fix: 'Moves the autolog line above the statement that holds the first fit, when the autolog call is a top-level statement of its own and every name it uses (the `mlflow` import, its arguments) is already bound there; otherwise none.',
    fixSafety:
      'Safe: the autolog call runs earlier with the same arguments, so the fits from there on are recorded as the later ones were. Unsafe where a fit it now records runs outside any `with mlflow.start_run()` in a file that starts runs of its own: autologging starts a run for that fit alone, apart from the run the file logs its model in.',
    examFact: 'Enable autologging before training: it records only the fits that run after it is called.',
    references: [
      { title: 'MLflow: Automatic logging', url: 'https://mlflow.org/docs/latest/ml/tracking/autolog/' },
      { title: 'MLflow Python API: mlflow.autolog', url: 'https://mlflow.org/docs/latest/python_api/mlflow.html#mlflow.autolog' },
      { title: 'MLflow Python API: mlflow.pyspark.ml.autolog', url: 'https://mlflow.org/docs/latest/python_api/mlflow.pyspark.ml.html' },
      { title: 'Databricks: Databricks Autologging', url: 'https://docs.databricks.com/mlflow/databricks-autologging.html' },
    ],
  },
  triggers: ['autolog'],
  // A training call with a receiver (libraryOfFit: `model.fit(`, `lgb.train(`)... Patterns, not
  // words: words join the one scan of every file, patterns are tested only where `autolog`
  // occurs (as words, `fit`, `train` and the libraries matched 4,343 more times in h71's 19 MB).
  alsoNeeds: [/\.\s*(?:fit|train)\s*\(/],
  // ...of a library libraryOfFit knows, whose qualified names come from importing it: an
  // agent's `mlflow.langchain.autolog()` beside no such library is not parsed for this rule.
  furtherNeeds: [[FIT_LIBRARY_TEXT]],
  check,
};
