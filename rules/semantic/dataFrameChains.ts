import type { Node } from 'web-tree-sitter';
import { children, field, unparenthesize } from '../engine/syntax';
import type { SourceDocument } from '../engine/sourceDocument';
import type { Binding } from './bindings';
import { argument, keywordArgument } from './calls';
import { instanceAttributeValue } from './methodCalls';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringTemplate } from './stringTemplates';
import { dictEntries, numberValue, sequenceElements } from './values';

/**
 * Method chains such as `spark.readStream.format("delta").load(p).withColumn(...)`, followed
 * back through names bound earlier (`events = spark.readStream...` then `events.groupBy(...)`),
 * whatever the line layout (backslashes, parentheses). A chain stops at a Spark session.
 */

export type ChainStep =
  | { kind: 'call'; site: CallSite }
  | { kind: 'attribute'; name: string; node: Node };

export interface MethodChain {
  /** From the source outwards: `spark` `.read` `.table(...)` `.select(...)`. */
  steps: ChainStep[];
  /** Where the chain starts: a name that is not bound by an assignment (`spark`, a parameter) or another expression. */
  root: Node;
  /** Names the chain went through, with the bindings followed. */
  names: Array<{ identifier: Node; binding: Binding }>;
}

const MAX_STEPS = 64;
/** Text a session-making expression holds: `SparkSession.builder...`, `builder.getOrCreate()` over a builder bound first, Delta's `configure_spark_with_delta_pip(builder)`. */
const SESSION_HINT = /Session|getOrCreate|configure_spark_with_delta_pip/;

export function methodChain(model: SemanticModel, expression: Node): MethodChain {
  const steps: ChainStep[] = [];
  const names: MethodChain['names'] = [];
  let current = unparenthesize(expression);
  for (let count = 0; count < MAX_STEPS; count++) {
    if (current.type === 'call') {
      const site = model.callSite(current);
      steps.push({ kind: 'call', site });
      if (!site.receiver || site.callee.type !== 'attribute') break;
      current = unparenthesize(site.receiver);
    } else if (current.type === 'attribute') {
      const object = field(current, 'object');
      const attribute = field(current, 'attribute');
      if (!object || !attribute) break;
      // `self.events` inside a method, where the class assigns `self.events = spark.readStream...` once.
      const held = object.type === 'identifier' ? instanceAttributeValue(model, current) : undefined;
      if (held) {
        current = unparenthesize(held);
        continue;
      }
      steps.push({ kind: 'attribute', name: attribute.text, node: current });
      current = unparenthesize(object);
    } else if (current.type === 'identifier') {
      const binding = model.lookup(current);
      if (!binding || binding.kind !== 'assignment' || !binding.value) break;
      // A session bound by `spark = SparkSession.builder.getOrCreate()` is where DataFrames start.
      if (SESSION_HINT.test(binding.value.text) && isSparkSession(model, current)) break;
      names.push({ identifier: current, binding });
      current = unparenthesize(binding.value);
    } else break;
  }
  return { steps: steps.reverse(), root: current, names };
}

/** The calls of a chain, from the source outwards. */
export function chainCalls(chain: MethodChain): CallSite[] {
  return chain.steps.flatMap((step) => (step.kind === 'call' ? [step.site] : []));
}

/** Whether the chain crosses `.name` as an attribute (`.readStream`, `.writeStream`). */
export function crossesAttribute(chain: MethodChain, name: string): boolean {
  return chain.steps.some((step) => step.kind === 'attribute' && step.name === name);
}

const SESSION_FACTORIES =
  /^(?:(?:pyspark\.sql(?:\.session)?\.SparkSession|databricks\.connect(?:\.session)?\.DatabricksSession)\.(?:builder\.(?:[\w.]+\.)?(?:getOrCreate|create)|getActiveSession|active)|delta(?:\.pip_utils)?\.configure_spark_with_delta_pip\.getOrCreate)$/;

/** `spark` in a notebook, or a session from `SparkSession.builder...getOrCreate()` (also through Delta's `configure_spark_with_delta_pip(builder)`). */
export function isSparkSession(model: SemanticModel, node: Node): boolean {
  const qualified = model.resolveQualifiedName(node);
  return qualified === 'databricks.globals.spark' || (!!qualified && SESSION_FACTORIES.test(qualified));
}

/**
 * A function's parameter that holds the session: annotated as one (`def __init__(self, spark:
 * SparkSession)`, reached through `self.spark`), or named `spark` as a notebook's session is.
 */
export function isSessionParameter(model: SemanticModel, node: Node): boolean {
  const expr = unparenthesize(node);
  if (expr.type !== 'identifier') return false;
  const binding = model.lookup(expr);
  const parameter = binding?.kind === 'opaque' && binding.node.type === 'identifier' ? binding.node.parent : undefined;
  if (!parameter || !['parameters', 'typed_parameter', 'default_parameter', 'typed_default_parameter'].includes(parameter.type)) return false;
  const annotation = field(parameter, 'type');
  return annotation ? /\b(?:SparkSession|DatabricksSession)\b/.test(annotation.text) : expr.text === 'spark';
}

/** Session methods and readers that give a DataFrame. */
const SESSION_SOURCES = new Set(['table', 'sql', 'createDataFrame', 'range', 'read', 'readStream']);

/**
 * Whether a chain starts from a Spark session and yields a DataFrame: `spark.read...`,
 * `spark.readStream...`, `spark.table(...)`, `spark.sql(...)`, `spark.createDataFrame(...)`.
 */
export function startsFromSparkSession(model: SemanticModel, chain: MethodChain): boolean {
  const first = chain.steps[0];
  if (!first || !isSparkSession(model, chain.root)) return false;
  const name = first.kind === 'call' ? first.site.name : first.name;
  return !!name && SESSION_SOURCES.has(name);
}

/** Steps that keep the first (or last) n rows: Spark's `limit(num)` / `take(num)` / `head(n)` / `tail(num)`, pandas `head(n)` / `tail(n)`. */
const ROW_COUNT_STEPS = new Set(['limit', 'head', 'take', 'tail']);

/**
 * The rows of data written out in the code: a list of rows, or a dict of equally long column
 * lists (`spark.createDataFrame([(1, "a"), (2, "b")])`, `pd.DataFrame({"age": [42, 37]})`).
 */
function literalRowCount(model: SemanticModel, data: Node): number | undefined {
  const rows = sequenceElements(model, data);
  if (rows) return rows.complete ? rows.elements.length : undefined;
  const columns = dictEntries(model, data);
  if (!columns?.complete) return undefined;
  const lengths = [...columns.entries.values()].map((column) => sequenceElements(model, column));
  if (lengths.length === 0 || lengths.some((column) => !column?.complete)) return undefined;
  return Math.max(...lengths.map((column) => column!.elements.length));
}

/**
 * How many rows a step keeps, as the code says: a DataFrame built from rows written in the code, `.limit(n)`, `.head(n)`, `.take(n)`, `.tail(n)`,
 * or a `spark.sql(...)` query that ends in `LIMIT n`. Undefined when the step is not such a cut;
 * `rows` undefined when the count is not a literal (`.limit(n_rows)`).
 */
export function rowCountCut(model: SemanticModel, site: CallSite): { rows: number | undefined } | undefined {
  if ((site.name === 'createDataFrame' && site.receiver) || site.qualifiedName === 'pandas.DataFrame') {
    const data = argument(site, 'data', 0);
    const rows = data ? literalRowCount(model, data) : undefined;
    return rows === undefined ? undefined : { rows };
  }
  if (site.name && ROW_COUNT_STEPS.has(site.name)) return { rows: numberValue(model, argument(site, 'num', 0) ?? keywordArgument(site, 'n')) };
  if (site.name !== 'sql') return undefined;
  const query = stringTemplate(model, argument(site, 'sqlQuery', 0));
  const limit = query ? /\bLIMIT\s+(\d+)\s*;?\s*$/i.exec(query.text) : null;
  return limit ? { rows: Number(limit[1]) } : undefined;
}

/**
 * Where to insert a new `.method(...)` link just before the link `.name(...)` of `callee` (an
 * attribute), keeping the chain's layout: the text goes at the dot, followed by the same
 * separator the chain uses there (` \` + newline + indentation, a newline in parentheses, or nothing).
 */
export function linkInsertion(document: SourceDocument, callee: Node, link: string): { offset: number; text: string } | undefined {
  const object = field(callee, 'object');
  const dot = children(callee).find((child) => child.type === '.');
  if (!object || !dot) return undefined;
  let separator = document.textIn(object.endIndex, dot.startIndex);
  if (separator.includes('#')) separator = `${document.eol}${document.indentationAt(dot.startIndex)}`;
  return { offset: dot.startIndex, text: `${link}${separator}` };
}
