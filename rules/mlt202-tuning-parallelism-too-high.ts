import type { Node } from 'web-tree-sitter';
import { replaceNode } from './engine/fixBuilders';
import { field } from './engine/syntax';
import type { Fix, Rule, RuleContext } from './engine/types';
import { argument, hasSplatArguments } from './semantic/calls';
import type { SemanticModel } from './semantic/semanticModel';
import { fminCalls, optimizeCalls, sparkTrialsCall } from './semantic/tuning';
import { numberValue } from './semantic/values';

/** A whole number written as a literal (or a name bound to one). */
function count(model: SemanticModel, node: Node | undefined): number | undefined {
  const value = numberValue(model, node);
  return value !== undefined && Number.isInteger(value) ? value : undefined;
}

/** P of M trials at once is too many when P >= M / 2; one at a time (P = 1) is sequential TPE. */
function isTooParallel(parallel: number, total: number): boolean {
  return total > 0 && parallel > 1 && parallel * 2 >= total;
}

export function recommendedParallelism(total: number): number {
  return Math.max(1, Math.floor(total / 10));
}

/** The argument to underline: the whole `parallelism=32` when given by keyword. */
function argumentNode(value: Node): Node {
  return value.parent?.type === 'keyword_argument' && field(value.parent, 'value')?.id === value.id ? value.parent : value;
}

function lowerFix(value: Node, parameter: string, totalName: string, total: number): Fix {
  const recommended = recommendedParallelism(total);
  return {
    title: `Set ${parameter} to ${recommended} (${totalName} // 10)`,
    // Fewer trials at once makes the search take longer (and with a timeout, finish fewer
    // trials): a trade-off of the user's budget, so it is offered, not applied in bulk.
    safety: 'unsafe',
    edits: [replaceNode(value, String(recommended))],
  };
}

function check(context: RuleContext): void {
  const { model } = context;
  const reported = new Set<number>();
  for (const fmin of fminCalls(model)) {
    if (!fmin.trials || !fmin.maxEvals || fmin.hasSplat) continue;
    const trials = sparkTrialsCall(model, fmin.trials);
    if (!trials || hasSplatArguments(trials)) continue;
    const parallelismNode = argument(trials, 'parallelism', 0);
    const parallelism = count(model, parallelismNode);
    const maxEvals = count(model, fmin.maxEvals);
    if (!parallelismNode || parallelism === undefined || maxEvals === undefined || !isTooParallel(parallelism, maxEvals)) continue;
    if (reported.has(parallelismNode.id)) continue;
    reported.add(parallelismNode.id);
    context.report({
      node: argumentNode(parallelismNode),
      message:
        `SparkTrials runs ${parallelism} of fmin's ${maxEvals} evaluations at once: TPE has almost no finished trials to learn from ` +
        `and degenerates to random search — keep parallelism well below max_evals (about ${recommendedParallelism(maxEvals)})`,
      fixes: [lowerFix(parallelismNode, 'parallelism', 'max_evals', maxEvals)],
    });
  }
  for (const optimize of optimizeCalls(model)) {
    if (!optimize.nJobs || !optimize.nTrials || optimize.hasSplat) continue;
    const nJobs = count(model, optimize.nJobs);
    const nTrials = count(model, optimize.nTrials);
    if (nJobs === undefined || nTrials === undefined || !isTooParallel(nJobs, nTrials) || reported.has(optimize.nJobs.id)) continue;
    reported.add(optimize.nJobs.id);
    context.report({
      node: argumentNode(optimize.nJobs),
      message:
        `study.optimize runs ${nJobs} of its ${nTrials} trials at once: the sampler has almost no finished trials to learn from ` +
        `and degenerates to random search — keep n_jobs well below n_trials (about ${recommendedParallelism(nTrials)})`,
      fixes: [lowerFix(optimize.nJobs, 'n_jobs', 'n_trials', nTrials)],
    });
  }
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
      'TPE (and Optuna\'s default sampler) is adaptive: it chooses each new trial from the results of the trials that have completed. When most trials start at once there is nothing to learn from yet, and the search degenerates to random search: faster, but no better than random sampling. Keep parallelism well below max_evals; the trade-off is wall-clock time against the quality of the search. mltraps flags parallelism >= max_evals / 2 (n_jobs >= n_trials / 2) when both are literals or names bound to literals; parallelism 1 (sequential) is never flagged.',
    example: [
      'from hyperopt import SparkTrials, fmin, tpe',
      '',
      'trials = SparkTrials(parallelism=32)',
      'best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=40, trials=trials)',
    ].join('\n'),
    useInstead: [
      'trials = SparkTrials(parallelism=4)  # about max_evals // 10: TPE learns between waves',
      'best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=40, trials=trials)',
    ].join('\n'),
    fix: 'Sets `parallelism` (or Optuna\'s `n_jobs`) to `max(1, max_evals // 10)` (`n_trials // 10`).',
    fixSafety:
      'Unsafe: the results of the code stay valid, but the search takes longer — up to several times the wall-clock time, and with `timeout=` fewer trials may finish. That is a choice about the cluster budget, so the fix is offered one at a time and not applied by "fix all".',
    examFact: 'SparkTrials parallelism trades speed for adaptivity: with parallelism equal to max_evals, TPE behaves like random search.',
  },
  triggers: ['SparkTrials', 'optimize'],
  check,
};
