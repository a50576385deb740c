import { FactCache } from '../engine/reads';
import type { Node } from 'web-tree-sitter';
import { codeChildren, field, firstStartingFrom, unparenthesize } from '../engine/syntax';
import { argument, keywordArgument, positionalArguments } from './calls';
import { calledMethod, referencedMethod } from './methodCalls';
import type { CallSite, SemanticModel } from './semanticModel';
import { fminCalls, functionOfCallable, objectiveFunction, optimizeCalls, sparkTrialsCall } from './tuning';
import { booleanValue, numberValue } from './values';

/** MLflow tracking: active runs (`with mlflow.start_run():`), the code that runs inside them, logging calls. */

const START_RUN = new Set(['mlflow.start_run', 'mlflow.tracking.fluent.start_run']);
const END_RUN = new Set(['mlflow.end_run', 'mlflow.tracking.fluent.end_run']);

export function isStartRun(site: CallSite): boolean {
  return site.name === 'start_run' && START_RUN.has(site.qualifiedName ?? '');
}

export function isEndRun(site: CallSite): boolean {
  return site.name === 'end_run' && END_RUN.has(site.qualifiedName ?? '');
}

/** `mlflow.end_run()` also under another name (`from mlflow import end_run as close_run`). */
export function isEndRunUnderAnyName(site: CallSite): boolean {
  return END_RUN.has(site.qualifiedName ?? '');
}

/** `mlflow.start_run(...)` calls of the file. */
export function startRunCalls(model: SemanticModel): CallSite[] {
  if (!model.importsModule('mlflow')) return [];
  return model.callsNamed('start_run').filter(isStartRun);
}

/** A `with mlflow.start_run(...) [as run]:` statement: its body runs inside an active run. */
export interface RunBlock {
  statement: Node;
  startRun: CallSite;
  body: Node;
}

/** The with statement whose item is `call` (`with call:` or `with call as x:`). */
function withStatementOf(call: Node): Node | undefined {
  let item = call.parent;
  if (item?.type === 'as_pattern') item = item.parent;
  if (item?.type !== 'with_item') return undefined;
  const clause = item.parent;
  const statement = clause?.type === 'with_clause' ? clause.parent : undefined;
  return statement?.type === 'with_statement' ? statement : undefined;
}

export function runBlocks(model: SemanticModel): RunBlock[] {
  const result: RunBlock[] = [];
  for (const startRun of startRunCalls(model)) {
    const statement = withStatementOf(startRun.node);
    const body = statement ? field(statement, 'body') : undefined;
    if (statement && body) result.push({ statement, startRun, body });
  }
  return result;
}

/**
 * The `nested` argument of `mlflow.start_run(run_id, experiment_id, run_name, nested, ...)`: by
 * keyword, or the fourth positional one.
 */
export function nestedArgument(site: CallSite): Node | undefined {
  return argument(site, 'nested', 3);
}

/** Whether the call starts a child run: `nested=True`; undefined when `nested=` is not a literal. */
export function nestedFlag(model: SemanticModel, site: CallSite): boolean | undefined {
  const nested = nestedArgument(site);
  if (!nested) return false;
  return booleanValue(model, nested);
}

/** Fluent-API or client calls that record something in MLflow: log_*, start_run, set_tag(s), autolog. */
export function isTrackingCall(model: SemanticModel, site: CallSite): boolean {
  // A name imported under another (`from mlflow import log_metric as record`) is a plain identifier.
  if (!isTrackingName(site.name ?? '') && site.callee.type !== 'identifier') return false;
  const qualifiedName = site.qualifiedName;
  if (!qualifiedName || !qualifiedName.startsWith('mlflow.')) return false;
  const name = qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
  if (!isTrackingName(name)) return false;
  // `autolog(disable=True)` switches logging off: it records nothing.
  return name !== 'autolog' || booleanValue(model, keywordArgument(site, 'disable')) !== true;
}

function isTrackingName(name: string): boolean {
  return name.startsWith('log_') || ['start_run', 'set_tag', 'set_tags', 'autolog'].includes(name);
}

/** `mlflow.autolog()` / `mlflow.<flavor>.autolog()` somewhere in the file, not switched off with `disable=True`. */
export function autologEnabled(model: SemanticModel): boolean {
  return autologEnablingCalls(model).length > 0;
}

/** The `mlflow.autolog()` / `mlflow.<flavor>.autolog()` calls that turn autologging on (not `disable=True`). */
export function autologEnablingCalls(model: SemanticModel): CallSite[] {
  return model
    .callsOfImported(['autolog'], (qualifiedName) => /^mlflow\.(?:[A-Za-z_]\w*\.)?autolog$/.test(qualifiedName))
    .filter((site) => booleanValue(model, keywordArgument(site, 'disable')) !== true);
}

/**
 * Autolog calls that log no model at all: `mlflow.spark.autolog()` records the Spark data
 * sources a run reads (path, format, version); Spark ML models are autologged by
 * `mlflow.pyspark.ml.autolog()` (or `mlflow.autolog()`).
 */
const AUTOLOG_WITHOUT_MODELS = new Set(['mlflow.spark.autolog']);

/**
 * `mlflow.autolog()` / `mlflow.<flavor>.autolog()` (`mlflow.pyspark.ml.autolog()` too) that
 * logs models with their signatures: not switched off, and neither `log_models=False` nor
 * `log_model_signatures=False`.
 */
export function autologLogsSignatures(model: SemanticModel): boolean {
  return model.callsNamed('autolog').some((site) => {
    const qualifiedName = site.qualifiedName ?? '';
    if (!/^mlflow\.(?:[A-Za-z_]\w*\.){0,2}autolog$/.test(qualifiedName) || AUTOLOG_WITHOUT_MODELS.has(qualifiedName)) return false;
    return ['disable', 'log_models', 'log_model_signatures'].every((keyword) => {
      const value = booleanValue(model, keywordArgument(site, keyword));
      return keyword === 'disable' ? value !== true : value !== false;
    });
  });
}

/** A call that runs while a run is active. */
export interface CallInActiveRun {
  site: CallSite;
  block: RunBlock;
  /**
   * The call in the block through which the code runs — a helper function called there, or
   * the fmin / study.optimize call whose objective it is — when it is not lexically in the block.
   */
  via?: CallSite;
  /** When the code runs because a loop in the block goes through a map made elsewhere: the loop and the map. */
  loopedMap?: { loop: Node; map: CallSite };
}

/**
 * The calls of a region (a with body, a def, a lambda) that run when the region runs: not
 * those in the defs, lambdas and classes written inside it. Reads offsets only: no walk up
 * the tree per call.
 */
function ownCalls(model: SemanticModel, region: Node): CallSite[] {
  const start = region.startIndex;
  const end = region.endIndex;
  const nested: Array<{ start: number; end: number }> = [];
  for (const type of ['function_definition', 'lambda', 'class_definition'] as const) {
    // Nested in the region: in its own tree.
    const nodes = model.syntax.nodesIn(region.tree, type);
    for (let i = firstStartingFrom(nodes, start, (node) => node.startIndex); i < nodes.length && nodes[i].startIndex < end; i++) {
      if (nodes[i].id !== region.id) nested.push({ start: nodes[i].startIndex, end: nodes[i].endIndex });
    }
  }
  nested.sort((a, b) => a.start - b.start);
  const result: CallSite[] = [];
  let index = 0;
  let skipUntil = -1;
  for (const site of model.callsWithin(region)) {
    const at = site.node.startIndex;
    while (index < nested.length && nested[index].start <= at) skipUntil = Math.max(skipUntil, nested[index++].end);
    if (at >= skipUntil) result.push(site);
  }
  return result;
}

/** How deep helper functions are followed from a run block (the block calls f, f calls g, ...). */
const MAX_CALL_DEPTH = 3;

/**
 * The calls of the file that run inside an active run: those lexically in a
 * `with mlflow.start_run():` body (not in defs written there, which run only when called),
 * and those in the functions of the file that the body calls or passes as objective to
 * fmin / study.optimize, followed a few calls deep. Keyed by call node id; the first block wins.
 */
export function callsInActiveRuns(model: SemanticModel): ReadonlyMap<number, CallInActiveRun> {
  // MLT301 and MLT204 both ask: computed once per lint.
  return activeRunCache.get(model, () => computeCallsInActiveRuns(model));
}

const activeRunCache = new FactCache<SemanticModel, Map<number, CallInActiveRun>>();

/** Builtins that read an iterator through (or, `next`, its first item) when handed one. */
const CONSUMING_BUILTINS = new Set(['list', 'tuple', 'set', 'frozenset', 'sorted', 'sum', 'min', 'max', 'any', 'all', 'dict', 'next']);

/**
 * Whether the call reads the iterator given as its `index`-th positional argument: a consuming
 * builtin, `collections.deque(...)`, `"".join(...)`, or a function of the file that loops over
 * that parameter or hands it to one of these (the itertools recipes' `consume(iterator)`). Any
 * other call (`print(it)`, a logger) may only look at the iterator object.
 */
function consumesArgument(model: SemanticModel, site: CallSite, index: number, depth = 0): boolean {
  const callee = unparenthesize(site.callee);
  if (callee.type === 'identifier' && CONSUMING_BUILTINS.has(callee.text) && !model.lookup(callee)) return true;
  if (site.qualifiedName === 'collections.deque') return index === 0;
  if (site.name === 'join' && site.receiver && unparenthesize(site.receiver).type === 'string') return index === 0;
  const fn = callee.type === 'identifier' && depth === 0 ? model.resolveFunction(callee) : undefined;
  const parameters = fn?.type === 'function_definition' ? field(fn, 'parameters') : undefined;
  const parameter = parameters ? codeChildren(parameters)[index] : undefined;
  if (!fn || parameter?.type !== 'identifier') return false;
  const binding = model.lookup(parameter);
  return !!binding && model.mayRead(binding).some((use) => usedUpThere(model, use, depth + 1));
}

/** An expression used up where it stands: handed to a call that reads it through, or looped over. */
function usedUpThere(model: SemanticModel, expression: Node, depth = 0): boolean {
  const parent = expression.parent;
  if (parent?.type === 'argument_list' && parent.parent?.type === 'call') {
    const index = positionalArguments(model.callSite(parent.parent)).findIndex((argument) => argument.id === expression.id);
    return index >= 0 && consumesArgument(model, model.callSite(parent.parent), index, depth);
  }
  return (parent?.type === 'for_statement' || parent?.type === 'for_in_clause') && field(parent, 'right')?.id === expression.id;
}

/**
 * The function of the file that `map(f, ...)` or `itertools.starmap(f, ...)` calls, in this
 * thread; `f` may be a `functools.partial` of it (MLflow's child-runs tutorial). The map calls
 * it only where the iterator is used up (a map that nothing reads calls nothing).
 */
function mapTarget(model: SemanticModel, site: CallSite): Node | undefined {
  const builtinMap = site.name === 'map' && site.callee.type === 'identifier' && !model.lookup(site.callee);
  if (!builtinMap && site.qualifiedName !== 'itertools.starmap') return undefined;
  const fn = positionalArguments(site)[0];
  // `map(child, xs)`, `map(partial(child, x=1), xs)`, `map(self.child, xs)`, `map(lambda p: child(p), xs)`.
  const target = fn ? (functionOfCallable(model, fn) ?? referencedMethod(model, fn)) : undefined;
  return target?.type === 'function_definition' || target?.type === 'lambda' ? target : undefined;
}

/**
 * The functions that maps run at `site`, inside the region being walked: a map used up where it
 * is made (`list(map(f, xs))`), and a map made anywhere (`runs = starmap(f, params)`) whose
 * name the call uses up (`consume(runs)`). A map made in the run but used up after it runs
 * its calls outside the run.
 */
function mappedFunctions(model: SemanticModel, site: CallSite): Node[] {
  const here = mapTarget(model, site);
  const targets = here && usedUpThere(model, site.node) ? [here] : [];
  for (const { target } of mapsUsedUpBy(model, site)) targets.push(target);
  return targets;
}

/**
 * The functions of maps that a loop or comprehension in `region` goes through by name
 * (`runs = map(child, grid)`, then `for run in runs:` in the run block): a loop uses the map
 * up where it stands, wherever the map was made.
 */
function loopedMapFunctions(model: SemanticModel, region: Node): Array<{ target: Node; loop: Node; map: CallSite }> {
  const targets: Array<{ target: Node; loop: Node; map: CallSite }> = [];
  for (const type of ['for_statement', 'for_in_clause'] as const) {
    for (const loop of model.syntax.nodesIn(region.tree, type)) {
      if (loop.startIndex < region.startIndex || loop.endIndex > region.endIndex) continue;
      const iterated = field(loop, 'right');
      const expr = iterated ? unparenthesize(iterated) : undefined;
      if (expr?.type !== 'identifier') continue;
      const value = model.resolveValue(expr);
      const map = value.id !== expr.id && value.type === 'call' ? model.callSite(value) : undefined;
      const target = map ? mapTarget(model, map) : undefined;
      if (map && target) targets.push({ target, loop, map });
    }
  }
  return targets;
}

/** The maps (`runs = starmap(f, params)`) whose names `site` hands to a call that uses them up (`consume(runs)`), with the function each runs. */
export function mapsUsedUpBy(model: SemanticModel, site: CallSite): Array<{ map: CallSite; target: Node }> {
  const maps: Array<{ map: CallSite; target: Node }> = [];
  positionalArguments(site).forEach((argument, index) => {
    const expr = unparenthesize(argument);
    if (expr.type !== 'identifier') return;
    const value = model.resolveValue(expr);
    const map = value.id !== expr.id && value.type === 'call' ? model.callSite(value) : undefined;
    const target = map ? mapTarget(model, map) : undefined;
    if (map && target && consumesArgument(model, site, index)) maps.push({ map, target });
  });
  return maps;
}

/**
 * Whether a map may run a function of the file (mapTarget): a call named `map`, or
 * itertools.starmap, which is named in the text however it is called (imported, aliased, bound
 * to a name). Without either, no argument of a call in a run is followed to a map: resolving
 * them was a tenth of a keystroke in a call inside a run.
 */
function mayMapFunctions(model: SemanticModel): boolean {
  return model.callsNamed('map').length > 0 || model.document.textIncludes('starmap');
}

function computeCallsInActiveRuns(model: SemanticModel): Map<number, CallInActiveRun> {
  const result = new Map<number, CallInActiveRun>();
  const blocks = runBlocks(model);
  if (blocks.length === 0) return result;
  const maps = mayMapFunctions(model);
  // Objectives that run in the thread of the call. SparkTrials runs each trial in a Spark task
  // and Optuna's n_jobs > 1 in other threads: MLflow's active run (kept per thread) is not theirs.
  const objectives = new Map<number, Node>();
  for (const call of fminCalls(model)) {
    if (call.objective && !(call.trials && sparkTrialsCall(model, call.trials)) && !call.hasSplat) objectives.set(call.site.node.id, call.objective);
  }
  for (const call of optimizeCalls(model)) {
    const oneJob = !call.nJobs || numberValue(model, call.nJobs) === 1;
    if (call.objective && oneJob && !call.hasSplat) objectives.set(call.site.node.id, call.objective);
  }
  for (const block of blocks) {
    const visited = new Set<number>();
    const pending: Array<{ region: Node; via?: CallSite; loopedMap?: CallInActiveRun['loopedMap']; depth: number }> = [{ region: block.body, depth: 0 }];
    while (pending.length > 0) {
      const { region, via, loopedMap, depth } = pending.pop()!;
      if (depth < MAX_CALL_DEPTH && maps) {
        for (const { target, loop, map } of loopedMapFunctions(model, region)) {
          if (visited.has(target.id)) continue;
          visited.add(target.id);
          pending.push({ region: target, via, loopedMap: via || loopedMap ? loopedMap : { loop, map }, depth: depth + 1 });
        }
      }
      for (const site of ownCalls(model, region)) {
        if (!result.has(site.node.id)) result.set(site.node.id, { site, block, via, ...(loopedMap && !via ? { loopedMap } : {}) });
        if (depth >= MAX_CALL_DEPTH) continue;
        const targets: Node[] = [];
        const callee = unparenthesize(site.callee);
        // `f(...)` with `f = functools.partial(log_run, ...)` (or an instance with __call__) runs that function.
        const helper = callee.type === 'identifier' ? functionOfCallable(model, callee) : calledMethod(model, site);
        if (helper?.type === 'function_definition') targets.push(helper);
        if (maps) targets.push(...mappedFunctions(model, site));
        const objective = objectives.get(site.node.id);
        const objectiveFn = objective ? objectiveFunction(model, objective) : undefined;
        if (objectiveFn) targets.push(objectiveFn);
        for (const target of targets) {
          if (visited.has(target.id)) continue;
          visited.add(target.id);
          pending.push({ region: target, via: via ?? (loopedMap ? undefined : site), loopedMap, depth: depth + 1 });
        }
      }
    }
  }
  return result;
}
