import type { Node } from 'web-tree-sitter';
import { contains, field, namedChildren, unparenthesize } from './engine/syntax';
import type { Rule } from './engine/types';
import { argument, keywordArgument, positionalArguments } from './semantic/calls';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { servingEndpointCalls } from './semantic/servingRequests';
import { numberValue, stringValue } from './semantic/values';

/** Methods whose result is the rows of a DataFrame, one by one. */
const ROW_ITERATORS = new Set(['collect', 'toLocalIterator', 'iterrows', 'itertuples']);
/** Wrappers that keep iterating the same rows. */
const ITERATION_WRAPPERS = new Set(['enumerate', 'list', 'tqdm', 'iter', 'sorted']);
const UDF_FACTORIES = ['pyspark.sql.functions.udf', 'pyspark.sql.functions.pandas_udf', 'pyspark.sql.pandas.functions.pandas_udf'];
/** Methods that run a function on the executors, over rows or batches of rows. */
const UDF_APPLIERS = ['mapInPandas', 'applyInPandas', 'udf', 'pandas_udf'];
const FUNCTION_TYPES = ['function_definition', 'lambda'];

/** `df.collect()`, `pdf.iterrows()`, `pdf.to_dict("records")`, through names and `enumerate(...)`: what the loop goes over, or undefined. */
function rowSource(model: SemanticModel, iterable: Node): string | undefined {
  let expr = model.resolveValue(iterable);
  for (let depth = 0; depth < 4 && expr.type === 'call'; depth++) {
    const site = model.callSite(expr);
    if (!site.name) return undefined;
    if (site.receiver && ROW_ITERATORS.has(site.name)) return `${site.name}()`;
    if (site.receiver && site.name === 'to_dict' && stringValue(model, argument(site, 'orient', 0)) === 'records') return 'to_dict("records")';
    const first = positionalArguments(site)[0];
    if (site.receiver || !ITERATION_WRAPPERS.has(site.name) || !first) return undefined;
    expr = model.resolveValue(first);
  }
  return undefined;
}

function isUdfFactory(model: SemanticModel, node: Node): boolean {
  const callee = unparenthesize(node).type === 'call' ? field(unparenthesize(node), 'function') : node;
  const qualified = callee ? model.resolveQualifiedName(callee) : undefined;
  return !!qualified && UDF_FACTORIES.includes(qualified);
}

/** `@pandas_udf("double")`, `@F.udf(returnType=...)`, `@udf`. */
function isDecoratedUdf(model: SemanticModel, fn: Node): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!decorated) return false;
  return namedChildren(decorated).some((decorator) => {
    if (decorator.type !== 'decorator') return false;
    const expression = namedChildren(decorator)[0];
    return !!expression && isUdfFactory(model, expression);
  });
}

/** The function (def or lambda) given to `mapInPandas`, `applyInPandas`, `udf(...)`, `pandas_udf(...)`, or `.apply(f, axis=1)`. */
function appliedAs(model: SemanticModel, fn: Node): string | undefined {
  for (const site of model.callsNamed(...UDF_APPLIERS, 'apply')) {
    const first = argument(site, site.name === 'apply' ? 'func' : 'f', 0);
    if (!first || model.resolveFunction(first)?.id !== fn.id) continue;
    if (site.name === 'apply') {
      const axis = keywordArgument(site, 'axis');
      if (site.receiver && (numberValue(model, axis) === 1 || stringValue(model, axis) === 'columns')) return '.apply(..., axis=1)';
      continue;
    }
    if ((site.name === 'udf' || site.name === 'pandas_udf') && !isUdfFactory(model, site.callee)) continue;
    return `${site.name}()`;
  }
  return undefined;
}

/** Why a call runs once per row (or per batch on the executors), or undefined. */
function perRowContext(model: SemanticModel, call: CallSite): string | undefined {
  for (let node = call.node.parent; node; node = node.parent) {
    if (node.type === 'for_statement') {
      const body = field(node, 'body');
      const right = field(node, 'right');
      const source = body && right && contains(body, call.node) ? rowSource(model, right) : undefined;
      if (source) return `inside a loop over ${source}`;
    } else if (['list_comprehension', 'generator_expression', 'set_comprehension', 'dictionary_comprehension'].includes(node.type)) {
      const element = field(node, 'body');
      if (element && contains(element, call.node)) {
        for (const clause of namedChildren(node)) {
          const right = clause.type === 'for_in_clause' ? field(clause, 'right') : undefined;
          const source = right ? rowSource(model, right) : undefined;
          if (source) return `inside a comprehension over ${source}`;
        }
      }
    } else if (FUNCTION_TYPES.includes(node.type)) {
      if (node.type === 'function_definition' && isDecoratedUdf(model, node)) return 'inside a UDF';
      const applied = appliedAs(model, node);
      if (applied) return applied.startsWith('.apply') ? `in a function applied to every row (${applied})` : `inside a function run as a UDF (${applied})`;
      // The function runs when it is called, not where it is written.
      return undefined;
    }
  }
  return undefined;
}

const KIND_LABEL = { http: 'an HTTP request to a serving endpoint', sdk: 'serving_endpoints.query()', deployments: 'the deployments client predict()' } as const;

export const mlt603BatchScoringThroughEndpoint: Rule = {
  meta: {
    id: 'MLT603',
    name: 'batch-scoring-through-endpoint',
    severity: 'warning',
    area: 'Deployment and serving',
    domain: 'Model Deployment',
    title: 'Scoring many rows one REST request at a time through a serving endpoint',
  },
  docs: {
    trap: 'Batch scoring a table by calling a Model Serving endpoint row by row: a loop over `df.collect()` or `pdf.iterrows()` that posts each row, or a UDF that calls the endpoint from the executors.',
    reality:
      'Serving endpoints are for real-time, low-latency requests. Scoring many rows through REST calls is slow and expensive (one network round trip per row, endpoint scaling and rate limits, a driver-side loop). Batch inference belongs on a cluster: load the model with `mlflow.pyfunc.spark_udf` (or `fe.score_batch` with Feature Store) and score the whole DataFrame in parallel.',
    example: [
      'import requests',
      '',
      'for row in spark.table("ml.churn.customers").collect():',
      '    requests.post(',
      '        f"https://{host}/serving-endpoints/churn/invocations",',
      '        json={"dataframe_records": [row.asDict()]},',
      '        headers=headers,',
      '    )',
    ].join('\n'),
    useInstead: [
      'import mlflow',
      '',
      'predict = mlflow.pyfunc.spark_udf(spark, "models:/ml.churn.churn_model@champion")',
      'customers = spark.table("ml.churn.customers")',
      'scored = customers.withColumn("prediction", predict(*customers.columns))',
    ].join('\n'),
    fix: 'None: moving to batch inference changes how the job is built (load the model with `mlflow.pyfunc.spark_udf` and score the DataFrame).',
    examFact: 'Serving endpoints are for real-time requests; score batches with `spark_udf`.',
  },
  triggers: ['serving-endpoints', 'serving_endpoints', 'get_deploy_client'],
  check(context) {
    const { model } = context;
    for (const call of servingEndpointCalls(model)) {
      const where = perRowContext(model, call.site);
      if (!where) continue;
      context.report({
        range: { start: call.site.callee.startIndex, end: call.site.node.endIndex },
        message: `${KIND_LABEL[call.kind]} ${where} scores rows one request at a time: batch-score on the cluster with mlflow.pyfunc.spark_udf instead`,
      });
    }
  },
};
