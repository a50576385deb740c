import type { Node } from 'web-tree-sitter';
import { field } from './engine/syntax';
import type { Rule } from './engine/types';
import { allArguments, argument } from './semantic/calls';
import { chainCalls, methodChain } from './semantic/dataFrameChains';
import { isTestCode } from './semantic/testCode';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { stringTemplate } from './semantic/stringTemplates';

const LOAD_MODEL = /^mlflow\.(?:[a-z_]+\.)?load_model$/;
/**
 * DataFrame steps after which the rows on the driver are not the whole table: a sample, or an
 * aggregate (one row per group, `agg` after `groupBy`).
 */
const SHRINKING = new Set(['limit', 'sample', 'sampleBy', 'head', 'take', 'tail', 'agg']);
/** pandas steps between toPandas() and predict() that keep every row. */
const PANDAS_STEPS = new Set(['drop', 'fillna', 'astype', 'dropna', 'reset_index', 'rename', 'copy', 'set_index']);

/** Whether `receiver` is a model from `mlflow.<flavor>.load_model(...)`, possibly through a name. */
function isMlflowModel(model: SemanticModel, receiver: Node): boolean {
  const value = model.resolveValue(receiver);
  if (value.type !== 'call') return false;
  const qualified = model.callSite(value).qualifiedName;
  return !!qualified && LOAD_MODEL.test(qualified);
}

/** The `.toPandas()` call a predict argument comes from: directly, through names, column selections and row-keeping pandas steps. */
function toPandasCall(model: SemanticModel, argumentNode: Node): Node | undefined {
  let expr = model.resolveValue(argumentNode);
  for (let depth = 0; depth < 8; depth++) {
    if (expr.type === 'subscript') {
      const value = field(expr, 'value');
      if (!value) return undefined;
      expr = model.resolveValue(value);
      continue;
    }
    if (expr.type !== 'call') return undefined;
    const site = model.callSite(expr);
    if (!site.receiver || !site.name) return undefined;
    if (site.name === 'toPandas') return expr;
    if (!PANDAS_STEPS.has(site.name)) return undefined;
    expr = model.resolveValue(site.receiver);
  }
  return undefined;
}

/** A Spark SQL query that keeps a few rows: `spark.sql("select ... limit 10")`. */
function isLimitedQuery(model: SemanticModel, site: CallSite): boolean {
  if (site.name !== 'sql') return false;
  const query = stringTemplate(model, argument(site, 'sqlQuery', 0));
  return !!query && /\blimit\s+\d+\s*;?\s*$/i.test(query.text.trim());
}

/**
 * Calls that score predictions against labels: what model evaluation on a held-out set does
 * (sklearn metrics, report helpers, MLflow metric logging). Predictions fed only to these are
 * an evaluation, not batch inference, and pandas on the driver is the usual way to do it.
 */
const METRIC_CALL = /(?:_score|_error|_loss|_report|_matrix|_curve)$|^(?:log_metric|log_metrics)$/;

function isMetricCall(site: CallSite | undefined): boolean {
  return !!site?.name && METRIC_CALL.test(site.name);
}

/** Whether the predictions of `predict` go into a metric: directly, or through the name they are bound to. */
function feedsMetric(model: SemanticModel, predict: CallSite): boolean {
  const parent = predict.node.parent;
  if (parent?.type === 'argument_list' && parent.parent?.type === 'call') return isMetricCall(model.callSite(parent.parent));
  if (parent?.type !== 'assignment' || field(parent, 'right')?.id !== predict.node.id) return false;
  const target = field(parent, 'left');
  if (target?.type !== 'identifier') return false;
  const binding = model.bindings.all(target.text).find((candidate) => candidate.node.id === parent.id);
  if (!binding) return false;
  let used = false;
  for (const site of model.callsWithin(model.document.root)) {
    if (site.node.startIndex < parent.endIndex) continue;
    for (const node of allArguments(site)) {
      const value = node.type === 'keyword_argument' ? field(node, 'value') : node;
      if (value?.type !== 'identifier' || value.text !== target.text || model.lookup(value) !== binding) continue;
      if (!isMetricCall(site)) return false;
      used = true;
    }
  }
  return used;
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
    trap: 'Batch scoring a Spark table with `model.predict(sdf.toPandas())`, where the model comes from `mlflow.<flavor>.load_model`.',
    reality:
      '`toPandas()` collects every row to the driver, and `predict` then runs in one Python process: the cluster sits idle, and a large table runs the driver out of memory. `mlflow.pyfunc.spark_udf` loads the same model on the executors and scores the DataFrame in parallel. ' +
      'Not reported: a DataFrame cut to a sample first (`.limit(n)`, `.sample(...)`, `.head(n)`, a SQL query ending in `LIMIT n`) or aggregated (`.agg(...)`), predictions that only feed metrics (an evaluation on a held-out set, not batch inference), and test code.',
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
  triggers: ['toPandas'],
  check(context) {
    const { model } = context;
    for (const predict of model.callsNamed('predict')) {
      if (!predict.receiver || !isMlflowModel(model, predict.receiver) || isTestCode(context.document.uri, predict.node)) continue;
      const input = argument(predict, 'data', 0) ?? argument(predict, 'X');
      const toPandas = input ? toPandasCall(model, input) : undefined;
      const receiver = toPandas ? model.callSite(toPandas).receiver : undefined;
      if (!receiver) continue;
      // Whatever its origin (a table, a parameter, a helper's result), the receiver of toPandas()
      // is a Spark DataFrame; only a cut to a sample or an aggregate makes it small on purpose.
      if (chainCalls(methodChain(model, receiver)).some((site) => (site.name && SHRINKING.has(site.name)) || isLimitedQuery(model, site))) continue;
      if (feedsMetric(model, predict)) continue;
      context.report({
        node: predict.node,
        message: 'predict() on toPandas() of a Spark DataFrame scores every row on the driver: use mlflow.pyfunc.spark_udf to score on the executors',
      });
    }
  },
};
