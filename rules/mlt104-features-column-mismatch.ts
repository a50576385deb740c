import { addKeywordArgument, pythonString, replaceNode } from './engine/fixBuilders';
import type { Fix, Rule, RuleContext } from './engine/types';
import type { SemanticModel } from './semantic/semanticModel';
import { fitDataMayHaveColumn, type PipelineStage, readsVectorFeatures, type SparkPipeline, sparkPipelines, stageName, writesColumn } from './semantic/sparkPipelines';

export const mlt104FeaturesColumnMismatch: Rule = {
  meta: {
    id: 'MLT104',
    name: 'features-column-mismatch',
    severity: 'error',
    area: 'Spark ML pipelines',
    domain: 'Model Development',
    title: "VectorAssembler's outputCol differs from the next estimator's featuresCol",
  },
  docs: {
    trap: 'The assembler writes one column name and the estimator reads another (also an assembler given no `outputCol`: Spark names its output `<uid>__output`, such as `VectorAssembler_3f2a9c1d7b4e__output`, never "features").',
    reality:
      'The estimator reads `featuresCol` (default "features"); a VectorAssembler with a different outputCol leaves ' +
      'that column missing, and the pipeline fails at `fit()` because the column the estimator reads does not exist, ' +
      'not when it is defined. The same holds when the assembled vector goes through a scaler or PCA first: the ' +
      'estimator must read the column the last of them writes.',
    example: [
      'from pyspark.ml import Pipeline',
      'from pyspark.ml.classification import LogisticRegression',
      'from pyspark.ml.feature import VectorAssembler',
      '',
      'assembler = VectorAssembler(inputCols=["tenure", "monthly_charges"], outputCol="feature_vector")',
      'lr = LogisticRegression(labelCol="churned")  # reads "features"',
      'pipeline = Pipeline(stages=[assembler, lr])',
    ].join('\n'),
    useInstead: [
      'from pyspark.ml import Pipeline',
      'from pyspark.ml.classification import LogisticRegression',
      'from pyspark.ml.feature import VectorAssembler',
      '',
      'assembler = VectorAssembler(inputCols=["tenure", "monthly_charges"], outputCol="feature_vector")',
      'lr = LogisticRegression(labelCol="churned", featuresCol="feature_vector")',
      'pipeline = Pipeline(stages=[assembler, lr])',
    ].join('\n'),
    fix: "Sets the estimator's featuresCol to the assembler's outputCol: replaces the featuresCol literal, or adds `featuresCol=\"...\"` to the estimator's call. An assembler with no `outputCol` gets `outputCol=` the column the estimator reads instead.",
    fixSafety:
      'Safe: both names come from the pipeline. Not offered when the estimator is a stage of another pipeline too, or ' +
      'its featuresCol is written through a shared name.',
    examFact: 'The estimator reads `featuresCol` (default "features").',
    references: [
      { title: 'Spark MLlib guide: ML Pipelines', url: 'https://spark.apache.org/docs/latest/ml-pipeline.html' },
      { title: 'Spark MLlib guide: VectorAssembler (Extracting, transforming and selecting features)', url: 'https://spark.apache.org/docs/latest/ml-features.html#vectorassembler' },
      { title: 'PySpark API: pyspark.ml.feature.VectorAssembler', url: 'https://spark.apache.org/docs/latest/api/python/reference/api/pyspark.ml.feature.VectorAssembler.html' },
    ],
  },
  triggers: ['VectorAssembler'],
  // The stages are read from a Pipeline(...) or setStages(...) call.
  alsoNeeds: ['Pipeline', 'setStages'],
  check(context) {
    const reported = new Set<number>();
    const pipelines = sparkPipelines(context.model);
    for (const pipeline of pipelines) {
      // A pipeline staged in another one reads what the outer stages before it wrote.
      if (!pipeline.complete || pipeline.nested) continue;
      for (const assembler of pipeline.stages) {
        if (assembler.role !== 'vectorAssembler') continue;
        const mismatch = mismatchAfter(context.model, pipeline, assembler);
        if (!mismatch || reported.has(mismatch.estimator.element.id)) continue;
        reported.add(mismatch.estimator.element.id);
        reportMismatch(context, pipelines, mismatch);
      }
    }
  },
};

interface Mismatch {
  assembler: PipelineStage;
  /** The assembler sets no outputCol: it writes Spark's `<uid>__output`. */
  unnamed: boolean;
  estimator: PipelineStage;
  /** The column the assembled vector reaches the estimator under. */
  written: string;
  read: string;
  /** The last vector stage (a scaler, PCA) the assembled vector went through, when it did. */
  through?: PipelineStage;
}

/** The estimator after the assembler that reads another column than the assembler writes, with nothing else writing it. */
function mismatchAfter(model: SemanticModel, pipeline: SparkPipeline, assembler: PipelineStage): Mismatch | undefined {
  if (!assembler.outputs.known || assembler.outputs.columns.length !== 1) return undefined;
  const written = assembler.outputs.columns[0].name;
  const estimator = pipeline.stages.slice(assembler.index + 1).find((stage) => stage.role === 'predictor');
  const read = estimator?.featuresCol?.name;
  if (!estimator || read === undefined || read === written) return undefined;
  // A plain double column (IsotonicRegression) may come from the DataFrame.
  if (!readsVectorFeatures(estimator)) return undefined;
  const others = pipeline.stages.slice(0, estimator.index).filter((stage) => stage.index !== assembler.index);
  // Another stage writes (or may write) the column the estimator reads: it is not missing.
  if (others.some((stage) => writesColumn(stage, read) !== false)) return undefined;
  // The vector may go through vector stages (a scaler, then PCA) on its way: follow it to the
  // column it reaches the estimator under. A stage that reads it and writes anything else
  // (several columns, unknown ones, no vector) leaves the right column unknown.
  let reaching = written;
  let through: PipelineStage | undefined;
  for (const stage of pipeline.stages.slice(assembler.index + 1, estimator.index)) {
    if (!stage.inputs.known) return undefined;
    if (!stage.inputs.columns.some((column) => column.name === reaching)) continue;
    if (stage.inputs.columns.length !== 1 || !stage.outputs.known || stage.outputs.columns.length !== 1 || stage.sparkClass?.output !== 'vector') return undefined;
    reaching = stage.outputs.columns[0].name;
    through = stage;
  }
  if (reaching === read) return undefined;
  // The DataFrame may bring the column the estimator reads (assembled before the pipeline): then nothing fails.
  if (fitDataMayHaveColumn(model, pipeline, read)) return undefined;
  return { assembler, estimator, written: reaching, read, through, unnamed: !through && !!assembler.outputs.columns[0].uidDefault };
}

function reportMismatch(context: RuleContext, pipelines: SparkPipeline[], mismatch: Mismatch): void {
  const { estimator, written, read } = mismatch;
  const featuresCol = estimator.featuresCol;
  const name = stageName(estimator);
  const readText = featuresCol?.explicit ? `featuresCol "${read}"` : `featuresCol "${read}" (the default)`;
  const node = featuresCol?.explicit && featuresCol.inline && featuresCol.node ? featuresCol.node : estimator.element;
  const fix = mismatch.unnamed ? outputColFix(context, mismatch) : setFeaturesColFix(context, pipelines, mismatch);
  const writer = mismatch.through
    ? `the ${stageName(mismatch.through)} before it writes the assembled vector as "${written}"`
    : mismatch.unnamed
      ? 'the VectorAssembler before it sets no outputCol, so it writes a column named after its uid, such as "VectorAssembler_3f2a9c1d7b4e__output"'
      : `the VectorAssembler before it writes "${written}"`;
  context.report({
    node,
    message: `${name} reads ${readText}, but ${writer}: the pipeline fails at fit()`,
    fixes: fix ? [fix] : [],
  });
}

/** `VectorAssembler(inputCols=[...])` with no outputCol: name its output after what the estimator reads. */
function outputColFix(context: RuleContext, mismatch: Mismatch): Fix | undefined {
  const call = mismatch.assembler.constructorCall;
  if (!call || mismatch.assembler.generated) return undefined;
  const edit = addKeywordArgument(context.document, call, `outputCol=${pythonString(mismatch.read)}`);
  return edit ? { title: `Set the VectorAssembler's outputCol to "${mismatch.read}"`, safety: 'safe', edits: [edit] } : undefined;
}

function setFeaturesColFix(context: RuleContext, pipelines: SparkPipeline[], mismatch: Mismatch): Fix | undefined {
  const { estimator, written } = mismatch;
  const call = estimator.constructorCall;
  const featuresCol = estimator.featuresCol;
  // A stage written once in a comprehension is built once per value: not edited from one of them.
  if (!call || !featuresCol || estimator.generated) return undefined;
  // The same estimator object in another pipeline may read the right column there.
  const uses = pipelines.flatMap((pipeline) => pipeline.stages).filter((stage) => stage.constructorCall?.id === call.id);
  if (uses.some((stage) => stage.element.id !== estimator.element.id)) return undefined;
  const title = `Set the featuresCol of ${stageName(estimator)} to "${written}"`;
  if (featuresCol.explicit) {
    if (!featuresCol.inline || !featuresCol.node) return undefined;
    return { title, safety: 'safe', edits: [replaceNode(featuresCol.node, pythonString(written, featuresCol.node))] };
  }
  const edit = addKeywordArgument(context.document, call, `featuresCol=${pythonString(written)}`);
  return edit ? { title, safety: 'safe', edits: [edit] } : undefined;
}
