import type { Node } from 'web-tree-sitter';
import { children, field, namedChildren, unparenthesize } from './engine/syntax';
import type { Rule, RuleContext } from './engine/types';
import { allArguments, positionalArguments } from './semantic/calls';
import type { SemanticModel } from './semantic/semanticModel';
import { enclosingTestFunction, isIntegrationTest, isIntegrationTestUri, isTestFileUri } from './semantic/testCode';
import { stringValue } from './semantic/values';

/** The last word of a name that makes it a model metric: `val_accuracy`, `roc_auc`, `f1_score`, `r2`. */
const METRIC_WORDS = new Set(['accuracy', 'acc', 'f1', 'auc', 'precision', 'recall', 'rmse', 'mae', 'mse', 'r2', 'score']);

/** Receivers of `x["..."]` whose keys are metric names: `metrics`, `result.metrics`, `eval_results`. */
const METRIC_CONTAINER = /metric|result|score|eval/i;

/** `self.assert*` methods that compare values. */
const UNITTEST_COMPARISONS = new Set([
  'assertEqual', 'assertNotEqual', 'assertAlmostEqual', 'assertNotAlmostEqual', 'assertGreater', 'assertGreaterEqual',
  'assertLess', 'assertLessEqual', 'assertTrue', 'assertFalse',
]);

const NUMPY_TESTING = /^numpy\.testing\.(?:assert_allclose|assert_almost_equal|assert_approx_equal|assert_array_almost_equal|assert_array_less|assert_equal)$/;

function lastWord(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/_+/).filter(Boolean).pop() ?? '';
}

function isMetricName(name: string): boolean {
  return METRIC_WORDS.has(lastWord(name));
}

/** A call whose arguments are all literals computes the same value every time: a deterministic check. */
function hasOnlyLiteralArguments(call: Node): boolean {
  const args = allArguments(call).map((node) => (node.type === 'keyword_argument' ? field(node, 'value') : node));
  return args.length > 0 && args.every((node) => !!node && isLiteral(node));
}

function isLiteral(node: Node): boolean {
  const expr = unparenthesize(node);
  if (['integer', 'float', 'string', 'true', 'false', 'none'].includes(expr.type)) return true;
  if (expr.type === 'unary_operator') return namedChildren(expr).every(isLiteral);
  if (expr.type === 'list' || expr.type === 'tuple') return namedChildren(expr).every(isLiteral);
  return false;
}

/** The metric an expression stands for (`accuracy`, `metrics["f1"]`, `f1_score(y, p)`, `evaluator.evaluate(pred)`), if it is one. */
function metricIn(model: SemanticModel, node: Node, depth = 0): string | undefined {
  const expr = unparenthesize(node);
  if (depth > 3) return undefined;
  switch (expr.type) {
    case 'identifier': {
      if (!isMetricName(expr.text)) return undefined;
      const value = model.resolveValue(expr);
      if (value.type === 'integer' || value.type === 'float') return undefined;
      if (value.type === 'call' && hasOnlyLiteralArguments(value)) return undefined;
      return expr.text;
    }
    case 'attribute': {
      const name = field(expr, 'attribute')?.text ?? '';
      return isMetricName(name) ? expr.text : undefined;
    }
    case 'subscript': {
      const keys = expr.childrenForFieldName('subscript').filter((key): key is Node => !!key);
      const key = keys.length === 1 ? stringValue(model, keys[0]) : undefined;
      const container = field(expr, 'value');
      if (!key || !container) return undefined;
      if (METRIC_WORDS.has(key.toLowerCase()) || (isMetricName(key) && METRIC_CONTAINER.test(container.text))) return expr.text;
      return undefined;
    }
    case 'call':
      return metricCall(model, expr, depth);
    case 'binary_operator': {
      // `abs(auc - 0.91) < 0.01`
      return metricIn(model, field(expr, 'left') ?? expr, depth + 1) ?? metricIn(model, field(expr, 'right') ?? expr, depth + 1);
    }
    default:
      return undefined;
  }
}

function metricCall(model: SemanticModel, call: Node, depth: number): string | undefined {
  const site = model.callSite(call);
  const name = site.name ?? '';
  if (['abs', 'round', 'float'].includes(name) && !site.receiver) {
    const first = positionalArguments(call)[0];
    return first ? metricIn(model, first, depth + 1) : undefined;
  }
  if (hasOnlyLiteralArguments(call)) return undefined;
  const qualifiedName = site.qualifiedName ?? '';
  if (qualifiedName.startsWith('sklearn.metrics.')) return `${name}(...)`;
  if (name === 'evaluate' && site.receiver) {
    const receiverName = model.resolveQualifiedName(site.receiver) ?? '';
    if (receiverName.startsWith('pyspark.ml.evaluation.') || /evaluator/i.test(site.receiver.text)) return `${site.receiver.text}.evaluate(...)`;
  }
  // `model.score(X_test, y_test)`: scikit-learn's default metric.
  if (name === 'score' && site.receiver && positionalArguments(call).length >= 2) return `${site.receiver.text}.score(...)`;
  return undefined;
}

/** Operators of a comparison (`<`, `==`, `not in`, ...). */
function comparisonOperators(comparison: Node): string[] {
  return children(comparison)
    .filter((child) => !child.isNamed)
    .map((child) => child.text);
}

/** `0 <= accuracy <= 1`, `auc >= 0`: a range check that holds for any model, not a quality claim. */
function isRangeCheck(operands: Node[], metricOperands: Set<number>, operators: string[]): boolean {
  if (operators.some((operator) => operator === '==' || operator === '!=')) return false;
  const others = operands.filter((operand) => !metricOperands.has(operand.id));
  return others.length > 0 && others.every((operand) => /^(?:0|1)(?:\.0*)?$/.test(unparenthesize(operand).text));
}

/** The metric a condition compares (`accuracy > 0.8`, `f1 == pytest.approx(0.9)`, `a > 0.8 and b > 0.7`). */
function comparedMetric(model: SemanticModel, condition: Node): { metric: string; node: Node } | undefined {
  const expr = unparenthesize(condition);
  if (expr.type === 'boolean_operator') {
    return comparedMetric(model, field(expr, 'left') ?? expr) ?? comparedMetric(model, field(expr, 'right') ?? expr);
  }
  if (expr.type === 'call') {
    // `math.isclose(rmse, 0.42, abs_tol=0.01)`
    const site = model.callSite(expr);
    if (site.name === 'isclose' && /^(?:math|numpy)\.isclose$/.test(site.qualifiedName ?? '')) {
      const metric = positionalArguments(expr).slice(0, 2).map((node) => metricIn(model, node)).find(Boolean);
      return metric ? { metric, node: expr } : undefined;
    }
    return undefined;
  }
  if (expr.type !== 'comparison_operator') return undefined;
  const operators = comparisonOperators(expr);
  if (operators.some((operator) => ['in', 'not', 'is'].includes(operator))) return undefined;
  const operands = namedChildren(expr).filter((child) => child.type !== 'comment');
  const metricOperands = new Set<number>();
  let metric: string | undefined;
  for (const operand of operands) {
    const found = metricIn(model, operand);
    if (found) {
      metricOperands.add(operand.id);
      metric ??= found;
    }
  }
  if (!metric || operands.some((operand) => unparenthesize(operand).type === 'none')) return undefined;
  if (isRangeCheck(operands, metricOperands, operators)) return undefined;
  return { metric, node: expr };
}

/** `self.assertGreater(accuracy, 0.8)`, `np.testing.assert_allclose(rmse, 0.42)`. */
function assertedMetricInCall(model: SemanticModel, call: Node): string | undefined {
  const site = model.callSite(call);
  const name = site.name ?? '';
  if (UNITTEST_COMPARISONS.has(name)) {
    if (site.receiver?.text !== 'self') return undefined;
    const args = positionalArguments(call);
    if (name === 'assertTrue' || name === 'assertFalse') return args[0] ? comparedMetric(model, args[0])?.metric : undefined;
    if (args.length < 2 || args.slice(0, 2).some((node) => unparenthesize(node).type === 'none')) return undefined;
    const metric = args.slice(0, 2).map((node) => metricIn(model, node)).find(Boolean);
    if (!metric) return undefined;
    const operator = { assertGreaterEqual: '>=', assertLessEqual: '<=', assertGreater: '>', assertLess: '<' }[name];
    const other = args.slice(0, 2).find((node) => !metricIn(model, node));
    if (operator && other && /^(?:0|1)(?:\.0*)?$/.test(unparenthesize(other).text)) return undefined;
    return metric;
  }
  if (NUMPY_TESTING.test(site.qualifiedName ?? '')) return positionalArguments(call).slice(0, 2).map((node) => metricIn(model, node)).find(Boolean);
  return undefined;
}

function check(context: RuleContext): void {
  const { model, document } = context;
  const testFile = isTestFileUri(document.uri);
  if (testFile && isIntegrationTestUri(document.uri)) return;
  const inUnitTest = (node: Node): boolean => {
    const testFunction = enclosingTestFunction(node);
    if (testFunction) return !isIntegrationTest(testFunction);
    return testFile;
  };
  const report = (node: Node, metric: string) =>
    context.report({
      node,
      message: `unit test asserts on the model metric ${metric}: a metric is not deterministic; check model quality in an integration or end-to-end test on a controlled data set`,
    });
  for (const statement of model.nodesAroundText(['assert'], 'assert_statement')) {
    if (statement.hasError || !inUnitTest(statement)) continue;
    const condition = namedChildren(statement).find((child) => child.type !== 'comment');
    const found = condition ? comparedMetric(model, condition) : undefined;
    if (found) report(found.node, found.metric);
  }
  for (const site of model.callsNamed(...UNITTEST_COMPARISONS, 'assert_allclose', 'assert_almost_equal', 'assert_approx_equal', 'assert_array_almost_equal', 'assert_array_less', 'assert_equal')) {
    if (site.node.hasError || !inUnitTest(site.node)) continue;
    const metric = assertedMetricInCall(model, site.node);
    if (metric) report(site.node, metric);
  }
}

export const mlt701MetricAssertInUnitTest: Rule = {
  meta: {
    id: 'MLT701',
    name: 'metric-assert-in-unit-test',
    severity: 'warning',
    area: 'Testing, monitoring and security',
    domain: 'MLOps',
    title: 'A unit test asserts on a model metric (accuracy, F1, AUC, RMSE, ...)',
  },
  docs: {
    trap: 'Asserting a model metric in a unit test: `assert accuracy > 0.8` in `test_train.py` or in a `def test_*` function.',
    reality:
      'Unit tests check deterministic logic: feature functions, schemas, preprocessing, the shape of predictions. Model accuracy is not deterministic (data, seeds, library versions) and belongs in integration or end-to-end tests with a controlled data set; in a unit test it makes the suite flaky and slow.',
    example: [
      '# test_train.py',
      'from sklearn.metrics import accuracy_score',
      '',
      'def test_model_is_good_enough():',
      '    model = train(load_training_data())',
      '    accuracy = accuracy_score(y_test, model.predict(X_test))',
      '    assert accuracy > 0.8',
    ].join('\n'),
    useInstead: [
      '# test_features.py: deterministic logic only',
      'def test_add_tenure_bucket():',
      '    pdf = pd.DataFrame({"tenure_months": [1, 13, 40]})',
      '    assert add_tenure_bucket(pdf)["tenure_bucket"].tolist() == ["new", "regular", "loyal"]',
      '',
      '# tests/integration/test_model_quality.py: metrics on a controlled data set',
    ].join('\n'),
    fix: 'None: move the metric check to an integration or end-to-end test.',
    examFact: 'Unit tests: deterministic logic; integration tests: the pipeline end to end; model-quality thresholds: integration / end-to-end tests on controlled data.',
  },
  triggers: ['assert'],
  check,
};
