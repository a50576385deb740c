import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from './engine/types';
import { ancestorOfType, codeChildren, field, unparenthesize } from './engine/syntax';
import { argument, hasSplatArguments } from './semantic/calls';
import { parameterArgumentOf, parameterOfFunction } from './semantic/parameterValues';
import { continuesRoot, returnedByHelper } from './semantic/streaming';
import { chainCalls, crossesAttribute, isSessionParameter, isSparkSession, type MethodChain, methodChain } from './semantic/dataFrameChains';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { isTestCode } from './semantic/testCode';

/**
 * Where a DataFrame comes from, by simple data flow (method chains through names): 'stream'
 * for `spark.readStream...`, 'batch' for `spark.read...` / `spark.createDataFrame(...)` /
 * `spark.range(...)`; undefined when the chain starts elsewhere (a parameter such as a
 * foreachBatch function's batch DataFrame, a function's result) or may change kind.
 */
type Origin = 'stream' | 'batch';

/** Calls that combine the DataFrame with another one: the result is streaming if either side is. */
const COMBINING = new Set(['join', 'crossJoin', 'union', 'unionAll', 'unionByName', 'intersect', 'intersectAll', 'exceptAll', 'subtract']);

/**
 * What every call of a plain function of the file passes for the parameter `root` names
 * (`def save(df): df.write...` with `save(spark.readStream.table("a"))`); undefined when the
 * name is no such parameter, nothing calls the function, or a call hides its arguments.
 */
function argumentsOfParameter(model: SemanticModel, root: Node): Node[] | undefined {
  if (root.type !== 'identifier') return undefined;
  const binding = model.lookup(root);
  const fn = binding?.kind === 'opaque' ? ancestorOfType(binding.node, ['function_definition']) : undefined;
  const parameters = fn ? field(fn, 'parameters') : undefined;
  if (!fn || !parameters || binding!.scope !== fn.id) return undefined;
  const list = codeChildren(parameters);
  const index = list.findIndex((parameter) => parameter.id === binding!.node.id);
  // A plain positional parameter: not `*args`, not after `*` or `/`, not a method's `self`.
  if (index < 0 || list.slice(0, index).some((earlier) => earlier.type !== 'identifier')) return undefined;
  const callers = model.callersOf(fn);
  if (callers.length === 0 || callers.some(hasSplatArguments)) return undefined;
  const passed = callers.map((site) => argument(site, root.text, index));
  return passed.every((node): node is Node => node !== undefined) ? passed : undefined;
}

/**
 * Where the DataFrame a helper of the file returns comes from, when `root` calls it: every
 * `return` agrees (`def load_events(): return spark.readStream.table(...)`), a parameter returned
 * with columns added read from what this call passes (`add_cols(events)`).
 */
function helperOrigin(model: SemanticModel, root: Node, depth: number): { kind: Origin; source: Node } | undefined {
  const helper = depth < MAX_HELPER_HOPS ? returnedByHelper(model, root) : undefined;
  if (!helper) return undefined;
  const site = model.callSite(root);
  const origins = helper.returned.map((expression) => {
    const chain = methodChain(model, expression);
    if (chain.steps.some((step) => step.kind === 'call' && COMBINING.has(step.site.name ?? ''))) return undefined;
    const parameter = chain.root.type === 'identifier' && model.lookup(chain.root)?.kind === 'opaque' ? parameterOfFunction(helper.fn, chain.root.text) : undefined;
    // `return df.withColumn(...)`: the DataFrame passed in, changed. `return df.sparkSession.read.table(...)`
    // is another one, read as any chain (a session parameter, `session.readStream...`, starts one of its own).
    if (parameter && continuesRoot(chain)) {
      const passed = parameterArgumentOf(model, parameter, site);
      return passed ? originOf(model, methodChain(model, unparenthesize(passed)), depth + 1) : undefined;
    }
    return originOf(model, chain, depth + 1);
  });
  const first = origins[0];
  return first && origins.every((other) => other?.kind === first.kind) ? first : undefined;
}

/** How many helpers a DataFrame is followed into (`add_cols(load_events())` is two). */
const MAX_HELPER_HOPS = 2;

/** Where a DataFrame comes from, and the expression that starts it (for the message's line). */
function originOf(model: SemanticModel, chain: MethodChain, depth = 0): { kind: Origin; source: Node } | undefined {
  const kind = origin(model, chain);
  if (kind) return { kind, source: chain.root };
  const made = helperOrigin(model, chain.root, depth);
  if (made) return made;
  // A parameter of a helper: the kind every call passes, when they agree (one level deep).
  const passed = depth === 0 && chain.steps.every((step) => step.kind === 'call' && !COMBINING.has(step.site.name ?? '')) ? argumentsOfParameter(model, chain.root) : undefined;
  const origins = passed?.map((node) => originOf(model, methodChain(model, unparenthesize(node)), depth + 1));
  const first = origins?.[0];
  return first && origins!.every((other) => other?.kind === first.kind) ? first : undefined;
}

function origin(model: SemanticModel, chain: MethodChain): Origin | undefined {
  const first = chain.steps[0];
  if (!first || !(isSparkSession(model, chain.root) || isSessionParameter(model, chain.root))) return undefined;
  // A writer or a query in the chain: no DataFrame any more.
  if (crossesAttribute(chain, 'writeStream') || crossesAttribute(chain, 'write')) return undefined;
  if (crossesAttribute(chain, 'readStream')) return 'stream';
  const calls = chainCalls(chain);
  if (calls.some((site) => !!site.name && COMBINING.has(site.name))) return undefined;
  const name = first.kind === 'call' ? first.site.name : first.name;
  // spark.table / spark.sql may read a temporary view defined on a stream: undecidable.
  return name === 'read' || name === 'createDataFrame' || name === 'range' ? 'batch' : undefined;
}

const STREAM_ERRORS: Record<string, string> = {
  // Older Spark says "'write' can not be called ...", newer Spark "The method `write` can not be called ..." (CALL_ON_STREAMING_DATASET_UNSUPPORTED): quoted by the words they share.
  write: 'can not be called on streaming Dataset/DataFrame',
};

/** Actions that run a batch query: on a streaming DataFrame each raises (UnsupportedOperationChecker.checkForBatch). */
const STREAM_ACTIONS = ['collect', 'toPandas', 'count', 'show', 'first', 'head', 'take', 'foreach', 'foreachPartition'];
const BATCH_QUERY_ERROR = 'Queries with streaming sources must be executed with writeStream.start()';
/** Calls whose result is GroupedData, whose count() is an aggregation. */
const GROUPING_METHODS = new Set(['groupBy', 'groupby', 'rollup', 'cube', 'pivot']);

/** An action call of a chain (a `count()` after a grouping is an aggregation): what it returns is no DataFrame. */
function isAction(call: CallSite, before: CallSite | undefined): boolean {
  if (!call.name || !STREAM_ACTIONS.includes(call.name)) return false;
  return !(call.name === 'count' && before?.name && GROUPING_METHODS.has(before.name));
}

/**
 * Code under a test of `.isStreaming` (`if df.isStreaming: df.writeStream... else: df.write...`),
 * or after one in the same function or cell (an early return): a writer helper that serves both
 * kinds picks the right writer itself.
 */
function guardedByIsStreaming(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'module') {
      // An earlier test in the same function or cell (`if df.isStreaming: return ...`, `streaming = df.isStreaming`)
      // may send streams elsewhere before this line.
      return current.text.slice(0, node.startIndex - current.startIndex).includes('isStreaming');
    }
    const condition = current.type === 'if_statement' || current.type === 'elif_clause' || current.type === 'while_statement' ? field(current, 'condition') : current.type === 'conditional_expression' ? current : undefined;
    if (condition && /\bisStreaming\b/.test(condition.text)) return true;
  }
  return false;
}

function check(context: RuleContext): void {
  const { model } = context;
  const reported = new Set<number>();
  const report = (node: Node, message: string) => {
    // A test that checks the error (`with pytest.raises(AnalysisException): stream.write...`) means it.
    if (reported.has(node.id) || isTestCode(context.document.uri, node) || guardedByIsStreaming(node)) return;
    reported.add(node.id);
    context.report({ node, message });
  };
  // `.write` / `.writeStream` are attributes: read every attribute node with those names.
  for (const attribute of model.nodesAroundText(['write', 'writeStream'], 'attribute')) {
    const name = field(attribute, 'attribute');
    const object = field(attribute, 'object');
    if (!name || !object || (name.text !== 'write' && name.text !== 'writeStream')) continue;
    const found = originOf(model, methodChain(model, unparenthesize(object)));
    const kind = found?.kind;
    const source = found ? sourceLine(context, object, found.source) : '';
    if (name.text === 'write' && kind === 'stream') {
      report(name, `.write on a streaming DataFrame (spark.readStream${source}): Spark refuses it (write "${STREAM_ERRORS.write}"): at .write on Spark Classic, and when the write runs on Spark Connect (serverless compute, Databricks Connect, and Python notebooks on standard compute from Databricks Runtime 14.3); write a stream with .writeStream ... .start() / .toTable(), or use foreachBatch for batch writers`);
    } else if (name.text === 'writeStream' && kind === 'batch') {
      report(name, `.writeStream on a batch DataFrame (spark.read${source}): Spark refuses it (writeStream "can be called only on streaming Dataset/DataFrame"): at .writeStream on Spark Classic, and when the query starts on Spark Connect (serverless compute, Databricks Connect, and Python notebooks on standard compute from Databricks Runtime 14.3); write it with .write, or read the source with spark.readStream`);
    }
  }
  for (const site of model.callsNamed(...STREAM_ACTIONS)) {
    if (!site.receiver || site.callee.type !== 'attribute') continue;
    // `df.writeStream.foreach(f)` is the streaming sink: its chain crosses .writeStream (origin).
    const foreach = site.name === 'foreach' || site.name === 'foreachPartition';
    const chain = methodChain(model, unparenthesize(site.receiver));
    const found = originOf(model, chain);
    if (found?.kind !== 'stream') continue;
    // `stream.groupBy("plan").count()` is an aggregation (GroupedData.count), not an action.
    const calls = chainCalls(chain);
    const last = calls[calls.length - 1];
    if (site.name === 'count' && last?.name && GROUPING_METHODS.has(last.name)) continue;
    // `stream.collect().show()`: the earlier action is the one that raises (and is reported); this one is called on what it returned, no DataFrame.
    if (calls.some((call, index) => isAction(call, calls[index - 1]))) continue;
    const name = field(site.callee, 'attribute') ?? site.callee;
    const instead = foreach ? `use .writeStream.${site.name === 'foreach' ? 'foreach' : 'foreachBatch'}(...) and start the query` : 'start a query with .writeStream (a memory or console sink, or foreachBatch) to look at the rows';
    report(name, `.${site.name}() on a streaming DataFrame (spark.readStream${sourceLine(context, site.receiver, found.source)}): Spark raises at once ("${BATCH_QUERY_ERROR}"); ${instead}`);
  }
}

/** ", line N" when the DataFrame's source (`root`: where its chain starts) is on another line than the use. */
function sourceLine(context: RuleContext, expression: Node, root: Node): string {
  const useLine = context.document.positionAt(expression.startIndex).line;
  const rootLine = context.document.positionAt(root.startIndex).line;
  return rootLine === useLine ? '' : `, ${context.document.lineOf(root.startIndex)}`;
}

export const mlt609BatchWriteOnStream: Rule = {
  meta: {
    id: 'MLT609',
    name: 'batch-write-on-stream',
    severity: 'error',
    area: 'Deployment and serving',
    domain: 'Model Deployment',
    title: 'A batch write or action on a streaming DataFrame, or writeStream on a batch one',
  },
  docs: {
    trap: 'Calling `.write` (`.save()`, `.saveAsTable()`) or an action (`.collect()`, `.toPandas()`, `.count()`, `.show()`, `.first()`, `.head()`, `.take()`, `.foreach()`, `.foreachPartition()`) on a DataFrame read with `spark.readStream`, or `.writeStream` on one read with `spark.read` (the session may also be a function\'s parameter annotated `SparkSession` or named `spark`, reached as `self.spark` too).',
    reality:
      'A streaming DataFrame is written by a streaming query: `df.writeStream ... .start()` / `.toTable()`. Spark refuses batch writers and actions on it: `.write` raises "The method \`write\` can not be called on streaming Dataset/DataFrame" (error condition CALL_ON_STREAMING_DATASET_UNSUPPORTED; older Spark versions say "\'write\' can not be called on streaming Dataset/DataFrame") — at once on Spark Classic, where `.write` asks the JVM for a writer, and only when the write runs on Spark Connect (where Databricks\' page "Compare Spark Connect to Spark Classic" lists it: serverless compute, Databricks Connect, and Python notebooks on standard compute from Databricks Runtime 14.3), whose `.write` only builds a plan — and actions (`.collect()`, `.toPandas()`, `.count()`, `.show()`, `.first()`, `.head()`, `.take()`, `.foreach()`, `.foreachPartition()`; not the aggregation `groupBy(...).count()`) raise "Queries with streaming sources must be executed with writeStream.start()". ' +
      'The other way round, `.writeStream` on a batch DataFrame raises "\`writeStream\` can be called only on streaming Dataset/DataFrame" (WRITE_STREAM_NOT_ALLOWED; older Spark versions quote it \'writeStream\'), on Spark Connect when the query starts. ' +
      'To use a batch writer (MERGE, JDBC, a table that takes no streaming writes) on a stream, use `writeStream.foreachBatch(fn)`: inside `fn`, each micro-batch is an ordinary batch DataFrame. A helper function of the file that writes or shows the DataFrame it is given (`def save(df): df.write...`) is read with what its calls pass, when every call passes the same kind; a DataFrame a function of the file returns is read as what every return gives (`def load_events(): return spark.readStream...`), or, where it returns its parameter with columns added, as what the call passes; code under a test of `.isStreaming`, or after one in the same function or cell (a helper that picks its writer, an early return), is left alone.',
    example: [
      'events = spark.readStream.table("ml.churn.events")',
      'scored = events.withColumn("prediction", predict_udf(*feature_cols))',
      'scored.write.mode("append").saveAsTable("ml.churn.predictions")',
    ].join('\n'),
    useInstead: [
      'events = spark.readStream.table("ml.churn.events")',
      'scored = events.withColumn("prediction", predict_udf(*feature_cols))',
      '(scored.writeStream',
      '    .option("checkpointLocation", "/Volumes/ml/churn/checkpoints/predictions")',
      '    .toTable("ml.churn.predictions"))',
    ].join('\n'),
    fix: 'None: a streaming query needs a checkpoint location and a trigger that only the author can choose, and a batch source must be read again with spark.readStream.',
    examFact: 'A streaming DataFrame is written with writeStream, a batch one with write.',
    references: [
      {
        title: 'Unsupported operations (Spark Structured Streaming guide)',
        url: 'https://spark.apache.org/docs/3.5.1/structured-streaming-programming-guide.html#unsupported-operations',
      },
      { title: 'Error conditions: CALL_ON_STREAMING_DATASET_UNSUPPORTED, WRITE_STREAM_NOT_ALLOWED (Spark)', url: 'https://spark.apache.org/docs/latest/sql-error-conditions.html' },
      { title: 'Compare Spark Connect to Spark Classic (Databricks)', url: 'https://docs.databricks.com/aws/en/spark/connect-vs-classic' },
      { title: 'Use foreachBatch to write to arbitrary data sinks (Databricks)', url: 'https://docs.databricks.com/aws/en/structured-streaming/foreach' },
    ],
  },
  triggers: ['readStream', 'writeStream'],
  // Silent in test code (isTestCode): nothing to look for in a test file.
  testFileTriggers: [],
  check,
};
