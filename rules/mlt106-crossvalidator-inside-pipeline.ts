import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from './engine/types';
import type { SemanticModel } from './semantic/semanticModel';
import { constructedSparkMlClass, isTuner, sparkMlClass } from './semantic/sparkMlClasses';
import { type ColumnSet, type PipelineStage, type SparkPipeline, sparkPipelines } from './semantic/sparkPipelines';
import { keywordArgument } from './semantic/calls';
import { stringValue } from './semantic/values';

/** How deep nested pipelines (`Pipeline(stages=[prep_pipeline, cv])`) are followed. */
const MAX_NESTING = 3;

/**
 * Whether a pyspark.ml.feature class learns from the rows it is fit on. The LSH estimators
 * only draw random hash functions for the input's dimension: nothing of the rows leaks.
 */
function learnsFromData(name: string): boolean {
  if (/LSH$/.test(name)) return false;
  return sparkMlClass(`pyspark.ml.feature.${name}`)?.estimator === true;
}

/** A data-learning feature stage: its class name and, where it is written in this pipeline, what it writes. */
interface LearningStage {
  name: string;
  outputs?: ColumnSet;
}

/** The data-learning feature stages a stage stands for (for a nested pipeline, those inside it). */
function learningStages(model: SemanticModel, pipelines: readonly SparkPipeline[], stage: PipelineStage, depth: number): LearningStage[] {
  const sparkClass = stage.sparkClass;
  if (sparkClass?.module === 'pyspark.ml.feature') {
    // A name bound in if/else arms stands for each of them ("StandardScaler or MinMaxScaler"): all must learn.
    const names = sparkClass.name.split(' or ');
    return names.every(learnsFromData) ? [{ name: sparkClass.name, outputs: stage.outputs }] : [];
  }
  if (depth >= MAX_NESTING) return [];
  const value = model.resolveValue(stage.element);
  const inner = pipelines.find((pipeline) => pipeline.call.id === value.id);
  if (!inner) return [];
  return inner.stages.flatMap((innerStage) => learningStages(model, pipelines, innerStage, depth + 1));
}

/** Spark ML's tree models: a split compares one feature with a threshold, so a per-feature scale and shift changes none of them. */
const TREE_MODELS = /^(?:DecisionTree|RandomForest|GBT)(?:Classifier|Regressor)$/;
/** Scalers that move and stretch each feature by constants (a positive scale): what a tree model cannot see. */
const PER_FEATURE_SCALERS = new Set(['StandardScaler', 'MinMaxScaler', 'MaxAbsScaler', 'RobustScaler']);

/**
 * The stages that can make the tuner's metrics optimistic, given the estimator it tunes:
 * scalers before a tree model change no split, and a StringIndexer that only writes the
 * label column the estimator reads maps label values to indices (it learns nothing about the
 * features the model is scored on).
 */
function leakingStages(model: SemanticModel, tunerCall: Node, learned: readonly LearningStage[]): LearningStage[] {
  const tuned = constructedSparkMlClass(model, keywordArgument(tunerCall, 'estimator') ?? tunerCall);
  const tunedName = tuned && tuned.call.id !== tunerCall.id ? tuned.sparkClass.name : undefined;
  // Spark's default label column is "label"; one written but not as a literal is unknown, and so
  // is any where the file calls setLabelCol (constructedSparkMlClass reads through setters).
  const writtenLabel = tunedName ? keywordArgument(tuned!.call, 'labelCol') : undefined;
  const labelCol = !tunedName || model.callsNamed('setLabelCol').length > 0 ? undefined : writtenLabel ? stringValue(model, writtenLabel) : 'label';
  // `estimator=Pipeline(stages=[DecisionTreeClassifier()])`: a pipeline of tree models only is a tree model too.
  const treesOnly = !!tuned && tunedName === 'Pipeline' && pipelineOfTreesOnly(model, tuned.call);
  return learned.filter((stage) => {
    if (((tunedName && TREE_MODELS.test(tunedName)) || treesOnly) && PER_FEATURE_SCALERS.has(stage.name)) return false;
    const writesOnlyLabel = labelCol !== undefined && stage.outputs?.known === true && stage.outputs.columns.length === 1 && stage.outputs.columns[0].name === labelCol;
    return !(stage.name === 'StringIndexer' && writesOnlyLabel);
  });
}

/** Whether the Pipeline made by `call` stages tree models only (every stage known). */
function pipelineOfTreesOnly(model: SemanticModel, call: Node): boolean {
  // `inner.setStages([...])` may give it other stages before the fit.
  if (model.callsNamed('setStages').some((site) => !!site.receiver && model.resolveValue(site.receiver).id === call.id)) return false;
  const pipeline = sparkPipelines(model).find((candidate) => candidate.call.id === call.id);
  if (!pipeline?.complete || pipeline.stages.length === 0) return false;
  return pipeline.stages.every((stage) => {
    const made = constructedSparkMlClass(model, stage.element);
    return !!made && TREE_MODELS.test(made.sparkClass.name);
  });
}

function nameList(names: readonly string[]): string {
  const unique = [...new Set(names)];
  const shown = unique.length > 4 ? [...unique.slice(0, 3), `${unique.length - 3} more`] : unique;
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

function check(context: RuleContext): void {
  const { model } = context;
  const pipelines = sparkPipelines(model);
  const reported = new Set<number>();
  for (const pipeline of pipelines) {
    const learned: LearningStage[] = [];
    for (const stage of pipeline.stages) {
      const tuner = constructedSparkMlClass(model, stage.element);
      if (tuner && isTuner(tuner.sparkClass)) {
        const leaking = leakingStages(model, tuner.call, learned);
        if (leaking.length > 0 && !reported.has(stage.element.id)) {
          reported.add(stage.element.id);
          report(context, stage.element, tuner.sparkClass.name, leaking.map((learning) => learning.name));
        }
        continue;
      }
      learned.push(...learningStages(model, pipelines, stage, 0));
    }
  }
}

function report(context: RuleContext, element: Node, tuner: string, learned: readonly string[]): void {
  // Several stages of one class (a comprehension of StringIndexers) are named once, as stages.
  const what = learned.length === 1 ? `${nameList(learned)}, which learns` : new Set(learned).size === 1 ? `${learned[0]} stages, which learn` : `${nameList(learned)}, which learn`;
  const split = tuner === 'CrossValidator' ? 'splits its folds' : 'splits off its validation set';
  context.report({
    node: element,
    message:
      `${tuner} is a pipeline stage after ${what} from the data: Pipeline.fit() fits ${learned.length === 1 ? 'it' : 'them'} once on all the rows it is given before ` +
      `${tuner} ${split}, so the validation rows were already seen and the tuning metrics can be optimistic — put the Pipeline inside the ${tuner} (${tuner}(estimator=pipeline, ...))`,
    fixes: [],
  });
}

export const mlt106CrossvalidatorInsidePipeline: Rule = {
  meta: {
    id: 'MLT106',
    name: 'crossvalidator-inside-pipeline',
    severity: 'information',
    area: 'Spark ML pipelines',
    domain: 'Model Development',
    title: 'CrossValidator / TrainValidationSplit staged after feature stages that learn from the data',
  },
  docs: {
    trap:
      'A CrossValidator (or TrainValidationSplit) placed as the last stage of a Pipeline, after feature stages that are estimators ' +
      '(StringIndexer, OneHotEncoder, Imputer, a scaler, ...), so those stages are fit once on all rows before the folds are split.',
    reality:
      'Pipeline.fit() runs its stages in order: each estimator stage is fit on the whole DataFrame the pipeline receives, and its model transforms ' +
      'that DataFrame for the next stage. A tuner staged after them therefore splits rows that the feature stages have already learned from. ' +
      'StringIndexer (label order by frequency), OneHotEncoder (category count), Imputer (means / medians), StandardScaler / MinMaxScaler / MaxAbsScaler / ' +
      'RobustScaler (statistics), CountVectorizer (vocabulary), IDF (document frequencies), PCA, VectorIndexer, QuantileDiscretizer (split points), ' +
      'Word2Vec, TargetEncoder, the feature selectors and RFormula all learn from the data they are fit on. Fit before the split, they have seen every ' +
      'validation fold, and the cross-validated metrics can be optimistic. `CrossValidator(estimator=Pipeline(stages=[...]))` refits every stage on ' +
      'the training part of each fold: slower, honest. Pure transformers (VectorAssembler, Tokenizer, HashingTF, SQLTransformer, Bucketizer, ' +
      'StopWordsRemover, Interaction, Normalizer, ...) learn nothing and may stay in front of the tuner. The LSH estimators (MinHashLSH, ' +
      'BucketedRandomProjectionLSH) only draw random hash functions and are not counted. Nor are a scaler in front of a tuned tree model (DecisionTree, RandomForest, GBT, also as a tuned Pipeline of tree models only: a split compares one feature with a threshold, and a scale and shift per feature changes none), or a StringIndexer that only writes the label column the tuned estimator reads (it maps label values to indices and learns nothing about the features). A nested Pipeline staged before the tuner counts with ' +
      'the stages it holds.',
    example: [
      'from pyspark.ml import Pipeline',
      'from pyspark.ml.classification import LogisticRegression',
      'from pyspark.ml.evaluation import BinaryClassificationEvaluator',
      'from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler',
      'from pyspark.ml.tuning import CrossValidator, ParamGridBuilder',
      '',
      'indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")',
      'encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")',
      'assembler = VectorAssembler(inputCols=["tenure", "plan_vec"], outputCol="features")',
      'lr = LogisticRegression(labelCol="churned")',
      'grid = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1]).build()',
      'cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=BinaryClassificationEvaluator(labelCol="churned"), numFolds=3)',
      '# the indexer and the encoder are fit on every row before the folds are split',
      'pipeline = Pipeline(stages=[indexer, encoder, assembler, cv])',
      'model = pipeline.fit(train_df)',
    ].join('\n'),
    useInstead: [
      'pipeline = Pipeline(stages=[indexer, encoder, assembler, lr])',
      '# every stage is refit on the training part of each fold',
      'cv = CrossValidator(estimator=pipeline, estimatorParamMaps=grid, evaluator=evaluator, numFolds=3)',
      'cv_model = cv.fit(train_df)',
      '',
    ].join('\n'),
    fix: 'None: moving the stages into the CrossValidator changes the fitted model\'s shape (a CrossValidatorModel around a PipelineModel), so the hover shows the Pipeline-inside-CrossValidator form instead.',
    examFact:
      '"Pipeline in the CrossValidator, or CrossValidator in the Pipeline?" With feature stages that learn from data, put the Pipeline inside the CrossValidator.',
    references: [
      { title: 'Spark MLlib guide: ML Pipelines (how Pipeline.fit runs Estimator and Transformer stages)', url: 'https://spark.apache.org/docs/latest/ml-pipeline.html' },
      { title: 'Spark MLlib guide: ML Tuning (CrossValidator, TrainValidationSplit)', url: 'https://spark.apache.org/docs/latest/ml-tuning.html' },
      { title: 'Spark MLlib guide: Extracting, transforming and selecting features', url: 'https://spark.apache.org/docs/latest/ml-features.html' },
    ],
  },
  triggers: ['CrossValidator', 'TrainValidationSplit'],
  alsoNeeds: ['Pipeline', 'setStages'],
  check,
};
