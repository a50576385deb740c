import type { Node } from 'web-tree-sitter';
import { children, codeChildren, field, unparenthesize } from '../engine/syntax';
import { keywordArgument, positionalArguments } from './calls';
import type { CallSite, SemanticModel } from './semanticModel';
import { returnStatements, returnValue } from './tuning';
import { numberValue, stringValue } from './values';

/**
 * Whether an expression is a higher-is-better metric (accuracy, F1, AUC, R2, a sklearn
 * `*_score`), a lower-is-better one (a loss, an error, a negated or `1 - x` metric), or unknown.
 */
export type MetricDirection = { kind: 'higher'; name: string; weak?: boolean } | { kind: 'lower' } | { kind: 'unknown' };

/*
 * A "weak" higher-is-better verdict rests only on the name of a variable or of a function
 * (`score`, `compute_score(...)`); a strong one on what the value is: a sklearn metric, a
 * metrics dict read at an accuracy / F1 key. A variable named as a loss keeps its name's word
 * against a weak verdict (`loss = evaluate_score(p)` may well be a loss), not against a
 * strong one (`loss = metrics["val_f1_score"]` is the F1 score).
 */

const LOWER: MetricDirection = { kind: 'lower' };
const UNKNOWN: MetricDirection = { kind: 'unknown' };

const HIGHER_WORDS = /^(?:accuracy|accuracies|acc|f1|fbeta|fmeasure|auc|auroc|rocauc|aucpr|auprc|aupr|prauc|r2|precision|recall|silhouette|ndcg|scores?|f1score)\d*$/;
/**
 * `score` alone says nothing about the direction: people call an RMSE a score, and
 * xgboost's `best_score` is the best value of whatever eval metric was set. A name whose only
 * metric word is this one gives no verdict; the value must show the metric.
 */
const GENERIC_WORDS = /^scores?\d*$/;
const LOWER_WORDS = /^(?:loss|losses|logloss|rmse|mse|mae|mape|smape|rmsle|msle|error|errors|err|neg|negative|cost|regret|distance|brier|hamming|std|var|variance)\d*$/;

/** sklearn.metrics `*_score` functions where lower is better. */
const LOWER_SKLEARN_SCORES = new Set(['davies_bouldin_score']);
/** sklearn.metrics functions without `_score` in their name where higher is better. */
const HIGHER_SKLEARN_METRICS = new Set(['auc', 'matthews_corrcoef']);

/** Functions that return their first argument's value in another form (`float(acc)`, `np.mean(scores)`). */
const PASS_THROUGH_FUNCTIONS = new Set(['numpy.mean', 'numpy.median', 'numpy.average', 'numpy.nanmean', 'numpy.float64', 'statistics.mean', 'statistics.median', 'math.sqrt', 'numpy.sqrt']);
const PASS_THROUGH_BUILTINS = new Set(['float', 'round']);
const PASS_THROUGH_METHODS = new Set(['mean', 'median', 'item', 'numpy', 'tolist']);

/** `val_acc`, `valAccuracy`, `f1Score` -> the words of the name. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/**
 * What a name says: `rmse` is lower, `val_acc` higher, `result` nothing. `roc_auc` matches
 * through `auc`; Spark's `areaUnderROC` / `areaUnderPR` through "area under".
 */
export function directionOfName(name: string): MetricDirection {
  const words = nameWords(name);
  if (words.some((word) => LOWER_WORDS.test(word))) return LOWER;
  const areaUnder = words.some((word, index) => word === 'area' && words[index + 1] === 'under');
  return areaUnder || words.some((word) => HIGHER_WORDS.test(word) && !GENERIC_WORDS.test(word)) ? { kind: 'higher', name, weak: true } : UNKNOWN;
}

/**
 * Spark ML evaluators: the metric each computes by default, and those of its metrics where
 * lower is better (`isLargerBetter()` is false); every other metric is larger-is-better.
 */
const SPARK_EVALUATORS: ReadonlyMap<string, { defaultMetric: string; lower: ReadonlySet<string> }> = new Map([
  ['BinaryClassificationEvaluator', { defaultMetric: 'areaUnderROC', lower: new Set<string>() }],
  ['MulticlassClassificationEvaluator', { defaultMetric: 'f1', lower: new Set(['weightedFalsePositiveRate', 'falsePositiveRateByLabel', 'logLoss', 'hammingLoss']) }],
  ['MultilabelClassificationEvaluator', { defaultMetric: 'f1Measure', lower: new Set(['hammingLoss']) }],
  ['RegressionEvaluator', { defaultMetric: 'rmse', lower: new Set(['rmse', 'mse', 'mae']) }],
  ['ClusteringEvaluator', { defaultMetric: 'silhouette', lower: new Set<string>() }],
  ['RankingEvaluator', { defaultMetric: 'meanAveragePrecision', lower: new Set<string>() }],
]);

const EVALUATOR_SETTERS = new Set(['setMetricName', 'setParams']);

/**
 * The metric `evaluator.evaluate(predictions)` computes, for a Spark ML evaluator built in this
 * file: `metricName=` of its constructor (or a chained `.setMetricName(...)`), else the class's
 * default. Undefined when the metric is not known for sure: a param map passed to evaluate, a
 * metric name known only at run time, an evaluator whose metric the file sets elsewhere.
 */
function sparkEvaluatorMetric(model: SemanticModel, site: CallSite): { metric: string; lower: boolean } | undefined {
  if (!site.receiver || positionalArguments(site).length !== 1 || keywordArgument(site, 'params')) return undefined;
  const receiver = unparenthesize(site.receiver);
  if (receiver.type === 'identifier') {
    const changed = model.callsNamed(...EVALUATOR_SETTERS).some((setter) => setter.receiver && unparenthesize(setter.receiver).text === receiver.text);
    if (changed) return undefined;
  }
  let current = model.resolveValue(receiver);
  let metricNode: Node | undefined;
  let chainedMetric = false;
  for (let depth = 0; depth < 8 && current.type === 'call'; depth++) {
    const call = model.callSite(current);
    const evaluator = call.qualifiedName?.startsWith('pyspark.ml.evaluation.') ? SPARK_EVALUATORS.get(call.qualifiedName.split('.').pop() ?? '') : undefined;
    if (evaluator) {
      if (!chainedMetric) metricNode = keywordArgument(call, 'metricName');
      const metric = metricNode ? stringValue(model, metricNode) : evaluator.defaultMetric;
      return metric === undefined ? undefined : { metric, lower: evaluator.lower.has(metric) };
    }
    // `BinaryClassificationEvaluator().setMetricName("areaUnderPR").setLabelCol("y")`: walking
    // from the outside in, the first setter that names the metric is the one applied last.
    if (!call.receiver || !call.name?.startsWith('set')) return undefined;
    const named = call.name === 'setMetricName' ? positionalArguments(call)[0] : call.name === 'setParams' ? keywordArgument(call, 'metricName') : undefined;
    if (named && !chainedMetric) {
      metricNode = named;
      chainedMetric = true;
    }
    current = model.resolveValue(unparenthesize(call.receiver));
  }
  return undefined;
}

/**
 * Estimator classes whose `score(X, y)` is scikit-learn's default, higher is better (accuracy,
 * R2, a log-likelihood, -inertia). Not a search of sklearn.model_selection, whose score is its
 * `scoring=` (an RMSE scorer made with make_scorer is an RMSE), nor a ranker (XGBRanker scores
 * with its eval metric; LGBMRanker has no score).
 */
const SKLEARN_API_ESTIMATOR = /^(?:sklearn\.(?!model_selection\.)(?:\w+\.)*[A-Z]\w*|xgboost\.(?:sklearn\.)?XGB(?:RF)?(?:Regressor|Classifier)|lightgbm\.(?:sklearn\.)?LGBM(?:Regressor|Classifier))$/;

/** `Lasso(alpha=a)`, `LinearRegression().fit(X, y)`, a name bound to one: an estimator of scikit-learn's API built in the file. */
function isSklearnApiEstimator(model: SemanticModel, node: Node): boolean {
  let current = model.resolveValue(unparenthesize(node));
  for (let depth = 0; depth < 4 && current.type === 'call'; depth++) {
    const call = model.callSite(current);
    if (SKLEARN_API_ESTIMATOR.test(call.qualifiedName ?? '')) return true;
    // `fit` returns the estimator itself.
    if (call.name !== 'fit' || !call.receiver) return false;
    current = model.resolveValue(unparenthesize(call.receiver));
  }
  return false;
}

function isBuiltinCall(model: SemanticModel, callee: Node, names: ReadonlySet<string>): boolean {
  return callee.type === 'identifier' && names.has(callee.text) && !model.lookup(callee) && !model.resolveQualifiedName(callee);
}

function directionOfCall(model: SemanticModel, call: Node, depth: number): MetricDirection {
  const site = model.callSite(call);
  const callee = unparenthesize(site.callee);
  const first = positionalArguments(site)[0];
  const qualifiedName = site.qualifiedName;
  const name = site.name ?? '';
  if (qualifiedName && PASS_THROUGH_FUNCTIONS.has(qualifiedName)) return first ? directionOf(model, first, depth + 1) : UNKNOWN;
  if (isBuiltinCall(model, callee, PASS_THROUGH_BUILTINS)) return first ? directionOf(model, first, depth + 1) : UNKNOWN;
  if (site.receiver && PASS_THROUGH_METHODS.has(name)) return directionOf(model, site.receiver, depth + 1);
  if (qualifiedName?.startsWith('sklearn.metrics.')) {
    // By the function's own name: `from sklearn.metrics import f1_score as f1s` is still F1.
    const metric = qualifiedName.split('.').pop() ?? name;
    if (LOWER_SKLEARN_SCORES.has(metric)) return LOWER;
    return metric.endsWith('_score') || HIGHER_SKLEARN_METRICS.has(metric) ? { kind: 'higher', name: `${name}(...)` } : LOWER;
  }
  // sklearn scorers are all greater-is-better, "neg_mean_squared_error" included.
  if (qualifiedName === 'sklearn.model_selection.cross_val_score') return { kind: 'higher', name: 'cross_val_score(...)' };
  if (name === 'evaluate') {
    const spark = sparkEvaluatorMetric(model, site);
    const receiver = site.receiver ? unparenthesize(site.receiver) : undefined;
    const evaluator = receiver?.type === 'identifier' ? `${receiver.text}.evaluate(...)` : 'evaluate(...)';
    if (spark) return spark.lower ? LOWER : { kind: 'higher', name: `the ${spark.metric} of ${evaluator}` };
  }
  // An estimator's `score(X, y)`: accuracy for a classifier, R2 for a regressor. Known for sure
  // of an estimator of scikit-learn's API the file builds (`Lasso(...).fit(X, y)`); of another
  // object, only as far as its name goes.
  // An unsupervised estimator scores its data alone, higher is better in each of scikit-learn's:
  // KMeans' negative inertia, the log-likelihood of GaussianMixture, PCA, KernelDensity,
  // FactorAnalysis, LatentDirichletAllocation and the covariance estimators.
  const sklearnEstimator = !!site.receiver && isSklearnApiEstimator(model, site.receiver);
  if (name === 'score' && site.receiver && (positionalArguments(site).length >= 2 || (sklearnEstimator && positionalArguments(site).length === 1))) {
    return { kind: 'higher', name: 'score(...)', weak: !sklearnEstimator };
  }
  // A function of this file: what its returns are (`def evaluate(a, p): return sqrt(mse(a, p))`).
  const local = directionOfLocalFunction(model, callee, depth);
  if (local.kind !== 'unknown') return local;
  const byName = directionOfName(name);
  return byName.kind === 'higher' ? { kind: 'higher', name: `${name}(...)`, weak: true } : byName;
}

/** The direction every `return` of a def in this file agrees on; unknown when they differ or there is none. */
function directionOfLocalFunction(model: SemanticModel, callee: Node, depth: number): MetricDirection {
  const definition = callee.type === 'identifier' ? model.resolveFunction(callee) : undefined;
  if (definition?.type !== 'function_definition') return UNKNOWN;
  const returned = returnStatements(definition).map(returnValue);
  if (returned.length === 0 || returned.some((value) => !value)) return UNKNOWN;
  const directions = returned.map((value) => directionOf(model, value!, depth + 1));
  const [first] = directions;
  return directions.every((direction) => direction.kind === first.kind) ? first : UNKNOWN;
}

/**
 * `1 - accuracy`, `baseline - f1`: something minus a metric shrinks as the metric grows, so it
 * is a loss (the complement, a drop from a baseline).
 */
function isComplement(model: SemanticModel, expr: Node, depth: number): boolean {
  const operator = children(expr).find((child) => !child.isNamed)?.text;
  const left = field(expr, 'left');
  const right = field(expr, 'right');
  if (operator !== '-' || !left || !right) return false;
  return numberValue(model, left) === 1 || directionOf(model, right, depth + 1).kind === 'higher';
}

/**
 * The direction of `use`'s value after the augmented assignments to its name between `after`
 * (where it was bound) and the use, in the use's scope: `loss *= -1` (or `/=` by a negative
 * number) flips it, `+=` / `-=` and a positive factor keep it, anything else (or a change of
 * another kind) makes it unknown. A flipped lower-is-better value is not claimed higher.
 */
function afterInPlaceChanges(model: SemanticModel, use: Node, after: number, direction: MetricDirection, changedSomehow = false): MetricDirection {
  const scope = model.bindings.scopes.scopeOf(use);
  let flips = 0;
  let changes = 0;
  for (const change of model.syntax.nodes('augmented_assignment')) {
    const left = field(change, 'left');
    if (change.startIndex < after || change.startIndex >= use.startIndex || left?.type !== 'identifier' || left.text !== use.text) continue;
    if (model.bindings.scopes.scopeOf(change) !== scope) continue;
    changes++;
    const operator = field(change, 'operator')?.text;
    const right = field(change, 'right');
    const factor = right ? numberValue(model, right) : undefined;
    if (operator === '+=' || operator === '-=') continue;
    if ((operator === '*=' || operator === '/=') && factor !== undefined && factor !== 0) {
      if (factor < 0) flips++;
      continue;
    }
    return UNKNOWN;
  }
  // Known to be changed, but not by an augmented assignment (a deep change): unknown.
  if (changes === 0 && changedSomehow) return UNKNOWN;
  if (flips % 2 === 0) return direction;
  return direction.kind === 'higher' ? LOWER : UNKNOWN;
}

export function directionOf(model: SemanticModel, node: Node, depth = 0): MetricDirection {
  if (depth > 8) return UNKNOWN;
  const expr = unparenthesize(node);
  switch (expr.type) {
    case 'unary_operator': {
      const operator = expr.firstChild?.text;
      const operand = field(expr, 'argument');
      if (operator === '-') return LOWER;
      return operator === '+' && operand ? directionOf(model, operand, depth + 1) : UNKNOWN;
    }
    case 'binary_operator':
      return isComplement(model, expr, depth) ? LOWER : UNKNOWN;
    case 'identifier': {
      // `loss = f1_score`: a plain rename, whose source's name says what the value is (the
      // value itself, `train(...)`, may say nothing).
      const binding = model.lookup(expr);
      // Bound in both arms of an if/else (or before an if and in it): known when every value agrees.
      if (!binding) {
        const reaching = model.bindings.reachingBindings(expr.text, expr);
        const values = reaching.map((candidate) => (candidate.kind === 'assignment' ? candidate.value : undefined));
        if (values.length > 1 && values.every((value) => value !== undefined)) {
          const after = Math.max(...reaching.map((candidate) => candidate.node.endIndex));
          // A fallback constant in one arm (`except: loss = 0.0`) says nothing of the other arms' direction.
          const measured = values.filter((value) => numberValue(model, value!) === undefined);
          const directions = measured.map((value) => afterInPlaceChanges(model, expr, after, directionOf(model, value!, depth + 1)));
          if (directions.length === 0) return UNKNOWN;
          if (directions.every((direction) => direction.kind === 'lower')) return LOWER;
          if (directions.every((direction) => direction.kind === 'higher')) {
            const names = [...new Set(directions.map((direction) => (direction.kind === 'higher' ? direction.name : '')))];
            return { kind: 'higher', name: names.join(' or '), weak: directions.some((direction) => direction.kind === 'higher' && direction.weak) };
          }
        }
        return directionOfName(expr.text);
      }
      // `loss = f1` then `loss *= -1`: changed after it was bound (see afterInPlaceChanges).
      if (model.bindings.isMutatedBefore(binding, expr)) {
        if (binding.kind !== 'assignment' || !binding.value) return UNKNOWN;
        return afterInPlaceChanges(model, expr, binding.node.endIndex, directionOf(model, binding.value, depth + 1), true);
      }
      const source = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
      if (source?.type === 'identifier' && source.id !== expr.id && source.text !== expr.text) {
        const bySource = directionOf(model, source, depth + 1);
        if (bySource.kind !== 'unknown') return bySource;
      }
      const byName = directionOfName(expr.text);
      const value = model.resolveValue(expr);
      if (value.id !== expr.id) {
        const byValue = directionOf(model, value, depth + 1);
        if (byValue.kind === 'lower') return byValue;
        if (byValue.kind === 'higher' && !(byValue.weak && byName.kind === 'lower')) {
          return byName.kind === 'higher' ? { kind: 'higher', name: expr.text, weak: byValue.weak } : { kind: 'higher', name: byValue.name, weak: byValue.weak };
        }
      }
      return byName;
    }
    case 'call':
      return directionOfCall(model, expr, depth);
    case 'attribute': {
      const attribute = field(expr, 'attribute');
      return attribute ? directionOfName(attribute.text) : UNKNOWN;
    }
    case 'subscript': {
      const value = field(expr, 'value');
      const index = codeChildren(expr).slice(1);
      const key = index.length === 1 ? stringValue(model, index[0]) : undefined;
      if (key !== undefined) {
        const byKey = directionOfName(key);
        return byKey.kind === 'higher' ? { kind: 'higher', name: expr.text } : byKey;
      }
      // `history["val_accuracy"][-1]`, `scores[best]`: an element of the metric's values. A
      // position in something only its name calls a score is not: Keras'
      // `score = model.evaluate(...)` holds [loss, metrics...], and `score[0]` is the loss.
      const byValue = value ? directionOf(model, value, depth + 1) : UNKNOWN;
      if (byValue.kind === 'higher') return byValue.weak ? UNKNOWN : { kind: 'higher', name: expr.text };
      return byValue;
    }
    default:
      return UNKNOWN;
  }
}
