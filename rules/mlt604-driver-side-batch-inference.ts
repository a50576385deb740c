import { FactCache, KeyedFactCache } from './engine/reads';
import type { Node } from 'web-tree-sitter';
import { accessRoot, ancestorOfType, codeChildren, comparisonOperators, field, namedChildren, unparenthesize } from './engine/syntax';
import type { Rule } from './engine/types';
import { allArguments, argument, hasSplatArguments, positionalArguments } from './semantic/calls';
import { parameterArguments, parameterOf } from './semantic/parameterValues';
import { sequenceElements, stringValue } from './semantic/values';
import { chainCalls, type MethodChain, methodChain, rowCountCut, startsFromSparkSession } from './semantic/dataFrameChains';
import { isMlflowLoadModel, isPlainMlflowLogModel, loggingCallOfUri } from './semantic/loggedModels';
import { isTestCode } from './semantic/testCode';
import { calledMethod } from './semantic/methodCalls';
import { returnedExpressions } from './semantic/tuning';
import { type CallSite, isQualified, type SemanticModel } from './semantic/semanticModel';

/** The calls that score rows with a loaded model: pyfunc's predict, and a native classifier's probabilities. */
const SCORING_METHODS = ['predict', 'predict_proba'];
/**
 * DataFrame steps after which the rows on the driver are not the whole table: a sample, or an
 * aggregate (one row per group, `agg` after `groupBy`). Row counts (`.limit(n)`) are weighed by
 * their size.
 */
const SHRINKING = new Set(['sample', 'sampleBy', 'agg']);
/** The most rows a cut may keep and still be "a few rows" looked at on the driver. */
const FEW_ROWS = 10_000;
/** pandas steps between toPandas() and predict() that keep every row. */
const PANDAS_STEPS = new Set(['drop', 'fillna', 'astype', 'dropna', 'reset_index', 'rename', 'copy', 'set_index', 'to_numpy']);

/**
 * Whether `receiver` is a model from `mlflow.<flavor>.load_model(...)`, possibly through a name,
 * that scores in the Python process: not a Spark ML model loaded as pyfunc.
 */
function isMlflowModel(model: SemanticModel, receiver: Node, depth = 0): boolean {
  const value = model.resolveValue(receiver);
  // `def add_predictions(pdf, model): ... model.predict(pdf)`: a model every call of the file
  // passes in; or a name bound in each arm (`try: model = load(a) except: model = load(b)`).
  if (value.type === 'identifier') return depth < 3 && (passedModels(model, value, depth) || everyBindingLoads(model, value, depth));
  // `bc.value` of `bc = spark.sparkContext.broadcast(model)`: the same model, on the driver too.
  if (value.type === 'attribute' && field(value, 'attribute')?.text === 'value') {
    const broadcast = model.resolveValue(field(value, 'object') ?? value);
    const site = broadcast.type === 'call' ? model.callSite(broadcast) : undefined;
    const shared = site?.name === 'broadcast' && site.receiver ? positionalArguments(site)[0] : undefined;
    return !!shared && depth < 3 && isMlflowModel(model, shared, depth + 1);
  }
  if (value.type !== 'call') return false;
  const load = model.callSite(value);
  if (isMlflowLoadModel(load.qualifiedName)) return !isSparkModelAsPyfunc(model, load);
  // `model = load(uri)` with `def load(uri): return mlflow.sklearn.load_model(uri)`: a function
  // of the file whose every return loads one.
  if (load.receiver || depth >= 3) return false;
  const fn = model.resolveFunction(load.callee);
  if (fn?.type !== 'function_definition') return false;
  const returned = returnedExpressions(fn);
  return returned.length > 0 && returned.every((expression) => isMlflowModel(model, expression, depth + 1));
}

/** A name whose every binding that reaches `identifier` (more than one: the arms of an if/else or a try) assigns a model isMlflowModel accepts. */
function everyBindingLoads(model: SemanticModel, identifier: Node, depth: number): boolean {
  const reaching = model.bindings.reachingBindings(identifier.text, identifier);
  return (
    reaching.length > 1 &&
    reaching.every((binding) => binding.kind === 'assignment' && !!binding.value && !model.bindings.isMutatedBefore(binding, identifier) && isMlflowModel(model, binding.value, depth + 1))
  );
}

/** A parameter that every call of its function (at least one) fills with a model isMlflowModel accepts. */
function passedModels(model: SemanticModel, identifier: Node, depth: number): boolean {
  const passed = passedArguments(model, identifier);
  return passed.length > 0 && passed.every((argument) => !!argument && isMlflowModel(model, argument, depth + 1));
}

/**
 * What each call of the file passes for the parameter `identifier` names (undefined where a
 * call leaves it out); none when it is no parameter or a call of its function splats arguments.
 */
function passedArguments(model: SemanticModel, identifier: Node): Array<Node | undefined> {
  const parameter = parameterOf(model, identifier);
  const name = parameter ? field(parameter.function, 'name')?.text : undefined;
  if (!parameter || !name || model.callsNamed(name).some(hasSplatArguments)) return [];
  return parameterArguments(model, parameter).map(({ argument }) => argument);
}

/**
 * `mlflow.pyfunc.load_model(uri)` of a model the file logs with `mlflow.spark.log_model`: the
 * logging call of that URI, or, where the URI does not show its run, every MLflow logging call
 * of the file. Its pyfunc wrapper turns the pandas rows back into a Spark DataFrame and scores
 * them with the PipelineModel's transform, a Spark job (mlflow/spark: _PyFuncModelWrapper).
 */
function isSparkModelAsPyfunc(model: SemanticModel, load: CallSite): boolean {
  if (load.qualifiedName !== 'mlflow.pyfunc.load_model') return false;
  // Asked for each scoring call of the model: answered once per load.
  return sparkPyfuncLoads.get(model, load.node.id, () => loadsSparkModel(model, load));
}

const sparkPyfuncLoads = new KeyedFactCache<SemanticModel, number, boolean>();

function loadsSparkModel(model: SemanticModel, load: CallSite): boolean {
  const uri = argument(load, 'model_uri', 0);
  const logged = uri ? loggingCallOfUri(model, uri, isPlainMlflowLogModel) : undefined;
  if (logged) return logged.qualifiedName === 'mlflow.spark.log_model';
  return logsOnlySparkModels(model) || (!!uri && loadedAsSparkModel(model, uri));
}

/**
 * A URI the file also loads with `mlflow.spark.load_model`, written the same way, or a
 * `models:/NAME/...` URI of a name the file registers from such a URI
 * (`register_model(f"runs:/{run_id}/model", "cars")` after `mlflow.spark.load_model(f"runs:/{run_id}/model")`).
 */
function loadedAsSparkModel(model: SemanticModel, uri: Node): boolean {
  const sparkUris = model
    .callsOfImported(['load_model'], (qualifiedName) => qualifiedName === 'mlflow.spark.load_model')
    .map((site) => argument(site, 'model_uri', 0))
    .filter((node): node is Node => !!node)
    .map((node) => uriText(model, node));
  if (sparkUris.length === 0) return false;
  const text = uriText(model, uri);
  if (sparkUris.includes(text)) return true;
  const name = /^models:\/([^/@]+)[/@]/.exec(stringValue(model, uri) ?? '')?.[1];
  if (!name) return false;
  return model.callsNamed('register_model').some((site) => {
    const source = argument(site, 'model_uri', 0);
    return stringValue(model, argument(site, 'name', 1)) === name && !!source && sparkUris.includes(uriText(model, source));
  });
}

/** A URI as the code writes it, through a name bound to it. */
function uriText(model: SemanticModel, node: Node): string {
  return model.resolveValue(node).text;
}

const onlySparkLoggers = new FactCache<SemanticModel, boolean>();

/** Every MLflow logging call of the file logs a Spark ML model (read once per file, not once per load). */
function logsOnlySparkModels(model: SemanticModel): boolean {
  return onlySparkLoggers.get(model, () => {
    const loggers = model.callsNamed('log_model').filter(isPlainMlflowLogModel);
    return loggers.length > 0 && loggers.every((site) => site.qualifiedName === 'mlflow.spark.log_model');
  });
}

/**
 * The `.toPandas()` calls a predict argument comes from: directly, through names, column
 * selections, row-keeping pandas steps and conversions (`.values`, `.to_numpy()`, a
 * `pd.DataFrame(...)` built from them), through `pd.concat([...])` (which keeps the rows of
 * every frame it joins), through a function of the file whose every return collects one, and
 * through a parameter that every call fills with one. A slice of rows (`pdf[:100]`) is a sample.
 */
function toPandasCalls(model: SemanticModel, argumentNode: Node, depth = 0, found: FoundFrames = { inSomeBranches: false }): Node[] {
  let expr = model.resolveValue(argumentNode);
  for (; depth < 8; depth++) {
    if (expr.type === 'subscript') {
      const value = field(expr, 'value');
      if (!value || namedChildren(expr).some((index) => index.id !== value.id && index.type === 'slice')) return [];
      expr = model.resolveValue(value);
      continue;
    }
    if (expr.type === 'attribute') {
      const object = field(expr, 'object');
      if (!object || field(expr, 'attribute')?.text !== 'values') return [];
      expr = model.resolveValue(object);
      continue;
    }
    if (expr.type === 'identifier') return branchCollectedFrames(model, expr, depth, found) ?? passedCollectedFrames(model, expr, depth, found);
    if (expr.type !== 'call') return [];
    const site = model.callSite(expr);
    if (isQualified(site.qualifiedName, ['pandas'], 'concat')) {
      const frames = sequenceElements(model, argument(site, 'objs', 0));
      return frames ? frames.elements.flatMap((frame) => toPandasCalls(model, frame, depth + 1, found)) : [];
    }
    if (isQualified(site.qualifiedName, ['pandas'], 'DataFrame') || site.qualifiedName === 'pandas.DataFrame.from_records') {
      const data = argument(site, 'data', 0);
      if (!data) return [];
      expr = model.resolveValue(data);
      // `pd.DataFrame(spark.table("t").collect())`: every row brought to the driver as Row objects.
      if (isSparkCollect(model, expr)) return [expr];
      // `pd.DataFrame([r.asDict() for r in rows])`: the same rows, one dict each.
      const collected = expr.type === 'list_comprehension' ? rowsOfCollect(model, expr) : undefined;
      if (collected) return [collected];
      continue;
    }
    if (!site.receiver) {
      // `load_table("t")` with `def load_table(name): return spark.table(name).toPandas()`: a
      // function of the file whose every return collects a DataFrame.
      const fn = model.resolveFunction(site.callee);
      if (fn?.type !== 'function_definition') return [];
      const returned = returnedExpressions(fn).map((value) => toPandasCalls(model, value, depth + 1, found));
      return returned.length > 0 && returned.every((calls) => calls.length > 0) ? returned.flat() : [];
    }
    if (!site.name) return [];
    if (site.name === 'toPandas') return [expr];
    // `Housing.features_only(pdf)`: a static or class method called on its class (calledMethod), read as a function of the file.
    const method = calledMethod(model, site);
    if (method) {
      const returned = returnedExpressions(method).map((value) => toPandasCalls(model, value, depth + 1, found));
      return returned.length > 0 && returned.every((calls) => calls.length > 0) ? returned.flat() : [];
    }
    if (!PANDAS_STEPS.has(site.name)) return [];
    expr = model.resolveValue(site.receiver);
  }
  return [];
}

/**
 * `[r.asDict() for r in rows]` (or `dict(r)`, `r`) over every row a Spark `collect()` gives, no
 * filter: the collect call.
 */
function rowsOfCollect(model: SemanticModel, comprehension: Node): Node | undefined {
  const body = field(comprehension, 'body');
  const clauses = namedChildren(comprehension).filter((child) => child.type !== 'comment' && child.id !== body?.id);
  if (!body || clauses.length !== 1 || clauses[0].type !== 'for_in_clause') return undefined;
  const variable = field(clauses[0], 'left');
  const iterable = field(clauses[0], 'right');
  if (variable?.type !== 'identifier' || !iterable) return undefined;
  const element = unparenthesize(body);
  const site = element.type === 'call' ? model.callSite(element) : undefined;
  const wholeRow =
    element.text === variable.text ||
    (site?.name === 'asDict' && site.receiver?.text === variable.text) ||
    (site?.name === 'dict' && !site.receiver && positionalArguments(site)[0]?.text === variable.text);
  if (!wholeRow) return undefined;
  const rows = model.resolveValue(iterable);
  return isSparkCollect(model, rows) ? rows : undefined;
}

/**
 * `.collect()` of a DataFrame read through the Spark session (`spark.table(...)...collect()`),
 * through names: other libraries' `collect()` (a Polars LazyFrame's) bring nothing to the driver.
 */
function isSparkCollect(model: SemanticModel, expr: Node): boolean {
  if (expr.type !== 'call') return false;
  const site = model.callSite(expr);
  return site.name === 'collect' && !!site.receiver && allArguments(site).length === 0 && startsFromSparkSession(model, methodChain(model, site.receiver));
}

/**
 * A parameter of a function of the file (`def score(pdf): return model.predict(pdf)`) that
 * every call of the function fills with collected rows (`score(spark.table("t").toPandas())`);
 * none when a call passes something else, nothing, or its arguments with `*` / `**`.
 */
/** Whether some frame was found through one branch's assignment only (the message says when the rows are collected). */
interface FoundFrames {
  inSomeBranches: boolean;
}

/**
 * A name that branches assign differently (`if table: data = spark.table(t).toPandas()` /
 * `else: data = pd.read_csv(path)`): the frames the branches that collect give it, when more
 * than one assignment reaches the use and at least one collects. Undefined when one binding
 * or less reaches it (resolveValue already followed it) or another kind of binding does.
 */
function branchCollectedFrames(model: SemanticModel, identifier: Node, depth: number, found: FoundFrames): Node[] | undefined {
  const reaching = model.bindings.reachingBindings(identifier.text, identifier);
  if (reaching.length < 2 || reaching.some((binding) => binding.kind !== 'assignment' || !binding.value)) return undefined;
  const byBranch = reaching.map((binding) => toPandasCalls(model, binding.value!, depth + 1, found));
  if (byBranch.some((calls) => calls.length === 0)) found.inSomeBranches = true;
  return byBranch.flat();
}

function passedCollectedFrames(model: SemanticModel, identifier: Node, depth: number, found: FoundFrames): Node[] {
  const passed = passedArguments(model, identifier).map((argument) => (argument ? toPandasCalls(model, argument, depth + 1, found) : []));
  return passed.length > 0 && passed.every((calls) => calls.length > 0) ? passed.flat() : [];
}

/**
 * How far a step cuts the DataFrame: `sample`, `agg`, and a row count (`.limit(n)`, a SQL
 * `LIMIT n`) of at most FEW_ROWS or not written as a number cut it to a sample ('sample'); a
 * literal row count above that only caps a batch (the number); any other step keeps every row
 * (undefined).
 */
function rowCut(model: SemanticModel, site: CallSite): 'sample' | number | undefined {
  const cut = rowCountCut(model, site);
  if (!cut) return site.name && SHRINKING.has(site.name) ? 'sample' : undefined;
  return cut.rows !== undefined && cut.rows > FEW_ROWS ? cut.rows : 'sample';
}

/**
 * Calls that score predictions against labels: what model evaluation on a held-out set does
 * (sklearn metrics, report helpers, MLflow metric logging, an `evaluate_model(preds, y)` /
 * `compute_metrics` helper of a base class the file does not show). Predictions fed only to these are
 * an evaluation, not batch inference, and pandas on the driver is the usual way to do it.
 */
const METRIC_CALL = /(?:_score|_error|_loss|_report|_matrix|_curve)$|^(?:log_metric|log_metrics)$|^evaluate_?(?:model|predictions|metrics)?$|^compute_metrics$/;

/**
 * A call that scores predictions: a metric call, or a function of the file whose body makes one
 * (`def evaluate(y_true, scores): return {"auc": roc_auc_score(y_true, scores)}`).
 */
function isMetricCall(model: SemanticModel, site: CallSite | undefined): boolean {
  if (!site?.name) return false;
  if (METRIC_CALL.test(site.name)) return true;
  // A function of the file, or a method of one of its classes (`self.evaluate(preds, y)`), that computes a metric.
  const definition = site.receiver ? calledMethod(model, site) : model.resolveFunction(site.callee);
  const body = definition?.type === 'function_definition' ? field(definition, 'body') : undefined;
  return !!body && model.callsWithin(body).some((inner) => !!inner.name && METRIC_CALL.test(inner.name));
}

/**
 * The expression that carries the predictions on: the call itself, or the column or conversion
 * taken of it (`model.predict_proba(X)[:, 1]`, `model.predict(X).ravel()`).
 */
function predictionExpression(model: SemanticModel, call: Node): Node {
  let node = call;
  for (let parent = node.parent; parent; parent = node.parent) {
    if (parent.type === 'parenthesized_expression') node = parent;
    // `pd.DataFrame(model.predict(x))`: the same predictions in another container.
    else if (parent.type === 'argument_list' && parent.parent?.type === 'call' && namedChildren(parent).length === 1 && isContainer(model, parent.parent)) node = parent.parent;
    else if (parent.type === 'subscript' && field(parent, 'value')?.id === node.id) node = parent;
    else if (parent.type === 'attribute' && field(parent, 'object')?.id === node.id && parent.parent?.type === 'call' && field(parent.parent, 'function')?.id === parent.id) node = parent.parent;
    else break;
  }
  return node;
}

/** Containers that hold predictions as they are: pandas and NumPy constructors, `list(...)`. */
const CONTAINERS = new Set(['pandas.DataFrame', 'pandas.Series', 'numpy.array', 'numpy.asarray']);

function isContainer(model: SemanticModel, call: Node): boolean {
  const site = model.callSite(call);
  return (site.qualifiedName !== undefined && CONTAINERS.has(site.qualifiedName)) || (site.callee.type === 'identifier' && site.callee.text === 'list' && !model.lookup(site.callee));
}

/** The call that `node` is an argument of, as a positional or keyword argument's value. */
function argumentOfCall(node: Node): Node | undefined {
  let argument = node;
  const parent = node.parent;
  if (parent?.type === 'keyword_argument' && field(parent, 'value')?.id === node.id) argument = parent;
  const list = argument.parent;
  return list?.type === 'argument_list' && list.parent?.type === 'call' ? list.parent : undefined;
}

/**
 * A call that takes predictions without scoring a batch: a metric (isMetricCall), or
 * `infer_signature(X, model.predict(X))`, which reads the predictions' schema to log with the
 * model (spark_udf could not give it that sample).
 */
function takesPredictionsOnlyToMeasure(model: SemanticModel, site: CallSite | undefined): boolean {
  return site?.name === 'infer_signature' || isMetricCall(model, site) || isDiagnosticPlot(site);
}

/** Plotting calls: a predicted-vs-actual scatter or a residual histogram looks at an evaluation's predictions. */
const PLOT_CALLS = new Set(['scatter', 'plot', 'hist', 'histplot', 'scatterplot', 'regplot', 'residplot', 'kdeplot', 'lineplot', 'displot', 'boxplot', 'violinplot', 'hexbin']);

/** `ax.scatter(y, preds)`, `plt.hist(...)`, `sns.residplot(...)`: matplotlib, seaborn or plotly, or an axes object (`ax`, `axes[0]`). */
function isDiagnosticPlot(site: CallSite | undefined): boolean {
  if (!site?.name || !PLOT_CALLS.has(site.name)) return false;
  if (/^(?:matplotlib|seaborn|plotly)\./.test(site.qualifiedName ?? '')) return true;
  const receiver = site.receiver ? unparenthesize(site.receiver) : undefined;
  const root = receiver?.type === 'subscript' ? field(receiver, 'value') : receiver;
  return root?.type === 'identifier' && /^(?:ax|axs|axes|ax\d+)$/.test(root.text);
}

/**
 * Whether the predictions of `predict` only go into metrics or a signature: directly, through
 * the name they are bound to, or through a function of the file that returns them
 * (`def predict_with_champion(self, x): return model.predict(x)`, also bound to a name first)
 * whose every call's result goes there in turn.
 */
function feedsMetric(model: SemanticModel, predict: CallSite): boolean {
  return onlyMeasured(model, predictionExpression(model, predict.node), 0);
}

/** How many steps (a return, a name bound to a part of the predictions) are followed. */
const MAX_DERIVED_DEPTH = 3;

function onlyMeasured(model: SemanticModel, predictions: Node, depth: number): boolean {
  // Labels made of the scores by a threshold: what they feed.
  const labels = thresholdedLabels(model, predictions);
  if (labels) return depth < MAX_DERIVED_DEPTH && onlyMeasured(model, predictionExpression(model, labels), depth + 1);
  const parent = predictions.parent;
  if (parent?.type === 'argument_list' && parent.parent?.type === 'call') return takesPredictionsOnlyToMeasure(model, model.callSite(parent.parent));
  if (parent?.type === 'return_statement') return depth < 2 && returnedOnlyToMeasure(model, parent, depth);
  if (parent?.type !== 'assignment' || field(parent, 'right')?.id !== predictions.id) return false;
  const target = field(parent, 'left');
  // `test_pdf["prediction"] = model.predict(X)`: what the column feeds, unless the frame leaves.
  if (target?.type === 'subscript') return !holderKeptAfter(model, target, parent) && depth < MAX_DERIVED_DEPTH && columnOnlyMeasured(model, target, parent, depth + 1);
  if (target?.type !== 'identifier') return false;
  const binding = model.bindings.all(target.text).find((candidate) => candidate.node.id === parent.id);
  if (!binding) return false;
  // The calls that take the name as an argument, found from its uses rather than from every call.
  let used = false;
  for (const use of model.usesOf(binding)) {
    if (use.startIndex < parent.endIndex) continue;
    // A part of the predictions or the same in another container (`preds["prediction"]`,
    // `pd.DataFrame(preds)`) bound to a name or passed on: what that feeds, in turn.
    const derived = predictionExpression(model, use);
    if (derived.id !== use.id && (derived.parent?.type === 'assignment' || argumentOfCall(derived))) {
      if (depth >= MAX_DERIVED_DEPTH || !onlyMeasured(model, derived, depth + 1)) return false;
      used = true;
      continue;
    }
    // `residuals = y - preds`: the errors of the predictions, bound to a name; what that feeds, in turn.
    const difference = use.parent?.type === 'binary_operator' && field(use.parent, 'operator')?.text === '-' ? use.parent : undefined;
    // `(y - preds).abs().mean()`, `np.mean(np.abs(y - preds))`: an error reduced to one number.
    if (difference && reducedToOneNumber(model, difference)) {
      used = true;
      continue;
    }
    if (difference?.parent?.type === 'assignment' && field(difference.parent, 'right')?.id === difference.id) {
      if (depth >= MAX_DERIVED_DEPTH || !onlyMeasured(model, difference, depth + 1)) return false;
      used = true;
      continue;
    }
    // `preds = model.predict(x)` then `return preds`, and nothing else done with them there: what
    // the function's callers do with them.
    if (use.parent?.type === 'return_statement') {
      const onlyReturned = model.usesOf(binding).every((other) => other.id === use.id || other.startIndex < parent.endIndex);
      if (depth >= 2 || !onlyReturned || !returnedOnlyToMeasure(model, use.parent, depth)) return false;
      used = true;
      continue;
    }
    // `labels = (proba > 0.5).astype(int)`, `f1_score(y, proba[:, 1] >= t)`: predictions made
    // labels by a threshold; what those feed, in turn.
    // Labels that may go elsewhere too decide nothing here: the other uses do.
    if (thresholdedLabels(model, derived)) {
      if (depth < MAX_DERIVED_DEPTH && onlyMeasured(model, derived, depth + 1)) used = true;
      continue;
    }
    // `pdf["churn_flag"] = labels`: a column of a frame that the code then writes out (or
    // returns) keeps them, whatever else measures them; a column only read back (a scatter of
    // predicted against actual, an evaluation table) is not followed further.
    const holder = use.parent?.type === 'assignment' && field(use.parent, 'right')?.id === use.id ? field(use.parent, 'left') : undefined;
    if (holder && (holder.type === 'subscript' || holder.type === 'attribute')) {
      if (holderKeptAfter(model, holder, use.parent!)) return false;
      if (depth < MAX_DERIVED_DEPTH && columnOnlyMeasured(model, holder, use.parent!, depth + 1)) used = true;
      continue;
    }
    // `proba = proba.values.ravel() if hasattr(proba, "values") else proba`, `y = preds`: the same
    // predictions under a name again; what that name feeds.
    const rebound = reboundAs(use);
    if (rebound) {
      if (depth >= MAX_DERIVED_DEPTH || !onlyMeasured(model, rebound, depth + 1)) return false;
      used = true;
      continue;
    }
    // `preds.tofile(path)`, `scores.to_csv(path)`: the predictions written out.
    if (use.parent?.type === 'attribute' && field(use.parent, 'object')?.id === use.id && WRITES_OUT.test(field(use.parent, 'attribute')?.text ?? '')) return false;
    const call = argumentOfCall(use);
    if (!call) continue;
    // `hasattr(preds, "values")`, `len(preds)`: a look at them that keeps nothing.
    if (INSPECTING_BUILTINS.has(model.callSite(call).name ?? '') && !model.callSite(call).receiver) continue;
    if (!takesPredictionsOnlyToMeasure(model, model.callSite(call))) return false;
    used = true;
  }
  return used;
}

/**
 * `predictions > 0.5` (parenthesized or not, either side), or `np.where(predictions >= t, 1, 0)`:
 * the comparison (or the `where` call) that turns scores into labels; undefined for any other use.
 */
function thresholdedLabels(model: SemanticModel, predictions: Node): Node | undefined {
  const outside = (node: Node): Node => (node.parent?.type === 'parenthesized_expression' ? outside(node.parent) : node);
  const comparison = outside(predictions).parent;
  if (comparison?.type !== 'comparison_operator' || codeChildren(comparison).length !== 2) return undefined;
  if (!['>', '>=', '<', '<='].includes(comparisonOperators(comparison)[0])) return undefined;
  const labels = outside(comparison);
  const list = labels.parent;
  const where = list?.type === 'argument_list' && list.parent?.type === 'call' ? list.parent : undefined;
  if (where && model.callSite(where).qualifiedName === 'numpy.where' && positionalArguments(model.callSite(where))[0]?.id === labels.id) return where;
  return labels;
}

/** Builtins that look at a value without keeping it. */
const INSPECTING_BUILTINS = new Set(['hasattr', 'isinstance', 'type', 'len', 'callable']);

/**
 * The expression a use makes of the predictions when it is bound to a name again: the use
 * through attributes, method calls, subscripts, parentheses and the arms (not the condition) of
 * a conditional expression, up to the right side of an assignment to a name.
 */
function reboundAs(use: Node): Node | undefined {
  let node = use;
  for (let step = 0; step < 8; step++) {
    const parent = node.parent;
    if (!parent) return undefined;
    const through =
      parent.type === 'parenthesized_expression' ||
      (parent.type === 'attribute' && field(parent, 'object')?.id === node.id) ||
      (parent.type === 'call' && field(parent, 'function')?.id === node.id) ||
      (parent.type === 'subscript' && field(parent, 'value')?.id === node.id) ||
      (parent.type === 'conditional_expression' && namedChildren(parent)[1]?.id !== node.id);
    if (through) {
      node = parent;
      continue;
    }
    return parent.type === 'assignment' && field(parent, 'right')?.id === node.id && field(parent, 'left')?.type === 'identifier' ? node : undefined;
  }
  return undefined;
}

/**
 * Whether the object a column or field of predictions is stored in (`pdf` of `pdf["pred"] =`)
 * is written out after `assignment` (WRITES_OUT, `.write`, a Spark or feature table made of it)
 * or returned: the stored predictions then leave the code as batch output.
 */
function holderKeptAfter(model: SemanticModel, holder: Node, assignment: Node): boolean {
  const root = accessRoot(holder);
  const binding = root ? model.lookup(root) : undefined;
  if (!root || !binding) return false;
  return model.usesOf(binding).some((use) => {
    if (use.startIndex < assignment.endIndex) return false;
    const outer = predictionExpression(model, use);
    if (outer.parent?.type === 'return_statement') return true;
    let node = use;
    while (node.parent && (node.parent.type === 'subscript' || node.parent.type === 'parenthesized_expression') && node.parent.firstNamedChild?.id === node.id) node = node.parent;
    const parent = node.parent;
    if (parent?.type === 'attribute' && field(parent, 'object')?.id === node.id && (WRITES_OUT.test(field(parent, 'attribute')?.text ?? '') || field(parent, 'attribute')?.text === 'write')) return true;
    const call = argumentOfCall(node);
    return !!call && FRAME_OUTPUTS.has(model.callSite(call).name ?? '');
  });
}

/**
 * Whether the column a frame holds the predictions in (`test["pred"]` of `test["pred"] = preds`)
 * is read after `assignment`, and every read only feeds metrics or plots (onlyMeasured), or the
 * frame is given whole to a measuring call (`mlflow.evaluate(data=test, predictions="pred")`).
 */
function columnOnlyMeasured(model: SemanticModel, holder: Node, assignment: Node, depth: number): boolean {
  if (holder.type !== 'subscript') return false;
  const root = field(holder, 'value');
  const keys = holder.childrenForFieldName('subscript').filter((key): key is Node => !!key);
  const key = keys.length === 1 ? stringValue(model, keys[0]) : undefined;
  const binding = root?.type === 'identifier' ? model.lookup(root) : undefined;
  if (key === undefined || !binding) return false;
  let measured = false;
  for (const use of model.usesOf(binding)) {
    if (use.startIndex < assignment.endIndex) continue;
    const read = use.parent?.type === 'subscript' && field(use.parent, 'value')?.id === use.id ? use.parent : undefined;
    const readKeys = read ? read.childrenForFieldName('subscript').filter((node): node is Node => !!node) : [];
    if (read && readKeys.length === 1 && stringValue(model, readKeys[0]) === key) {
      if (!onlyMeasured(model, predictionExpression(model, read), depth)) return false;
      measured = true;
      continue;
    }
    const call = argumentOfCall(use);
    if (call && isMetricCall(model, model.callSite(call))) measured = true;
  }
  return measured;
}

/** Calls that make a table, or write one, of a pandas frame. */
const FRAME_OUTPUTS = new Set(['createDataFrame', 'from_pandas', 'saveAsTable', 'write_table', 'insertInto', 'to_table']);

/** Element-wise steps on errors (`abs`, squares) and the reductions that make one number of them (`mean`, `sum`). */
const ELEMENTWISE = new Set(['abs', 'fabs', 'absolute', 'square', 'sqrt', 'pow', 'power']);
const REDUCTIONS = new Set(['mean', 'sum', 'median', 'average', 'std', 'var', 'max', 'min', 'nanmean', 'nansum']);

/**
 * Whether an expression of errors (`y - preds`) is reduced to one number within its statement,
 * through element-wise steps only: `(y - preds).abs().mean()`, `np.mean(np.abs(y - preds))`,
 * `((y - preds) ** 2).mean()`. The predictions then leave no batch of scores behind.
 */
function reducedToOneNumber(model: SemanticModel, errors: Node): boolean {
  let node = errors;
  for (let step = 0; step < 8; step++) {
    const parent = node.parent;
    if (!parent) return false;
    if (parent.type === 'parenthesized_expression') {
      node = parent;
      continue;
    }
    if (parent.type === 'binary_operator' && field(parent, 'left')?.id === node.id && field(parent, 'operator')?.text === '**') {
      node = parent;
      continue;
    }
    if (parent.type === 'attribute' && field(parent, 'object')?.id === node.id) {
      const name = field(parent, 'attribute')?.text ?? '';
      const call = parent.parent?.type === 'call' && field(parent.parent, 'function')?.id === parent.id ? parent.parent : undefined;
      if (!call) return false;
      if (REDUCTIONS.has(name)) return true;
      if (!ELEMENTWISE.has(name)) return false;
      node = call;
      continue;
    }
    if (parent.type === 'argument_list' && parent.parent?.type === 'call') {
      const name = model.callSite(parent.parent).name ?? '';
      if (REDUCTIONS.has(name)) return true;
      if (!ELEMENTWISE.has(name)) return false;
      node = parent.parent;
      continue;
    }
    return false;
  }
  return false;
}

/** Methods that write what they are called on out of the program (a file, a table). */
const WRITES_OUT = /^(?:to_(?:csv|parquet|json|excel|sql|pickle|feather|hdf|orc|xml)|tofile|save|write|dump)$/;

/**
 * The function `statement` returns from is called in the file, and each call's result only
 * feeds metrics. A function also named without being called (`map(score_region, regions)`, a
 * callback) may be called anywhere: not followed.
 */
function returnedOnlyToMeasure(model: SemanticModel, statement: Node, depth: number): boolean {
  const fn = ancestorOfType(statement, ['function_definition', 'lambda']);
  const name = fn?.type === 'function_definition' ? field(fn, 'name')?.text : undefined;
  if (!fn || !name) return false;
  const binding = model.bindings.all(name).find((candidate) => candidate.node.id === fn.id);
  if (binding && model.mayRead(binding).some((read) => read.id !== field(fn, 'name')?.id && !isCallee(read))) return false;
  const calls = model.callsNamed(name).filter((site) => {
    const callee = unparenthesize(site.callee);
    return (callee.type === 'identifier' ? model.resolveFunction(callee) : calledMethod(model, site))?.id === fn.id;
  });
  return calls.length > 0 && calls.every((site) => onlyMeasured(model, predictionExpression(model, site.node), depth + 1));
}

/** `f(...)` or `obj.f(...)`: the name is what is called. */
function isCallee(name: Node): boolean {
  const holder = name.parent?.type === 'attribute' && field(name.parent, 'attribute')?.id === name.id ? name.parent : name;
  return holder.parent?.type === 'call' && field(holder.parent, 'function')?.id === holder.id;
}

/**
 * A name that several bindings may reach (`one_row = df.limit(1)`, then `one_row =
 * one_row.drop(c)` in a loop) where one of them is cut to a sample: the rows collected may be
 * that sample, so nothing shows a batch.
 */
function mayBeSample(model: SemanticModel, root: Node): boolean {
  if (root.type !== 'identifier') return false;
  const reaching = model.bindings.reachingBindings(root.text, root);
  if (reaching.length < 2) return false;
  return reaching.some((binding) => binding.value !== undefined && chainCuts(model, methodChain(model, binding.value)).includes('sample'));
}

/** How the steps of a chain cut its rows (rowCut), the steps that do not left out. */
function chainCuts(model: SemanticModel, chain: MethodChain): Array<'sample' | number> {
  return chainCalls(chain)
    .map((site) => rowCut(model, site))
    .filter((cut) => cut !== undefined);
}

export const mlt604DriverSideBatchInference: Rule = {
  meta: {
    id: 'MLT604',
    name: 'driver-side-batch-inference',
    severity: 'information',
    area: 'Deployment and serving',
    domain: 'Model Deployment',
    title: 'A whole Spark DataFrame collected with toPandas() and scored on the driver',
  },
  docs: {
    trap: 'Batch scoring a Spark table with `model.predict(sdf.toPandas())` (or `pd.DataFrame(sdf.collect())`, also of the rows as dicts: `pd.DataFrame([r.asDict() for r in rows])`), where the model comes from `mlflow.<flavor>.load_model` (directly, through a name that each arm of an if/else or a try binds to one, as the `.value` of a Spark broadcast of one, from a function of the file whose every return loads one, or as the parameter of a scoring function that every call of the file passes such a model).',
    reality:
      '`toPandas()` collects every row to the driver, and `predict` then runs in one Python process: the cluster sits idle, and a large table runs the driver out of memory. `mlflow.pyfunc.spark_udf` loads the same model on the executors and scores the DataFrame in parallel. ' +
      'The same holds for `predict_proba` on a native model (`mlflow.sklearn.load_model`): score it in a pandas UDF, or log the model with `pyfunc_predict_fn="predict_proba"` and use `spark_udf`. One DataFrame scored twice (predict, then predict_proba) is reported once. ' +
      'Frames joined with `pd.concat([...])`, and the rows turned into an array and back (`.values`, `.to_numpy()`, `pd.DataFrame(...)`), count with every row they hold, and so do the rows a function of the file (or a static or class method called on its class, `Housing.features_only(pdf)`) returns from `toPandas()` on every path and those every call of a scoring function of the file passes it; a name that branches assign differently (`if table: data = spark.table(t).toPandas()` / `else: data = pd.read_csv(path)`) holds every row where a branch that collects runs, and the message says so; a slice of rows (`pdf[:100]`) is a sample. A `.limit(n)` (or `.head(n)`, a SQL `LIMIT n`) above 10,000 rows only caps a batch and is reported with its cap. ' +
      'Not reported: a DataFrame cut to a sample first (`.limit(n)`, `.head(n)` or a SQL query ending in `LIMIT n` of at most 10,000 rows or with a computed n, `.sample(...)`; also through a name that may still hold such a sample, rebound in a loop or a branch), a DataFrame built from rows written out in the code (`spark.createDataFrame([...])`, `pd.DataFrame({...})`) or aggregated (`.agg(...)`), predictions that only feed metrics (also an error reduced to one number by hand: `(y - preds).abs().mean()`, or labels made of them by a threshold: `(proba > 0.5).astype(int)`; also under a name again, `proba = proba.values.ravel() if hasattr(proba, "values") else proba`, and as a column of a frame read back only by metrics or plots or given whole to `mlflow.evaluate`, unless the frame is then written out or returned) or diagnostic plots (a predicted-against-actual scatter, a histogram of the residuals), directly, through a column of them or the same in another container (`pd.DataFrame(preds)["prediction"]`), or through a function of the file that computes them (an evaluation on a held-out set, not batch inference), or `infer_signature`, which only reads their schema, a Spark ML model that the file logs with `mlflow.spark.log_model` (or loads with `mlflow.spark.load_model` by the same URI, or registers from such a URI under the name it loads) and loads with `mlflow.pyfunc.load_model` (its pyfunc turns the rows back into a Spark DataFrame and scores them with `transform`, on the executors), and test code.',
    example: [
      'import mlflow',
      '',
      'model = mlflow.pyfunc.load_model("models:/ml.churn.churn_model@champion")',
      'customers = spark.table("ml.churn.customers")',
      'predictions = model.predict(customers.toPandas())',
    ].join('\n'),
    useInstead: [
      'import mlflow',
      '',
      'predict = mlflow.pyfunc.spark_udf(spark, "models:/ml.churn.churn_model@champion")',
      'customers = spark.table("ml.churn.customers")',
      'scored = customers.withColumn("prediction", predict(*customers.columns))',
    ].join('\n'),
    fix: 'None: switching to `mlflow.pyfunc.spark_udf` changes how the predictions are produced and stored (a DataFrame column instead of a pandas result).',
    examFact: 'Batch inference on a Spark DataFrame runs on the cluster with `mlflow.pyfunc.spark_udf`, not on the driver.',
    references: [
      { title: 'mlflow.pyfunc.spark_udf (MLflow API)', url: 'https://mlflow.org/docs/latest/python_api/mlflow.pyfunc.html#mlflow.pyfunc.spark_udf' },
      { title: 'Deploy models for batch inference and prediction (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-inference/' },
    ],
  },
  triggers: ['toPandas', 'collect()'],
  // Silent in test code (isTestCode): nothing to look for in a test file.
  testFileTriggers: [],
  // The model must come from mlflow.<flavor>.load_model.
  alsoNeeds: ['load_model'],
  check(context) {
    const { model } = context;
    // One finding per collected DataFrame: a second scoring call on the same rows (predict, then
    // predict_proba) is the same batch inference.
    const reported = new Set<number>();
    for (const predict of model.callsNamed(...SCORING_METHODS)) {
      if (!predict.receiver || !isMlflowModel(model, predict.receiver) || isTestCode(context.document.uri, predict.node)) continue;
      const input = argument(predict, 'data', 0) ?? argument(predict, 'X');
      if (!input) continue;
      // Whatever its origin (a table, a parameter, a helper's result), the receiver of toPandas()
      // is a Spark DataFrame; only a cut to a sample or an aggregate makes it small on purpose.
      let batch = false;
      let cap: number | undefined;
      const collected: number[] = [];
      const collectors = new Set<string>();
      const found: FoundFrames = { inSomeBranches: false };
      for (const toPandas of toPandasCalls(model, input, 0, found)) {
        const receiver = model.callSite(toPandas).receiver;
        if (!receiver) continue;
        const chain = methodChain(model, receiver);
        const cuts = chainCuts(model, chain);
        if (cuts.includes('sample') || mayBeSample(model, chain.root)) continue;
        const caps = cuts.filter((cut): cut is number => typeof cut === 'number');
        const frameCap = caps.length > 0 ? Math.min(...caps) : undefined;
        // Several frames: an uncapped one means every row; else the caps add up.
        cap = !batch ? frameCap : cap === undefined || frameCap === undefined ? undefined : cap + frameCap;
        batch = true;
        collected.push(toPandas.id);
        collectors.add(model.callSite(toPandas).name ?? 'toPandas');
      }
      if (!batch || feedsMetric(model, predict)) continue;
      if (collected.every((id) => reported.has(id))) continue;
      collected.forEach((id) => reported.add(id));
      const rows =
        (cap === undefined ? 'scores every row on the driver' : `scores up to ${cap.toLocaleString('en-US')} rows on the driver`) +
        (found.inSomeBranches ? ' where the branch that collects it runs' : '');
      const advice =
        predict.name === 'predict'
          ? 'use mlflow.pyfunc.spark_udf to score on the executors (groupBy().applyInPandas when predict() needs all the rows of a group together, as a per-series forecaster does)'
          : `score on the executors instead (a pandas UDF that calls ${predict.name}, or mlflow.pyfunc.spark_udf on a model whose pyfunc returns probabilities)`;
      context.report({
        node: predict.node,
        message: `${predict.name}() on ${[...collectors].map((name) => `${name}()`).join(' and ')} of a Spark DataFrame ${rows}: ${advice}`,
      });
    }
  },
};
