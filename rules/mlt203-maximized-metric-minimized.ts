import type { Node } from 'web-tree-sitter';
import { addKeywordArgument, pythonString, replaceNode } from './engine/fixBuilders';
import { field, unparenthesize } from './engine/syntax';
import type { Fix, Rule, RuleContext } from './engine/types';
import { argument, hasSplatArguments, keywordArgument } from './semantic/calls';
import { directionOf } from './semantic/metricDirection';
import type { SemanticModel } from './semantic/semanticModel';
import { type FminCall, type OptimizeCall, calledFunction, fminCalls, negatedText, objectiveFunction, returnedExpressions, studyOptimizeCalls } from './semantic/tuning';
import { dictEntries, numberValue, stringValue } from './semantic/values';

/** A returned higher-is-better metric, and the expression to negate. */
interface MaximizedReturn {
  metric: Node;
  name: string;
  /** Found in a function of the file that the objective returns the result of (its other callers would change too). */
  viaHelper: boolean;
}

/** What a hyperopt objective returns as loss: `{"loss": x, ...}` or a bare number. */
function hyperoptLoss(model: SemanticModel, returned: Node): Node | undefined {
  const entries = dictEntries(model, returned);
  if (entries) return entries.entries.get('loss');
  const value = model.resolveValue(returned);
  return ['tuple', 'expression_list', 'list', 'dictionary', 'string', 'none'].includes(value.type) ? undefined : returned;
}

/** What an Optuna objective returns: one number (a tuple is a multi-objective study's values). */
function optunaValue(model: SemanticModel, returned: Node): Node | undefined {
  return ['tuple', 'expression_list', 'list', 'dictionary'].includes(model.resolveValue(returned).type) ? undefined : returned;
}

/**
 * The returned losses of an objective that are higher-is-better metrics, following a return
 * of another function's result (a lambda wrapping the real objective) into that function.
 */
function maximizedReturns(model: SemanticModel, fn: Node, loss: (returned: Node) => Node | undefined, depth = 0, seen = new Set<number>()): MaximizedReturn[] {
  if (fn.hasError || seen.has(fn.id)) return [];
  seen.add(fn.id);
  const result: MaximizedReturn[] = [];
  for (const returned of returnedExpressions(fn)) {
    const metric = loss(returned);
    if (!metric) continue;
    // The result of another def of the file: the finding goes where that def returns the metric.
    const helper = depth < 2 ? calledFunction(model, metric) : undefined;
    if (helper) {
      result.push(...maximizedReturns(model, helper, loss, depth + 1, seen));
      continue;
    }
    const direction = directionOf(model, metric);
    if (direction.kind === 'higher') result.push({ metric, name: direction.name, viaHelper: depth > 0 });
  }
  return result;
}

const STATUS_OK = ['hyperopt.STATUS_OK', 'hyperopt.base.STATUS_OK'];

/** A def that returns `{"loss": ..., "status": STATUS_OK}` with hyperopt's STATUS_OK: a hyperopt objective. */
function returnsHyperoptStatus(model: SemanticModel, fn: Node): boolean {
  return returnedExpressions(fn).some((returned) => {
    const entries = dictEntries(model, returned)?.entries;
    const status = entries?.get('status');
    return !!status && entries!.has('loss') && STATUS_OK.includes(model.resolveQualifiedName(status) ?? '');
  });
}

function objectiveReturns(model: SemanticModel, objective: Node, loss: (returned: Node) => Node | undefined): MaximizedReturn[] {
  const fn = objectiveFunction(model, objective);
  return fn ? maximizedReturns(model, fn, loss) : [];
}

function negateFix(metric: Node): Fix {
  return {
    title: 'Negate the returned metric (minimize -metric)',
    // The recorded losses change sign: code that reads trials' losses or sets loss_threshold needs a look.
    safety: 'unsafe',
    edits: [replaceNode(metric, negatedText(metric))],
  };
}

type StudyDirection = { kind: 'maximized' } | { kind: 'minimized'; fix?: Fix };

/**
 * Which way a created study goes. Maximized (or undecidable, so silent): `direction=` other
 * than "minimize", `directions=`, `**kwargs`. Minimized: no direction (Optuna's default) or
 * "minimize"; the fix then writes direction="maximize" on an Optuna study. MlflowSparkStudy
 * takes `direction=` only in recent MLflow versions, so there the fix negates the metric.
 */
function studyDirection(context: RuleContext, optimize: OptimizeCall): StudyDirection {
  const { model, document } = context;
  const study = optimize.study;
  const spark = optimize.kind === 'mlflow-spark';
  if (hasSplatArguments(study)) return { kind: 'maximized' };
  if ((spark ? argument(study, 'directions', 6) : keywordArgument(study, 'directions'))) return { kind: 'maximized' };
  const direction = spark ? argument(study, 'direction', 5) : keywordArgument(study, 'direction');
  if (direction) {
    if (stringValue(model, direction) !== 'minimize') return { kind: 'maximized' };
    if (spark || model.resolveValue(direction).id !== unparenthesize(direction).id) return { kind: 'minimized' };
    return { kind: 'minimized', fix: { title: 'Create the study with direction="maximize"', safety: 'safe', edits: [replaceNode(direction, pythonString('maximize', direction))] } };
  }
  if (spark) return { kind: 'minimized' };
  const edit = addKeywordArgument(document, study.node, 'direction="maximize"');
  return { kind: 'minimized', fix: edit ? { title: 'Create the study with direction="maximize"', safety: 'safe', edits: [edit] } : undefined };
}

/**
 * What the reversed loss does to this search. `max_evals=1` (AutoML's generated notebooks
 * ship so, with a note to widen the search): one trial, so nothing is chosen yet.
 */
function fminConsequence(model: SemanticModel, fmin: FminCall): string {
  if (!fmin.hasSplat && numberValue(model, fmin.maxEvals) === 1) return 'with max_evals=1 there is one trial and nothing to choose yet, but with more trials the search picks the worst model';
  return 'the search looks for the worst model';
}

/**
 * A def whose name its scope binds again, unconditionally, after it (a notebook's corrected copy
 * of the objective in a later cell): no later code, and no other module, reaches this one by
 * that name. An fmin between the two is read by the first loop.
 */
function redefinedLater(model: SemanticModel, fn: Node): boolean {
  const name = field(fn, 'name')?.text;
  const own = name ? model.bindings.all(name).find((binding) => binding.node.id === fn.id) : undefined;
  if (!name || !own || own.branch) return false;
  return model.bindings.all(name).some((binding) => binding.scope === own.scope && !binding.branch && binding.node.startIndex > fn.endIndex);
}

function check(context: RuleContext): void {
  const { model } = context;
  const reported = new Set<number>();
  const fminObjectives = new Set<number>();
  for (const fmin of fminCalls(model)) {
    if (!fmin.objective) continue;
    const objective = objectiveFunction(model, fmin.objective);
    if (objective) fminObjectives.add(objective.id);
    for (const { metric, name, viaHelper } of objectiveReturns(model, fmin.objective, (returned) => hyperoptLoss(model, returned))) {
      if (reported.has(metric.id)) continue;
      reported.add(metric.id);
      context.report({
        node: metric,
        message: `fmin minimizes the loss, and this objective returns ${name} (higher is better) as the loss: ${fminConsequence(model, fmin)} — return its negation`,
        fixes: viaHelper ? [] : [negateFix(metric)],
      });
    }
  }
  // An objective whose fmin is in another module (`main.py` tunes what `train.py` defines): a def
  // that returns hyperopt's `{"loss": ..., "status": STATUS_OK}` is written for fmin, which minimizes.
  // STATUS_OK is hyperopt's only through an import of hyperopt: without one, no def's returns are read.
  for (const fn of model.importsModule('hyperopt') ? model.syntax.nodes('function_definition') : []) {
    // An fmin of this file already read it (through lambdas and helpers too).
    // redefinedLater last: it reads the name's bindings, which a keystroke elsewhere may change.
    if (fminObjectives.has(fn.id) || !returnsHyperoptStatus(model, fn) || redefinedLater(model, fn)) continue;
    for (const { metric, name, viaHelper } of maximizedReturns(model, fn, (returned) => hyperoptLoss(model, returned))) {
      if (reported.has(metric.id)) continue;
      reported.add(metric.id);
      context.report({
        node: metric,
        message: `hyperopt's fmin minimizes the loss, and this objective returns ${name} (higher is better) as the loss: the search looks for the worst model — return its negation`,
        fixes: viaHelper ? [] : [negateFix(metric)],
      });
    }
  }
  for (const optimize of studyOptimizeCalls(model)) {
    if (!optimize.objective || !optimize.created) continue;
    const direction = studyDirection(context, optimize);
    if (direction.kind === 'maximized') continue;
    const studyPlace = context.document.whereIs(optimize.study.node.startIndex);
    const spark = optimize.kind === 'mlflow-spark';
    for (const { metric, name, viaHelper } of objectiveReturns(model, optimize.objective, (returned) => optunaValue(model, returned))) {
      if (reported.has(metric.id)) continue;
      reported.add(metric.id);
      const fix = spark ? (viaHelper ? undefined : negateFix(metric)) : direction.fix;
      context.report({
        node: metric,
        message: spark
          ? `the MlflowSparkStudy created ${studyPlace} minimizes (only recent MLflow versions take direction="maximize"), and this objective returns ${name} (higher is better): the search looks for the worst model — return its negation`
          : `the study created ${studyPlace} minimizes, and this objective returns ${name} (higher is better): Optuna looks for the worst model — create the study with direction="maximize"`,
        fixes: fix ? [fix] : [],
      });
    }
  }
}

export const mlt203MaximizedMetricMinimized: Rule = {
  meta: {
    id: 'MLT203',
    name: 'maximized-metric-minimized',
    severity: 'warning',
    area: 'Distributed training and tuning',
    domain: 'Model Development',
    title: 'A tuning objective returns accuracy / F1 / AUC as the value to minimize',
  },
  docs: {
    trap: 'The objective returns accuracy / F1 / AUC / R2 / precision / recall as the loss.',
    reality:
      'Hyperopt\'s `fmin` and Optuna\'s studies minimize by default: returning a higher-is-better metric makes the search hunt for the worst model, and nothing fails (with `max_evals=1`, as AutoML\'s generated notebooks ship, the one trial is all there is until the search is widened: the message says so). Return the negated metric (`{"loss": -f1, "status": STATUS_OK}`) to hyperopt, or create the Optuna study with `direction="maximize"`. MLflow\'s `MlflowSparkStudy` minimizes too; only recent MLflow versions let it take `direction=`, so there the portable fix is the negated metric. Note that every sklearn scorer is higher-is-better, `cross_val_score(..., scoring="neg_mean_squared_error")` included. ' +
      'mltraps follows the returned value through assignments: a variable, subscript or call whose name or key says accuracy / acc / f1 / auc / roc_auc / r2 / precision / recall, a sklearn.metrics `*_score(...)` call, an estimator\'s `.score(X, y)`, the `evaluate()` of a Spark ML evaluator built in the file (its `metricName`, else the class default: `areaUnderROC` for BinaryClassificationEvaluator and `f1` for MulticlassClassificationEvaluator are higher-is-better, `rmse` for RegressionEvaluator is not), or a function of the file that returns one of these (the bare word `score` decides nothing: people call an RMSE a score, and xgboost\'s `best_score` is the best value of whatever eval metric was set), even when it is stored in a variable named `loss` (`loss = metrics["val_f1_score"]`, `loss = f1_score`: a plain rename goes by the name it renames; `loss = model.score(X, y)` where the file builds `model` as a scikit-learn, XGBoost or LightGBM estimator, or the `score(X)` of an unsupervised scikit-learn estimator, such as the negative inertia of KMeans), and through a lambda into the objective it calls. A def that returns hyperopt\'s `{"loss": ..., "status": STATUS_OK}` is read as an objective even when its `fmin` is in another module. It stays silent on losses (log_loss, rmse, mse, mae, error, loss), negated metrics, `1 - accuracy`, studies created with `direction="maximize"` or `directions=`, and a `loss` variable that only a function\'s name calls a score.',
    example: [
      'from hyperopt import STATUS_OK, fmin, tpe',
      'from sklearn.ensemble import RandomForestClassifier',
      'from sklearn.metrics import f1_score',
      '',
      'def objective(params):',
      '    model = RandomForestClassifier(**params).fit(X_train, y_train)',
      '    f1 = f1_score(y_val, model.predict(X_val))',
      '    return {"loss": f1, "status": STATUS_OK}',
      '',
      'best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=50)',
    ].join('\n'),
    useInstead: [
      'from hyperopt import STATUS_OK, fmin, tpe',
      'from sklearn.ensemble import RandomForestClassifier',
      'from sklearn.metrics import f1_score',
      '',
      'def objective(params):',
      '    model = RandomForestClassifier(**params).fit(X_train, y_train)',
      '    f1 = f1_score(y_val, model.predict(X_val))',
      '    return {"loss": -f1, "status": STATUS_OK}  # fmin minimizes: -f1 maximizes f1',
      '',
      'best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=50)',
      '',
      '# Optuna: say which way to go',
      'study = optuna.create_study(direction="maximize")',
    ].join('\n'),
    fix: 'Hyperopt and MlflowSparkStudy: negates the returned metric (`-f1`); no fix when the metric is returned by another function of the file, whose other callers would change too. Optuna: adds `direction="maximize"` to `create_study(...)` (or turns "minimize" into "maximize").',
    fixSafety:
      'The Optuna fix is safe: the recorded values stay the same, only which trial counts as best changes — the point of the fix. The hyperopt fix is unsafe: the recorded losses change sign, so code that reads `trials.best_trial["result"]["loss"]` or sets `loss_threshold=` needs a look.',
    examFact: 'Hyperopt and Optuna minimize by default; return -metric or use direction="maximize".',
    references: [
      { title: 'Hyperopt concepts: fmin() (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/hyperopt-concepts' },
      { title: 'Hyperparameter tuning with Optuna (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/optuna' },
    ],
  },
  // hyperopt's fmin (or an objective returning its STATUS_OK), or an Optuna study's optimize (found through their imports; scipy.optimize is neither).
  triggers: ['hyperopt', 'optuna'],
  alsoNeeds: ['fmin', 'optimize', 'STATUS_OK'],
  check,
};
