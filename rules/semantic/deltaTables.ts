import type { Node } from 'web-tree-sitter';
import type { OffsetRange } from '../engine/sourceDocument';
import { namedChildren, unparenthesize } from '../engine/syntax';
import { isReboundGlobal } from './reboundGlobals';
import { argument, keywordArgument, positionalArguments } from './calls';
import { chainCalls, crossesAttribute, isSparkSession, methodChain } from './dataFrameChains';
import { decodeStringLiteral, sourceRangeOf } from './embeddedJson';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringTemplate, UNKNOWN_PART } from './stringTemplates';
import { sqlCells } from './notebook';
import { sequenceElements, stringList, stringValue } from './values';

/**
 * Delta tables as the file writes them (`df.write.partitionBy("c").saveAsTable("t")`, `.save(path)`)
 * and maintains them (`spark.sql("OPTIMIZE t ZORDER BY (c)")`). Tables and paths are compared
 * by a key: `table:main.sales.events` (lower case, no backticks) or `path:/mnt/delta/events`.
 */

export interface PartitionedWrite {
  key: string;
  columns: string[];
  terminal: CallSite;
}

/** A table whose partition columns the file states: a partitioned write, or SQL DDL (`PARTITIONED BY`). */
export interface PartitionedTable {
  key: string;
  columns: string[];
  /** The write call, for a table known by a name the file binds (a key of `boundKey`). */
  at?: Node;
}

/** Whether a key stands for a name's binding (`path = tempfile.mkdtemp()`), not a written-out table or path. */
export function isBoundKey(key: string): boolean {
  return /^(?:table|path)-bound:/.test(key);
}

/** Writer calls that name their target, with the parameter that holds it. */
const WRITE_TARGETS: Record<string, { keyword: string; kind: 'table' | 'path' }> = {
  saveAsTable: { keyword: 'name', kind: 'table' },
  toTable: { keyword: 'tableName', kind: 'table' },
  save: { keyword: 'path', kind: 'path' },
  start: { keyword: 'path', kind: 'path' },
};

export function tableKey(name: string): string | undefined {
  const parts = name.trim().split('.').map((part) => part.trim().replace(/^`|`$/g, ''));
  if (parts.some((part) => part === '' || /[\s`]/.test(part) || part.includes(UNKNOWN_PART))) return undefined;
  return `table:${parts.join('.').toLowerCase()}`;
}

/**
 * The key of a write's or a DeltaTable's target: its written-out name or path, or else, for a
 * name (`save(path)`, `DeltaTable.forPath(spark, path)`), the one binding both uses see (the
 * same value, whatever it is: `tempfile.mkdtemp()`, a parameter). `shown` is what a message calls it.
 */
function targetKey(model: SemanticModel, node: Node | undefined, kind: 'table' | 'path'): { key: string; shown: string } | undefined {
  // A name that a function declares `global` may be bound again when that function runs.
  const written = node ? unparenthesize(node) : undefined;
  if (written?.type === 'identifier' && isReboundGlobal(model, written.text)) return undefined;
  // `f"{lake_root}/orders"` with `lake_root = "/mnt/lake"`: a path whose every part is known is
  // written out, unless a function may rebind a name it reads (`global lake_root`).
  const template = node && !readsGlobalName(model, node) ? stringTemplate(model, node) : undefined;
  const name = stringValue(model, node) ?? (template?.exact ? template.text : undefined);
  if (name !== undefined) {
    const key = kind === 'table' ? tableKey(name) : pathKey(name);
    return key ? { key, shown: name } : undefined;
  }
  const expr = node ? unparenthesize(node) : undefined;
  if (expr?.type !== 'identifier') return undefined;
  const binding = model.lookup(expr);
  // A name changed in place (`path += "/v2"`) may not hold the same value at both uses.
  if (!binding || binding.kind === 'import' || binding.kind === 'function' || binding.kind === 'class' || model.bindings.isMutatedAfter(binding)) return undefined;
  return { key: `${kind}-bound:${binding.node.id}:${binding.name}`, shown: expr.text };
}

/** Whether an expression (an f-string's fields) reads a name that a function declares `global`. */
function readsGlobalName(model: SemanticModel, node: Node): boolean {
  const names = node.type === 'identifier' ? [node] : node.descendantsOfType('identifier');
  return names.some((name) => !!name && isReboundGlobal(model, name.text));
}

export function pathKey(path: string): string | undefined {
  if (path.includes(UNKNOWN_PART) || path.trim() === '') return undefined;
  const normalized = path.trim().replace(/^dbfs:(?=\/)/, '').replace(/\/+$/, '');
  return normalized === '' ? undefined : `path:${normalized}`;
}

/** `col("d")` / `F.col("d")` / `column("d")`: the column itself, by name (not a transform of it such as `days("ts")`). */
function columnReference(model: SemanticModel, node: Node): string | undefined {
  const value = model.resolveValue(node);
  if (value.type !== 'call') return undefined;
  const site = model.callSite(value);
  return /^pyspark\.sql\.functions\.(?:col|column)$/.test(site.qualifiedName ?? '') ? stringValue(model, positionalArguments(site)[0]) : undefined;
}

/** String arguments of `partitionBy("a", "b")`, `partitionBy(["a", "b"])` or `partitionBy(*cols)`; undefined when not all literal. */
function partitionColumns(model: SemanticModel, nodes: Node[]): string[] | undefined {
  const columns: string[] = [];
  for (const node of nodes) {
    const expr = unparenthesize(node);
    const inner = expr.type === 'list_splat' ? expr.namedChildren[0] : expr;
    if (!inner) return undefined;
    const single = stringValue(model, inner) ?? columnReference(model, inner);
    if (single !== undefined) {
      columns.push(single);
      continue;
    }
    const list = stringList(model, inner);
    if (!list) return undefined;
    columns.push(...list);
  }
  return columns;
}

/** A write of the file whose target is written down (or held in a name): its partition columns (none when not partitioned). */
export interface TableWrite extends PartitionedWrite {
  /** `.mode("overwrite").option("overwriteSchema", "true")`: the write replaces the table's schema and partitioning (Delta applies the option to an overwrite only). */
  overwritesSchema: boolean;
}

/** The writes of the file whose target is written down. */
export function tableWrites(model: SemanticModel): TableWrite[] {
  const writes: TableWrite[] = [];
  for (const terminal of model.callsNamed(...Object.keys(WRITE_TARGETS))) {
    const target = WRITE_TARGETS[terminal.name!];
    if (!terminal.receiver || terminal.callee.type !== 'attribute') continue;
    const chain = methodChain(model, terminal.node);
    if (!crossesAttribute(chain, 'write') && !crossesAttribute(chain, 'writeStream')) continue;
    const columns: string[] = [];
    let overwritesSchema = isTrue(model, keywordArgument(terminal, 'overwriteSchema'));
    let overwrite = stringValue(model, keywordArgument(terminal, 'mode'))?.toLowerCase() === 'overwrite';
    // Delta takes overwriteSchema only on an overwrite without replaceWhere (WriteIntoDelta.canOverwriteSchema).
    let replaceWhere = !!keywordArgument(terminal, 'replaceWhere');
    for (const site of chainCalls(chain)) {
      if (site.name === 'option' && stringValue(model, argument(site, 'key', 0))?.toLowerCase() === 'replacewhere') replaceWhere = true;
      if (site.name === 'options' && keywordArgument(site, 'replaceWhere')) replaceWhere = true;
      if (site.name === 'mode') overwrite = stringValue(model, argument(site, 'saveMode', 0))?.toLowerCase() === 'overwrite';
      if (site.name === 'option' && stringValue(model, argument(site, 'key', 0))?.toLowerCase() === 'overwriteschema') overwritesSchema ||= isTrue(model, argument(site, 'value', 1));
      if (site.name === 'options') overwritesSchema ||= isTrue(model, keywordArgument(site, 'overwriteSchema'));
      if (site.name !== 'partitionBy') continue;
      const found = partitionColumns(model, site.arguments ? namedChildren(site.arguments).filter((child) => child.type !== 'comment' && child.type !== 'keyword_argument') : []);
      if (found) columns.push(...found);
    }
    const keyword = keywordArgument(terminal, 'partitionBy');
    if (keyword) columns.push(...(partitionColumns(model, [keyword]) ?? []));
    const key = targetKey(model, argument(terminal, target.keyword, 0), target.kind)?.key;
    if (key) writes.push({ key, columns, terminal, overwritesSchema: overwritesSchema && overwrite && !replaceWhere });
  }
  return writes;
}

/**
 * A statement that redefines a table and its partitioning: an overwrite with `overwriteSchema`,
 * `df.writeTo(t).createOrReplace()` / `.replace()` (partitioned by its `partitionedBy`, or not at
 * all), `CREATE OR REPLACE TABLE t ...` / `REPLACE TABLE t ...` in SQL (by its `PARTITIONED BY`).
 */
export interface TableReplacement {
  key: string;
  columns: string[];
  /** Where it ends in the document. */
  end: number;
  /** The Python call, when it is one (for the pass it runs on). */
  node?: Node;
}

const REPLACE_TABLE = /^\s*(?:CREATE\s+OR\s+REPLACE|REPLACE)\s+TABLE\s+([`\w.\-]+)/i;

export function tableReplacements(model: SemanticModel): TableReplacement[] {
  const found: TableReplacement[] = tableWrites(model)
    .filter((write) => write.overwritesSchema)
    .map((write) => ({ key: write.key, columns: write.columns, end: write.terminal.node.endIndex, node: write.terminal.node }));
  // `df.writeTo(t).createOrReplace()`, and Delta's builder `DeltaTable.createOrReplace(spark).tableName(t)...execute()`.
  for (const site of model.callsNamed('createOrReplace', 'replace', 'execute')) {
    if (!site.receiver) continue;
    const calls = chainCalls(methodChain(model, site.node));
    const writeTo = site.name === 'execute' ? undefined : calls.find((call) => call.name === 'writeTo');
    const builder = site.name === 'execute' && calls.some((call) => /^delta\.tables\.DeltaTable\.(?:createOrReplace|replace)$/.test(call.qualifiedName ?? '')) ? calls.find((call) => call.name === 'tableName') : undefined;
    const named = writeTo ? argument(writeTo, 'table', 0) : builder ? argument(builder, 'identifier', 0) : undefined;
    const name = named ? stringValue(model, named) : undefined;
    const key = name === undefined ? undefined : tableKey(name);
    if (!key) continue;
    const columns = calls
      .filter((call) => call.name === 'partitionedBy')
      .flatMap((call) => partitionColumns(model, call.arguments ? namedChildren(call.arguments).filter((child) => child.type !== 'comment' && child.type !== 'keyword_argument') : []) ?? []);
    found.push({ key, columns, end: site.node.endIndex, node: site.node });
  }
  // `end(offset)`: where a statement ending at `offset` of the SQL ends in the document.
  const readReplacements = (sql: string, end: (offset: number) => number, node?: Node) => {
    let from = 0;
    for (const statement of sql.split(';')) {
      from += statement.length + 1;
      const match = REPLACE_TABLE.exec(statement);
      const key = match ? tableKey(match[1]) : undefined;
      if (!key) continue;
      const partitioned = CREATE_PARTITIONED.exec(statement);
      const columns = partitioned ? partitioned[2].split(',').map((part) => part.trim().split(/\s+/)[0].replace(/^`|`$/g, '')).filter((name) => /^\w+$/.test(name)) : [];
      found.push({ key, columns, end: end(from - 1), node });
    }
  };
  for (const site of model.callsNamed('sql')) {
    if (!site.receiver || !isSparkSession(model, site.receiver)) continue;
    const template = stringTemplate(model, argument(site, 'sqlQuery', 0));
    if (template?.exact && /REPLACE\s+TABLE/i.test(template.text)) readReplacements(template.text, () => site.node.endIndex, site.node);
  }
  for (const { sql, documentOffset } of sqlCells(model.document, model.notebook)) {
    if (/REPLACE\s+TABLE/i.test(sql)) readReplacements(sql, (offset) => documentOffset(Math.min(offset, sql.length)));
  }
  return found;
}

/** `True`, `"true"` (any case): an option switched on, as Spark reads a boolean option. */
function isTrue(model: SemanticModel, node: Node | undefined): boolean {
  if (!node) return false;
  if (unparenthesize(node).type === 'true') return true;
  return stringValue(model, node)?.trim().toLowerCase() === 'true';
}

/** The partitioned writes of the file whose target is written down. */
export function partitionedWrites(model: SemanticModel): PartitionedWrite[] {
  return tableWrites(model).filter((write) => write.columns.length > 0);
}

/**
 * The tables the file partitions: partitioned writes (`df.write.partitionBy(...)`), the
 * DataFrameWriterV2 (`df.writeTo("t").partitionedBy("d").create()`), and SQL DDL
 * (`CREATE [OR REPLACE] TABLE t (...) PARTITIONED BY (d)`) in `spark.sql("...")` or a %sql cell.
 */
export function partitionedTables(model: SemanticModel): PartitionedTable[] {
  const tables: PartitionedTable[] = partitionedWrites(model).map(({ key, columns, terminal }) => ({ key, columns, at: terminal.node }));
  for (const site of model.callsNamed('partitionedBy')) {
    if (!site.receiver) continue;
    const writeTo = chainCalls(methodChain(model, site.node)).find((call) => call.name === 'writeTo');
    const name = writeTo ? stringValue(model, argument(writeTo, 'table', 0)) : undefined;
    const key = name === undefined ? undefined : tableKey(name);
    // Transforms (`days("ts")`) are not plain names: only literal strings and `col("d")` count.
    const columns = key ? partitionColumns(model, site.arguments ? namedChildren(site.arguments).filter((child) => child.type !== 'comment' && child.type !== 'keyword_argument') : []) : undefined;
    if (key && columns && columns.length > 0) tables.push({ key, columns });
  }
  if (!model.document.textMatches(PARTITIONED_BY)) return tables;
  for (const site of model.callsNamed('sql')) {
    if (!site.receiver || !isSparkSession(model, site.receiver)) continue;
    const template = stringTemplate(model, argument(site, 'sqlQuery', 0));
    if (template?.exact) tables.push(...readPartitionedDdl(template.text));
  }
  for (const { sql } of sqlCells(model.document, model.notebook)) tables.push(...readPartitionedDdl(sql));
  return tables;
}

const PARTITIONED_BY = /PARTITIONED\s+BY/i;
const CREATE_PARTITIONED = /^\s*(?:CREATE\s+(?:OR\s+REPLACE\s+)?|REPLACE\s+)TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([`\w.\-]+)[\s\S]*?\bPARTITIONED\s+BY\s*\(([^)]*)\)/i;

/** The partition columns of the CREATE TABLE statements in a SQL text (a column with a type, Hive style, by its name). */
function readPartitionedDdl(sql: string): PartitionedTable[] {
  const tables: PartitionedTable[] = [];
  for (const statement of sql.split(';')) {
    const match = PARTITIONED_BY.test(statement) ? CREATE_PARTITIONED.exec(statement) : undefined;
    const key = match ? tableKey(match[1]) : undefined;
    if (!match || !key) continue;
    const columns = match[2].split(',').map((part) => part.trim().split(/\s+/)[0].replace(/^`|`$/g, '')).filter((name) => /^\w+$/.test(name));
    if (columns.length > 0) tables.push({ key, columns });
  }
  return tables;
}

export interface ZOrderColumn {
  name: string;
  /** Where the column is written in the source, when the SQL is a plain literal passed right there. */
  range?: OffsetRange;
}

export interface ZOrderStatement {
  key: string;
  /** The table or path as written in the SQL. */
  target: string;
  columns: ZOrderColumn[];
  /** What states it: the SQL argument of `spark.sql(...)`, the `executeZOrderBy(...)` call, or the statement in a %sql cell. */
  range: OffsetRange;
  /** The `executeZOrderBy(...)` call (the Python API form). */
  at?: Node;
}

const OPTIMIZE_ZORDER = /^\s*OPTIMIZE\s+(?<target>delta\.`[^`]+`|[^\s;]+?)(?:\s+WHERE\s[\s\S]*?)?\s+ZORDER\s+BY\s*(?:\((?<list>[^)]*)\)|(?<bare>[^;()]*?))\s*;?\s*$/di;

/** `spark.sql("OPTIMIZE <table | delta.`path`> [WHERE ...] ZORDER BY (c, ...)")` in the file. */
export function zorderStatements(model: SemanticModel): ZOrderStatement[] {
  const statements: ZOrderStatement[] = [];
  for (const site of model.callsNamed('sql')) {
    if (!site.receiver || !isSparkSession(model, site.receiver)) continue;
    const sql = argument(site, 'sqlQuery', 0);
    const template = sql ? stringTemplate(model, sql) : undefined;
    if (!sql || !template || !/ZORDER/i.test(template.text)) continue;
    const read = readZOrder(template.text);
    if (!read) continue;
    // Offsets map into the source only when the SQL is a plain literal written in the call.
    const decoded = unparenthesize(sql).type === 'string' ? decodeStringLiteral(unparenthesize(sql)) : undefined;
    const mapsToSource = !!decoded && decoded.text === template.text;
    const { key, target } = read;
    const columns: ZOrderColumn[] = read.columns.map((column) => ({ name: column.name, range: mapsToSource ? sourceRangeOf(decoded!, column.start, column.end) : undefined }));
    statements.push({ key, target, columns, range: { start: sql.startIndex, end: sql.endIndex } });
  }
  statements.push(...deltaTableZOrders(model), ...sqlCellZOrders(model));
  return statements;
}

/** The parts of an OPTIMIZE ... ZORDER BY statement: the key of its target, and its columns at their offsets in `sql`. */
function readZOrder(sql: string): { key: string; target: string; columns: Array<{ name: string; start: number; end: number }> } | undefined {
  const match = OPTIMIZE_ZORDER.exec(sql);
  if (!match?.groups || !match.indices?.groups) return undefined;
  const target = match.groups.target;
  const pathMatch = /^delta\.`([^`]+)`$/i.exec(target);
  const key = pathMatch ? pathKey(pathMatch[1]) : tableKey(target);
  if (!key) return undefined;
  const listText = match.groups.list ?? match.groups.bare ?? '';
  const listStart = (match.indices.groups.list ?? match.indices.groups.bare)?.[0] ?? 0;
  const columns: Array<{ name: string; start: number; end: number }> = [];
  const columnPattern = /[^,]+/g;
  for (let part = columnPattern.exec(listText); part; part = columnPattern.exec(listText)) {
    const raw = part[0];
    const name = raw.trim().replace(/^`|`$/g, '');
    if (name === '' || name.includes(UNKNOWN_PART)) continue;
    const start = listStart + part.index + raw.indexOf(raw.trim());
    columns.push({ name, start, end: start + raw.trim().length });
  }
  return { key, target, columns };
}

/** OPTIMIZE ... ZORDER BY statements in the notebook's %sql cells (Databricks runs them as spark.sql would), statement by statement. */
function sqlCellZOrders(model: SemanticModel): ZOrderStatement[] {
  const statements: ZOrderStatement[] = [];
  for (const { sql, documentOffset } of sqlCells(model.document, model.notebook)) {
    let from = 0;
    for (const piece of sql.split(';')) {
      const read = /ZORDER/i.test(piece) ? readZOrder(piece) : undefined;
      if (read) {
        const at = (offset: number) => documentOffset(from + offset);
        statements.push({
          key: read.key,
          target: read.target,
          columns: read.columns.map((column) => ({ name: column.name, range: { start: at(column.start), end: at(column.end) } })),
          range: { start: at(piece.search(/\S/)), end: at(piece.trimEnd().length) },
        });
      }
      from += piece.length + 1;
    }
  }
  return statements;
}

const DELTA_TABLE_FACTORIES: Record<string, { parameter: string; kind: 'table' | 'path' }> = {
  'delta.tables.DeltaTable.forName': { parameter: 'tableOrViewName', kind: 'table' },
  'delta.tables.DeltaTable.forPath': { parameter: 'path', kind: 'path' },
};

/** `DeltaTable.forName(spark, "t").optimize()[.where(...)].executeZOrderBy("c", ...)`: the Python API form of OPTIMIZE ... ZORDER BY. */
function deltaTableZOrders(model: SemanticModel): ZOrderStatement[] {
  const statements: ZOrderStatement[] = [];
  for (const site of model.callsNamed('executeZOrderBy')) {
    if (!site.receiver) continue;
    const calls = chainCalls(methodChain(model, site.receiver));
    const factory = calls.find((call) => call.qualifiedName && DELTA_TABLE_FACTORIES[call.qualifiedName]);
    if (!factory || !calls.some((call) => call.name === 'optimize')) continue;
    const { parameter, kind } = DELTA_TABLE_FACTORIES[factory.qualifiedName!];
    const found = targetKey(model, argument(factory, parameter, 1), kind);
    if (!found || !site.arguments) continue;
    const { key, shown: target } = found;
    const columns: ZOrderColumn[] = [];
    const add = (node: Node) => {
      const name = stringValue(model, node);
      const literal = unparenthesize(node);
      if (name !== undefined) columns.push({ name, range: literal.type === 'string' ? { start: literal.startIndex, end: literal.endIndex } : undefined });
    };
    for (const node of namedChildren(site.arguments)) {
      if (node.type === 'comment' || node.type === 'keyword_argument') continue;
      if (stringValue(model, node) !== undefined) add(node);
      else sequenceElements(model, node)?.elements.forEach(add);
    }
    statements.push({ key, target, columns, range: { start: site.node.startIndex, end: site.node.endIndex }, at: site.node });
  }
  return statements;
}
