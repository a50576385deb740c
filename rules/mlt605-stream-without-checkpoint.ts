import { FactCache } from './engine/reads';
import type { Fix, Rule, RuleContext } from './engine/types';
import type { Node } from 'web-tree-sitter';
import { ancestorOfType, field } from './engine/syntax';
import { allArguments, argument } from './semantic/calls';
import { stringTemplate } from './semantic/stringTemplates';
import { literalString, stringValue } from './semantic/values';
import type { SemanticModel } from './semantic/semanticModel';
import { magicCellLines, PROSE_MAGICS } from './semantic/notebook';
import { isTestCode } from './semantic/testCode';
import { linkInsertion } from './semantic/dataFrameChains';
import {
  checkpointVariable,
  foreachSinkOnlyDisplays,
  type StreamingSink,
  type StreamingWrite,
  sinkGetsTemporaryCheckpoint,
  streamingWrites,
  writerOption,
  writerSink,
} from './semantic/streaming';

const SESSION_CHECKPOINT = 'spark.sql.streaming.checkpointLocation';

/** Sinks that a checkpoint makes exactly-once: Delta and the file formats. */
const EXACTLY_ONCE_FORMATS = new Set(['delta', 'parquet', 'orc', 'json', 'csv', 'text']);

/** Calls that set a Spark configuration key given first: `spark.conf.set`, a builder's `.config`, `SparkConf().set`, `setConf`. */
const CONF_SETTERS = new Set(['set', 'config', 'setConf', 'setIfMissing']);

/**
 * `SET spark.sql.streaming.checkpointLocation = ...` (SQL; `SET key` alone only shows it), or
 * `.conf.set("spark.sql.streaming.checkpointLocation", ...)` (a %scala cell).
 */
const SETTING_STATEMENT = /\bSET\s+spark\.sql\.streaming\.checkpointLocation\s*=|\.conf\.set\(\s*"spark\.sql\.streaming\.checkpointLocation"\s*,/i;

/** SQL text without its string literals (`SELECT 'SET ...'` sets nothing). */
function withoutSqlStrings(sql: string): string {
  // Spark SQL reads both quotes as string literals (backticks quote names).
  return sql.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
}

/** SQL text without its `--` and `/* *\/` comments, which set nothing. */
function withoutSqlComments(sql: string): string {
  return sql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');
}

/** Whether the key (a string or a name bound to one) is the first argument of a configuration setter. */
function isSetterKey(model: SemanticModel, key: Node): boolean {
  // `spark.conf.set(key="...", value=...)`: the argument is the keyword's value.
  const argumentNode = key.parent?.type === 'keyword_argument' ? key.parent : key;
  const call = argumentNode.parent?.type === 'argument_list' ? argumentNode.parent.parent : undefined;
  if (call?.type !== 'call') return false;
  const site = model.callSite(call);
  return !!site.name && CONF_SETTERS.has(site.name) && argument(site, 'key', 0)?.id === key.id && allArguments(site).length >= 2;
}

/** Whether SQL text given to `spark.sql` sets the base: its value where the file shows it all (names filled in), else its literal parts. */
function setsCheckpointBase(model: SemanticModel, statement: Node): boolean {
  const text = stringValue(model, statement) ?? stringTemplate(model, statement)?.text ?? '';
  return SETTING_STATEMENT.test(withoutSqlComments(withoutSqlStrings(text)));
}

/** `"...".format(...)`. */
function isFormatCall(call: Node): boolean {
  const callee = field(call, 'function');
  return callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'format';
}

/**
 * The expression a string is part of when that expression is handed to `spark.sql(...)`: the
 * string itself, an f-string, a `+` of strings, a `.format(...)` of it, or a name bound to one of
 * these (`query = f"SET ... = {base}"`, then `spark.sql(query)`).
 */
function sqlArgumentsHolding(model: SemanticModel, string: Node): Node[] {
  let expr = string;
  for (;;) {
    const parent = expr.parent;
    // Up through `+`, implicit concatenation, parentheses, an f-string's interpolation (`f"SET {KEY}=..."`) and `.format(...)`.
    if (parent && ['binary_operator', 'concatenated_string', 'parenthesized_expression', 'interpolation'].includes(parent.type)) expr = parent;
    else if (parent?.type === 'string' && expr.type === 'interpolation') expr = parent;
    else if (parent?.type === 'attribute' && field(parent, 'attribute')?.text === 'format' && parent.parent?.type === 'call') expr = parent.parent;
    else if (parent?.type === 'argument_list' && parent.parent?.type === 'call' && isFormatCall(parent.parent)) expr = parent.parent;
    else break;
  }
  // `spark.sql("...")` or `spark.sql(sqlQuery="...")`.
  const isSqlArgument = (node: Node) => {
    const argumentNode = node.parent?.type === 'keyword_argument' && field(node.parent, 'name')?.text === 'sqlQuery' ? node.parent : node;
    return argumentNode.parent?.type === 'argument_list' && argumentNode.parent.parent?.type === 'call' && model.callSite(argumentNode.parent.parent).name === 'sql';
  };
  if (isSqlArgument(expr)) return [expr];
  const assignment = expr.parent?.type === 'assignment' && field(expr.parent, 'right')?.id === expr.id ? expr.parent : undefined;
  const binding = assignment ? model.bindingMadeBy(assignment, field(assignment, 'left')?.text ?? '') : undefined;
  return binding ? model.mayRead(binding).filter(isSqlArgument) : [];
}

/**
 * How a string naming spark.sql.streaming.checkpointLocation is used: `set` where it is the key
 * of a configuration setter (directly, or through the name it is bound to) or a SQL `SET`
 * statement given to `spark.sql`; `possible` where it is a key of configuration written as data
 * (a dict, a `(key, value)` pair: a cluster's or a builder's settings); undefined where it only
 * names the setting (`spark.conf.get`, `unset`, a print, a docstring).
 */
function checkpointSettingOf(model: SemanticModel, string: Node): 'set' | 'possible' | undefined {
  // The key itself (not `...checkpointLocationBase`), given to a setter directly or through a name.
  const exactKey = literalString(string) === SESSION_CHECKPOINT;
  if (exactKey && isSetterKey(model, string)) return 'set';
  const parent = string.parent;
  if (exactKey && parent?.type === 'assignment' && field(parent, 'right')?.id === string.id) {
    const binding = model.bindingMadeBy(parent, field(parent, 'left')?.text ?? '');
    const reads = binding ? model.mayRead(binding) : [];
    if (reads.some((use) => isSetterKey(model, use))) return 'set';
    // `spark.sql(f"SET {KEY} = /chk")`: the key from its name inside a SET statement.
    const statements = reads.flatMap((use) => sqlArgumentsHolding(model, use));
    if (statements.some((statement) => setsCheckpointBase(model, statement))) return 'set';
  }
  const sql = sqlArgumentsHolding(model, string);
  if (sql.length > 0) {
    return sql.some((argument) => setsCheckpointBase(model, argument)) ? 'set' : undefined;
  }
  if (!exactKey) return undefined;
  if (parent?.type === 'pair' && field(parent, 'key')?.id === string.id) return 'possible';
  if ((parent?.type === 'tuple' || parent?.type === 'list') && parent.namedChildren[0]?.id === string.id) return 'possible';
  return undefined;
}

/**
 * Where the file first sets the session's checkpoint base, and where it first may (configuration
 * written as data), before any query; -1 where it does not. A line of a %sql (or %scala) cell
 * sets it with `SET spark.sql.streaming.checkpointLocation = ...`, outside SQL comments. A
 * comment, a docstring, a print or `spark.conf.get` of the setting sets nothing.
 */
function sessionCheckpointOffsets(context: RuleContext): { set: number; possible: number } {
  const { model, document } = context;
  const set: number[] = [];
  const possible: number[] = [];
  for (const string of model.nodesAroundText([SESSION_CHECKPOINT], 'string')) {
    const setting = checkpointSettingOf(model, string);
    if (setting === 'set') set.push(string.startIndex);
    else if (setting === 'possible') possible.push(string.startIndex);
  }
  for (const cell of model.notebook.cells) {
    const lastLine = Math.min(cell.endLine, document.lineCount - 1);
    if (!cell.magic || PROSE_MAGICS.has(cell.magic) || lastLine < cell.startLine) continue;
    const start = document.offsetAt({ line: cell.startLine, character: 0 });
    if (!document.textIn(start, document.lineEnd(lastLine)).includes(SESSION_CHECKPOINT)) continue;
    const lines = magicCellLines(document, cell);
    const statements = withoutSqlComments(lines.map(({ body }) => body).join('\n'));
    if (SETTING_STATEMENT.test(statements)) set.push(document.offsetAt({ line: lines[0]?.line ?? cell.startLine, character: 0 }));
  }
  const first = (offsets: number[]) => (offsets.length > 0 ? Math.min(...offsets) : -1);
  return { set: first(set), possible: first(possible) };
}

const PLACEHOLDER = '"<checkpoint path>"';

/**
 * The placeholder for one query: named after the table or the path it writes
 * (`"<checkpoint path for ml.churn.scores>"`), so that fixes applied as they are give queries
 * into different targets different paths (each query needs its own checkpoint); the bare one
 * where the target is not written out.
 */
function placeholderFor(model: SemanticModel, write: StreamingWrite): string {
  const { terminal } = write;
  const target = terminal.name === 'toTable' || terminal.name === 'table' ? argument(terminal, 'tableName', 0) : terminal.name === 'start' ? argument(terminal, 'path', 0) : undefined;
  const name = target ? stringValue(model, target) : undefined;
  return name && /^[\w./:-]+$/.test(name) && /\w/.test(name) ? `"<checkpoint path for ${name}>"` : PLACEHOLDER;
}

/**
 * The placeholders of the file's queries, each its own: where two queries would get the same
 * one (targets not written out, the same table), they are numbered in file order
 * (`"<checkpoint path #2>"`), so that fixes applied as they are never share a checkpoint.
 */
function placeholdersOf(model: SemanticModel, writes: readonly StreamingWrite[]): Map<number, string> {
  return placeholderCache.get(model, () => numberedPlaceholders(model, writes));
}

const placeholderCache = new FactCache<SemanticModel, Map<number, string>>();

function numberedPlaceholders(model: SemanticModel, writes: readonly StreamingWrite[]): Map<number, string> {
  const byText = new Map<string, StreamingWrite[]>();
  for (const write of writes) {
    const text = placeholderFor(model, write);
    byText.set(text, [...(byText.get(text) ?? []), write]);
  }
  const placeholders = new Map<number, string>();
  for (const [text, shared] of byText) {
    shared.forEach((write, index) => placeholders.set(write.terminal.node.id, shared.length === 1 ? text : `${text.slice(0, -2)} #${index + 1}>"`));
  }
  return placeholders;
}

/**
 * Whether the query's code starts more than one query: in a loop, or in a function the file
 * calls more than once, or once from code that runs more than once (`main()` called twice).
 * One path written there would be every query's checkpoint.
 */
function startsManyQueries(model: SemanticModel, write: StreamingWrite): boolean {
  return runsMoreThanOnce(model, write.terminal.node, 0);
}

const REPEATING = ['for_statement', 'while_statement', 'list_comprehension', 'generator_expression', 'set_comprehension', 'dictionary_comprehension', 'lambda'];
/** Callers followed up the chain; past it the code is taken to run more than once (no fix). */
const MAX_CALLER_DEPTH = 8;

function runsMoreThanOnce(model: SemanticModel, node: Node, depth: number): boolean {
  const enclosing = ancestorOfType(node, [...REPEATING, 'function_definition']);
  if (!enclosing) return false;
  if (enclosing.type !== 'function_definition') return true;
  const name = field(enclosing, 'name')?.text;
  if (!name || depth >= MAX_CALLER_DEPTH) return true;
  // Passed on or bound to another name (`map(start, tables)`, `run = start`): it may run any number of times.
  if (isReferencedBesidesCalls(model, enclosing, name)) return true;
  const calls = model.callsNamed(name).filter((site) => site.node.startIndex < enclosing.startIndex || site.node.startIndex >= enclosing.endIndex);
  // Never called here (a job's entry point): it runs once. Called once: as often as its caller runs.
  if (calls.length === 0) return false;
  return calls.length > 1 || runsMoreThanOnce(model, calls[0].node, depth + 1);
}

/** Whether a function's name is read other than as the function of a call (or an attribute's or keyword's name). */
function isReferencedBesidesCalls(model: SemanticModel, fn: Node, name: string): boolean {
  const own = field(fn, 'name');
  return model.nodesAroundText([name], 'identifier').some((identifier) => {
    if (identifier.text !== name || identifier.id === own?.id) return false;
    const parent = identifier.parent;
    if (!parent) return false;
    if (parent.type === 'call' && field(parent, 'function')?.id === identifier.id) return false;
    if (parent.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id) return false;
    if (parent.type === 'keyword_argument' && field(parent, 'name')?.id === identifier.id) return false;
    return true;
  });
}

/** The sink, with its article: `a foreachBatch() sink`, `the "delta" sink` (`indefinite` as the temporary-checkpoint messages say it). */
function sinkLabel(sink: StreamingSink, indefinite: boolean): string {
  const article = indefinite ? 'a' : 'the';
  if (sink.kind === 'foreach' || sink.kind === 'foreachBatch') return `${article} ${sink.kind}() sink`;
  if (sink.kind === 'format') return `${article} "${sink.name}" sink`;
  return `${article} default sink (Delta on Databricks)`;
}

/** `.queryName("scores")`, or `queryName=` given to start() / toTable(). */
function isNamed(model: SemanticModel, write: StreamingWrite): boolean {
  return write.calls.some((site) => site.name === 'queryName') || writerOption(model, write, 'queryName').set !== false;
}

function checkpointFix(context: RuleContext, write: StreamingWrite, writes: readonly StreamingWrite[]): Fix | undefined {
  // One path (a literal, or a variable the code does not change per query) in code that starts
  // several queries would be the checkpoint of each.
  if (startsManyQueries(context.model, write)) return undefined;
  const variable = checkpointVariable(context.model, write.terminal.node, writes);
  const placeholder = placeholdersOf(context.model, writes).get(write.terminal.node.id) ?? PLACEHOLDER;
  const value = variable ?? placeholder;
  const insertion = linkInsertion(context.document, write.terminal.callee, `.option("checkpointLocation", ${value})`);
  if (!insertion) return undefined;
  return {
    title: variable
      ? `Add .option("checkpointLocation", ${variable}) (check that no other query uses this path)`
      : `Add .option("checkpointLocation", ${placeholder}) (placeholder path)`,
    safety: 'unsafe',
    edits: [{ start: insertion.offset, end: insertion.offset, newText: insertion.text }],
    // Each query needs its own checkpoint: one query per variable in a "fix all" round.
    ...(variable ? { claims: [`checkpointLocation:${variable}`] } : {}),
  };
}

export const mlt605StreamWithoutCheckpoint: Rule = {
  meta: {
    id: 'MLT605',
    name: 'stream-without-checkpoint',
    severity: 'error',
    area: 'Deployment and serving',
    domain: 'Model Deployment',
    title: 'A streaming write without a checkpointLocation',
  },
  docs: {
    trap: 'Starting a Structured Streaming query (`df.writeStream...start()` / `.toTable()`) without a checkpoint location, for example for streaming inference into a Delta table.',
    reality:
      'Spark refuses to start a streaming query to a Delta, file or Kafka sink (or any other table or data source sink) without a checkpoint location: `start()` / `toTable()` raise "checkpointLocation must be specified either through option("checkpointLocation", ...) or SparkSession.conf.set("spark.sql.streaming.checkpointLocation", ...)". ' +
      'Only the console, memory, noop, `foreach` and `foreachBatch` sinks start without one: Spark gives them a temporary checkpoint (a new local temporary directory at each start, deleted on a best-effort basis), so a restarted query does not resume where it stopped. The console, memory and noop sinks are for looking at a stream (a demo, a test, a benchmark), where nothing is to resume: they are not reported, and neither is a `foreachBatch` whose function only shows each batch (`show`, `display`, `print` of the batch or of text, with nothing inside them but reading calls of the batch such as `count` or `select`) or only counts or collects it and drops the result, as a noop sink does, nor a `foreach` whose function only shows each row or does nothing (`pass`); any other `foreach` or `foreachBatch` sink is. A `jdbc` sink is not reported either: Spark refuses to start a stream into it ("Data source jdbc does not support streamed writing") before it looks for a checkpoint. ' +
      'The checkpoint records the query\'s progress (offsets) and state; it is what lets a query resume after a restart (exactly once into Delta and file sinks; Kafka and foreach sinks stay at-least-once even with one, and foreachBatch is at-least-once unless its function makes its writes idempotent, for example by the batch id), and each query needs its own. Set it per query with `.option("checkpointLocation", path)`. A session-wide base directory (`spark.sql.streaming.checkpointLocation`) serves only named queries: Spark checkpoints a query in `<base>/<queryName>`, and one without `.queryName(...)` in a new random folder at each start, which does not resume after a restart. Where the file does not show the session\'s setting, the finding says what happens with and without one. A notebook that `%run`s another first may set it there: a named query after that is left alone (it may resume from `<base>/<queryName>`), an unnamed one does not resume either way and is reported. The setting counts where the file sets it: `spark.conf.set` (or a builder\'s `.config`, `SparkConf().set`) given the key written out or through a name, or `SET ...` in `spark.sql` or a %sql cell outside SQL comments; a comment, a docstring, a print or `spark.conf.get` of it sets nothing. Configuration written as data (a cluster\'s `spark_conf` dict) may set it: a named query after it is left alone. Test code is left alone, and so is a lab\'s writer chain with a blank for the student to fill in (`.________`, `FILL_IN`): the checkpoint option may be what goes there.',
    example: [
      'predictions = spark.readStream.table("ml.churn.events").withColumn("prediction", predict(*features))',
      '(predictions.writeStream',
      '    .format("delta")',
      '    .outputMode("append")',
      '    .toTable("ml.churn.predictions"))',
    ].join('\n'),
    useInstead: [
      'predictions = spark.readStream.table("ml.churn.events").withColumn("prediction", predict(*features))',
      '(predictions.writeStream',
      '    .format("delta")',
      '    .outputMode("append")',
      '    .option("checkpointLocation", "/Volumes/ml/churn/checkpoints/predictions")',
      '    .toTable("ml.churn.predictions"))',
    ].join('\n'),
    fix: 'Inserts `.option("checkpointLocation", <path>)` just before the call that starts the query, in the chain\'s own layout. `<path>` is the one variable in scope whose name contains "checkpoint" (and that no other query of the file uses), else a placeholder named after the table or the path the query writes (`"<checkpoint path for ml.churn.scores>"`: fixes applied as they are give queries into different targets different paths), or `"<checkpoint path>"` where the target is not written out; queries that would get the same placeholder are numbered (`"<checkpoint path #2>"`). No fix (placeholder or variable) for a query started in a loop or a comprehension, or in a function the file calls more than once or in a loop, also through the functions that call it (`main()` called twice): one path written there would be the checkpoint of every query it starts.',
    fixSafety: 'Unsafe: the path must belong to this query alone and be kept across restarts; check the variable, or replace the placeholder.',
    examFact: 'Every streaming write to a sink needs its own checkpointLocation.',
    references: [
      { title: 'Structured Streaming checkpoints (Databricks)', url: 'https://docs.databricks.com/aws/en/structured-streaming/checkpoints' },
      {
        title: 'Recovering from failures with checkpointing (Spark Structured Streaming guide)',
        url: 'https://spark.apache.org/docs/latest/structured-streaming-programming-guide.html#recovering-from-failures-with-checkpointing',
      },
      { title: 'Checkpoint files not being deleted when using foreachBatch() (Databricks KB)', url: 'https://kb.databricks.com/streaming/checkpoint-no-cleanup-foreachbatch' },
    ],
  },
  triggers: ['writeStream'],
  // Silent in test code (isTestCode): nothing to look for in a test file.
  testFileTriggers: [],
  check(context) {
    const { model, document } = context;
    // A session-wide base directory (spark.conf.set, a builder config, a SQL SET) that the file
    // shows before the query starts: one set in a later cell, or by a %run after it, is not in
    // effect when the query starts.
    const session = document.firstIndexOf(SESSION_CHECKPOINT) === -1 ? { set: -1, possible: -1 } : sessionCheckpointOffsets(context);
    const writes = streamingWrites(model);
    const runCommands = model.notebook.runCommands;
    for (const write of writes) {
      // A test drains a stream once (processAllAvailable): nothing restarts it.
      if (isTestCode(document.uri, write.terminal.node)) continue;
      const sink = writerSink(model, write);
      if (sink.kind === 'unknown') continue;
      if (sink.kind === 'format' && ['console', 'memory', 'noop'].includes(sink.name)) continue;
      // Spark refuses a jdbc sink before it looks for a checkpoint ("Data source jdbc does not
      // support streamed writing"): a checkpoint would not make the query start.
      if (sink.kind === 'format' && sink.name === 'jdbc') continue;
      // A foreachBatch (or foreach) that only shows each batch (row) is a console sink by hand.
      if ((sink.kind === 'foreachBatch' || sink.kind === 'foreach') && foreachSinkOnlyDisplays(model, write, sink.kind)) continue;
      if (writerOption(model, write, 'checkpointLocation').set !== false) continue;
      // Under the session's base directory Spark checkpoints a query in <base>/<queryName>, and
      // an unnamed one in a new random folder at each start (StreamingQueryManager / ResolveWriteToStream).
      const named = isNamed(model, write);
      // A notebook run before a named query may set spark.sql.streaming.checkpointLocation for
      // the whole session (dbdemos-style setup notebooks do), and the query then resumes from
      // <base>/<queryName>: undecidable, so silent. An unnamed query does not resume either way,
      // and its message says what happens with and without the setting.
      const line = write.terminal.node.startPosition.row;
      if (named && runCommands.some((command) => command.line < line)) continue;
      // A query in a function starts when it is called: any time after the conf, for all the file shows.
      const inEffect = (offset: number) => offset !== -1 && (offset < write.terminal.node.startIndex || !!ancestorOfType(write.terminal.node, ['function_definition', 'lambda']));
      const sessionCheckpoint = inEffect(session.set);
      // Configuration written as data (a cluster's settings) may reach this session: a named
      // query may then resume, and an unnamed one is told what happens with and without it.
      if (named && (sessionCheckpoint || inEffect(session.possible))) continue;
      const name = write.terminal.callee.childForFieldName('attribute');
      const range = { start: (name ?? write.terminal.node).startIndex, end: write.terminal.node.endIndex };
      const fix = checkpointFix(context, write, writes);
      const fixes = fix ? [fix] : [];
      // With a checkpoint, Delta and file sinks (and the default, Delta on Databricks) recover
      // exactly once; Kafka, foreach and foreachBatch stay at-least-once with one (the
      // Structured Streaming guide's table of sinks), so nothing is said of exactly-once there.
      const guarantee = sink.kind === 'default' || (sink.kind === 'format' && EXACTLY_ONCE_FORMATS.has(sink.name)) ? ' (no exactly-once)' : '';
      if (sessionCheckpoint) {
        context.report({
          range,
          severity: 'warning',
          message: `streaming query to ${sinkLabel(sink, true)} has no checkpointLocation and no queryName: under the session's ${SESSION_CHECKPOINT} Spark checkpoints it in a new random folder at each start, so after a restart it does not resume where it stopped${guarantee}`,
          fixes,
        });
        continue;
      }
      if (sinkGetsTemporaryCheckpoint(sink)) {
        context.report({
          range,
          severity: 'warning',
          message: named
            ? `streaming query to ${sinkLabel(sink, true)} has no checkpointLocation: unless the session sets ${SESSION_CHECKPOINT}, Spark starts it on a temporary checkpoint (a new local directory each time), so after a restart it does not resume where it stopped${guarantee}`
            : `streaming query to ${sinkLabel(sink, true)} has no checkpointLocation: Spark starts it on a temporary checkpoint (a new local directory each time; a new random folder under ${SESSION_CHECKPOINT} where the session sets it), so after a restart it does not resume where it stopped${guarantee}`,
          fixes,
        });
        continue;
      }
      context.report({
        range,
        message: named
          ? `streaming query to ${sinkLabel(sink, false)} has no checkpointLocation: Spark refuses to start it ("checkpointLocation must be specified") unless the session sets ${SESSION_CHECKPOINT}`
          : `streaming query to ${sinkLabel(sink, false)} has no checkpointLocation: Spark refuses to start it ("checkpointLocation must be specified") unless the session sets ${SESSION_CHECKPOINT}, and then, with no queryName, it checkpoints in a new random folder at each start and does not resume after a restart`,
        fixes,
      });
    }
  },
};
