import type { Node } from 'web-tree-sitter';
import { field, namedChildren, unparenthesize } from '../engine/syntax';
import { argument, hasSplatArguments, positionalArguments } from './calls';
import { classMethods } from './pythonModels';
import type { CallSite, SemanticModel } from './semanticModel';

/**
 * Hyperparameter searches: hyperopt `fmin(...)` with its `SparkTrials`, Optuna
 * `create_study(...).optimize(...)`, and the objective functions they call.
 */

const FMIN = new Set(['hyperopt.fmin', 'hyperopt.fmin.fmin']);
const SPARK_TRIALS = new Set(['hyperopt.SparkTrials', 'hyperopt.spark.SparkTrials']);
const CREATE_STUDY = new Set(['optuna.create_study', 'optuna.study.create_study', 'optuna.study.study.create_study']);
const LOAD_STUDY = new Set(['optuna.load_study', 'optuna.study.load_study', 'optuna.study.study.load_study']);

/** `fmin(fn, space, algo, max_evals, timeout, loss_threshold, trials, ...)`. */
export interface FminCall {
  site: CallSite;
  objective?: Node;
  maxEvals?: Node;
  trials?: Node;
  /** `**kwargs` or `*args`: any parameter may be set where the rule cannot see it. */
  hasSplat: boolean;
}

export function fminCalls(model: SemanticModel): FminCall[] {
  if (!model.importsModule('hyperopt')) return [];
  return model
    .callsNamed('fmin')
    .filter((site) => FMIN.has(site.qualifiedName ?? '') && !site.node.hasError)
    .map((site) => ({
      site,
      objective: argument(site, 'fn', 0),
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

/** `study.optimize(func, n_trials, timeout, n_jobs, catch, callbacks, ...)` on a study the file creates or loads. */
export interface OptimizeCall {
  site: CallSite;
  /** The `create_study(...)` / `load_study(...)` call of the study. */
  study: CallSite;
  /** Whether the study is created here (its direction is known) rather than loaded. */
  created: boolean;
  objective?: Node;
  nTrials?: Node;
  nJobs?: Node;
  callbacks?: Node;
  hasSplat: boolean;
}

export function optimizeCalls(model: SemanticModel): OptimizeCall[] {
  if (!model.importsModule('optuna')) return [];
  const result: OptimizeCall[] = [];
  for (const site of model.callsNamed('optimize')) {
    if (!site.receiver || site.node.hasError) continue;
    const receiver = model.resolveValue(site.receiver);
    if (receiver.type !== 'call') continue;
    const study = model.callSite(receiver);
    const qualifiedName = study.qualifiedName ?? '';
    const created = CREATE_STUDY.has(qualifiedName);
    if (!created && !LOAD_STUDY.has(qualifiedName)) continue;
    result.push({
      site,
      study,
      created,
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
 * The def or lambda an objective argument stands for: a function, a name bound to one,
 * `functools.partial(f, ...)`, or an instance of a callable class in the file (its `__call__`).
 */
export function objectiveFunction(model: SemanticModel, node: Node, depth = 0): Node | undefined {
  if (depth > 4) return undefined;
  const fn = model.resolveFunction(node);
  if (fn) return fn;
  const value = model.resolveValue(node);
  if (value.type !== 'call') return undefined;
  const site = model.callSite(value);
  if (site.qualifiedName === 'functools.partial') {
    const wrapped = positionalArguments(site)[0];
    return wrapped ? objectiveFunction(model, wrapped, depth + 1) : undefined;
  }
  const classNode = model.resolveClass(site.callee);
  if (!classNode) return undefined;
  return classMethods(classNode).find((method) => field(method, 'name')?.text === '__call__');
}

const FUNCTION_BOUNDARIES = ['function_definition', 'lambda', 'class_definition'];

/** The expressions a def returns (its own `return x`, not those of nested defs), or a lambda's body. */
export function returnedExpressions(fn: Node): Node[] {
  if (fn.type === 'lambda') {
    const body = field(fn, 'body');
    return body ? [body] : [];
  }
  const body = field(fn, 'body');
  if (!body) return [];
  const result: Node[] = [];
  // An objective is a small subtree: walking it is cheap, and it is only done for objectives.
  for (const statement of body.descendantsOfType('return_statement')) {
    if (!statement || !ownedBy(statement, fn)) continue;
    const value = namedChildren(statement).find((child) => child.type !== 'comment');
    if (value) result.push(value);
  }
  return result;
}

/** Whether `node`'s nearest enclosing def/lambda/class is `fn`. */
export function ownedBy(node: Node, fn: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
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
