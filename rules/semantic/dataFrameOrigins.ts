import type { Node } from 'web-tree-sitter';
import { ancestorOfType, field, namedChildren, unparenthesize } from '../engine/syntax';
import { argument, keywordArgument, positionalArguments } from './calls';
import { type ChainStep, isSparkSession, methodChain } from './dataFrameChains';
import { KEEPS_COLUMNS } from './dataFrameColumns';
import type { CallSite, SemanticModel } from './semanticModel';
import { describeStage, writesColumn } from './sparkPipelines';
import { sequenceElements, stringList, stringValue } from './values';

/**
 * Whether the file shows that a Spark DataFrame has no vector column named `column`: its rows
 * come, through steps that add no such column, from a source whose columns the code names or
 * that cannot hold a Spark ML vector:
 * - `spark.createDataFrame(rows, schema)` whose schema names other columns, or rows written in
 *   the code with no schema (columns `_1`, `_2`...);
 * - `.toDF("a", "b")` / `.select("a", "b")` naming other columns;
 * - a CSV or text file read, or a JSON file read without a schema (`spark.read.csv(...)`,
 *   `format("csv").load(...)`): Spark's CSV source refuses struct-typed columns (a vector is one),
 *   text gives one string column, and JSON infers plain structs, never a vector.
 * - a feature transformer's output that writes no vector (`StringIndexer(...).fit(df).transform(df)`),
 *   or a selection of a frame's own columns (`df.select([c for c in df.columns if ...])`), of such a frame.
 * False when it may: a table, Parquet, Delta or a SQL query (an earlier job may have written an
 * assembled vector there), a function parameter, a name the file does not bind, a model's
 * transform, a step it does not know. Splits (`randomSplit`) and steps that keep columns are
 * followed, names through their assignments (dataFrameChains' methodChain).
 */
export function lacksVectorColumn(model: SemanticModel, dataFrame: Node, column: string, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const chain = methodChain(model, dataFrame);
  // Outermost step first: the last step that fixes the columns decides.
  for (let index = chain.steps.length - 1; index >= 0; index--) {
    const step = chain.steps[index];
    if (step.kind === 'attribute') {
      // `df.na.fill(...)` keeps the columns; a reader's `.read` is passed over by its method below.
      if (step.name === 'na') continue;
      return false;
    }
    const { site } = step;
    const method = site.name ?? '';
    if (method === 'withColumn' || method === 'withColumnRenamed') {
      const named = stringValue(model, positionalArguments(site.node)[method === 'withColumn' ? 0 : 1]);
      if (named === undefined || named === column) return false;
      continue;
    }
    if (method === 'join' || method === 'union' || method === 'unionByName' || method === 'crossJoin') {
      const other = positionalArguments(site.node)[0] ?? keywordArgument(site.node, 'other');
      if (!other || !lacksVectorColumn(model, other, column, depth + 1)) return false;
      continue;
    }
    // After the unions: KEEPS_COLUMNS holds them, but the other side counts too.
    if (KEEPS_COLUMNS.has(method) || ALSO_KEEPS_COLUMNS.has(method)) continue;
    if (method === 'transform') return transformedWithout(model, site, column, depth);
    if (method === 'select' || method === 'toDF') return namesExactly(model, site.node, column) || selectsOwnColumns(model, site.node, column, depth);
    if (method === 'createDataFrame') return createdWithout(model, site.node, column);
    if (FLAT_FILE_READERS.has(method)) return readsFlatFile(model, chain.steps.slice(0, index), chain.root, site.node, method);
    if (method === 'load') return readsFlatFile(model, chain.steps.slice(0, index), chain.root, site.node, undefined);
    return false;
  }
  return splitOf(model, chain.root, column, depth);
}

const MAX_DEPTH = 8;

/**
 * Feature transformers that write only their output columns, none of them a vector: a
 * VectorAssembler, an encoder or a scaler writes one (the spec leaves a DataFrame out of a
 * VectorAssembler to MLT104), a model's transform writes predictions.
 */
const NON_VECTOR_TRANSFORMERS = new Set(['StringIndexer', 'IndexToString', 'Bucketizer', 'QuantileDiscretizer', 'Imputer', 'Tokenizer', 'RegexTokenizer', 'StopWordsRemover', 'NGram']);

/**
 * `StringIndexer(...).fit(df).transform(df)` (or a name for the fitted model, or the
 * transformer itself): the dataset's columns and the transformer's named outputs, none a vector.
 */
function transformedWithout(model: SemanticModel, site: CallSite, column: string, depth: number): boolean {
  const data = positionalArguments(site.node)[0] ?? keywordArgument(site.node, 'dataset');
  if (!data || !site.receiver) return false;
  const transformer = model.resolveValue(site.receiver);
  const fitted = transformer.type === 'call' ? model.callSite(transformer) : undefined;
  const stageExpression = fitted?.name === 'fit' && fitted.receiver ? fitted.receiver : site.receiver;
  const stage = describeStage(model, stageExpression);
  if (!stage.sparkClass || !NON_VECTOR_TRANSFORMERS.has(stage.sparkClass.name) || !stage.sparkClass.qualifiedName.startsWith('pyspark.ml.feature.')) return false;
  if (writesColumn(stage, column) !== false) return false;
  return lacksVectorColumn(model, data, column, depth + 1);
}

/**
 * `df.select([c for c in df.columns if c not in dropped])`: a selection of the frame's own
 * columns, which lacks the column when the frame does.
 */
function selectsOwnColumns(model: SemanticModel, call: Node, column: string, depth: number): boolean {
  const items = positionalArguments(call);
  const only = items.length === 1 ? unparenthesize(items[0]) : undefined;
  if (only?.type !== 'list_comprehension') return false;
  const body = field(only, 'body');
  const clause = namedChildren(only).find((child) => child.type === 'for_in_clause');
  const variable = clause ? field(clause, 'left') : undefined;
  const iterated = clause ? field(clause, 'right') : undefined;
  if (!body || variable?.type !== 'identifier' || unparenthesize(body).text !== variable.text || iterated?.type !== 'attribute') return false;
  if (field(iterated, 'attribute')?.text !== 'columns') return false;
  const frame = field(iterated, 'object');
  const receiver = field(field(call, 'function') ?? call, 'object');
  // The comprehension reads the selected frame's own columns.
  if (!frame || !receiver || unparenthesize(frame).text !== unparenthesize(receiver).text) return false;
  return lacksVectorColumn(model, receiver, column, depth + 1);
}

/** Beside dataFrameColumns' KEEPS_COLUMNS, methods whose result has the receiver's columns and no other (knownColumns reads `drop` itself). */
const ALSO_KEEPS_COLUMNS = new Set([
  'sampleBy', 'fill', 'replace', 'drop', 'randomSplit', 'checkpoint', 'localCheckpoint', 'unpersist', 'sortWithinPartitions', 'repartitionByRange', 'cast',
]);

/** DataFrameReader methods that read files that hold no vector column. */
const FLAT_FILE_READERS = new Set(['csv', 'json', 'text']);

/** `.select(...)` / `.toDF(...)` whose items are all literal names: true when `column` is not one of them. */
function namesExactly(model: SemanticModel, call: Node, column: string): boolean {
  const items = positionalArguments(call);
  if (items.length === 0) return false;
  const names: string[] = [];
  for (const item of items) {
    const literal = stringValue(model, item);
    if (literal !== undefined && literal !== '*') names.push(literal);
    else {
      const list = stringList(model, item);
      if (!list) return false;
      names.push(...list);
    }
  }
  return !names.includes(column);
}

/** `createDataFrame(rows, schema)`: a schema of literal names without `column`, or rows written in the code with no schema. */
function createdWithout(model: SemanticModel, call: Node, column: string): boolean {
  const schema = argument(call, 'schema', 1);
  if (schema) {
    const names = stringList(model, schema);
    const ddl = names ? undefined : stringValue(model, schema);
    const schemaNames = names ?? ddl?.split(',').map((part) => /^\s*`?(\w+)`?/.exec(part)?.[1]);
    return !!schemaNames && schemaNames.every((name) => name !== undefined) && !schemaNames.includes(column);
  }
  const data = argument(call, 'data', 0);
  const rows = data ? sequenceElements(model, data) : undefined;
  // Rows written as tuples or lists: Spark names the columns _1, _2...; a Row(...) or a dict names them itself.
  return !!rows?.complete && rows.elements.every((row) => ['tuple', 'list'].includes(unparenthesize(model.resolveValue(row)).type));
}

/**
 * The steps before a reader's `csv(...)` / `load(...)` (the `reader` call): `spark.read`, then
 * `format("csv")` and options. `method` is the reader's own method, or undefined for `load`,
 * whose format must be given. A JSON read given a schema is not flat: the schema may declare a
 * vector column (a CSV read refuses struct-typed columns, a text read has one string column).
 */
function readsFlatFile(model: SemanticModel, before: readonly ChainStep[], root: Node, reader: Node, method: string | undefined): boolean {
  if (!isSparkSession(model, root) || before[0]?.kind !== 'attribute' || before[0].name !== 'read') return false;
  let format = method;
  let schema = argument(reader, 'schema', method === undefined ? 2 : 1) !== undefined;
  for (const step of before.slice(1)) {
    if (step.kind !== 'call') return false;
    if (step.site.name === 'format') format = stringValue(model, positionalArguments(step.site.node)[0])?.toLowerCase();
    else if (step.site.name === 'schema') schema = true;
    else if (step.site.name !== 'option' && step.site.name !== 'options') return false;
  }
  // `load(path, format="csv")`: load's own format replaces one set before it.
  const loadFormat = method === undefined ? argument(reader, 'format', 1) : undefined;
  if (loadFormat) format = stringValue(model, loadFormat)?.toLowerCase();
  if (format === 'json' && schema) return false;
  return format !== undefined && FLAT_FILE_READERS.has(format);
}

/** `train, test = df.randomSplit(...)` or `splits = df.randomSplit(...)` then `splits[0]`: a split of a DataFrame that lacks the column. */
function splitOf(model: SemanticModel, root: Node, column: string, depth: number): boolean {
  let source: Node | undefined;
  if (root.type === 'identifier') {
    const binding = model.lookup(root);
    if (binding?.kind !== 'assignment' || binding.value) return false;
    const assignment = binding.node.type === 'assignment' ? binding.node : ancestorOfType(binding.node, ['assignment']);
    source = assignment ? field(assignment, 'right') : undefined;
  } else if (root.type === 'subscript') {
    const object = field(root, 'value');
    source = object ? model.resolveValue(object) : undefined;
  }
  const split = source ? unparenthesize(source) : undefined;
  if (split?.type !== 'call') return false;
  const callee = field(split, 'function');
  if (callee?.type !== 'attribute' || field(callee, 'attribute')?.text !== 'randomSplit') return false;
  const receiver = field(callee, 'object');
  return !!receiver && lacksVectorColumn(model, receiver, column, depth + 1);
}
