import type { Node } from 'web-tree-sitter';
import { removeItem, replaceNode } from './engine/fixBuilders';
import type { SourceDocument } from './engine/sourceDocument';
import { ancestorOfType, children, codeChildren, contains, field, namedChildren, unparenthesize } from './engine/syntax';
import type { Fix, Rule, RuleContext, TextEdit } from './engine/types';
import { allArguments, argument, keywordArgumentNode } from './semantic/calls';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { functionOfCallable } from './semantic/tuning';
import { stringList, stringValue } from './semantic/values';

/** Calls that fit a model: `model.fit(...)`, `xgb.train(...)`, `sm.OLS(y, X).fit()`, `Prophet().fit(df)`. */
const TRAINING_METHODS = new Set(['fit', 'train', 'partial_fit', 'fit_predict']);
/** Fitting these is feature computation, not training a model. */
const FEATURE_MODULES = ['sklearn.preprocessing', 'sklearn.impute', 'sklearn.feature_extraction', 'sklearn.feature_selection'];
/** `pdf.groupby(key).<method>` that aggregates or derives features instead of handing out groups. */
const GROUPBY_AGGREGATIONS = new Set([
  'agg', 'aggregate', 'mean', 'sum', 'count', 'size', 'min', 'max', 'median', 'std', 'var', 'first', 'last',
  'nunique', 'transform', 'cumsum', 'cumcount', 'cummax', 'cummin', 'cumprod', 'shift', 'diff', 'rank',
  'pct_change', 'rolling', 'expanding', 'ewm', 'head', 'tail', 'describe', 'quantile', 'ngroup', 'fillna',
  'ffill', 'bfill', 'prod', 'sem', 'idxmin', 'idxmax', 'value_counts', 'resample', 'nth',
]);
/** mapInPandas parameters that applyInPandas does not take. */
const MAP_ONLY_KEYWORDS = ['barrier', 'profile'];
const LITERAL_TYPES = ['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none'];

type FunctionNode = Node;

/** How the function splits its rows by a key column, and the key when it is written down. */
interface KeySplit {
  keys?: string[];
  /** Lower is a more telling source of the key (groupby beats a filter beats unique()). */
  rank: number;
}

function nodesOfType(root: Node, types: string[]): Node[] {
  // Named only: the `yield` keyword token has the same type name as the yield expression.
  return root.descendantsOfType(types).filter((node): node is Node => !!node && node.isNamed);
}

function callsInside(model: SemanticModel, root: Node): CallSite[] {
  return model.callsWithin(root);
}

/** The column a `pdf["store"]` / `pdf.store` expression reads, when written as a literal. */
function columnName(model: SemanticModel, node: Node): string | undefined {
  const expr = unparenthesize(node);
  if (expr.type === 'subscript') {
    const index = codeChildren(expr).slice(1);
    return index.length === 1 ? stringValue(model, index[0]) : undefined;
  }
  if (expr.type === 'attribute') return field(expr, 'attribute')?.text;
  return undefined;
}

function isColumnAccess(node: Node): boolean {
  const expr = unparenthesize(node);
  if (expr.type === 'subscript') {
    const index = namedChildren(expr).slice(1);
    return index.length === 1 && (index[0].type === 'string' || index[0].type === 'identifier');
  }
  return expr.type === 'attribute' && field(expr, 'object')?.type === 'identifier';
}

function isLiteral(model: SemanticModel, node: Node): boolean {
  return LITERAL_TYPES.includes(model.resolveValue(node).type);
}

function isTrainingCall(site: CallSite): boolean {
  if (!site.name || !TRAINING_METHODS.has(site.name) || !site.receiver) return false;
  const qualified = site.qualifiedName;
  return !qualified || !FEATURE_MODULES.some((module) => qualified.startsWith(`${module}.`));
}

/** `pdf.groupby("store")` used to hand out groups (iterated, applied, kept), not to aggregate. */
function groupbySplit(model: SemanticModel, site: CallSite): KeySplit | undefined {
  if (site.name !== 'groupby' || !site.receiver) return undefined;
  let user = site.node.parent;
  if (user?.type === 'subscript' && sameValue(user, site.node)) user = user.parent;
  if (user?.type === 'attribute' && GROUPBY_AGGREGATIONS.has(field(user, 'attribute')?.text ?? '')) return undefined;
  const by = argument(site, 'by', 0);
  const single = by ? stringValue(model, by) : undefined;
  const keys = single !== undefined ? [single] : by ? stringList(model, by) : undefined;
  return { keys: keys && keys.length > 0 ? keys : undefined, rank: 0 };
}

function sameValue(subscript: Node, value: Node): boolean {
  return field(subscript, 'value')?.id === value.id;
}

/** `for s in pdf["store"].unique()` (also `sorted(...)`, `np.unique(pdf.store)`, a name bound to it). */
function uniqueKeysSplit(model: SemanticModel, loop: Node): KeySplit | undefined {
  const iterable = field(loop, 'right');
  if (!iterable) return undefined;
  let expr = model.resolveValue(iterable);
  for (let depth = 0; depth < 4 && expr.type === 'call'; depth++) {
    const site = model.callSite(expr);
    const args = codeChildren(site.arguments ?? expr);
    if (site.name === 'unique' && site.receiver) {
      const qualified = site.qualifiedName;
      const column = qualified === 'numpy.unique' || qualified === 'pandas.unique' ? args[0] : site.receiver;
      if (!column || !isColumnAccess(column)) return undefined;
      const key = columnName(model, column);
      return { keys: key ? [key] : undefined, rank: 2 };
    }
    if (!['sorted', 'list', 'tuple', 'enumerate', 'set'].includes(site.name ?? '') || site.receiver || !args[0]) return undefined;
    expr = model.resolveValue(args[0]);
  }
  return undefined;
}

/** `pdf[pdf["store"] == s]`, `pdf.loc[(pdf.store == s) & ...]`: rows of one key value, not a literal. */
function filterSplit(model: SemanticModel, comparison: Node): KeySplit | undefined {
  if (!children(comparison).some((child) => !child.isNamed && child.text === '==')) return undefined;
  const operands = codeChildren(comparison);
  if (operands.length !== 2) return undefined;
  const [left, right] = operands;
  // The other side is the key value: not a literal (`label == 1` picks a class) nor another column.
  const isKeyValue = (node: Node) => !isLiteral(model, node) && !isColumnAccess(node);
  const column = isColumnAccess(left) && isKeyValue(right) ? left : isColumnAccess(right) && isKeyValue(left) ? right : undefined;
  if (!column) return undefined;
  // The comparison must select rows: it sits (through &, |, ~, parentheses) in a subscript's index.
  let current: Node = comparison;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    if (['parenthesized_expression', 'boolean_operator', 'binary_operator', 'unary_operator', 'not_operator'].includes(parent.type)) continue;
    if (parent.type === 'subscript' && !sameValue(parent, current)) {
      const key = columnName(model, column);
      return { keys: key ? [key] : undefined, rank: 1 };
    }
    return undefined;
  }
  return undefined;
}

/** `pdf.query("store == @s")` or `pdf.query(f"store == '{s}'")`. */
function querySplit(site: CallSite): KeySplit | undefined {
  if (site.name !== 'query' || !site.receiver || !site.arguments) return undefined;
  const expression = namedChildren(site.arguments)[0];
  if (!expression || expression.type !== 'string') return undefined;
  const match = /`?([A-Za-z_]\w*)`?\s*==\s*(?:@\w|['"]?\{[^}])/.exec(expression.text);
  return match ? { keys: [match[1]], rank: 3 } : undefined;
}

interface TrainingAnalysis {
  trains: boolean;
  split?: KeySplit;
}

/** Whether the code of `roots` fits a model and splits its rows by a key. */
function analyzeBodies(model: SemanticModel, roots: Node[]): TrainingAnalysis {
  const result: TrainingAnalysis = { trains: false };
  const consider = (split: KeySplit | undefined) => {
    if (!split) return;
    const better = !result.split || (split.keys && !result.split.keys) || (!!split.keys === !!result.split.keys && split.rank < result.split.rank);
    if (better) result.split = split;
  };
  for (const root of roots) {
    for (const site of callsInside(model, root)) {
      if (isTrainingCall(site)) result.trains = true;
      consider(groupbySplit(model, site));
      consider(querySplit(site));
      if (site.name === 'get_group' && site.receiver) consider({ rank: 4 });
    }
    for (const loop of nodesOfType(root, ['for_statement', 'for_in_clause'])) consider(uniqueKeysSplit(model, loop));
    for (const comparison of nodesOfType(root, ['comparison_operator'])) consider(filterSplit(model, comparison));
  }
  return result;
}

/** The function and the defs it calls (one level): the helpers often hold the loop or the fit. */
function functionAndHelpers(model: SemanticModel, fn: FunctionNode): Node[] {
  const roots = [fn];
  for (const site of callsInside(model, fn)) {
    const callee = unparenthesize(site.callee);
    if (callee.type !== 'identifier') continue;
    const helper = model.resolveFunction(callee);
    if (helper && helper.id !== fn.id && !contains(helper, fn) && !roots.some((root) => root.id === helper.id)) roots.push(helper);
  }
  return roots;
}

/** A class in this file defines its own `mapInPandas`: the call may well be that method. */
function isLocalMapInPandas(model: SemanticModel, site: CallSite): boolean {
  const receiver = site.receiver ? model.resolveValue(site.receiver) : undefined;
  if (!receiver) return true;
  if (receiver.type === 'call') {
    const callee = field(receiver, 'function');
    if (callee && model.resolveClass(callee)) return true;
  }
  // A def of that name anywhere (a method of the file's own class): the binding table knows, the tree need not be read.
  return model.bindings.all('mapInPandas').some((binding) => binding.kind === 'function');
}

function pythonString(value: string): string | undefined {
  return /^[\w .:/-]*$/.test(value) ? `"${value}"` : undefined;
}

function functionLabel(fn: FunctionNode): string {
  return fn.type === 'function_definition' ? (field(fn, 'name')?.text ?? 'the function') : 'the function';
}

/** Occurrences of a bare name (not `obj.name`), in code, strings or comments alike. */
function countName(text: string, name: string): number {
  return text.match(new RegExp(`(?<![.\\w])${name}(?!\\w)`, 'g'))?.length ?? 0;
}

/** `Iterator[pd.DataFrame]` -> `pd.DataFrame`; undefined for other annotations. */
function elementType(annotation: string): string | undefined {
  return /^(?:[\w.]+\.)?(?:Iterator|Iterable)\[\s*([\w.]+)\s*\]$/.exec(annotation.trim())?.[1];
}

/**
 * `def train(iterator):\n    for pdf in iterator:\n        ...\n        yield out` becomes
 * `def train(pdf):\n    ...\n    return out`, when that is all the function does. Undefined
 * when the rewrite is not mechanical (the caller then only rewrites the call).
 */
function perGroupSignatureEdits(document: SourceDocument, fn: FunctionNode, callCount: number): TextEdit[] | undefined {
  if (fn.type !== 'function_definition' || /^async\b/.test(fn.text)) return undefined;
  const name = field(fn, 'name')?.text;
  const parameters = field(fn, 'parameters');
  const body = field(fn, 'body');
  if (!name || !parameters || !body || countName(document.text, name) !== callCount + 1) return undefined;
  const params = codeChildren(parameters);
  if (params.length !== 1 || !['identifier', 'typed_parameter'].includes(params[0].type)) return undefined;
  const paramName = params[0].type === 'identifier' ? params[0].text : namedChildren(params[0])[0]?.text;
  if (!paramName || !/^\w+$/.test(paramName)) return undefined;
  const paramType = field(params[0], 'type');
  const groupType = paramType ? elementType(paramType.text) : undefined;
  if (paramType && !groupType) return undefined;
  const returnType = field(fn, 'return_type');
  const returnGroupType = returnType ? elementType(returnType.text) : undefined;
  if (returnType && !returnGroupType) return undefined;

  const statements = codeChildren(body);
  const loop = statements[statements.length - 1];
  const docstring = statements.length === 2 && statements[0].type === 'expression_statement' && statements[0].firstNamedChild?.type === 'string';
  if (!loop || loop.type !== 'for_statement' || !(statements.length === 1 || docstring)) return undefined;
  if (field(loop, 'alternative') || /^async\b/.test(loop.text)) return undefined;
  const variable = field(loop, 'left');
  const iterable = field(loop, 'right');
  const loopBody = field(loop, 'body');
  if (variable?.type !== 'identifier' || iterable?.type !== 'identifier' || iterable.text !== paramName || !loopBody) return undefined;
  // The parameter is used by the loop header only, and the loop holds no flow that a return would change.
  if (nodesOfType(fn, ['identifier']).filter((node) => node.text === paramName).length !== 2) return undefined;
  if (nodesOfType(loopBody, ['break_statement', 'continue_statement', 'return_statement']).length > 0) return undefined;
  const yields = nodesOfType(fn, ['yield']);
  const loopStatements = codeChildren(loopBody);
  const lastStatement = loopStatements[loopStatements.length - 1];
  const finalYield = lastStatement?.type === 'expression_statement' && lastStatement.namedChildCount === 1 ? lastStatement.firstNamedChild : null;
  if (yields.length !== 1 || !finalYield || finalYield.type !== 'yield' || finalYield.id !== yields[0].id) return undefined;
  if (/^yield\s+from\b/.test(finalYield.text) || finalYield.namedChildCount === 0) return undefined;
  if (nodesOfType(loopBody, ['string']).some((string) => string.startPosition.row !== string.endPosition.row)) return undefined;

  const headerLine = loop.startPosition.row;
  const firstBodyLine = loopBody.startPosition.row;
  if (firstBodyLine <= headerLine || document.positionAt(iterable.endIndex).line !== headerLine) return undefined;
  const loopIndent = document.indentationAt(loop.startIndex);
  const bodyIndent = document.indentationAt(loopBody.startIndex);
  if (!bodyIndent.startsWith(loopIndent) || bodyIndent.length === loopIndent.length) return undefined;
  const extra = bodyIndent.length - loopIndent.length;

  const edits: TextEdit[] = [];
  const paramText = groupType ? `${variable.text}: ${groupType}` : variable.text;
  edits.push(replaceNode(params[0], paramText));
  if (returnType && returnGroupType) edits.push(replaceNode(returnType, returnGroupType));
  edits.push({ start: document.lineStarts[headerLine], end: document.lineStarts[headerLine + 1], newText: '' });
  for (let line = headerLine + 1; line <= loopBody.endPosition.row; line++) {
    const text = document.lineText(line);
    const leading = /^[ \t]*/.exec(text)![0];
    if (text.trim() === '') {
      if (leading.length > 0) edits.push({ start: document.lineStarts[line], end: document.lineStarts[line] + Math.min(extra, leading.length), newText: '' });
      continue;
    }
    if (!text.startsWith(bodyIndent) && !(text.trimStart().startsWith('#') && leading.length >= extra)) return undefined;
    edits.push({ start: document.lineStarts[line], end: document.lineStarts[line] + extra, newText: '' });
  }
  edits.push({ start: finalYield.startIndex, end: finalYield.startIndex + 'yield'.length, newText: 'return' });
  return edits;
}

function applyInPandasFix(context: RuleContext, site: CallSite, method: Node, fn: FunctionNode, keys: string[] | undefined): Fix {
  const { document } = context;
  const quoted = keys?.map(pythonString);
  const known = quoted && quoted.every((key): key is string => key !== undefined);
  const keyText = known ? quoted.join(', ') : '"<key>"';
  const edits: TextEdit[] = [replaceNode(method, `groupBy(${keyText}).applyInPandas`)];
  const args = site.arguments;
  for (const keyword of MAP_ONLY_KEYWORDS) {
    const node = keywordArgumentNode(site, keyword);
    if (node && args) edits.push(removeItem(document, args, node));
  }
  const fnName = functionLabel(fn);
  // Only when this call is the function's one use: other callers still pass an iterator.
  const signature = perGroupSignatureEdits(document, fn, 1);
  if (signature) edits.push(...signature);
  const groupBy = `groupBy(${keyText}).applyInPandas`;
  let title = signature
    ? `Use ${groupBy} and make ${fnName} take one pandas DataFrame per group`
    : `Use ${groupBy} (${fnName} must then take one pandas DataFrame per group, not an iterator: rewrite its loop)`;
  if (!known) title += ' — replace the "<key>" placeholder';
  return { title, safety: 'unsafe', edits };
}

/** The column a `repartition` argument names: `"store"` or `col("store")`. */
function partitionColumn(model: SemanticModel, node: Node): string | undefined {
  const literal = stringValue(model, node);
  if (literal !== undefined) return literal;
  const value = model.resolveValue(node);
  if (value.type !== 'call') return undefined;
  const call = model.callSite(value);
  return call.name === 'col' || call.name === 'column' ? stringValue(model, allArguments(call)[0]) : undefined;
}

/**
 * Whether the DataFrame was repartitioned by exactly the split keys before mapInPandas
 * (`df.repartition("store").mapInPandas(...)`): then each key's rows share one partition.
 */
function repartitionedBy(model: SemanticModel, receiver: Node | undefined, keys: readonly string[]): boolean {
  let current = receiver ? model.resolveValue(receiver) : undefined;
  for (let depth = 0; current && current.type === 'call' && depth < 24; depth++) {
    const call = model.callSite(current);
    if (call.name === 'repartition' || call.name === 'repartitionByRange') {
      const columns = allArguments(call).map((node) => (node.type === 'integer' ? '' : partitionColumn(model, node)));
      const named = columns.filter((column) => column !== '');
      return named.length > 0 && named.every((column) => column !== undefined && keys.includes(column)) && keys.every((key) => named.includes(key));
    }
    current = call.receiver ? model.resolveValue(call.receiver) : undefined;
  }
  return false;
}

/**
 * Whether the DataFrame is an aggregation by exactly the split keys (`sales.groupBy("store")
 * .agg(F.collect_list(...))`): one row per key, so no group can span partitions or batches.
 */
function aggregatedBy(model: SemanticModel, receiver: Node | undefined, keys: readonly string[]): boolean {
  let current = receiver ? model.resolveValue(receiver) : undefined;
  for (let depth = 0; current && current.type === 'call' && depth < 24; depth++) {
    const call = model.callSite(current);
    if (call.name === 'agg' && call.receiver) {
      const grouping = model.resolveValue(call.receiver);
      const groupBy = grouping.type === 'call' ? model.callSite(grouping) : undefined;
      if (groupBy?.name !== 'groupBy' && groupBy?.name !== 'groupby') return false;
      const columns = allArguments(groupBy).map((node) => partitionColumn(model, node));
      return columns.length > 0 && columns.every((column) => column !== undefined && keys.includes(column)) && keys.every((key) => columns.includes(key));
    }
    // Steps that keep one row per key: filters, renames, added columns (not an explode, which makes rows).
    if (!['filter', 'where', 'withColumn', 'withColumnRenamed', 'select', 'alias', 'cache', 'persist'].includes(call.name ?? '')) return false;
    if (/\b(?:pos)?explode(?:_outer)?\b|\binline\b/.test(call.arguments?.text ?? '')) return false;
    current = call.receiver ? model.resolveValue(call.receiver) : undefined;
  }
  return false;
}

/**
 * Whether `fn` gathers its whole input first (`pdf = pd.concat(iterator)` or
 * `pd.concat(list(iterator))`): with a repartition by the key, it then sees every row of
 * each of its keys, not a 10,000-row batch of them.
 */
function concatenatesItsInput(fn: Node): boolean {
  const parameters = field(fn, 'parameters');
  const first = parameters ? namedChildren(parameters)[0] : undefined;
  const name = first?.type === 'identifier' ? first.text : first ? field(first, 'name')?.text : undefined;
  if (!name) return false;
  const body = field(fn, 'body');
  return !!body && new RegExp(`\\bconcat\\(\\s*(?:list\\(\\s*)?${name}\\b`).test(body.text);
}

function checkCall(context: RuleContext, site: CallSite): void {
  const { model } = context;
  const callee = unparenthesize(site.callee);
  const method = callee.type === 'attribute' ? field(callee, 'attribute') : undefined;
  if (!method || site.node.hasError || isLocalMapInPandas(model, site)) return;
  const fnArgument = argument(site, 'func', 0);
  const fn = fnArgument ? functionOfCallable(model, fnArgument) : undefined;
  if (!fn || fn.hasError || ancestorOfType(site.node, ['function_definition', 'lambda'])?.id === fn.id) return;
  const analysis = analyzeBodies(model, functionAndHelpers(model, fn));
  if (!analysis.trains || !analysis.split) return;
  const keys = analysis.split.keys;
  if (keys && repartitionedBy(model, site.receiver, keys) && concatenatesItsInput(fn)) return;
  if (keys && aggregatedBy(model, site.receiver, keys)) return;
  const keyLabel = keys ? keys.map((key) => `"${key}"`).join(', ') : '<key>';
  const owner = keys ? `each ${keys.join('/')}` : 'each group';
  const fnLabel = fn.type === 'function_definition' ? (field(fn, 'name')?.text ?? 'the function') : 'the function';
  context.report({
    node: method,
    message:
      `mapInPandas hands ${fnLabel} each partition's rows in batches, not whole groups: the rows of ${owner} can span partitions and batches, ` +
      `so its model can be trained on only part of them — use groupBy(${keyLabel}).applyInPandas to train on all of a group's rows at once`,
    fixes: [applyInPandasFix(context, site, method, fn, keys)],
  });
}

export const mlt201MapinpandasPerGroupTraining: Rule = {
  meta: {
    id: 'MLT201',
    name: 'mapinpandas-per-group-training',
    severity: 'warning',
    area: 'Distributed training and tuning',
    domain: 'Model Development',
    title: 'Per-group training with mapInPandas sees partitions, not whole groups: use groupBy().applyInPandas',
  },
  docs: {
    trap: '`mapInPandas()` used to train one model per store, product or region: the function splits its pandas batch by the key and fits a model for each key.',
    reality:
      'mapInPandas works per partition: the function gets an iterator of pandas DataFrames that are batches of one partition\'s rows, and a group can span partitions and batches, so models get trained on partial groups (a store whose rows are spread gets several partial models, none of them on all its rows). `groupBy(key).applyInPandas(fn, schema)` puts each group\'s rows together and calls the function once per group with one pandas DataFrame. mltraps flags mapInPandas only when its function (a def, a lambda, a name bound to one or `functools.partial` of one, followed into the file\'s functions it calls) both fits a model and splits its rows by a key; not scoring or feature computation, not boosting on the whole data set, and not a DataFrame repartitioned by the key whose function gathers its whole partition first.',
    example: [
      'def train(iterator):',
      '    for pdf in iterator:',
      '        for store, group in pdf.groupby("store"):',
      '            model = Prophet().fit(group)',
      '            yield pd.DataFrame({"store": [store], "model": [pickle.dumps(model)]})',
      '',
      'models = sales.mapInPandas(train, schema="store string, model binary")',
    ].join('\n'),
    useInstead: [
      'def train(pdf: pd.DataFrame) -> pd.DataFrame:',
      '    model = Prophet().fit(pdf)',
      '    return pd.DataFrame({"store": [pdf["store"].iloc[0]], "model": [pickle.dumps(model)]})',
      '',
      'models = sales.groupBy("store").applyInPandas(train, schema="store string, model binary")',
    ].join('\n'),
    fix:
      'Rewrites the call to `df.groupBy("<key>").applyInPandas(fn, schema)` with the key the function splits by (a `"<key>"` placeholder when it is not written as a literal). The function must then take one pandas DataFrame per group: when it is a plain `for pdf in iterator: ... yield out` loop, the fix rewrites the signature and turns the loop body into the function body with `return out`; otherwise it says so in its title and leaves the function to you.',
    fixSafety:
      'Unsafe: it changes what the function receives (one whole group instead of partition batches) and any per-key loop inside it is now redundant, so it needs your eye; offered one at a time, never in "fix all".',
    examFact: 'applyInPandas trains one model per group; mapInPandas works per partition and is for batch inference.',
    references: [
      { title: 'pandas function APIs: grouped map and map (Databricks)', url: 'https://docs.databricks.com/aws/en/pandas/pandas-function-apis' },
      { title: 'GroupedData.applyInPandas (PySpark)', url: 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.GroupedData.applyInPandas.html' },
      { title: 'DataFrame.mapInPandas (PySpark)', url: 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.DataFrame.mapInPandas.html' },
    ],
  },
  triggers: ['mapInPandas'],
  check(context) {
    for (const site of context.model.callsNamed('mapInPandas')) checkCall(context, site);
  },
};
