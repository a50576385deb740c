import type { Node } from 'web-tree-sitter';
import { ensureImportedReplacing, replaceNode } from './engine/fixBuilders';
import { field } from './engine/syntax';
import type { Fix, Rule, RuleContext, TextEdit } from './engine/types';
import { crossValidatorCalls, crossValidatorCountsByCaller, crossValidatorModelCount, type CrossValidatorModelCount } from './semantic/paramGrids';
import { plural } from './engine/plural';

/** TrainValidationSplit's default split, written out so the change of method is visible. */
const TRAIN_RATIO = '0.75';

export const mlt105CrossvalidatorModelCount: Rule = {
  meta: {
    id: 'MLT105',
    name: 'crossvalidator-model-count',
    severity: 'information',
    area: 'Spark ML pipelines',
    domain: 'Model Development',
    title: 'How many models a CrossValidator trains: numFolds x grid combinations (+1 refit)',
  },
  docs: {
    trap: 'A CrossValidator over a ParamGridBuilder grid looks like one fit, but trains a model per fold and per combination.',
    reality:
      'CrossValidator trains numFolds x (number of ParamGrid combinations) models, plus one refit of the best ' +
      'combination on the whole data; the grid is the product of every addGrid value list, so it grows fast (a value list is counted when written out, built with `range(...)` or a comprehension over a known list, read out of a dict the file shows (`opts.get("maxDepth")`, `opts["maxDepth"]`, the dict not changed in place before), or given by NumPy\'s `linspace` / `logspace` / `geomspace`, whose `num` is 50 unless given, or `arange` of whole numbers). ' +
      'A ParamRandomBuilder (Spark 3.2+) is such a grid: `addRandom(param, x, y, n)` and `addLog10Random(param, x, y, n)` each add a list of n drawn values. ' +
      'TrainValidationSplit trains each combination once (one train/validation split, `trainRatio`, default 0.75), ' +
      'then makes the same one refit. ' +
      'The finding is information by default and a warning above `mltraps.crossValidatorModelLimit` models (default 100). ' +
      'A CrossValidator that a helper function builds from its parameters is counted on each call of the helper that passes a known grid, also where a function passes its own parameters on to the helper (`def train(clf, grid): return make_cv(clf, grid)`: each call of `train`, up to three functions out); ' +
      'one built in a loop is counted when its grid and folds are the same on every pass (the count is per pass).',
    example: [
      'from pyspark.ml.tuning import CrossValidator, ParamGridBuilder',
      '',
      'grid = (ParamGridBuilder()',
      '        .addGrid(lr.regParam, [0.001, 0.01, 0.1, 1.0])',
      '        .addGrid(lr.elasticNetParam, [0.0, 0.25, 0.5, 0.75, 1.0])',
      '        .addGrid(lr.maxIter, [50, 100])',
      '        .build())',
      '# trains 5 folds x 40 combinations = 200 models (+1 refit)',
      'cv = CrossValidator(estimator=pipeline, estimatorParamMaps=grid, evaluator=evaluator, numFolds=5)',
      '',
    ].join('\n'),
    useInstead: [
      'from pyspark.ml.tuning import ParamGridBuilder, TrainValidationSplit',
      '',
      '# 40 models (+1 refit): each combination is trained once on 75% of the data and scored on the rest',
      'tvs = TrainValidationSplit(estimator=pipeline, estimatorParamMaps=grid, evaluator=evaluator, trainRatio=0.75)',
      '',
      '# or keep CrossValidator with a smaller grid (or hyperopt / Optuna for large search spaces)',
      '',
    ].join('\n'),
    fix:
      'Above the limit only: replaces `CrossValidator(...)` with `TrainValidationSplit(...)`, turns `numFolds=k` ' +
      '(or `.setNumFolds(k)`) into `trainRatio=0.75` (`.setTrainRatio(0.75)`), and imports TrainValidationSplit: in place of ' +
      'CrossValidator in its `from pyspark.ml.tuning import ...` when this call was its only use, else on a line of its own.',
    fixSafety:
      'Unsafe: it changes the validation method (one split instead of k folds, so the chosen parameters may differ) ' +
      'and the fitted model\'s class (TrainValidationSplitModel has `validationMetrics`, not `avgMetrics`). Not offered ' +
      'when the file uses fold-specific API (`foldCol`, `getNumFolds`, `avgMetrics`, `stdMetrics`, `CrossValidatorModel`).',
    examFact:
      'CrossValidator trains numFolds x (number of ParamGrid combinations) models (plus one refit on the whole data); ' +
      'it grows fast, TrainValidationSplit trains each combination once.',
    references: [
      { title: 'Spark MLlib guide: ML Tuning (CrossValidator, TrainValidationSplit)', url: 'https://spark.apache.org/docs/latest/ml-tuning.html' },
    ],
  },
  triggers: ['CrossValidator'],
  check(context) {
    const { model, settings } = context;
    for (const site of crossValidatorCalls(model)) {
      const count = crossValidatorModelCount(model, site.node);
      if (!count) {
        reportHelperCalls(context, site.node);
        continue;
      }
      // An empty grid trains nothing: something else is wrong there.
      if (count.combinations === 0) continue;
      const aboveLimit = count.models > settings.crossValidatorModelLimit;
      let message = `CrossValidator trains ${countText(count)}`;
      if (aboveLimit) message += `, above the limit of ${settings.crossValidatorModelLimit}: TrainValidationSplit trains each combination once`;
      const fix = aboveLimit ? trainValidationSplitFix(context, site.node, site.callee, count) : undefined;
      context.report({ node: site.callee, message, severity: aboveLimit ? 'warning' : 'information', fixes: fix ? [fix] : [] });
    }
  },
};


/**
 * A CrossValidator that a helper builds from its parameters: each call of the helper that
 * passes a known grid (and numFolds) trains its own count, reported on that call. No fix: the
 * CrossValidator serves every caller.
 */
function reportHelperCalls(context: RuleContext, call: Node): void {
  const limit = context.settings.crossValidatorModelLimit;
  for (const { caller, helper, through, count } of crossValidatorCountsByCaller(context.model, call)) {
    const aboveLimit = count.models > limit;
    const where = through.length > 0 ? `through ${through.map((name) => `${name}()`).join(', ')}, ${context.document.lineOf(call.startIndex)}` : context.document.lineOf(call.startIndex);
    let message = `${helper}() builds a CrossValidator (${where}) that, with these arguments, trains ${countText(count)}`;
    if (aboveLimit) message += `, above the limit of ${limit}: TrainValidationSplit trains each combination once`;
    context.report({ node: caller.callee, message, severity: aboveLimit ? 'warning' : 'information', fixes: [] });
  }
}

/** "3 folds x 12 combinations = 36 models (+1 refit)" */
export function countText(count: CrossValidatorModelCount): string {
  return `${plural(count.folds, 'fold')} x ${plural(count.combinations, 'combination')} = ${plural(count.models, 'model')} (+1 refit)`;
}

/** API that exists for CrossValidator only: switching the class would break it. */
const FOLD_API = /\b(?:avgMetrics|stdMetrics|getNumFolds|foldCol|setFoldCol|getFoldCol|CrossValidatorModel)\b/;

function trainValidationSplitFix(context: RuleContext, call: Node, callee: Node, count: CrossValidatorModelCount): Fix | undefined {
  const { model, document } = context;
  const qualifiedName = model.resolveQualifiedName(callee);
  // Spark Connect's tuning module has no TrainValidationSplit.
  if (qualifiedName !== 'pyspark.ml.tuning.CrossValidator' || document.textMatches(FOLD_API)) return undefined;
  const edits: TextEdit[] = [];
  for (const value of count.params.sources.get('numFolds') ?? []) {
    const edit = numFoldsEdits(value);
    if (!edit) return undefined;
    edits.push(...edit);
  }
  // `from pyspark.ml.tuning import ParamGridBuilder, CrossValidator` whose CrossValidator this call
  // alone uses: the import names TrainValidationSplit instead (no unused import left for Ruff's F401).
  const imported = ensureImportedReplacing(model, 'pyspark.ml.tuning', 'TrainValidationSplit', call, callee);
  edits.push(...imported.edits, replaceNode(callee, imported.localName));
  return {
    title: `Replace CrossValidator with TrainValidationSplit (trainRatio=${TRAIN_RATIO}): ${plural(count.combinations, 'model')} instead of ${count.models}`,
    safety: 'unsafe',
    edits,
  };
}

/** `numFolds=k` -> `trainRatio=0.75`; `.setNumFolds(k)` -> `.setTrainRatio(0.75)`. */
function numFoldsEdits(value: Node): TextEdit[] | undefined {
  const parent = value.parent;
  if (parent?.type === 'keyword_argument' && field(parent, 'name')?.text === 'numFolds') return [replaceNode(parent, `trainRatio=${TRAIN_RATIO}`)];
  const argumentList = parent?.type === 'keyword_argument' ? parent.parent : parent;
  const setter = argumentList?.type === 'argument_list' ? argumentList.parent : undefined;
  const method = setter?.type === 'call' ? field(setter, 'function') : undefined;
  const name = method?.type === 'attribute' ? field(method, 'attribute') : undefined;
  if (name?.text !== 'setNumFolds') return undefined;
  return [replaceNode(name, 'setTrainRatio'), replaceNode(value, TRAIN_RATIO)];
}
