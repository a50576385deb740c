import type { Node } from 'web-tree-sitter';
import { field, namedChildren, unparenthesize } from '../engine/syntax';
import { allArguments, argument, keywordArgument, positionalArguments } from './calls';
import type { SemanticModel } from './semanticModel';
import { dictEntries, stringList, stringValue } from './values';

/**
 * Columns a Spark DataFrame is known to have, read back along its method chain and the
 * names it was assigned to: `select("id", "ts")`, `withColumn("ts", ...)`,
 * `withColumnRenamed("a", "ts")`, `toDF(...)`, `createDataFrame(rows, ["id", "ts"])`. A
 * lower bound: a column not in the set may still be there.
 */

/** Methods that keep the receiver's columns. */
export const KEEPS_COLUMNS: ReadonlySet<string> = new Set([
  'filter', 'where', 'limit', 'distinct', 'dropDuplicates', 'drop_duplicates', 'orderBy', 'sort', 'sample',
  'repartition', 'coalesce', 'cache', 'persist', 'alias', 'dropna', 'fillna', 'union', 'unionByName', 'hint',
]);

const MAX_STEPS = 24;

export function knownColumns(model: SemanticModel, dataFrame: Node): Set<string> {
  const columns = new Set<string>();
  const removed = new Set<string>();
  const add = (name: string) => {
    if (!removed.has(name)) columns.add(name);
  };
  let current: Node | undefined = dataFrame;
  for (let step = 0; current && step < MAX_STEPS; step++) {
    const expr: Node = model.resolveValue(unparenthesize(current));
    if (expr.type !== 'call') break;
    const callee = field(expr, 'function');
    if (callee?.type !== 'attribute') break;
    const method = field(callee, 'attribute')?.text ?? '';
    const receiver = field(callee, 'object');
    const positional = positionalArguments(expr);
    if (method === 'select' || method === 'toDF') {
      for (const item of allArguments(expr)) for (const name of selectedNames(model, item)) add(name);
      break;
    }
    if (method === 'selectExpr') {
      for (const item of positional) {
        const text = stringValue(model, item)?.trim();
        const name = text ? /^(?:[\w.]+\s+(?:as\s+)?)?`?(\w+)`?$/i.exec(text)?.[1] : undefined;
        if (name) add(name);
      }
      break;
    }
    if (method === 'createDataFrame') {
      const schema = argument(expr, 'schema', 1);
      // Without a schema, a pandas DataFrame's own columns: `createDataFrame(pd.DataFrame({"id": [...], "ts": [...]}))`.
      const data = schema ? undefined : argument(expr, 'data', 0);
      for (const name of schema ? schemaNames(model, schema) : data ? pandasColumns(model, data) : []) add(name);
      break;
    }
    if (method === 'withColumn') {
      const name = stringValue(model, positional[0]);
      if (name) add(name);
    } else if (method === 'withColumnRenamed') {
      const from = stringValue(model, positional[0]);
      const to = stringValue(model, positional[1]);
      if (from) removed.add(from);
      if (to) {
        removed.delete(to);
        add(to);
      }
    } else if (method === 'drop') {
      for (const item of positional) {
        const name = stringValue(model, item);
        if (name) removed.add(name);
      }
    } else if (method === 'join') {
      const other = positional[0] ?? keywordArgument(expr, 'other');
      if (other) for (const name of knownColumns(model, other)) add(name);
    } else if (!KEEPS_COLUMNS.has(method)) break;
    current = receiver;
  }
  return columns;
}

/** The columns a `pandas.DataFrame(...)` call is built with: its `columns=` list, else its dict's keys. */
function pandasColumns(model: SemanticModel, node: Node): string[] {
  if (changedInPlace(model, node)) return [];
  const value = model.resolveValue(node);
  if (value.type !== 'call' || model.resolveQualifiedName(field(value, 'function') ?? value) !== 'pandas.DataFrame') return [];
  const site = model.callSite(value);
  const columns = keywordArgument(site, 'columns');
  if (columns) return stringList(model, columns) ?? [];
  const data = argument(site, 'data', 0);
  return data ? [...(dictEntries(model, data)?.entries.keys() ?? [])] : [];
}

/**
 * Whether a pandas frame a name holds may be changed before Spark reads it: any use of the name
 * but as what `createDataFrame` is given, or a read of its shape or contents (`head()`,
 * `shape`, `dtypes`), may change its columns (`rename(..., inplace=True)`, `del frame["ts"]`,
 * `other = frame; other.drop(...)`, `setattr(frame, "columns", ...)`). Its columns when built are
 * then not known.
 */
function changedInPlace(model: SemanticModel, node: Node): boolean {
  const name = unparenthesize(node);
  const binding = name.type === 'identifier' ? model.lookup(name) : undefined;
  if (!binding) return false;
  return model.usesOf(binding).some((use) => {
    if (use.id === name.id) return false;
    const attribute = use.parent?.type === 'attribute' && field(use.parent, 'object')?.id === use.id ? use.parent : undefined;
    if (attribute && READ_ONLY_FRAME_MEMBERS.has(field(attribute, 'attribute')?.text ?? '') && attribute.parent?.type !== 'assignment' && attribute.parent?.type !== 'augmented_assignment') return false;
    const call = use.parent?.type === 'argument_list' ? use.parent.parent : undefined;
    return !(call?.type === 'call' && model.callSite(call).name === 'createDataFrame');
  });
}

/** What a pandas frame gives without changing: its shape, types, a view of some rows. */
// Not `columns`: `frame.columns += "_x"`, `frame.columns.values[1] = ...` rename them.
const READ_ONLY_FRAME_MEMBERS = new Set(['head', 'tail', 'shape', 'dtypes', 'info', 'describe', 'empty', 'to_string', 'sample']);

/** Output names of `select` items: `"a"`, `F.col("a")`, `expr.alias("b")`, a list of names. */
function selectedNames(model: SemanticModel, item: Node): string[] {
  const literal = stringValue(model, item);
  if (literal !== undefined) return literal === '*' ? [] : [literal];
  const list = stringList(model, item);
  if (list) return list;
  const expr = unparenthesize(item);
  if (expr.type !== 'call') return [];
  const callee = field(expr, 'function');
  const name = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.text;
  const first = positionalArguments(expr)[0];
  if (name === 'alias' || name === 'name') {
    const alias = stringValue(model, first);
    return alias ? [alias] : [];
  }
  if (name === 'col' || name === 'column') {
    const column = stringValue(model, first);
    return column ? [column] : [];
  }
  return [];
}

/** Column names of a schema given as a list of names or a DDL string (`"id INT, ts TIMESTAMP"`). */
function schemaNames(model: SemanticModel, schema: Node | undefined): string[] {
  if (!schema) return [];
  const list = stringList(model, schema);
  if (list) return list;
  const ddl = stringValue(model, schema);
  if (ddl) return ddl.split(',').map((part) => /^\s*`?(\w+)`?/.exec(part)?.[1]).filter((name): name is string => !!name);
  const value = model.resolveValue(schema);
  if (value.type === 'call' && /StructType$/.test(field(value, 'function')?.text ?? '')) {
    const fields = positionalArguments(value)[0];
    const result: string[] = [];
    const list = fields ? model.resolveValue(fields) : undefined;
    for (const entry of list && (list.type === 'list' || list.type === 'tuple') ? namedChildren(list) : []) {
      const structField = model.resolveValue(entry);
      const fieldName = structField.type === 'call' ? stringValue(model, positionalArguments(structField)[0]) : undefined;
      if (fieldName) result.push(fieldName);
    }
    return result;
  }
  return [];
}
