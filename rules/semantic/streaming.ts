import { FactCache, readTree } from '../engine/reads';
import type { Node } from 'web-tree-sitter';
import { accessRoot, ancestorOfType, ancestorsOf, contains, field, namedChildren, unparenthesize } from '../engine/syntax';
import { allArguments, argument, hasSplatArguments, keywordArgument, positionalArguments } from './calls';
import { chainCalls, crossesAttribute, isSessionParameter, isSparkSession, type MethodChain, methodChain } from './dataFrameChains';
import type { Binding } from './bindings';
import { type CallSite, isQualified, type SemanticModel } from './semanticModel';
import { ownerClass, parameterArgumentOf, parameterName, parameterOfFunction } from './parameterValues';
import { stringValue } from './values';

/**
 * Structured Streaming as the file writes it: `df.writeStream...start()` queries with their
 * options, and aggregations of `spark.readStream` DataFrames.
 */

/** Calls that start a streaming query. */
const STREAM_TERMINALS = ['start', 'toTable', 'table'];
/** DataStreamWriter methods that configure the writer in place (and return it). */
const WRITER_METHODS = ['option', 'options', 'format', 'outputMode', 'trigger', 'partitionBy', 'queryName', 'foreachBatch', 'foreach', 'clusterBy'];

export interface StreamingWrite {
  /** The `.start(...)` / `.toTable(...)` call. */
  terminal: CallSite;
  /** Every call that configures this writer: the chain's and those made on a name bound to it. */
  calls: CallSite[];
  chain: MethodChain;
  /**
   * The writer's chain holds a course blank (`.________` for the student to fill in, `FILL_IN`):
   * any option may go there, so none is known to be missing.
   */
  hasBlank: boolean;
}

/** A step left for the student: an attribute of underscores only, or the FILL_IN word. */
const BLANK_STEP = /^_{3,}$|^FILL_IN$/i;

const writesByModel = new FactCache<SemanticModel, readonly StreamingWrite[]>();

/**
 * The streaming queries started in the file. A writer bound to a name and configured by
 * statements of its own (`w = df.writeStream; w.option(...)`) counts those calls too.
 * Computed once per document: MLT605 reads them, and MLT606 once per windowed aggregation.
 */
export function streamingWrites(model: SemanticModel): readonly StreamingWrite[] {
  return writesByModel.get(model, () => readStreamingWrites(model));
}

function readStreamingWrites(model: SemanticModel): readonly StreamingWrite[] {
  const writes: StreamingWrite[] = [];
  const writerCalls = model.callsNamed(...WRITER_METHODS);
  for (const terminal of model.callsNamed(...STREAM_TERMINALS)) {
    if (!terminal.receiver || terminal.callee.type !== 'attribute') continue;
    const chain = methodChain(model, terminal.node);
    const writer = chain.steps.map((step) => step.kind === 'attribute' && step.name === 'writeStream').lastIndexOf(true);
    if (writer < 0) continue;
    // Only the writer's own calls: a reader's `.format("rate")` or `.option(...)` says nothing about the sink.
    const writerSteps = chain.steps.slice(writer + 1);
    const calls = chainCalls({ ...chain, steps: writerSteps });
    const hasBlank = writerSteps.some((step) => step.kind === 'attribute' && BLANK_STEP.test(step.name));
    for (const { identifier, binding } of chain.names) {
      for (const site of writerCalls) {
        const receiver = site.receiver && unparenthesize(site.receiver);
        if (receiver?.type !== 'identifier' || receiver.text !== identifier.text || calls.some((known) => known.node.id === site.node.id)) continue;
        if (model.lookup(receiver) === binding) calls.push(site);
      }
    }
    writes.push({ terminal, calls, chain, hasBlank });
  }
  return writes;
}

export type OptionValue = { set: true; value: Node | undefined } | { set: false } | { set: 'unknown' };

/**
 * Whether a writer sets an option (`.option(key, v)`, `.options(key=v)`, `key=` of the
 * terminal call), matched case-insensitively as Spark does, and the expression it gives;
 * 'unknown' when a splat or a computed key might set it.
 */
export function writerOption(model: SemanticModel, write: StreamingWrite, key: string): OptionValue {
  const wanted = key.toLowerCase();
  let unknown = write.hasBlank;
  for (const site of [...write.calls, write.terminal]) {
    if (site.name === 'option') {
      const name = stringValue(model, argument(site, 'key', 0));
      if (name === undefined) unknown = true;
      else if (name.toLowerCase() === wanted) return { set: true, value: argument(site, 'value', 1) };
    } else if (site.name === 'options' || site === write.terminal) {
      if (hasSplatArguments(site)) unknown = true;
      for (const node of allArguments(site)) {
        if (node.type !== 'keyword_argument') continue;
        if (node.childForFieldName('name')?.text.toLowerCase() === wanted) return { set: true, value: node.childForFieldName('value') ?? undefined };
      }
      if (site.name === 'options') {
        const positional = positionalArguments(site)[0];
        if (positional) unknown = true;
      }
    }
  }
  return unknown ? { set: 'unknown' } : { set: false };
}

/** The last of the writer's calls with one of `names`, in source order: Spark keeps the last setting. */
function lastWriterCall(write: StreamingWrite, ...names: string[]): CallSite | undefined {
  const calls = write.calls.filter((site) => !!site.name && names.includes(site.name));
  return calls.sort((a, b) => a.node.startIndex - b.node.startIndex).pop();
}

/**
 * Where a query writes, as Spark decides it: the last of `.format(...)`, `.foreach(...)` and
 * `.foreachBatch(...)` sets the sink (`start(format=...)` overrides them). `default`: none is
 * set (the session's default source, Delta on Databricks, Parquet in Apache Spark);
 * `unknown`: a format that is not a literal.
 */
export type StreamingSink = { kind: 'format'; name: string } | { kind: 'foreach' | 'foreachBatch' } | { kind: 'default' } | { kind: 'unknown' };

export function writerSink(model: SemanticModel, write: StreamingWrite): StreamingSink {
  const keyword = keywordArgument(write.terminal, 'format');
  const last = keyword ? undefined : lastWriterCall(write, 'format', 'foreach', 'foreachBatch');
  if (last?.name === 'foreach' || last?.name === 'foreachBatch') return { kind: last.name };
  const formatNode = keyword ?? (last ? argument(last, 'source', 0) : undefined);
  if (!keyword && !last) return { kind: 'default' };
  const name = stringValue(model, formatNode);
  return name === undefined ? { kind: 'unknown' } : { kind: 'format', name: name.toLowerCase() };
}

/** Calls that only show a batch (what a console sink does), or read it and drop it (a noop sink: a load test's `collect()`). */
const DISPLAY_CALLS = new Set(['show', 'display', 'print', 'printSchema', 'displayHTML', 'count', 'collect']);

/**
 * Calls that read the batch without writing anything, allowed inside what is shown: DataFrame
 * transformations, counts, and the builtins that make text of a value.
 */
const READING_CALLS = new Set([
  'count', 'isEmpty', 'len', 'str', 'repr', 'int', 'float', 'format',
  'select', 'selectExpr', 'filter', 'where', 'limit', 'orderBy', 'sort', 'distinct', 'groupBy', 'agg', 'withColumn', 'drop',
]);

/**
 * Whether the query's foreachBatch function, or its foreach function (a def of the file, or a
 * lambda), only shows each batch or row: its body is calls of `show`, `display`, `print` and
 * the like (and docstrings, `pass`) on the batch (row) or on text, with nothing inside them but
 * reading calls (READING_CALLS) of it. Such a query is a console or noop sink in effect, with
 * nothing to resume after a restart. A call of anything else (a function of the file,
 * `spark.sql("MERGE ...").show()`, a request, a write) may write, and decides nothing; so does
 * a ForeachWriter object given to foreach.
 */
export function foreachSinkOnlyDisplays(model: SemanticModel, write: StreamingWrite, kind: 'foreach' | 'foreachBatch'): boolean {
  const call = lastWriterCall(write, kind);
  const given = call ? argument(call, kind === 'foreach' ? 'f' : 'func', 0) : undefined;
  if (!given) return false;
  const value = unparenthesize(given);
  const fn = value.type === 'lambda' ? value : value.type === 'identifier' ? model.resolveFunction(value) : undefined;
  if (!fn) return false;
  const onlyShows = (node: Node) => isDisplayCall(model, fn, node);
  if (fn.type === 'lambda') {
    const body = field(fn, 'body');
    return !!body && onlyShows(body);
  }
  const block = fn.type === 'function_definition' ? field(fn, 'body') : undefined;
  if (!block) return false;
  const statements = namedChildren(block).filter((statement) => statement.type !== 'comment');
  return statements.length > 0 && statements.every((statement) => {
    if (statement.type === 'pass_statement') return true;
    if (statement.type !== 'expression_statement') return false;
    const expression = namedChildren(statement)[0];
    return !!expression && (expression.type === 'string' || onlyShows(expression));
  });
}

/** A display call whose every call inside reads the batch (or text) of `fn` only. */
function isDisplayCall(model: SemanticModel, fn: Node, node: Node): boolean {
  const expression = unparenthesize(node);
  if (expression.type !== 'call' || !DISPLAY_CALLS.has(model.callSite(expression).name ?? '')) return false;
  const calls = [expression, ...expression.descendantsOfType('call').filter((inner): inner is Node => !!inner)];
  return calls.every((inner) => {
    const site = model.callSite(inner);
    const name = site.name ?? '';
    if (!DISPLAY_CALLS.has(name) && !READING_CALLS.has(name)) return false;
    // `print(..., file=log)` writes to a file (`sys.stderr`, `sys.stdout` and None are the console).
    const file = name === 'print' ? keywordArgument(site, 'file') : undefined;
    if (file && !/^(?:sys\.std(?:err|out)|None)$/.test(file.text)) return false;
    if (!site.receiver) return site.callee.type === 'identifier' && !model.lookup(site.callee);
    // A method of the batch (or of a reading call's result, itself checked), or of a string.
    const receiver = unparenthesize(site.receiver);
    if (receiver.type === 'call' || receiver.type === 'string') return true;
    // The function's own parameter where it is read (not a name the body binds again).
    const root = accessRoot(receiver);
    const binding = root ? model.lookup(root) : undefined;
    const parameters = field(fn, 'parameters');
    return binding?.kind === 'opaque' && !!parameters && contains(parameters, binding.node);
  });
}

/**
 * Sinks for which Spark creates a temporary checkpoint when none is set (DataStreamWriter's
 * SOURCES_ALLOW_ONE_TIME_QUERY): the query starts, but its progress is lost when it stops.
 */
const TEMPORARY_CHECKPOINT_SINKS = new Set(['memory', 'console', 'noop', 'foreach', 'foreachbatch']);

export function sinkGetsTemporaryCheckpoint(sink: StreamingSink): boolean {
  if (sink.kind === 'foreach' || sink.kind === 'foreachBatch') return true;
  return sink.kind === 'format' && TEMPORARY_CHECKPOINT_SINKS.has(sink.name);
}

/**
 * The one name visible at `use` that holds a checkpoint path for this query: a variable (or
 * parameter) whose name contains "checkpoint" and that no other query of the file builds its
 * checkpoint from already (two queries must not share one). Undefined when there is none or
 * more than one.
 */
export function checkpointVariable(model: SemanticModel, use: Node, writes: readonly StreamingWrite[]): string | undefined {
  // A name another query's checkpoint is built from (`chk`, or `chk` in f"{chk}/bronze") is taken.
  const taken = new Set<Binding>();
  for (const write of writes) {
    const checkpoint = writerOption(model, write, 'checkpointLocation');
    const value = checkpoint.set === true ? checkpoint.value : undefined;
    if (!value) continue;
    const identifiers = value.type === 'identifier' ? [value] : value.descendantsOfType('identifier').filter((node): node is Node => !!node);
    for (const identifier of identifiers) {
      const binding = model.lookup(identifier);
      if (binding) taken.add(binding);
    }
  }
  const candidates: string[] = [];
  for (const name of model.bindings.names()) {
    if (!/checkpoint/i.test(name)) continue;
    const binding = model.bindings.lookup(name, use);
    if (!binding || (binding.kind !== 'assignment' && binding.kind !== 'opaque') || taken.has(binding)) continue;
    candidates.push(name);
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}

export type OutputMode = 'append' | 'update' | 'complete';

/** The query's output mode: `.outputMode(...)` or `outputMode=` of the terminal call; append when never set; undefined when not literal. */
export function writerOutputMode(model: SemanticModel, write: StreamingWrite): OutputMode | undefined {
  const keyword = keywordArgument(write.terminal, 'outputMode');
  const last = lastWriterCall(write, 'outputMode');
  const node = keyword ?? (last ? argument(last, 'outputMode', 0) : undefined);
  if (!keyword && !last) return 'append';
  const mode = stringValue(model, node)?.toLowerCase();
  return mode === 'append' || mode === 'update' || mode === 'complete' ? mode : undefined;
}

/** `window("ts", "10 minutes")` from pyspark.sql.functions, and the time column when written as a name. */
export interface WindowGrouping {
  groupBy: CallSite;
  window: CallSite;
  timeColumn?: string;
  /** The DataFrame being grouped: the groupBy's receiver chain. */
  chain: MethodChain;
  /**
   * The grouped column holds a field of the window (`window(...)["start"]`, `.start`), not the
   * window: Spark keeps a watermark's mark on an aliased column only when the alias is of a
   * column, so a watermark on the time column does not reach this key.
   */
  windowField?: true;
  /**
   * The window comes from a `select` earlier in the chain, which keeps only the columns it
   * names: the time column may be gone by the groupBy, so no watermark can be inserted there.
   */
  selected?: true;
}

const FUNCTIONS_MODULES = ['pyspark.sql.functions', 'pyspark.sql.connect.functions'];

/** Time windows a streaming aggregation groups by: tumbling and sliding `window`, and `session_window`. */
const WINDOW_FUNCTIONS = ['window', 'session_window'];

function isWindowFunction(site: CallSite): boolean {
  return WINDOW_FUNCTIONS.some((name) => isQualified(site.qualifiedName, FUNCTIONS_MODULES, name));
}

/** `window` or `session_window`, as Spark names the function (also when it is imported under another name). */
export function windowFunctionName(site: CallSite): string {
  return site.qualifiedName?.split('.').pop() ?? 'window';
}

/** The column a `"ts"`, `col("ts")`, `F.col("ts")` or `df.ts` / `df["ts"]` expression names. */
function columnName(model: SemanticModel, node: Node): string | undefined {
  const literal = stringValue(model, node);
  if (literal !== undefined) return literal;
  const expr = model.resolveValue(node);
  if (expr.type === 'call') {
    const site = model.callSite(expr);
    const qualified = site.qualifiedName;
    if (isQualified(qualified, FUNCTIONS_MODULES, 'col') || isQualified(qualified, FUNCTIONS_MODULES, 'column')) {
      return stringValue(model, positionalArguments(site)[0]);
    }
    return undefined;
  }
  if (expr.type === 'subscript') {
    const index = expr.childForFieldName('subscript');
    return index ? stringValue(model, index) : undefined;
  }
  if (expr.type === 'attribute') return expr.childForFieldName('attribute')?.text;
  return undefined;
}

/** The window call an argument of groupBy stands for: `window(...)`, `window(...).alias("w")`, or a name bound to one. */
function windowArgument(model: SemanticModel, node: Node): CallSite | undefined {
  let expr = model.resolveValue(node);
  for (let depth = 0; depth < 4 && expr.type === 'call'; depth++) {
    const site = model.callSite(expr);
    // By its qualified name: `from pyspark.sql.functions import window as tumbling` too.
    if (isWindowFunction(site)) return site;
    if ((site.name === 'alias' || site.name === 'name') && site.receiver) expr = model.resolveValue(site.receiver);
    else return undefined;
  }
  return undefined;
}

/**
 * The window a column of the chain holds: `.withColumn("w", F.window("ts", "1 hour"))` (or its
 * `["start"]` / `.start` / `.end`) earlier in the chain, or `.select(F.window(...).alias("w"))`
 * (`"window"` without an alias, as Spark names it), the last such step for that name.
 */
function windowColumn(model: SemanticModel, chain: MethodChain, name: string): { window: CallSite; field: boolean; selected?: true } | undefined {
  for (let index = chain.steps.length - 1; index >= 0; index--) {
    const step = chain.steps[index];
    if (step.kind === 'call' && step.site.name === 'select') {
      const selected = selectedWindow(model, step.site, name);
      if (selected) return { window: selected, field: false, selected: true };
      continue;
    }
    if (step.kind !== 'call' || step.site.name !== 'withColumn' || columnName(model, positionalArguments(step.site)[0] ?? step.site.node) !== name) continue;
    let value = model.resolveValue(argument(step.site, 'col', 1) ?? step.site.node);
    // `window(...)["start"]`, `window(...).start`: a field of the window.
    const isField = value.type === 'subscript' || value.type === 'attribute';
    if (isField) value = model.resolveValue(field(value, value.type === 'subscript' ? 'value' : 'object') ?? value);
    const window = windowArgument(model, value);
    return window ? { window, field: isField } : undefined;
  }
  return undefined;
}

/** A window that a select names `name`: `F.window(...).alias(name)`, or an unaliased window for "window" ("session_window"). */
function selectedWindow(model: SemanticModel, select: CallSite, name: string): CallSite | undefined {
  for (const column of positionalArguments(select)) {
    const value = model.resolveValue(column);
    if (value.type !== 'call') continue;
    const site = model.callSite(value);
    const named = site.name === 'alias' || site.name === 'name' ? stringValue(model, positionalArguments(site)[0]) : isWindowFunction(site) ? windowFunctionName(site) : undefined;
    if (named !== name) continue;
    const window = windowArgument(model, value);
    if (window) return window;
  }
  return undefined;
}

/** `df.groupBy(window(col, ...), ...)` in the file, or a group by a column that the chain filled with a window. */
export function windowGroupings(model: SemanticModel): WindowGrouping[] {
  const result: WindowGrouping[] = [];
  for (const groupBy of model.callsNamed('groupBy', 'groupby')) {
    if (!groupBy.receiver || groupBy.callee.type !== 'attribute') continue;
    let chain: MethodChain | undefined;
    for (const node of positionalArguments(groupBy)) {
      let window = windowArgument(model, node);
      let windowField = false;
      let selected = false;
      if (!window) {
        const name = columnName(model, node);
        if (name === undefined) continue;
        chain ??= methodChain(model, groupBy.receiver);
        const column = windowColumn(model, chain, name);
        if (!column) continue;
        window = column.window;
        windowField = column.field;
        selected = !!column.selected;
      }
      const time = argument(window, 'timeColumn', 0);
      result.push({
        groupBy,
        window,
        timeColumn: time ? columnName(model, time) : undefined,
        chain: chain ?? methodChain(model, groupBy.receiver),
        ...(windowField ? { windowField: true as const } : {}),
        ...(selected ? { selected: true as const } : {}),
      });
      break;
    }
  }
  return result;
}

/**
 * Chain calls that keep every column as it is (rows filtered, repartitioned, deduplicated):
 * after one of them a column is still the one a watermark was set on, or still lacks its mark.
 * Anything else may make or rename a column (an alias of the watermarked column carries its mark).
 */
const COLUMN_KEEPING_METHODS = new Set(['filter', 'where', 'dropDuplicates', 'drop_duplicates', 'dropDuplicatesWithinWatermark', 'repartition', 'repartitionByRange', 'coalesce', 'hint', 'drop', 'withWatermark']);

/**
 * The watermark of the grouped chain when it is set on another column than the window's time
 * column (`withWatermark("time", ...)` then `groupBy(window("time2", ...))`), which the Spark guide
 * calls invalid in append mode: Spark bounds an aggregation only by a watermark on a column it
 * groups or windows by. Undefined unless every column involved is written out, no grouping key is
 * the watermarked column, and nothing between the watermark and the groupBy may make a column.
 * Names are compared as Spark resolves them by default (spark.sql.caseSensitive is false).
 */
export function watermarkOnOtherColumn(model: SemanticModel, grouping: WindowGrouping): { watermark: CallSite; column: string } | undefined {
  if (grouping.timeColumn === undefined || grouping.windowField || grouping.selected) return undefined;
  const calls = chainCalls(grouping.chain);
  const watermarks = calls.filter((site) => site.name === 'withWatermark');
  if (watermarks.length === 0) return undefined;
  const last = calls.lastIndexOf(watermarks[watermarks.length - 1]);
  if (calls.slice(last + 1).some((site) => !site.name || !COLUMN_KEEPING_METHODS.has(site.name))) return undefined;
  // A later withWatermark moves the mark to its own column (EventTimeWatermark drops it from the
  // others): the last one is the watermark the aggregation sees.
  const watermark = watermarks[watermarks.length - 1];
  const eventTime = argument(watermark, 'eventTime', 0);
  const column = eventTime ? columnName(model, eventTime) : undefined;
  if (column === undefined) return undefined;
  const keys = positionalArguments(grouping.groupBy);
  if (keys.length === 0 || allArguments(grouping.groupBy).length !== keys.length) return undefined;
  const grouped = [grouping.timeColumn.toLowerCase()];
  for (const key of keys) {
    if (key.id === grouping.window.node.id || contains(key, grouping.window.node)) continue;
    const name = columnName(model, key);
    if (name === undefined) return undefined;
    grouped.push(name.toLowerCase());
  }
  if (grouped.includes(column.toLowerCase())) return undefined;
  return { watermark, column };
}

/** Modules of Lakeflow Declarative Pipelines (Delta Live Tables): `import dlt`, `from pyspark import pipelines as dp`. */
const PIPELINE_MODULES = ['dlt', 'pyspark.pipelines'];

function isPipelineName(qualified: string | undefined): boolean {
  return !!qualified && PIPELINE_MODULES.some((module) => qualified.startsWith(`${module}.`));
}

/** The pipeline decorators of a function (`@dlt.table(...)`, `@dlt.view`, `@dp.append_flow(...)`, ...). */
function pipelineDecorators(model: SemanticModel, definition: Node): Node[] {
  if (definition.type !== 'function_definition' || definition.parent?.type !== 'decorated_definition') return [];
  const found: Node[] = [];
  for (const decorator of definition.parent.namedChildren) {
    if (decorator?.type !== 'decorator') continue;
    const expression = decorator.namedChildren[0];
    if (!expression) continue;
    const target = expression.type === 'call' ? expression.childForFieldName('function') : expression;
    if (target && isPipelineName(model.resolveQualifiedName(target))) found.push(expression);
  }
  return found;
}

/** Whether `node` is inside a function that defines a pipeline dataset or flow (`@dlt.table`, `@dlt.view`, `@dp.append_flow`, ...). */
function inPipelineDefinition(model: SemanticModel, node: Node): boolean {
  // The ancestors read in one descent: a walk up with `parent` is quadratic in depth.
  const chain = ancestorsOf(node);
  for (let index = chain.length - 2; index >= 0; index--) {
    if (pipelineDecorators(model, chain[index]).length > 0) return true;
  }
  return false;
}

/** A dataset name as a pipeline reads it: `LIVE.events` and `events` are the same dataset. */
function datasetName(name: string): string {
  return name.replace(/^live\./i, '');
}

const watermarkedDatasetsByModel = new FactCache<SemanticModel, ReadonlySet<string>>();

/**
 * The datasets this file defines whose query sets a watermark: a stream read from one of them
 * (a view in particular, which the reading query inlines) may carry that watermark.
 */
export function watermarkedPipelineDatasets(model: SemanticModel): ReadonlySet<string> {
  return watermarkedDatasetsByModel.get(model, () => readWatermarkedDatasets(model));
}

function readWatermarkedDatasets(model: SemanticModel): ReadonlySet<string> {
  const names = new Set<string>();
  for (const definition of model.syntax.nodes('function_definition')) {
    const decorators = pipelineDecorators(model, definition);
    if (decorators.length === 0) continue;
    const body = definition.childForFieldName('body');
    if (!body || !model.callsWithin(body).some((site) => site.name === 'withWatermark')) continue;
    const functionName = definition.childForFieldName('name')?.text;
    if (functionName) names.add(datasetName(functionName));
    for (const decorator of decorators) {
      if (decorator.type !== 'call') continue;
      const name = stringValue(model, keywordArgument(decorator, 'name'));
      if (name) names.add(datasetName(name));
    }
  }
  return names;
}

/**
 * The dataset a pipeline's stream reads: `dlt.read_stream("x")`, `spark.readStream.table("x")`;
 * null when it reads no dataset (files, a message bus); undefined when the name is not a literal.
 */
export function streamSourceDataset(model: SemanticModel, grouping: WindowGrouping): string | null | undefined {
  const read = chainCalls(grouping.chain).find((site) => site.name === 'read_stream' || site.name === 'table');
  // Read in a helper of the file (`load_events().groupBy(...)`): which dataset is not read here.
  if (!read) return returnedByHelper(model, grouping.chain.root) ? undefined : null;
  const name = stringValue(model, positionalArguments(read)[0]);
  return name === undefined ? undefined : datasetName(name);
}

/**
 * Where a stream being grouped comes from: 'spark' for `spark.readStream...` that this file
 * starts itself, 'pipeline' for a pipeline's streaming read (`dlt.read_stream(...)`, or
 * `spark.readStream` in a function that defines a pipeline dataset), where the pipeline runs
 * the query. Undefined when the chain does not start at a stream read.
 */
export function streamOrigin(model: SemanticModel, grouping: WindowGrouping): 'spark' | 'pipeline' | undefined {
  const { chain } = grouping;
  const first = chainCalls(chain)[0];
  if (first?.name === 'read_stream' && isQualified(first.qualifiedName, PIPELINE_MODULES, 'read_stream')) return 'pipeline';
  if (!readsStream(model, chain) && !readsStreamInEveryArm(model, chain.root)) return undefined;
  return inPipelineDefinition(model, grouping.groupBy.node) ? 'pipeline' : 'spark';
}

/**
 * `spark.readStream...` from the file's session (or a session parameter), through a helper of the
 * file that passes the stream on, or from one that makes it (`def load_events(): return
 * spark.readStream.table(...)`) with nothing in it that may bring a watermark.
 */
function readsStream(model: SemanticModel, chain: MethodChain, depth = 0): boolean {
  if (crossesAttribute(chain, 'readStream') && (isSparkSession(model, chain.root) || isSessionParameter(model, chain.root) || isImportedSession(model, chain.root))) return true;
  if (depth >= MAX_HELPER_HOPS) return false;
  const scoring = modelScoringTransform(chain);
  const scored = scoring ? argument(scoring, 'dataset', 0) : undefined;
  if (scored) {
    const inner = methodChain(model, scored);
    return !chainCalls(inner).some((site) => !!site.name && ARM_UNKNOWNS.has(site.name)) && readsStream(model, inner, depth + 1);
  }
  const given = passedThroughHelper(model, chain.root);
  const followed = given ? [given] : returnedByHelper(model, chain.root)?.returned ?? [];
  return (
    followed.length > 0 &&
    followed.every((expression) => {
      const inner = methodChain(model, expression);
      return !chainCalls(inner).some((site) => !!site.name && ARM_UNKNOWNS.has(site.name)) && readsStream(model, inner, depth + 1);
    })
  );
}

/**
 * `model.transform(stream)` with a Spark ML model that the chain shows made (`PipelineModel.load(...)`,
 * `Pipeline(stages=...).fit(train)`, through names): the call, whose DataFrame the chain
 * continues with the model's columns added. A model's transform brings no watermark (unlike
 * `DataFrame.transform(func)`, whose function may).
 */
export function modelScoringTransform(chain: MethodChain): CallSite | undefined {
  const calls = chainCalls(chain);
  const at = calls.findIndex((site) => site.name === 'transform');
  if (at < 1 || !calls[0].qualifiedName?.startsWith('pyspark.ml.')) return undefined;
  if (!calls.slice(1, at).every((site) => site.name === 'load' || site.name === 'fit')) return undefined;
  return calls[at];
}

/**
 * `spark` imported from a module of the project (`from myproject.session import spark`): a
 * session made elsewhere, read here through `.readStream`, which only a session has.
 */
function isImportedSession(model: SemanticModel, root: Node): boolean {
  return root.type === 'identifier' && root.text === 'spark' && model.lookup(root)?.kind === 'import';
}

/** How many helpers a stream is followed through (`parse(clean(events))` is two). */
const MAX_HELPER_HOPS = 2;

/**
 * `events = parse_fields(events, ["host"])`: a function of the file that returns the DataFrame
 * it is given, with columns added, cast or dropped, and nothing that may bring a watermark
 * (withWatermark, a join or union, transform, a call of another function of the file, a
 * decorator that may change the result); the argument passed for it, which the grouping's chain
 * continues from.
 */
function passedThroughHelper(model: SemanticModel, root: Node): Node | undefined {
  if (root.type !== 'call') return undefined;
  const site = model.callSite(root);
  if (site.receiver || site.callee.type !== 'identifier' || hasSplatArguments(site)) return undefined;
  const fn = model.resolveFunction(site.callee);
  if (fn?.type !== 'function_definition' || ownerClass(fn) || !decoratorsKeepResult(model, fn)) return undefined;
  if (model.callsWithin(fn).some((call) => (!!call.name && ARM_UNKNOWNS.has(call.name)) || !!model.resolveFunction(call.callee))) return undefined;
  const body = field(fn, 'body');
  if (!body) return undefined;
  const returned = descendantsOfTypeWithin(body, 'return_statement', fn).map((statement) => namedChildren(statement).find((child) => child.type !== 'comment'));
  const name = returned[0] ? rootName(model, returned[0]) : undefined;
  if (!name || returned.some((value) => !value || rootName(model, value) !== name)) return undefined;
  // Every rebinding of the name in the helper continues the same DataFrame (`df = df.withColumn(...)`).
  const rebindings = descendantsOfTypeWithin(body, 'assignment', fn).filter((assignment) => field(assignment, 'left')?.text === name);
  if (rebindings.some((assignment) => rootName(model, field(assignment, 'right') ?? assignment) !== name)) return undefined;
  const parameter = parameterOfFunction(fn, name);
  if (!parameter) return undefined;
  return parameterArgumentOf(model, parameter, site);
}

/**
 * What a plain function of the file returns, when `root` calls it by name (`load_events()`): the
 * expression of every `return`, for following a DataFrame into the helper that makes or passes it
 * on. Undefined for a method, a generator, a decorator that may change the result, a bare
 * `return`, or a call that hides its arguments.
 */
export function returnedByHelper(model: SemanticModel, root: Node): { fn: Node; returned: Node[] } | undefined {
  if (root.type !== 'call') return undefined;
  const site = model.callSite(root);
  if (site.receiver || site.callee.type !== 'identifier' || hasSplatArguments(site)) return undefined;
  const fn = model.resolveFunction(site.callee);
  if (fn?.type !== 'function_definition' || ownerClass(fn) || !decoratorsKeepResult(model, fn)) return undefined;
  const body = field(fn, 'body');
  if (!body || descendantsOfTypeWithin(body, 'yield', fn).length > 0) return undefined;
  const returned = descendantsOfTypeWithin(body, 'return_statement', fn).map((statement) => namedChildren(statement).find((child) => child.type !== 'comment'));
  return returned.length > 0 && returned.every((value): value is Node => !!value) ? { fn, returned: returned.map((value) => unparenthesize(value)) } : undefined;
}

/** Decorators that return what the function returns: caching ones. */
const TRANSPARENT_DECORATORS = new Set(['functools.lru_cache', 'functools.cache']);

/**
 * Whether the function's decorators hand on what it returns unchanged: caching decorators, and
 * decorators of the file whose every return gives back the wrapped function's own result (a
 * timer, a logger, a retry: `result = fn(*args, **kwargs)` ... `return result`) or a function
 * of the decorator. A decorator that returns anything else (`return add_mark(fn(df))`), or one
 * the file does not show, may wrap the result (a watermark added on the way out): not read.
 */
function decoratorsKeepResult(model: SemanticModel, fn: Node): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!decorated) return true;
  return namedChildren(decorated)
    .filter((child) => child.type === 'decorator')
    .every((decorator) => {
      const expression = namedChildren(decorator)[0];
      if (!expression) return false;
      const callee = expression.type === 'call' ? field(expression, 'function') : expression;
      if (!callee) return false;
      if (TRANSPARENT_DECORATORS.has(model.resolveQualifiedName(callee) ?? '')) return true;
      const definition = model.resolveFunction(callee);
      if (definition?.type !== 'function_definition') return false;
      // Its body is read below node by node: an edit there must rerun the rule.
      readTree(definition.tree);
      return returnsWrappedResult(model, definition);
    });
}

/**
 * A decorator of the file that hands the wrapped function's result on unchanged: every return in
 * it (and in the functions nested in it) gives back a nested function (the wrapper), a call of
 * the wrapped function (the first parameter of the function that defines the wrapper), or a name
 * assigned only such calls; the wrapped function is given the wrapper's own parameters, none of
 * them assigned or changed there; and nothing in it calls withWatermark, a join, transform
 * (ARM_UNKNOWNS) or another function of the file, which may set a watermark on the input.
 */
function returnsWrappedResult(model: SemanticModel, decorator: Node): boolean {
  if (model.callsWithin(decorator).some((call) => (!!call.name && (ARM_UNKNOWNS.has(call.name) || /watermark/i.test(call.name))) || !!model.resolveFunction(call.callee))) return false;
  const nested = decorator.descendantsOfType('function_definition').filter((node): node is Node => !!node);
  const wrappers = nested.filter((definition) => !definition.descendantsOfType('function_definition').some((inner) => !!inner && inner.id !== definition.id));
  if (wrappers.length === 0) return false;
  const functionNames = new Set(nested.map((definition) => field(definition, 'name')?.text).filter((name): name is string => !!name));
  const wrapped = new Set<string>();
  const passed = new Set<string>();
  for (const wrapper of wrappers) {
    const outer = ancestorOfType(wrapper, ['function_definition']);
    const first = outer ? namedChildren(field(outer, 'parameters') ?? outer).map((parameter) => parameterName(parameter)?.text).find((name) => !!name) : undefined;
    if (!first) return false;
    wrapped.add(first);
    for (const parameter of namedChildren(field(wrapper, 'parameters') ?? wrapper)) {
      const name = parameterName(parameter)?.text;
      if (name) passed.add(name);
    }
  }
  // The wrapper's parameters reach the wrapped function as they came: none is assigned or changed in place.
  const assignments = decorator.descendantsOfType(['assignment', 'augmented_assignment']).filter((node): node is Node => !!node);
  if (assignments.some((assignment) => passed.has(accessRootName(field(assignment, 'left'))))) return false;
  const callsWrapped = (node: Node | undefined): boolean => {
    const call = node ? unparenthesize(node) : undefined;
    const target = call?.type === 'call' ? field(call, 'function') : undefined;
    if (target?.type !== 'identifier' || !wrapped.has(target.text) || !call) return false;
    const args = field(call, 'arguments');
    return !!args && namedChildren(args).every((arg) => {
      const value = arg.type === 'keyword_argument' ? field(arg, 'value') : arg.type === 'list_splat' || arg.type === 'dictionary_splat' ? namedChildren(arg)[0] : arg;
      return value?.type === 'identifier' && passed.has(value.text);
    });
  };
  const returns = decorator.descendantsOfType('return_statement').filter((node): node is Node => !!node);
  return (
    returns.length > 0 &&
    returns.every((statement) => {
      const value = namedChildren(statement).find((child) => child.type !== 'comment');
      if (!value) return false;
      const expr = unparenthesize(value);
      if (expr.type === 'identifier' && functionNames.has(expr.text)) return true;
      if (callsWrapped(expr)) return true;
      if (expr.type !== 'identifier') return false;
      const bound = assignments.filter((assignment) => field(assignment, 'left')?.text === expr.text);
      return bound.length > 0 && bound.every((assignment) => assignment.type === 'assignment' && callsWrapped(field(assignment, 'right') ?? undefined));
    })
  );
}

/** The name an assignment target starts from (`kwargs` in `kwargs["df"]`, `args` in `args`); '' for none. */
function accessRootName(target: Node | null | undefined): string {
  return (target && accessRoot(target)?.text) ?? '';
}

/** The name a DataFrame expression starts from (`df` in `df.withColumn(...).drop(...)`), read without following the name's bindings. */
function rootName(model: SemanticModel, expression: Node): string | undefined {
  let current = unparenthesize(expression);
  for (;;) {
    if (current.type === 'identifier') return current.text;
    if (current.type === 'call') {
      const site = model.callSite(current);
      if (!site.receiver || site.callee.type !== 'attribute') return undefined;
      current = unparenthesize(site.receiver);
    } else if (current.type === 'attribute' && DATAFRAME_VIEWS.has(field(current, 'attribute')?.text ?? '')) {
      const object = field(current, 'object');
      if (!object) return undefined;
      current = unparenthesize(object);
    } else return undefined;
  }
}

/**
 * Attributes of a DataFrame whose methods return that DataFrame changed (`df.na.fill(0)`,
 * `df.stat.sampleBy(...)`). Any
 * other attribute leaves it: `df.sparkSession.read.table(...)` is another DataFrame altogether.
 */
const DATAFRAME_VIEWS = new Set(['na', 'stat']);

/**
 * Whether a chain is its root with DataFrame methods called on it (`df.withColumn(...).select(...)`,
 * `df.na.fill(0)`), not something reached through it (`df.sparkSession.read.table(...)`).
 */
export function continuesRoot(chain: MethodChain): boolean {
  return chain.steps.every((step) => step.kind === 'call' || DATAFRAME_VIEWS.has(step.name));
}

/** The nodes of a type inside `within`'s body that belong to it, not to a function, class or lambda nested in it. */
function descendantsOfTypeWithin(body: Node, type: string, within: Node): Node[] {
  return body.descendantsOfType(type).filter((node): node is Node => !!node && ancestorOfType(node, ['function_definition', 'class_definition', 'lambda'])?.id === within.id);
}

/** DataFrame methods after which a chain may carry a watermark the grouping's chain does not show. */
const ARM_UNKNOWNS = new Set(['withWatermark', 'join', 'union', 'unionByName', 'unionAll', 'transform']);

/**
 * A name bound in each arm of an if/else (or a try and its handler) to a stream the file reads
 * (`events = spark.readStream.format("kafka")...` / `else: events = spark.readStream.table(...)`),
 * none with a watermark or a join of its own: the grouping reads a stream without a watermark
 * whichever arm ran.
 */
function readsStreamInEveryArm(model: SemanticModel, root: Node): boolean {
  if (root.type !== 'identifier') return false;
  const reaching = model.bindings.reachingBindings(root.text, root);
  if (reaching.length < 2) return false;
  return reaching.every((binding) => {
    if (binding.kind !== 'assignment' || !binding.value) return false;
    const chain = methodChain(model, binding.value);
    return readsStream(model, chain) && !chainCalls(chain).some((site) => !!site.name && ARM_UNKNOWNS.has(site.name));
  });
}
