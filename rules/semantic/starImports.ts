import { importedPackage, isAlwaysInstalled } from './pythonPackages';

/**
 * Which module a name comes from when the code imports several modules with `*`
 * (`from pyspark.ml.feature import *` then `from pyspark.ml.regression import *`): Python takes
 * the name from the last star import whose module binds it, so the last one is not always
 * the answer. What each module binds is known for the modules whose star imports the rules
 * meet in practice; for the others it is unknown.
 */

/**
 * `pyspark.ml.feature`'s `__all__`, every name any Spark version from 2.3 to 4.0 lists there
 * (OneHotEncoderEstimator: 2.3-2.4; TargetEncoder: 4.0). Checked against apache/spark's
 * python/pyspark/ml/feature.py.
 */
const SPARK_ML_FEATURE_NAMES = new Set([
  'Binarizer', 'BucketedRandomProjectionLSH', 'BucketedRandomProjectionLSHModel', 'Bucketizer', 'ChiSqSelector', 'ChiSqSelectorModel',
  'CountVectorizer', 'CountVectorizerModel', 'DCT', 'ElementwiseProduct', 'FeatureHasher', 'HashingTF', 'IDF', 'IDFModel', 'Imputer',
  'ImputerModel', 'IndexToString', 'Interaction', 'MaxAbsScaler', 'MaxAbsScalerModel', 'MinHashLSH', 'MinHashLSHModel', 'MinMaxScaler',
  'MinMaxScalerModel', 'NGram', 'Normalizer', 'OneHotEncoder', 'OneHotEncoderModel', 'OneHotEncoderEstimator', 'PCA', 'PCAModel',
  'PolynomialExpansion', 'QuantileDiscretizer', 'RobustScaler', 'RobustScalerModel', 'RegexTokenizer', 'RFormula', 'RFormulaModel',
  'SQLTransformer', 'StandardScaler', 'StandardScalerModel', 'StopWordsRemover', 'StringIndexer', 'StringIndexerModel',
  'TargetEncoder', 'TargetEncoderModel', 'Tokenizer', 'UnivariateFeatureSelector', 'UnivariateFeatureSelectorModel',
  'VarianceThresholdSelector', 'VarianceThresholdSelectorModel', 'VectorAssembler', 'VectorIndexer', 'VectorIndexerModel',
  'VectorSizeHint', 'VectorSlicer', 'Word2Vec', 'Word2VecModel',
]);

/** Spark ML modules whose `__all__` lists only their own classes (capitalized): none of pyspark.ml.feature's. */
const SPARK_ML_CLASS_MODULES = new Set([
  'pyspark.ml.classification', 'pyspark.ml.regression', 'pyspark.ml.clustering', 'pyspark.ml.evaluation', 'pyspark.ml.tuning',
  'pyspark.ml.pipeline', 'pyspark.ml.recommendation', 'pyspark.ml.fpm',
]);

/**
 * Modules whose `__all__` lists only classes (capitalized names): `pyspark.sql.types` (its data
 * types, `Row`, `VariantVal`; checked against apache/spark's python/pyspark/sql/types.py) and
 * `pyspark.sql.window` (`Window`, `WindowSpec`). `from pyspark.sql.types import *` after
 * `from pyspark.sql.functions import *`, a common notebook header, leaves `window` and `col` the
 * functions'.
 */
const CLASS_ONLY_MODULES = new Set(['pyspark.sql.types', 'pyspark.sql.window']);

/** The names Databricks puts in a notebook's namespace: no library's star import binds them. */
const NOTEBOOK_GLOBAL_NAMES = new Set(['spark', 'sc', 'sqlContext', 'dbutils', 'display', 'displayHTML']);

/** Whether `from module import *` binds `name`: true or false where known, undefined where not. */
export function starImportBinds(module: string, name: string): boolean | undefined {
  if (module === 'pyspark.ml.feature') return SPARK_ML_FEATURE_NAMES.has(name);
  if (SPARK_ML_CLASS_MODULES.has(module)) {
    if (!/^[A-Z]/.test(name) || SPARK_ML_FEATURE_NAMES.has(name)) return false;
    return undefined;
  }
  if (CLASS_ONLY_MODULES.has(module) && !/^[A-Z]/.test(name)) return false;
  // `from pyspark.ml import *` also binds its submodules (`feature`, `tuning`...), not their classes.
  if (module === 'pyspark.ml' && SPARK_ML_FEATURE_NAMES.has(name)) return false;
  // A library's star import does not bind the names Databricks puts in a notebook: after
  // `from delta.tables import *`, `spark` is still the notebook's session. (A module of the
  // project may define its own `spark`.)
  if (NOTEBOOK_GLOBAL_NAMES.has(name) && (isAlwaysInstalled(module) || importedPackage(module)?.wellKnown)) return false;
  return undefined;
}

/**
 * The qualified name that `name` has through the star imports before it (in document order):
 * from the last one whose module binds it, skipping those known not to. Undefined when that
 * cannot be decided (a module of unknown contents after one known to bind the name); null when
 * every one of them is known not to bind it.
 */
export function starImportedName(stars: ReadonlyArray<{ module: string }>, name: string): string | undefined | null {
  for (let index = stars.length - 1; index >= 0; index--) {
    const { module } = stars[index];
    const binds = starImportBinds(module, name);
    if (binds === false) continue;
    if (binds === undefined && stars.slice(0, index).some((earlier) => earlier.module !== module && starImportBinds(earlier.module, name) === true)) return undefined;
    return `${module}.${name}`;
  }
  return null;
}
