import type { Node } from 'web-tree-sitter';
import { codeChildren, field, namedChildren, unparenthesize, withItemValues } from '../engine/syntax';
import { allArguments, argument, positionalArguments } from './calls';
import { receiverIsLocalObject } from './libraryEvidence';
import type { CallSite, SemanticModel } from './semanticModel';
import { fieldName, stringValue } from './values';

/**
 * Where a value a test asserts on comes from: computed from a model (a scikit-learn metric,
 * an evaluator, `mlflow.evaluate`, the output of `fit` / `predict`), or planted by the test
 * itself (literals, a dict it built, a mock's `return_value`). Anything else is unknown: a
 * fixture, a parameter, a helper's result that no model call feeds.
 */
type ValueSource = 'model' | 'planted';

/** Methods whose result comes out of a model: training, prediction, a model's own evaluation. */
const MODEL_OUTPUT_METHODS = new Set(['fit', 'train', 'predict', 'predict_proba', 'predict_log_proba', 'decision_function', 'evaluate']);

/**
 * The last word of a name that makes it a model metric: `val_accuracy`, `roc_auc`, `f1_score`,
 * `r2`. Not `performance`: tests call a latency that too (`performance = measure_latency(...)`).
 */
const METRIC_WORDS = new Set(['accuracy', 'acc', 'f1', 'auc', 'precision', 'recall', 'rmse', 'mae', 'mse', 'r2', 'score', 'mape', 'smape', 'mdape', 'wape', 'mase']);

/**
 * Text without which no value is a metric (metricNamed): a metric word at the end of a name or
 * key (`val_accuracy`, `rocAUC`, "f1-score"), a long error metric's name, or a call that computes
 * one (`sklearn.metrics`, an evaluator's or `mlflow.evaluate`, an estimator's `score`). Case
 * does not matter (lastWord lowers it); trailing underscores do not end a name's last word.
 */
export const METRIC_NAME_TEXT = new RegExp(
  `(?:${[...METRIC_WORDS, 'metrics', 'evaluate'].join('|')}|(?:mean|median|max)_?(?:absolute|squared)?_?(?:percentage|log|scaled)?_?error)_*(?![A-Za-z0-9_])`,
  'i',
);

const MOCK_CALLABLES = /^(?:unittest\.mock|mock)\.(?:Mock|MagicMock|AsyncMock|NonCallableMock|NonCallableMagicMock|create_autospec|patch(?:\.object|\.dict|\.multiple)?)$/;

const MAX_DEPTH = 8;

function lastWord(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/_+/).filter(Boolean).pop() ?? '';
}

/**
 * `classification_report(..., output_dict=True)`'s per-class metric keys, spelled with a hyphen.
 * Hyphenated names in general are not split: a feature key such as "user-score" is no metric.
 */
const REPORT_METRIC_KEYS = new Set(['f1-score']);

/** The long names of error metrics, as sklearn's functions and `mlflow.evaluate`'s keys spell them: `mean_absolute_percentage_error`, `root_mean_squared_error`. */
const LONG_ERROR_METRIC = /(?:^|_)(?:root_)?(?:mean|median|max)_(?:absolute_|squared_)?(?:percentage_|log_|scaled_)?error$/;

/** `accuracy`, `val_f1`, `rocAuc`, `r2`, `mean_absolute_error`: a name whose last word (or whole tail) names a model metric. */
function isMetricName(name: string): boolean {
  return REPORT_METRIC_KEYS.has(name) || METRIC_WORDS.has(lastWord(name)) || LONG_ERROR_METRIC.test(snakeCase(name));
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** An error metric (lower is better, not bounded by 1): `rmse`, `mase`, `mean_absolute_error(...)`, `metrics["val_mape"]`. */
export function isErrorMetric(metric: string): boolean {
  const words = snakeCase(metric).split(/[^a-z0-9]+/).filter(Boolean);
  return words.some((word) => ['rmse', 'mae', 'mse', 'mape', 'smape', 'mdape', 'wape', 'mase', 'error', 'loss'].includes(word));
}

const LITERAL_TYPES = new Set(['integer', 'float', 'string', 'concatenated_string', 'true', 'false', 'none']);

function combine(sources: Array<ValueSource | undefined>): ValueSource | undefined {
  if (sources.includes('model')) return 'model';
  return sources.length > 0 && sources.every((source) => source === 'planted') ? 'planted' : undefined;
}

/** `metrics`, `darts.metrics`: a name (or attributes of a name) that an import binds to a module, not an object. */
export function isModuleReference(model: SemanticModel, node: Node): boolean {
  let root = unparenthesize(node);
  while (root.type === 'attribute') root = field(root, 'object') ?? root;
  return root.type === 'identifier' && model.lookup(root)?.kind === 'import';
}

/** `Mock()`, `MagicMock()`, `patch(...)`, `mocker.patch(...)`, `mocker.MagicMock()`. */
function isMockCall(site: CallSite): boolean {
  if (MOCK_CALLABLES.test(site.qualifiedName ?? '')) return true;
  const receiver = site.receiver ? unparenthesize(site.receiver) : undefined;
  return receiver?.type === 'identifier' && receiver.text === 'mocker';
}

/** Whether an expression is, or is bound to, a mock (a call of a mock, an attribute of one). */
function isMock(model: SemanticModel, node: Node, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const expr = model.resolveValue(node);
  if (expr.type === 'call') {
    const site = model.callSite(expr);
    if (isMockCall(site)) return true;
    return !!site.receiver && isMock(model, site.receiver, depth + 1);
  }
  if (expr.type === 'attribute') {
    const object = field(expr, 'object');
    return !!object && isMock(model, object, depth + 1);
  }
  if (expr.type === 'identifier') {
    // `with patch("pkg.train") as train:` / a `mock_*` parameter of a patched test.
    const binding = model.lookup(expr);
    if (/^mock(?:_|$)/i.test(expr.text)) return true;
    // The name sits in as_pattern_target, in as_pattern, in the with_item (a few levels deeper in `with (a as b,):`).
    let statement = binding?.kind === 'opaque' ? binding.node.parent : undefined;
    for (let up = 0; statement && statement.type !== 'with_item' && up < 4; up++) statement = statement.parent;
    return statement?.type === 'with_item' && /\bpatch\b|Mock\(/.test(statement.text);
  }
  return false;
}

/**
 * A call that computes a metric from predictions: a `sklearn.metrics` function, a Spark ML
 * evaluator's `evaluate`, `mlflow.evaluate`, or an estimator's `score(X, y)`.
 */
function isMetricComputation(model: SemanticModel, site: CallSite): boolean {
  const qualifiedName = site.qualifiedName ?? '';
  if (qualifiedName.startsWith('sklearn.metrics.')) return true;
  if (/^mlflow(?:\.models)?\.evaluate$/.test(qualifiedName)) return true;
  const name = site.name ?? '';
  if (name === 'evaluate' && site.receiver) {
    const receiverName = model.resolveQualifiedName(site.receiver);
    if (receiverName !== undefined) return receiverName.startsWith('pyspark.ml.evaluation.');
    // An evaluator of unknown origin counts by its name; one whose class the imports name (an
    // Optuna terminator's `BestValueStagnationEvaluator`, which scores trials) counts by its class.
    return /evaluator/i.test(site.receiver.text);
  }
  return name === 'score' && !!site.receiver && positionalArguments(site).length >= 2;
}

/**
 * The argument values of `@pytest.mark.parametrize("a, b", [...])` on the function whose
 * parameter `name` is (`parameter` is its node), when the decorator names it.
 */
function parametrizedValues(model: SemanticModel, parameter: Node, name: string): Node | undefined {
  const fn = parameter.parent?.type === 'parameters' ? parameter.parent.parent : undefined;
  if (fn?.type !== 'function_definition' || fn.parent?.type !== 'decorated_definition') return undefined;
  for (const decorator of fn.parent.namedChildren) {
    const call = decorator?.type === 'decorator' ? decorator.namedChildren[0] : undefined;
    if (call?.type !== 'call' || !/(?:^|\.)mark\.parametrize$/.test(field(call, 'function')?.text ?? '')) continue;
    const site = model.callSite(call);
    const names = stringValue(model, positionalArguments(site)[0]);
    if (names !== undefined && names.split(',').map((part) => part.trim()).includes(name)) return positionalArguments(site)[1];
  }
  return undefined;
}

/**
 * Where the value of `node` comes from, following names, calls, subscripts and arithmetic
 * (`accuracy = accuracy_score(y, model.predict(X))`, `history.history["val_accuracy"][-1]`).
 */
function valueSource(model: SemanticModel, node: Node, depth = 0): ValueSource | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expr = unparenthesize(node);
  if (LITERAL_TYPES.has(expr.type)) return 'planted';
  switch (expr.type) {
    case 'identifier': {
      const value = model.resolveValue(expr);
      if (value.id !== expr.id) return valueSource(model, value, depth + 1);
      if (isMock(model, expr, depth)) return 'planted';
      // `acc, f1 = evaluate_model(model, X, y)`: the unpacked call as a whole.
      const binding = model.lookup(expr);
      // A test's parameter that `@pytest.mark.parametrize` fills with values written in the decorator.
      const parametrized = binding?.kind === 'opaque' ? parametrizedValues(model, binding.node, expr.text) : undefined;
      if (parametrized) return valueSource(model, parametrized, depth + 1);
      const right = binding?.kind === 'assignment' && binding.node.type === 'assignment' ? field(binding.node, 'right') : undefined;
      return right ? valueSource(model, right, depth + 1) : undefined;
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'dictionary': {
      const parts = namedChildren(expr)
        .filter((child) => child.type !== 'comment')
        .flatMap((child) => (child.type === 'pair' ? [field(child, 'value')].filter((value): value is Node => !!value) : [child]));
      return parts.length === 0 ? 'planted' : combine(parts.map((part) => valueSource(model, part, depth + 1)));
    }
    case 'unary_operator':
    case 'binary_operator':
    case 'comparison_operator':
    case 'boolean_operator':
      return combine(codeChildren(expr).map((child) => valueSource(model, child, depth + 1)));
    case 'subscript':
    case 'attribute': {
      if (expr.type === 'attribute' && ['return_value', 'side_effect'].includes(field(expr, 'attribute')?.text ?? '')) return 'planted';
      const object = field(expr, expr.type === 'subscript' ? 'value' : 'object');
      if (!object) return undefined;
      if (unparenthesize(object).type === 'identifier' && unparenthesize(object).text === 'self') return undefined;
      return valueSource(model, object, depth + 1);
    }
    case 'call':
      return callSource(model, model.callSite(expr), depth);
    default:
      return undefined;
  }
}

/** The methods a test patches to plant a model's predictions. */
const PLANTED_PREDICTIONS = new Set(['predict', 'predict_proba', 'predict_log_proba', 'decision_function', 'transform', 'score']);

/**
 * Whether the receiver's prediction methods are patched where `site` runs: inside `with
 * patch.object(clf, "predict", ...)` (also `mocker.patch.object`, `patch.multiple(clf, predict=...)`),
 * or after `clf.predict = Mock(...)` / `= lambda X: ...` in the same function.
 */
function predictionsPlanted(model: SemanticModel, site: CallSite): boolean {
  const receiver = site.receiver ? unparenthesize(site.receiver).text : undefined;
  if (!receiver) return false;
  for (let node = site.node.parent; node; node = node.parent) {
    if (node.type === 'with_statement') {
      // This statement's own items: a `with patch...` nested in its body may end before `site`.
      for (const call of withItemValues(node)) {
        if (call.type !== 'call') continue;
        const patch = model.callSite(call);
        if (!/(?:^|\.)patch\.(?:object|multiple)$/.test(patch.qualifiedName ?? (patch.receiver ? `${patch.receiver.text}.${patch.name}` : ''))) continue;
        const target = positionalArguments(patch)[0];
        if (!target || unparenthesize(target).text !== receiver) continue;
        const attribute = patch.name === 'multiple' ? undefined : stringValue(model, positionalArguments(patch)[1]);
        if (attribute !== undefined ? PLANTED_PREDICTIONS.has(attribute) : allArguments(patch).some((arg) => arg.type === 'keyword_argument' && PLANTED_PREDICTIONS.has(field(arg, 'name')?.text ?? ''))) return true;
      }
    }
    if (node.type === 'function_definition') {
      return node.descendantsOfType('assignment').some((assignment) => {
        const left = assignment && field(assignment, 'left');
        return (
          !!assignment &&
          assignment.endIndex <= site.node.startIndex &&
          left?.type === 'attribute' &&
          field(left, 'object')?.text === receiver &&
          PLANTED_PREDICTIONS.has(field(left, 'attribute')?.text ?? '')
        );
      });
    }
  }
  return false;
}

/** scikit-learn calls that fit the estimator they are given and return its scores: `cross_val_score(...)`, `cross_validate(...)["test_score"]`. */
const CROSS_VALIDATION_SCORES = new Set(['sklearn.model_selection.cross_val_score', 'sklearn.model_selection.cross_validate']);

function callSource(model: SemanticModel, site: CallSite, depth: number): ValueSource | undefined {
  if (isMockCall(site)) return 'planted';
  if (CROSS_VALIDATION_SCORES.has(site.qualifiedName ?? '')) {
    // `cross_val_score(DummyClassifier(...), np.array([[0], [1]]), np.array([0, 1]), scoring=cost)`: a scorer checked on literal data.
    const data = [argument(site, 'X', 1), argument(site, 'y', 2)].filter((node): node is Node => !!node);
    return data.length > 0 && data.every((node) => valueSource(model, node, depth + 1) === 'planted') ? 'planted' : 'model';
  }
  if (site.receiver && isMock(model, site.receiver, depth + 1)) return 'planted';
  // `with patch.object(clf, "predict", return_value=...): clf.score(X, y)`: the score of predictions the test planted.
  if (site.receiver && (site.name === 'score' || MODEL_OUTPUT_METHODS.has(site.name ?? '')) && predictionsPlanted(model, site)) return 'planted';
  const args = allArguments(site)
    .map((arg) => (arg.type === 'keyword_argument' ? field(arg, 'value') : arg))
    .filter((arg): arg is Node => !!arg && arg.type !== 'list_splat' && arg.type !== 'dictionary_splat');
  const argumentSources = args.map((arg) => valueSource(model, arg, depth + 1));
  const name = site.name ?? '';
  // `spark.createDataFrame([(1.0, 0), (2.0, 1)], ["x", "y"])`: rows the test wrote, whatever session makes them.
  if (name === 'createDataFrame' && argumentSources.length > 0 && argumentSources[0] === 'planted') return 'planted';
  if (isMetricComputation(model, site)) {
    // `mlflow.evaluate(model_uri, ...)`, `model.score(X, y)`: a model evaluated, whatever the data.
    if (name === 'score' || /^mlflow(?:\.models)?\.evaluate$/.test(site.qualifiedName ?? '')) return 'model';
    // A metric of literal labels and predictions is a deterministic check of the metric code.
    if (argumentSources.length > 0 && argumentSources.every((source) => source === 'planted')) return 'planted';
    // An "evaluator" known only by its name (a fixture, a parameter: perhaps the test's own
    // class scoring a dict) measures a model only on what a model produced.
    const unknownEvaluator = name === 'evaluate' && !!site.receiver && model.resolveQualifiedName(site.receiver) === undefined;
    return !unknownEvaluator || argumentSources.includes('model') ? 'model' : undefined;
  }
  // `rubric.evaluate(result)` on an object of a class the file defines: its own method, not a model's.
  if (site.receiver && MODEL_OUTPUT_METHODS.has(name) && !receiverIsLocalObject(model, site)) return 'model';
  // `fitted.transform(test_df)` after `fitted = pipeline.fit(train_df)`: predictions of a Spark model.
  if (site.receiver && name === 'transform' && valueSource(model, site.receiver, depth + 1) === 'model') return 'model';
  const receiverSource = site.receiver ? valueSource(model, site.receiver, depth + 1) : undefined;
  if (receiverSource === 'model' || argumentSources.includes('model')) return 'model';
  // `compute_rmse([1, 2], [1, 4])`, `pd.DataFrame({...})`: nothing but what the test wrote.
  const receiverPlanted = !site.receiver || receiverSource === 'planted' || !!model.resolveQualifiedName(site.receiver);
  return argumentSources.length > 0 && receiverPlanted && argumentSources.every((source) => source === 'planted') ? 'planted' : undefined;
}

/**
 * The metric an expression names, for a message: `accuracy`, `metrics["f1"]`, `f1_score(...)`,
 * `evaluator.evaluate(...)`, looking through `abs(...)`, `round(...)`, arithmetic and `[-1]`.
 */
function metricNamed(model: SemanticModel, node: Node, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  const expr = unparenthesize(node);
  switch (expr.type) {
    case 'identifier':
      if (isMetricName(expr.text)) return expr.text;
      {
        // `result = accuracy_score(...)`: the computation names it; `drop = acc_small - acc_large`: its operands do.
        const value = model.resolveValue(expr);
        return value.id !== expr.id && ['call', 'binary_operator', 'unary_operator'].includes(value.type) ? metricNamed(model, value, depth + 1) : undefined;
      }
    case 'attribute': {
      const name = field(expr, 'attribute')?.text ?? '';
      return isMetricName(name) ? expr.text : undefined;
    }
    case 'subscript': {
      const keys = expr.childrenForFieldName('subscript').filter((key): key is Node => !!key);
      const key = keys.length === 1 ? stringValue(model, keys[0]) : undefined;
      if (key !== undefined) return isMetricName(key) ? expr.text : undefined;
      // `history.history["val_accuracy"][-1]`
      const container = field(expr, 'value');
      return container && metricNamed(model, container, depth + 1) ? expr.text : undefined;
    }
    case 'call': {
      const site = model.callSite(expr);
      if (isMetricComputation(model, site)) {
        return site.qualifiedName?.startsWith('sklearn.metrics.') || !site.receiver ? `${site.name ?? 'metric'}(...)` : `${site.receiver.text}.${site.name}(...)`;
      }
      // `smape(y_test, forecast)`, `mean_absolute_scaled_error(...)` (sktime), `darts.metrics.mape(...)`: a function
      // named for a metric, of the file or of a module (a method of some object may be anything).
      if (isMetricName(site.name ?? '') && (!site.receiver || isModuleReference(model, site.receiver))) return `${site.name}(...)`;
      if (['abs', 'round', 'float'].includes(site.name ?? '') && !site.receiver) {
        const first = positionalArguments(site)[0];
        return first ? metricNamed(model, first, depth + 1) : undefined;
      }
      // `acc.item()`, `np.round(acc, 2)`
      const inner = site.receiver ?? positionalArguments(site)[0];
      return inner && ['item', 'round', 'mean'].includes(site.name ?? '') ? metricNamed(model, inner, depth + 1) : undefined;
    }
    case 'binary_operator':
      return metricNamed(model, field(expr, 'left') ?? expr, depth + 1) ?? metricNamed(model, field(expr, 'right') ?? expr, depth + 1);
    case 'unary_operator': {
      const operand = field(expr, 'argument');
      return operand ? metricNamed(model, operand, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** The model metric an asserted operand stands for, when the test computed it from a model. */
export function modelMetricIn(model: SemanticModel, node: Node): string | undefined {
  const metric = metricNamed(model, node);
  return metric && valueSource(model, node) === 'model' && !isPredictionField(model, node) ? metric : undefined;
}

/** Methods whose result is the model's predictions (not a measure of them). */
const PREDICTION_METHODS = new Set(['predict', 'predict_proba', 'predict_log_proba', 'decision_function']);

/**
 * A field of what a prediction call returned (`result["score"]` after `result =
 * detector.predict(x)`, `model.predict(x).score`): a prediction's own score (an anomaly score,
 * a confidence), not a measure of the model against labels.
 */
function isPredictionField(model: SemanticModel, node: Node): boolean {
  let current = unparenthesize(node);
  // Down through fields, rows and columns (`preds["anomaly_score"][0]`, `result.boxes[0].score`,
  // `proba[:, 1]`) to the prediction call they were read from; a `metrics` field on the way is
  // what the call measured beside its predictions (`trainer.predict(ds).metrics["test_accuracy"]`).
  for (let depth = 0; (current.type === 'subscript' || current.type === 'attribute') && depth < MAX_DEPTH; depth++) {
    const name = fieldName(model, current) ?? '';
    // `out.evaluation["mape"]`, `result.scores["accuracy"]`: a metric by its own name (a bare
    // "score" may be a prediction's own, as in `preds["anomaly_score"]`).
    if (METRICS_FIELDS.has(name) || LABEL_METRICS.has(lastWord(name)) || LONG_ERROR_METRIC.test(snakeCase(name))) return false;
    const object = field(current, current.type === 'subscript' ? 'value' : 'object');
    if (!object) return false;
    const value = model.resolveValue(object);
    if (value.type === 'call' && PREDICTION_METHODS.has(model.callSite(value).name ?? '')) return true;
    current = unparenthesize(value);
  }
  return false;
}

/** Metric words that only a measure against labels is named (not `score`, which a prediction's own confidence or anomaly score shares). */
const LABEL_METRICS = new Set([...METRIC_WORDS].filter((word) => word !== 'score'));

/** Fields that hold what a call measured (Hugging Face's `PredictionOutput.metrics`, a result's `["metrics"]`). */
const METRICS_FIELDS = new Set(['metrics', 'metric']);

