import type { Node } from 'web-tree-sitter';
import { addKeywordArgument, pythonString, replaceNode } from './engine/fixBuilders';
import type { Fix, Rule, RuleContext } from './engine/types';
import { hasSplatArguments, keywordArgument } from './semantic/calls';
import { directionOf } from './semantic/metricDirection';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { fminCalls, negatedText, objectiveFunction, optimizeCalls, returnedExpressions } from './semantic/tuning';
import { dictEntries, stringValue } from './semantic/values';

/** A returned higher-is-better metric, and the expression to negate. */
interface MaximizedReturn {
  metric: Node;
  name: string;
}

/** What a hyperopt objective returns as loss: `{"loss": x, ...}` or a bare number. */
function hyperoptLoss(model: SemanticModel, returned: Node): Node | undefined {
  const entries = dictEntries(model, returned);
  if (entries) return entries.entries.get('loss');
  const value = model.resolveValue(returned);
  return ['tuple', 'expression_list', 'list', 'dictionary', 'string', 'none'].includes(value.type) ? undefined : returned;
}

/** The returned losses of an objective that are higher-is-better metrics. */
function maximizedReturns(model: SemanticModel, objective: Node, loss: (returned: Node) => Node | undefined): MaximizedReturn[] {
  const fn = objectiveFunction(model, objective);
  if (!fn || fn.hasError) return [];
  const result: MaximizedReturn[] = [];
  for (const returned of returnedExpressions(fn)) {
    const metric = loss(returned);
    if (!metric) continue;
    const direction = directionOf(model, metric);
    if (direction.kind === 'higher') result.push({ metric, name: direction.name });
  }
  return result;
}

function negateFix(metric: Node): Fix {
  return {
    title: 'Negate the returned metric (minimize -metric)',
    // The recorded losses change sign: code that reads trials' losses or sets loss_threshold needs a look.
    safety: 'unsafe',
    edits: [replaceNode(metric, negatedText(metric))],
  };
}

/** undefined when the study's direction cannot be decided (non-literal, `directions=`, `**kwargs`, maximize). */
function maximizeFix(context: RuleContext, study: CallSite): Fix | undefined | 'maximized' {
  if (hasSplatArguments(study) || keywordArgument(study, 'directions')) return 'maximized';
  const direction = keywordArgument(study, 'direction');
  if (direction) {
    const value = stringValue(context.model, direction);
    if (value !== 'minimize') return 'maximized';
    if (context.model.resolveValue(direction).id !== direction.id) return undefined;
    return { title: 'Create the study with direction="maximize"', safety: 'safe', edits: [replaceNode(direction, pythonString('maximize', direction))] };
  }
  const edit = addKeywordArgument(context.document, study.node, 'direction="maximize"');
  return edit ? { title: 'Create the study with direction="maximize"', safety: 'safe', edits: [edit] } : undefined;
}

function check(context: RuleContext): void {
  const { model } = context;
  const reported = new Set<number>();
  for (const fmin of fminCalls(model)) {
    if (!fmin.objective) continue;
    for (const { metric, name } of maximizedReturns(model, fmin.objective, (returned) => hyperoptLoss(model, returned))) {
      if (reported.has(metric.id)) continue;
      reported.add(metric.id);
      context.report({
        node: metric,
        message: `fmin minimizes the loss, and this objective returns ${name} (higher is better) as the loss: the search looks for the worst model — return its negation`,
        fixes: [negateFix(metric)],
      });
    }
  }
  for (const optimize of optimizeCalls(model)) {
    if (!optimize.objective || !optimize.created) continue;
    const fix = maximizeFix(context, optimize.study);
    if (fix === 'maximized') continue;
    const studyLine = optimize.study.node.startPosition.row + 1;
    const scalar = (returned: Node) => (['tuple', 'expression_list', 'list', 'dictionary'].includes(model.resolveValue(returned).type) ? undefined : returned);
    for (const { metric, name } of maximizedReturns(model, optimize.objective, scalar)) {
      if (reported.has(metric.id)) continue;
      reported.add(metric.id);
      context.report({
        node: metric,
        message: `the study created on line ${studyLine} minimizes, and this objective returns ${name} (higher is better): Optuna looks for the worst model — create the study with direction="maximize"`,
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
      'Hyperopt\'s `fmin` and Optuna\'s studies minimize by default: returning a higher-is-better metric makes the search hunt for the worst model, and nothing fails. Return the negated metric (`{"loss": -f1, "status": STATUS_OK}`) to hyperopt, or create the Optuna study with `direction="maximize"`. Note that every sklearn scorer is higher-is-better, `cross_val_score(..., scoring="neg_mean_squared_error")` included. mltraps flags a returned variable or call whose name says accuracy / acc / f1 / auc / roc_auc / r2 / precision / recall / score, or a sklearn.metrics `*_score(...)` call; not losses (log_loss, rmse, mse, mae, error, loss), negated metrics, `1 - accuracy`, nor studies created with `direction="maximize"` or `directions=`.',
    example: [
      'def objective(params):',
      '    model = RandomForestClassifier(**params).fit(X_train, y_train)',
      '    f1 = f1_score(y_val, model.predict(X_val))',
      '    return {"loss": f1, "status": STATUS_OK}',
      '',
      'best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=50)',
    ].join('\n'),
    useInstead: [
      'def objective(params):',
      '    model = RandomForestClassifier(**params).fit(X_train, y_train)',
      '    f1 = f1_score(y_val, model.predict(X_val))',
      '    return {"loss": -f1, "status": STATUS_OK}  # fmin minimizes: -f1 maximizes f1',
      '',
      '# Optuna: say which way to go',
      'study = optuna.create_study(direction="maximize")',
    ].join('\n'),
    fix: 'Hyperopt: negates the returned metric (`-f1`). Optuna: adds `direction="maximize"` to `create_study(...)` (or turns "minimize" into "maximize").',
    fixSafety:
      'The Optuna fix is safe: the recorded values stay the same, only which trial counts as best changes — the point of the fix. The hyperopt fix is unsafe: the recorded losses change sign, so code that reads `trials.best_trial["result"]["loss"]` or sets `loss_threshold=` needs a look.',
    examFact: 'Hyperopt fmin always minimizes: to maximize a metric, return its negative as the loss.',
  },
  triggers: ['fmin', 'optimize'],
  check,
};
