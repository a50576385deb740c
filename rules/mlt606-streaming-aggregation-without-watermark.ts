import type { Node } from 'web-tree-sitter';
import { ancestorOfType, contains, field, unparenthesize } from './engine/syntax';
import type { Rule } from './engine/types';
import { keywordArgument, positionalArguments } from './semantic/calls';
import { chainCalls, isSparkSession, linkInsertion, methodChain } from './semantic/dataFrameChains';
import {
  type OutputMode,
  type StreamingWrite,
  streamingWrites,
  modelScoringTransform,
  streamOrigin,
  streamSourceDataset,
  watermarkedPipelineDatasets,
  watermarkOnOtherColumn,
  type WindowGrouping,
  windowFunctionName,
  windowGroupings,
  writerOutputMode,
} from './semantic/streaming';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { assignedBinding } from './semantic/modelUris';

const DEFAULT_DELAY = '10 minutes';

/** Where a method call's name is written (`.withWatermark` on its own line of a chain), not where the chain starts. */
function callNameStart(site: CallSite): number {
  return (site.callee.childForFieldName('attribute') ?? site.node).startIndex;
}

type QueryMode = { mode: OutputMode | 'unknown'; explicit: boolean };

/** A query's output mode (`unknown` for one that is not a literal), and whether the code writes it or it is the default append. */
function modeOf(model: SemanticModel, write: StreamingWrite): QueryMode {
  const explicit = write.calls.some((site) => site.name === 'outputMode') || !!keywordArgument(write.terminal, 'outputMode');
  return { mode: writerOutputMode(model, write) ?? 'unknown', explicit };
}

/**
 * The output modes of the queries of this file that write the aggregation: explicit or the
 * default append; `unknown` for a mode that is not a literal. Empty when no query of the file
 * writes it (it is displayed, returned, or written elsewhere).
 */
function outputModes(model: SemanticModel, grouping: WindowGrouping): QueryMode[] {
  const modes: QueryMode[] = [];
  for (const write of streamingWrites(model)) {
    if (!chainCalls(write.chain).some((site) => site.node.id === grouping.groupBy.node.id)) continue;
    modes.push(modeOf(model, write));
  }
  return modes;
}

/**
 * Whether a notebook `display(...)` shows the aggregation: display starts the query itself,
 * with an output mode the code does not show (a course demo that displays counts per window
 * typically reads them in complete mode), so neither consequence can be stated.
 */
function isDisplayed(model: SemanticModel, grouping: WindowGrouping): boolean {
  return model.callsNamed('display').some((site) => {
    if (site.receiver) return false;
    const shown = positionalArguments(site)[0];
    if (!shown) return false;
    const value = model.resolveValue(shown);
    // `display(counts)`, or a DataFrame derived from it (`display(counts.select(...).orderBy(...))`).
    return contains(value, grouping.groupBy.node) || chainCalls(methodChain(model, shown)).some((call) => call.node.id === grouping.groupBy.node.id);
  });
}

/**
 * Whether the aggregation is returned from its function (`return events.groupBy(window(...)).count()`,
 * or through a name): its caller starts the query, with an output mode this function does not show.
 */
function isReturned(model: SemanticModel, grouping: WindowGrouping): boolean {
  let top: Node = grouping.groupBy.node;
  while (top.parent && (top.parent.type === 'attribute' || top.parent.type === 'call' || top.parent.type === 'parenthesized_expression')) top = top.parent;
  if (top.parent?.type === 'return_statement') return true;
  const binding = assignedBinding(model, top);
  return !!binding && model.usesOf(binding).some((use) => use.parent?.type === 'return_statement');
}

/** What reads a DataFrame's plan or schema without starting a query. */
const INSPECTIONS = new Set(['printSchema', 'explain', 'schema', 'columns', 'dtypes', 'isStreaming']);

/**
 * Whether the aggregation is only inspected (`counts.printSchema()`, `counts.explain()`,
 * `counts.columns`), itself or through the name it is bound to: a lesson that shows the plan of
 * a windowed count starts no query for Spark to refuse. A name nothing reads in this file is
 * still reported: another notebook may `%run` or import it and start the query.
 */
function onlyInspected(model: SemanticModel, grouping: WindowGrouping): boolean {
  let top: Node = grouping.groupBy.node;
  while (top.parent && (top.parent.type === 'attribute' || top.parent.type === 'call' || top.parent.type === 'parenthesized_expression')) top = top.parent;
  // The chain ends in an inspection (`(events.groupBy(...).count().printSchema())`, `cols = ....columns`): its value is a schema or a plan.
  const outer = unparenthesize(top);
  if (isInspection(outer.type === 'call' ? (field(outer, 'function') ?? outer) : outer)) return true;
  const binding = assignedBinding(model, top);
  const uses = binding ? model.mayRead(binding) : [];
  return uses.length > 0 && uses.every((use) => !!use.parent && isInspection(use.parent) && field(use.parent, 'object')?.id === use.id);
}

function isInspection(node: Node): boolean {
  return node.type === 'attribute' && INSPECTIONS.has(field(node, 'attribute')?.text ?? '');
}

/** Whether `.transform(f)` may set a watermark: f is not a function of the file, or one whose body calls withWatermark. */
function mayWatermark(model: SemanticModel, transform: CallSite): boolean {
  const given = positionalArguments(transform)[0] ?? keywordArgument(transform, 'func');
  const fn = given ? model.resolveFunction(given) : undefined;
  // A function of the file that calls another (`return with_wm(df)`) may get its watermark there.
  return fn?.type !== 'function_definition' || model.callsWithin(fn).some((site) => site.name === 'withWatermark' || site.name === 'transform' || !!model.resolveFunction(site.callee));
}

/**
 * The output modes of the queries the file's callers start on an aggregation a function returns
 * (`windowed(spark).writeStream...toTable(...)`).
 */
function callerModes(model: SemanticModel, grouping: WindowGrouping): QueryMode[] {
  const fn = ancestorOfType(grouping.groupBy.node, ['function_definition']);
  const name = fn ? field(fn, 'name')?.text : undefined;
  if (!fn || !name) return [];
  const callers = model.callsNamed(name).filter((site) => model.resolveFunction(site.callee)?.id === fn.id);
  const modes: QueryMode[] = [];
  for (const write of streamingWrites(model)) {
    const calls = chainCalls(write.chain);
    if (!callers.some((caller) => calls.some((site) => site.node.id === caller.node.id))) continue;
    modes.push(modeOf(model, write));
  }
  return modes;
}

const TEMP_VIEW_METHODS = ['createOrReplaceTempView', 'createTempView', 'createOrReplaceGlobalTempView', 'createGlobalTempView', 'registerTempTable'];

/**
 * Whether the aggregation (or a DataFrame derived from it) is registered as a temporary view:
 * the file goes on in SQL (`spark.sql("select ... from counts")`), whose query's output mode
 * mltraps does not follow, so neither consequence can be stated.
 */
function isTempView(model: SemanticModel, grouping: WindowGrouping): boolean {
  return model.callsNamed(...TEMP_VIEW_METHODS).some((site) => {
    if (!site.receiver) return false;
    const value = model.resolveValue(site.receiver);
    return contains(value, grouping.groupBy.node) || chainCalls(methodChain(model, site.receiver)).some((call) => call.node.id === grouping.groupBy.node.id);
  });
}

/**
 * A `withWatermark` called on the aggregation's result (`groupBy(window(...)).count()
 * .withWatermark(...)`): set after the aggregation, it does not apply to it.
 */
function watermarkAfter(model: SemanticModel, grouping: WindowGrouping): CallSite | undefined {
  return model.callsNamed('withWatermark').find((site) => {
    if (!site.receiver) return false;
    const value = model.resolveValue(site.receiver);
    return contains(value, grouping.groupBy.node) || chainCalls(methodChain(model, site.receiver)).some((call) => call.node.id === grouping.groupBy.node.id);
  });
}

/** DataFrame methods that bring another DataFrame's columns, and its watermark, into the chain. */
const COMBINING_METHODS = new Set(['join', 'union', 'unionByName', 'unionAll']);

/**
 * Whether a DataFrame joined or unioned into the chain may carry a watermark: its own chain
 * sets one, or the file does not show where it comes from. Spark then accepts the aggregation
 * in append mode, so neither consequence can be stated.
 */
function mayBeWatermarkedThroughJoin(model: SemanticModel, calls: readonly CallSite[]): boolean {
  return calls.some((site) => {
    if (!site.name || !COMBINING_METHODS.has(site.name)) return false;
    const other = positionalArguments(site)[0] ?? keywordArgument(site, 'other');
    if (!other) return true;
    const otherChain = methodChain(model, other);
    if (chainCalls(otherChain).some((call) => call.name === 'withWatermark')) return true;
    return !isSparkSession(model, otherChain.root);
  });
}

export const mlt606StreamingAggregationWithoutWatermark: Rule = {
  meta: {
    id: 'MLT606',
    name: 'streaming-aggregation-without-watermark',
    severity: 'warning',
    area: 'Deployment and serving',
    domain: 'Model Deployment',
    title: 'A windowed aggregation of a stream without withWatermark',
  },
  docs: {
    trap: 'Grouping a `spark.readStream` DataFrame (the session may be a function\'s parameter annotated `SparkSession` or named `spark`, reached as `self.spark` too, or a `spark` imported from a module of the project; a name bound to such a stream in each arm of an if/else counts when no arm sets a watermark or joins, and so does a stream passed through a function of the file that returns it with columns added, cast or dropped, nothing that may set a watermark (withWatermark, a join or union, `transform`, a call of another function of the file, a decorator that may change the result: an imported one, or one of the file that returns anything but the wrapped function\'s own result, changes what it is given, or calls a function of the file), or made by a function of the file whose every return reads the stream with none of these (`def load_events(): return spark.readStream.table(...)`), or scored by a Spark ML model the file loads or fits (`PipelineModel.load(path).transform(stream)`: a model adds columns, no watermark); or a pipeline\'s `dlt.read_stream(...)`) by an event-time `window(...)` or `session_window(...)` (or by a column the chain fills with one: `.withColumn("w", window(...)).groupBy("w")`, `.select(window(...).alias("w")).groupBy("w")`) without declaring a watermark.',
    reality:
      'In append mode (the default output mode) Spark refuses to start a streaming aggregation without a watermark: "Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark". In update mode the query runs, but Spark keeps the state of every window forever, so the state grows without bound. ' +
      '`withWatermark` on the window\'s time column tells Spark how late events may arrive: in append mode each window is written once, when it can no longer change, and in append and update mode the state of old windows is dropped (events later than the watermark may be dropped too). Complete mode keeps all state whatever the watermark, so it is not reported; nor is an aggregation that the notebook only shows with `display(...)` (itself or a DataFrame derived from it), which starts a query of its own with an output mode the code does not show, or registers as a temporary view that its SQL goes on from, or returns for a caller the file does not show to start (where a caller of the file starts it, its output mode counts), or is only inspected (`printSchema()`, `explain()`, `columns`: no query starts), or passes through `.transform(f)` with an f that may set the watermark (one the file does not show, or one that calls withWatermark). A `withWatermark` called on the aggregation\'s result (`groupBy(window(...)).count().withWatermark(...)`) does not apply to it: Spark uses a watermark only when it is set before the aggregation, and the finding says so, without a fix (the late call has to move, not be repeated). Nor does a `withWatermark` on another column than the window\'s (`withWatermark("time", ...)` then `window("time2", ...)`): Spark bounds an aggregation only by a watermark on a column it groups or windows by, and the Spark guide calls this invalid in append mode. It is reported, without a fix, when both columns are written out, no grouping key is the watermarked column, and nothing between the watermark and the groupBy may make a column (an alias of the watermarked column carries its mark). ' +
      'In a Lakeflow Declarative Pipeline (Delta Live Tables: a stream from `dlt.read_stream(...)`, or `spark.readStream` inside a `@dlt.table` function) the pipeline runs the query: Databricks processes an aggregation incrementally only when it has a watermark, and otherwise recomputes it in full on every update.',
    example: [
      'from pyspark.sql import functions as F',
      '',
      'events = spark.readStream.table("ml.churn.events")',
      'counts = events.groupBy(F.window("event_time", "5 minutes"), "plan").count()',
      'counts.writeStream.option("checkpointLocation", "/Volumes/ml/churn/chk/counts").toTable("ml.churn.plan_counts")',
    ].join('\n'),
    useInstead: [
      'from pyspark.sql import functions as F',
      '',
      'events = spark.readStream.table("ml.churn.events")',
      'counts = (events.withWatermark("event_time", "10 minutes")',
      '    .groupBy(F.window("event_time", "5 minutes"), "plan").count())',
      'counts.writeStream.option("checkpointLocation", "/Volumes/ml/churn/chk/counts").toTable("ml.churn.plan_counts")',
    ].join('\n'),
    fix: 'Inserts `.withWatermark("<time column>", "10 minutes")` just before `.groupBy(`, with the window\'s time column. No fix where the window comes from a `select` (which may drop the time column: the watermark belongs before it), nor where the query groups by a field taken from the window (`.withColumn("w", window(...)["start"])`): Spark carries the watermark\'s mark through an alias of a column only, so a watermark on the time column does not reach that key; group by the window itself.',
    fixSafety: 'Unsafe: 10 minutes is a guess at how late events arrive; events later than the watermark are dropped, so set the delay your data needs.',
    examFact: 'A streaming aggregation needs `withWatermark` to bound its state (and to run in append mode).',
    references: [
      { title: 'Apply watermarks to control data processing thresholds (Databricks)', url: 'https://docs.databricks.com/aws/en/structured-streaming/watermarks' },
      { title: 'Optimize stateful processing in pipelines with watermarks (Databricks)', url: 'https://docs.databricks.com/delta-live-tables/stateful-processing.html' },
      {
        title: 'Handling late data and watermarking (Spark Structured Streaming guide)',
        url: 'https://spark.apache.org/docs/latest/structured-streaming-programming-guide.html#handling-late-data-and-watermarking',
      },
    ],
  },
  triggers: ['readStream', 'read_stream'],
  check(context) {
    const { model, document } = context;
    for (const grouping of windowGroupings(model)) {
      const { chain } = grouping;
      // Only a stream read by this file (`spark.readStream...`) or by a pipeline it defines.
      const origin = streamOrigin(model, grouping);
      if (!origin) continue;
      // A watermark in the chain counts only when it is on a column the aggregation groups or windows by.
      const misplaced = chainCalls(chain).some((site) => site.name === 'withWatermark') ? watermarkOnOtherColumn(model, grouping) : undefined;
      if (chainCalls(chain).some((site) => site.name === 'withWatermark') && !misplaced) continue;
      if (mayBeWatermarkedThroughJoin(model, chainCalls(chain))) continue;
      // `.transform(with_watermark)`: a function of the DataFrame may set the watermark (one of the file that calls no withWatermark does not).
      // Not a Spark ML model's `transform(stream)`: it scores the stream (modelScoringTransform).
      const scoring = modelScoringTransform(chain);
      if (chainCalls(chain).some((site) => site.name === 'transform' && site.node.id !== scoring?.node.id && mayWatermark(model, site))) continue;
      // A pipeline view (or dataset) of this file that sets a watermark may pass it on to this read.
      if (origin === 'pipeline') {
        const source = streamSourceDataset(model, grouping);
        if (source === undefined || (source !== null && watermarkedPipelineDatasets(model).has(source))) continue;
      }
      let modes = origin === 'spark' ? outputModes(model, grouping) : [];
      // Returned for a caller to start: the modes of the file's callers that start it (none: started elsewhere, unknown).
      const returned = origin === 'spark' && modes.length === 0 && isReturned(model, grouping);
      if (returned) modes = callerModes(model, grouping);
      if (returned && modes.length === 0) continue;
      if (modes.length > 0 && modes.every(({ mode }) => mode === 'complete')) continue;
      if (modes.length === 0 && (isDisplayed(model, grouping) || isTempView(model, grouping) || onlyInspected(model, grouping))) continue;
      const column = grouping.timeColumn;
      const window = `${windowFunctionName(grouping.window)}(${column !== undefined ? JSON.stringify(column) : '...'})`;
      const append = modes.find(({ mode }) => mode === 'append');
      let consequence: string;
      if (origin === 'pipeline') {
        consequence = 'a pipeline (Lakeflow / DLT) processes a streaming aggregation incrementally only with a watermark: without one it recomputes the aggregation in full on every update';
      } else if (append) {
        consequence = `in append mode${append.explicit ? '' : ' (the default)'} Spark refuses to start the query ("Append output mode not supported when there are streaming aggregations ... without watermark")`;
      } else if (modes.length > 0 && modes.every(({ mode }) => mode === 'update' || mode === 'complete')) {
        consequence = 'in update mode the query runs, but it keeps the state of every window forever: the state grows without bound';
      } else {
        consequence = 'in append mode (the default) Spark refuses to start the query; in update mode its state grows without bound';
      }
      // Grouped by a field taken from the window: a watermark on the time column does not reach
      // that key (Spark carries the mark through an alias of a column only), so none is offered.
      if (grouping.windowField) {
        const time = column !== undefined ? JSON.stringify(column) : 'the time column';
        consequence += `; a watermark on ${time} bounds the state only when the query groups by the window itself, not by a field taken from it`;
      }
      const name = grouping.groupBy.callee.childForFieldName('attribute');
      // Spark uses a watermark only where it is set before the aggregation: one set on the
      // result is said to come too late, and moving it is left to the user (no second one added).
      const late = watermarkAfter(model, grouping);
      const subject = `streaming aggregation over ${grouping.windowField ? `a field of ${window}` : window}`;
      // What follows from a watermark set too late depends on whether its column is still there
      // (after groupBy(window(...)) the time column is gone, and Spark fails to resolve it): only
      // the Spark guide's rule is stated.
      const message = misplaced
        ? `${subject} has no watermark on ${JSON.stringify(column)}: the withWatermark ${document.whereIs(callNameStart(misplaced.watermark))} is set on ${JSON.stringify(misplaced.column)}, and Spark bounds an aggregation only by a watermark on a column it groups or windows by; ${consequence}`
        : late
        ? `${subject} has no watermark: the withWatermark ${document.whereIs(callNameStart(late))} is called on its result, and Spark uses a watermark only when withWatermark is called before the aggregation; call it before groupBy`
        : `${subject} without withWatermark: ${consequence}`;
      // After a select the time column may be gone: the watermark belongs before it, which the fix does not guess.
      const insertion = column !== undefined && !grouping.windowField && !grouping.selected && !late && !misplaced ? linkInsertion(document, grouping.groupBy.callee, `.withWatermark(${JSON.stringify(column)}, "${DEFAULT_DELAY}")`) : undefined;
      context.report({
        range: { start: (name ?? grouping.groupBy.node).startIndex, end: grouping.groupBy.node.endIndex },
        message,
        fixes: insertion
          ? [
              {
                title: `Add .withWatermark(${JSON.stringify(column)}, "${DEFAULT_DELAY}") before groupBy (check the delay)`,
                safety: 'unsafe',
                edits: [{ start: insertion.offset, end: insertion.offset, newText: insertion.text }],
              },
            ]
          : [],
      });
    }
  },
};
