import type { Node } from 'web-tree-sitter';
import { ensureImported, pythonString } from './engine/fixBuilders';
import type { Fix, Rule, RuleContext } from './engine/types';
import { codeChildren } from './engine/syntax';
import { keywordArgument } from './semantic/calls';
import type { SemanticModel } from './semantic/semanticModel';
import { lacksVectorColumn } from './semantic/dataFrameOrigins';
import { bareEstimatorFits, type ColumnSet, fitDataMayHaveColumn, stageWritesColumnInOtherCase, type PipelineStage, pipelineFitDatasets, readsVectorFeatures, SPARK_ML_IMPORT_TEXT, type SparkPipeline, sparkPipelines, writesColumn } from './semantic/sparkPipelines';
import { insertStageBefore, moveItemsBefore } from './semantic/stageListEdits';
import { literalString, stringValue } from './semantic/values';

const PLACEHOLDER = '<feature columns>';

export const mlt101MissingVectorAssembler: Rule = {
  meta: {
    id: 'MLT101',
    name: 'missing-vector-assembler',
    severity: 'error',
    area: 'Spark ML pipelines',
    domain: 'Model Development',
    title: 'Spark ML estimator without a VectorAssembler producing its features column',
  },
  docs: {
    trap: 'Feature columns go straight into a Spark ML estimator, with no VectorAssembler in the pipeline.',
    reality:
      'Spark ML estimators read exactly one Vector column (`featuresCol`, default "features"); without a VectorAssembler ' +
      '(or RFormula, or another stage that writes that vector column) the pipeline fails at `fit()` with a schema error, ' +
      'not when it is defined. A pipeline of the estimator alone builds no feature, so its data may hold the vector ' +
      'already: mltraps reports it only when the file fits it on data shown to lack the column (a CSV or text read, a ' +
      'JSON read without a schema, rows written in the code, columns selected by name, and such data passed through a fitted StringIndexer or another feature transformer that writes no vector, or narrowed to its own columns with `select([c for c in df.columns if ...])`), and stays silent on a table, Parquet or Delta read, a ' +
      'SQL query, a DataFrame passed into a function, or no fit in the file. A predictor fitted on its own, without a Pipeline (`lr.fit(df)`), is ' +
      'read the same way: reported when the data it is fitted on is shown to lack its vector column and nothing builds it. ' +
      'A stage before the estimator that reads a vector no stage wrote (`VectorIndexer(inputCol="gender_vec")`, a scaler of ' +
      '"raw") shows that the data holds vectors assembled before the pipeline: unless the data is shown to lack the column, ' +
      'the message says that fit() fails only if the data does not already hold it; and a vector stage that reads the ' +
      'features column itself (`StandardScaler(inputCol="features")`) shows the data holds it: not reported, unless the data ' +
      'is shown to lack it (then with no fix: that stage fails first).',
    example: [
      'from pyspark.ml import Pipeline',
      'from pyspark.ml.classification import LogisticRegression',
      'from pyspark.ml.feature import OneHotEncoder, StringIndexer',
      '',
      'indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")',
      'encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")',
      'lr = LogisticRegression(labelCol="churned")  # reads "features": nobody writes it',
      'pipeline = Pipeline(stages=[indexer, encoder, lr])',
      '',
    ].join('\n'),
    useInstead: [
      'indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")',
      'encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")',
      'assembler = VectorAssembler(inputCols=["plan_vec", "tenure"], outputCol="features")',
      'lr = LogisticRegression(labelCol="churned")',
      'pipeline = Pipeline(stages=[indexer, encoder, assembler, lr])',
      '',
    ].join('\n'),
    fix:
      'Inserts `VectorAssembler(inputCols=[...], outputCol="<featuresCol>")` just before the estimator, assembling the ' +
      'outputs of the earlier feature stages that no other stage consumes (the encoder\'s vector, not the index it ' +
      'encoded) and the estimator does not read as its label, weight or censor column (an indexed label would leak into the features), and adds the import. When a later stage ' +
      'already writes the features column, moves that stage before the estimator instead.',
    fixSafety:
      'Safe when every input column is known from the earlier stages; otherwise the fix inserts a "<feature columns>" ' +
      'placeholder, says so in its title and is unsafe. Unsafe too where an earlier stage reads a vector made before the ' +
      'pipeline: the data may hold the features column already, and an assembler writing it raises ("Output column ... ' +
      'already exists"). Raw numeric columns of the DataFrame are not known to the ' +
      'linter: add them to inputCols yourself.',
    examFact: 'Spark ML estimators read one Vector column (featuresCol); a VectorAssembler (or RFormula) must build it before the estimator, and vector stages such as StandardScaler or PCA come after the assembler.',
    references: [
      { title: 'Spark MLlib guide: VectorAssembler (Extracting, transforming and selecting features)', url: 'https://spark.apache.org/docs/latest/ml-features.html#vectorassembler' },
      { title: 'Spark MLlib guide: ML Pipelines', url: 'https://spark.apache.org/docs/latest/ml-pipeline.html' },
      { title: 'PySpark API: pyspark.ml.feature.VectorAssembler', url: 'https://spark.apache.org/docs/latest/api/python/reference/api/pyspark.ml.feature.VectorAssembler.html' },
    ],
  },
  // A pipeline is built with `Pipeline` (any alias is imported under that name) or `setStages`;
  // a predictor fitted on its own is fitted with `.fit(`.
  triggers: ['Pipeline', 'setStages', '.fit('],
  // sparkPipelines resolves Pipeline to pyspark.ml through an import (sklearn's Pipeline is not one).
  alsoNeeds: [SPARK_ML_IMPORT_TEXT],
  check(context) {
    const { model } = context;
    const reported = new Set<number>();
    for (const pipeline of sparkPipelines(model)) {
      // A pipeline staged in another one reads what the outer stages before it wrote.
      if (!pipeline.complete || pipeline.nested) continue;
      for (const stage of pipeline.stages) {
        if (reported.has(stage.element.id)) continue;
        const estimator = estimatorMissingItsVector(model, pipeline, stage);
        if (!estimator) continue;
        reported.add(stage.element.id);
        reportStage(context, pipeline, estimator);
      }
    }
    // A predictor fitted on its own: read as a pipeline of that one stage.
    for (const fitted of bareEstimatorFits(model)) {
      const estimator = estimatorMissingItsVector(model, fitted, fitted.stages[0]);
      if (!estimator || reported.has(estimator.stage.element.id) || stageWritesColumnInOtherCase(model, estimator.featuresCol)) continue;
      reported.add(estimator.stage.element.id);
      context.report({
        node: estimator.stage.element,
        message: `${estimator.name} reads the vector column "${estimator.featuresCol}", but the data it is fitted on has no such column and nothing builds it: fit() fails; assemble the feature columns into "${estimator.featuresCol}" with a VectorAssembler first`,
      });
    }
  },
};

/** An estimator stage, with its class name and literal featuresCol. */
interface Estimator {
  stage: PipelineStage;
  name: string;
  featuresCol: string;
  /**
   * An earlier stage that reads a vector no stage wrote (`VectorIndexer(inputCol="gender_vec")`),
   * where the data is not shown to lack the features column: the data holds vectors assembled
   * before the pipeline, and may hold this one too.
   */
  vectorFromData?: { stage: PipelineStage; column: string };
  /** A stage before it reads the features column too, on data without it: that stage fails first, and an assembler before the estimator would not help. */
  featuresReadBefore?: boolean;
}

/** The stage as an estimator whose features column no earlier stage writes, or undefined. */
function estimatorMissingItsVector(model: SemanticModel, pipeline: SparkPipeline, stage: PipelineStage): Estimator | undefined {
  const featuresCol = stage.featuresCol?.name;
  if (stage.role !== 'predictor' || featuresCol === undefined || !stage.sparkClass) return undefined;
  if (!readsVectorFeatures(stage)) return undefined;
  const earlier = pipeline.stages.slice(0, stage.index);
  // Any earlier stage that writes the column, or might: not this trap.
  if (earlier.some((candidate) => writesColumn(candidate, featuresCol) !== false)) return undefined;
  // An assembler writing another name is MLT104's features-column mismatch.
  if (earlier.some((candidate) => candidate.role === 'vectorAssembler' || candidate.role === 'rFormula')) return undefined;
  if (readsLibsvm(model) || fitDataMayHaveColumn(model, pipeline, featuresCol)) return undefined;
  // The estimator first, and no stage after it makes the column either: the pipeline builds no
  // feature at all, so it may well be fit on data assembled before (a table or Parquet an ETL job wrote, a DataFrame passed in). Only a fit
  // on data shown to lack the column fails.
  if (earlier.length === 0 && !pipeline.stages.some((later) => later.index > stage.index && writesColumn(later, featuresCol) !== false)) {
    const datasets = pipelineFitDatasets(model, pipeline);
    if (datasets.length === 0 || !datasets.every((dataset) => lacksVectorColumn(model, dataset, featuresCol))) return undefined;
  }
  // A vector stage before it reads the features column itself (`StandardScaler(inputCol="features")`):
  // the data holds it, unless the file shows data without it (then that stage fails first).
  const readsFeaturesFromData = earlier.some(
    (candidate) => !!candidate.sparkClass && VECTOR_INPUT_STAGES.has(candidate.sparkClass.name) && candidate.inputs.known && candidate.inputs.columns.some((column) => column.name === featuresCol),
  );
  if (readsFeaturesFromData && !fitDataShownToLack(model, pipeline, featuresCol)) return undefined;
  if (readsFeaturesFromData) return { stage, name: stage.sparkClass.name, featuresCol, featuresReadBefore: true };
  const vectorFromData = earlier.map((candidate) => ({ stage: candidate, column: vectorMadeElsewhere(candidate, earlier) })).find((found) => found.column !== undefined);
  if (vectorFromData?.column !== undefined) {
    const datasets = pipelineFitDatasets(model, pipeline);
    if (datasets.length === 0 || !datasets.every((dataset) => lacksVectorColumn(model, dataset, featuresCol))) {
      return { stage, name: stage.sparkClass.name, featuresCol, vectorFromData: { stage: vectorFromData.stage, column: vectorFromData.column } };
    }
  }
  return { stage, name: stage.sparkClass.name, featuresCol };
}

/** Whether the file fits the pipeline only on data shown to lack the column. */
function fitDataShownToLack(model: SemanticModel, pipeline: SparkPipeline, column: string): boolean {
  const datasets = pipelineFitDatasets(model, pipeline);
  return datasets.length > 0 && datasets.every((dataset) => lacksVectorColumn(model, dataset, column));
}

/** Feature stages whose input column is a Vector (Spark's VectorUDT): scalers, selectors, PCA, VectorIndexer. */
const VECTOR_INPUT_STAGES = new Set([
  'StandardScaler', 'MinMaxScaler', 'MaxAbsScaler', 'RobustScaler', 'Normalizer', 'PCA', 'VectorIndexer', 'VectorSlicer',
  'ChiSqSelector', 'UnivariateFeatureSelector', 'VarianceThresholdSelector', 'PolynomialExpansion', 'ElementwiseProduct', 'DCT', 'IDF',
]);

/** The vector column `stage` reads that no stage before it in `earlier` writes (or may write), if any. */
function vectorMadeElsewhere(stage: PipelineStage, earlier: readonly PipelineStage[]): string | undefined {
  if (!stage.sparkClass || !VECTOR_INPUT_STAGES.has(stage.sparkClass.name) || !stage.inputs.known) return undefined;
  const before = earlier.slice(0, earlier.indexOf(stage));
  return stage.inputs.columns.find((column) => before.every((candidate) => writesColumn(candidate, column.name) === false))?.name;
}

const LIBSVM = /libsvm/i;

/** `spark.read.format("libsvm")` gives a "features" vector column. */
function readsLibsvm(model: SemanticModel): boolean {
  if (!model.document.textMatches(LIBSVM)) return false;
  const isLibsvm = (value: string | undefined) => value?.toLowerCase() === 'libsvm';
  return model.calls().some((site) => {
    if (site.name === 'loadLibSVMFile') return true;
    const format = keywordArgument(site, 'format') ?? keywordArgument(site, 'source');
    if (format && isLibsvm(stringValue(model, format))) return true;
    const first = site.arguments ? codeChildren(site.arguments)[0] : undefined;
    return site.name === 'format' && !!first && isLibsvm(literalString(first));
  });
}

function reportStage(context: RuleContext, pipeline: SparkPipeline, estimator: Estimator): void {
  const { stage, name, featuresCol } = estimator;
  const laterProducer = pipeline.stages.slice(stage.index + 1).find((candidate) => writesColumn(candidate, featuresCol) === true);
  if (laterProducer) {
    const producerName = laterProducer.sparkClass?.name ?? 'stage';
    const fix = moveProducerFix(context, pipeline, estimator, laterProducer);
    context.report({
      node: stage.element,
      message: `${name} reads the vector column "${featuresCol}", but the ${producerName} that produces it comes later in the stages: the pipeline fails at fit(); move it before ${name}`,
      fixes: fix ? [fix] : [],
    });
    return;
  }
  // The data may hold the column already: fit() fails only where it does not, and an assembler
  // writing it then raises ("Output column ... already exists").
  const fromData = estimator.vectorFromData;
  const consequence = fromData
    ? `the pipeline fails at fit() unless the data already holds "${featuresCol}" (its ${fromData.stage.sparkClass?.name ?? 'stage'} reads "${fromData.column}", a vector made before the pipeline)`
    : 'the pipeline fails at fit()';
  context.report({
    node: stage.element,
    message: `${name} reads the vector column "${featuresCol}", but no earlier stage produces it: ${consequence}; add a VectorAssembler`,
    fixes: stage.container && !stage.generated && !estimator.featuresReadBefore ? [insertAssemblerFix(context, pipeline, estimator, stage.container)] : [],
  });
}

function insertAssemblerFix(context: RuleContext, pipeline: SparkPipeline, estimator: Estimator, container: Node): Fix {
  const { document, model } = context;
  const { stage, name, featuresCol } = estimator;
  const inputs = assemblerInputs(pipeline.stages.slice(0, stage.index), stage.readsBesideFeatures);
  const { localName, edits } = ensureImported(model, 'pyspark.ml.feature', 'VectorAssembler', stage.element);
  const columnList = (inputs ?? [PLACEHOLDER]).map((column) => pythonString(column)).join(', ');
  const text = `${localName}(inputCols=[${columnList}], outputCol=${pythonString(featuresCol)})`;
  return {
    title: inputs
      ? `Insert a VectorAssembler of ${inputs.map((column) => `"${column}"`).join(', ')} into "${featuresCol}" before ${name}`
      : `Insert a VectorAssembler before ${name} (fill in the "${PLACEHOLDER}" placeholder)`,
    safety: inputs && !estimator.vectorFromData ? 'safe' : 'unsafe',
    edits: [...edits, insertStageBefore(document, container, text, stage.element)],
  };
}

/**
 * The columns a VectorAssembler should take: what the earlier feature stages write and no
 * other earlier stage consumes (the encoder's output, not the index it encoded), nor the
 * estimator reads as its label, weight or censor column (a label indexed by a StringIndexer
 * assembled into the features would leak it). Undefined when that is not known for sure.
 */
function assemblerInputs(earlier: readonly PipelineStage[], readsBesideFeatures: ColumnSet | undefined): string[] | undefined {
  if (!readsBesideFeatures?.known) return undefined;
  const consumed = new Set<string>(readsBesideFeatures.columns.map((column) => column.name));
  for (const stage of earlier) {
    if (!stage.inputs.known) return undefined;
    for (const column of stage.inputs.columns) consumed.add(column.name);
  }
  const columns: string[] = [];
  for (const stage of earlier) {
    if (!['stringIndexer', 'oneHotEncoder', 'featureTransformer', 'sizeHint'].includes(stage.role) || !stage.outputs.known) return undefined;
    for (const column of stage.outputs.columns) {
      if (consumed.has(column.name) || columns.includes(column.name)) continue;
      // Strings and arrays cannot be assembled: the user has to decide.
      if (stage.sparkClass?.output === 'other') return undefined;
      columns.push(column.name);
    }
  }
  return columns.length > 0 ? columns : undefined;
}

/** Move the stage that writes the features column before the estimator, when nothing it reads is written in between. */
function moveProducerFix(context: RuleContext, pipeline: SparkPipeline, estimator: Estimator, producer: PipelineStage): Fix | undefined {
  const { stage } = estimator;
  if (!stage.container || stage.generated || producer.generated || producer.container?.id !== stage.container.id || !producer.inputs.known) return undefined;
  const needed = producer.inputs.columns.map((column) => column.name);
  const between = pipeline.stages.slice(stage.index, producer.index);
  if (between.some((candidate) => !candidate.outputs.known || candidate.outputs.columns.some((column) => needed.includes(column.name)))) return undefined;
  const edits = moveItemsBefore(context.document, stage.container, [producer.element], stage.element);
  if (!edits) return undefined;
  const producerName = producer.sparkClass?.name ?? 'stage';
  return { title: `Move the ${producerName} before ${estimator.name}`, safety: 'safe', edits };
}
