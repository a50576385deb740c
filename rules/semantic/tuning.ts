import { FactCache } from '../engine/reads';
import type { Node } from 'web-tree-sitter';
import { ancestorsAbove, field, namedChildren, unparenthesize } from '../engine/syntax';
import { argument, hasSplatArguments, keywordArgument, positionalArguments } from './calls';
import { referencedMethod } from './methodCalls';
import { classMethods } from './pythonModels';
import type { CallSite, SemanticModel } from './semanticModel';
import { booleanValue, isNoneLiteral, numberValue } from './values';
import { syntaxMemo } from './syntaxMemo';

/**
 * Hyperparameter searches: hyperopt `fmin(...)` with its `SparkTrials` and search algorithm,
 * Optuna studies (`create_study`, `load_study`, MLflow's `MlflowSparkStudy`) with their
 * sampler, and the objective functions they call.
 */

const FMIN = new Set(['hyperopt.fmin', 'hyperopt.fmin.fmin']);
const SPARK_TRIALS = new Set(['hyperopt.SparkTrials', 'hyperopt.spark.SparkTrials']);
const CREATE_STUDY = new Set(['optuna.create_study', 'optuna.study.create_study', 'optuna.study.study.create_study']);
const LOAD_STUDY = new Set(['optuna.load_study', 'optuna.study.load_study', 'optuna.study.study.load_study']);
const MLFLOW_SPARK_STUDY = new Set(['mlflow.pyspark.optuna.study.MlflowSparkStudy']);
const MLFLOW_STORAGE = new Set(['mlflow.optuna.storage.MlflowStorage', 'mlflow.pyspark.optuna.storage.MlflowStorage']);
const TPE_SAMPLER = new Set(['optuna.samplers.TPESampler', 'optuna.samplers.tpe.TPESampler', 'optuna.samplers._tpe.sampler.TPESampler', 'optuna.TPESampler']);

/** `fmin(fn, space, algo, max_evals, timeout, loss_threshold, trials, ...)`. */
export interface FminCall {
  site: CallSite;
  objective?: Node;
  algo?: Node;
  maxEvals?: Node;
  trials?: Node;
  /** `**kwargs` or `*args`: any parameter may be set where the rule cannot see it. */
  hasSplat: boolean;
}

export function fminCalls(model: SemanticModel): FminCall[] {
  // Three rules ask: read once per model.
  const calls = fminCallsByModel.get(model, () => readFminCalls(model));
  return calls;
}

const fminCallsByModel = new FactCache<SemanticModel, FminCall[]>();

function readFminCalls(model: SemanticModel): FminCall[] {
  if (!model.importsModule('hyperopt')) return [];
  return model
    .callsOfImported(['fmin'], (qualifiedName) => FMIN.has(qualifiedName))
    .filter((site) => !site.node.hasError)
    .map((site) => ({
      site,
      objective: argument(site, 'fn', 0),
      algo: argument(site, 'algo', 2),
      maxEvals: argument(site, 'max_evals', 3),
      trials: argument(site, 'trials', 6),
      hasSplat: hasSplatArguments(site),
    }));
}

/** The `SparkTrials(...)` call a `trials=` value stands for (directly or through a name). */
export function sparkTrialsCall(model: SemanticModel, trials: Node): CallSite | undefined {
  const value = model.resolveValue(trials);
  if (value.type !== 'call') return undefined;
  const site = model.callSite(value);
  return SPARK_TRIALS.has(site.qualifiedName ?? '') ? site : undefined;
}

/**
 * A search that proposes each trial from the results of the finished ones, after a number of
 * random start-up trials: hyperopt's TPE (`n_startup_jobs=20`, counting every trial already
 * proposed), ATPE (at least 10 initialization rounds), annealing (none), Optuna's TPESampler
 * (`n_startup_trials=10` finished trials). Parallelism matters only past the start-up: the
 * start-up trials are random whatever runs beside them.
 */
export interface AdaptiveSearch {
  /** How messages name it: `TPE (fmin's default algorithm)`, `anneal.suggest`. */
  label: string;
  startupTrials: number;
}

const HYPEROPT_TPE_STARTUP = 20;
const OPTUNA_TPE_STARTUP = 10;

const HYPEROPT_ALGORITHMS = new Map<string, AdaptiveSearch>([
  ['hyperopt.tpe.suggest', { label: 'TPE (tpe.suggest)', startupTrials: HYPEROPT_TPE_STARTUP }],
  ['hyperopt.atpe.suggest', { label: 'ATPE (atpe.suggest)', startupTrials: 10 }],
  ['hyperopt.anneal.suggest', { label: 'annealing (anneal.suggest)', startupTrials: 0 }],
]);

/**
 * The adaptive algorithm an fmin call searches with: TPE when `algo` is absent or None (fmin
 * falls back to `tpe.suggest`), `tpe` / `atpe` / `anneal.suggest`, or
 * `functools.partial(tpe.suggest, n_startup_jobs=k)`. Undefined for random search
 * (`rand.suggest`) and for anything the file does not show.
 */
export function fminSearch(model: SemanticModel, fmin: FminCall): AdaptiveSearch | undefined {
  if (!fmin.algo || isNoneLiteral(model, fmin.algo)) return { label: "TPE (fmin's default algorithm)", startupTrials: HYPEROPT_TPE_STARTUP };
  const value = model.resolveValue(fmin.algo);
  if (value.type === 'call') {
    const site = model.callSite(value);
    if (site.qualifiedName !== 'functools.partial' || hasSplatArguments(site)) return undefined;
    const wrapped = positionalArguments(site)[0];
    if (!wrapped || model.resolveQualifiedName(model.resolveValue(wrapped)) !== 'hyperopt.tpe.suggest') return undefined;
    const startupNode = keywordArgument(site, 'n_startup_jobs');
    const startup = startupNode ? numberValue(model, startupNode) : HYPEROPT_TPE_STARTUP;
    return startup === undefined ? undefined : { label: 'TPE (tpe.suggest)', startupTrials: startup };
  }
  return HYPEROPT_ALGORITHMS.get(model.resolveQualifiedName(value) ?? '');
}

/** Which kind of study an `optimize` call runs on. */
export type StudyKind = 'optuna' | 'mlflow-spark';

/** `study.optimize(func, n_trials, timeout, n_jobs, catch, callbacks, ...)` on a study the file creates or loads. */
export interface OptimizeCall {
  site: CallSite;
  /** The `create_study(...)` / `load_study(...)` / `MlflowSparkStudy(...)` call of the study. */
  study: CallSite;
  /**
   * `optuna`: a study of Optuna's own, whose `n_jobs` threads run on the driver. `mlflow-spark`:
   * MLflow's MlflowSparkStudy, whose `n_jobs` is the number of Spark tasks (`-1`, the default,
   * gives every trial its own task) and which keeps each trial as an MLflow run.
   */
  kind: StudyKind;
  /** Whether the study is created here (its direction is known) rather than loaded. */
  created: boolean;
  objective?: Node;
  nTrials?: Node;
  nJobs?: Node;
  callbacks?: Node;
  hasSplat: boolean;
}

/** `optimize` calls on Optuna studies and on MLflow's MlflowSparkStudy. */
export function studyOptimizeCalls(model: SemanticModel): OptimizeCall[] {
  if (!model.importsModule('optuna') && !model.importsModule('mlflow')) return [];
  const result: OptimizeCall[] = [];
  for (const site of model.callsNamed('optimize')) {
    if (!site.receiver || site.node.hasError) continue;
    const receiver = model.resolveValue(site.receiver);
    if (receiver.type !== 'call') continue;
    const study = model.callSite(receiver);
    const qualifiedName = study.qualifiedName ?? '';
    const kind: StudyKind | undefined =
      CREATE_STUDY.has(qualifiedName) || LOAD_STUDY.has(qualifiedName) ? 'optuna' : MLFLOW_SPARK_STUDY.has(qualifiedName) ? 'mlflow-spark' : undefined;
    if (!kind) continue;
    result.push({
      site,
      study,
      kind,
      created: !LOAD_STUDY.has(qualifiedName),
      objective: argument(site, 'func', 0),
      nTrials: argument(site, 'n_trials', 1),
      nJobs: argument(site, 'n_jobs', 3),
      callbacks: argument(site, 'callbacks', 5),
      hasSplat: hasSplatArguments(site),
    });
  }
  return result;
}

/**
 * `optimize` calls on Optuna's own studies only: their objective runs on the driver, inside
 * whatever MLflow run is active there (MlflowSparkStudy runs it in Spark tasks).
 */
export function optimizeCalls(model: SemanticModel): OptimizeCall[] {
  return studyOptimizeCalls(model).filter((call) => call.kind === 'optuna');
}

/** Whether the study keeps its trials in MLflow: an MlflowSparkStudy, or `storage=MlflowStorage(...)`. */
export function studyStoresTrialsInMlflow(model: SemanticModel, optimize: OptimizeCall): boolean {
  if (optimize.kind === 'mlflow-spark') return true;
  const storage = keywordArgument(optimize.study, 'storage') ?? (LOAD_STUDY.has(optimize.study.qualifiedName ?? '') ? positionalArguments(optimize.study)[1] : undefined);
  if (!storage) return false;
  const value = model.resolveValue(storage);
  return value.type === 'call' && MLFLOW_STORAGE.has(model.callSite(value).qualifiedName ?? '');
}

/**
 * The adaptive sampler a study proposes its trials with: Optuna's default TPESampler (a
 * single-objective study without `sampler=`; MlflowSparkStudy's default too) or an explicit
 * `TPESampler(...)` whose `n_startup_trials` is a literal (and without `constant_liar=True`,
 * which penalizes running trials for parallel use). Undefined for other samplers
 * (random, grid, QMC, NSGA-II for `directions=`) and for what the file does not show.
 */
export function studySampler(model: SemanticModel, optimize: OptimizeCall): AdaptiveSearch | undefined {
  const study = optimize.study;
  if (hasSplatArguments(study)) return undefined;
  const sampler = optimize.kind === 'mlflow-spark' ? argument(study, 'sampler', 2) : keywordArgument(study, 'sampler');
  if (!sampler || isNoneLiteral(model, sampler)) {
    if (optimize.kind === 'optuna' && keywordArgument(study, 'directions')) return undefined;
    return { label: optimize.kind === 'mlflow-spark' ? "TPE (MlflowSparkStudy's default sampler)" : "TPE (Optuna's default sampler)", startupTrials: OPTUNA_TPE_STARTUP };
  }
  const value = model.resolveValue(sampler);
  if (value.type !== 'call') return undefined;
  const site = model.callSite(value);
  if (!TPE_SAMPLER.has(site.qualifiedName ?? '') || hasSplatArguments(site)) return undefined;
  // constant_liar=True is TPE's own answer to parallel trials: it accounts for the running ones.
  const liar = keywordArgument(site, 'constant_liar');
  if (liar && booleanValue(model, liar) !== false) return undefined;
  const startupNode = argument(site, 'n_startup_trials', 4);
  const startup = startupNode ? numberValue(model, startupNode) : OPTUNA_TPE_STARTUP;
  return startup === undefined ? undefined : { label: 'TPE (TPESampler)', startupTrials: startup };
}

/**
 * The def or lambda a callable argument stands for: a function, a name bound to one,
 * `functools.partial(f, ...)`, an instance of a callable class in the file (its `__call__`),
 * or the call of a factory in the file whose every return gives the same inner def
 * (`fmin(fn=make_objective(LogisticRegression), ...)` with `def make_objective(cls): def
 * objective(params): ...; return objective`).
 */
export function functionOfCallable(model: SemanticModel, node: Node, depth = 0): Node | undefined {
  if (depth > 4) return undefined;
  const fn = model.resolveFunction(node);
  if (fn) return fn;
  const value = model.resolveValue(node);
  if (value.type !== 'call') return undefined;
  const site = model.callSite(value);
  if (site.qualifiedName === 'functools.partial') {
    const wrapped = positionalArguments(site)[0];
    return wrapped ? functionOfCallable(model, wrapped, depth + 1) : undefined;
  }
  const factory = model.resolveFunction(site.callee);
  if (factory?.type === 'function_definition') {
    const made = returnedExpressions(factory).map((returned) => functionOfCallable(model, returned, depth + 1));
    const first = made[0];
    return first && made.every((candidate) => candidate?.id === first.id) ? first : undefined;
  }
  const classNode = model.resolveClass(site.callee);
  if (!classNode) return undefined;
  return classMethods(classNode).find((method) => field(method, 'name')?.text === '__call__');
}

/**
 * The keyword arguments a `functools.partial(f, name=value, ...)` objective binds, by parameter
 * name (empty for anything else): inside `f`, those parameters hold those values.
 */
export function partialKeywordValues(model: SemanticModel, node: Node): Map<string, Node> {
  const bound = new Map<string, Node>();
  const value = model.resolveValue(node);
  if (value.type !== 'call') return bound;
  const site = model.callSite(value);
  if (site.qualifiedName !== 'functools.partial' || hasSplatArguments(site)) return bound;
  for (const entry of site.argumentEntries) if (entry.keyword !== undefined && entry.value) bound.set(entry.keyword, entry.value);
  return bound;
}

/** The def or lambda an objective argument (`fmin(fn=...)`, `study.optimize(func)`) stands for. */
export function objectiveFunction(model: SemanticModel, node: Node): Node | undefined {
  // `study.optimize(self.objective, ...)`: a method of a class of the file (a tuner class).
  return functionOfCallable(model, node) ?? referencedMethod(model, node);
}

/** The def of the file whose result an expression is: `objective(trial, gpu_id)` in `lambda trial: objective(trial, gpu_id)`. */
export function calledFunction(model: SemanticModel, expression: Node): Node | undefined {
  const expr = unparenthesize(expression);
  if (expr.type !== 'call') return undefined;
  const callee = unparenthesize(model.callSite(expr).callee);
  return callee.type === 'identifier' ? model.resolveFunction(callee) : undefined;
}

const FUNCTION_BOUNDARIES = ['function_definition', 'lambda', 'class_definition'];

/** The `return` statements of a def itself, not those of the defs, lambdas and classes written inside it. */
export function returnStatements(fn: Node): readonly Node[] {
  // Kept while the def's tree is: MLT203 asks about every def of the file on each run, and a
  // walk per def (nested ones again inside their outer def) was a quarter of a keystroke in a
  // notebook of many small functions.
  return syntaxMemo(fn, 'returnStatements', (def) => {
    const body = field(def, 'body');
    if (!body) return [];
    return body.descendantsOfType('return_statement').filter((statement): statement is Node => !!statement && ownedBy(statement, def));
  });
}

/** What a `return` statement returns; undefined for a bare `return`. */
export function returnValue(statement: Node): Node | undefined {
  return namedChildren(statement).find((child) => child.type !== 'comment');
}

/** The expressions a def returns (its own `return x`, not those of nested defs), or a lambda's body. */
export function returnedExpressions(fn: Node): Node[] {
  if (fn.type === 'lambda') {
    const body = field(fn, 'body');
    return body ? [body] : [];
  }
  return returnStatements(fn)
    .map(returnValue)
    .filter((value): value is Node => !!value);
}

/** Whether `node`'s nearest enclosing def/lambda/class is `fn`. */
function ownedBy(node: Node, fn: Node): boolean {
  for (const current of ancestorsAbove(node)) {
    if (current.id === fn.id) return true;
    if (FUNCTION_BOUNDARIES.includes(current.type)) return false;
  }
  return false;
}

/** The text of an expression negated: `-acc`, `-f1_score(...)`, `-(a + b)`. */
export function negatedText(expression: Node): string {
  const expr = unparenthesize(expression);
  const atomic = ['identifier', 'call', 'attribute', 'subscript', 'integer', 'float'].includes(expr.type);
  return atomic && expr.id === expression.id ? `-${expression.text}` : `-(${unparenthesize(expression).text})`;
}
