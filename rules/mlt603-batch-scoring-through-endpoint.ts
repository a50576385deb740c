import type { Node } from 'web-tree-sitter';
import { ancestorsAbove, contains, field, namedChildren, unparenthesize } from './engine/syntax';
import type { Rule } from './engine/types';
import { argument, keywordArgument, positionalArguments } from './semantic/calls';
import type { SemanticModel } from './semantic/semanticModel';
import { chainCalls, methodChain, rowCountCut } from './semantic/dataFrameChains';
import { executorApplication, isDecoratedUdf } from './semantic/executorFunctions';
import { isFoundationModelRequest, SERVING_REQUEST_TEXT, servingEndpointCalls } from './semantic/servingRequests';
import { isTestCode, isTestCodeUri } from './semantic/testCode';
import { numberValue, sequenceElements, stringValue } from './semantic/values';
import { DISPLAY_CALLS } from './semantic/displayCalls';

/** Methods whose result is the rows of a DataFrame, one by one. */
const ROW_ITERATORS = new Set(['collect', 'toLocalIterator', 'iterrows', 'itertuples']);
/** Spark methods that return the first (last) n rows as a list. */
const FIRST_ROWS = new Set(['take', 'head', 'tail']);
/** Wrappers that keep iterating the same rows. */
const ITERATION_WRAPPERS = new Set(['enumerate', 'list', 'tqdm', 'iter', 'sorted']);
/** A loop over this many rows or fewer is a sample request or a traffic simulation, on purpose. */
const FEW_ROWS = 100;
const FUNCTION_TYPES = ['function_definition', 'lambda'];
/** How far a request is followed through helpers to the loop or UDF that calls them. */
const MAX_HELPER_DEPTH = 3;

/**
 * How many rows the DataFrame an iterator reads may hold at most, as the code says:
 * `.limit(10)`, `.head(5)`, pandas `.sample(n=20)` or a SQL `LIMIT 10` on the way; `Infinity`
 * when nothing cuts it; undefined when a cut is not a literal (`.limit(n)`, a fractional
 * `.sample(0.1)`): the author chose a size the rule cannot see.
 */
function rowBound(model: SemanticModel, receiver: Node): number | undefined {
  let bound = Infinity;
  for (const site of chainCalls(methodChain(model, receiver))) {
    const cut = rowCountCut(model, site);
    let n: number | undefined = Infinity;
    if (cut) n = cut.rows;
    else if (site.name === 'sample' || site.name === 'sampleBy') n = numberValue(model, keywordArgument(site, 'n'));
    if (n === undefined) return undefined;
    bound = Math.min(bound, n);
  }
  return bound;
}

/** More keys than this written out in an `isin([...])` is a selection, not a hand-picked sample. */
const FEW_KEYS = 20;

/**
 * `pdf[pdf["id"].isin(["101", "202"])]` (or `.loc[...]`): the rows of a few keys written in
 * the code, picked by hand (sample requests that fill an inference table, a demo).
 */
function picksWrittenKeys(model: SemanticModel, frame: Node): boolean {
  const value = unparenthesize(model.resolveValue(frame));
  const index = value.type === 'subscript' ? field(value, 'subscript') : undefined;
  if (index && isFewKeysMask(model, index)) return true;
  // Spark: `df.filter(F.col("id").isin([1, 2, 3]))` (or `.where`, `isin(1, 2, 3)`) on the way.
  return chainCalls(methodChain(model, frame)).some((site) => (site.name === 'filter' || site.name === 'where') && !!site.receiver && isFewKeysMask(model, positionalArguments(site)[0]));
}

/** `col.isin([...])` with a few keys written out, or such a mask and-ed with another (`&`). */
function isFewKeysMask(model: SemanticModel, node: Node | undefined): boolean {
  const mask = node ? unparenthesize(model.resolveValue(node)) : undefined;
  if (mask?.type === 'binary_operator' && mask.childForFieldName('operator')?.text === '&') {
    return isFewKeysMask(model, field(mask, 'left') ?? undefined) || isFewKeysMask(model, field(mask, 'right') ?? undefined);
  }
  if (mask?.type !== 'call') return false;
  const site = model.callSite(mask);
  if (site.name !== 'isin' || !site.receiver) return false;
  const args = positionalArguments(site);
  // `isin([1, 2])` or, in Spark, `isin(1, 2)` / `isin("a")`.
  const keys = (args.length === 1 ? sequenceElements(model, args[0]) : undefined) ?? { complete: true, elements: args };
  return (
    !!keys?.complete &&
    keys.elements.length > 0 &&
    keys.elements.length <= FEW_KEYS &&
    keys.elements.every((key) => stringValue(model, key) !== undefined || numberValue(model, key) !== undefined)
  );
}

/**
 * What a loop iterates when it goes over the rows of a table: `df.collect()`, `pdf.iterrows()`,
 * `pdf.to_dict("records")`, `df.take(500)`, through names and `enumerate(...)`. Undefined when
 * it is not rows, or a few rows on purpose (a sample, a traffic simulation).
 */
function rowSource(model: SemanticModel, iterable: Node): string | undefined {
  let expr = model.resolveValue(iterable);
  // `[r.asDict() for r in df.collect()]`: the same rows, one dict each (no filter).
  const each = expr.type === 'list_comprehension' ? wholeRowsIterated(expr) : undefined;
  if (each) expr = model.resolveValue(each);
  for (let depth = 0; depth < 4 && expr.type === 'call'; depth++) {
    const site = model.callSite(expr);
    if (!site.name) return undefined;
    let label: string | undefined;
    if (site.receiver && ROW_ITERATORS.has(site.name)) label = `${site.name}()`;
    else if (site.receiver && site.name === 'to_dict' && stringValue(model, argument(site, 'orient', 0)) === 'records') label = 'to_dict("records")';
    else if (site.receiver && FIRST_ROWS.has(site.name)) {
      const n = rowCountCut(model, site)?.rows;
      label = n !== undefined && n > FEW_ROWS ? `${site.name}(${n})` : undefined;
      if (!label) return undefined;
    }
    if (label) {
      if (picksWrittenKeys(model, site.receiver!)) return undefined;
      const bound = rowBound(model, site.receiver!);
      return bound !== undefined && bound > FEW_ROWS ? label : undefined;
    }
    const first = positionalArguments(site)[0];
    if (site.receiver || !ITERATION_WRAPPERS.has(site.name) || !first) return undefined;
    expr = model.resolveValue(first);
  }
  return undefined;
}

/** The iterable of `[r.asDict() for r in rows]` (or `dict(r)`, `r`): every row, unfiltered. */
function wholeRowsIterated(comprehension: Node): Node | undefined {
  const body = field(comprehension, 'body');
  const clauses = namedChildren(comprehension).filter((child) => child.type !== 'comment' && child.id !== body?.id);
  if (!body || clauses.length !== 1 || clauses[0].type !== 'for_in_clause') return undefined;
  const variable = field(clauses[0], 'left');
  if (variable?.type !== 'identifier') return undefined;
  const element = unparenthesize(body);
  const method = element.type === 'call' ? field(element, 'function') : undefined;
  const wholeRow =
    element.text === variable.text ||
    element.text === `dict(${variable.text})` ||
    (method?.type === 'attribute' && field(method, 'attribute')?.text === 'asDict' && field(method, 'object')?.text === variable.text);
  return wholeRow ? (field(clauses[0], 'right') ?? undefined) : undefined;
}

const ROW_WISE_APPLY = '.apply(..., axis=1)';

/** The function (def or lambda) given to `mapInPandas`, `applyInPandas`, `udf(...)`, `pandas_udf(...)`, or `.apply(f, axis=1)`. */
function appliedAs(model: SemanticModel, fn: Node): string | undefined {
  for (const site of model.callsNamed('apply')) {
    const first = argument(site, 'func', 0);
    if (!first || model.resolveFunction(first)?.id !== fn.id) continue;
    const axis = keywordArgument(site, 'axis');
    if (site.receiver && (numberValue(model, axis) === 1 || stringValue(model, axis) === 'columns')) return ROW_WISE_APPLY;
  }
  const application = executorApplication(model, fn);
  return application ? `${application.name}()` : undefined;
}

/**
 * Where a call runs once per row: `where` says why; `perRow` is false in a UDF, which runs it
 * for every row or batch of rows the UDF processes.
 */
interface RepeatedContext {
  where: string;
  perRow: boolean;
}

/**
 * Why a call runs once per row (or per batch on the executors), or undefined: it sits in a
 * loop or comprehension over rows, in a UDF, in a function applied to every row, or in a
 * helper defined in the file that one of these calls (a def nested in a UDF, a function
 * called in the loop).
 */
function perRowContext(model: SemanticModel, call: Node, depth = 0, seen = new Set<number>(), request = call): RepeatedContext | undefined {
  for (const node of ancestorsAbove(call)) {
    if (node.type === 'for_statement') {
      const body = field(node, 'body');
      const right = field(node, 'right');
      if (!body || !right || !contains(body, call)) continue;
      const source = rowSource(model, right);
      if (source && !simulatesTraffic(model, body, call, request)) return { where: `inside a loop over ${source}`, perRow: true };
    } else if (['list_comprehension', 'generator_expression', 'set_comprehension', 'dictionary_comprehension'].includes(node.type)) {
      const element = field(node, 'body');
      if (element && contains(element, call)) {
        for (const clause of namedChildren(node)) {
          const right = clause.type === 'for_in_clause' ? field(clause, 'right') : undefined;
          const source = right ? rowSource(model, right) : undefined;
          if (source) return { where: `inside a comprehension over ${source}`, perRow: true };
        }
      }
    } else if (FUNCTION_TYPES.includes(node.type)) {
      if (node.type === 'function_definition' && isDecoratedUdf(model, node)) return { where: 'inside a UDF', perRow: false };
      const applied = appliedAs(model, node);
      if (applied === ROW_WISE_APPLY) return { where: `in a function applied to every row (${applied})`, perRow: true };
      if (applied) return { where: `inside a function run as a UDF (${applied})`, perRow: false };
      // A helper runs where it is called (a def nested in a UDF runs in the UDF's calls of it).
      if (depth >= MAX_HELPER_DEPTH || seen.has(node.id)) return undefined;
      seen.add(node.id);
      const helper = field(node, 'name')?.text;
      for (const caller of model.callersOf(node)) {
        const context = perRowContext(model, caller.node, depth + 1, seen, request);
        if (context) return { ...context, where: `${context.where}, through ${helper}()` };
      }
      return undefined;
    }
  }
  return undefined;
}

/**
 * A loop that throws each response away (or only prints it, checks its status) and sleeps between requests: traffic sent on purpose
 * (to fill an endpoint's inference table for monitoring, a load test), not rows scored. `call`
 * is the request, or the call of the helper that sends it, as the loop makes it; a helper's
 * request must be thrown away or returned there too (one that keeps every response scores rows,
 * slowly).
 */
function simulatesTraffic(model: SemanticModel, body: Node, call: Node, request: Node): boolean {
  if (!thrownAway(model, call)) return false;
  if (request.id !== call.id && request.parent?.type !== 'return_statement' && !thrownAway(model, request)) return false;
  return model.callsWithin(body).some((site) => site.qualifiedName === 'time.sleep');
}

/**
 * Whether a response is thrown away: its call is a statement of its own, or it is bound to a
 * name that is only looked at (printed or logged, `raise_for_status()`, its status tested in an
 * `if` or an `assert`) and never kept.
 */
function thrownAway(model: SemanticModel, call: Node): boolean {
  const parent = call.parent;
  if (parent?.type === 'expression_statement') return true;
  if (parent?.type !== 'assignment' || field(parent, 'right')?.id !== call.id) return false;
  const target = field(parent, 'left');
  const binding = target?.type === 'identifier' ? model.bindingMadeBy(parent, target.text) : undefined;
  return !!binding && model.usesOf(binding).every((use) => onlyLookedAt(model, use));
}

function onlyLookedAt(model: SemanticModel, use: Node): boolean {
  // Up through what is read of it (`resp.text`, `resp.json()["x"]`, an f-string around it).
  let node = use;
  for (let parent = node.parent; parent; parent = node.parent) {
    const readThrough =
      (parent.type === 'attribute' && field(parent, 'object')?.id === node.id) ||
      (parent.type === 'call' && field(parent, 'function')?.id === node.id) ||
      (parent.type === 'subscript' && field(parent, 'value')?.id === node.id) ||
      parent.type === 'interpolation' ||
      parent.type === 'string' ||
      parent.type === 'parenthesized_expression';
    if (!readThrough) break;
    node = parent;
  }
  const parent = node.parent;
  if (parent?.type === 'expression_statement') return true;
  if (parent?.type === 'comparison_operator' || parent?.type === 'not_operator' || parent?.type === 'boolean_operator') {
    const statement = parent.parent;
    return statement?.type === 'if_statement' || statement?.type === 'assert_statement' || statement?.type === 'elif_clause';
  }
  if (parent?.type === 'if_statement' || parent?.type === 'assert_statement' || parent?.type === 'elif_clause') return true;
  const args = parent?.type === 'argument_list' ? parent : parent?.type === 'keyword_argument' ? parent.parent : undefined;
  const shown = args?.parent?.type === 'call' ? model.callSite(args.parent) : undefined;
  return !!shown && DISPLAY_CALLS.has(shown.name ?? '');
}

const KIND_LABEL = { http: 'an HTTP request to a serving endpoint', sdk: 'serving_endpoints.query()', deployments: 'the deployments client predict()' } as const;

/** What makes a call run once per row (perRowContext): a loop over rows, a UDF, a row-wise apply. */
const PER_ROW_WORDS = /\b(?:collect|toLocalIterator|iterrows|itertuples|to_dict|take|head|tail|udf|pandas_udf|mapInPandas|applyInPandas|apply)\b/;

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
      'Serving endpoints are for real-time, low-latency requests. Scoring many rows through REST calls is slow and expensive (one network round trip per row, endpoint scaling and rate limits, a driver-side loop). Batch inference belongs on a cluster: load the model with `mlflow.pyfunc.spark_udf` (or `fe.score_batch` with Feature Store) and score the whole DataFrame in parallel. ' +
      'Not reported: a loop over a few rows on purpose (`.limit(n)`, `.take(n)`, `.head(n)`, a SQL `LIMIT n` with n <= 100, rows written out in the code, the rows of up to 20 keys written in an `isin([...])`, as a pandas mask or a Spark `filter` / `where`: sample requests) or over `range(n)` (a traffic simulation), a loop that throws each response away (or only prints or logs it and checks its status) and sleeps between requests (`time.sleep`: traffic sent on purpose, to fill an inference table or test the load), requests to foundation models (chat, completions, embeddings: batch LLM inference is `ai_query`\'s job), and test code.',
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
    references: [
      { title: 'Deploy models for batch inference and prediction (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-inference/' },
      { title: 'mlflow.pyfunc.spark_udf (MLflow API)', url: 'https://mlflow.org/docs/latest/python_api/mlflow.pyfunc.html#mlflow.pyfunc.spark_udf' },
    ],
  },
  triggers: ['serving-endpoints', 'serving_endpoints', 'get_deploy_client'],
  alsoNeeds: [PER_ROW_WORDS],
  furtherNeeds: [[SERVING_REQUEST_TEXT]],
  // Silent in test code (isTestCode): nothing to look for in a test file.
  testFileTriggers: [],
  check(context) {
    const { model } = context;
    if (isTestCodeUri(context.document.uri)) return;
    for (const call of servingEndpointCalls(model)) {
      // A foundation model cannot be scored with spark_udf (batch LLM inference is ai_query's job).
      if (isTestCode(context.document.uri, call.site.node) || isFoundationModelRequest(model, call)) continue;
      const repeated = perRowContext(model, call.site.node);
      if (!repeated) continue;
      const { where, perRow } = repeated;
      context.report({
        range: { start: call.site.callee.startIndex, end: call.site.node.endIndex },
        message: `${KIND_LABEL[call.kind]} ${where} ${perRow ? 'sends one request per row' : 'sends a request for every row or batch the UDF processes'}: serving endpoints are for real-time requests; batch-score on the cluster with mlflow.pyfunc.spark_udf`,
      });
    }
  },
};
