import type { Node } from 'web-tree-sitter';
import { pythonString, removeItem, replaceNode } from './engine/fixBuilders';
import type { Fix, Rule, RuleContext } from './engine/types';
import { type ColumnRef, type PipelineStage, type SparkPipeline, sparkPipelines, writesColumn } from './semantic/sparkPipelines';
import { columnKinds } from './semantic/columnKinds';

export const mlt103RawStringIntoAssembler: Rule = {
  meta: {
    id: 'MLT103',
    name: 'raw-string-into-assembler',
    severity: 'error',
    area: 'Spark ML pipelines',
    domain: 'Model Development',
    title: 'VectorAssembler fed the raw string column that a StringIndexer indexes',
  },
  docs: {
    trap: 'The raw categorical (string) column goes into VectorAssembler, next to the StringIndexer that indexes it.',
    reality:
      'VectorAssembler takes numeric, boolean and vector columns only; a string column makes it raise ' +
      '"Data type string of column ... is not supported". The string column must be indexed (and usually encoded) ' +
      'first, and its encoded column assembled instead. In a pipeline this fails at `fit()` when an estimator comes ' +
      'after the assembler (Pipeline.fit() runs every stage up to the last estimator), otherwise when the fitted ' +
      'pipeline transforms data. ' +
      'StringIndexer also accepts numeric columns: only a string column fails.',
    example: [
      'from pyspark.ml import Pipeline',
      'from pyspark.ml.classification import LogisticRegression',
      'from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler',
      '',
      'indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")',
      'encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")',
      'assembler = VectorAssembler(inputCols=["tenure", "plan"], outputCol="features")  # the raw string',
      'lr = LogisticRegression(labelCol="churned")',
      'pipeline = Pipeline(stages=[indexer, encoder, assembler, lr])',
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
      'Replaces the raw column in inputCols with the encoder\'s output column for it (or the StringIndexer\'s output ' +
      'when no OneHotEncoder encodes it); removes the raw column when that column is already assembled.',
    fixSafety:
      'Safe: the column names come from the pipeline\'s own stages. Offered only when the raw column is written in the ' +
      'assembler\'s own call (not in a list shared with the StringIndexer) and the indexer (and encoder) run before the assembler. ' +
      'A raw column that comes through a name or a comprehension is reported on that name in inputCols, without a fix.',
    examFact: 'VectorAssembler takes numeric, boolean and vector columns only.',
    references: [
      { title: 'Spark MLlib guide: VectorAssembler (Extracting, transforming and selecting features)', url: 'https://spark.apache.org/docs/latest/ml-features.html#vectorassembler' },
      { title: 'PySpark API: pyspark.ml.feature.VectorAssembler', url: 'https://spark.apache.org/docs/latest/api/python/reference/api/pyspark.ml.feature.VectorAssembler.html' },
      { title: 'PySpark API: pyspark.ml.feature.StringIndexer', url: 'https://spark.apache.org/docs/latest/api/python/reference/api/pyspark.ml.feature.StringIndexer.html' },
    ],
  },
  triggers: ['StringIndexer'],
  alsoNeeds: ['VectorAssembler'],
  check(context) {
    const reported = new Set<string>();
    for (const pipeline of sparkPipelines(context.model)) {
      if (!pipeline.complete || !pipeline.stages.some((stage) => stage.role === 'stringIndexer')) continue;
      for (const assembler of pipeline.stages) {
        if (assembler.role !== 'vectorAssembler') continue;
        reportAssembler(context, pipeline, assembler, reported);
      }
    }
  },
};

/** A raw column of the assembler, the indexer that takes it, and what should be assembled instead. */
interface RawColumn {
  column: ColumnRef;
  indexer: PipelineStage;
  /** The encoder's output for it (or the indexer's output when nothing encodes it); undefined when unknown. */
  replacement?: { name: string; producer: PipelineStage; encoded: boolean };
}

function reportAssembler(context: RuleContext, pipeline: SparkPipeline, assembler: PipelineStage, reported: Set<string>): void {
  if (!assembler.inputs.known) return;
  const earlier = pipeline.stages.slice(0, assembler.index);
  // A stage of unknown columns before the assembler might turn the raw column into a number.
  if (earlier.some((stage) => !stage.outputs.known)) return;
  const raw: RawColumn[] = [];
  for (const column of assembler.inputs.columns) {
    if (earlier.some((stage) => writesColumn(stage, column.name))) continue;
    const found = rawColumn(pipeline, column);
    // A column the file shows to be numeric (a schema, a cast) assembles as it is: StringIndexer
    // takes numbers too. Asked only of a column about to be reported: the kinds read every
    // withColumn, alias and astype of the file, and a keystroke in any of them would redo it.
    if (found && columnKinds(context.model).kindOf(column.name) !== 'numeric') raw.push(found);
  }
  const when = failsWhen(pipeline, assembler);
  // Columns that come through a name or a comprehension: one finding where the assembler's parameter names it.
  const shared = new Map<number, { node: Node; entries: RawColumn[] }>();
  for (const entry of raw) {
    if (!entry.column.inline || !entry.column.node) {
      const node = entry.column.via ?? assembler.element;
      const group = shared.get(node.id);
      if (group) group.entries.push(entry);
      else shared.set(node.id, { node, entries: [entry] });
      continue;
    }
    const key = `${entry.column.node.id}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const fix = replaceFix(context, assembler, entry);
    context.report({ node: entry.column.node, message: rawMessage([entry], when), fixes: fix ? [fix] : [] });
  }
  for (const { node, entries } of shared.values()) {
    const key = `shared:${node.id}`;
    if (reported.has(key)) continue;
    reported.add(key);
    context.report({ node, message: rawMessage(entries, when) });
  }
}

/**
 * When the string column makes the pipeline fail: Pipeline.fit() applies the assembler when
 * an estimator comes after it; otherwise it first runs in PipelineModel.transform().
 */
function failsWhen(pipeline: SparkPipeline, assembler: PipelineStage): string {
  const later = pipeline.stages.slice(assembler.index + 1);
  if (later.some((stage) => stage.sparkClass?.estimator === true)) return 'the pipeline fails at fit()';
  if (later.length === 0 || later.every((stage) => stage.sparkClass?.estimator === false)) return 'the fitted pipeline fails at transform()';
  return 'the pipeline fails when the assembler runs';
}

function rawColumn(pipeline: SparkPipeline, column: ColumnRef): RawColumn | undefined {
  for (const indexer of pipeline.stages) {
    if (indexer.role !== 'stringIndexer' || !indexer.inputs.known) continue;
    const position = indexer.inputs.columns.findIndex((input) => input.name === column.name);
    if (position < 0) continue;
    const outputs = indexer.outputs.known && indexer.outputs.columns.length === indexer.inputs.columns.length ? indexer.outputs.columns : undefined;
    const indexOutput = outputs?.[position].name;
    return { column, indexer, replacement: indexOutput === undefined ? undefined : replacementFor(pipeline, indexer, indexOutput) };
  }
  return undefined;
}

/** The encoder's output for the indexed column, or the index itself when no encoder reads it. */
function replacementFor(pipeline: SparkPipeline, indexer: PipelineStage, indexOutput: string): RawColumn['replacement'] {
  const encoder = pipeline.stages.find(
    (stage) => stage.role === 'oneHotEncoder' && (!stage.inputs.known || stage.inputs.columns.some((input) => input.name === indexOutput)),
  );
  if (!encoder) return { name: indexOutput, producer: indexer, encoded: false };
  if (!encoder.inputs.known || !encoder.outputs.known || encoder.outputs.columns.length !== encoder.inputs.columns.length) return undefined;
  const position = encoder.inputs.columns.findIndex((input) => input.name === indexOutput);
  return { name: encoder.outputs.columns[position].name, producer: encoder, encoded: true };
}

function rawMessage(columns: RawColumn[], when: string): string {
  const names = columns.map((entry) => `"${entry.column.name}"`).join(', ');
  const one = columns.length === 1;
  const subject = `VectorAssembler is fed ${names}, the raw column${one ? '' : 's'} a StringIndexer in this pipeline indexes`;
  const fact = `VectorAssembler takes numeric, boolean and vector columns only, so on a string column ${when}`;
  const replacements = columns.map((entry) => entry.replacement);
  if (replacements.some((replacement) => !replacement)) return `${subject}: ${fact}; assemble the indexed or encoded column instead`;
  const known = replacements.filter((replacement): replacement is NonNullable<RawColumn['replacement']> => !!replacement);
  const instead = known.map((replacement) => `"${replacement.name}"`).join(', ');
  const what = known.every((replacement) => replacement.encoded)
    ? 'the one-hot encoded'
    : known.every((replacement) => !replacement.encoded)
      ? "the StringIndexer's output"
      : 'the indexed/encoded';
  return `${subject}: ${fact}; assemble ${what} ${instead} instead`;
}

function replaceFix(context: RuleContext, assembler: PipelineStage, entry: RawColumn): Fix | undefined {
  const { column, indexer, replacement } = entry;
  const literal = column.node;
  if (!replacement || !literal || !assembler.inputs.known || assembler.generated) return undefined;
  // The replacement must exist when the assembler runs.
  if (indexer.index > assembler.index || replacement.producer.index > assembler.index) return undefined;
  if (assembler.inputs.columns.some((other) => other.name === replacement.name)) {
    const list = literal.parent;
    if (list?.type !== 'list' && list?.type !== 'tuple') return undefined;
    return {
      title: `Remove the raw column "${column.name}" ("${replacement.name}" is already assembled)`,
      safety: 'safe',
      edits: [removeItem(context.document, list, literal)],
    };
  }
  return {
    title: `Assemble "${replacement.name}" instead of the raw column "${column.name}"`,
    safety: 'safe',
    edits: [replaceNode(literal, pythonString(replacement.name, literal))],
  };
}
