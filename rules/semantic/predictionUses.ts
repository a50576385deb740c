import type { Node } from 'web-tree-sitter';
import { accessRoot, ancestorOfType, codeChildren, comparisonOperators, field, namedChildren, unparenthesize } from '../engine/syntax';
import { positionalArguments } from './calls';
import { calledMethod } from './methodCalls';
import type { CallSite, SemanticModel } from './semanticModel';
import { fieldName } from './values';

/**
 * Where a model's predictions go: only into measures of the model (metrics against labels,
 * diagnostic plots, a signature's schema), which is an evaluation on held-out data, or anywhere
 * else (a column of a frame that is written out, a file, code that returns them), which is batch
 * output. MLT604 asks it of driver-side scoring: pandas on the driver is how an evaluation is
 * usually done, and no trap there.
 */

/**
 * Calls that score predictions against labels: what model evaluation on a held-out set does
 * (sklearn metrics, report helpers, MLflow metric logging, an `evaluate_model(preds, y)` /
 * `compute_metrics` helper of a base class the file does not show). Predictions fed only to these are
 * an evaluation, not batch inference, and pandas on the driver is the usual way to do it.
 */
const METRIC_CALL = /(?:_score|_error|_loss|_report|_matrix|_curve)$|^(?:log_metric|log_metrics)$|^evaluate_?(?:model|predictions|metrics)?$|^compute_metrics$/;

/**
 * A call that scores predictions: a metric call, or a function of the file whose body makes one
 * (`def evaluate(y_true, scores): return {"auc": roc_auc_score(y_true, scores)}`).
 */
function isMetricCall(model: SemanticModel, site: CallSite | undefined): boolean {
  if (!site?.name) return false;
  if (METRIC_CALL.test(site.name)) return true;
  // A function of the file, or a method of one of its classes (`self.evaluate(preds, y)`), that computes a metric.
  const definition = site.receiver ? calledMethod(model, site) : model.resolveFunction(site.callee);
  const body = definition?.type === 'function_definition' ? field(definition, 'body') : undefined;
  return !!body && model.callsWithin(body).some((inner) => !!inner.name && METRIC_CALL.test(inner.name));
}

/**
 * The expression that carries the predictions on: the call itself, or the column or conversion
 * taken of it (`model.predict_proba(X)[:, 1]`, `model.predict(X).ravel()`).
 */
function predictionExpression(model: SemanticModel, call: Node): Node {
  let node = call;
  for (let parent = node.parent; parent; parent = node.parent) {
    if (parent.type === 'parenthesized_expression') node = parent;
    // `pd.DataFrame(model.predict(x))`: the same predictions in another container.
    else if (parent.type === 'argument_list' && parent.parent?.type === 'call' && namedChildren(parent).length === 1 && isContainer(model, parent.parent)) node = parent.parent;
    else if (parent.type === 'subscript' && field(parent, 'value')?.id === node.id) node = parent;
    else if (parent.type === 'attribute' && field(parent, 'object')?.id === node.id && parent.parent?.type === 'call' && field(parent.parent, 'function')?.id === parent.id) node = parent.parent;
    else break;
  }
  return node;
}

/** Containers that hold predictions as they are: pandas and NumPy constructors, `list(...)`. */
const CONTAINERS = new Set(['pandas.DataFrame', 'pandas.Series', 'numpy.array', 'numpy.asarray']);

function isContainer(model: SemanticModel, call: Node): boolean {
  const site = model.callSite(call);
  return (site.qualifiedName !== undefined && CONTAINERS.has(site.qualifiedName)) || (site.callee.type === 'identifier' && site.callee.text === 'list' && !model.lookup(site.callee));
}

/** The call that `node` is an argument of, as a positional or keyword argument's value. */
function argumentOfCall(node: Node): Node | undefined {
  let argument = node;
  const parent = node.parent;
  if (parent?.type === 'keyword_argument' && field(parent, 'value')?.id === node.id) argument = parent;
  const list = argument.parent;
  return list?.type === 'argument_list' && list.parent?.type === 'call' ? list.parent : undefined;
}

/**
 * A call that takes predictions without scoring a batch: a metric (isMetricCall),
 * `infer_signature(X, model.predict(X))`, which reads the predictions' schema to log with the
 * model (spark_udf could not give it that sample), or `mlflow.log_table`, which keeps them as an
 * artifact of the evaluation's run.
 */
function takesPredictionsOnlyToMeasure(model: SemanticModel, site: CallSite | undefined): boolean {
  return site?.name === 'infer_signature' || site?.qualifiedName === 'mlflow.log_table' || isMetricCall(model, site) || isDiagnosticPlot(site);
}

/** Plotting calls: a predicted-vs-actual scatter or a residual histogram looks at an evaluation's predictions. */
const PLOT_CALLS = new Set(['scatter', 'plot', 'hist', 'histplot', 'scatterplot', 'regplot', 'residplot', 'kdeplot', 'lineplot', 'displot', 'boxplot', 'violinplot', 'hexbin']);

/** `ax.scatter(y, preds)`, `plt.hist(...)`, `sns.residplot(...)`: matplotlib, seaborn or plotly, or an axes object (`ax`, `axes[0]`). */
function isDiagnosticPlot(site: CallSite | undefined): boolean {
  if (!site?.name || !PLOT_CALLS.has(site.name)) return false;
  if (/^(?:matplotlib|seaborn|plotly)\./.test(site.qualifiedName ?? '')) return true;
  const receiver = site.receiver ? unparenthesize(site.receiver) : undefined;
  const root = receiver?.type === 'subscript' ? field(receiver, 'value') : receiver;
  return root?.type === 'identifier' && /^(?:ax|axs|axes|ax\d+)$/.test(root.text);
}

/**
 * Whether the predictions of `predict` only go into metrics or a signature: directly, through
 * the name they are bound to, or through a function of the file that returns them
 * (`def predict_with_champion(self, x): return model.predict(x)`, also bound to a name first)
 * whose every call's result goes there in turn.
 */
export function feedsMetric(model: SemanticModel, predict: CallSite): boolean {
  return onlyMeasured(model, predictionExpression(model, predict.node), 0);
}

/** How many steps (a return, a name bound to a part of the predictions) are followed. */
const MAX_DERIVED_DEPTH = 3;

function onlyMeasured(model: SemanticModel, predictions: Node, depth: number): boolean {
  // Labels made of the scores by a threshold: what they feed.
  const labels = thresholdedLabels(model, predictions);
  if (labels) return depth < MAX_DERIVED_DEPTH && onlyMeasured(model, predictionExpression(model, labels), depth + 1);
  const parent = predictions.parent;
  if (parent?.type === 'argument_list' && parent.parent?.type === 'call') return takesPredictionsOnlyToMeasure(model, model.callSite(parent.parent));
  if (parent?.type === 'return_statement') return depth < 2 && returnedOnlyToMeasure(model, parent, depth);
  if (parent?.type !== 'assignment' || field(parent, 'right')?.id !== predictions.id) return false;
  const target = field(parent, 'left');
  // `test_pdf["prediction"] = model.predict(X)`: what the column feeds, unless the frame leaves.
  if (target?.type === 'subscript') return holderOutcome(model, target, parent, depth) === 'measured';
  if (target?.type !== 'identifier') return false;
  const binding = model.bindings.all(target.text).find((candidate) => candidate.node.id === parent.id);
  if (!binding) return false;
  // The calls that take the name as an argument, found from its uses rather than from every call.
  let used = false;
  for (const use of model.usesOf(binding)) {
    if (use.startIndex < parent.endIndex) continue;
    // A part of the predictions or the same in another container (`preds["prediction"]`,
    // `pd.DataFrame(preds)`) bound to a name or passed on: what that feeds, in turn.
    const derived = predictionExpression(model, use);
    if (derived.id !== use.id && (derived.parent?.type === 'assignment' || argumentOfCall(derived))) {
      if (depth >= MAX_DERIVED_DEPTH || !onlyMeasured(model, derived, depth + 1)) return false;
      used = true;
      continue;
    }
    // `residuals = y - preds`: the errors of the predictions, bound to a name; what that feeds, in turn.
    const difference = use.parent?.type === 'binary_operator' && field(use.parent, 'operator')?.text === '-' ? use.parent : undefined;
    // `(y - preds).abs().mean()`, `np.mean(np.abs(y - preds))`: an error reduced to one number.
    if (difference && reducedToOneNumber(model, difference)) {
      used = true;
      continue;
    }
    if (difference?.parent?.type === 'assignment' && field(difference.parent, 'right')?.id === difference.id) {
      if (depth >= MAX_DERIVED_DEPTH || !onlyMeasured(model, difference, depth + 1)) return false;
      used = true;
      continue;
    }
    // `preds = model.predict(x)` then `return preds`, and nothing else done with them there: what
    // the function's callers do with them.
    if (use.parent?.type === 'return_statement') {
      const onlyReturned = model.usesOf(binding).every((other) => other.id === use.id || other.startIndex < parent.endIndex);
      if (depth >= 2 || !onlyReturned || !returnedOnlyToMeasure(model, use.parent, depth)) return false;
      used = true;
      continue;
    }
    // `labels = (proba > 0.5).astype(int)`, `f1_score(y, proba[:, 1] >= t)`: labels made of the
    // predictions by a threshold count as measured where all they feed is, and keep them where
    // they are written out or stored in a frame that is (labelsKept); otherwise the predictions'
    // other uses decide.
    const labels = thresholdedLabels(model, derived);
    if (labels) {
      if (depth < MAX_DERIVED_DEPTH && onlyMeasured(model, derived, depth + 1)) used = true;
      else if (labelsKept(model, predictionExpression(model, labels))) return false;
      continue;
    }
    // `pdf["churn_flag"] = preds`: what the frame does with the column (holderOutcome).
    const holder = use.parent?.type === 'assignment' && field(use.parent, 'right')?.id === use.id ? field(use.parent, 'left') : undefined;
    if (holder && (holder.type === 'subscript' || holder.type === 'attribute')) {
      const outcome = holderOutcome(model, holder, use.parent!, depth);
      if (outcome === 'kept') return false;
      if (outcome === 'measured') used = true;
      continue;
    }
    // `proba = proba.values.ravel() if hasattr(proba, "values") else proba`, `y = preds`: the same
    // predictions under a name again; what that name feeds.
    const rebound = reboundAs(use);
    if (rebound) {
      if (depth >= MAX_DERIVED_DEPTH || !onlyMeasured(model, rebound, depth + 1)) return false;
      used = true;
      continue;
    }
    // `preds.tofile(path)`, `scores.to_csv(path)`: the predictions written out.
    if (use.parent?.type === 'attribute' && field(use.parent, 'object')?.id === use.id && WRITES_OUT.test(field(use.parent, 'attribute')?.text ?? '')) return false;
    const call = argumentOfCall(use);
    if (!call) continue;
    // `hasattr(preds, "values")`, `len(preds)`: a look at them that keeps nothing.
    if (INSPECTING_BUILTINS.has(model.callSite(call).name ?? '') && !model.callSite(call).receiver) continue;
    if (!takesPredictionsOnlyToMeasure(model, model.callSite(call))) return false;
    used = true;
  }
  return used;
}

/**
 * `predictions > 0.5` (parenthesized or not, either side), or `np.where(predictions >= t, 1, 0)`:
 * the comparison (or the `where` call) that turns scores into labels; undefined for any other use.
 */
function thresholdedLabels(model: SemanticModel, predictions: Node): Node | undefined {
  const outside = (node: Node): Node => (node.parent?.type === 'parenthesized_expression' ? outside(node.parent) : node);
  const comparison = outside(predictions).parent;
  if (comparison?.type !== 'comparison_operator' || codeChildren(comparison).length !== 2) return undefined;
  if (!['>', '>=', '<', '<='].includes(comparisonOperators(comparison)[0])) return undefined;
  const labels = outside(comparison);
  const list = labels.parent;
  const where = list?.type === 'argument_list' && list.parent?.type === 'call' ? list.parent : undefined;
  if (where && model.callSite(where).qualifiedName === 'numpy.where' && positionalArguments(model.callSite(where))[0]?.id === labels.id) return where;
  return labels;
}

/** Builtins that look at a value without keeping it. */
const INSPECTING_BUILTINS = new Set(['hasattr', 'isinstance', 'type', 'len', 'callable']);

/**
 * The expression a use makes of the predictions when it is bound to a name again: the use
 * through attributes, method calls, subscripts, parentheses and the arms (not the condition) of
 * a conditional expression, up to the right side of an assignment to a name.
 */
function reboundAs(use: Node): Node | undefined {
  let node = use;
  for (let step = 0; step < 8; step++) {
    const parent = node.parent;
    if (!parent) return undefined;
    const through =
      parent.type === 'parenthesized_expression' ||
      (parent.type === 'attribute' && field(parent, 'object')?.id === node.id) ||
      (parent.type === 'call' && field(parent, 'function')?.id === node.id) ||
      (parent.type === 'subscript' && field(parent, 'value')?.id === node.id) ||
      (parent.type === 'conditional_expression' && namedChildren(parent)[1]?.id !== node.id);
    if (through) {
      node = parent;
      continue;
    }
    return parent.type === 'assignment' && field(parent, 'right')?.id === node.id && field(parent, 'left')?.type === 'identifier' ? node : undefined;
  }
  return undefined;
}

/** What the object holding predictions in a column or field (`pdf` of `pdf["pred"] = preds`) does with them. */
type HolderOutcome = 'kept' | 'measured' | 'unknown';

/** A look at a whole frame, which keeps nothing: `pdf.head()`, `pdf.shape`, `display(pdf)`. */
const LOOKING_METHODS = new Set(['head', 'tail', 'describe', 'info']);
const LOOKING_ATTRIBUTES = new Set(['shape', 'columns', 'dtypes', 'index', 'size', 'empty']);
const LOOKING_CALLS = new Set(['display', 'print', 'len']);

/**
 * What the object a column or field of predictions is stored in does with it after
 * `assignment`: 'kept' where the object leaves the code or goes where the file does not follow
 * it (written out, returned, renamed, merged, passed to a function, a method other than a look,
 * a read of the column that feeds anything but a measure); 'measured' where the column is read
 * only by metrics or plots, or the object is given whole to one (`mlflow.evaluate(data=pdf,
 * predictions="pred")`), and nothing keeps it; 'unknown' where nothing reads it after, or the
 * holder is `self` (what a class does with its fields is not followed).
 */
function holderOutcome(model: SemanticModel, holder: Node, assignment: Node, depth: number): HolderOutcome {
  const root = accessRoot(holder);
  const binding = root && root.text !== 'self' ? model.lookup(root) : undefined;
  if (!root || !binding) return 'unknown';
  const column = fieldName(model, holder);
  let measured = false;
  for (const use of model.usesOf(binding)) {
    if (use.startIndex < assignment.endIndex) continue;
    const parent = use.parent;
    const read = parent && ((parent.type === 'subscript' && field(parent, 'value')?.id === use.id) || (parent.type === 'attribute' && field(parent, 'object')?.id === use.id)) ? parent : undefined;
    if (read) {
      // `pdf["residual"] = ...`: another column written.
      if (read.parent?.type === 'assignment' && field(read.parent, 'left')?.id === read.id) continue;
      const name = fieldName(model, read);
      if (read.type === 'attribute') {
        const isMethod = read.parent?.type === 'call' && field(read.parent, 'function')?.id === read.id;
        if (name === 'write' || (isMethod && WRITES_OUT.test(name ?? ''))) return 'kept';
        if (isMethod) {
          if (LOOKING_METHODS.has(name ?? '')) continue;
          return 'kept';
        }
        if (LOOKING_ATTRIBUTES.has(name ?? '')) continue;
      }
      // The column itself, or a selection of columns (`pdf[["id", "pred"]]`): what it feeds.
      if (name === column || (read.type === 'subscript' && name === undefined)) {
        if (depth >= MAX_DERIVED_DEPTH || !onlyMeasured(model, predictionExpression(model, read), depth + 1)) return 'kept';
        measured = true;
      }
      // Another column or field: what the predictions are measured against.
      continue;
    }
    const call = argumentOfCall(use);
    if (call) {
      const site = model.callSite(call);
      if (takesPredictionsOnlyToMeasure(model, site)) {
        measured = true;
        continue;
      }
      if (!site.receiver && LOOKING_CALLS.has(site.name ?? '')) continue;
    }
    // Returned, yielded, renamed, put in a container, passed to any other call.
    return 'kept';
  }
  return measured ? 'measured' : 'unknown';
}


/** Calls that save what they are given to a file. */
const SAVING_CALLS = /^(?:numpy\.(?:save|savez|savez_compressed|savetxt)|pickle\.dump|json\.dump|joblib\.dump)$/;

/**
 * Whether labels made of predictions (`labels` of `labels = (proba > 0.5).astype(int)`, or the
 * expression itself) are kept: written out, saved, returned, or stored in a column of a frame
 * that is kept (holderOutcome).
 */
function labelsKept(model: SemanticModel, labels: Node): boolean {
  const parent = labels.parent;
  if (parent?.type !== 'assignment' || field(parent, 'right')?.id !== labels.id) return false;
  const target = field(parent, 'left');
  if (target?.type === 'subscript' || target?.type === 'attribute') return holderOutcome(model, target, parent, MAX_DERIVED_DEPTH) === 'kept';
  if (target?.type !== 'identifier') return false;
  const binding = model.bindings.all(target.text).find((candidate) => candidate.node.id === parent.id);
  return (
    !!binding &&
    model.usesOf(binding).some((use) => {
      if (use.startIndex < parent.endIndex) return false;
      if (use.parent?.type === 'attribute' && field(use.parent, 'object')?.id === use.id && WRITES_OUT.test(field(use.parent, 'attribute')?.text ?? '')) return true;
      if (use.parent?.type === 'return_statement') return true;
      const call = argumentOfCall(use);
      if (call && SAVING_CALLS.test(model.callSite(call).qualifiedName ?? '')) return true;
      const holder = use.parent?.type === 'assignment' && field(use.parent, 'right')?.id === use.id ? field(use.parent, 'left') : undefined;
      return !!holder && (holder.type === 'subscript' || holder.type === 'attribute') && holderOutcome(model, holder, use.parent!, MAX_DERIVED_DEPTH) === 'kept';
    })
  );
}

/** Element-wise steps on errors (`abs`, squares) and the reductions that make one number of them (`mean`, `sum`). */
const ELEMENTWISE = new Set(['abs', 'fabs', 'absolute', 'square', 'sqrt', 'pow', 'power']);
const REDUCTIONS = new Set(['mean', 'sum', 'median', 'average', 'std', 'var', 'max', 'min', 'nanmean', 'nansum']);

/**
 * Whether an expression of errors (`y - preds`) is reduced to one number within its statement,
 * through element-wise steps only: `(y - preds).abs().mean()`, `np.mean(np.abs(y - preds))`,
 * `((y - preds) ** 2).mean()`. The predictions then leave no batch of scores behind.
 */
function reducedToOneNumber(model: SemanticModel, errors: Node): boolean {
  let node = errors;
  for (let step = 0; step < 8; step++) {
    const parent = node.parent;
    if (!parent) return false;
    if (parent.type === 'parenthesized_expression') {
      node = parent;
      continue;
    }
    if (parent.type === 'binary_operator' && field(parent, 'left')?.id === node.id && field(parent, 'operator')?.text === '**') {
      node = parent;
      continue;
    }
    if (parent.type === 'attribute' && field(parent, 'object')?.id === node.id) {
      const name = field(parent, 'attribute')?.text ?? '';
      const call = parent.parent?.type === 'call' && field(parent.parent, 'function')?.id === parent.id ? parent.parent : undefined;
      if (!call) return false;
      if (REDUCTIONS.has(name)) return true;
      if (!ELEMENTWISE.has(name)) return false;
      node = call;
      continue;
    }
    if (parent.type === 'argument_list' && parent.parent?.type === 'call') {
      const name = model.callSite(parent.parent).name ?? '';
      if (REDUCTIONS.has(name)) return true;
      if (!ELEMENTWISE.has(name)) return false;
      node = parent.parent;
      continue;
    }
    return false;
  }
  return false;
}

/** Methods that write what they are called on out of the program (a file, a table). */
const WRITES_OUT = /^(?:to_(?:csv|parquet|json|excel|sql|pickle|feather|hdf|orc|xml)|tofile|save|write|dump)$/;

/**
 * The function `statement` returns from is called in the file, and each call's result only
 * feeds metrics. A function also named without being called (`map(score_region, regions)`, a
 * callback) may be called anywhere: not followed.
 */
function returnedOnlyToMeasure(model: SemanticModel, statement: Node, depth: number): boolean {
  const fn = ancestorOfType(statement, ['function_definition', 'lambda']);
  const name = fn?.type === 'function_definition' ? field(fn, 'name')?.text : undefined;
  if (!fn || !name) return false;
  const binding = model.bindings.all(name).find((candidate) => candidate.node.id === fn.id);
  if (binding && model.mayRead(binding).some((read) => read.id !== field(fn, 'name')?.id && !isCallee(read))) return false;
  const calls = model.callsNamed(name).filter((site) => {
    const callee = unparenthesize(site.callee);
    return (callee.type === 'identifier' ? model.resolveFunction(callee) : calledMethod(model, site))?.id === fn.id;
  });
  return calls.length > 0 && calls.every((site) => onlyMeasured(model, predictionExpression(model, site.node), depth + 1));
}

/** `f(...)` or `obj.f(...)`: the name is what is called. */
function isCallee(name: Node): boolean {
  const holder = name.parent?.type === 'attribute' && field(name.parent, 'attribute')?.id === name.id ? name.parent : name;
  return holder.parent?.type === 'call' && field(holder.parent, 'function')?.id === holder.id;
}
