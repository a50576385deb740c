import type { Node } from 'web-tree-sitter';
import { children, field, namedChildren, unparenthesize } from './engine/syntax';
import type { Rule, RuleContext } from './engine/types';
import type { SourceDocument } from './engine/sourceDocument';
import { argument, keywordArgument } from './semantic/calls';
import { isCreatedByTheFile } from './semantic/freshRegisteredModels';
import { canonicalStage, methodNameNode, parameterThroughCopy, registeredName, registryClientCalls, sameModelName, type StageTransition, stageTransitions } from './semantic/modelRegistry';
import { parameterArgumentOf, parameterArguments, parameterOf } from './semantic/parameterValues';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { isTestCode } from './semantic/testCode';
import { calledMethod } from './semantic/methodCalls';
import { trainingCalls, trainsInFile } from './semantic/training';
import { numberValue, stringValue } from './semantic/values';
import { blockLeaves, conditionMentions, conditionsBefore } from './semantic/ifChains';
import { isReboundGlobal } from './semantic/reboundGlobals';
import { environmentDefault } from './semantic/environmentDefaults';

/** Calls that end a notebook or a script: `if worse: dbutils.notebook.exit(...)` guards what follows. */
const EXIT_CALLS = /^(dbutils\.notebook\.exit|sys\.exit|exit|quit|os\._exit)\s*\(/;

/** Names of metrics and of the outcome of a comparison: what an `if` on a metric mentions. */
const METRIC_WORDS = /auc|accuracy|(?:^|_)acc(?:$|_)|f1|rmse|mse|mae|mape|smape|(?:^|_)r2(?:$|_)|score|metric|loss|precision|recall|error|perf|improv|better|best|baseline|champion|challenger|threshold|(?:^|_)gain|lift|gini|(?:^|_)ks(?:$|_)/i;
/** Names of a check's outcome or of a check itself: `passed`, `is_valid`, `validate_model(...)`. */
const CHECK_WORDS = /valid|pass|check|compar|beat|approv|evaluat/i;

/**
 * Whether a condition compares a model's quality: a comparison that mentions a metric
 * (`new_auc > champion_auc`, `metrics["rmse"] < 0.3`), an ordering against a fractional
 * threshold (`x >= 0.85`), or the outcome of a check (`if passed_validation:`, `if
 * is_better(new, old):`), also through a name the file binds to one (`promote = new_auc >
 * old_auc` ... `if promote:`). `__name__ == "__main__"`, a plain flag (`if promote:` on a
 * parameter), a stage or count test (`if model.current_stage != "Production"`, `if
 * len(versions) > 0`) are not.
 */
function isMetricCheck(model: SemanticModel, condition: Node | undefined, depth = 0): boolean {
  if (!condition || depth > 3) return false;
  const node = unparenthesize(condition);
  if (node.type === 'not_operator') return isMetricCheck(model, field(node, 'argument'), depth);
  if (node.type === 'boolean_operator') return isMetricCheck(model, field(node, 'left'), depth) || isMetricCheck(model, field(node, 'right'), depth);
  // A flag that holds the outcome of a comparison on some path (`promote = True` then, where
  // there is a champion, `promote = new_auc >= old_auc`) gates on it.
  if (node.type === 'identifier') {
    const bindings = model.bindings.reachingBindings(node.text, node);
    if (bindings.some((binding) => binding.kind === 'assignment' && !!binding.value && isMetricCheck(model, binding.value, depth + 1))) return true;
  }
  if (node.type === 'comparison_operator') {
    // `tags.get("validation").lower() == "approved"`: the outcome of a check made elsewhere.
    if (conditionMentions(node, METRIC_WORDS) || conditionMentions(node, CHECK_WORDS)) return true;
    const ordering = children(node).some((child) => ['<', '>', '<=', '>='].includes(child.type));
    return ordering && namedChildren(node).some((operand) => operand.type === 'float');
  }
  return conditionMentions(node, METRIC_WORDS) || conditionMentions(node, CHECK_WORDS);
}

/** An exit call as a statement: it ends the notebook or script like a `return` ends a function. */
function isExitCall(statement: Node): boolean {
  return statement.type === 'expression_statement' && EXIT_CALLS.test(statement.text);
}

/**
 * MLflow's own validation gate: `mlflow.evaluate(..., validation_thresholds=...)` (it raises
 * when the candidate misses a threshold or does worse than `baseline_model`; from MLflow 2.18
 * only when `baseline_model` is given, which the file's MLflow version decides: counted either
 * way, so the rule stays silent where it cannot tell), and
 * `mlflow.validate_evaluation_results(...)`; and a validation call of the project written as a
 * statement (`validate_model(version)`). The start offsets of those calls.
 */
/** A statement call that checks by its name (`check_drift(df)`, `assert_quality(...)`, `validate_model(...)`). */
const CHECK_NAME = /^(check|assert)_|validat/i;

interface ValidationGates {
  /** MLflow's gates: they validate a model by what they are given. */
  model: number[];
  /** The project's check calls: they may check the data before training (`check_inputs(x, y)`). */
  named: number[];
}

function validationGates(model: SemanticModel): ValidationGates {
  const gates: number[] = [];
  const named: number[] = [];
  for (const site of model.callsNamed('evaluate', 'validate_evaluation_results')) {
    const qualifiedName = site.qualifiedName ?? '';
    if (site.name === 'evaluate' && /^mlflow(\.models)?\.evaluate$/.test(qualifiedName) && keywordArgument(site, 'validation_thresholds')) gates.push(site.node.startIndex);
    if (site.name === 'validate_evaluation_results' && /^mlflow(\.models)?\.validate_evaluation_results$/.test(qualifiedName)) gates.push(site.node.startIndex);
  }
  const canStop = new Map<number, boolean>();
  const checkNames = model.callNamesMatching(CHECK_NAME);
  for (const site of model.callsNamed(...checkNames)) {
    if (site.node.parent?.type !== 'expression_statement') continue;
    // A function of the file that can neither raise nor exit only reports (`check_nulls(df)`
    // printing shares): it stops nothing. One defined elsewhere may: it counts.
    const fn = model.resolveFunction(site.callee);
    if (fn && !canStopTheRun(model, fn, canStop)) continue;
    named.push(site.node.startIndex);
  }
  return { model: gates, named };
}

/**
 * Whether a function of the file can stop the code that calls it: it raises, asserts or exits
 * (`sys.exit`, `dbutils.notebook.exit`), or calls another function of the file that can (a
 * `run_validation()` that only refits candidates through `fit_and_log()` stops nothing). Known
 * answers by function, in `known`; a function still being asked about (recursion), or one
 * nested deeper than MAX_STOP_DEPTH calls, is taken to stop.
 */
function canStopTheRun(model: SemanticModel, fn: Node, known: Map<number, boolean>, depth = 0): boolean {
  const answer = known.get(fn.id);
  if (answer !== undefined) return answer;
  if (depth >= MAX_STOP_DEPTH) return true;
  known.set(fn.id, true);
  const stops =
    fn.descendantsOfType(['raise_statement', 'assert_statement']).length > 0 ||
    model.callsWithin(fn).some((call) => {
      if (EXIT_CALLS.test(`${call.callee.text}(`)) return true;
      const callee = model.resolveFunction(call.callee);
      return callee !== undefined && canStopTheRun(model, callee, known, depth + 1);
    });
  known.set(fn.id, stops);
  return stops;
}

const MAX_STOP_DEPTH = 4;

/**
 * Where the first check of a block starts: an `assert` on a metric, an `if` on a metric whose
 * body leaves (`if new_auc <= champion_auc: raise ...`), or a statement holding a validation
 * gate. Every statement after it runs only when the check passed. Infinity when the block has
 * none.
 */
const DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition']);

/** Whether running `node` trains a model: a training call in it, or in a function of the file it calls (`results = train_models(...)`). */
function trains(model: SemanticModel, node: Node, depth = 0, seen = new Set<number>()): boolean {
  if (trainingCalls(model).some((site) => node.startIndex <= site.node.startIndex && site.node.endIndex <= node.endIndex)) return true;
  if (depth >= 3) return false;
  return model.callsWithin(node).some((site) => {
    const fn = model.resolveFunction(site.callee);
    if (!fn || seen.has(fn.id)) return false;
    seen.add(fn.id);
    return trains(model, fn, depth + 1, seen);
  });
}

/**
 * `rmse >= 680`, `val_auc < 0.85`: a metric's name compared with a number by an ordering.
 * A retrain loop on it ends when the metric passes; a loop that counts (`len(scores) < 5`) or
 * polls (`metrics.get("rmse") is None`, `state != "TERMINATED"`) compares nothing of the kind.
 */
function isMetricThreshold(condition: Node): boolean {
  const node = unparenthesize(condition);
  if (node.type !== 'comparison_operator') return false;
  const operands = namedChildren(node);
  const ordering = children(node).filter((child) => ['<', '>', '<=', '>='].includes(child.type));
  if (operands.length !== 2 || ordering.length !== 1) return false;
  const number = operands.find((operand) => operand.type === 'float' || operand.type === 'integer');
  const metric = operands.find((operand) => operand !== number);
  return !!number && !!metric && (metric.type === 'identifier' || metric.type === 'attribute') && conditionMentions(metric, METRIC_WORDS);
}

/**
 * A `break` of this loop (not of a loop inside it, but one in the `else` of an inner loop leaves
 * this one), or an `else` clause: the loop may end with its condition still true.
 */
function leavesEarly(loop: Node): boolean {
  if (field(loop, 'alternative')) return true;
  return loop.descendantsOfType('break_statement').some((jump) => {
    let below: Node | null = jump;
    for (let current = jump?.parent ?? null; current; below = current, current = current.parent) {
      if (current.type === 'function_definition') return false;
      if (current.type !== 'for_statement' && current.type !== 'while_statement') continue;
      // A break in an inner loop's `else` runs after that loop: it leaves the next one out.
      if (below?.type === 'else_clause' && current.id !== loop.id) continue;
      return current.id === loop.id;
    }
    return false;
  });
}

function firstCheckStart(model: SemanticModel, block: Node, gates: ValidationGates): number {
  const all = [...gates.model, ...gates.named];
  // A definition runs nothing of its body: a check inside `def run(...)` guards nothing after the def.
  const holds = (statement: Node, offsets: readonly number[]) => !DEFINITIONS.has(statement.type) && offsets.some((gate) => statement.startIndex <= gate && gate < statement.endIndex);
  // A check of the project's that runs before the block trains checks the data, not the model
  // the block goes on to promote.
  const trainsAfter = (statement: Node) => model.document.statementsIn(block).some((later) => later.startIndex >= statement.endIndex && trains(model, later));
  for (const statement of block.type === 'module' ? moduleCheckCandidates(model.document, all) : model.document.statementsIn(block)) {
    if (statement.type === 'assert_statement' && isMetricCheck(model, namedChildren(statement)[0])) return statement.startIndex;
    if (statement.type === 'if_statement' && isMetricCheck(model, field(statement, 'condition')) && blockLeaves(field(statement, 'consequence'), isExitCall)) return statement.startIndex;
    // `while rmse >= 680: retrain`: past the loop the metric passed, unless a `break` left it
    // early. Only a comparison: `while auc < 0.8 and tries < 5` may end with the metric unmet.
    const loopCondition = statement.type === 'while_statement' ? field(statement, 'condition') : undefined;
    if (loopCondition && isMetricThreshold(loopCondition) && !leavesEarly(statement)) return statement.startIndex;
    const gated = holds(statement, gates.model) || (holds(statement, gates.named) && !trainsAfter(statement));
    if (gated && !swallowsGateFailure(statement, all)) return statement.startIndex;
  }
  return Infinity;
}

/**
 * `try: mlflow.evaluate(..., validation_thresholds=t) except ModelValidationFailedException:
 * print(...)`: every gate in the statement sits in the body of a `try` (the statement itself, or
 * one inside it: a `with mlflow.start_run():` around it) with an `except` that carries on
 * (neither raises, returns nor exits). After the statement the code runs whether the candidate
 * passed or not. (Inside the `try` body, what follows the gate runs only when it passed: that
 * block's own statements are read there.)
 */
function swallowsGateFailure(statement: Node, gates: readonly number[]): boolean {
  const inside = gates.filter((gate) => statement.startIndex <= gate && gate < statement.endIndex);
  return inside.length > 0 && inside.every((gate) => gateFailureCaught(statement, gate));
}

function gateFailureCaught(statement: Node, gate: number): boolean {
  for (let node: Node | null = statement.descendantForIndex(gate); node; node = node.parent) {
    const body = node.type === 'try_statement' ? field(node, 'body') : null;
    if (body && body.startIndex <= gate && gate < body.endIndex) {
      const handlers = namedChildren(node).filter((child) => child.type === 'except_clause' || child.type === 'except_group_clause');
      if (handlers.some((handler) => !blockLeaves(namedChildren(handler).find((child) => child.type === 'block'), isExitCall))) return true;
    }
    if (node.id === statement.id) break;
  }
  return false;
}

/** An `assert` or an `if` (what a check at module level starts with). */
const ASSERT_OR_IF = /\b(?:assert|if|while)\b/g;

/**
 * The module-level statements of every cell that can be a check, in order: those holding
 * `assert` or `if`, and those holding a validation gate (not every cell's statements).
 */
function moduleCheckCandidates(document: SourceDocument, gates: readonly number[]): Node[] {
  const candidates = new Map<number, Node>();
  for (const statement of document.moduleStatementsMatching(ASSERT_OR_IF)) candidates.set(statement.id, statement);
  for (const gate of gates) {
    const statement = document.topLevelStatementAt(gate);
    if (statement) candidates.set(statement.id, statement);
  }
  return [...candidates.values()].sort((a, b) => a.startIndex - b.startIndex);
}

type Guarding = 'guarded' | 'unguarded' | 'unknown';

interface GuardSearch {
  model: SemanticModel;
  /** firstCheckStart, computed once per block. */
  firstCheckStart(block: Node): number;
}

/**
 * Whether `node` runs only after a check of the model's quality: in a branch of an `if` on a
 * metric (either arm), in a conditional expression on one, or after an assert / early-exit
 * `if` / validation call in an enclosing block. Inside a function, the function's call sites in
 * the file decide (unknown when it has none, or it is a method).
 */
function guarding(search: GuardSearch, node: Node, depth = 0): Guarding {
  for (let current: Node = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (parent.type === 'if_statement' && current.id !== field(parent, 'condition')?.id && conditionsBefore(parent, current).some((condition) => isMetricCheck(search.model, condition))) return 'guarded';
    if (parent.type === 'conditional_expression' && isMetricCheck(search.model, namedChildren(parent)[1])) return 'guarded';
    // `try: client.get_model_version_by_alias(name, "champion") except: promote(...)`: the
    // first champion, promoted only when there is none to compare with.
    if (parent.type === 'except_clause' && parent.parent?.type === 'try_statement' && /\bget_model_version_by_alias\s*\(/.test(field(parent.parent, 'body')?.text ?? '')) return 'guarded';
    if ((parent.type === 'block' || parent.type === 'module') && search.firstCheckStart(parent) < current.startIndex) return 'guarded';
    if (parent.type === 'lambda' || parent.type === 'class_definition') return 'unknown';
    if (parent.type === 'function_definition') return functionGuarding(search, parent, depth);
  }
  return 'unguarded';
}

/** `Trainer("m").run(X, y)`: a method called on an instance of `owner` made in place. */
function calledOnNewInstance(model: SemanticModel, site: CallSite, owner: Node): boolean {
  const callee = unparenthesize(site.callee);
  const object = callee.type === 'attribute' ? field(callee, 'object') : undefined;
  const made = object ? unparenthesize(object) : undefined;
  const constructor = made?.type === 'call' ? field(made, 'function') : undefined;
  return !!constructor && model.resolveClass(constructor)?.id === owner.id;
}

function functionGuarding(search: GuardSearch, fn: Node, depth: number): Guarding {
  const { model } = search;
  const name = field(fn, 'name');
  if (!name || depth > 3) return 'unknown';
  // A method is called through `self`, an instance bound to a name, or the class called in place (`Trainer(...).run()`).
  const owner = fn.parent?.type === 'block' && fn.parent.parent?.type === 'class_definition' ? fn.parent.parent : undefined;
  const callsIt = (site: CallSite) => (owner ? calledMethod(model, site)?.id === fn.id || calledOnNewInstance(model, site, owner) : model.resolveFunction(site.callee)?.id === fn.id);
  const callers = model.callsNamed(name.text).filter(callsIt);
  if (callers.length === 0) return 'unknown';
  const results = callers.map((site) => guarding(search, site.node, depth + 1));
  return results.includes('unguarded') ? 'unguarded' : results.includes('unknown') ? 'unknown' : 'guarded';
}

/**
 * A helper whose stage parameter reaches the transition (`def to_stage(version, stage): ...`):
 * each call of it in the file that makes the stage Production, by argument or by default, is a
 * promotion.
 */
function helperPromotions(context: RuleContext, transition: StageTransition): Promotion[] {
  const parameter = transition.stageParameter;
  if (!parameter) return [];
  const what = `this version goes to Production (through transition_model_version_stage ${context.document.whereIs(methodNameNode(transition.site).startIndex)})`;
  const calls = parameter.values.flatMap((value) => (value.call && canonicalStage(value.value) === 'Production' ? [value.call] : []));
  if (parameter.values.some((value) => value.fromDefault && canonicalStage(value.value) === 'Production')) {
    calls.push(...parameterArguments(context.model, parameter.parameter).flatMap(({ call, argument }) => (argument ? [] : [call])));
  }
  // The version each call gives the helper (`transition_stage(4, "Production", name)`): a
  // number there is a version a person picked (namesChosenVersion).
  const versionParameter = parameterThroughCopy(context.model, transition.version);
  return calls.map((call) => ({ call: call.node, methodName: methodNameNode(call), what, version: versionParameter ? parameterArgumentOf(context.model, versionParameter, call) : undefined }));
}

/** The alias an expression spells when it names the version in production (`"champion"`, `"prod"`, ...). */
function productionAlias(model: SemanticModel, node: Node | undefined): string | undefined {
  const alias = stringValue(model, node);
  return alias !== undefined && PRODUCTION_ALIASES.has(alias.trim().toLowerCase()) ? alias : undefined;
}

/**
 * `os.getenv("MODEL_ALIAS", "champion")` (or `os.environ.get`): the production alias the code
 * moves unless the environment names another.
 */
function environmentDefaultAlias(model: SemanticModel, node: Node | undefined): { alias: string; variable: string } | undefined {
  const read = environmentDefault(model, node);
  const alias = read ? productionAlias(model, read.fallback) : undefined;
  return alias === undefined || !read ? undefined : { alias, variable: read.variable };
}

/**
 * `def set_alias(name, alias): client.set_registered_model_alias(name, alias, v)` called with
 * `alias="production"`: each call of the helper that gives it a production alias (by argument,
 * or by a default it does not override) promotes, where it is called.
 */
function aliasHelperPromotions(context: RuleContext, site: CallSite, aliasArgument: Node): Promotion[] {
  const { model } = context;
  const parameter = parameterOf(model, aliasArgument);
  if (!parameter) return [];
  const fromDefault = productionAlias(model, parameter.defaultValue);
  return parameterArguments(model, parameter).flatMap(({ call, argument: passed }) => {
    const alias = passed ? productionAlias(model, passed) : fromDefault;
    if (!alias) return [];
    return [{ call: call.node, methodName: methodNameNode(call), what: `the "${alias}" alias moves to this version (through set_registered_model_alias ${context.document.whereIs(methodNameNode(site).startIndex)})` }];
  });
}

interface Promotion {
  call: Node;
  methodName: Node;
  what: string;
  /** The registered model's name as the call gives it (none for a helper's call). */
  name?: Node;
  /** The version as the call gives it (none for a helper's call). */
  version?: Node;
}

/**
 * The first promotion of a model the file creates itself (`create_registered_model`, a deletion
 * before it, a name made unique with uuid): there is no champion to compare it with yet. Later promotions of the
 * same model are compared with the one before.
 */
function isFirstChampion(model: SemanticModel, promotions: readonly Promotion[], index: number): boolean {
  const name = registeredName(model, promotions[index].name);
  if (!name || !isCreatedByTheFile(model, name, promotions[index].call.startIndex)) return false;
  return !promotions.slice(0, index).some((earlier) => sameModelName(model, registeredName(model, earlier.name), name));
}

/**
 * Whether the promotion moves a version the code names rather than the one it trained:
 * - a version written as a number (`3`, `"3"`: MLflow takes either; or a constant), which a
 *   person picked: a run that trains a new version does not move it. Not of a model the file
 *   creates, whose versions it numbers as it registers them; but version 1 is always the
 *   model's first, made when there was no champion (version numbers are not reused). Not
 *   through a name a function rebinds as a global: it may hold another version by then;
 * - the version another alias points at (`get_model_version_by_alias(name, "champion").version`,
 *   directly or through a name): copying an alias moves a version already promoted there.
 */
function namesChosenVersion(model: SemanticModel, promotion: Promotion): boolean {
  const { version } = promotion;
  const written = version ? unparenthesize(version) : undefined;
  if (!version || !written) return false;
  const rebindable = written.type === 'identifier' && isReboundGlobal(model, written.text);
  const number = numberValue(model, version) ?? (/^\s*\d+\s*$/.test(stringValue(model, version) ?? '') ? Number(stringValue(model, version)) : undefined);
  if (!rebindable && number !== undefined) {
    if (number === 1) return true;
    // A model the file creates (or deletes first) numbers its versions from 1 as the file
    // registers them: `2` is then the version it just trained.
    const name = registeredName(model, promotion.name);
    return !name || !isCreatedByTheFile(model, name, promotion.call.startIndex);
  }
  const value = unparenthesize(model.resolveValue(written));
  const holder = value.type === 'attribute' && field(value, 'attribute')?.text === 'version' ? field(value, 'object') : undefined;
  const lookup = holder ? unparenthesize(model.resolveValue(unparenthesize(holder))) : undefined;
  if (lookup?.type !== 'call') return false;
  const site = model.callSite(lookup);
  if (site.name !== 'get_model_version_by_alias') return false;
  // Not an alias the file itself points somewhere (`challenger` set to the version it just
  // registered): copying it moves that version on, unchecked.
  // Compared in any case: `Challenger` set, `challenger` read may well be one alias.
  const copied = stringValue(model, argument(site, 'alias', 1))?.toLowerCase();
  return copied !== undefined && !registryClientCalls(model, 'set_registered_model_alias').some((setter) => stringValue(model, argument(setter, 'alias', 1))?.toLowerCase() === copied);
}

/** Aliases that name the version in production: moving one is a promotion. */
const PRODUCTION_ALIASES = new Set(['champion', 'prod', 'production', 'live', 'serving']);

function report(context: RuleContext, search: GuardSearch, call: Node, methodName: Node, what: string): void {
  if (guarding(search, call) !== 'unguarded') return;
  context.report({
    node: methodName,
    message: `${what} with no check of the model's quality guarding the move (an \`if\` on a comparison with the current champion, an assert, a validation gate): compare the challenger with the champion on the same held-out data and metrics, and promote it only if it wins`,
  });
}

export const mlt407PromotionWithoutValidation: Rule = {
  meta: {
    id: 'MLT407',
    name: 'promotion-without-validation',
    severity: 'information',
    area: 'Registry and lifecycle',
    domain: 'MLOps',
    title: 'Promote a newly trained model to champion only after comparing it with the current champion',
  },
  docs: {
    trap: 'Training a model and moving the production alias ("champion", "prod", "production", "live", "serving") or the Production stage to the new version right away, whatever its metrics.',
    reality:
      'Never auto-promote: compare the challenger with the champion on the same held-out data and metrics before moving the production alias. A promotion in training code that no check guards ships every new version, including a worse one. The promotion counts as checked inside either branch of an `if` on a metric or on the outcome of a check (`if new_auc > champion_auc`, `if passed_validation`, `if is_better(...)`), after an `assert` or an `if ...: raise/return/exit` on one, or after a `while` loop whose condition compares a metric with a number (`while rmse >= 680:` retraining) and that no `break` leaves, or after a validation call that stops the code when it fails (MLflow\'s gates `mlflow.validate_evaluation_results(...)` and `mlflow.evaluate(..., validation_thresholds=...)`, which raises on a missed threshold before MLflow 2.18 and, from 2.18, only when a `baseline_model` is given too: mltraps counts it either way, as it cannot tell the version; or a `validate...(...)`, `check_...(...)` or `assert_...(...)` call of the project, unless it is a function of the file that can neither raise, assert nor exit, itself or through the functions of the file it calls, or the block trains after it: then it checks the data, not the model) earlier in the same block (not a gate whose failure a `try` catches and carries on from, nor one inside a function that is only defined there), or in a helper function (or a method: called through `self`, an instance bound to a name, or `Trainer(...).run()`) when every call of it in the file is checked; one the file never calls is left alone. A helper that passes its stage parameter to `transition_model_version_stage`, or its alias parameter to `set_registered_model_alias`, promotes where a call of it makes the stage Production or the alias a production one (by argument, or by a default it does not override); so does an alias read from the environment whose default is a production one (`os.getenv("MODEL_ALIAS", "champion")`). `if __name__ == "__main__":`, a plain flag (`if promote:` on a parameter or a constant; a flag the file binds to a comparison, `promote = new_auc > old_auc`, counts as that comparison), a stage or count test, and `try:` are not checks; promoting the first champion only where there is none (`if champion is None`, or in the `except` of a failed `get_model_version_by_alias`) counts as checked, so does promoting version 1 (written as the number or the string `"1"`: the model\'s first version, made when there was no other). A version written as a number (`3`, `"7"`, a constant) is one a person picked and is left alone: a run that trains a new version does not move it (except for a model the file creates or deletes first, whose versions it numbers as it registers them); so is an alias copied from the version another alias points at (`get_model_version_by_alias(name, "champion").version`): it was promoted there. The first promotion of a model the file creates itself counts as checked too (`create_registered_model(name)` before it, a `delete_registered_model(name)` before it, directly or in a function of the file called with the name, that no `if` skips (an `if` that deletes only when the model has versions, `if len(client.search_model_versions(...)) > 0`, leaves none either way), or a name made unique for each run with `uuid.uuid4()`): it has no champion yet. The rule speaks only in files that train a model (a fit, train, fmin, optimize or AutoML call that runs: in code that `%run` brings in, at its top level or in a function that code which runs calls), and never in test code: a notebook that registers a model trained elsewhere (downloaded weights, a packaging notebook) has no challenger to compare.',
    example: [
      'import mlflow',
      'from mlflow import MlflowClient',
      'from sklearn.ensemble import RandomForestClassifier',
      '',
      'with mlflow.start_run() as run:',
      '    model = RandomForestClassifier().fit(X_train, y_train)',
      '    mlflow.sklearn.log_model(model, "model")',
      'version = mlflow.register_model(f"runs:/{run.info.run_id}/model", MODEL_NAME).version',
      'MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", version)',
    ].join('\n'),
    useInstead: [
      'import mlflow',
      'from mlflow import MlflowClient',
      'from sklearn.ensemble import RandomForestClassifier',
      '',
      'with mlflow.start_run() as run:',
      '    model = RandomForestClassifier().fit(X_train, y_train)',
      '    mlflow.sklearn.log_model(model, "model")',
      'client = MlflowClient()',
      'version = mlflow.register_model(f"runs:/{run.info.run_id}/model", MODEL_NAME).version',
      'client.set_registered_model_alias(MODEL_NAME, "challenger", version)',
      'if challenger_auc > champion_auc:  # both measured on the same held-out set',
      '    client.set_registered_model_alias(MODEL_NAME, "champion", version)',
    ].join('\n'),
    fix: 'None: the comparison (which data, which metric, which margin) is yours to write.',
    examFact: 'Never auto-promote: register the new version as "challenger", evaluate it against the "champion" on the same held-out data and metrics, then move the "champion" alias (in Unity Catalog, often from a job run by a model update trigger).',
    references: [
      { title: 'Manage model lifecycle in Unity Catalog (Databricks)', url: 'https://docs.databricks.com/en/machine-learning/manage-model-lifecycle/index.html' },
      { title: 'MLflow Evaluation: threshold-based model validation against a baseline', url: 'https://mlflow.org/docs/latest/ml/evaluation' },
    ],
  },
  triggers: ['set_registered_model_alias', 'transition_model_version_stage'],
  // Silent in test code (isTestCode): nothing to look for in a test file.
  testFileTriggers: [],
  check(context) {
    const { model } = context;
    if (isTestCode(context.document.uri)) return;
    const promotions: Promotion[] = [];
    for (const site of registryClientCalls(model, 'set_registered_model_alias')) {
      const aliasArgument = argument(site, 'alias', 1);
      const alias = productionAlias(model, aliasArgument);
      const fromEnvironment = alias === undefined ? environmentDefaultAlias(model, aliasArgument) : undefined;
      const what =
        alias !== undefined
          ? `the "${alias}" alias moves to this version`
          : fromEnvironment && `the "${fromEnvironment.alias}" alias (the default when the environment variable ${fromEnvironment.variable} is unset) moves to this version`;
      if (what) {
        promotions.push({ call: site.node, methodName: methodNameNode(site), what, name: argument(site, 'name', 0), version: argument(site, 'version', 2) });
      } else if (aliasArgument && stringValue(model, aliasArgument) === undefined) promotions.push(...aliasHelperPromotions(context, site, aliasArgument));
    }
    for (const transition of stageTransitions(model)) {
      if (transition.stageText !== undefined && canonicalStage(transition.stageText) === 'Production') {
        promotions.push({ call: transition.site.node, methodName: transition.methodName, what: 'this version goes to Production', name: transition.name, version: transition.version });
      }
      promotions.push(...helperPromotions(context, transition));
    }
    // A notebook that only registers or wraps a model trained elsewhere has no challenger to compare.
    if (promotions.length === 0 || !trainsInFile(model)) return;
    const checks = new Map<number, number>();
    const gates = validationGates(model);
    const search: GuardSearch = {
      model,
      firstCheckStart(block) {
        let start = checks.get(block.id);
        if (start === undefined) checks.set(block.id, (start = firstCheckStart(model, block, gates)));
        return start;
      },
    };
    promotions.sort((a, b) => a.call.startIndex - b.call.startIndex);
    promotions.forEach(({ call, methodName, what }, index) => {
      if (namesChosenVersion(model, promotions[index]) || isFirstChampion(model, promotions, index) || isTestCode(context.document.uri, call)) return;
      report(context, search, call, methodName, what);
    });
  },
};
