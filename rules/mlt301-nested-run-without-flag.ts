import { RESTARTS_PYTHON } from './semantic/notebook';
import { expectsError } from './semantic/expectedErrors';
import type { Node } from 'web-tree-sitter';
import { addKeywordArgument, replaceNode } from './engine/fixBuilders';
import { ancestorOfType, contains, field, unparenthesize } from './engine/syntax';
import type { SourceDocument } from './engine/sourceDocument';
import type { Fix, Rule, RuleContext, TextEdit, TextTest } from './engine/types';
import { hasSplatArguments, positionalArguments } from './semantic/calls';
import { rangeLength } from './semantic/columnLists';
import { callsProjectCode } from './semantic/unseenCode';
import { calledMethod } from './semantic/methodCalls';
import { type CallInActiveRun, callsInActiveRuns, isEndRun, isEndRunUnderAnyName, isStartRun, mapsUsedUpBy, nestedArgument, nestedFlag, runBlocks } from './semantic/mlflowRuns';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { methodNameNode } from './semantic/modelRegistry';
import { parameterArguments, parameterOfFunction } from './semantic/parameterValues';
import { booleanValue, isNoneLiteral, numberValue, stringValue } from './semantic/values';

function nestedFix(context: RuleContext, site: CallSite): Fix | undefined {
  // `nested=False`, or False in its place among the positional arguments.
  const explicitFalse = nestedArgument(site);
  const edit: TextEdit | undefined = explicitFalse
    ? replaceNode(explicitFalse, 'True')
    : addKeywordArgument(context.document, site.node, 'nested=True');
  // nested=True only records the active run as the parent: the call no longer raises.
  return edit ? { title: 'Add nested=True (start a child run)', safety: 'safe', edits: [edit] } : undefined;
}

/**
 * `mlflow.end_run()` before the call, where it runs first: in the block before the call (or
 * before the helper call that leads to it), or in the helper itself before its start_run. The
 * outer run is over by then.
 */
function endsRunBefore(context: RuleContext, entry: CallInActiveRun): boolean {
  const { model } = context;
  const endsBefore = (region: Node, offset: number) => model.callsWithin(region).some((site) => site.node.startIndex < offset && isEndRun(site));
  const entered = entry.via ?? entry.site;
  if (endsBefore(entry.block.body, entered.node.startIndex)) return true;
  const helper = entry.via ? ancestorOfType(entry.site.node, ['function_definition']) : undefined;
  return !!helper && endsBefore(helper, entry.site.node.startIndex);
}

/** `(train_trial() is called there on line 9)`: how the code gets into the active run. */
function describeVia(document: SourceDocument, model: SemanticModel, via: CallSite): string {
  const where = document.whereIs(methodNameNode(via).startIndex);
  if (via.name === 'fmin' || via.name === 'optimize') return ` (the function is the objective of ${via.name}() ${where})`;
  if (via.name === 'map' || via.name === 'starmap' || via.qualifiedName === 'itertools.starmap') return ` (${via.name}() calls the function there ${where})`;
  // A map runs its function where it is used up, not where it is made.
  const map = mapsUsedUpBy(model, via)[0]?.map;
  if (map) return ` (${via.name ?? 'a call'}() uses up the ${map.name}() made ${document.whereIs(methodNameNode(map).startIndex)}, which calls the function there ${where})`;
  return ` (${via.name ?? 'its function'}() is called there ${where})`;
}

/** A call under a condition that asks for the active run (`if not mlflow.active_run():`, its else arm). */
function guardedByActiveRun(node: Node): boolean {
  for (let current = node.parent; current && current.type !== 'module'; current = current.parent) {
    const condition = current.type === 'if_statement' || current.type === 'elif_clause' ? field(current, 'condition') : current.type === 'conditional_expression' ? current : undefined;
    if (condition && /\bactive_run\s*\(/.test(condition.text)) return true;
  }
  return false;
}

/** A statement of the module itself (a notebook cell's top level): it runs once, in order. */
function moduleStatementOf(node: Node): Node | undefined {
  let statement: Node | null = node.parent;
  if (statement?.type === 'assignment') statement = statement.parent;
  if (statement?.type !== 'expression_statement') return undefined;
  // Directly in the module, or in the body of a module-level `try:` or `with` (which runs it once; its run outlives the block).
  const block = statement.parent;
  if (block?.type === 'module') return statement;
  const holder = block?.type === 'block' ? block.parent : undefined;
  const bodyOf = holder && (holder.type === 'try_statement' || holder.type === 'with_statement') && field(holder, 'body')?.id === block!.id ? holder : undefined;
  return bodyOf?.parent?.type === 'module' ? statement : undefined;
}

/** The module-level try statement whose body holds `statement`, if any: its handlers run only when the body fails. */
function enclosingTry(statement: Node): Node | undefined {
  const holder = statement.parent?.parent;
  return holder?.type === 'try_statement' ? holder : undefined;
}

/**
 * `mlflow.start_run()` called as a statement (not in a with), then another start_run at the
 * module level with no `mlflow.end_run()` between: the first run is still active, and the second
 * raises. Anything between that may end the run (an end_run anywhere, a function of the file
 * that calls one, a `%run`, a with statement over the run's name) leaves it undecided.
 */
/** `mlflow.end_run()` (also under another name), or a function or method of the file that calls it (`tracker.close()`). */
function mayEndRun(model: SemanticModel, site: CallSite): boolean {
  if (isEndRunUnderAnyName(site)) return true;
  // `finish = functools.partial(mlflow.end_run, status="FINISHED")`, then `finish()`.
  const callee = unparenthesize(site.callee);
  if (callee.type === 'identifier' && /\bend_run\b/.test(model.resolveValue(callee).text)) return true;
  const helper = site.callee.type === 'identifier' ? model.resolveFunction(site.callee) : calledMethod(model, site);
  return !!helper && model.callsWithin(helper).some(isEndRunUnderAnyName);
}

/** The `for` loop whose body holds `node`'s statement directly (a `while` loop may run once: its condition or a flag may stop it). */
function loopAround(node: Node): Node | undefined {
  let statement: Node | null = node.parent;
  if (statement?.type === 'assignment') statement = statement.parent;
  if (statement?.type !== 'expression_statement') return undefined;
  const block = statement.parent;
  if (block?.type !== 'block') return undefined;
  const loop = block.parent;
  return loop?.type === 'for_statement' && field(loop, 'body')?.id === block.id ? loop : undefined;
}

/** `for x in [a]`, `for i in range(N_REPEATS)` with `N_REPEATS = 1`: a loop over at most one element runs its body once at most. */
function runsOnceAtMost(model: SemanticModel, loop: Node): boolean {
  let iterable = field(loop, 'right');
  // `enumerate(["rbf"])`: as many passes as the sequence it numbers.
  if (iterable?.type === 'call' && field(iterable, 'function')?.text === 'enumerate') iterable = positionalArguments(model.callSite(iterable))[0];
  if (!iterable) return false;
  if (['list', 'tuple'].includes(iterable.type)) return iterable.namedChildren.filter((child) => child?.type !== 'comment').length <= 1;
  const length = rangeLength(model, iterable);
  return length !== undefined && length <= 1;
}

/** Statements that leave `loop` (or its pass for good): a break of this loop, a return or yield of its function, a raise. */
function leavesLoop(loop: Node, body: Node): boolean {
  return body.descendantsOfType(['break_statement', 'return_statement', 'raise_statement', 'yield']).some((jump) => {
    if (!jump) return false;
    // A return or yield of a function written inside the loop, or a break of an inner loop, does not leave this one.
    const owner = ancestorOfType(jump, jump.type === 'break_statement' ? ['for_statement', 'while_statement', 'function_definition', 'lambda'] : ['function_definition', 'lambda']);
    return jump.type === 'raise_statement' || owner === undefined || owner.id === loop.id || (jump.type !== 'break_statement' && !contains(loop, owner));
  });
}

/**
 * Names of the project's own functions and methods that may end a run (`close_current_run()`,
 * `tracker.finish()`): the rules do not read the project's other modules, so the name is what is
 * known of them (`cfg.as_dict()`, `reader.load()` end nothing).
 */
const ENDING_NAME = /end|close|finish|stop|terminat|complete|teardown|clean_?up|exit|done|shut_?down|wrap_?up|flush/i;

/** Calls that stop the program or the notebook on the first pass: no second start_run. */
const EXITS = /^(?:sys\.exit|os\._exit|builtins\.(?:exit|quit)|databricks\.globals\.dbutils\.notebook\.exit)$/;

/** `with mlflow.active_run():` (or `with run:` of any run): leaving the block ends the run. */
function endsRunByWith(body: Node): boolean {
  return body.descendantsOfType('with_item').some((item) => !!item && /\bactive_run\s*\(/.test(item.text));
}

/**
 * `mlflow.start_run()` as a statement of a loop's body, with nothing in the loop that may end
 * the run or leave the loop: the run is still active when the next pass starts one, which raises.
 */
function checkRunsStartedInLoops(context: RuleContext, starts: readonly CallSite[], reported: Set<number>): void {
  const { model, document } = context;
  for (const site of starts) {
    const loop = loopAround(site.node);
    if (!loop || runsOnceAtMost(model, loop) || site.node.hasError || hasSplatArguments(site) || nestedFlag(model, site) !== false || guardedByActiveRun(site.node) || expectsError(site.node)) continue;
    const body = field(loop, 'body');
    if (!body) continue;
    // A jump may leave the loop before the next start (a generator may never be resumed); a %run or a Python restart may end the run.
    if (leavesLoop(loop, body) || endsRunByWith(body) || model.callsWithin(body).some((call) => EXITS.test(call.qualifiedName ?? ''))) continue;
    // Code the file does not show (a helper of the project's own modules) may end the run too.
    if (model.callsWithin(loop).some((call) => mayEndRun(model, call) || (ENDING_NAME.test(call.name ?? '') && callsProjectCode(model, context.project, call)))) continue;
    if (RESTARTS_PYTHON.test(loop.text) || /^\s*(?:#\s*MAGIC\s*)?%run\b/m.test(loop.text)) continue;
    // `run = mlflow.start_run()` then `with run:` or the run handed on.
    const assignment = site.node.parent?.type === 'assignment' ? site.node.parent : undefined;
    const binding = assignment ? model.bindingMadeBy(assignment, field(assignment, 'left')?.text ?? '') : undefined;
    if (binding && model.mayRead(binding).length > 0) continue;
    reported.add(site.node.id);
    context.report({
      node: site.node,
      message:
        `mlflow.start_run() starts a run on each pass of the loop ${document.whereIs(loop.startIndex)}, and nothing in the loop ends it: the next pass's start_run ` +
        'raises "Run ... is already active"; end the run with mlflow.end_run() at the end of the loop body, or start it with `with mlflow.start_run():`',
    });
  }
}

function checkRunsLeftOpen(context: RuleContext, starts: readonly CallSite[], reported: Set<number>): void {
  const { model, document } = context;
  const endsRun = (site: CallSite) => mayEndRun(model, site);
  const runLines = model.notebook.runCommands.map((command) => command.line);
  // The calls that may end a run, found once for all the pairs of starts.
  let endings: CallSite[] | undefined;
  for (const [index, first] of starts.entries()) {
    const statement = moduleStatementOf(first.node);
    if (!statement) continue;
    const later = starts.slice(index + 1).find((site) => !ancestorOfType(site.node, ['function_definition', 'class_definition', 'lambda']));
    if (!later || reported.has(later.node.id) || hasSplatArguments(later) || nestedFlag(model, later) !== false) continue;
    // `if mlflow.active_run() is None: mlflow.start_run()`: started only when no run is active.
    if (guardedByActiveRun(later.node) || expectsError(later.node)) continue;
    // `try: start_run(run_id=...)` / `except: start_run()`: the handler runs only when the first start failed.
    const tryStatement = enclosingTry(statement);
    if (tryStatement && later.node.startIndex < tryStatement.endIndex) continue;
    const from = statement.endIndex;
    const to = later.node.startIndex;
    const between = (node: Node) => node.startIndex >= from && node.endIndex <= to;
    endings ??= model.calls().filter(endsRun);
    if (endings.some((site) => between(site.node))) continue;
    const fromLine = document.positionAt(from).line;
    const toLine = document.positionAt(to).line;
    if (runLines.some((line) => line > fromLine && line < toLine)) continue;
    // A restarted Python process has no active run: `dbutils.library.restartPython()`, `%restart_python`,
    // and `%pip` (Databricks resets the notebook's state after a %pip command that changes the environment).
    if (RESTARTS_PYTHON.test(document.textIn(from, to))) continue;
    // `run = mlflow.start_run()` then `with run:` (or the run handed to code that may end it).
    const assignment = first.node.parent?.type === 'assignment' ? first.node.parent : undefined;
    const binding = assignment ? model.bindingMadeBy(assignment, field(assignment, 'left')?.text ?? '') : undefined;
    if (binding && model.mayRead(binding).some(between)) continue;
    reported.add(later.node.id);
    context.report({
      node: later.node,
      message:
        `mlflow.start_run() is called while the run started ${document.whereIs(first.node.startIndex)} is still active (nothing calls mlflow.end_run() between them) ` +
        'and raises "Run ... is already active": end the first run with mlflow.end_run() (or start it in a with statement), or pass nested=True to start a child run',
    });
  }
}

/** How the code gets into the run: a call in the block (describeVia), or a loop there over a map made elsewhere. */
function describeEntry(context: RuleContext, entry: CallInActiveRun): string {
  if (entry.via) return describeVia(context.document, context.model, entry.via);
  if (!entry.loopedMap) return '';
  const { loop, map } = entry.loopedMap;
  return ` (the loop ${context.document.whereIs(loop.startIndex)} uses up the ${map.name}() made ${context.document.whereIs(methodNameNode(map).startIndex)}, which calls the function there)`;
}

/** A value Python reads as false: False, None, 0 or an empty string. */
function isFalsy(model: SemanticModel, node: Node): boolean {
  return booleanValue(model, node) === false || isNoneLiteral(model, node) || numberValue(model, node) === 0 || stringValue(model, node) === '';
}

/**
 * The entry as the report should name it, when the helper the run block calls starts its run
 * only under a flag of its own: `def train(base=False): if base: mlflow.start_run(...)`. Where
 * every call of the helper inside a run turns the flag off (`train()`, `train(base=False)`),
 * undefined: the run never starts there. Where this call turns it off but another call in a
 * run does not (`train(p, False)`, then `train(p, True)`), that call and its run block.
 */
function entryThroughFlag(model: SemanticModel, entry: CallInActiveRun): CallInActiveRun | undefined {
  const { site, via } = entry;
  const fn = via ? ancestorOfType(site.node, ['function_definition']) : undefined;
  if (!via || !fn) return entry;
  for (let node: Node | null = site.node.parent; node && node.id !== fn.id; node = node.parent) {
    if (node.type !== 'if_statement') continue;
    const condition = field(node, 'condition');
    const body = field(node, 'consequence');
    const flag = condition ? unparenthesize(condition) : undefined;
    if (!body || !contains(body, site.node) || flag?.type !== 'identifier') continue;
    const parameter = parameterOfFunction(fn, flag.text);
    // The flag must still be the parameter where the if reads it (not a name bound again before).
    if (!parameter || model.lookup(flag)?.kind !== 'opaque') continue;
    const blocks = runBlocks(model);
    const blockOf = (call: Node) => blocks.filter((block) => contains(block.body, call)).sort((a, b) => b.body.startIndex - a.body.startIndex)[0];
    const inRun = parameterArguments(model, parameter).filter((candidate) => candidate.call.node.id === via.node.id || !!blockOf(candidate.call.node));
    const turnsOff = (candidate: (typeof inRun)[number]) => {
      const value = candidate.argument ?? parameter.defaultValue;
      return !!value && isFalsy(model, value);
    };
    const viaCall = inRun.find((candidate) => candidate.call.node.id === via.node.id);
    if (!viaCall) {
      // The run reaches the helper through other functions of the file. Where the only calls
      // that turn the flag on are module-level statements outside any run, every call made
      // inside a function, on the way from the run, turns it off.
      if (model.callsNamed(field(fn, 'name')?.text ?? '').some(hasSplatArguments)) return entry;
      const turningOn = parameterArguments(model, parameter).filter((candidate) => !turnsOff(candidate));
      // A run started as a module-level statement (`mlflow.start_run()`, not in a with) stays
      // active after it, and which calls it covers is not followed: then the entry stands.
      const statementRun = model
        .callsNamed('start_run')
        .some((start) => isStartRun(start) && !ancestorOfType(start.node, ['function_definition', 'lambda']) && !blocks.some((block) => block.startRun.node.id === start.node.id));
      if (statementRun) return entry;
      // The calls that run inside a run block, directly or through the functions it calls.
      const active = callsInActiveRuns(model);
      return turningOn.every((candidate) => !active.has(candidate.call.node.id)) ? undefined : entry;
    }
    if (!turnsOff(viaCall)) return entry;
    const starting = inRun.find((candidate) => !turnsOff(candidate));
    if (!starting) return undefined;
    const startingBlock = blockOf(starting.call.node);
    return startingBlock ? { site, block: startingBlock, via: starting.call } : entry;
  }
  return entry;
}

function check(context: RuleContext): void {
  // A nested run is a second start_run inside the first: with fewer than two calls there is
  // none, and following every call of every run block (callsInActiveRuns) costs a CLI run over
  // real repositories 2% of its time in files that start one run.
  const starts = context.model.callsNamed('start_run').filter(isStartRun);
  const reported = new Set<number>();
  checkRunsStartedInLoops(context, starts, reported);
  if (starts.length < 2) return;
  checkRunsLeftOpen(context, starts, reported);
  const active = callsInActiveRuns(context.model);
  for (const found of active.values()) {
    if (found.site.node.id === found.block.startRun.node.id || !isStartRun(found.site) || found.site.node.hasError) continue;
    if (hasSplatArguments(found.site) || nestedFlag(context.model, found.site) !== false || reported.has(found.site.node.id)) continue;
    // `with pytest.raises(...): mlflow.start_run()`: a test of the very error.
    if (expectsError(found.site.node)) continue;
    const entry = entryThroughFlag(context.model, found);
    if (!entry || endsRunBefore(context, entry)) continue;
    const { site, block } = entry;
    const fix = nestedFix(context, site);
    context.report({
      node: site.node,
      message:
        `mlflow.start_run() runs inside the run started ${context.document.whereIs(block.startRun.node.startIndex)}${describeEntry(context, entry)} ` +
        'and raises "Run ... is already active": pass nested=True to start a child run',
      fixes: fix ? [fix] : [],
    });
  }
}

/** What a piece says of the runs it starts: its `start_run` words, and whether one is not a `with` statement's. */
interface RunStartsWritten {
  count: number;
  outsideWith: boolean;
}

const START_RUN_WORD = /\bstart_run\b/g;
/** A line that opens a with statement (`with mlflow.start_run() as run:`), tested where the line starts. */
const WITH_LINE_START = /[ \t]*(?:async[ \t]+)?with\b/y;

/**
 * What check needs written: two start_run calls (a run inside another, or one left open before
 * the next), or one outside a with statement (a loop's `mlflow.start_run()` with no end_run:
 * checkRunsStartedInLoops). A module or notebook that trains in one `with mlflow.start_run():`
 * block, most of those that start a run, is not parsed for this rule. Counted as words, in any
 * cell: more than the calls, never fewer.
 */
const RUN_STARTS_CHECKED: TextTest<RunStartsWritten> = {
  key: 'MLT301 two run starts, or one outside a with statement',
  read(piece) {
    let count = 0;
    let outsideWith = false;
    // The line of each word, found going forward (each newline once: a long line of many words stays linear).
    let lineStart = 0;
    let nextNewline = piece.indexOf('\n');
    let testedLine = -1;
    let withLine = false;
    for (const match of piece.matchAll(START_RUN_WORD)) {
      count++;
      if (outsideWith) continue;
      while (nextNewline !== -1 && nextNewline < match.index) {
        lineStart = nextNewline + 1;
        nextNewline = piece.indexOf('\n', lineStart);
      }
      if (testedLine !== lineStart) {
        testedLine = lineStart;
        WITH_LINE_START.lastIndex = lineStart;
        withLine = WITH_LINE_START.test(piece);
      }
      outsideWith = !withLine;
    }
    return { count, outsideWith };
  },
  holds(pieces) {
    return pieces.some((piece) => piece.outsideWith) || pieces.reduce((sum, piece) => sum + piece.count, 0) >= 2;
  },
};

export const mlt301NestedRunWithoutFlag: Rule = {
  meta: {
    id: 'MLT301',
    name: 'nested-run-without-flag',
    severity: 'error',
    area: 'MLflow tracking and packaging',
    domain: 'Model Development',
    title: 'mlflow.start_run() inside an active run without nested=True',
  },
  docs: {
    trap: 'Starting a child `mlflow.start_run()` while a run is already active — inside a `with mlflow.start_run():` block, or in a function (a hyperparameter objective) called from one.',
    reality:
      'MLflow keeps one active run per thread (per process before MLflow 2.18): `start_run()` while another run is active raises "Run ... is already active" unless the child passes `nested=True`. Nested runs are how hyperparameter trials are grouped under a parent run. mltraps follows the functions of the file that a run block calls (also through a `functools.partial` of them), maps with `map()` or `itertools.starmap()` where the iterator is used up, or passes as objective to fmin / study.optimize, when they run in the same thread: not the objectives of `fmin(trials=SparkTrials(...))` (Spark tasks) or of `study.optimize(n_jobs=4)` (other threads; with an MLflow older than 2.18, whose active run is per process, those see the parent run and raise too). Runs one after another and calls that pass nested=True are not flagged, nor is a helper that starts its run only under `if <its parameter>:` when the call in the run turns that parameter off (by the argument or the default: False, None, 0 or an empty string). A run started as a statement (`mlflow.start_run()` or `run = mlflow.start_run()`, not in a with) stays active until `mlflow.end_run()`: a later start_run at the module level (a later cell) with nothing between that may end it (an end_run, a function of the file that calls one, a `%run`, a use of the run\'s name, a restart of Python: `dbutils.library.restartPython()`, `%restart_python`, `%pip`) raises too, and is reported, unless it runs only when no run is active (`if mlflow.active_run() is None:`). So does a start_run written as a statement of a `for` loop\'s body when nothing in the loop may end the run or leave the loop (an end_run, also under another name or through `functools.partial`, a function of the file that calls one, a function of the project\'s own modules or a method of an object one of its classes made, named for ending (`close_current_run()`, `tracker.finish()`), a `with mlflow.active_run():`, a `break` of this loop, a `return` or `yield` of the function around it, a `raise`, `sys.exit()` or `dbutils.notebook.exit()`, a `%run`) and the loop may run more than once (not over `[x]`, `enumerate([x])` or `range(1)`): the second pass raises. A `while` loop is left alone: its condition or a flag may stop it after one pass. So is a start_run inside `with pytest.raises(...)` or `self.assertRaises(...)`: a test that expects the error.',
    example: [
      'import mlflow',
      'from hyperopt import fmin, tpe',
      '',
      'def objective(params):',
      '    with mlflow.start_run():  # raises: the parent run is active',
      '        model = train(params)',
      '        mlflow.log_metric("rmse", rmse(model))',
      '    return rmse(model)',
      '',
      'with mlflow.start_run(run_name="tuning"):',
      '    best = fmin(objective, space, algo=tpe.suggest, max_evals=50)',
    ].join('\n'),
    useInstead: [
      'import mlflow',
      'from hyperopt import fmin, tpe',
      '',
      'def objective(params):',
      '    with mlflow.start_run(nested=True):  # a child run of "tuning"',
      '        model = train(params)',
      '        mlflow.log_metric("rmse", rmse(model))',
      '    return rmse(model)',
      '',
      'with mlflow.start_run(run_name="tuning"):',
      '    best = fmin(objective, space, algo=tpe.suggest, max_evals=50)',
    ].join('\n'),
    fix: 'Adds `nested=True` to the inner `start_run(...)` call (or turns `nested=False` into `nested=True`).',
    fixSafety: 'Safe: nested=True only records the active run as the parent; the call stops raising and the child run logs what it logged before.',
    examFact: 'Child runs inside an active run need `nested=True`.',
    references: [
      { title: 'MLflow Python API: mlflow.start_run', url: 'https://mlflow.org/docs/latest/python_api/mlflow.html#mlflow.start_run' },
      { title: 'MLflow: Tracking (runs and nested runs)', url: 'https://mlflow.org/docs/latest/ml/tracking/' },
    ],
  },
  triggers: ['start_run'],
  alsoNeeds: [RUN_STARTS_CHECKED],
  check,
};
