import type { Node } from 'web-tree-sitter';
import { accessRoot, ancestorOfType, codeChildren, comparisonOperators, field, namedChildren, unparenthesize } from './engine/syntax';
import { FactCache } from './engine/reads';
import type { Rule, RuleContext } from './engine/types';
import { allArguments, keywordArgument, positionalArguments } from './semantic/calls';
import { isMlflowLoadModel } from './semantic/loggedModels';
import { isErrorMetric, METRIC_NAME_TEXT, modelMetricIn } from './semantic/modelMetrics';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { collectedTestFunction, isIntegrationTest, isIntegrationTestUri, isTestCodeUri, owningClass } from './semantic/testCode';
import { parameterName, parameterOfFunction } from './semantic/parameterValues';
import { isNoneLiteral, numberValue, stringValue } from './semantic/values';
import { guardedPattern } from './engine/guardedPatterns';

/** `self.assert*` methods that compare values. */
const UNITTEST_COMPARISONS = new Set([
  'assertEqual', 'assertNotEqual', 'assertAlmostEqual', 'assertNotAlmostEqual', 'assertGreater', 'assertGreaterEqual',
  'assertLess', 'assertLessEqual', 'assertTrue', 'assertFalse',
]);

/** `assertAlmostEqual(a, b, delta=0.05)` or `places=1` is a tolerance of the model's quality, not of rounding. */
function withinRounding(model: SemanticModel, site: CallSite): boolean {
  const delta = keywordArgument(site, 'delta');
  if (delta) return isEqualityTolerance(model, delta);
  const places = numberValue(model, keywordArgument(site, 'places') ?? positionalArguments(site)[2]);
  return places === undefined ? !keywordArgument(site, 'places') : 10 ** -places <= EQUALITY_TOLERANCE;
}

/** unittest asserts that two values are the same (up to rounding). */
const EQUALITY_ASSERTS = new Set(['assertEqual', 'assertAlmostEqual']);

const NUMPY_TESTING = /^numpy\.testing\.(?:assert_allclose|assert_almost_equal|assert_approx_equal|assert_array_almost_equal|assert_array_less|assert_equal)$/;

/** `0`, `1`, `0.0`, `1.0`: the bounds of a range check that holds for any model. */
function isUnitBound(node: Node): boolean {
  // -1 too: the floor of a correlation-like metric (Matthews, Cohen's kappa).
  return /^(?:0|1|-\s*1)(?:\.0*)?$/.test(unparenthesize(node).text);
}

/**
 * A value the code under test produced, read back (`run.data.metrics["accuracy"]`,
 * `evaluate(model)["auc"]`, `tracker.best_score()`): neither a number the test wrote, nor a name
 * or attribute that may hold one (`EXPECTED_AUC`, `cfg.min_auc`, a parametrized `expected`).
 */
function isReadBack(model: SemanticModel, node: Node): boolean {
  const inner = approxArgument(model, node) ?? node;
  if (numberValue(model, inner) !== undefined) return false;
  const value = unparenthesize(model.resolveValue(inner));
  return value.type === 'subscript' || (value.type === 'call' && approxArgument(model, value) === undefined);
}

/** The value inside `pytest.approx(value)`, or undefined. */
function approxArgument(model: SemanticModel, node: Node): Node | undefined {
  const expr = unparenthesize(node);
  if (expr.type !== 'call') return undefined;
  const site = model.callSite(expr);
  return site.qualifiedName === 'pytest.approx' || site.name === 'approx' ? positionalArguments(site)[0] : undefined;
}

/** Two comparisons of the same value, one of them from 0 (`m >= 0`, `0 <= m`): the halves of a range check. */
function isRangeHalves(left: Node, right: Node): boolean {
  const halves = [unparenthesize(left), unparenthesize(right)];
  if (halves.some((half) => half.type !== 'comparison_operator' || codeChildren(half).length !== 2)) return false;
  const [first, second] = halves.map((half) => codeChildren(half));
  const shared = first.find((operand) => second.some((other) => other.text === operand.text) && !isZero(operand));
  if (!shared) return false;
  return halves.some((half) => codeChildren(half).some((operand) => operand.text !== shared.text && isZero(operand)));
}

/** Whether the function around `node` also asserts `value` from 0 (`assert mase >= 0`, `self.assertGreaterEqual(mase, 0)`). */
function checkedFromZeroNearby(node: Node, value: string): boolean {
  const fn = ancestorOfType(node, ['function_definition']);
  if (!fn) return false;
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const floor = `${RANGE_FLOOR}(?![\\d.])`;
  return new RegExp(
    `${escaped}\\s*>=?\\s*${floor}|(?<![\\w.])${floor}\\s*<=?\\s*${escaped}|assertGreater(?:Equal)?\\(\\s*${escaped}\\s*,\\s*${floor}\\s*\\)|assertLess(?:Equal)?\\(\\s*${floor}\\s*,\\s*${escaped}\\s*\\)`,
  ).test(fn.text);
}

/** The floor of a range check: 0, or -1 for a correlation-like metric (`-1 <= mcc <= 1`). */
const RANGE_FLOOR = '(?:0|-\\s*1)(?:\\.0*)?';

function isZero(node: Node): boolean {
  return new RegExp(`^${RANGE_FLOOR}$`).test(unparenthesize(node).text);
}

/**
 * `abs(a.score(X, y) - b.score(X, y))`, `np.abs(auc_spark - auc_pandas)`: the gap between two
 * metrics, which a test bounds by a tolerance to check code against code (two seeded fits
 * agree, a reloaded model scores as the original did), not the model's quality.
 */
function isGapBetweenMetrics(model: SemanticModel, operand: Node): boolean {
  const expr = unparenthesize(operand);
  if (expr.type !== 'call') return false;
  const site = model.callSite(expr);
  if (!(site.name === 'abs' && !site.receiver) && !/^(?:numpy\.abs|numpy\.absolute|math\.fabs)$/.test(site.qualifiedName ?? '')) return false;
  const argument = positionalArguments(site)[0];
  const difference = argument ? unparenthesize(argument) : undefined;
  if (difference?.type !== 'binary_operator' || field(difference, 'operator')?.text !== '-') return false;
  const sides = [field(difference, 'left'), field(difference, 'right')];
  return sides.every((side) => !!side && !!modelMetricIn(model, side));
}

/**
 * The largest bound of a gap that reads as "the same value": a reproducibility check compares two
 * metrics that should be equal up to floating-point noise; a wider gap (`abs(train_acc - val_acc)
 * < 0.05`, an overfitting check) is a claim about how the model generalises.
 */
const EQUALITY_TOLERANCE = 1e-3;

/** `abs(a - b) < 1e-9` (either order): the gap between two metrics bounded by a tolerance of floating-point noise. */
function isReproducibilityGap(model: SemanticModel, operands: readonly Node[], operators: readonly string[]): boolean {
  if (operands.length !== 2) return false;
  const [left, right] = operands;
  const below = operators[0] === '<' || operators[0] === '<=' ? [left, right] : operators[0] === '>' || operators[0] === '>=' ? [right, left] : undefined;
  return !!below && isGapBetweenMetrics(model, below[0]) && isEqualityTolerance(model, below[1]);
}

function isEqualityTolerance(model: SemanticModel, node: Node): boolean {
  const value = numberValue(model, node);
  return value !== undefined && value >= 0 && value <= EQUALITY_TOLERANCE;
}

/** In `metric < bound` or `bound > metric`, the bound above the metric; undefined for a lower bound. */
function upperBound(operands: readonly Node[], metrics: ReadonlyArray<string | undefined>, operator: string): Node | undefined {
  if (metrics[0] && !metrics[1] && (operator === '<' || operator === '<=')) return operands[1];
  if (!metrics[0] && metrics[1] && (operator === '>' || operator === '>=')) return operands[0];
  return undefined;
}

/** The metric a condition compares (`accuracy > 0.8`, `f1 == pytest.approx(0.9)`, `a > 0.8 and b > 0.7`). */
function comparedMetric(model: SemanticModel, condition: Node): { metric: string; node: Node } | undefined {
  const expr = unparenthesize(condition);
  if (expr.type === 'boolean_operator') {
    const left = field(expr, 'left');
    const right = field(expr, 'right');
    // `m >= 0 and m <= 2`: the two halves of a range check on one value.
    if (field(expr, 'operator')?.text === 'and' && left && right && isRangeHalves(left, right)) return undefined;
    return comparedMetric(model, left ?? expr) ?? comparedMetric(model, right ?? expr);
  }
  if (expr.type === 'call') {
    // `math.isclose(rmse, 0.42, abs_tol=0.01)`
    const site = model.callSite(expr);
    if (site.name === 'isclose' && /^(?:math|numpy)\.isclose$/.test(site.qualifiedName ?? '')) {
      const compared = positionalArguments(expr).slice(0, 2).map((node) => modelMetricIn(model, node));
      // `math.isclose(reloaded_score, score)`: two metrics, a round trip or a reproducibility check.
      const metric = compared.filter(Boolean).length === 1 ? compared.find(Boolean) : undefined;
      return metric ? { metric, node: expr } : undefined;
    }
    return undefined;
  }
  if (expr.type !== 'comparison_operator') return undefined;
  const operators = comparisonOperators(expr);
  if (operators.some((operator) => ['in', 'not', 'is'].includes(operator))) return undefined;
  const operands = codeChildren(expr);
  if (operands.some((operand) => unparenthesize(operand).type === 'none')) return undefined;
  const metrics = operands.map((operand) => modelMetricIn(model, operand));
  const metric = metrics.find(Boolean);
  if (!metric) return undefined;
  // Two metrics compared (`fast_f1(y, p) == pytest.approx(f1_score(y, p))`, a reproducibility check
  // `score_a == score_b`): the test checks code against code, not the model's quality.
  const measured = operands.filter((operand, index) => metrics[index] || modelMetricIn(model, approxArgument(model, operand) ?? operand));
  if (measured.length >= 2 || isReproducibilityGap(model, operands, operators)) return undefined;
  // `0 <= accuracy <= 1`, `auc >= 0`: a range check, not a quality claim; so is a two-sided
  // check from 0 (`0 <= smape <= 2`, `0 <= mape <= 100`: the ranges of those errors).
  const others = operands.filter((_, index) => !metrics[index]);
  const equality = operators.some((operator) => operator === '==' || operator === '!=');
  // `logged == expected` with `logged` read from the run's metrics: the metric compared with a
  // value the code produced (a consistency check), not with a quality the test expects.
  if (equality && others.length > 0 && others.every((other) => isReadBack(model, other))) return undefined;
  if (!equality && operands.length === 3 && !metrics[0] && metrics[1] && !metrics[2] && (isZero(operands[0]) || isZero(operands[2]))) return undefined;
  // An error metric has no upper bound of 1: `mase < 1.0` (better than the naive forecast) is a
  // quality claim, unless the test also checks it from 0 (`assert mase >= 0` beside it: a range check in two asserts).
  const bounded = operands.length === 2 && upperBound(operands, metrics, operators[0]) !== undefined;
  // A top checked beside a check from 0 (`assert m >= 0` and `assert m <= 2` in the test): the two halves of a range check.
  if (!equality && bounded && checkedFromZeroNearby(expr, operands[metrics[0] ? 0 : 1].text)) return undefined;
  const upperBoundOfError = bounded && isErrorMetric(metric);
  if (!equality && others.length > 0 && others.every(isUnitBound) && !upperBoundOfError) return undefined;
  return { metric, node: expr };
}

/** `self.assertGreater(accuracy, 0.8)`, `np.testing.assert_allclose(rmse, 0.42)`. */
function assertedMetricInCall(model: SemanticModel, site: CallSite): string | undefined {
  const name = site.name ?? '';
  if (UNITTEST_COMPARISONS.has(name)) {
    if (site.receiver?.text !== 'self') return undefined;
    const args = positionalArguments(site);
    if (name === 'assertTrue' || name === 'assertFalse') return args[0] ? comparedMetric(model, args[0])?.metric : undefined;
    if (args.length < 2 || args.slice(0, 2).some((node) => unparenthesize(node).type === 'none')) return undefined;
    const metrics = args.slice(0, 2).map((node) => modelMetricIn(model, node));
    const metric = metrics.find(Boolean);
    if (!metric) return undefined;
    // `assertAlmostEqual(reloaded.score(X, y), model.score(X, y))`, `assertLess(abs(a - b), 1e-6)`: code checked against code
    // (an ordering of two metrics, `assertGreater(model_f1, baseline_f1)`, is a claim about the model).
    if (EQUALITY_ASSERTS.has(name) && metrics.every(Boolean) && withinRounding(model, site)) return undefined;
    const compared = args.slice(0, 2).find((_, index) => !metrics[index]);
    if (EQUALITY_ASSERTS.has(name) && compared && isReadBack(model, compared)) return undefined;
    if ((name === 'assertLess' || name === 'assertLessEqual') && isGapBetweenMetrics(model, args[0]) && isEqualityTolerance(model, args[1])) return undefined;
    const ordering = ['assertGreaterEqual', 'assertLessEqual', 'assertGreater', 'assertLess'].includes(name);
    const other = args.slice(0, 2).find((_, index) => !metrics[index]);
    // `assertLess(mase, 1.0)`: an error metric under 1 is a quality claim, not a range check.
    const below = name === 'assertLess' || name === 'assertLessEqual';
    const measured = args[metrics[0] ? 0 : 1];
    const isTop = ordering && (below ? !!metrics[0] : !!metrics[1]);
    // A top checked beside a check from 0 in the same test: a range check in two asserts.
    if (isTop && checkedFromZeroNearby(site.node, measured.text)) return undefined;
    const upperBoundOfError = isErrorMetric(metric) && isTop;
    if (ordering && other && isUnitBound(other) && !upperBoundOfError) return undefined;
    return metric;
  }
  if (NUMPY_TESTING.test(site.qualifiedName ?? '')) return positionalArguments(site).slice(0, 2).map((node) => modelMetricIn(model, node)).find(Boolean);
  return undefined;
}

const TRAINING_CALLS = new Set(['fit', 'train', 'fit_transform', 'partial_fit']);

/** Loaders of a trained model saved to a file: what a CI gate over a released artifact calls instead of mlflow's. */
const SAVED_MODEL_LOADERS = new Set([
  'pickle.load',
  'pickle.loads',
  'joblib.load',
  'cloudpickle.load',
  'cloudpickle.loads',
  'dill.load',
  'dill.loads',
  'torch.load',
  'keras.models.load_model',
  'keras.saving.load_model',
  'tensorflow.keras.models.load_model',
]);

function loadsTrainedModel(site: CallSite): boolean {
  return isMlflowLoadModel(site.qualifiedName) || SAVED_MODEL_LOADERS.has(site.qualifiedName ?? '');
}

/** `@pytest.fixture`, `@pytest.fixture(scope="module")`, `@fixture`. */
const FIXTURE_DECORATOR = /^@\s*(?:pytest\.)?fixture\b/;

/**
 * The pytest fixtures of the file by the name tests ask for them: the def's name, or the
 * `name=` its decorator gives (`@pytest.fixture(name="model") def fitted_model():`), under
 * which alone pytest then knows it.
 */
function fixturesByName(model: SemanticModel): ReadonlyMap<string, readonly Node[]> {
  return fixturesByModel.get(model, () => readFixtures(model));
}

const fixturesByModel = new FactCache<SemanticModel, ReadonlyMap<string, readonly Node[]>>();

function readFixtures(model: SemanticModel): ReadonlyMap<string, readonly Node[]> {
  const byName = new Map<string, Node[]>();
  for (const definition of model.syntax.nodes('function_definition')) {
    const decorated = definition.parent?.type === 'decorated_definition' ? definition.parent : undefined;
    const decorator = decorated && namedChildren(decorated).find((child) => child.type === 'decorator' && FIXTURE_DECORATOR.test(child.text));
    if (!decorator) continue;
    const name = registeredName(model, decorator) ?? field(definition, 'name')?.text;
    if (!name) continue;
    const list = byName.get(name);
    if (list) list.push(definition);
    else byName.set(name, [definition]);
  }
  return byName;
}

/**
 * The `name=` of `@pytest.fixture(name="...")`: undefined when there is none or it is None (the
 * def's name then), '' when it is not a string the file shows (the fixture is then found by no
 * name: silence over a wrong exemption).
 */
function registeredName(model: SemanticModel, decorator: Node): string | undefined {
  const call = namedChildren(decorator).find((child) => child.type === 'call');
  if (!call) return undefined;
  const value = keywordArgument(model.callSite(call), 'name');
  // `name=None` is pytest's default: the def's own name.
  if (!value || isNoneLiteral(model, value)) return undefined;
  return stringValue(model, value) ?? '';
}

/**
 * The pytest fixtures of the file that a function's parameters name (`def test_x(model):` and
 * `@pytest.fixture def model(): return joblib.load(...)`): pytest runs them before the test.
 * `only`: the parameter names to follow (all when absent).
 */
function fixturesOf(model: SemanticModel, fn: Node, only?: ReadonlySet<string>): Node[] {
  const parameters = fn.type === 'function_definition' ? field(fn, 'parameters') : undefined;
  if (!parameters) return [];
  const byName = fixturesByName(model);
  const fixtures: Node[] = [];
  for (const parameter of codeChildren(parameters)) {
    const name = parameter.type === 'identifier' || parameter.type === 'typed_parameter' ? parameterName(parameter)?.text : undefined;
    if (!name || (only && !only.has(name))) continue;
    fixtures.push(...(byName.get(name) ?? []));
  }
  return fixtures;
}

/** Methods of a model that the test calls on it: what makes a parameter the model under test. */
const MODEL_USES = new Set(['predict', 'predict_proba', 'predict_log_proba', 'decision_function', 'score', 'transform']);
/** Of those, the ones only a model has: `transform` is also a feature function's, a scaler's or a DataFrame's. */
const PREDICTING = new Set(['predict', 'predict_proba', 'predict_log_proba', 'decision_function', 'score']);

/**
 * The fixtures of the file that give the test the model it measures (`def test_auc(model):` with
 * `model.predict(...)` in it), and the fixtures those take in turn: a fixture that loads data
 * (`def data(): return joblib.load("iris.joblib")`) says nothing of the model. None when the test
 * measures a model it makes itself.
 */
function modelFixtures(model: SemanticModel, testFunction: Node): { giving: Node[]; taken: Node[] } {
  const used = new Set<string>();
  for (const site of model.callsWithin(testFunction)) {
    if (!MODEL_USES.has(site.name ?? '') || !site.receiver) continue;
    // `models[0].predict(X)`, `registry.current.predict(X)`: the model comes from the name it is read from.
    const receiver = accessRoot(site.receiver);
    if (receiver && parameterOfFunction(testFunction, receiver.text)) {
      used.add(receiver.text);
      continue;
    }
    if (!PREDICTING.has(site.name ?? '')) continue;
    // A model the test makes itself (`model = train_model(X, y)`), or one the module fits
    // (`clf = LogisticRegression().fit(X, y)` above the tests), is measured too: no fixture settles it.
    const binding = receiver ? model.lookup(receiver) : undefined;
    if (binding?.scope === testFunction.id || (binding?.value && /\.fit\(/.test(binding.value.text))) return { giving: [], taken: [] };
  }
  const giving = fixturesOf(model, testFunction, used);
  const taken: Node[] = [];
  const seen = new Set<number>(giving.map((fixture) => fixture.id));
  let pending = giving.flatMap((fixture) => fixturesOf(model, fixture));
  for (let depth = 0; depth < 2 && pending.length > 0; depth++) {
    const next: Node[] = [];
    for (const fixture of pending) {
      if (seen.has(fixture.id)) continue;
      seen.add(fixture.id);
      taken.push(fixture);
      next.push(...fixturesOf(model, fixture));
    }
    pending = next;
  }
  return { giving, taken };
}

/**
 * The calls a test runs: its own (or its class's, setup included), and those of the file's
 * functions it calls, a few calls deep (`model = load_released_model()`).
 */
function callsRun(model: SemanticModel, region: Node): CallSite[] {
  const calls: CallSite[] = [];
  const seen = new Set<number>([region.id]);
  let pending = [region];
  for (let depth = 0; depth <= 2 && pending.length > 0; depth++) {
    const next: Node[] = [];
    for (const current of pending) {
      for (const site of model.callsWithin(current)) {
        calls.push(site);
        const callee = unparenthesize(site.callee);
        const helper = callee.type === 'identifier' ? model.resolveFunction(callee) : undefined;
        if (helper?.type === 'function_definition' && !seen.has(helper.id)) {
          seen.add(helper.id);
          next.push(helper);
        }
      }
    }
    pending = next;
  }
  return calls;
}

/**
 * A test that loads a model already trained — one MLflow holds (`mlflow.pyfunc.load_model(
 * "models:/churn/3")`) or one saved to a file (`pickle.load`, `joblib.load`, `torch.load`), in
 * the test, a helper it calls or its class's setup — and trains nothing: a validation of a
 * released model against held-out data, which needs the model's artifact and is no unit test.
 */
/** A file (or notebook) that loads a trained model and trains nothing, what `%run` brings in included. */
function fileValidatesTrainedModel(model: SemanticModel): boolean {
  return loadsAndTrainsNothing(model.callsNamed('load_model', 'load', 'loads', ...TRAINING_CALLS));
}

function validatesTrainedModel(model: SemanticModel, testFunction: Node): boolean {
  const own = callsRun(model, owningClass(testFunction) ?? testFunction);
  if (loadsAndTrainsNothing(own)) return true;
  // The models fixtures of the file give the test: loaded by them or the fixtures they take, and
  // not fitted by the fixtures that give them (a fixture they take may fit a scaler for a warm-up
  // batch); what the test fits itself counts too.
  const { giving, taken } = modelFixtures(model, testFunction);
  const givingCalls = giving.flatMap((fixture) => callsRun(model, fixture));
  const loads = givingCalls.some(loadsTrainedModel) || taken.some((fixture) => callsRun(model, fixture).some(loadsTrainedModel));
  return !own.some(trains) && loads && !givingCalls.some(trains);
}

/** Among `calls`, one loads a trained model and none trains. */
function loadsAndTrainsNothing(calls: readonly CallSite[]): boolean {
  return calls.some(loadsTrainedModel) && !calls.some(trains);
}

function trains(site: CallSite): boolean {
  return !!site.name && TRAINING_CALLS.has(site.name);
}

function check(context: RuleContext): void {
  const { model, document } = context;
  if (isIntegrationTestUri(document.uri)) return;
  const testFiles = isTestCodeUri(document.uri);
  let fileValidates: boolean | undefined;
  const callsWithArguments = (name: string) => model.callsNamed(name).some((site) => !site.receiver && allArguments(site).length > 0);
  const inUnitTest = (node: Node): boolean => {
    const testFunction = collectedTestFunction(document.uri, node, callsWithArguments);
    if (testFunction) return !isIntegrationTest(testFunction) && !validatesTrainedModel(model, testFunction);
    // Helpers of a test file (`def check(model)` in test_model.py) run inside its tests; code
    // at its top level too, unless the file as a whole validates a trained model (a CI gate).
    return testFiles && !(fileValidates ??= fileValidatesTrainedModel(model));
  };
  const report = (node: Node, metric: string) =>
    context.report({
      node,
      message: `unit test asserts on ${metric}, a metric computed from a model: model quality depends on the data, the seeds and the library versions, not only on the code under test; check it in an integration or end-to-end test on a controlled data set`,
    });
  // The metric first: most asserts compare none, and whether an assert is in a unit test reads
  // the calls of its whole test function or class, for every assert (feast's 1,076 files: 19 of
  // the lint's 593 ms).
  for (const statement of model.nodesAroundText(['assert'], 'assert_statement')) {
    if (statement.hasError) continue;
    const condition = namedChildren(statement).find((child) => child.type !== 'comment');
    const found = condition ? comparedMetric(model, condition) : undefined;
    if (found && inUnitTest(statement)) report(found.node, found.metric);
  }
  for (const site of model.callsNamed(...UNITTEST_COMPARISONS, 'assert_allclose', 'assert_almost_equal', 'assert_approx_equal', 'assert_array_almost_equal', 'assert_array_less', 'assert_equal')) {
    if (site.node.hasError) continue;
    const metric = assertedMetricInCall(model, site);
    if (metric && inUnitTest(site.node)) report(site.node, metric);
  }
}

/**
 * A value is a model's metric only through one of these calls or a sklearn.metrics function
 * (modelMetrics.ts' callSource): a method of an object (`model.predict(X)`, `clf.score(X, y)`,
 * `evaluator.evaluate(df)`; a receiver is required, so the words alone are not enough: a test of
 * a data pipeline that names a `score` column is not parsed for this rule), or mlflow.evaluate
 * however imported. The sklearn alternative is beside it in alsoNeeds.
 */
const MODEL_OUTPUT_CALL = /\.\s*(?:fit|train|predict|predict_proba|predict_log_proba|decision_function|evaluate|score|transform)\s*\(|\bevaluate\b/;
/** Every match holds one of these words: tested only on the pieces that do. */
const MODEL_OUTPUT_TRIGGER = guardedPattern(['fit', 'train', 'predict', 'decision_function', 'evaluate', 'score', 'transform'], MODEL_OUTPUT_CALL);

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
    trap: 'Asserting a metric computed from a model in a unit test: `assert accuracy_score(y_test, model.predict(X_test)) > 0.8` in `test_train.py` or in a `def test_*` function.',
    reality:
      'Unit tests check deterministic logic: feature functions, schemas, preprocessing, the shape of predictions. A model\'s accuracy is not deterministic logic (it depends on data, seeds and library versions) and belongs in integration or end-to-end tests on a controlled data set; in a unit test it makes the suite flaky and slow. Reported: an assert on a metric the test computed from a model (a scikit-learn metric, `classification_report`\'s fields such as `["f1-score"]` included, a Spark ML evaluator, `mlflow.evaluate`, `model.score`, cross-validation scores from `cross_val_score` or `cross_validate` on data the test did not write, or a metric-named value fed by `fit` / `predict` in the test). Not reported: values the test planted itself (literals, a dict it built, a mock\'s `return_value`, the score of predictions it planted: `predict` patched with `patch.object(clf, "predict", ...)` around the call, or replaced before it), a metric checked to equal a value the code produced and the test reads back (`logged == expected` with `logged` read from the run\'s metrics, `assertEqual(acc, evaluate(model)["accuracy"])`: a consistency check; a number, a constant or an attribute it is equal to is an expected quality and is reported), a field of what `predict` returned (`result["score"]`: a prediction\'s own score, not a measure of the model), what the methods of a class the test file defines return (a rubric\'s `evaluate`), metric code checked on literal inputs, two metrics checked to be equal (a reproducibility or save/load check: `a_score == b_score`, `assertAlmostEqual(a, b)`, a gap under 0.001: `abs(a.score(X, y) - b.score(X, y)) < 1e-9`; a wider gap, `abs(train_acc - val_acc) < 0.05`, and an ordering, `assertGreater(model_f1, baseline_f1)`, are claims about the model and are reported), range checks such as `0 <= auc <= 1`, `rmse >= 0` and a two-sided check from 0 whatever its top (`0 <= smape <= 2`; an error metric under 1, `mase < 1.0`, is a claim about the model and is reported), integration and end-to-end tests, and a validation of a model already trained (loaded with `mlflow.<flavor>.load_model`, or from a file with `pickle.load`, `joblib.load`, `torch.load` or Keras\'s `load_model`, in the test, a function of the file it calls, its class\'s setup, or pytest fixtures of the file that give the test every model it measures and fit nothing, or anywhere in a test file whose asserts are not in test functions, nothing trained there).',
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
    examFact: 'Unit tests check deterministic logic; model accuracy belongs in integration or end-to-end tests.',
    references: [
      { title: 'Unit testing for notebooks (Databricks)', url: 'https://docs.databricks.com/aws/en/notebooks/testing' },
    ],
  },
  triggers: ['assert'],
  alsoNeeds: [MODEL_OUTPUT_TRIGGER, 'sklearn'],
  // A metric has a name (modelMetrics.ts); outside test files, only a `def test...` holds a unit test.
  furtherNeeds: [[METRIC_NAME_TEXT]],
  outsideTestFileTriggers: [/\bdef(?:\s|\\)+test/],
  check,
};
