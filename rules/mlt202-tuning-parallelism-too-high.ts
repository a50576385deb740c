import type { Node } from 'web-tree-sitter';
import { addKeywordArgument, replaceNode } from './engine/fixBuilders';
import { field, unparenthesize } from './engine/syntax';
import type { Fix, Rule, RuleContext } from './engine/types';
import { argument, hasSplatArguments } from './semantic/calls';
import type { SemanticModel } from './semantic/semanticModel';
import { isTestCode } from './semantic/testCode';
import { type AdaptiveSearch, type OptimizeCall, fminCalls, fminSearch, sparkTrialsCall, studyOptimizeCalls, studySampler } from './semantic/tuning';
import { numberValue } from './semantic/values';

/** A whole number written as a literal (or a name bound to one). */
function count(model: SemanticModel, node: Node | undefined): number | undefined {
  const value = numberValue(model, node);
  return value !== undefined && Number.isInteger(value) ? value : undefined;
}

/**
 * P of M trials at once is too many when P >= M / 2, for a search of at least 4 trials that
 * goes past the algorithm's random start-up (before it, every trial is random whatever runs
 * beside it). One at a time (P = 1) is sequential.
 */
function isTooParallel(parallel: number, total: number, search: AdaptiveSearch): boolean {
  return total >= 4 && total > search.startupTrials && parallel > 1 && parallel * 2 >= total;
}

export function recommendedParallelism(total: number): number {
  return Math.max(1, Math.floor(total / 10));
}

/** hyperopt's SparkTrials.MAX_CONCURRENT_JOBS_ALLOWED: a larger parallelism is cut to it, with a warning. */
const SPARK_TRIALS_CAP = 128;

/** The argument to underline: the whole `parallelism=32` when given by keyword. */
function argumentNode(value: Node): Node {
  return value.parent?.type === 'keyword_argument' && field(value.parent, 'value')?.id === value.id ? value.parent : value;
}

/** Fewer trials at once makes the search take longer (and with a timeout, finish fewer trials): the user's call. */
function lowerFix(value: Node, parameter: string, totalName: string, total: number): Fix {
  const recommended = recommendedParallelism(total);
  return { title: `Set ${parameter} to ${recommended} (${totalName} // 10, a rule of thumb)`, safety: 'unsafe', edits: [replaceNode(value, String(recommended))] };
}

function startupClause(search: AdaptiveSearch): string {
  return search.startupTrials > 0 ? ` after its first ${search.startupTrials} random trials` : '';
}

function checkFmin(context: RuleContext, reported: Set<number>): void {
  const { model } = context;
  for (const fmin of fminCalls(model)) {
    if (!fmin.trials || !fmin.maxEvals || fmin.hasSplat) continue;
    const trials = sparkTrialsCall(model, fmin.trials);
    if (!trials || hasSplatArguments(trials)) continue;
    const search = fminSearch(model, fmin);
    const parallelismNode = argument(trials, 'parallelism', 0);
    const asked = count(model, parallelismNode);
    // SparkTrials runs at most 128 trials at once, whatever it is asked (hyperopt's MAX_CONCURRENT_JOBS_ALLOWED).
    const parallelism = asked === undefined ? undefined : Math.min(asked, SPARK_TRIALS_CAP);
    const maxEvals = count(model, fmin.maxEvals);
    if (!search || !parallelismNode || parallelism === undefined || maxEvals === undefined || !isTooParallel(parallelism, maxEvals, search)) continue;
    if (reported.has(parallelismNode.id) || isTestCode(context.document.uri, fmin.site.node)) continue;
    reported.add(parallelismNode.id);
    context.report({
      node: argumentNode(parallelismNode),
      message:
        `SparkTrials runs up to ${parallelism} of fmin's ${maxEvals} trials at once${asked !== parallelism ? ` (parallelism=${asked}, capped at ${SPARK_TRIALS_CAP})` : ''}: ${search.label} proposes each trial from the finished ones${startupClause(search)}, ` +
        `and with ${parallelism} running it has few to learn from, close to random search — keep parallelism well below max_evals (about ${recommendedParallelism(maxEvals)})`,
      fixes: [lowerFix(parallelismNode, 'parallelism', 'max_evals', maxEvals)],
    });
  }
}

/**
 * How many trials the call runs at once, and the node that says so. An Optuna study runs
 * `n_jobs` threads (1 by default; -1 is the machine's core count, not known here). An
 * MlflowSparkStudy splits the trials into `n_jobs` Spark tasks, and -1 (its default) gives
 * every trial its own task.
 */
function concurrency(model: SemanticModel, optimize: OptimizeCall, nTrials: number): { parallel: number; node?: Node } | undefined {
  const nJobs = optimize.nJobs ? count(model, optimize.nJobs) : undefined;
  if (optimize.kind === 'mlflow-spark') {
    if (!optimize.nJobs || nJobs === -1) return { parallel: nTrials, node: optimize.nJobs };
    return nJobs === undefined ? undefined : { parallel: nJobs, node: optimize.nJobs };
  }
  return optimize.nJobs && nJobs !== undefined && nJobs > 0 ? { parallel: nJobs, node: optimize.nJobs } : undefined;
}

function checkOptimize(context: RuleContext, reported: Set<number>): void {
  const { model, document } = context;
  for (const optimize of studyOptimizeCalls(model)) {
    if (!optimize.nTrials || optimize.hasSplat) continue;
    const nTrials = count(model, optimize.nTrials);
    const search = studySampler(model, optimize);
    const running = nTrials === undefined ? undefined : concurrency(model, optimize, nTrials);
    if (nTrials === undefined || !search || !running || !isTooParallel(running.parallel, nTrials, search)) continue;
    const callee = unparenthesize(optimize.site.callee);
    const anchor = running.node ?? (callee.type === 'attribute' ? field(callee, 'attribute') : undefined) ?? callee;
    if (reported.has(anchor.id) || isTestCode(document.uri, optimize.site.node)) continue;
    reported.add(anchor.id);
    const learning = `${search.label} proposes each trial from the finished ones${startupClause(search)}, and with ${running.parallel} running it has few to learn from, close to random search`;
    const advice = `keep n_jobs well below n_trials (about ${recommendedParallelism(nTrials)})`;
    let message: string;
    let fix: Fix | undefined;
    if (optimize.kind === 'mlflow-spark' && (!running.node || count(model, running.node) === -1)) {
      message = `MlflowSparkStudy.optimize with n_jobs=-1${running.node ? '' : ' (its default)'} gives each of its ${nTrials} trials its own Spark task, so up to all of them run at once: ${learning} — ${advice}`;
      const recommended = recommendedParallelism(nTrials);
      const title = `Set n_jobs to ${recommended} (n_trials // 10, a rule of thumb)`;
      const edit = running.node ? replaceNode(running.node, String(recommended)) : addKeywordArgument(document, optimize.site.node, `n_jobs=${recommended}`);
      fix = edit ? { title, safety: 'unsafe', edits: [edit] } : undefined;
    } else {
      const runner = optimize.kind === 'mlflow-spark' ? 'MlflowSparkStudy.optimize' : 'study.optimize';
      message = `${runner} runs up to ${running.parallel} of its ${nTrials} trials at once: ${learning} — ${advice}`;
      fix = running.node ? lowerFix(running.node, 'n_jobs', 'n_trials', nTrials) : undefined;
    }
    context.report({ node: running.node ? argumentNode(running.node) : anchor, message, fixes: fix ? [fix] : [] });
  }
}

function check(context: RuleContext): void {
  const reported = new Set<number>();
  checkFmin(context, reported);
  checkOptimize(context, reported);
}

export const mlt202TuningParallelismTooHigh: Rule = {
  meta: {
    id: 'MLT202',
    name: 'tuning-parallelism-too-high',
    severity: 'warning',
    area: 'Distributed training and tuning',
    domain: 'Model Development',
    title: 'Hyperparameter search runs most of its trials at once (parallelism close to max_evals)',
  },
  docs: {
    trap: 'Setting `SparkTrials(parallelism=...)` equal to (or close to) `max_evals` — or Optuna\'s `n_jobs` close to `n_trials` — to make the search "go faster".',
    reality:
      'Adaptive search proposes each new trial from the results of the trials that have finished: hyperopt\'s TPE (what `fmin` uses when `algo` is not given), ATPE and annealing, and Optuna\'s default TPE sampler. When most trials start at once there is little to learn from yet and the search is close to random search: faster, but no better than random sampling. That is the trade-off: more parallelism saves wall-clock time, less parallelism gives each trial more finished results to learn from. Keeping parallelism around max_evals / 10 is a rule of thumb, not a documented limit. ' +
      'TPE starts with random trials anyway (hyperopt: the first 20 proposed; Optuna: until 10 have finished), and parallelism cannot hurt those, so mltraps flags parallelism >= max_evals / 2 (n_jobs >= n_trials / 2) only for searches longer than that start-up and of at least 4 trials, when both numbers are literals or names bound to literals. SparkTrials runs at most 128 trials at once (hyperopt caps a larger parallelism, with a warning): a larger value counts as 128. ' +
      '`rand.suggest` (random search) loses nothing by running in parallel and is never flagged, nor is an Optuna `TPESampler(constant_liar=True)` written out (made for parallel trials: it penalizes the running ones), nor test code. Optuna 5.0 turned `constant_liar` on by default; mltraps, which does not know the Optuna version, still reports the default sampler: trials that start before any has finished have nothing to learn from either way. MLflow\'s `MlflowSparkStudy.optimize` gives every trial its own Spark task when `n_jobs` is left at its default (-1). Hyperopt itself is legacy on Databricks: it is not included in Databricks Runtime ML after 16.4 LTS, where Optuna (with MlflowSparkStudy for parallel trials) or Ray Tune replace it.',
    example: [
      'from hyperopt import SparkTrials, fmin, tpe',
      '',
      'trials = SparkTrials(parallelism=32)',
      'best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=40, trials=trials)',
    ].join('\n'),
    useInstead: [
      'trials = SparkTrials(parallelism=4)  # about max_evals // 10 (a rule of thumb): TPE learns between waves',
      'best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=40, trials=trials)',
    ].join('\n'),
    fix: 'Sets `parallelism` (or `n_jobs`) to `max(1, max_evals // 10)` (`n_trials // 10`), a rule of thumb; on an MlflowSparkStudy without `n_jobs` it adds `n_jobs=...`.',
    fixSafety:
      'Unsafe: the results of the code stay valid, but the search takes longer — up to several times the wall-clock time, and with `timeout=` fewer trials may finish. That is a choice about the cluster budget, so the fix is offered one at a time and not applied by "fix all".',
    examFact: 'Hyperopt proposes new trials from the ones that finished: the more trials run at once, the less each one learns from; keep parallelism well below max_evals.',
    references: [
      { title: 'Hyperopt concepts: the SparkTrials class (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/hyperopt-concepts' },
      { title: 'Hyperparameter tuning with Optuna: MlflowSparkStudy (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/optuna' },
    ],
  },
  // hyperopt's fmin with SparkTrials, or an Optuna study's optimize (both found through their imports).
  triggers: ['SparkTrials', 'optuna'],
  alsoNeeds: ['hyperopt', 'optimize'],
  // Silent in test code (isTestCode): nothing to look for in a test file.
  testFileTriggers: [],
  check,
};
