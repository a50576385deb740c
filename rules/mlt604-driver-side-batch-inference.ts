import { FactCache, KeyedFactCache } from './engine/reads';
import type { Node } from 'web-tree-sitter';
import { field, namedChildren, unparenthesize } from './engine/syntax';
import type { Rule } from './engine/types';
import { besideDistributedScoring } from './semantic/distributedScoring';
import { allArguments, argument, hasSplatArguments, positionalArguments } from './semantic/calls';
import { parameterArguments, parameterOf } from './semantic/parameterValues';
import { sequenceElements, stringValue } from './semantic/values';
import { chainCalls, type MethodChain, methodChain, rowCountCut, startsFromSparkSession } from './semantic/dataFrameChains';
import { isMlflowLoadModel, isPlainMlflowLogModel, loggingCallOfUri } from './semantic/loggedModels';
import { isTestCode } from './semantic/testCode';
import { calledMethod } from './semantic/methodCalls';
import { returnedExpressions } from './semantic/tuning';
import { feedsMetric } from './semantic/predictionUses';
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
      'Not reported: a DataFrame cut to a sample first (`.limit(n)`, `.head(n)` or a SQL query ending in `LIMIT n` of at most 10,000 rows or with a computed n, `.sample(...)`; also through a name that may still hold such a sample, rebound in a loop or a branch), a DataFrame built from rows written out in the code (`spark.createDataFrame([...])`, `pd.DataFrame({...})`) or aggregated (`.agg(...)`), predictions that only feed metrics (also an error reduced to one number by hand: `(y - preds).abs().mean()`, or labels made of them by a threshold: `(proba > 0.5).astype(int)`; also under a name again, `proba = proba.values.ravel() if hasattr(proba, "values") else proba`, and as a column of a frame read back only by metrics or plots, logged with `mlflow.log_table` or given whole to `mlflow.evaluate`, where nothing else takes the frame: written out, returned, renamed, merged or passed to other code, it keeps them) or diagnostic plots (a predicted-against-actual scatter, a histogram of the residuals), directly, through a column of them or the same in another container (`pd.DataFrame(preds)["prediction"]`), or through a function of the file that computes them (an evaluation on a held-out set, not batch inference), or `infer_signature`, which only reads their schema, a Spark ML model that the file logs with `mlflow.spark.log_model` (or loads with `mlflow.spark.load_model` by the same URI, or registers from such a URI under the name it loads) and loads with `mlflow.pyfunc.load_model` (its pyfunc turns the rows back into a Spark DataFrame and scores them with `transform`, on the executors), a driver-side path beside a distributed one (the other arm of an `if` scores with `score_batch`, `spark_udf` or `predict_batch_udf`, or an earlier `if` in the function does and returns: `if on_databricks: return fe.score_batch(...)`, the rest a local development path), and test code.',
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
      // The driver-side path beside a distributed one (`if on_databricks: score_batch(...)`) is the small one on purpose.
      if (!batch || feedsMetric(model, predict) || besideDistributedScoring(model, predict.node)) continue;
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
