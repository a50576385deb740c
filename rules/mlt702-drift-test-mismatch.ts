import type { Node } from 'web-tree-sitter';
import { FactCache } from './engine/reads';
import { codeChildren, field, namedChildren, unparenthesize } from './engine/syntax';
import { placeOf, runsBefore, scopeOf, type StatementPlace } from './semantic/statementPlaces';
import type { Rule, RuleContext } from './engine/types';
import { argument, hasSplatArguments, positionalArguments } from './semantic/calls';
import { type ColumnKind, type ColumnKinds, columnKinds, kindFromListName, subscriptColumn } from './semantic/columnKinds';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { stringList, stringValue } from './semantic/values';

const DRIFT_TEST = /^scipy\.stats(?:\.\w+)*\.(ks_2samp|kstest|chisquare|chi2_contingency)$/;

/** What a statistical test is fed: one column, with the reason its kind is known. */
interface ColumnEvidence {
  /** `the column "country"`, `a column of cat_cols`. */
  description: string;
  /** The column's name, when it is one literal name. */
  column?: string;
  kind?: ColumnKind;
  /**
   * The columns of a literal list that a loop walks, each tested in turn (nothing in the
   * loop's body skips the test), when they are not all of one kind.
   */
  listed?: ReadonlyArray<{ column: string; kind?: ColumnKind }>;
  /** How the message names that list: as written when short. */
  listShown?: string;
}

/** Calls that keep the values of a column (a sample, without NaN, as an array, counted). */
const VALUE_PRESERVING_CALLS = new Set(['to_numpy', 'dropna', 'tolist', 'sample', 'value_counts', 'fillna', 'head', 'tail', 'sort_index', 'sort_values']);

/** The column expression under `.values`, `.to_numpy()`, `.dropna()`, `.value_counts().sort_index()`, `.cat.codes`, ... */
function stripValueAccess(node: Node): Node {
  let current = unparenthesize(node);
  for (let step = 0; step < 8; step++) {
    if (current.type === 'attribute' && field(current, 'attribute')?.text === 'values') {
      current = unparenthesize(field(current, 'object') ?? current);
      continue;
    }
    // `.cat.codes`: a categorical column's category numbers, categories still.
    const object = current.type === 'attribute' && field(current, 'attribute')?.text === 'codes' ? unparenthesize(field(current, 'object') ?? current) : undefined;
    if (object?.type === 'attribute' && field(object, 'attribute')?.text === 'cat') {
      current = unparenthesize(field(object, 'object') ?? object);
      continue;
    }
    const callee = current.type === 'call' ? field(current, 'function') : undefined;
    if (callee?.type === 'attribute' && VALUE_PRESERVING_CALLS.has(field(callee, 'attribute')?.text ?? '')) {
      current = unparenthesize(field(callee, 'object') ?? current);
      continue;
    }
    break;
  }
  return current;
}

/** The `for` statement or comprehension clause whose target `identifier` is bound by. */
function bindingLoop(model: SemanticModel, identifier: Node): Node | undefined {
  const binding = model.lookup(identifier);
  if (!binding || binding.kind !== 'opaque') return undefined;
  const loop = binding.node.parent?.type === 'pattern_list' ? binding.node.parent.parent : binding.node.parent;
  return loop && (loop.type === 'for_statement' || loop.type === 'for_in_clause') ? loop : undefined;
}

/** What runs only on some iterations, or not in the loop's own iteration. */
const CONDITIONAL_PARTS = ['if_statement', 'conditional_expression', 'boolean_operator', 'lambda', 'function_definition', 'match_statement', 'while_statement', 'for_statement', 'list_comprehension', 'generator_expression', 'try_statement'];

/** Statements that may keep a loop's later statements from running on an iteration. */
const SKIPPING_STATEMENTS = ['continue_statement', 'break_statement', 'return_statement', 'raise_statement'];

/**
 * Whether `node` runs on every iteration of the `for` statement `loop`: it sits in a statement
 * of the loop's body, under no condition, and no earlier statement of the body may skip it.
 */
function runsOnEveryIteration(loop: Node, node: Node): boolean {
  if (loop.type === 'for_in_clause') return runsForEveryElement(loop, node);
  const body = field(loop, 'body');
  if (loop.type !== 'for_statement' || !body) return false;
  let statement: Node | null = node;
  for (; statement && statement.id !== body.id; statement = statement.parent) {
    // The body of a `try` runs up to the test on every iteration (an error the test raises is
    // the test's own failure); its handlers run only on some.
    const tryBody = statement.type === 'try_statement' && isTryBody(statement, node);
    if (CONDITIONAL_PARTS.includes(statement.type) && !tryBody) return false;
    if (statement.parent?.id === body.id) break;
  }
  if (!statement || statement.id === body.id) return false;
  const start = statement.startIndex;
  return namedChildren(body)
    .filter((earlier) => earlier.endIndex <= start)
    .every((earlier) => !SKIPPING_STATEMENTS.includes(earlier.type) && earlier.descendantsOfType(SKIPPING_STATEMENTS).length === 0);
}

function isTryBody(tryStatement: Node, node: Node): boolean {
  const body = field(tryStatement, 'body');
  return !!body && body.startIndex <= node.startIndex && node.endIndex <= body.endIndex;
}

/**
 * Whether `node` is computed for every element of a comprehension with this one `for` clause:
 * it sits in the element expression (or a dict comprehension's pair), under no condition, and
 * the comprehension filters nothing (`if` clauses) and loops no further.
 */
function runsForEveryElement(clause: Node, node: Node): boolean {
  const comprehension = clause.parent;
  if (!comprehension || !['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'].includes(comprehension.type)) return false;
  const parts = namedChildren(comprehension);
  if (parts.filter((part) => part.type === 'for_in_clause').length !== 1 || parts.some((part) => part.type === 'if_clause')) return false;
  const element = field(comprehension, 'body');
  if (!element || node.startIndex < element.startIndex || node.endIndex > element.endIndex) return false;
  for (let current: Node | null = node; current && current.id !== comprehension.id; current = current.parent) {
    if (current.id !== node.id && CONDITIONAL_PARTS.includes(current.type)) return false;
  }
  return true;
}

/** `for col in cat_cols:` / `for i, col in enumerate(cat_cols)` (and comprehensions): the iterated expression. */
function iteratedSource(model: SemanticModel, identifier: Node): Node | undefined {
  const loop = bindingLoop(model, identifier);
  const binding = loop ? model.lookup(identifier) : undefined;
  if (!loop || !binding) return undefined;
  const left = field(loop, 'left');
  const source = field(loop, 'right');
  if (!left || !source) return undefined;
  if (left.id === binding.node.id) return source;
  // `for i, col in enumerate(cols)`: the second target walks the list.
  const targets = left.type === 'pattern_list' ? namedChildren(left) : [];
  const call = unparenthesize(source);
  if (targets.length === 2 && targets[1].id === binding.node.id && call.type === 'call' && field(call, 'function')?.text === 'enumerate') {
    return positionalArguments(call)[0];
  }
  return undefined;
}

/** The column expression an argument stands for, through names: `ref_counts` after `ref_counts = ref[c].value_counts()`. */
function columnExpression(model: SemanticModel, argument: Node): Node {
  let current = argument;
  for (let step = 0; step < 4; step++) {
    const next = stripValueAccess(model.resolveValue(current));
    if (next.id === current.id) break;
    current = next;
  }
  return current;
}

/** A `df[key] = value` statement and where it sits. */
interface ColumnAssignment extends StatementPlace {
  end: number;
  value: Node;
}

/** `df[key] = value` statements, by DataFrame name and key as written, in program order: read once per document. */
const columnAssignmentsByModel = new FactCache<SemanticModel, Map<string, ColumnAssignment[]>>();

function columnAssignments(model: SemanticModel): Map<string, ColumnAssignment[]> {
  return columnAssignmentsByModel.get(model, () => {
    const byKey = new Map<string, ColumnAssignment[]>();
    for (const assignment of model.syntax.nodes('assignment')) {
      const parts = model.syntax.partsOfAssignment(assignment);
      const left = parts?.left;
      const statement = assignment.parent;
      if (left?.type !== 'subscript' || !parts?.right || statement?.type !== 'expression_statement' || !statement.parent) continue;
      const key = columnKey(left);
      if (key === undefined) continue;
      const entry: ColumnAssignment = { end: statement.endIndex, value: parts.right, ...placeOf(statement) };
      const list = byKey.get(key);
      if (list) list.push(entry);
      else byKey.set(key, [entry]);
    }
    return byKey;
  });
}

/** `df[key]` as a lookup key: the DataFrame's name and the key as written; undefined for other subscripts. */
function columnKey(subscript: Node): string | undefined {
  const frame = field(subscript, 'value');
  const keys = subscript.childrenForFieldName('subscript').filter((child): child is Node => !!child);
  return frame?.type === 'identifier' && keys.length === 1 ? `${frame.text}\0${keys[0].text}` : undefined;
}

/**
 * The value last assigned to the same column of the same DataFrame (`df[key] = value`, the
 * key written the same way), by a statement before `column` in a block that holds it, in
 * the same function: what the column holds when it is read.
 */
function assignedColumnValue(model: SemanticModel, column: Node): Node | undefined {
  const key = columnKey(column);
  const candidates = key === undefined ? undefined : columnAssignments(model).get(key);
  if (!candidates) return undefined;
  const scope = scopeOf(column);
  // The nearest first: the candidates are in program order, and most reads follow their assignment.
  for (let index = candidates.length - 1; index >= 0; index--) {
    const candidate = candidates[index];
    if (candidate.end <= column.startIndex && runsBefore(candidate, column, scope)) return candidate.value;
  }
  return undefined;
}

function evidenceOf(model: SemanticModel, kinds: ColumnKinds, argument: Node, depth = 0): ColumnEvidence | undefined {
  const expr = columnExpression(model, argument);
  // `df["c"].astype("category")` fed to the test directly.
  if (expr.type === 'call') {
    const callee = field(expr, 'function');
    if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'astype' && stringValue(model, positionalArguments(expr)[0]) === 'category') {
      return { description: 'a column cast to "category"', kind: 'categorical' };
    }
    return undefined;
  }
  if (expr.type !== 'subscript') return undefined;
  const named = columnEvidence(model, kinds, expr);
  if (named?.kind) return named;
  // `ref[f"{col}_encoded"] = ref[col].astype("category").cat.codes` earlier: the codes of a categorical column.
  const assigned = depth < 2 ? assignedColumnValue(model, expr) : undefined;
  const fromAssignment = assigned ? evidenceOf(model, kinds, assigned, depth + 1) : undefined;
  return fromAssignment?.kind === 'categorical' ? fromAssignment : named;
}

/** A column named by a literal, or by a loop variable over a list of columns. */
function columnEvidence(model: SemanticModel, kinds: ColumnKinds, expr: Node): ColumnEvidence | undefined {
  const literal = subscriptColumn(model, expr);
  if (literal !== undefined) return { description: `the column "${literal}"`, column: literal, kind: kinds.kindOf(literal) };
  const keys = expr.childrenForFieldName('subscript').filter((key): key is Node => !!key);
  if (keys.length !== 1 || keys[0].type !== 'identifier') return undefined;
  const source = iteratedSource(model, keys[0]);
  if (!source) return undefined;
  const sourceExpr = unparenthesize(source);
  const description = `a column of ${sourceExpr.text}`;
  if (sourceExpr.type === 'identifier') {
    const named = kindFromListName(sourceExpr.text);
    if (named) return { description, kind: named };
  }
  const columns = stringList(model, sourceExpr);
  if (!columns || columns.length === 0) return undefined;
  const listKinds = new Set(columns.map((column) => kinds.kindOf(column)));
  const only = listKinds.size === 1 ? [...listKinds][0] : undefined;
  if (only) return { description, kind: only };
  // A list of mixed or partly unknown kinds written out: each column is tested in turn.
  const loop = sourceExpr.type === 'list' || sourceExpr.type === 'tuple' ? bindingLoop(model, keys[0]) : undefined;
  if (!loop || !runsOnEveryIteration(loop, expr)) return undefined;
  const listShown = sourceExpr.text.length <= 60 && !sourceExpr.text.includes('\n') ? sourceExpr.text : 'a list of columns';
  return { description, listed: columns.map((column) => ({ column, kind: kinds.kindOf(column) })), listShown };
}

/**
 * An argument's evidence for this test: a column of a written-out list the loop walks becomes
 * the first column of the wrong kind, when there is one.
 */
function evidenceForTest(entry: ColumnEvidence, wrong: ColumnKind): ColumnEvidence {
  if (!entry.listed) return entry;
  const column = entry.listed.find((listed) => listed.kind === wrong)?.column;
  return column === undefined ? { description: entry.description } : { description: `the column "${column}" (the loop over ${entry.listShown} tests it)`, column, kind: wrong };
}

/** The data a test compares: the samples of KS; the counts of chi-squared (a list of them, or `np.array([...])`). */
/** SciPy's names for the data parameters of each test, by position (`ks_2samp(data1=..., data2=...)`). */
const DATA_PARAMETERS: Record<string, readonly string[]> = {
  ks_2samp: ['data1', 'data2'],
  kstest: ['rvs'],
  chisquare: ['f_obs', 'f_exp'],
  chi2_contingency: ['observed'],
};

function testedData(model: SemanticModel, test: string, site: CallSite): Node[] {
  const given = (DATA_PARAMETERS[test] ?? []).map((name, index) => argument(site, name, index)).filter((node): node is Node => node !== undefined);
  if (test === 'ks_2samp' || test === 'kstest') return given;
  const data = given;
  return data.flatMap((node) => {
    let expr = unparenthesize(node);
    if (expr.type === 'call' && /(?:^|\.)(?:array|asarray)$/.test(field(expr, 'function')?.text ?? '')) expr = positionalArguments(expr)[0] ?? expr;
    if (expr.type === 'list' || expr.type === 'tuple') return codeChildren(expr);
    return test === 'chi2_contingency' ? countedColumns(model, expr, 0) ?? [expr] : [expr];
  });
}

/**
 * The columns a contingency table counts, through names, `.T` and `.fillna(...)`: the value
 * counts `pd.concat([ref[c].value_counts(), cur[c].value_counts()], axis=1)` joins, or the two
 * samples `pd.crosstab(pd.concat([ref[c], cur[c]]), labels)` cross-tabulates.
 */
function countedColumns(model: SemanticModel, node: Node, depth: number): Node[] | undefined {
  if (depth > 4) return undefined;
  let expr = model.resolveValue(node);
  for (let step = 0; step < 4; step++) {
    if (expr.type === 'attribute' && field(expr, 'attribute')?.text === 'T') expr = model.resolveValue(field(expr, 'object') ?? expr);
    else if (expr.type === 'call' && /\.fillna$/.test(field(expr, 'function')?.text ?? '')) expr = model.resolveValue(field(field(expr, 'function') ?? expr, 'object') ?? expr);
    else break;
  }
  if (expr.type !== 'call') return undefined;
  const callee = field(expr, 'function')?.text ?? '';
  const first = positionalArguments(expr)[0];
  if (!first) return undefined;
  if (/(?:^|\.)concat$/.test(callee)) {
    const items = unparenthesize(first);
    return items.type === 'list' || items.type === 'tuple' ? codeChildren(items) : undefined;
  }
  // crosstab(x, y) of two columns tests their independence, not drift: only the two samples of
  // one column joined (and labelled by the second argument) are a drift test.
  if (/(?:^|\.)crosstab$/.test(callee)) return countedColumns(model, first, depth + 1);
  return undefined;
}

function check(context: RuleContext): void {
  const { model } = context;
  let kinds: ColumnKinds | undefined;
  for (const site of model.callsOfImported(['ks_2samp', 'kstest', 'chisquare', 'chi2_contingency'], (qualifiedName) => DRIFT_TEST.test(qualifiedName))) {
    const test = DRIFT_TEST.exec(site.qualifiedName ?? '')?.[1];
    if (!test || hasSplatArguments(site) || site.node.hasError) continue;
    kinds ??= columnKinds(model);
    const evidence = testedData(model, test, site).map((node) => evidenceOf(model, kinds!, node));
    if (evidence.length === 0 || evidence.some((entry) => !entry)) continue;
    const ks = test === 'ks_2samp' || test === 'kstest';
    const wrong: ColumnKind = ks ? 'categorical' : 'numeric';
    const known = (evidence as ColumnEvidence[]).map((entry) => evidenceForTest(entry, wrong));
    // Chi-squared on two different columns is an independence test, not a drift test: not judged.
    if (!ks && new Set(known.map((entry) => entry.column ?? entry.description)).size > 1) continue;
    if (!known.some((entry) => entry.kind === wrong) || known.some((entry) => entry.kind && entry.kind !== wrong)) continue;
    const first = known.find((entry) => entry.kind === wrong)!;
    const message = ks
      ? `${test} on ${first.description}, which is categorical: the KS test compares numerical distributions; use a chi-squared test (or Jensen-Shannon distance) for categorical features`
      : `${test} on ${first.description}, which is numeric: chi-squared compares category counts; use the KS test (or Jensen-Shannon distance on binned values) for numerical features`;
    context.report({ node: site.callee, message });
  }
}

export const mlt702DriftTestMismatch: Rule = {
  meta: {
    id: 'MLT702',
    name: 'drift-test-mismatch',
    severity: 'warning',
    area: 'Testing, monitoring and security',
    domain: 'MLOps',
    title: 'A KS test on a categorical column, or a chi-squared test on a numeric one',
  },
  docs: {
    trap: 'Testing a categorical feature for drift with the Kolmogorov-Smirnov test (`scipy.stats.ks_2samp`), or a numerical feature with chi-squared.',
    reality:
      'The KS test is for numerical features only; chi-squared is for categorical features only; the wrong one gives meaningless results (KS on category codes depends on an arbitrary order, chi-squared on raw numbers treats every distinct value as a category). Jensen-Shannon distance works for both (numerical features binned first). A column\'s kind is what the file says of it: a Spark schema (`StructField("plan", StringType())`, a DDL string), pandas `.astype("category")` / `.astype(float)`, or the name of the list that holds it (`cat_cols`, `numeric_features`); a column of unknown kind is not judged. A loop over a written-out list of columns (`for col in ["country", "plan"]`) tests each of them, and is reported for a column of the wrong kind unless the loop chooses or skips the test (`if`, `continue`).',
    example: [
      'from scipy.stats import ks_2samp',
      '',
      'cat_cols = ["country", "plan"]',
      'for col in cat_cols:',
      '    statistic, p_value = ks_2samp(reference_pdf[col], current_pdf[col])',
    ].join('\n'),
    useInstead: [
      'import pandas as pd',
      'from scipy.stats import chi2_contingency',
      '',
      'for col in cat_cols:',
      '    counts = pd.concat([reference_pdf[col].value_counts(), current_pdf[col].value_counts()], axis=1).fillna(0)',
      '    statistic, p_value, _, _ = chi2_contingency(counts.T)',
    ].join('\n'),
    fix: 'None: the right test depends on how the counts or samples are prepared.',
    examFact: 'KS for numeric features, chi-squared for categorical ones; Jensen-Shannon for both.',
    references: [
      { title: 'Monitor metric tables: drift statistics (Databricks Lakehouse Monitoring)', url: 'https://docs.databricks.com/en/lakehouse-monitoring/monitor-output.html' },
    ],
  },
  triggers: ['ks_2samp', 'kstest', 'chisquare', 'chi2_contingency'],
  check,
};
