import type { Node } from 'web-tree-sitter';
import { field, unparenthesize } from '../engine/syntax';
import type { SemanticModel } from './semanticModel';
/**
 * What the Spark ML classes do with columns, as far as the pipeline rules (MLT1xx) need to
 * know: which stages read the `featuresCol` vector, which write vectors or numbers that a
 * VectorAssembler can take, and which ones this layer does not model at all.
 */

export type StageRole =
  /** Classifiers, regressors and clusterers: read one vector column, `featuresCol`. */
  | 'predictor'
  | 'vectorAssembler'
  /** Writes `featuresCol` (default "features") and `labelCol` from a formula. */
  | 'rFormula'
  | 'stringIndexer'
  | 'oneHotEncoder'
  /** Another pyspark.ml.feature stage with inputCol(s) / outputCol(s). */
  | 'featureTransformer'
  /** VectorSizeHint: checks a column and adds none. */
  | 'sizeHint'
  /** A Spark ML class whose columns are not modelled (SQLTransformer, a nested Pipeline, ALS...). */
  | 'opaque';

/** What a stage writes: VectorAssembler takes vectors and numbers, not strings or arrays. */
export type OutputKind = 'vector' | 'numeric' | 'other';

export interface SparkMlClass {
  qualifiedName: string;
  /** `LogisticRegression` */
  name: string;
  /** `pyspark.ml.classification` */
  module: string;
  role: StageRole;
  output: OutputKind;
  /**
   * An Estimator (fit() learns from the data, so a Pipeline fits and applies it during its own
   * fit()), a plain Transformer, or undefined when this layer does not know.
   */
  estimator?: boolean;
}

const PREDICTOR_MODULES = ['pyspark.ml.classification', 'pyspark.ml.regression', 'pyspark.ml.clustering'];

/** Public classes of the predictor modules that are not estimators reading featuresCol. */
const NOT_PREDICTORS = /(?:Model|Summary|Params|Base)$|^PowerIterationClustering$|^_/;

const FEATURE_CLASSES: Record<string, { role: StageRole; output: OutputKind }> = {
  VectorAssembler: { role: 'vectorAssembler', output: 'vector' },
  RFormula: { role: 'rFormula', output: 'vector' },
  StringIndexer: { role: 'stringIndexer', output: 'numeric' },
  OneHotEncoder: { role: 'oneHotEncoder', output: 'vector' },
  // Spark 2.3-2.4 name of the multi-column encoder.
  OneHotEncoderEstimator: { role: 'oneHotEncoder', output: 'vector' },
  VectorSizeHint: { role: 'sizeHint', output: 'vector' },
  SQLTransformer: { role: 'opaque', output: 'other' },
};

const VECTOR_FEATURE_STAGES = [
  'StandardScaler',
  'MinMaxScaler',
  'MaxAbsScaler',
  'RobustScaler',
  'Normalizer',
  'PCA',
  'VectorIndexer',
  'VectorSlicer',
  'HashingTF',
  'CountVectorizer',
  'IDF',
  'Word2Vec',
  'ChiSqSelector',
  'UnivariateFeatureSelector',
  'VarianceThresholdSelector',
  'PolynomialExpansion',
  'ElementwiseProduct',
  'DCT',
  'FeatureHasher',
  'Interaction',
];
const NUMERIC_FEATURE_STAGES = ['Bucketizer', 'QuantileDiscretizer', 'Imputer', 'Binarizer', 'TargetEncoder'];
/** Known column-to-column stages whose output a VectorAssembler cannot take (strings, arrays). */
const OTHER_FEATURE_STAGES = [
  'Tokenizer',
  'RegexTokenizer',
  'StopWordsRemover',
  'NGram',
  'IndexToString',
  'BucketedRandomProjectionLSH',
  'MinHashLSH',
];
/** pyspark.ml.feature classes that are Estimators; the other known feature classes are Transformers. */
const FEATURE_ESTIMATORS = new Set([
  'RFormula', 'StringIndexer', 'OneHotEncoder', 'OneHotEncoderEstimator', 'StandardScaler', 'MinMaxScaler', 'MaxAbsScaler',
  'RobustScaler', 'PCA', 'VectorIndexer', 'CountVectorizer', 'IDF', 'Word2Vec', 'ChiSqSelector', 'UnivariateFeatureSelector',
  'VarianceThresholdSelector', 'QuantileDiscretizer', 'Imputer', 'TargetEncoder', 'BucketedRandomProjectionLSH', 'MinHashLSH',
]);

for (const name of VECTOR_FEATURE_STAGES) FEATURE_CLASSES[name] = { role: 'featureTransformer', output: 'vector' };
for (const name of NUMERIC_FEATURE_STAGES) FEATURE_CLASSES[name] = { role: 'featureTransformer', output: 'numeric' };
for (const name of OTHER_FEATURE_STAGES) FEATURE_CLASSES[name] = { role: 'featureTransformer', output: 'other' };

/** A class under `pyspark.ml.`, classified; undefined for anything else (scikit-learn, xgboost.spark, local classes). */
export function sparkMlClass(qualifiedName: string | undefined): SparkMlClass | undefined {
  if (!qualifiedName || !qualifiedName.startsWith('pyspark.ml.')) return undefined;
  const dot = qualifiedName.lastIndexOf('.');
  const module = qualifiedName.slice(0, dot);
  const name = qualifiedName.slice(dot + 1);
  if (!/^[A-Z]/.test(name)) return undefined;
  let role: StageRole = 'opaque';
  let output: OutputKind = 'other';
  let estimator: boolean | undefined;
  if (PREDICTOR_MODULES.includes(module) && !NOT_PREDICTORS.test(name)) {
    role = 'predictor';
    output = 'numeric';
    estimator = true;
  } else if (module === 'pyspark.ml.feature' && FEATURE_CLASSES[name]) {
    ({ role, output } = FEATURE_CLASSES[name]);
    estimator = FEATURE_ESTIMATORS.has(name);
  } else if (isTuner({ module, name })) {
    estimator = true;
  }
  return { qualifiedName, name, module, role, output, ...(estimator === undefined ? {} : { estimator }) };
}

/** CrossValidator / TrainValidationSplit of pyspark.ml.tuning (or its Spark Connect twin): estimators that fit another estimator. */
export function isTuner(sparkClass: Pick<SparkMlClass, 'module' | 'name'>): boolean {
  return /^pyspark\.ml(?:\.connect)?\.tuning$/.test(sparkClass.module) && /^(?:CrossValidator|TrainValidationSplit)$/.test(sparkClass.name);
}

/**
 * Where a qualified name under `pyspark.ml.` can come from, for trigger conditions: an import or a
 * path that writes `pyspark.ml` (`from pyspark.ml.feature import *`, `import pyspark.ml.feature as
 * F`, `pyspark.ml.Pipeline(...)` after `import pyspark`), `from pyspark import ml`, or pyspark
 * imported under another name (`import pyspark as ps`, then `ps.ml.Pipeline`). A program without
 * one of these names no Spark ML class: resolveQualifiedName reads only imports (and the modules
 * a star import names), and the program holds the code `%run` brings in. A file that imports
 * only `pyspark.sql` and calls scikit-learn's `Pipeline(...).fit(...)` is not parsed for the
 * Spark ML pipeline rules.
 */
export const SPARK_ML_IMPORT_TEXT = /\bpyspark\s*\.\s*ml\b|\bfrom\s+pyspark\s+import\b|\bpyspark\s+as\b/;

/** `pyspark.ml.Pipeline`, `pyspark.ml.pipeline.Pipeline`, `pyspark.ml.connect.pipeline.Pipeline`. */
export function isPipelineClass(qualifiedName: string | undefined): boolean {
  return !!qualifiedName && /^pyspark\.ml(?:\.\w+)*\.Pipeline$/.test(qualifiedName);
}

/**
 * The Spark ML class an object expression builds, and its constructor call: through names and
 * chained setters (`CrossValidator(...).setNumFolds(5)`, `.copy()`) to the constructor.
 */
export function constructedSparkMlClass(model: SemanticModel, expression: Node): { sparkClass: SparkMlClass; call: Node } | undefined {
  let current = model.resolveValue(expression);
  for (let depth = 0; depth < 16 && current.type === 'call'; depth++) {
    const callee = unparenthesize(field(current, 'function') ?? current);
    const method = callee.type === 'attribute' ? field(callee, 'attribute')?.text : undefined;
    const object = callee.type === 'attribute' ? field(callee, 'object') : undefined;
    if (method && object && /^(?:set[A-Z]\w*|copy)$/.test(method)) {
      current = model.resolveValue(object);
      continue;
    }
    const sparkClass = sparkMlClass(model.resolveQualifiedName(callee));
    return sparkClass ? { sparkClass, call: current } : undefined;
  }
  return undefined;
}
