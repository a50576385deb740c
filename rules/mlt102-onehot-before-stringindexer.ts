import { pythonString, replaceNode } from './engine/fixBuilders';
import type { Fix, RuleContext, Rule, TextEdit } from './engine/types';
import type { Node } from 'web-tree-sitter';
import { field, namedChildren } from './engine/syntax';
import { type ColumnRef, type PipelineStage, SPARK_ML_IMPORT_TEXT, type SparkPipeline, sparkPipelines, writesColumn } from './semantic/sparkPipelines';
import { moveItemsBefore } from './semantic/stageListEdits';
import { columnKinds } from './semantic/columnKinds';
import type { SemanticModel } from './semantic/semanticModel';

export const mlt102OnehotBeforeStringindexer: Rule = {
  meta: {
    id: 'MLT102',
    name: 'onehot-before-stringindexer',
    severity: 'error',
    area: 'Spark ML pipelines',
    domain: 'Model Development',
    title: 'OneHotEncoder placed before, or fed the raw column of, its StringIndexer',
  },
  docs: {
    trap: 'OneHotEncoder placed before, or fed the raw string column instead of, the StringIndexer.',
    reality:
      'OneHotEncoder only accepts numeric category indices: it checks at `fit()` that its input columns are numeric, so ' +
      'fed a string column the pipeline fails at `fit()`. StringIndexer must come first and the encoder must read its ' +
      'outputCol; an encoder placed before its indexer fails at `fit()` too, because the index column does not exist yet. ' +
      'A raw column the file shows to be numeric (a cast to a number, a schema) is one the encoder takes as it is, and is not reported.',
    example: [
      'from pyspark.ml import Pipeline',
      'from pyspark.ml.classification import LogisticRegression',
      'from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler',
      '',
      'indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")',
      'encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")',
      'assembler = VectorAssembler(inputCols=["tenure", "plan_vec"], outputCol="features")',
      'lr = LogisticRegression(labelCol="churned")',
      'pipeline = Pipeline(stages=[encoder, indexer, assembler, lr])  # the encoder runs first',
    ].join('\n'),
    useInstead: [
      'from pyspark.ml import Pipeline',
      'from pyspark.ml.classification import LogisticRegression',
      'from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler',
      '',
      'indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")',
      'encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")',
      'assembler = VectorAssembler(inputCols=["tenure", "plan_vec"], outputCol="features")',
      'lr = LogisticRegression(labelCol="churned")',
      'pipeline = Pipeline(stages=[indexer, encoder, assembler, lr])',
    ].join('\n'),
    fix:
      'Moves the StringIndexer stage before the OneHotEncoder in the stages list; when the encoder reads the raw ' +
      'column, points its inputCol(s) at the indexer\'s outputCol(s): the literals in the encoder\'s call, or, when the ' +
      'encoder\'s whole inputCols is the indexer\'s inputCols (`inputCols=cat_cols` in both), the indexer\'s outputCols expression.',
    fixSafety:
      'Safe: the stages and column names come from the file. The move is offered only when both stages are items of ' +
      'the same list literal and nothing the indexer reads is written by the stages it jumps over; the pointing only ' +
      'when the raw column names are written in the encoder\'s own call, or its inputCols is the indexer\'s and the ' +
      'indexer\'s outputCols expression reads the same names where the encoder is. Not offered for encoders written ' +
      'once in a comprehension.',
    examFact: 'OneHotEncoder encodes numeric category indices: a string column goes through StringIndexer first, and the encoder reads the indexer\'s outputCol.',
    references: [
      { title: 'Spark MLlib guide: OneHotEncoder (Extracting, transforming and selecting features)', url: 'https://spark.apache.org/docs/latest/ml-features.html#onehotencoder' },
      { title: 'PySpark API: pyspark.ml.feature.OneHotEncoder', url: 'https://spark.apache.org/docs/latest/api/python/reference/api/pyspark.ml.feature.OneHotEncoder.html' },
      { title: 'PySpark API: pyspark.ml.feature.StringIndexer', url: 'https://spark.apache.org/docs/latest/api/python/reference/api/pyspark.ml.feature.StringIndexer.html' },
    ],
  },
  triggers: ['OneHotEncoder'],
  // Only Spark ML pipelines (an import of pyspark.ml) are read; scikit-learn's OneHotEncoder is not one.
  alsoNeeds: [SPARK_ML_IMPORT_TEXT],
  check(context) {
    // A stage written once in a comprehension stands for one stage per value: one finding for all.
    const found = new Map<number, { pipeline: SparkPipeline; encoders: PipelineStage[]; problems: EncoderProblem[] }>();
    for (const pipeline of sparkPipelines(context.model)) {
      if (!pipeline.complete) continue;
      for (const encoder of pipeline.stages) {
        if (encoder.role !== 'oneHotEncoder') continue;
        const entry = found.get(encoder.element.id);
        if (entry && entry.pipeline !== pipeline) continue;
        const problems = encoderProblems(context.model, pipeline, encoder);
        if (problems.length === 0) continue;
        if (entry) {
          entry.encoders.push(encoder);
          entry.problems.push(...problems);
        } else found.set(encoder.element.id, { pipeline, encoders: [encoder], problems });
      }
    }
    for (const { pipeline, encoders, problems } of found.values()) {
      const [encoder] = encoders;
      const fixes = encoders.length === 1 && !encoder.generated ? fixesFor(context, pipeline, encoder, problems) : [];
      context.report({ node: encoder.element, message: problemMessage(encoder, problems), fixes });
    }
  },
};

/** An encoder input that the StringIndexer writes later in the list, or the indexer's raw input. */
type EncoderProblem =
  | { kind: 'indexerLater'; column: ColumnRef; indexer: PipelineStage }
  | { kind: 'rawColumn'; column: ColumnRef; indexer: PipelineStage; indexOutput?: string; indexerLater: boolean };

type RawProblem = Extract<EncoderProblem, { kind: 'rawColumn' }>;

function encoderProblems(model: SemanticModel, pipeline: SparkPipeline, encoder: PipelineStage): EncoderProblem[] {
  if (!encoder.inputs.known) return [];
  const earlier = pipeline.stages.slice(0, encoder.index);
  // A stage of unknown columns before the encoder might write anything.
  if (earlier.some((stage) => !stage.outputs.known)) return [];
  const indexers = pipeline.stages.filter((stage) => stage.role === 'stringIndexer');
  const problems: EncoderProblem[] = [];
  for (const column of encoder.inputs.columns) {
    if (earlier.some((stage) => writesColumn(stage, column.name))) continue;
    const laterIndexer = indexers.find((indexer) => indexer.index > encoder.index && writesColumn(indexer, column.name));
    if (laterIndexer) {
      problems.push({ kind: 'indexerLater', column, indexer: laterIndexer });
      continue;
    }
    for (const indexer of indexers) {
      if (!indexer.inputs.known) continue;
      const position = indexer.inputs.columns.findIndex((input) => input.name === column.name);
      if (position < 0) continue;
      // A column the file shows to be numeric (a cast, a schema) is one the encoder takes as it is, as MLT103 reads it.
      if (columnKinds(model).kindOf(column.name) === 'numeric') break;
      const outputs = indexer.outputs.known ? indexer.outputs.columns : undefined;
      const indexOutput = outputs && outputs.length === indexer.inputs.columns.length ? outputs[position].name : undefined;
      problems.push({ kind: 'rawColumn', column, indexer, indexOutput, indexerLater: indexer.index > encoder.index });
      break;
    }
  }
  return problems;
}

function problemMessage(encoder: PipelineStage, problems: EncoderProblem[]): string {
  const encoderName = encoder.sparkClass?.name ?? 'OneHotEncoder';
  const raw = problems.filter((problem): problem is RawProblem => problem.kind === 'rawColumn');
  if (raw.length === 0) {
    const columns = quoted(problems.map((problem) => problem.column.name));
    return `${encoderName} reads ${columns} before the StringIndexer that produces ${problems.length === 1 ? 'it' : 'them'} has run: the pipeline fails at fit(); move the StringIndexer first`;
  }
  const one = raw.length === 1;
  const outputs = raw.map((problem) => problem.indexOutput);
  const instead = outputs.every((output) => output !== undefined) ? `its output${one ? '' : 's'} ${quoted(outputs as string[])}` : `its output${one ? '' : 's'}`;
  const later = raw.some((problem) => problem.indexerLater) ? ' (and the StringIndexer comes after it)' : '';
  return (
    `${encoderName} reads ${quoted(raw.map((problem) => problem.column.name))}, the column${one ? '' : 's'} the StringIndexer indexes, instead of ${instead}${later}: ` +
    `${encoderName} takes numeric category indices only, so on a string column the pipeline fails at fit()`
  );
}

function quoted(names: readonly string[]): string {
  return [...new Set(names)].map((name) => `"${name}"`).join(', ');
}

function fixesFor(context: RuleContext, pipeline: SparkPipeline, encoder: PipelineStage, problems: EncoderProblem[]): Fix[] {
  const raw = problems.filter((problem): problem is RawProblem => problem.kind === 'rawColumn');
  const pointing = raw.length === 0 ? { edits: [], title: '' } : pointAtIndexOutputs(context, encoder, raw);
  if (!pointing) return [];
  // Indexers after the encoder that it depends on (directly or once pointed at their output).
  const laterIndexers = uniqueStages(problems.map((problem) => problem.indexer).filter((indexer) => indexer.index > encoder.index));
  let edits = pointing.edits;
  if (laterIndexers.length > 0) {
    const moved = moveIndexersEdits(context, pipeline, encoder, laterIndexers, pointing.edits);
    if (!moved) return [];
    edits = moved;
  }
  const moveTitle = laterIndexers.length === 1 ? 'move the StringIndexer before it' : 'move the StringIndexers before it';
  let title: string;
  if (raw.length > 0) title = `${pointing.title}${laterIndexers.length > 0 ? ` and ${moveTitle}` : ''}`;
  else title = laterIndexers.length === 1 ? 'Move the StringIndexer before the OneHotEncoder' : 'Move the StringIndexers before the OneHotEncoder';
  return [{ title, safety: 'safe', edits }];
}

/**
 * Edits that make the encoder read the indexer's outputs: each raw column literal written in
 * the encoder's call replaced by the index column; or, when the encoder's whole inputCols is
 * the indexer's inputCols (`inputCols=cat_cols` in both), that argument replaced by the
 * indexer's outputCols expression, when it means the same at the encoder.
 */
function pointAtIndexOutputs(context: RuleContext, encoder: PipelineStage, raw: RawProblem[]): { edits: TextEdit[]; title: string } | undefined {
  if (raw.every((problem) => problem.indexOutput && problem.column.inline && problem.column.node)) {
    return {
      edits: raw.map((problem) => replaceNode(problem.column.node!, pythonString(problem.indexOutput!, problem.column.node!))),
      title: `Point the OneHotEncoder at ${raw.map((problem) => `"${problem.indexOutput}"`).join(', ')}`,
    };
  }
  const [{ indexer }] = raw;
  if (!encoder.inputs.known || !indexer.inputs.known || !indexer.outputs.known || raw.some((problem) => problem.indexer !== indexer)) return undefined;
  const encoderNames = encoder.inputs.columns.map((column) => column.name);
  const indexerNames = indexer.inputs.columns.map((column) => column.name);
  if (encoderNames.join('\u0000') !== indexerNames.join('\u0000')) return undefined;
  const target = wholeArgument(encoder.inputs.columns, ['inputCols', 'inputCol']);
  const source = wholeArgument(indexer.outputs.columns, ['outputCols', 'outputCol']);
  if (!target || !source || !sameMeaningAt(context, source, target)) return undefined;
  return { edits: [replaceNode(target, source.text)], title: `Point the OneHotEncoder at the StringIndexer's outputs (${source.text})` };
}

/** The one parameter value all the columns come through (`cat_cols` in `inputCols=cat_cols`), when it is the parameter's whole value. */
function wholeArgument(columns: readonly ColumnRef[], params: readonly string[]): Node | undefined {
  const via = columns[0]?.via;
  if (!via || columns.some((column) => column.via?.id !== via.id)) return undefined;
  const holder = via.parent;
  if (holder?.type === 'keyword_argument' && field(holder, 'value')?.id === via.id && params.includes(field(holder, 'name')?.text ?? '')) return via;
  const call = holder?.type === 'argument_list' ? holder.parent : undefined;
  const callee = call ? field(call, 'function') : undefined;
  const setter = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
  const setters = params.map((param) => `set${param[0].toUpperCase()}${param.slice(1)}`);
  return setter && setters.includes(setter) && namedChildren(holder!).length === 1 ? via : undefined;
}

/** Whether `expression`, copied to where `target` is, reads the same bindings (names bound inside it aside). */
function sameMeaningAt(context: RuleContext, expression: Node, target: Node): boolean {
  const { bindings } = context.model;
  const local = new Set(expression.descendantsOfType('for_in_clause').flatMap((clause) => (clause ? clause.descendantsOfType('identifier') : [])).map((name) => name?.text));
  const identifiers = expression.type === 'identifier' ? [expression] : expression.descendantsOfType('identifier').filter((node): node is Node => !!node);
  return identifiers.every((identifier) => {
    const parent = identifier.parent;
    if (parent?.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id) return true;
    if (parent?.type === 'keyword_argument' && field(parent, 'name')?.id === identifier.id) return true;
    if (local.has(identifier.text)) return true;
    const here = bindings.reachingBindings(identifier.text, identifier);
    const there = bindings.reachingBindings(identifier.text, target);
    return here.length === there.length && here.every((binding, index) => binding === there[index]);
  });
}

function uniqueStages(stages: PipelineStage[]): PipelineStage[] {
  return stages.filter((stage, position) => stages.findIndex((other) => other.index === stage.index) === position).sort((a, b) => a.index - b.index);
}

/**
 * Move the indexers just before the encoder, when they are items of the same list literal
 * and none of the stages they jump over writes a column they read.
 */
function moveIndexersEdits(
  context: RuleContext,
  pipeline: SparkPipeline,
  encoder: PipelineStage,
  indexers: PipelineStage[],
  innerEdits: TextEdit[],
): TextEdit[] | undefined {
  const container = encoder.container;
  if (!container || indexers.some((indexer) => indexer.container?.id !== container.id || !indexer.inputs.known)) return undefined;
  const movedIndexes = new Set(indexers.map((indexer) => indexer.index));
  const last = Math.max(...movedIndexes);
  const jumpedOver = pipeline.stages.slice(encoder.index, last).filter((stage) => !movedIndexes.has(stage.index));
  for (const indexer of indexers) {
    const needed = indexer.inputs.known ? indexer.inputs.columns.map((column) => column.name) : [];
    const hidden = jumpedOver.filter((stage) => stage.index < indexer.index);
    if (hidden.some((stage) => !stage.outputs.known || stage.outputs.columns.some((column) => needed.includes(column.name)))) return undefined;
  }
  return moveItemsBefore(context.document, container, indexers.map((indexer) => indexer.element), encoder.element, innerEdits);
}
