import type { Node } from 'web-tree-sitter';
import { field, namedChildren } from './engine/syntax';
import type { Rule, RuleContext } from './engine/types';
import { argument, keywordArgument } from './semantic/calls';
import { canonicalStage, methodNameNode, mlflowClientCalls, stageTransitions } from './semantic/modelRegistry';
import type { SemanticModel } from './semantic/semanticModel';
import { stringValue } from './semantic/values';

/** Statements inside which code runs only when a check passed. */
const CONDITIONAL_TYPES = new Set(['if_statement', 'elif_clause', 'else_clause', 'conditional_expression', 'match_statement', 'case_clause']);
/** Calls that end a notebook or a script: `if worse: dbutils.notebook.exit(...)` guards what follows. */
const EXIT_CALLS = /^(dbutils\.notebook\.exit|sys\.exit|exit|quit|os\._exit)\s*\(/;

/** Whether a block ends by leaving it: `raise`, `return`, `continue`, `break`, or an exit call. */
function leavesBlock(block: Node | undefined): boolean {
  const statements = block ? namedChildren(block).filter((child) => child.type !== 'comment') : [];
  const last = statements[statements.length - 1];
  if (!last) return false;
  if (['raise_statement', 'return_statement', 'continue_statement', 'break_statement'].includes(last.type)) return true;
  return last.type === 'expression_statement' && EXIT_CALLS.test(last.text);
}

/**
 * MLflow's own validation gate: `mlflow.evaluate(..., validation_thresholds=...)` (it raises
 * when the candidate misses a threshold or does worse than `baseline_model`), and
 * `mlflow.validate_evaluation_results(...)`. The start offsets of those calls.
 */
function validationGates(model: SemanticModel): number[] {
  const gates: number[] = [];
  for (const site of model.callsNamed('evaluate', 'validate_evaluation_results')) {
    const qualifiedName = site.qualifiedName ?? '';
    if (site.name === 'evaluate' && /^mlflow(\.models)?\.evaluate$/.test(qualifiedName) && keywordArgument(site, 'validation_thresholds')) gates.push(site.node.startIndex);
    if (site.name === 'validate_evaluation_results' && /^mlflow(\.models)?\.validate_evaluation_results$/.test(qualifiedName)) gates.push(site.node.startIndex);
  }
  return gates;
}

/**
 * Where the first check of a block starts: an `assert`, an `if` whose body leaves
 * (`if new_auc <= champion_auc: raise ...`), or a statement holding one of MLflow's validation
 * gates. Every statement after it runs only when the check passed. Infinity when the block has
 * none.
 */
function firstCheckStart(block: Node, gates: readonly number[]): number {
  for (const statement of namedChildren(block)) {
    if (statement.type === 'assert_statement') return statement.startIndex;
    if (statement.type === 'if_statement' && leavesBlock(field(statement, 'consequence'))) return statement.startIndex;
    if (gates.some((gate) => statement.startIndex <= gate && gate < statement.endIndex)) return statement.startIndex;
  }
  return Infinity;
}

type Guarding = 'guarded' | 'unguarded' | 'unknown';

interface GuardSearch {
  model: SemanticModel;
  /** firstCheckStart, computed once per block. */
  firstCheckStart(block: Node): number;
}

/**
 * Whether `node` runs only after a check: inside an if/elif/else or conditional expression,
 * or after an assert / early-exit `if` in an enclosing block. Inside a function, the function's
 * call sites in the file decide (unknown when it has none, or it is a method).
 */
function guarding(search: GuardSearch, node: Node, depth = 0): Guarding {
  for (let current: Node = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (CONDITIONAL_TYPES.has(parent.type)) return 'guarded';
    if ((parent.type === 'block' || parent.type === 'module') && search.firstCheckStart(parent) < current.startIndex) return 'guarded';
    if (parent.type === 'lambda' || parent.type === 'class_definition') return 'unknown';
    if (parent.type === 'function_definition') return functionGuarding(search, parent, depth);
  }
  return 'unguarded';
}

function functionGuarding(search: GuardSearch, fn: Node, depth: number): Guarding {
  const { model } = search;
  const name = field(fn, 'name');
  if (!name || depth > 3 || fn.parent?.parent?.type === 'class_definition') return 'unknown';
  const callers = model.callsNamed(name.text).filter((site) => model.resolveFunction(site.callee)?.id === fn.id);
  if (callers.length === 0) return 'unknown';
  const results = callers.map((site) => guarding(search, site.node, depth + 1));
  return results.includes('unguarded') ? 'unguarded' : results.includes('unknown') ? 'unknown' : 'guarded';
}

/** A file that registers or trains a model: the promotion is part of an automated pipeline. */
function registersOrTrains(model: SemanticModel): boolean {
  if (model.callsNamed('register_model', 'log_model', 'fit', 'create_model_version').length > 0) return true;
  return model.nodesAroundText(['registered_model_name'], 'keyword_argument').some((node) => field(node, 'name')?.text === 'registered_model_name');
}

function report(context: RuleContext, search: GuardSearch, call: Node, methodName: Node, what: string): void {
  if (guarding(search, call) !== 'unguarded') return;
  context.report({
    node: methodName,
    message: `${what} without any check: compare the challenger with the champion on the same held-out data and metrics before promoting it`,
  });
}

export const mlt407PromotionWithoutValidation: Rule = {
  meta: {
    id: 'MLT407',
    name: 'promotion-without-validation',
    severity: 'information',
    area: 'Registry and lifecycle',
    domain: 'MLOps',
    title: 'Promote a model to champion only after comparing it with the current champion',
  },
  docs: {
    trap: 'Training or registering a model and moving the "champion" alias (or the Production stage) to the new version right away, whatever its metrics.',
    reality:
      'Never auto-promote: compare the challenger with the champion on the same held-out data and metrics before moving the "champion" alias. A promotion in a training notebook that no condition guards ships every new version, including a worse one. The promotion counts as checked inside an if/elif/else branch or a conditional expression, after an `assert`, an `if ...: raise/return/exit` or the MLflow validation gate (`mlflow.evaluate(..., validation_thresholds=...)`, `mlflow.validate_evaluation_results(...)`) earlier in the same block, or in a helper function when every call of it in the file is checked.',
    example: [
      'import mlflow',
      'from mlflow import MlflowClient',
      '',
      'version = mlflow.register_model(f"runs:/{run_id}/model", MODEL_NAME).version',
      'MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", version)',
    ].join('\n'),
    useInstead: [
      'import mlflow',
      'from mlflow import MlflowClient',
      '',
      'client = MlflowClient()',
      'version = mlflow.register_model(f"runs:/{run_id}/model", MODEL_NAME).version',
      'client.set_registered_model_alias(MODEL_NAME, "challenger", version)',
      'if challenger_auc > champion_auc:  # both measured on the same held-out set',
      '    client.set_registered_model_alias(MODEL_NAME, "champion", version)',
    ].join('\n'),
    fix: 'None: the comparison (which data, which metric, which margin) is yours to write.',
    examFact: 'The recommended workflow: register the new version as "challenger", evaluate it against the "champion" on the same data, then move the "champion" alias (often from a job triggered by a webhook).',
  },
  triggers: ['set_registered_model_alias', 'transition_model_version_stage'],
  check(context) {
    const { model } = context;
    const promotions: Array<{ call: Node; methodName: Node; what: string }> = [];
    for (const site of mlflowClientCalls(model, 'set_registered_model_alias')) {
      const alias = stringValue(model, argument(site, 'alias', 1));
      if (alias?.trim().toLowerCase() === 'champion') promotions.push({ call: site.node, methodName: methodNameNode(site), what: 'the "champion" alias moves to this version' });
    }
    for (const transition of stageTransitions(model)) {
      if (transition.stageText !== undefined && canonicalStage(transition.stageText) === 'Production') {
        promotions.push({ call: transition.site.node, methodName: transition.methodName, what: 'this version goes to Production' });
      }
    }
    if (promotions.length === 0 || !registersOrTrains(model)) return;
    const checks = new Map<number, number>();
    const gates = validationGates(model);
    const search: GuardSearch = {
      model,
      firstCheckStart(block) {
        let start = checks.get(block.id);
        if (start === undefined) checks.set(block.id, (start = firstCheckStart(block, gates)));
        return start;
      },
    };
    for (const { call, methodName, what } of promotions) report(context, search, call, methodName, what);
  },
};
