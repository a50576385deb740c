import type { Node } from 'web-tree-sitter';
import { FactCache } from '../engine/reads';
import { field, unparenthesize } from '../engine/syntax';
import { argument, positionalArguments } from './calls';
import { dictEntries, stringList, stringValue } from './values';
import type { SemanticModel } from './semanticModel';

/**
 * Whether a column is categorical or numeric, as the file says: Spark schemas
 * (`StructField("country", StringType())`, DDL strings `"country STRING, age INT"`), pandas
 * `.astype("category")` / `.astype(float)`, and lists whose name says what they hold
 * (`cat_cols = ["country", "plan"]`, `numeric_features = [...]`).
 */
export type ColumnKind = 'categorical' | 'numeric';

const NUMERIC_SPARK_TYPES = new Set(['IntegerType', 'LongType', 'ShortType', 'ByteType', 'FloatType', 'DoubleType', 'DecimalType']);
const CATEGORICAL_SPARK_TYPES = new Set(['StringType', 'VarcharType', 'CharType']);
const NUMERIC_DDL = /^(?:int|integer|bigint|long|smallint|short|tinyint|byte|float|real|double|decimal|dec|numeric)$/i;
const CATEGORICAL_DDL = /^(?:string|varchar|char)$/i;
const CATEGORICAL_DTYPES = new Set(['category', 'string', 'str', 'object']);
const NUMERIC_DTYPE = /^(?:float|int|u?int(?:8|16|32|64)|float(?:16|32|64)|Int(?:8|16|32|64)|Float(?:32|64)|number|numeric)$/;

/** snake_case words of a name: `catCols` and `CAT_COLS` give ["cat", "cols"]. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/_+/)
    .filter(Boolean);
}

const CATEGORICAL_WORDS = new Set(['cat', 'cats', 'categorical', 'category', 'categories', 'nominal', 'string', 'str']);
const NUMERIC_WORDS = new Set(['num', 'numeric', 'numerical', 'continuous', 'float', 'floats', 'int', 'integer', 'number', 'numbers']);

/** What a list's name says about its columns: `cat_cols`, `categorical_features`, `num_cols`, ... */
/**
 * Words that turn a list's kind around or make it another one: `non_numeric_cols`,
 * `not_categorical_features`, and encodings of categorical columns, which hold numbers
 * (`target_encoded_cat_cols`, `cat_freq_cols`, `cat_index_cols`).
 */
const OVERRIDING_WORDS = new Set(['non', 'not', 'no', 'except', 'excluding', 'without', 'encoded', 'encoding', 'enc', 'freq', 'frequency', 'codes', 'code', 'index', 'indexed', 'idx', 'ohe', 'onehot', 'dummy', 'dummies', 'count', 'counts']);

export function kindFromListName(name: string): ColumnKind | undefined {
  const words = nameWords(name);
  if (words.some((word) => OVERRIDING_WORDS.has(word))) return undefined;
  const categorical = words.some((word) => CATEGORICAL_WORDS.has(word));
  const numeric = words.some((word) => NUMERIC_WORDS.has(word));
  if (categorical === numeric) return undefined;
  return categorical ? 'categorical' : 'numeric';
}

/**
 * Where a name holding one of the words above may be assigned (`cat_cols =`, `numCols: list =`),
 * matched from the word on (inside the name): every such word holds one of these
 * (`categorical` holds `cat`, `integer` holds `int`).
 */
const KIND_NAME_ASSIGNED = /(?:cat|nominal|str|num|continuous|float|int)[\p{L}\p{N}\p{M}_]*\s*(?::[^=\n]*)?=(?!=)/giu;

const kindsByModel = new FactCache<SemanticModel, ColumnKinds>();

/** The file's column kinds, read once per document (MLT103 and MLT702 ask). */
export function columnKinds(model: SemanticModel): ColumnKinds {
  return kindsByModel.get(model, () => new ColumnKinds(model));
}

export class ColumnKinds {
  private readonly kinds = new Map<string, ColumnKind | 'conflict'>();

  constructor(private readonly model: SemanticModel) {
    this.readStructFields();
    this.readDdlSchemas();
    this.readAstype();
    this.readCasts();
    this.readNamedLists();
  }

  kindOf(column: string): ColumnKind | undefined {
    const kind = this.kinds.get(column);
    return kind === 'conflict' ? undefined : kind;
  }

  private record(column: string, kind: ColumnKind): void {
    const previous = this.kinds.get(column);
    this.kinds.set(column, previous === undefined || previous === kind ? kind : 'conflict');
  }

  private readStructFields(): void {
    const { model } = this;
    for (const site of model.callsNamed('StructField')) {
      if (!/^pyspark\.sql\.types\.StructField$/.test(site.qualifiedName ?? '')) continue;
      const name = stringValue(model, argument(site, 'name', 0));
      const type = argument(site, 'dataType', 1);
      const kind = type ? sparkTypeKind(model, type) : undefined;
      if (name && kind) this.record(name, kind);
    }
  }

  /** DDL strings given as a schema: `schema=`, `.schema("...")`, `createDataFrame(rows, "...")`. */
  private readDdlSchemas(): void {
    const { model } = this;
    const schemas: Node[] = [];
    for (const keyword of model.nodesAroundText(['schema'], 'keyword_argument')) {
      const value = field(keyword, 'value');
      if (field(keyword, 'name')?.text === 'schema' && value) schemas.push(value);
    }
    for (const site of model.callsNamed('schema')) {
      const first = positionalArguments(site)[0];
      if (site.receiver && first) schemas.push(first);
    }
    for (const site of model.callsNamed('createDataFrame')) {
      const second = positionalArguments(site)[1];
      if (second) schemas.push(second);
    }
    for (const schema of schemas) {
      const ddl = stringValue(model, schema);
      if (ddl) for (const [column, kind] of readDdl(ddl)) this.record(column, kind);
    }
  }

  /** `df["c"].astype("category")`, `df.astype({"c": "category"})`, `.astype(float)`. */
  private readAstype(): void {
    const { model } = this;
    for (const site of model.callsNamed('astype')) {
      const receiver = site.receiver ? unparenthesize(site.receiver) : undefined;
      const dtype = positionalArguments(site)[0] ?? argument(site, 'dtype');
      if (!receiver || !dtype) continue;
      const entries = dictEntries(model, dtype);
      if (entries) {
        for (const [column, value] of entries.entries) {
          const kind = dtypeKind(model, value);
          if (kind) this.record(column, kind);
        }
        continue;
      }
      const column = subscriptColumn(model, receiver);
      const kind = dtypeKind(model, dtype);
      if (column && kind) this.record(column, kind);
    }
  }

  /**
   * Spark casts that give a column its kind: `withColumn("amount", col("amount").cast("double"))`,
   * `col("amount").cast(DoubleType()).alias("amount")`, and pandas `df["amount"] = pd.to_numeric(...)`.
   * A string column of a raw schema cast to a number is then in conflict, and unknown.
   */
  private readCasts(): void {
    const { model } = this;
    for (const site of model.callsNamed('withColumn')) {
      const column = stringValue(model, positionalArguments(site)[0]);
      const value = positionalArguments(site)[1];
      const kind = value ? castKind(model, value) : undefined;
      if (column && kind) this.record(column, kind);
    }
    for (const site of model.callsNamed('alias')) {
      const column = stringValue(model, positionalArguments(site)[0]);
      const kind = site.receiver ? castKind(model, site.receiver) : undefined;
      if (column && kind) this.record(column, kind);
    }
    for (const site of model.callsNamed('to_numeric')) {
      const assignment = site.node.parent;
      if (assignment?.type !== 'assignment' || field(assignment, 'right')?.id !== site.node.id) continue;
      const left = field(assignment, 'left');
      const column = left ? subscriptColumn(model, left) : undefined;
      if (column) this.record(column, 'numeric');
    }
  }

  /** `cat_cols = ["country", "plan"]`: each listed column has the kind the name says. */
  private readNamedLists(): void {
    const { model } = this;
    for (const assignment of model.nodesAroundPattern(KIND_NAME_ASSIGNED, 'assignment')) {
      const parts = model.syntax.partsOfAssignment(assignment);
      if (parts?.left.type !== 'identifier' || !parts.right || (parts.right.type !== 'list' && parts.right.type !== 'tuple')) continue;
      const kind = kindFromListName(parts.left.text);
      const columns = kind ? stringList(model, parts.right) : undefined;
      if (kind && columns) for (const column of columns) this.record(column, kind);
    }
  }
}

/** The kind an expression ending in `.cast(type)` gives its column: `"double"`, `DoubleType()`, `"string"`. */
function castKind(model: SemanticModel, node: Node): ColumnKind | undefined {
  const expr = unparenthesize(node);
  if (expr.type !== 'call') return undefined;
  const site = model.callSite(expr);
  if (site.name !== 'cast' || !site.receiver) return undefined;
  const type = positionalArguments(site)[0];
  if (!type) return undefined;
  const ddl = stringValue(model, type);
  return ddl !== undefined ? ddlTypeKind(ddl.replace(/\(.*$/, '').trim()) : sparkTypeKind(model, type);
}

/** `DoubleType()`, `T.StringType()`, or a name bound to one: the kind of a pyspark.sql.types class. */
function sparkTypeKind(model: SemanticModel, node: Node): ColumnKind | undefined {
  const value = model.resolveValue(node);
  const typeName = value.type === 'call' ? model.callSite(value).qualifiedName : undefined;
  if (!typeName?.startsWith('pyspark.sql.types.')) return undefined;
  const simple = typeName.slice('pyspark.sql.types.'.length);
  if (CATEGORICAL_SPARK_TYPES.has(simple)) return 'categorical';
  return NUMERIC_SPARK_TYPES.has(simple) ? 'numeric' : undefined;
}

/** `double`, `DECIMAL`, `string`: the kind of a DDL type name. */
function ddlTypeKind(name: string): ColumnKind | undefined {
  if (CATEGORICAL_DDL.test(name)) return 'categorical';
  return NUMERIC_DDL.test(name) ? 'numeric' : undefined;
}

/** `"category"` / `"object"` -> categorical, `float` / `"int64"` / `np.float32` -> numeric. */
function dtypeKind(model: SemanticModel, node: Node): ColumnKind | undefined {
  const text = stringValue(model, node) ?? (node.type === 'identifier' || node.type === 'attribute' ? node.text.split('.').pop() : undefined);
  if (text === undefined) return undefined;
  if (CATEGORICAL_DTYPES.has(text)) return 'categorical';
  if (NUMERIC_DTYPE.test(text)) return 'numeric';
  return undefined;
}

/** `df["country"]` -> "country" (a literal key, followed through names). */
export function subscriptColumn(model: SemanticModel, node: Node): string | undefined {
  const expr = unparenthesize(node);
  if (expr.type !== 'subscript') return undefined;
  const keys = expr.childrenForFieldName('subscript').filter((key): key is Node => !!key);
  return keys.length === 1 ? stringValue(model, keys[0]) : undefined;
}

/** `"a STRING, b DECIMAL(10,2), c INT"` -> (a, categorical), (b, numeric), (c, numeric). */
function readDdl(ddl: string): Array<[string, ColumnKind]> {
  const result: Array<[string, ColumnKind]> = [];
  for (const entry of splitTopLevel(ddl)) {
    const match = /^\s*`?(\w+)`?\s*:?\s+(\w+)/.exec(entry);
    if (!match) continue;
    const kind = ddlTypeKind(match[2]);
    if (kind) result.push([match[1], kind]);
  }
  return result;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(' || char === '<') depth++;
    else if (char === ')' || char === '>') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}
