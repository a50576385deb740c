import { pythonString, replaceNode } from './engine/fixBuilders';
import type { Fix, RuleContext, Rule, TextEdit } from './engine/types';
import { type ColumnRef, type PipelineStage, type SparkPipeline, sparkPipelines, writesColumn } from './semantic/sparkPipelines';
import { moveItemsBefore } from './semantic/stageListEdits';

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
      'OneHotEncoder only accepts numeric index columns; StringIndexer must come first and the encoder must read ' +
      'its outputCol. "The single most common SparkML pipeline construction error."',
    example: [
      'indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")',
      'encoder = OneHotEncoder(inputCol="plan", outputCol="plan_vec")  # the raw string column',
      'pipeline = Pipeline(stages=[encoder, indexer, assembler, lr])     # and before the indexer',
      '',
    ].join('\n'),
    useInstead: [
      'indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")',
      'encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")',
      'pipeline = Pipeline(stages=[indexer, encoder, assembler, lr])',
      '',
    ].join('\n'),
    fix:
      'Moves the StringIndexer stage before the OneHotEncoder in the stages list; when the encoder reads the raw ' +
      'column, points its inputCol(s) at the indexer\'s outputCol(s).',
    fixSafety:
      'Safe: the stages and column names come from the file. Offered only when both stages are items of the same ' +
      'list literal, the column names are written in the encoder\'s own call, and nothing the indexer reads is ' +
      'written by the stages it jumps over.',
    examFact: 'StringIndexer must precede OneHotEncoder: the study material calls it "the single most common SparkML pipeline construction error".',
  },
  triggers: ['OneHotEncoder'],
  check(context) {
    const reported = new Set<number>();
    for (const pipeline of sparkPipelines(context.model)) {
      if (!pipeline.complete) continue;
      for (const encoder of pipeline.stages) {
        if (encoder.role !== 'oneHotEncoder' || reported.has(encoder.element.id)) continue;
        const problems = encoderProblems(pipeline, encoder);
        if (problems.length === 0) continue;
        reported.add(encoder.element.id);
        context.report({ node: encoder.element, message: problemMessage(encoder.sparkClass?.name ?? 'OneHotEncoder', problems[0]), fixes: fixesFor(context, pipeline, encoder, problems) });
      }
    }
  },
};

/** An encoder input that the StringIndexer writes later in the list, or the indexer's raw input. */
type EncoderProblem =
  | { kind: 'indexerLater'; column: ColumnRef; indexer: PipelineStage }
  | { kind: 'rawColumn'; column: ColumnRef; indexer: PipelineStage; indexOutput?: string };

function encoderProblems(pipeline: SparkPipeline, encoder: PipelineStage): EncoderProblem[] {
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
      const outputs = indexer.outputs.known ? indexer.outputs.columns : undefined;
      const indexOutput = outputs && outputs.length === indexer.inputs.columns.length ? outputs[position].name : undefined;
      problems.push({ kind: 'rawColumn', column, indexer, indexOutput });
      break;
    }
  }
  return problems;
}

function problemMessage(encoderName: string, problem: EncoderProblem): string {
  if (problem.kind === 'indexerLater') {
    return `${encoderName} reads "${problem.column.name}" before the StringIndexer that produces it has run: move the StringIndexer first`;
  }
  const target = problem.indexOutput ? `the StringIndexer's output "${problem.indexOutput}"` : 'the StringIndexer\'s output';
  return `${encoderName} is fed the raw string column "${problem.column.name}" instead of ${target}`;
}

function fixesFor(context: RuleContext, pipeline: SparkPipeline, encoder: PipelineStage, problems: EncoderProblem[]): Fix[] {
  const pointEdits: TextEdit[] = [];
  const raw = problems.filter((problem) => problem.kind === 'rawColumn');
  for (const problem of raw) {
    const { column, indexOutput } = problem;
    if (!indexOutput || !column.inline || !column.node) return [];
    pointEdits.push(replaceNode(column.node, pythonString(indexOutput, column.node)));
  }
  // Indexers after the encoder that it depends on (directly or once pointed at their output).
  const laterIndexers = uniqueStages(problems.map((problem) => problem.indexer).filter((indexer) => indexer.index > encoder.index));
  let edits = pointEdits;
  if (laterIndexers.length > 0) {
    const moved = moveIndexersEdits(context, pipeline, encoder, laterIndexers, pointEdits);
    if (!moved) return [];
    edits = moved;
  }
  const pointed = raw.map((problem) => `"${problem.indexOutput}"`).join(', ');
  const moveTitle = laterIndexers.length === 1 ? 'move the StringIndexer before it' : 'move the StringIndexers before it';
  let title: string;
  if (raw.length > 0) title = `Point the OneHotEncoder at ${pointed}${laterIndexers.length > 0 ? ` and ${moveTitle}` : ''}`;
  else title = laterIndexers.length === 1 ? 'Move the StringIndexer before the OneHotEncoder' : 'Move the StringIndexers before the OneHotEncoder';
  return [{ title, safety: 'safe', edits }];
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
