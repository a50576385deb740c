import type { ApiCard } from './apiCard';

/** Spark's pandas functions and the Spark ML feature stages (MLT1xx, MLT201). */
export const sparkMlCards: ApiCard[] = [
  {
    key: 'mapInPandas',
    title: 'DataFrame.mapInPandas(func, schema)',
    match: { methods: ['mapInPandas'] },
    what:
      'Runs `func` over each partition of the DataFrame: `func` takes an iterator of pandas DataFrames ' +
      '(the batches of one partition) and yields pandas DataFrames that match `schema`.',
    examFact:
      'It works per partition, and a group (a store, a product, a region) can span partitions: never use it ' +
      'to train one model per group, or models get trained on partial groups. Train per group with ' +
      '`groupBy(key).applyInPandas(fn, schema)`. mapInPandas fits row-independent work such as batch inference.',
    confusedWith:
      '`groupBy(key).applyInPandas(fn, schema)`, which calls `fn` once per group with all of that group\'s rows ' +
      'in one pandas DataFrame.',
    relatedRules: ['MLT201'],
    example: [
      'def predict(batches):',
      '    model = mlflow.pyfunc.load_model("models:/ml.churn.model@champion")',
      '    for pdf in batches:',
      '        yield pd.DataFrame({"id": pdf["id"], "prediction": model.predict(pdf[features])})',
      '',
      'scored = df.mapInPandas(predict, schema="id long, prediction double")',
    ].join('\n'),
    domain: 'Model Development',
    references: [
      { title: 'PySpark API: DataFrame.mapInPandas', url: 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.DataFrame.mapInPandas.html' },
      { title: 'PySpark API: GroupedData.applyInPandas', url: 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.GroupedData.applyInPandas.html' },
    ],
  },
  {
    key: 'applyInPandas',
    title: 'GroupedData.applyInPandas(func, schema)',
    match: { methods: ['applyInPandas'] },
    what:
      'After `groupBy(key)`, calls `func` once per group with all of the group\'s rows as one pandas DataFrame; ' +
      '`func` returns a pandas DataFrame that matches `schema`.',
    examFact:
      'The pattern for training one model per group (per store, product or device): each group\'s rows arrive ' +
      'together, so every model sees its whole group. Log each group\'s model or metrics to MLflow from inside ' +
      '`func`; each group must fit in one executor\'s memory.',
    confusedWith: '`mapInPandas`, which sees partitions, not groups: a group can be split across partitions.',
    relatedRules: ['MLT201'],
    example: [
      'def train_store(pdf: pd.DataFrame) -> pd.DataFrame:',
      '    model = LinearRegression().fit(pdf[["x"]], pdf["y"])',
      '    return pd.DataFrame({"store_id": [pdf["store_id"].iloc[0]], "coef": [float(model.coef_[0])]})',
      '',
      'coefs = sales.groupBy("store_id").applyInPandas(train_store, schema="store_id string, coef double")',
    ].join('\n'),
    domain: 'Model Development',
    references: [
      { title: 'PySpark API: GroupedData.applyInPandas', url: 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.GroupedData.applyInPandas.html' },
    ],
  },
  {
    key: 'pyspark.ml.feature.StringIndexer',
    title: 'StringIndexer(inputCol, outputCol, handleInvalid="error")',
    match: { qualifiedNames: ['pyspark.ml.feature.StringIndexer'] },
    what:
      'An estimator that maps a string column to numeric label indices (by default the most frequent label ' +
      'gets 0.0); `fit()` learns the labels.',
    examFact:
      'It comes first for a categorical column: StringIndexer -> OneHotEncoder -> VectorAssembler -> estimator. ' +
      'OneHotEncoder and VectorAssembler do not take string columns. `handleInvalid="keep"` puts labels unseen ' +
      'at fit time into an extra index instead of raising an error when new data is transformed.',
    confusedWith: '`OneHotEncoder`, which takes the index column that StringIndexer produces, never the raw string column.',
    relatedRules: ['MLT102', 'MLT103', 'MLT106'],
    example: [
      'from pyspark.ml.feature import StringIndexer',
      '',
      'indexer = StringIndexer(inputCol="plan", outputCol="plan_index", handleInvalid="keep")',
    ].join('\n'),
    domain: 'Model Development',
    references: [
      { title: 'Spark MLlib guide: StringIndexer', url: 'https://spark.apache.org/docs/latest/ml-features.html#stringindexer' },
      { title: 'PySpark API: pyspark.ml.feature.StringIndexer', url: 'https://spark.apache.org/docs/latest/api/python/reference/api/pyspark.ml.feature.StringIndexer.html' },
    ],
  },
  {
    key: 'pyspark.ml.feature.OneHotEncoder',
    title: 'OneHotEncoder(inputCols, outputCols, dropLast=True)',
    match: { qualifiedNames: ['pyspark.ml.feature.OneHotEncoder'] },
    what: 'An estimator that turns numeric category indices into sparse binary vectors (the last category is dropped by default).',
    examFact:
      'It only accepts numeric index columns: place it after the StringIndexer and feed it the indexer\'s ' +
      'outputCol. Placing it before the indexer, or feeding it the raw string column, is "the single most common ' +
      'SparkML pipeline construction error".',
    confusedWith: '`StringIndexer` (string -> index) comes first; OneHotEncoder (index -> vector) follows it.',
    relatedRules: ['MLT102', 'MLT103', 'MLT106'],
    example: [
      'from pyspark.ml.feature import OneHotEncoder',
      '',
      'indexer = StringIndexer(inputCol="plan", outputCol="plan_index")',
      'encoder = OneHotEncoder(inputCols=["plan_index"], outputCols=["plan_vec"])',
    ].join('\n'),
    domain: 'Model Development',
    references: [
      { title: 'Spark MLlib guide: OneHotEncoder', url: 'https://spark.apache.org/docs/latest/ml-features.html#onehotencoder' },
      { title: 'PySpark API: pyspark.ml.feature.OneHotEncoder', url: 'https://spark.apache.org/docs/latest/api/python/reference/api/pyspark.ml.feature.OneHotEncoder.html' },
    ],
  },
  {
    key: 'pyspark.ml.feature.VectorAssembler',
    title: 'VectorAssembler(inputCols, outputCol, handleInvalid="error")',
    match: { qualifiedNames: ['pyspark.ml.feature.VectorAssembler'] },
    what: 'A transformer that combines numeric, boolean and vector columns into one vector column.',
    examFact:
      'Spark ML estimators read exactly one vector column (`featuresCol`, default "features"); without an ' +
      'assembler the pipeline fails at `fit()` with a schema error, not when it is defined. Assemble the encoded ' +
      'columns, never the raw string column, and make its outputCol the estimator\'s featuresCol.',
    confusedWith:
      '`RFormula`, which also builds the features vector (and indexes string columns itself) from a formula; ' +
      '`VectorIndexer`, which indexes categorical values inside an existing vector.',
    relatedRules: ['MLT101', 'MLT103', 'MLT104'],
    example: [
      'from pyspark.ml.feature import VectorAssembler',
      '',
      'assembler = VectorAssembler(inputCols=["plan_vec", "tenure", "monthly_fee"], outputCol="features")',
      'pipeline = Pipeline(stages=[indexer, encoder, assembler, LogisticRegression(featuresCol="features")])',
    ].join('\n'),
    domain: 'Model Development',
    references: [
      { title: 'Spark MLlib guide: VectorAssembler', url: 'https://spark.apache.org/docs/latest/ml-features.html#vectorassembler' },
      { title: 'PySpark API: pyspark.ml.feature.VectorAssembler', url: 'https://spark.apache.org/docs/latest/api/python/reference/api/pyspark.ml.feature.VectorAssembler.html' },
    ],
  },
  {
    key: 'pyspark.sql.functions.pandas_udf',
    title: '@pandas_udf(returnType)  def f(s: pd.Series, ...) -> pd.Series',
    match: { qualifiedNames: ['pyspark.sql.functions.pandas_udf', 'pyspark.sql.pandas.functions.pandas_udf'] },
    what:
      'Defines a vectorized UDF: Spark sends the columns to Python in Arrow batches and the function works on pandas ' +
      'Series (Series to Series, or an iterator of Series for per-partition setup) on the executors.',
    examFact:
      'To score with a model in a pandas UDF, load it once per task with the iterator form (or once per executor ' +
      'process with a cached loader), not once per batch. For an MLflow model, `mlflow.pyfunc.spark_udf` builds that UDF for you, with the ' +
      'model\'s signature as result type and, optionally, its logged environment (`env_manager`).',
    confusedWith:
      '`mlflow.pyfunc.spark_udf(spark, model_uri)`, a ready-made pandas UDF for one MLflow model; a plain `udf`, ' +
      'which calls Python once per row.',
    relatedRules: ['MLT604'],
    example: [
      'import pandas as pd',
      'from pyspark.sql.functions import pandas_udf',
      '',
      '',
      '@pandas_udf("double")',
      'def fahrenheit(celsius: pd.Series) -> pd.Series:',
      '    return celsius * 9 / 5 + 32',
      '',
      '',
      'readings = readings_df.withColumn("temp_f", fahrenheit("temp_c"))',
    ].join('\n'),
    domain: 'Model Deployment',
    references: [
      { title: 'PySpark API: pyspark.sql.functions.pandas_udf', url: 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.functions.pandas_udf.html' },
      { title: 'MLflow Python API: mlflow.pyfunc.spark_udf', url: 'https://mlflow.org/docs/latest/python_api/mlflow.pyfunc.html#mlflow.pyfunc.spark_udf' },
    ],
  },
];
