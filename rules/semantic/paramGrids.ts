import { FactCache } from '../engine/reads';
import type { Node } from 'web-tree-sitter';
import { ancestorOfType, codeChildren, contains, field, namedChildren, unparenthesize } from '../engine/syntax';
import { allArguments, argument } from './calls';
import type { CallSite, SemanticModel } from './semanticModel';
import { constructedParams, type ConstructedParams } from './sparkPipelines';
import { listItems, rangeLength } from './columnLists';
import { numberValue } from './values';
import { ownerClass } from './parameterValues';

/**
 * Spark ML hyperparameter grids: `ParamGridBuilder().addGrid(param, [values])...build()`
 * chains (over lines, through names, with `.baseOn(...)` and statements on the builder),
 * grids added together, and how many models a CrossValidator trains on them. Counts are
 * known only when every value list is a literal list (or a name bound to one); anything
 * else is unknown, and callers stay silent.
 */

// ParamRandomBuilder (Spark 3.2+) is a ParamGridBuilder whose addRandom / addLog10Random add n drawn values to the grid.
const BUILDER_CLASS = /^pyspark\.ml(?:\.connect)?\.tuning\.Param(?:Grid|Random)Builder$/;
const CROSS_VALIDATOR_CLASS = /^pyspark\.ml(?:\.connect)?\.tuning\.CrossValidator$/;
const GRID_METHODS = new Set(['addGrid', 'baseOn', 'addRandom', 'addLog10Random']);
const RANDOM_METHODS = new Set(['addRandom', 'addLog10Random']);
const LOOP_TYPES = ['for_statement', 'while_statement'];
const MAX_DEPTH = 24;

/** Spark's default for `CrossValidator.numFolds`. */
const DEFAULT_NUM_FOLDS = 3;

function isCrossValidatorClass(qualifiedName: string | undefined): boolean {
  return !!qualifiedName && CROSS_VALIDATOR_CLASS.test(qualifiedName);
}

function isCrossValidatorCall(model: SemanticModel, call: Node): boolean {
  const callee = field(call, 'function');
  return call.type === 'call' && !!callee && isCrossValidatorClass(model.resolveQualifiedName(callee));
}

/** The number of folds a numFolds value gives: the default when not set; undefined when unknown or below the 2 Spark accepts. */
function foldCount(model: SemanticModel, value: Node | undefined): number | undefined {
  const folds = value === undefined ? DEFAULT_NUM_FOLDS : numberValue(model, value);
  return folds !== undefined && Number.isInteger(folds) && folds >= 2 ? folds : undefined;
}

/** `CrossValidator(...)` calls of pyspark.ml.tuning (or its Spark Connect twin), under any import alias. */
export function crossValidatorCalls(model: SemanticModel): CallSite[] {
  return model.callsOfImported(['CrossValidator'], isCrossValidatorClass);
}

/**
 * The `ParamGridBuilder()` call a builder expression stands for: follows `.addGrid(...)` /
 * `.baseOn(...)` receivers and names bound by plain assignments outside loops.
 */
function builderRoot(model: SemanticModel, expression: Node): Node | undefined {
  let current = unparenthesize(expression);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (current.type === 'identifier') {
      const binding = model.lookup(current);
      if (!binding || binding.kind !== 'assignment' || !binding.value || ancestorOfType(binding.node, LOOP_TYPES)) return undefined;
      current = unparenthesize(binding.value);
      continue;
    }
    if (current.type !== 'call' || current.hasError) return undefined;
    const callee = unparenthesize(field(current, 'function') ?? current);
    const method = callee.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
    const object = callee.type === 'attribute' ? field(callee, 'object') : undefined;
    if (method && object && GRID_METHODS.has(method)) {
      current = unparenthesize(object);
      continue;
    }
    return BUILDER_CLASS.test(model.resolveQualifiedName(callee) ?? '') && allArguments(current).length === 0 ? current : undefined;
  }
  return undefined;
}

const operationCache = new FactCache<SemanticModel, Map<number, Node[]>>();

/**
 * Every `.addGrid(...)` / `.baseOn(...)` call of the file by the builder it changes (the
 * builder's root call id). Both change the builder in place and return it, so a statement
 * `builder.addGrid(...)` counts as much as a chained call.
 */
function gridOperations(model: SemanticModel): Map<number, Node[]> {
  return operationCache.get(model, () => {
    const byRoot = new Map<number, Node[]>();
    for (const site of model.callsNamed(...GRID_METHODS)) {
      const root = site.receiver ? builderRoot(model, site.receiver) : undefined;
      if (!root) continue;
      const list = byRoot.get(root.id);
      if (list) list.push(site.node);
      else byRoot.set(root.id, [site.node]);
    }
    // A chained call ends before the call around it: end offsets give the order they run in.
    for (const list of byRoot.values()) list.sort((a, b) => a.endIndex - b.endIndex);
    return byRoot;
  });
}

/**
 * How many parameter maps a grid expression holds: a `.build()` call (through names), or
 * grids added together with `+`. Undefined when unknown.
 */
function paramGridSize(model: SemanticModel, expression: Node, depth = 0): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expr = model.resolveValue(expression);
  if (expr.type === 'binary_operator' && field(expr, 'operator')?.text === '+') {
    const left = field(expr, 'left');
    const right = field(expr, 'right');
    const leftSize = left ? paramGridSize(model, left, depth + 1) : undefined;
    const rightSize = right ? paramGridSize(model, right, depth + 1) : undefined;
    return leftSize === undefined || rightSize === undefined ? undefined : leftSize + rightSize;
  }
  if (expr.type !== 'call' || expr.hasError || allArguments(expr).length > 0) return undefined;
  const callee = unparenthesize(field(expr, 'function') ?? expr);
  const object = callee.type === 'attribute' && field(callee, 'attribute')?.text === 'build' ? field(callee, 'object') : undefined;
  const root = object ? builderRoot(model, object) : undefined;
  return root ? builtGridSize(model, root, expr) : undefined;
}

/** The number of maps `build` returns: the product of the value counts, one per distinct param. */
function builtGridSize(model: SemanticModel, root: Node, build: Node): number | undefined {
  const scopes = model.bindings.scopes;
  const scope = scopes.scopeOf(root);
  const branch = scopes.branchOf(root)?.id;
  const sameRun = (node: Node) => scopes.scopeOf(node) === scope && scopes.branchOf(node)?.id === branch;
  // A build in a function or a branch may see the builder at another moment: unknown.
  if (!sameRun(build)) return undefined;
  const grid = new Map<string, number>();
  for (const operation of gridOperations(model).get(root.id) ?? []) {
    if (operation.endIndex > build.endIndex) break;
    if (!sameRun(operation) || !applyOperation(model, operation, grid)) return undefined;
  }
  let size = 1;
  for (const count of grid.values()) size *= count;
  return size;
}

/** Apply one `addGrid` / `baseOn` call to the grid; false when its effect is unknown. */
function applyOperation(model: SemanticModel, call: Node, grid: Map<string, number>): boolean {
  const callee = unparenthesize(field(call, 'function') ?? call);
  const method = callee.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
  const args = allArguments(call);
  if (args.some((node) => node.type === 'list_splat' || node.type === 'dictionary_splat')) return false;
  if (method === 'addGrid') {
    const param = argument(call, 'param', 0);
    const values = argument(call, 'values', 1);
    const key = param && paramKey(model, param);
    const count = values && valueCount(model, values);
    if (!key || count === undefined || args.length !== 2) return false;
    grid.set(key, count);
    return true;
  }
  // `addRandom(param, x, y, n)` / `addLog10Random(param, x, y, n)`: n values, drawn when the call runs.
  if (method && RANDOM_METHODS.has(method)) {
    const param = argument(call, 'param', 0);
    const n = numberValue(model, argument(call, 'n', 3));
    const key = param && paramKey(model, param);
    if (!key || n === undefined || !Number.isInteger(n) || n < 0 || args.length !== 4) return false;
    grid.set(key, n);
    return true;
  }
  // `baseOn({param: value})` or `baseOn((param, value), ...)`: each param gets exactly one value.
  if (args.length === 0 || args.some((node) => node.type === 'keyword_argument')) return false;
  const first = model.resolveValue(args[0]);
  let params: Node[] | undefined;
  // Spark reads only the first argument when it is a dict.
  if (first.type === 'dictionary') params = dictionaryKeys(first);
  else {
    const pairs = args.map((node) => pairParam(model, node)).filter((node): node is Node => !!node);
    params = pairs.length === args.length ? pairs : undefined;
  }
  if (!params) return false;
  for (const param of params) {
    const key = paramKey(model, param);
    if (!key) return false;
    grid.set(key, 1);
  }
  return true;
}

/** How many values a grid axis has: a list the file shows (literals, `+`, comprehensions over known lists), `range(...)` or NumPy's evenly spaced values. */
function valueCount(model: SemanticModel, values: Node): number | undefined {
  const list = listItems(model, values);
  if (list) return list.complete && !list.items.some((item) => item.repeated) && !list.literals.some((literal) => literal.hasError) ? list.items.length : undefined;
  return rangeLength(model, values) ?? numpySpacedLength(model, values);
}

/** NumPy's functions of `num` evenly spaced values (50 unless given). */
const NUMPY_SPACED = /^numpy\.(?:linspace|logspace|geomspace)$/;

/**
 * `np.linspace(0.0, 1.0, 5)` (also logspace, geomspace): `num` values; `np.arange(10, 100, 10)`:
 * ceil((stop - start) / step), from whole numbers only (with a fractional step NumPy's own count
 * depends on rounding: its documentation points to linspace instead).
 */
function numpySpacedLength(model: SemanticModel, values: Node): number | undefined {
  const expr = model.resolveValue(values);
  if (expr.type !== 'call') return undefined;
  const site = model.callSite(expr);
  const qualified = site.qualifiedName ?? '';
  if (NUMPY_SPACED.test(qualified)) {
    const start = numberValue(model, argument(site, 'start', 0));
    const stop = numberValue(model, argument(site, 'stop', 1));
    const given = argument(site, 'num', 2);
    const num = given ? numberValue(model, given) : 50;
    // Equal ends give num equal values: one combination, whatever num says.
    if (start === undefined || stop === undefined || num === undefined || !Number.isInteger(num) || num < 0 || start === stop) return undefined;
    return num;
  }
  if (qualified !== 'numpy.arange' || allArguments(site).some((arg) => arg.type === 'keyword_argument')) return undefined;
  const numbers: number[] = [];
  for (const arg of allArguments(site)) {
    const value = numberValue(model, arg);
    if (value === undefined || !Number.isInteger(value)) return undefined;
    numbers.push(value);
  }
  if (numbers.length === 0 || numbers.length > 3) return undefined;
  const [start, stop, step] = numbers.length === 1 ? [0, numbers[0], 1] : [numbers[0], numbers[1], numbers[2] ?? 1];
  if (step === 0) return undefined;
  return Math.max(0, Math.ceil((stop - start) / step));
}

function dictionaryKeys(dictionary: Node): Node[] | undefined {
  const keys: Node[] = [];
  for (const child of namedChildren(dictionary)) {
    if (child.type === 'comment') continue;
    const key = child.type === 'pair' ? field(child, 'key') : undefined;
    if (!key) return undefined;
    keys.push(key);
  }
  return keys;
}

/** The param of a `(param, value)` pair. */
function pairParam(model: SemanticModel, node: Node): Node | undefined {
  const pair = model.resolveValue(node);
  if (pair.type !== 'tuple' && pair.type !== 'list') return undefined;
  const items = codeChildren(pair);
  return items.length === 2 && items[0].type !== 'list_splat' ? items[0] : undefined;
}

/**
 * Which param an expression names, for telling a repeated `addGrid` of the same param (the
 * later one wins) from a new one: `lr.regParam`, with `lr` followed to what it is bound to.
 * Undefined for other forms (`lr.getParam("regParam")`), which might name any param.
 */
function paramKey(model: SemanticModel, node: Node): string | undefined {
  const expr = model.resolveValue(node);
  if (expr.type !== 'attribute') return undefined;
  const object = field(expr, 'object');
  const name = field(expr, 'attribute')?.text;
  if (!object || !name) return undefined;
  const owner = model.resolveValue(object);
  // Two names bound to one constructor call are one object; other owners compare by their text.
  return `${owner.type === 'call' ? `#${owner.id}` : owner.text}.${name}`;
}

/** What a CrossValidator trains: numFolds models per parameter map, plus one refit on all the data. */
export interface CrossValidatorModelCount {
  folds: number;
  combinations: number;
  /** folds x combinations; the refit comes on top. */
  models: number;
  params: ConstructedParams;
}

const COUNTED_PARAMS = ['numFolds', 'estimatorParamMaps'];

/**
 * The model count of a `CrossValidator(...)` call whose numFolds (default 3) and grid are
 * known, else undefined. Shared by MLT105 and the inlay hint on the call.
 */
export function crossValidatorModelCount(model: SemanticModel, call: Node): CrossValidatorModelCount | undefined {
  if (!isCrossValidatorCall(model, call)) return undefined;
  // Only the folds and the grid count: a loop may build one with the same on each pass.
  const params = constructedParams(model, call, COUNTED_PARAMS);
  if (!params || params.anyUnknown) return undefined;
  const foldsValue = params.values.get('numFolds');
  const folds = foldsValue === 'unknown' ? undefined : foldCount(model, foldsValue);
  if (folds === undefined) return undefined;
  const grid = params.values.get('estimatorParamMaps');
  const combinations = grid && grid !== 'unknown' ? paramGridSize(model, grid) : undefined;
  if (combinations === undefined) return undefined;
  return { folds, combinations, models: folds * combinations, params };
}

/** A CrossValidator built by a helper function, counted for one call of that helper. */
export interface CallerModelCount {
  /** The call of the helper that passes the values. */
  caller: CallSite;
  /** The helper's name. */
  helper: string;
  /** The helpers between `helper` and the one that builds the CrossValidator, outermost first (`train` calls `make_cv`: ["make_cv"]); empty when `helper` builds it. */
  through: string[];
  count: CrossValidatorModelCount;
}

/** A helper's parameter, or a value fixed where the CrossValidator is built. */
type ParameterOrValue = { name: string; index: number; defaultValue?: Node } | { value: Node | undefined };

/** How many helpers a grid is followed out through (`run` -> `train` -> `make_cv`). */
const MAX_HELPER_CHAIN = 3;

function valueFor(site: CallSite, source: ParameterOrValue): Node | undefined {
  return 'value' in source ? source.value : (argument(site, source.name, source.index) ?? source.defaultValue);
}

/** The calls of a plain function by its name that the file shows all the arguments of. */
function helperCalls(model: SemanticModel, fn: Node): CallSite[] {
  const name = field(fn, 'name')?.text;
  if (!name) return [];
  return model
    .callsNamed(name)
    .filter((site) => !site.receiver && model.resolveFunction(site.callee)?.id === fn.id && !site.node.hasError && !allArguments(site).some((node) => node.type === 'list_splat' || node.type === 'dictionary_splat'));
}

/** The function a node is in, when it is a plain function (not a method, not a lambda). */
function plainFunctionAround(node: Node): Node | undefined {
  const fn = ancestorOfType(node, ['function_definition', 'lambda', 'class_definition']);
  if (fn?.type !== 'function_definition' || ownerClass(fn)) return undefined;
  return field(fn, 'name') ? fn : undefined;
}

/**
 * The parameter of `fn` that `value` names (the grid or numFolds a helper was given), with its
 * position and default; undefined when `value` is anything else.
 */
function parameterOf(model: SemanticModel, fn: Node, value: Node): { name: string; index: number; defaultValue?: Node } | undefined {
  const expr = unparenthesize(value);
  if (expr.type !== 'identifier') return undefined;
  const binding = model.lookup(expr);
  if (!binding || binding.kind !== 'opaque' || binding.scope !== fn.id) return undefined;
  const parameters = field(fn, 'parameters');
  if (!parameters) return undefined;
  const list = codeChildren(parameters);
  const index = list.findIndex((parameter) => parameter.id === binding.node.id || contains(parameter, binding.node));
  if (index < 0) return undefined;
  const parameter = list[index];
  // `*grids` / `**options` and keyword-only parameters after `*` are not simple positions.
  if (parameter.type === 'list_splat_pattern' || parameter.type === 'dictionary_splat_pattern') return undefined;
  if (list.slice(0, index).some((earlier) => ['list_splat_pattern', 'dictionary_splat_pattern', 'keyword_separator', 'positional_separator'].includes(earlier.type))) return undefined;
  const defaultValue = parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter' ? field(parameter, 'value') : undefined;
  return { name: expr.text, index, defaultValue };
}

/**
 * For a CrossValidator built inside a helper function from the helper's parameters
 * (`def make_cv(estimator, grid): return CrossValidator(..., estimatorParamMaps=grid, numFolds=5)`),
 * the model count at each call of the helper in the file whose arguments the file shows; where
 * the call passes on parameters of its own function (`def train(clf, grid): make_cv(clf, grid)`),
 * at each call of that function instead, up to three helpers out. Only plain functions (not
 * methods) called by name; a call with `*args` / `**kwargs` counts as unknown.
 * Empty when the CrossValidator's count is known without its callers (see crossValidatorModelCount).
 */
export function crossValidatorCountsByCaller(model: SemanticModel, call: Node): CallerModelCount[] {
  if (!isCrossValidatorCall(model, call)) return [];
  const fn = plainFunctionAround(call);
  const fnName = fn && field(fn, 'name')?.text;
  const params = fn && constructedParams(model, call);
  if (!fn || !fnName || !params || params.anyUnknown) return [];
  const foldsValue = params.values.get('numFolds');
  const grid = params.values.get('estimatorParamMaps');
  if (foldsValue === 'unknown' || !grid || grid === 'unknown') return [];
  const foldsParameter = foldsValue ? parameterOf(model, fn, foldsValue) : undefined;
  const gridParameter = parameterOf(model, fn, grid);
  if (!foldsParameter && !gridParameter) return [];
  const results: CallerModelCount[] = [];
  // Values a call gives the helper, followed outwards while they are the parameters of the
  // function that makes the call (`train(clf, grid)` passing its grid on to `make_cv`).
  const expand = (helperFn: Node, helpers: string[], folds: ParameterOrValue, gridValue: ParameterOrValue, depth: number): void => {
    for (const site of helperCalls(model, helperFn)) {
      const foldsNode = valueFor(site, folds);
      const gridNode = valueFor(site, gridValue);
      const outer = depth < MAX_HELPER_CHAIN ? plainFunctionAround(site.node) : undefined;
      const outerFolds = outer && foldsNode ? parameterOf(model, outer, foldsNode) : undefined;
      const outerGrid = outer && gridNode ? parameterOf(model, outer, gridNode) : undefined;
      if (outer && (outerFolds || outerGrid)) {
        expand(outer, [field(outer, 'name')!.text, ...helpers], outerFolds ?? { value: foldsNode }, outerGrid ?? { value: gridNode }, depth + 1);
        continue;
      }
      const count = foldCount(model, foldsNode);
      if (count === undefined) continue;
      const combinations = gridNode ? paramGridSize(model, gridNode) : undefined;
      if (combinations === undefined || combinations === 0) continue;
      results.push({ caller: site, helper: helpers[0], through: helpers.slice(1), count: { folds: count, combinations, models: count * combinations, params } });
    }
  };
  expand(fn, [fnName], foldsParameter ?? { value: foldsValue }, gridParameter ?? { value: grid }, 0);
  return results;
}
