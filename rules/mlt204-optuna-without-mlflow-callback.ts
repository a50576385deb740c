import type { Node } from 'web-tree-sitter';
import { addKeywordArgument, ensureImported, insertItem, replaceNode } from './engine/fixBuilders';
import { ancestorOfType, field, unparenthesize } from './engine/syntax';
import { allowsOnlyVersionsBelow } from './semantic/requirementVersions';
import { mayRunBefore } from './semantic/executionOrder';
import type { Fix, ProjectContext, Rule, RuleContext, TextEdit } from './engine/types';
import { autologEnablingCalls, callsInActiveRuns, isTrackingCall } from './semantic/mlflowRuns';
import { callsUnseenCode } from './semantic/unseenCode';
import { assignedBinding } from './semantic/modelUris';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { type OptimizeCall, calledFunction, objectiveFunction, returnedExpressions, studyOptimizeCalls, studyStoresTrialsInMlflow } from './semantic/tuning';
import { pipRequirementSpan } from './semantic/notebook';
import { isNoneLiteral, sequenceElements } from './semantic/values';
import { positionalArguments } from './semantic/calls';
import { calledMethod } from './semantic/methodCalls';

/**
 * Where MLflowCallback lives. The fix imports it from `optuna.integration.mlflow`, the path of
 * Optuna's documentation and of the Databricks material the exam follows; Optuna 4 still
 * serves it there (from the optuna-integration package, also importable as `optuna_integration`).
 */
const CALLBACK_MODULE = 'optuna.integration.mlflow';
const CALLBACK_PATHS = new Set([
  'optuna.integration.MLflowCallback',
  'optuna.integration.mlflow.MLflowCallback',
  'optuna_integration.MLflowCallback',
  'optuna_integration.mlflow.MLflowCallback',
]);

/**
 * Whether a function's own code (or that of the file's functions and own-class methods it
 * calls, one level) logs to
 * MLflow, or may: it calls code of the project that the file does not show.
 */
function logsToMlflow(model: SemanticModel, project: ProjectContext, fn: Node): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (decorated && /\btrack_in_mlflow\b/.test(decorated.text.slice(0, fn.startIndex - decorated.startIndex))) return true;
  const sites = model.callsWithin(fn);
  if (sites.some((site) => isTrackingCall(model, site) || callsUnseenCode(model, project, site))) return true;
  for (const site of sites) {
    const callee = unparenthesize(site.callee);
    const helper = callee.type === 'identifier' ? model.resolveFunction(callee) : calledMethod(model, site);
    if (helper && helper.id !== fn.id && model.callsWithin(helper).some((inner) => isTrackingCall(model, inner) || callsUnseenCode(model, project, inner))) return true;
  }
  return false;
}

type CallbackVerdict = 'mlflow' | 'other' | 'unknown';

/** Whether one callback is an MLflowCallback, another known callback, or cannot be told. */
function callbackKind(model: SemanticModel, project: ProjectContext, element: Node): CallbackVerdict {
  const value = model.resolveValue(element);
  if (value.type === 'call') {
    const callee = field(value, 'function');
    const site = model.callSite(value);
    if (site.name === 'MLflowCallback' || CALLBACK_PATHS.has(site.qualifiedName ?? '')) return 'mlflow';
    // A callback class of the file may log in its __call__: only a library's class is "other".
    return callee && !model.resolveClass(callee) && site.qualifiedName ? 'other' : 'unknown';
  }
  const fn = model.resolveFunction(value);
  if (fn) return logsToMlflow(model, project, fn) ? 'mlflow' : 'other';
  return 'unknown';
}

/** The callbacks the call passes: 'none' when it passes none, undefined when they cannot be read. */
function readCallbacks(model: SemanticModel, callbacks: Node | undefined): { kind: 'none' } | { kind: 'list'; elements: Node[]; list?: Node } | undefined {
  if (!callbacks || isNoneLiteral(model, callbacks)) return { kind: 'none' };
  const sequence = sequenceElements(model, callbacks);
  if (!sequence || !sequence.complete) return undefined;
  // Only a list written in the call itself is extended by the fix.
  const literal = unparenthesize(callbacks);
  const list = sequence.literals.length === 1 && sequence.literals[0].id === literal.id && literal.type === 'list' ? literal : undefined;
  return { kind: 'list', elements: sequence.elements, list };
}

/** Calls that convert a number without naming it (`float(...)` of a metric): builtins the file does not rebind, NumPy's. */
const BUILTIN_CONVERSIONS = new Set(['float', 'int', 'round', 'abs']);
const NUMPY_CONVERSIONS = new Set(['numpy.float64', 'numpy.float32', 'numpy.asarray', 'numpy.array']);

function isConversion(site: CallSite): boolean {
  if (NUMPY_CONVERSIONS.has(site.qualifiedName ?? '')) return true;
  return site.callee.type === 'identifier' && BUILTIN_CONVERSIONS.has(site.callee.text) && (site.qualifiedName === undefined || site.qualifiedName === site.callee.text);
}

/** The metric name for the callback: what the objective returns (`rmse`, `f1_score`), else Optuna's default `value`. */
function metricName(model: SemanticModel, fn: Node, depth = 0): string {
  for (const returned of returnedExpressions(fn)) {
    let expr = unparenthesize(returned);
    // `float(rmse)`, `round(f1, 4)`: a conversion names nothing; its argument may.
    for (let unwrap = 0; unwrap < 3 && expr.type === 'call' && isConversion(model.callSite(expr)); unwrap++) {
      const inner = positionalArguments(model.callSite(expr))[0];
      if (!inner) break;
      expr = unparenthesize(inner);
    }
    // `lambda trial: objective(trial, gpu)`: the metric is what `objective` returns.
    const helper = depth < 2 ? calledFunction(model, expr) : undefined;
    if (helper && helper.id !== fn.id) return metricName(model, helper, depth + 1);
    const name =
      expr.type === 'identifier' ? expr.text
      : expr.type === 'call' ? model.callSite(expr).name
      : expr.type === 'attribute' ? field(expr, 'attribute')?.text
      : undefined;
    if (name && /^[A-Za-z_]\w*$/.test(name)) return name;
  }
  return 'value';
}

/** The name under which MLflowCallback is already imported and visible at `use`, if it is. */
function importedCallbackName(model: SemanticModel, use: Node): string | undefined {
  for (const binding of model.importBindings) {
    if (CALLBACK_PATHS.has(binding.imported!.qualifiedName) && model.bindings.lookup(binding.name, use) === binding) return binding.name;
  }
  return undefined;
}

/** Optuna serves `optuna.integration.mlflow` from the optuna-integration package since 3.6 (its module raises ModuleNotFoundError without it). */
const INTEGRATION_SPLIT: readonly [number, number] = [3, 6];

/**
 * The notebook's one `%pip install` of optuna, where it leaves out optuna-integration that the
 * callback's import needs (Optuna unpinned, or not held below 3.6): the edit that installs it
 * beside optuna, on the user's own line (not in a notebook `%run` brings in). Undefined where
 * nothing needs adding, or where the file installs optuna more than once (which install counts
 * is not for a fix to guess).
 */
function integrationInstall(context: RuleContext): TextEdit | undefined {
  const { document } = context;
  const requirements = context.model.notebook.pipRequirements;
  if (requirements.some((requirement) => requirement.normalizedName === 'optuna-integration')) return undefined;
  const installs = requirements.filter((requirement) => requirement.normalizedName === 'optuna');
  if (installs.length !== 1) return undefined;
  const [optuna] = installs;
  const span = pipRequirementSpan(document, optuna);
  if (!span || !document.inUserText(span.nameStart) || heldBeforeSplit(span.rest)) return undefined;
  // After the specifier, not the blanks that follow it (`optuna mlflow`).
  const end = span.nameEnd + span.rest.trimEnd().length;
  if (!span.quote) return { start: end, end, newText: ' optuna-integration' };
  // After the closing quote of a quoted requirement (`"optuna>=3.6; python_version>='3.9'"`).
  // The first quote not escaped (`"optuna>=3.6; python_version>=\"3.9\""` holds two that are).
  const rest = document.textIn(end, document.lineEnd(optuna.line));
  let close = -1;
  for (let i = 0; i < rest.length && close < 0; i++) {
    if (rest[i] === '\\') i++;
    else if (rest[i] === span.quote) close = i;
  }
  return close < 0 ? undefined : { start: end + close + 1, end: end + close + 1, newText: ' optuna-integration' };
}

/** Whether a specifier holds Optuna below 3.6, whose own integration module serves the callback. */
function heldBeforeSplit(specifier: string): boolean {
  return allowsOnlyVersionsBelow(specifier, INTEGRATION_SPLIT);
}

function callbackFix(context: RuleContext, optimize: OptimizeCall, fn: Node, inActiveRun: boolean, list: Node | undefined): Fix | undefined {
  const { model, document } = context;
  const site = optimize.site;
  const existing = importedCallbackName(model, site.node);
  const imported = existing ? { localName: existing, edits: [] } : ensureImported(model, CALLBACK_MODULE, 'MLflowCallback', site.node);
  // Inside an active run the callback's own start_run must be a child run, or it raises.
  const nested = inActiveRun ? ', mlflow_kwargs={"nested": True}' : '';
  // create_experiment=False: the trials go to the experiment already in use. By default the
  // callback calls mlflow.set_experiment(study.study_name) before each trial, which moves every
  // later run of the process there ("no-name-<uuid>" for an unnamed study), and which Optuna's
  // docs say must be turned off in a Databricks notebook.
  const callback = `${imported.localName}(metric_name="${metricName(model, fn)}", create_experiment=False${nested})`;
  let edit: TextEdit | undefined;
  if (list) edit = insertItem(document, list, callback);
  else if (optimize.callbacks && isNoneLiteral(model, optimize.callbacks) && model.resolveValue(optimize.callbacks).id === unparenthesize(optimize.callbacks).id) {
    edit = replaceNode(optimize.callbacks, `[${callback}]`);
  } else if (!optimize.callbacks) edit = addKeywordArgument(document, site.node, `callbacks=[${callback}]`);
  if (!edit) return undefined;
  // The import added, the notebook's install of optuna gets the package that serves it.
  const install = imported.edits.length > 0 ? integrationInstall(context) : undefined;
  return {
    title: `Log each trial to MLflow: add ${callback} to callbacks${install ? ', and optuna-integration to the %pip install' : ''}`,
    // It adds a run per trial to the tracking server and an import that Optuna 4 serves from
    // the optuna-integration package: worth a look before applying.
    safety: 'unsafe',
    edits: [...(install ? [install] : []), ...imported.edits, edit],
  };
}

/** What a study gives its trials by: `study.trials`, `study.get_trials()`, `study.trials_dataframe()`. */
const TRIAL_READS = new Set(['trials', 'get_trials', 'trials_dataframe']);

/** Conversions of a frame that keep every row. */
const WHOLE_FRAME_CONVERSIONS = new Set(['to_dict', 'to_json', 'to_csv', 'to_markdown', 'to_string', 'to_html']);

/** MLflow calls that log a whole table or dict as an artifact: given the trials frame, every trial is logged. */
const WHOLE_TABLE_LOGGERS = new Set(['log_table', 'log_dict', 'log_text']);

/**
 * Whether the file hands every trial of the study to MLflow after it runs: the trials frame
 * passed whole to a table logger (`mlflow.log_table(study.trials_dataframe(), ...)`, also
 * through a name), or a loop over `study.trials` / `get_trials()` whose body logs each trial
 * (a tracking call that reads the loop variable, not under an `if`). A count or the best value
 * logged (`len(study.trials)`, `df["value"].min()`) is not every trial.
 */
function logsTrialsAfter(model: SemanticModel, optimize: OptimizeCall): boolean {
  const receiver = optimize.site.receiver ? unparenthesize(optimize.site.receiver) : undefined;
  if (receiver?.type !== 'identifier') return false;
  const passedWholeToTableLogger = (node: Node) => {
    const call = node.parent?.type === 'argument_list' ? node.parent.parent : node.parent?.type === 'keyword_argument' ? node.parent.parent?.parent : undefined;
    if (call?.type !== 'call') return false;
    const site = model.callSite(call);
    return WHOLE_TABLE_LOGGERS.has(site.name ?? '') && isTrackingCall(model, site);
  };
  for (const read of model.nodesAroundText([...TRIAL_READS], 'attribute')) {
    if (read.startIndex < optimize.site.node.endIndex || field(read, 'object')?.text !== receiver.text || !TRIAL_READS.has(field(read, 'attribute')?.text ?? '')) continue;
    // `study.trials_dataframe()` (a call) or `study.trials` (an attribute).
    let value: Node = read.parent?.type === 'call' && field(read.parent, 'function')?.id === read.id ? read.parent : read;
    // `study.trials_dataframe().to_dict(orient="records")`: the whole frame in another form.
    while (value.parent?.type === 'attribute' && WHOLE_FRAME_CONVERSIONS.has(field(value.parent, 'attribute')?.text ?? '') && value.parent.parent?.type === 'call') value = value.parent.parent;
    if (passedWholeToTableLogger(value)) return true;
    const binding = assignedBinding(model, value);
    if (binding && model.usesOf(binding).some(passedWholeToTableLogger)) return true;
    const loop = value.parent?.type === 'for_statement' && field(value.parent, 'right')?.id === value.id ? value.parent : undefined;
    const variable = loop ? field(loop, 'left') : undefined;
    const body = loop ? field(loop, 'body') : undefined;
    if (variable?.type === 'identifier' && body && logsEachPass(model, body, variable.text)) return true;
  }
  return false;
}

/** A tracking call in the loop body, outside any `if`, that reads the loop variable (`mlflow.log_params(t.params)`). */
function logsEachPass(model: SemanticModel, body: Node, variable: string): boolean {
  return model.callsWithin(body).some((site) => {
    if (!isTrackingCall(model, site) || !new RegExp(`\\b${variable}\\b`).test(site.arguments?.text ?? '')) return false;
    for (let node = site.node.parent; node && node.id !== body.id; node = node.parent) {
      if (node.type === 'if_statement' || node.type === 'conditional_expression' || node.type === 'function_definition') return false;
    }
    return true;
  });
}

/**
 * Code the file does not show that runs before `site` and may turn autologging on: a `%run`
 * whose notebook could not be read, or a call of the project's own code in the module code
 * before it (`setup_tracking()`).
 */
function unseenSetupBefore(context: RuleContext, site: CallSite): boolean {
  const { model } = context;
  const line = site.node.startPosition.row;
  if (model.notebook.runCommands.some((command) => command.line < line)) return true;
  return model.calls().some((call) => call.node.startIndex < site.node.startIndex && !ancestorOfType(call.node, ['function_definition', 'lambda']) && callsUnseenCode(model, context.project, call));
}

function check(context: RuleContext): void {
  const { model } = context;
  if (!model.importsModule('mlflow')) return;
  const autologs = autologEnablingCalls(model);
  let active: ReturnType<typeof callsInActiveRuns> | undefined;
  for (const optimize of studyOptimizeCalls(model)) {
    // Autologging on before the study records every fit of every trial: the trials are in MLflow
    // already. Turned on after it in the same module code, it records none of them.
    if (autologs.some((site) => mayRunBefore(site.node, optimize.site.node))) continue;
    // Autologging turned on later, after code the file does not show: that code may have turned it on first.
    if (autologs.length > 0 && unseenSetupBefore(context, optimize.site)) continue;
    // MlflowSparkStudy and MlflowStorage keep every trial as an MLflow run already.
    if (!optimize.objective || optimize.hasSplat || studyStoresTrialsInMlflow(model, optimize)) continue;
    // Every trial logged afterwards (a run per trial from study.trials, or all as a table): the callback would log them twice.
    if (logsTrialsAfter(model, optimize)) continue;
    const callbacks = readCallbacks(model, optimize.callbacks);
    if (!callbacks) continue;
    const list = callbacks.kind === 'list' ? callbacks.list : undefined;
    if (callbacks.kind === 'list') {
      const kinds = callbacks.elements.map((element) => callbackKind(model, context.project, element));
      if (kinds.some((kind) => kind !== 'other')) continue;
    }
    const fn = objectiveFunction(model, optimize.objective);
    if (!fn || fn.hasError || logsToMlflow(model, context.project, fn)) continue;
    active ??= callsInActiveRuns(model);
    const fix = callbackFix(context, optimize, fn, active.has(optimize.site.node.id), list);
    context.report({
      node: optimize.site.callee,
      // "no trial": Databricks Autologging, where it is on, may record the fits as runs of their own, never a trial's objective value.
      message: 'study.optimize logs no trial to MLflow: the objective does not log and no MLflowCallback is passed — add callbacks=[MLflowCallback(...)] to log each trial (its parameters and objective value) as a run',
      fixes: fix ? [fix] : [],
    });
  }
}

export const mlt204OptunaWithoutMlflowCallback: Rule = {
  meta: {
    id: 'MLT204',
    name: 'optuna-without-mlflow-callback',
    severity: 'hint',
    area: 'Distributed training and tuning',
    domain: 'Model Development',
    title: 'An Optuna study in an MLflow notebook logs none of its trials',
  },
  docs: {
    trap: 'Running `study.optimize(...)` in a notebook that tracks with MLflow, with an objective that logs nothing and no MLflow callback: none of the trials reach MLflow.',
    reality:
      'Optuna keeps its trials in the study (in memory unless a storage is given); MLflow sees none of them unless the objective logs, the study passes `callbacks=[MLflowCallback(...)]` (which logs each trial as an MLflow run with its parameters and the objective value under `metric_name`), or the study keeps its trials in MLflow itself (`storage=MlflowStorage(...)`, or MLflow\'s `MlflowSparkStudy`). mltraps stays silent in those cases, when the objective (or a function of the file it calls) logs with mlflow.log_* / start_run / autolog or calls code of the project that the file does not show (a function imported relatively, from the project\'s own modules, or from a module no package list knows), is decorated with `track_in_mlflow`, when the file turns on `mlflow.autolog()` before the study (or in a function, which may be called at any time; autologging turned on after the study in the same module code records none of its trials), or when it logs every trial after the study (the `trials_dataframe()` frame passed whole to `log_table` / `log_dict` / `log_text`, also converted whole with `to_dict()` and the like, also through a name, or a loop over `study.trials` / `get_trials()` whose body logs each trial: a tracking call that reads the loop variable, not under an `if`; a count or the best value logged is not every trial). An objective may be a function, a lambda, a `functools.partial`, or a method of a class of the file (`self.objective`). `autolog(disable=True)` switches logging off: it is not logging. In a Databricks notebook, Databricks Autologging (interactive notebooks on ML runtime clusters, not serverless compute) may record the fits of the libraries it supports, each as a run of its own, but not the trials\' objective values: the message says that no trial is logged.',
    example: [
      'import mlflow',
      'import optuna',
      '',
      'def objective(trial):',
      '    model = Ridge(alpha=trial.suggest_float("alpha", 1e-3, 10, log=True)).fit(X_train, y_train)',
      '    return mean_squared_error(y_val, model.predict(X_val))',
      '',
      'study = optuna.create_study()',
      'study.optimize(objective, n_trials=50)',
    ].join('\n'),
    useInstead: [
      'from optuna.integration.mlflow import MLflowCallback',
      '',
      'study.optimize(objective, n_trials=50, callbacks=[MLflowCallback(metric_name="mse", create_experiment=False)])',
    ].join('\n'),
    fix: 'Adds `callbacks=[MLflowCallback(metric_name="...", create_experiment=False)]` (or appends to the `callbacks=[...]` list), naming the metric after what the objective returns and keeping the trials in the experiment in use (by default the callback calls `mlflow.set_experiment(study.study_name)`, which moves every later run of the process to an experiment named after the study, `no-name-<uuid>` when it has no name; Optuna\'s documentation says it must be False in a Databricks notebook), and `from optuna.integration.mlflow import MLflowCallback` when it is not imported; where the notebook has one `%pip install` of Optuna (unpinned, or pinned at 3.6 or later) without optuna-integration, it adds `optuna-integration` to that line. When the study runs inside a `with mlflow.start_run():` block the callback gets `mlflow_kwargs={"nested": True}` so its runs become child runs.',
    fixSafety:
      'Unsafe: it adds a run per trial to the tracking server, and since Optuna 3.6 the import needs the optuna-integration package installed (`%pip install optuna-integration`): the fix adds it to a notebook\'s `%pip install` of Optuna, but an install elsewhere (a requirements file, a cluster library, pip run from Python) needs it by hand. `MLflowCallback` is deprecated since optuna-integration 4.9.0 and due to be removed in 6.0: keeping the trials in MLflow (`storage=MlflowStorage(...)`, `MlflowSparkStudy`) or logging in the objective are the lasting options.',
    examFact: 'Optuna\'s MLflow callback logs each trial as a run.',
    references: [{ title: 'Hyperparameter tuning with Optuna (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/optuna' }],
  },
  triggers: ['optimize'],
  alsoNeeds: ['optuna'],
  check,
};
