import type { Rule } from './engine/types';
import { mlt101MissingVectorAssembler } from './mlt101-missing-vector-assembler';
import { mlt102OnehotBeforeStringindexer } from './mlt102-onehot-before-stringindexer';
import { mlt103RawStringIntoAssembler } from './mlt103-raw-string-into-assembler';
import { mlt104FeaturesColumnMismatch } from './mlt104-features-column-mismatch';
import { mlt105CrossvalidatorModelCount } from './mlt105-crossvalidator-model-count';
import { mlt106CrossvalidatorInsidePipeline } from './mlt106-crossvalidator-inside-pipeline';
import { mlt107RandomSplitWithoutSeed } from './mlt107-random-split-without-seed';
import { mlt201MapinpandasPerGroupTraining } from './mlt201-mapinpandas-per-group-training';
import { mlt202TuningParallelismTooHigh } from './mlt202-tuning-parallelism-too-high';
import { mlt203MaximizedMetricMinimized } from './mlt203-maximized-metric-minimized';
import { mlt204OptunaWithoutMlflowCallback } from './mlt204-optuna-without-mlflow-callback';
import { mlt205SparkMlInSparktrials } from './mlt205-spark-ml-in-sparktrials';
import { mlt301NestedRunWithoutFlag } from './mlt301-nested-run-without-flag';
import { mlt302PyfuncUndeclaredDependencies } from './mlt302-pyfunc-undeclared-dependencies';
import { mlt303PyfuncLocalFile } from './mlt303-pyfunc-local-file';
import { mlt304RegisteredWithoutSignature } from './mlt304-registered-without-signature';
import { mlt305AutologAfterFit } from './mlt305-autolog-after-fit';
import { mlt306UcSignatureWithoutOutputs } from './mlt306-uc-signature-without-outputs';
import { mlt307ImportNameAsRequirement } from './mlt307-import-name-as-requirement';
import { mlt401LegacyStageTransition } from './mlt401-legacy-stage-transition';
import { mlt402StageModelUri } from './mlt402-stage-model-uri';
import { mlt403InvalidStageName } from './mlt403-invalid-stage-name';
import { mlt404ProductionWithoutArchive } from './mlt404-production-without-archive';
import { mlt405InvalidWebhookEvent } from './mlt405-invalid-webhook-event';
import { mlt406UcModelNameNotThreeLevel } from './mlt406-uc-model-name-not-three-level';
import { mlt407PromotionWithoutValidation } from './mlt407-promotion-without-validation';
import { mlt501PointInTimeLookupMissing } from './mlt501-point-in-time-lookup-missing';
import { mlt502InvalidFeatureWriteMode } from './mlt502-invalid-feature-write-mode';
import { mlt503ScoreBatchWithoutFeatureMetadata } from './mlt503-score-batch-without-feature-metadata';
import { mlt504TrainingSetWithoutFeatureLogging } from './mlt504-training-set-without-feature-logging';
import { mlt601TrafficSplitNot100 } from './mlt601-traffic-split-not-100';
import { mlt602RouteUnknownServedModel } from './mlt602-route-unknown-served-model';
import { mlt603BatchScoringThroughEndpoint } from './mlt603-batch-scoring-through-endpoint';
import { mlt604DriverSideBatchInference } from './mlt604-driver-side-batch-inference';
import { mlt605StreamWithoutCheckpoint } from './mlt605-stream-without-checkpoint';
import { mlt606StreamingAggregationWithoutWatermark } from './mlt606-streaming-aggregation-without-watermark';
import { mlt607ServingPayloadFormat } from './mlt607-serving-payload-format';
import { mlt608ZorderOnPartitionColumn } from './mlt608-zorder-on-partition-column';
import { mlt609BatchWriteOnStream } from './mlt609-batch-write-on-stream';
import { mlt701MetricAssertInUnitTest } from './mlt701-metric-assert-in-unit-test';
import { mlt702DriftTestMismatch } from './mlt702-drift-test-mismatch';
import { mlt703InferenceTableWrongMonitor } from './mlt703-inference-table-wrong-monitor';
import { mlt704HardcodedToken } from './mlt704-hardcoded-token';
import { mlt705NotebookTokenInAutomation } from './mlt705-notebook-token-in-automation';
import { mlt706MonitorWithoutRefresh } from './mlt706-monitor-without-refresh';

/** Every rule, in id order. Ids and names never change once shipped. */
export const allRules: readonly Rule[] = [
  mlt101MissingVectorAssembler,
  mlt102OnehotBeforeStringindexer,
  mlt103RawStringIntoAssembler,
  mlt104FeaturesColumnMismatch,
  mlt105CrossvalidatorModelCount,
  mlt106CrossvalidatorInsidePipeline,
  mlt107RandomSplitWithoutSeed,
  mlt201MapinpandasPerGroupTraining,
  mlt202TuningParallelismTooHigh,
  mlt203MaximizedMetricMinimized,
  mlt204OptunaWithoutMlflowCallback,
  mlt205SparkMlInSparktrials,
  mlt301NestedRunWithoutFlag,
  mlt302PyfuncUndeclaredDependencies,
  mlt303PyfuncLocalFile,
  mlt304RegisteredWithoutSignature,
  mlt305AutologAfterFit,
  mlt306UcSignatureWithoutOutputs,
  mlt307ImportNameAsRequirement,
  mlt401LegacyStageTransition,
  mlt402StageModelUri,
  mlt403InvalidStageName,
  mlt404ProductionWithoutArchive,
  mlt405InvalidWebhookEvent,
  mlt406UcModelNameNotThreeLevel,
  mlt407PromotionWithoutValidation,
  mlt501PointInTimeLookupMissing,
  mlt502InvalidFeatureWriteMode,
  mlt503ScoreBatchWithoutFeatureMetadata,
  mlt504TrainingSetWithoutFeatureLogging,
  mlt601TrafficSplitNot100,
  mlt602RouteUnknownServedModel,
  mlt603BatchScoringThroughEndpoint,
  mlt604DriverSideBatchInference,
  mlt605StreamWithoutCheckpoint,
  mlt606StreamingAggregationWithoutWatermark,
  mlt607ServingPayloadFormat,
  mlt608ZorderOnPartitionColumn,
  mlt609BatchWriteOnStream,
  mlt701MetricAssertInUnitTest,
  mlt702DriftTestMismatch,
  mlt703InferenceTableWrongMonitor,
  mlt704HardcodedToken,
  mlt705NotebookTokenInAutomation,
  mlt706MonitorWithoutRefresh,
];

export function findRule(idOrName: string): Rule | undefined {
  const key = idOrName.trim();
  return allRules.find((rule) => rule.meta.id === key.toUpperCase() || rule.meta.name === key);
}
