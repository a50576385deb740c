import type { Node } from 'web-tree-sitter';
import { field, namedChildren, unparenthesize } from '../engine/syntax';
import { argument, hasSplatArguments, keywordArgument, positionalArguments } from './calls';
import { apiSpecificMethodCalls } from './libraryEvidence';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringTemplate } from './stringTemplates';
import { isNoneLiteral, sequenceElements, stringList, stringValue } from './values';
import { sqlCells } from './notebook';

/**
 * The Databricks Feature Store clients as a file uses them: `FeatureStoreClient`
 * (databricks.feature_store, workspace feature store) and `FeatureEngineeringClient`
 * (databricks.feature_engineering, Unity Catalog), their tables, lookups, training sets,
 * logged models and batch scoring.
 */
export type FeatureClientKind = 'FeatureStoreClient' | 'FeatureEngineeringClient';

const CLIENT_CLASSES: ReadonlyMap<string, FeatureClientKind> = new Map([
  ['databricks.feature_store.FeatureStoreClient', 'FeatureStoreClient'],
  ['databricks.feature_store.client.FeatureStoreClient', 'FeatureStoreClient'],
  ['databricks.feature_engineering.FeatureEngineeringClient', 'FeatureEngineeringClient'],
  ['databricks.feature_engineering.client.FeatureEngineeringClient', 'FeatureEngineeringClient'],
]);

const FEATURE_LOOKUP_CLASSES: ReadonlySet<string> = new Set([
  'databricks.feature_store.FeatureLookup',
  'databricks.feature_store.entities.feature_lookup.FeatureLookup',
  'databricks.feature_engineering.FeatureLookup',
  'databricks.feature_engineering.entities.feature_lookup.FeatureLookup',
]);

/** A call of a feature store client method: `fe.write_table(...)` after `fe = FeatureEngineeringClient()`. */
export interface FeatureClientCall {
  site: CallSite;
  client: FeatureClientKind;
}

/** The calls of client methods among `names`, whose receiver is known to be a client. */
export function featureClientCalls(model: SemanticModel, ...names: string[]): FeatureClientCall[] {
  const result: FeatureClientCall[] = [];
  for (const site of model.callsNamed(...names)) {
    if (!site.receiver) continue;
    const qualifiedName = site.qualifiedName;
    const owner = qualifiedName?.slice(0, qualifiedName.lastIndexOf('.'));
    const client = owner ? CLIENT_CLASSES.get(owner) : undefined;
    if (client) result.push({ site, client });
  }
  return result;
}

/** A table name as the file gives it, comparable between calls. */
export interface TableName {
  /** Equal for the same table: the literal text, or the one expression a name is bound to. */
  key: string;
  /** The literal name, when known. */
  text?: string;
  /** An f-string name as written between its quotes (`{catalog}.fs.events`). */
  written?: string;
}

/**
 * `"ml.fs.customers"`, `f"{CATALOG}.fs.customers"` with a literal CATALOG, or the one
 * f-string that a name used by both calls is bound to (`table = f"{catalog}.fs.x"`).
 */
export function tableName(model: SemanticModel, node: Node | undefined): TableName | undefined {
  if (!node) return undefined;
  const template = stringTemplate(model, node);
  if (template?.exact) return { key: `text:${template.text}`, text: template.text };
  const value = model.resolveValue(node);
  // `f"{catalog}.{schema}.features"` written out at each call, or bound to a name at one.
  const parts = value.type === 'string' ? fStringKey(model, value) : undefined;
  if (parts) return { key: `template:${parts}`, written: namedChildren(value).filter((child) => child.type === 'string_content' || child.type === 'interpolation').map((child) => child.text).join('') };
  if (value.id === unparenthesize(node).id) return undefined;
  return ['string', 'concatenated_string', 'binary_operator', 'call'].includes(value.type) ? { key: `node:${value.id}` } : undefined;
}

/**
 * What an f-string is made of, comparable between two f-strings: its literal text and, for each
 * `{...}`, the binding that the name it reads sees (`{catalog}`, `{config.db}`, `{cfg['db']}`).
 * Two f-strings with the same key hold the same text. Undefined when a part is anything else
 * (a call, an operator) or its name's binding cannot be decided.
 */
function fStringKey(model: SemanticModel, string: Node): string | undefined {
  if (!/^[rR]?[fF]/.test(string.firstChild?.type === 'string_start' ? string.firstChild.text : '')) return undefined;
  let key = '';
  for (const child of namedChildren(string)) {
    if (child.type === 'string_content') key += child.text;
    else if (child.type === 'interpolation') {
      if (namedChildren(child).length !== 1) return undefined;
      const part = readPart(model, unparenthesize(namedChildren(child)[0]));
      if (part === undefined) return undefined;
      key += `{${part}}`;
    }
  }
  return key;
}

/** `catalog`, `config.db`, `cfg["db"]`: the root name's binding and the path after it. */
function readPart(model: SemanticModel, expr: Node): string | undefined {
  if (expr.type === 'identifier') {
    const reaching = model.bindings.reachingBindings(expr.text, expr);
    // A name the file never binds (a `%run` notebook's, a widget's) is the same value at every use.
    if (reaching.length === 0) return `${expr.text}@global`;
    return reaching.length === 1 ? `${expr.text}@${reaching[0].node.id}` : undefined;
  }
  if (expr.type === 'attribute') {
    const object = field(expr, 'object');
    const root = object ? readPart(model, unparenthesize(object)) : undefined;
    return root === undefined ? undefined : `${root}.${field(expr, 'attribute')?.text ?? ''}`;
  }
  if (expr.type === 'subscript') {
    const object = field(expr, 'value');
    const index = field(expr, 'subscript');
    const root = object ? readPart(model, unparenthesize(object)) : undefined;
    const key = index ? stringValue(model, index) : undefined;
    return root === undefined || key === undefined ? undefined : `${root}[${JSON.stringify(key)}]`;
  }
  return undefined;
}

/** The time dimension of a feature table as created in the file. */
export interface FeatureTable {
  /** The client call that created it; undefined for a table declared in SQL. */
  creation?: CallSite;
  /** The client that created it: its own keyword names a time column the code does not declare. */
  client: FeatureClientKind;
  /** timestamp_keys / timeseries_columns / timeseries_column given (not None). */
  hasTimestampKeys: boolean;
  /** Their literal names, when literal. */
  timestampKeys: string[];
  /** The keyword the creation call names them with (`timestamp_keys=`): messages say what the code wrote. */
  writtenKeyword?: string;
}

/** Keywords that make a feature table a time-series table, across client versions. */
const TIMESTAMP_KEYWORDS = ['timestamp_keys', 'timeseries_columns', 'timeseries_column'];

/**
 * The keyword each client documents for the table's time column: `timeseries_column` in
 * Feature Engineering in Unity Catalog (databricks-feature-engineering's create_table; older
 * releases named it `timeseries_columns`, still taken from its **kwargs), `timestamp_keys` in the
 * workspace Feature Store. FeatureEngineeringClient accepts the others; a message names a declared
 * column by the keyword the code wrote where the client takes it (MLT501), and a missing one by this.
 */
export function timeColumnKeyword(client: FeatureClientKind): string {
  return client === 'FeatureEngineeringClient' ? 'timeseries_column' : 'timestamp_keys';
}

/**
 * Feature tables created in the file, by name. A name created twice with different time
 * keys, or by a call the rule cannot read (`**kwargs`), maps to undefined: unknown.
 */
export function featureTablesCreated(model: SemanticModel): Map<string, FeatureTable | undefined> {
  const tables = new Map<string, FeatureTable | undefined>();
  for (const { site, client } of featureClientCalls(model, 'create_table', 'create_feature_table', 'register_table')) {
    // register_table(delta_table=..., primary_keys=..., timestamp_keys=...) makes an existing Delta table a feature table.
    const name = site.name === 'register_table' ? tableName(model, keywordArgument(site, 'delta_table')) : tableName(model, argument(site, 'name', 0));
    if (!name) continue;
    const table = readTableCreation(model, site, client);
    const previous = tables.get(name.key);
    if (tables.has(name.key) && (!previous || !table || previous.hasTimestampKeys !== table.hasTimestampKeys)) tables.set(name.key, undefined);
    else tables.set(name.key, table);
  }
  for (const { name, timestampKey } of sqlTimeSeriesTables(model)) {
    const key = `text:${name}`;
    const previous = tables.get(key);
    if (tables.has(key) && (!previous || !previous.hasTimestampKeys)) tables.set(key, undefined);
    else if (!tables.has(key)) tables.set(key, { client: 'FeatureEngineeringClient', hasTimestampKeys: true, timestampKeys: [timestampKey] });
  }
  return tables;
}

/** `CREATE TABLE <name> (... PRIMARY KEY (id, ts TIMESERIES))` or `ALTER TABLE <name> ADD CONSTRAINT ... PRIMARY KEY (id, ts TIMESERIES)`. */
const TABLE_STATEMENT = /^\s*(?:CREATE\s+(?:OR\s+REPLACE\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?|ALTER\s+TABLE\s+)([`\w.\-]+)/i;
const PRIMARY_KEY = /PRIMARY\s+KEY\s*\(([^)]*)\)/i;
const TIMESERIES_COLUMN = /(`[^`]+`|\w+)\s+TIMESERIES\b/i;

function readSqlStatements(sql: string, found: Array<{ name: string; timestampKey: string }>): void {
  for (const statement of sql.split(';')) {
    const table = TABLE_STATEMENT.exec(statement);
    const key = table ? PRIMARY_KEY.exec(statement) : undefined;
    const column = key ? TIMESERIES_COLUMN.exec(key[1]) : undefined;
    if (table && column) found.push({ name: table[1].replace(/`/g, ''), timestampKey: column[1].replace(/`/g, '') });
  }
}

/**
 * Time-series feature tables declared in SQL, in `%sql` cells or `spark.sql("...")` with a
 * literal statement: Unity Catalog makes any Delta table with a primary key whose time column
 * is marked TIMESERIES a time-series feature table. Only tables declared with a time column
 * count: a table created in SQL without one may get it later (`ALTER TABLE`), so it decides
 * nothing.
 */
const TIMESERIES = /TIMESERIES/i;

export function sqlTimeSeriesTables(model: SemanticModel): Array<{ name: string; timestampKey: string }> {
  const found: Array<{ name: string; timestampKey: string }> = [];
  if (!model.document.textMatches(TIMESERIES)) return found;
  for (const { sql } of sqlCells(model.document, model.notebook, true)) readSqlStatements(sql, found);
  for (const site of model.callsNamed('sql')) {
    if (!site.receiver) continue;
    const template = stringTemplate(model, argument(site, 'sqlQuery', 0));
    if (template?.exact) readSqlStatements(template.text, found);
  }
  return found;
}

function readTableCreation(model: SemanticModel, site: CallSite, client: FeatureClientKind): FeatureTable | undefined {
  // create_feature_table(name, keys, features_df, schema, partition_columns, description, timestamp_keys):
  // positions past the DataFrame moved between versions, so such calls are unknown.
  if (hasSplatArguments(site) || positionalArguments(site).length > 3) return undefined;
  const timestampKeys: string[] = [];
  let hasTimestampKeys = false;
  let writtenKeyword: string | undefined;
  for (const keyword of TIMESTAMP_KEYWORDS) {
    const value = keywordArgument(site, keyword);
    if (!value || isNoneLiteral(model, value)) continue;
    const single = stringValue(model, value);
    const list = single !== undefined ? [single] : stringList(model, value);
    // `timestamp_keys=[]` declares none.
    if (list && list.length === 0) continue;
    hasTimestampKeys = true;
    writtenKeyword ??= keyword;
    // The same column given under two spellings (`timestamp_keys=["ts"], timeseries_column="ts"`) is one.
    for (const key of list ?? []) if (!timestampKeys.includes(key)) timestampKeys.push(key);
  }
  return { creation: site, client, hasTimestampKeys, timestampKeys, writtenKeyword };
}

/** `FeatureLookup(...)` calls through imports and aliases. */
export function featureLookupCalls(model: SemanticModel): CallSite[] {
  return model.callsOfImported(['FeatureLookup'], (qualifiedName) => FEATURE_LOOKUP_CLASSES.has(qualifiedName));
}

export function lookupTableName(model: SemanticModel, lookup: CallSite): TableName | undefined {
  return tableName(model, argument(lookup, 'table_name', 0));
}

/**
 * The `create_training_set(df=..., feature_lookups=[...])` call that uses a lookup, and its
 * DataFrame argument.
 */
export function trainingSetOf(model: SemanticModel, lookup: Node): { call: CallSite; dataFrame?: Node } | undefined {
  for (const { site } of featureClientCalls(model, 'create_training_set')) {
    if (!listHolds(model, argument(site, 'feature_lookups', 1), lookup)) continue;
    return { call: site, dataFrame: argument(site, 'df', 0) };
  }
  return undefined;
}

const CLIENT_PREFIXES = [...CLIENT_CLASSES.keys()].map((owner) => `${owner}.`);

/** Whether `lookup` is an element (through names, `+` and `*` splats) of the list `node` stands for. */
function listHolds(model: SemanticModel, node: Node | undefined, lookup: Node): boolean {
  const elements = sequenceElements(model, node);
  return !!elements?.elements.some((element) => model.resolveValue(element).id === lookup.id);
}

/**
 * Whether a lookup serves features online: it is one of the `features` of
 * `create_feature_spec(name=..., features=[...])` (Feature Serving, model serving's automatic
 * lookup) or of a `Servable(features=[...])`, which look the latest values up by key.
 */
export function lookupServesOnline(model: SemanticModel, lookup: Node): boolean {
  const specs = apiSpecificMethodCalls(model, 'databricks-feature-store', CLIENT_PREFIXES, 'create_feature_spec');
  if (specs.some((site) => listHolds(model, argument(site, 'features'), lookup))) return true;
  return model.callsNamed('Servable').some((site) => listHolds(model, argument(site, 'features'), lookup));
}

/**
 * `score_batch(...)` calls of a feature client, on any receiver when the file shows the
 * feature store libraries (`fs` from a `%run` notebook, a parameter): only these clients
 * have a method of that name.
 */
export function scoreBatchCalls(model: SemanticModel): CallSite[] {
  return apiSpecificMethodCalls(model, 'databricks-feature-store', CLIENT_PREFIXES, 'score_batch');
}

/**
 * The feature clients' `log_model(...)` calls: on a known client, or on a receiver the file
 * does not resolve when the call passes `training_set=` or `flavor=`, which only the feature
 * clients' log_model takes.
 */
export function featureLogModelCalls(model: SemanticModel): CallSite[] {
  const known = new Set(featureClientCalls(model, 'log_model').map(({ site }) => site.node.id));
  return model.callsNamed('log_model').filter((site) => {
    if (known.has(site.node.id)) return true;
    if (!site.receiver || site.qualifiedName) return false;
    return !!keywordArgument(site, 'training_set') || !!keywordArgument(site, 'flavor');
  });
}
