import { mlt101MissingVectorAssembler } from '../../rules/mlt101-missing-vector-assembler';
import { describeRule } from '../support/ruleTester';

const HEADER = `from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
`;

describeRule(mlt101MissingVectorAssembler, {
  flagged: [
    {
      name: 'Spark ML reached through pyspark imported under another name, or its ml package imported from it (the file is parsed: SPARK_ML_IMPORT_TEXT)',
      code: `
        import os, pyspark as ps

        rows = spark.createDataFrame([(1.0, 2.0, 0)], ["a", "b", "label"])
        ps.ml.Pipeline(stages=[ps.ml.classification.LogisticRegression()]).fit(rows)
      `,
      findings: [{ line: 4, column: 24, message: 'LogisticRegression reads the vector column "features", but no earlier stage produces it: the pipeline fails at fit()' }],
    },
    {
      name: 'Spark ML through `from pyspark import ml`',
      code: `
        from pyspark import ml

        rows = spark.createDataFrame([(1.0, 2.0, 0)], ["a", "b", "label"])
        ml.classification.LogisticRegression().fit(rows)
      `,
      findings: [{ line: 4, column: 1, message: 'but the data it is fitted on has no such column and nothing builds it: fit() fails' }],
    },
    {
      name: 'near misses of a stage that reads the features column: the data is shown to lack it (no fix: that stage fails first), a StringIndexer (it reads no vector)',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.feature import StandardScaler, StringIndexer
        from pyspark.ml.classification import LogisticRegression

        rows = spark.createDataFrame([(1.0, 2.0, 0)], ["a", "b", "label"])
        Pipeline(stages=[StandardScaler(inputCol="features", outputCol="scaled"), LogisticRegression()]).fit(rows)
        Pipeline(stages=[StringIndexer(inputCol="features", outputCol="fi"), LogisticRegression()]).fit(spark.table("t"))
      `,
      findings: [
        { line: 6, column: 75, message: 'no earlier stage produces it: the pipeline fails at fit(); add a VectorAssembler' },
        { line: 7, column: 70, message: 'LogisticRegression reads the vector column "features"' },
      ],
    },
    {
      name: 'a stage before the estimator that reads a vector no stage wrote (VectorIndexer, StandardScaler): the table holds vectors assembled before, maybe "features" too, and the message says so',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.feature import StandardScaler, VectorIndexer
        from pyspark.ml.classification import LogisticRegression

        patients = spark.read.parquet("s3a://bucket/patients")
        indexer = VectorIndexer(inputCol="gender_vec", outputCol="gender_indexed")
        Pipeline(stages=[indexer, LogisticRegression(maxIter=10)]).fit(patients)
        scaler = StandardScaler(inputCol="raw_features", outputCol="scaled")
        Pipeline(stages=[scaler, LogisticRegression(featuresCol="features")]).fit(spark.table("ml.prepared"))
      `,
      findings: [
        {
          line: 7,
          column: 27,
          message:
            'LogisticRegression reads the vector column "features", but no earlier stage produces it: the pipeline fails at fit() unless the data already holds "features" (its VectorIndexer reads "gender_vec", a vector made before the pipeline); add a VectorAssembler',
        },
        { line: 9, column: 26, message: 'unless the data already holds "features" (its StandardScaler reads "raw_features", a vector made before the pipeline)' },
      ],
    },
    {
      name: 'near misses of vectors made elsewhere: the vector stage reads what an earlier stage of the pipeline wrote, or the data is shown to lack "features"',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.feature import OneHotEncoder, VectorIndexer
        from pyspark.ml.classification import LogisticRegression

        encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
        indexer = VectorIndexer(inputCol="plan_vec", outputCol="plan_indexed")
        Pipeline(stages=[encoder, indexer, LogisticRegression()]).fit(spark.table("ml.plans"))
        rows = spark.read.csv("/data/rows.csv", header=True, inferSchema=True)
        Pipeline(stages=[VectorIndexer(inputCol="gender_vec", outputCol="g"), LogisticRegression()]).fit(rows)
      `,
      findings: [
        { line: 7, column: 36, message: 'no earlier stage produces it: the pipeline fails at fit(); add a VectorAssembler' },
        { line: 9, column: 71, message: 'no earlier stage produces it: the pipeline fails at fit(); add a VectorAssembler' },
      ],
    },
    {
      name: 'a CSV read through a fitted StringIndexer, a name for it and a Tokenizer, then a selection of its own columns: still no "features"',
      code: `
        from pyspark.ml.feature import StringIndexer, Tokenizer
        from pyspark.ml.classification import NaiveBayes, LogisticRegression

        calls = spark.read.csv("/data/calls.csv", header=True, inferSchema=True)
        calls = StringIndexer(inputCol="district", outputCol="district_idx").fit(calls).transform(calls)
        plan_model = StringIndexer(inputCol="plan", outputCol="plan_idx").fit(calls)
        calls = Tokenizer(inputCol="notes", outputCol="words").transform(plan_model.transform(calls).drop("district"))
        train, test = calls.randomSplit([0.8, 0.2], seed=7)
        NaiveBayes(smoothing=1.0).fit(train)
        kept = calls.select([c for c in calls.columns if c not in ["notes"]])
        LogisticRegression(labelCol="escalated").fit(kept)
      `,
      findings: [
        { line: 9, column: 1, message: 'NaiveBayes reads the vector column "features", but the data it is fitted on has no such column and nothing builds it: fit() fails' },
        { line: 11, column: 1, message: 'LogisticRegression reads the vector column "features"' },
      ],
    },
    {
      name: 'a predictor fitted on its own through setters, and on a CSV read with load(format="csv")',
      code: `
        from pyspark.ml.classification import LogisticRegression
        from pyspark.ml.regression import LinearRegression

        df = spark.read.csv("/data/churn.csv", header=True, inferSchema=True)
        LogisticRegression().setFeaturesCol("fv").setMaxIter(20).fit(df)
        raw = spark.read.load("/data/houses.csv", format="csv", header=True)
        LinearRegression(labelCol="price").fit(raw)
      `,
      findings: [
        { line: 5, column: 1, message: 'LogisticRegression reads the vector column "fv", but the data it is fitted on has no such column and nothing builds it: fit() fails' },
        { line: 7, column: 1, message: 'LinearRegression reads the vector column "features"' },
      ],
    },
    {
      name: 'predictors fitted on their own, without a Pipeline, on data shown to lack the vector (a CSV read, rows written in the code)',
      code: `
        from pyspark.ml.classification import LogisticRegression
        from pyspark.ml.clustering import KMeans
        clicks = spark.read.csv("/data/clicks.csv", header=True, inferSchema=True)
        lr = LogisticRegression(labelCol="clicked")
        model = lr.fit(clicks)
        rows = spark.createDataFrame([(1.0, 2.0), (3.0, 4.0)], ["x", "y"])
        clusters = KMeans(k=2).fit(rows)
      `,
      findings: [
        { line: 4, column: 6, message: 'LogisticRegression reads the vector column "features", but the data it is fitted on has no such column and nothing builds it: fit() fails' },
        { line: 7, column: 12, message: 'KMeans reads the vector column "features", but the data it is fitted on has no such column' },
      ],
    },
    {
      name: 'a predictor fitted on its own, imported under another name',
      code: `
        from pyspark.ml.classification import LogisticRegression as LR
        clicks = spark.read.csv("/data/clicks.csv", header=True, inferSchema=True)
        model = LR(labelCol="clicked").fit(clicks)
      `,
      findings: [{ line: 3, column: 9, message: 'LogisticRegression reads the vector column "features"' }],
    },
    {
      name: 'stages from two star imports (regression, then feature): LinearRegression is still pyspark.ml.regression\'s',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.regression import *
from pyspark.ml.feature import *
pipeline = Pipeline(stages=[StringIndexer(inputCol="grade", outputCol="grade_idx"), LinearRegression(featuresCol="features", labelCol="price")])
`,
      findings: [{ line: 4, column: 85, message: 'LinearRegression reads the vector column "features"' }],
    },
    {
      name: 'a DataFrame created with raw columns only, fed to the estimator without an assembler',
      code: `${HEADER}
training = spark.createDataFrame([(1.0, 34.0, 2.5)], ["label", "age", "income"])
model = Pipeline(stages=[LogisticRegression(maxIter=10)]).fit(training)
`,
      findings: [{ line: 6, column: 26 }],
    },
    {
      name: 'an RDD turned into a DataFrame with toDF([...]) of other names: no features column',
      code: `${HEADER}
data = raw.rdd.map(lambda r: (float(r["y"]), r["age"])).toDF(["label", "age"])
model = Pipeline(stages=[LogisticRegression(labelCol="label")]).fit(data)
`,
      findings: [{ line: 6, column: 26 }],
    },
    {
      name: 'a stages list grown after a blank line, and in the next cell of a notebook export',
      code: `# Databricks notebook source
${HEADER}
stages = [StringIndexer(inputCol="plan", outputCol="plan_idx")]

stages.append(LogisticRegression(labelCol="churned"))

# COMMAND ----------

more = [StringIndexer(inputCol="region", outputCol="region_idx")]

# COMMAND ----------

more += [LogisticRegression(labelCol="churned")]
Pipeline(stages=stages)
Pipeline(stages=more)
`,
      findings: [
        { line: 8, column: 15, message: 'LogisticRegression reads the vector column "features"' },
        { line: 16, column: 10 },
      ],
    },
    {
      name: 'indexer and encoder straight into LogisticRegression',
      code: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
lr = LogisticRegression(labelCol="churned")
pipeline = Pipeline(stages=[indexer, encoder, lr])
`,
      findings: [{ line: 8, column: 47, message: 'LogisticRegression reads the vector column "features", but no earlier stage produces it: the pipeline fails at fit(); add a VectorAssembler' }],
    },
    {
      name: 'an inline estimator, positional stages',
      code: `${HEADER}
model = Pipeline([StringIndexer(inputCol="plan", outputCol="plan_idx"), LogisticRegression()]).fit(df)
`,
      findings: [{ line: 5, column: 73 }],
    },
    {
      name: 'module aliases and an explicit featuresCol',
      code: `
import pyspark.ml as ml
import pyspark.ml.feature as F
from pyspark.ml.classification import RandomForestClassifier as RFC

scaler = F.StandardScaler(inputCol="raw", outputCol="scaled")
ml.Pipeline(stages=[scaler, RFC(featuresCol="vec")])
`,
      findings: [{ line: 6, column: 29, message: 'RandomForestClassifier reads the vector column "vec"' }],
    },
    {
      name: 'stages bound across notebook cells, setStages on a pipeline name',
      code: `# Databricks notebook source
from pyspark.ml import Pipeline as P
from pyspark.ml.regression import GBTRegressor

# COMMAND ----------

gbt = GBTRegressor(labelCol="price")
stages = [gbt]

# COMMAND ----------

pipeline = P()
pipeline.setStages(stages)
pipeline.fit(spark.read.csv("/data/houses.csv", header=True, inferSchema=True))
`,
      findings: [{ line: 8, column: 11 }],
    },
    {
      name: 'a clusterer after a scaler of another column, concatenated lists',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.clustering import KMeans
from pyspark.ml.feature import StandardScaler

prep = [StandardScaler(inputCol="raw", outputCol="scaled")]
Pipeline(stages=prep + [KMeans(k=3)])
`,
      findings: [{ line: 6, column: 25, message: 'KMeans reads the vector column "features"' }],
    },
    {
      name: 'a VectorAssembler after the estimator',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["a", "b"], outputCol="features")
Pipeline(stages=(LogisticRegression(), assembler))
`,
      findings: [{ line: 6, column: 18, message: 'the VectorAssembler that produces it comes later in the stages: the pipeline fails at fit()' }],
    },
    {
      name: 'fit on the raw DataFrame while another cell assembles a different one',
      code: `${HEADER}
train, test = spark.read.table("churn").randomSplit([0.8, 0.2])
assembled = VectorAssembler(inputCols=["a"], outputCol="features").transform(test)
gbt_pipeline = Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), LogisticRegression()])
gbt_pipeline.fit(train)
`,
      findings: [{ line: 7, column: 87 }],
    },
    {
      name: 'a featuresCol set with a setter statement',
      code: `${HEADER}
from pyspark.ml.feature import StandardScaler
lr = LogisticRegression()
lr.setFeaturesCol("vec")
Pipeline(stages=[StandardScaler(inputCol="features", outputCol="scaled"), lr])
`,
      findings: [{ line: 8, column: 75, message: 'reads the vector column "vec"' }],
    },
    {
      name: 'each estimator of two pipelines sharing no assembler',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LinearSVC, NaiveBayes

training = spark.createDataFrame([(1.0, 34.0), (0.0, 27.0)], ["label", "age"])
Pipeline(stages=[LinearSVC()]).fit(training)
Pipeline(stages=[NaiveBayes(smoothing=1.0)]).fit(training)
`,
      findings: [
        { line: 5, column: 18 },
        { line: 6, column: 18 },
      ],
    },
    {
      name: 'module-alias estimators: import pyspark.ml.regression as reg, from pyspark.ml import classification',
      code: `
import pyspark.ml.regression as reg
from pyspark.ml import Pipeline, classification
from pyspark.ml.feature import StringIndexer

indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
Pipeline(stages=[indexer, reg.GBTRegressor(labelCol="price")])
Pipeline(stages=[indexer, classification.LogisticRegression()])
`,
      findings: [
        { line: 6, column: 27, message: 'GBTRegressor reads the vector column "features"' },
        { line: 7, column: 27, message: 'LogisticRegression reads the vector column "features"' },
      ],
    },
    {
      name: 'indexers built by a comprehension over an unknown list: they cannot write "features"',
      code: `${HEADER}
indexers = [StringIndexer(inputCol=c, outputCol=c + "_idx") for c in cols]
Pipeline(stages=indexers + [LogisticRegression()])
`,
      findings: [{ line: 6, column: 29, message: 'no earlier stage produces it: the pipeline fails at fit()' }],
    },
    {
      name: 'stages from a comprehension over a known list, joined with + and set with setStages',
      code: `${HEADER}
cat_cols = ["plan", "region"]
indexers = [StringIndexer(inputCol=c, outputCol=f"{c}_idx") for c in cat_cols]
encoders = [OneHotEncoder(inputCol=f"{c}_idx", outputCol=f"{c}_vec") for c in cat_cols]
pipeline = Pipeline()
pipeline.setStages(indexers + encoders + [LogisticRegression(labelCol="churned")])
`,
      findings: [{ line: 9, column: 43 }],
    },
    {
      name: 'an estimator bound in if/else arms that agree on the features column',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.feature import StringIndexer
from pyspark.ml.regression import GBTRegressor, RandomForestRegressor

if use_boosting:
    model = GBTRegressor(labelCol="price")
else:
    model = RandomForestRegressor(labelCol="price")
Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), model])
`,
      findings: [{ line: 9, column: 72, message: 'GBTRegressor or RandomForestRegressor reads the vector column "features"' }],
    },
    {
      name: 'fit on a table while another DataFrame gets a "features" column',
      code: `${HEADER}
scored = other.withColumn("features", vec)
train = spark.table("churn")
Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), LogisticRegression()]).fit(train)
`,
      findings: [{ line: 7, column: 72 }],
    },
    {
      name: 'stages grown in a loop over a known list, the estimator appended: no assembler',
      code: `${HEADER}
categorical_cols = ["workclass", "education"]
stages = []
for col in categorical_cols:
    indexer = StringIndexer(inputCol=col, outputCol=col + "Index")
    encoder = OneHotEncoder(inputCols=[indexer.getOutputCol()], outputCols=[col + "Vec"])
    stages += [indexer, encoder]
stages.append(LogisticRegression(labelCol="label"))
Pipeline(stages=stages)
`,
      findings: [{ line: 11, column: 15, message: 'LogisticRegression reads the vector column "features", but no earlier stage produces it' }],
    },
    {
      name: 'a CrossValidator staged with a forest inside and no assembler before it',
      code: `${HEADER}
from pyspark.ml.regression import RandomForestRegressor
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
rf = RandomForestRegressor(labelCol="price")
cv = CrossValidator(estimator=rf, estimatorParamMaps=ParamGridBuilder().addGrid(rf.maxDepth, [2, 5]).build(), evaluator=evaluator)
Pipeline(stages=[StringIndexer(inputCol="room_type", outputCol="room_type_idx"), cv])
`,
      findings: [{ line: 9, column: 82, message: 'RandomForestRegressor in the CrossValidator reads the vector column "features", but no earlier stage produces it' }],
    },
    {
      name: 'a list appended to before the pipeline',
      code: `${HEADER}
stages = []
stages.append(LogisticRegression())
Pipeline(stages=stages).fit(spark.read.json("/data/events.json"))
`,
      findings: [{ line: 6, column: 15 }],
    },
    {
      name: 'stages grown in a loop over an unknown list, then extended',
      code: `${HEADER}
stages = []
for c in cat_cols:
    stages.append(StringIndexer(inputCol=c, outputCol=c + "_idx"))
stages.extend([LogisticRegression()])
Pipeline(stages=stages)
`,
      findings: [{ line: 8, column: 16 }],
    },
    {
      name: 'the feature stages come from a helper in the file that returns them, without an assembler',
      code: `${HEADER}
categorical = ["plan", "region"]

def feature_stages():
    stages = []
    for column in categorical:
        stages += [StringIndexer(inputCol=column, outputCol=column + "_idx"), OneHotEncoder(inputCol=column + "_idx", outputCol=column + "_vec")]
    return stages

lr = LogisticRegression(labelCol="churned")
pipeline = Pipeline(stages=feature_stages() + [lr])
`,
      findings: [{ line: 14, column: 48, message: 'LogisticRegression reads the vector column "features", but no earlier stage produces it' }],
    },
    {
      name: 'the estimator alone, fit on a split of a CSV read (no vector column in a CSV), through a tuple and a subscript',
      code: `${HEADER}
raw = spark.read.format("csv").option("header", True).load("/data/churn.csv")
train, test = raw.randomSplit([0.8, 0.2], seed=42)
Pipeline(stages=[LogisticRegression(labelCol="churned")]).fit(train)
splits = spark.read.csv("/data/churn.csv", header=True).na.fill(0).randomSplit([0.7, 0.3])
Pipeline(stages=[LogisticRegression(labelCol="churned")]).fit(splits[0])
`,
      findings: [
        { line: 7, column: 18, message: 'no earlier stage produces it: the pipeline fails at fit()' },
        { line: 9, column: 18 },
      ],
    },
    {
      name: 'the estimator alone, fit on rows written in the code, on columns selected by name, or on a JSON read without a schema',
      code: `${HEADER}
rows = spark.createDataFrame([(1.0, 34.0), (0.0, 27.0)])
Pipeline(stages=[LogisticRegression(labelCol="_1")]).fit(rows)
picked = spark.table("ml.churn.customers").select("age", "income", "label")
Pipeline(stages=[LogisticRegression()]).fit(picked.where("age > 18"))
Pipeline(stages=[LogisticRegression()]).fit(spark.read.json("/data/rows.json"))
`,
      findings: [{ line: 6, column: 18 }, { line: 8, column: 18 }, { line: 9, column: 18 }],
    },
  ],
  silent: [
    {
      name: 'a stage before the estimator reads the features column itself (a scaler of "features"): the data holds it',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.feature import StandardScaler
        from pyspark.ml.classification import LogisticRegression

        df = spark.read.table("ml.churn")
        Pipeline(stages=[StandardScaler(inputCol="features", outputCol="scaled"), LogisticRegression()]).fit(df)
      `,
    },
    {
      name: 'stages read out of a dict whose list the file changes in place first (an assembler inserted through a subscript or .get)',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.feature import VectorAssembler
        from pyspark.ml.classification import LogisticRegression

        df = spark.read.csv("/data/d.csv", header=True)
        conf = {"stages": [LogisticRegression()]}
        conf["stages"].insert(0, VectorAssembler(inputCols=["a"], outputCol="features"))
        Pipeline(stages=conf["stages"]).fit(df)
        other = {"stages": [LogisticRegression()]}
        other.get("stages").insert(0, VectorAssembler(inputCols=["a"], outputCol="features"))
        Pipeline(stages=other.get("stages")).fit(df)
      `,
    },

    {
      name: 'transforms that may write the features column: a VectorAssembler, an encoder, a fitted pipeline, an indexer writing "features", a table read, another frame\'s columns',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
        from pyspark.ml.classification import LogisticRegression

        raw = spark.read.csv("/data/calls.csv", header=True, inferSchema=True)
        a = VectorAssembler(inputCols=["x", "y"], outputCol="vec").transform(raw)
        LogisticRegression(labelCol="escalated").fit(a)
        b = OneHotEncoder(inputCol="plan_idx", outputCol="features").fit(raw).transform(raw)
        LogisticRegression(labelCol="escalated").fit(b)
        prep = Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx")]).fit(raw)
        LogisticRegression(labelCol="escalated").fit(prep.transform(raw))
        c = StringIndexer(inputCol="plan", outputCol="features").fit(raw).transform(raw)
        LogisticRegression(labelCol="escalated").fit(c)
        t = spark.read.table("ml.calls.prepared")
        LogisticRegression(labelCol="escalated").fit(StringIndexer(inputCol="plan", outputCol="plan_idx").fit(t).transform(t))
        assembled = spark.read.table("ml.calls.assembled")
        LogisticRegression(labelCol="escalated").fit(raw.select([c for c in assembled.columns]))
      `,
    },
    {
      name: 'a setter chain on a predictor that a pipeline stages, a load() in another format, and a load whose format is replaced',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.classification import LogisticRegression
        from pyspark.ml.feature import VectorAssembler

        df = spark.read.csv("/data/churn.csv", header=True, inferSchema=True)
        lr = LogisticRegression()
        Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="fv"), lr]).fit(df)
        lr.setFeaturesCol("fv").fit(VectorAssembler(inputCols=["a"], outputCol="fv").transform(df))
        vectors = spark.read.load("/data/sample.txt", format="libsvm")
        LogisticRegression().fit(vectors)
        parquet = spark.read.format("csv").load("/data/p", format="parquet")
        LogisticRegression().fit(parquet)
      `,
    },
    {
      name: 'predictors fitted on their own on data that has the vector: assembled first, read from libsvm or from a table',
      code: `
        from pyspark.ml.classification import LogisticRegression, RandomForestClassifier
        from pyspark.ml.feature import VectorAssembler
        from pyspark.ml.regression import LinearRegression
        clicks = spark.read.csv("/data/clicks.csv", header=True, inferSchema=True)
        train = VectorAssembler(inputCols=["hour", "mobile"], outputCol="features").transform(clicks)
        model = LogisticRegression(labelCol="clicked").fit(train)
        clicks = VectorAssembler(inputCols=["hour", "mobile"], outputCol="features").transform(clicks)
        again = LogisticRegression(labelCol="clicked").fit(clicks)
        forest = RandomForestClassifier(labelCol="label").fit(spark.table("ml.features.train"))
      `,
    },
    {
      name: 'a pipeline of stages the file does not show, and a tuner, fitted on a CSV read: not predictors fitted on their own',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.classification import LogisticRegression
        from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
        df = spark.read.csv("clicks.csv", header=True)
        pipe = Pipeline(stages=make_stages())
        fitted = pipe.fit(df)
        cv = CrossValidator(estimator=LogisticRegression(), estimatorParamMaps=ParamGridBuilder().build(), evaluator=evaluator)
        tuned = cv.fit(df)
      `,
    },
    {
      name: 'a predictor fitted on its own after an assembler that writes its column in another letter case (left to the user, as MLT104 does in a pipeline)',
      code: `
        from pyspark.ml.classification import LogisticRegression
        from pyspark.ml.feature import VectorAssembler
        df = spark.read.csv("diabetes.csv", header=True, inferSchema=True)
        output = VectorAssembler(inputCols=["Glucose", "BMI"], outputCol="Features").transform(df)
        model = LogisticRegression(labelCol="Outcome").fit(output.select("Features", "Outcome"))
      `,
    },
    {
      name: 'a predictor fitted on its own on libsvm data (Spark\'s own examples)',
      code: `
        from pyspark.ml.regression import LinearRegression
        data = spark.read.format("libsvm").load("data/mllib/sample_linear_regression_data.txt")
        model = LinearRegression(maxIter=10).fit(data)
      `,
    },
    {
      name: 'the estimator alone, fit on a DataFrame passed in: the caller may have assembled "features" (a function of an ETL project)',
      code: `${HEADER}
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder

def train(df, label="y"):
    train_df, test_df = df.randomSplit([0.8, 0.2], seed=1)
    return Pipeline(stages=[LogisticRegression(labelCol=label)]).fit(train_df)

def tune(df):
    lr = LogisticRegression(labelCol="y")
    grid = ParamGridBuilder().addGrid(lr.regParam, [0.1, 0.01]).build()
    return Pipeline(stages=[CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)]).fit(df)
`,
    },
    {
      name: 'the estimator alone, fit on a table, Parquet, Delta or a query (an earlier job may have written the vector), or with no fit shown',
      code: `${HEADER}
Pipeline(stages=[LogisticRegression()]).fit(spark.table("ml.churn.features"))
Pipeline(stages=[LogisticRegression()]).fit(spark.read.parquet("/mnt/features"))
Pipeline(stages=[LogisticRegression()]).fit(spark.read.format("delta").load("/mnt/features"))
Pipeline(stages=[LogisticRegression()]).fit(spark.sql("SELECT * FROM ml.churn.features"))
pipeline = Pipeline(stages=[LogisticRegression()])
`,
    },
    {
      name: 'the estimator alone, fit on a JSON read given a schema (it may declare a vector column)',
      code: `${HEADER}
Pipeline(stages=[LogisticRegression()]).fit(spark.read.schema(vector_schema).json("/data/rows.json"))
Pipeline(stages=[LogisticRegression()]).fit(spark.read.json("/data/rows.json", schema=vector_schema))
Pipeline(stages=[LogisticRegression()]).fit(spark.read.format("json").load("/data/rows.json", None, vector_schema))
`,
    },
    {
      name: 'the estimator alone, fit on a CSV read joined with a table, or given a "features" column by a UDF',
      code: `${HEADER}
raw = spark.read.csv("/data/churn.csv", header=True)
Pipeline(stages=[LogisticRegression()]).fit(raw.join(spark.table("ml.churn.vectors"), "id"))
Pipeline(stages=[LogisticRegression()]).fit(raw.withColumn("features", to_vector("age")))
`,
    },
    {
      name: 'stages from two star imports (feature, then regression): StringIndexer is still pyspark.ml.feature\'s',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.feature import *
from pyspark.ml.regression import *
pipeline = Pipeline(stages=[
    StringIndexer(inputCol="grade", outputCol="grade_idx"),
    VectorAssembler(inputCols=["grade_idx", "sqft"], outputCol="features"),
    LinearRegression(featuresCol="features", labelCol="price"),
])
`,
    },
    {
      name: 'a DataFrame created with a features column (the Spark guide\'s createDataFrame of dense vectors)',
      code: `${HEADER}
from pyspark.ml.linalg import Vectors
training = spark.createDataFrame([(1.0, Vectors.dense([0.0, 1.1])), (0.0, Vectors.dense([2.0, 1.0]))], ["label", "features"])
model = Pipeline(stages=[LogisticRegression(maxIter=10)]).fit(training)
`,
    },
    {
      name: 'an RDD of hand-built vectors turned into a DataFrame with toDF([...]) naming the features column',
      code: `${HEADER}
from pyspark.ml.linalg import Vectors
data = raw.rdd.map(lambda r: (float(r["y"]), Vectors.dense(r["age"], r["balance"]))).toDF(["label", "features"])
model = Pipeline(stages=[LogisticRegression(labelCol="label")]).fit(data)
`,
    },
    {
      name: 'a stages list grown in a branch of another cell: unknown',
      code: `# Databricks notebook source
${HEADER}
stages = [StringIndexer(inputCol="plan", outputCol="plan_idx")]

# COMMAND ----------

if use_assembler:
    stages.append(VectorAssembler(inputCols=["plan_idx"], outputCol="features"))
stages.append(LogisticRegression(labelCol="churned"))
Pipeline(stages=stages)
`,
    },
    {
      name: 'a DataFrame created from a StructType schema whose vector field the estimator reads',
      code: `${HEADER}
from pyspark.ml.linalg import VectorUDT
from pyspark.sql.types import DoubleType, StructField, StructType
schema = StructType([StructField("label", DoubleType()), StructField("raw", VectorUDT())])
data = spark.createDataFrame(rows, schema)
model = Pipeline(stages=[LogisticRegression(featuresCol="raw")]).fit(data)
`,
    },
    {
      name: 'stages grown in a loop (the Databricks getting-started pattern), assembled',
      code: `${HEADER}
categorical_cols = ["workclass", "education"]
stages = []
for col in categorical_cols:
    indexer = StringIndexer(inputCol=col, outputCol=col + "Index")
    encoder = OneHotEncoder(inputCols=[indexer.getOutputCol()], outputCols=[col + "classVec"])
    stages += [indexer, encoder]
stages += [StringIndexer(inputCol="income", outputCol="label")]
assembler = VectorAssembler(inputCols=[c + "classVec" for c in categorical_cols] + ["age"], outputCol="features")
stages += [assembler]
stages.append(LogisticRegression())
Pipeline(stages=stages)
`,
    },
    {
      name: 'lists grown where the passes differ or the change is not followed',
      code: `${HEADER}
a = []
for c in ["x", "y"]:
    if c != "x":
        a.append(VectorAssembler(inputCols=[c], outputCol="features"))
a.append(LogisticRegression())
Pipeline(stages=a)
b = []
for c in ["x", "y"]:
    b.append(StringIndexer(inputCol=c, outputCol=c + "_idx"))
    if c == "y":
        break
b.append(LogisticRegression())
Pipeline(stages=b)
c = [LogisticRegression()]
c.insert(0, VectorAssembler(inputCols=["x"], outputCol="features"))
Pipeline(stages=c)
def add_assembler():
    d.append(VectorAssembler(inputCols=["x"], outputCol="features"))
d = []
add_assembler()
d.append(LogisticRegression())
Pipeline(stages=d)
e = [LogisticRegression()]
pipeline = Pipeline(stages=e)
e.insert(0, VectorAssembler(inputCols=["x"], outputCol="features"))
`,
    },
    {
      name: 'a CrossValidator staged after the assembler (the course pattern), or around an unknown estimator',
      code: `${HEADER}
from pyspark.ml.regression import RandomForestRegressor
from pyspark.ml.tuning import CrossValidator, TrainValidationSplit
rf = RandomForestRegressor(labelCol="price")
cv = CrossValidator(estimator=rf, estimatorParamMaps=grid, evaluator=evaluator, numFolds=3, seed=42)
stages_with_cv = [StringIndexer(inputCol="room_type", outputCol="room_type_idx"), VectorAssembler(inputCols=["room_type_idx"], outputCol="features"), cv]
Pipeline(stages=stages_with_cv)
Pipeline(stages=[StringIndexer(inputCol="a", outputCol="b"), TrainValidationSplit(estimator=make_model(), estimatorParamMaps=grid)])
Pipeline(stages=[StringIndexer(inputCol="a", outputCol="b"), VectorAssembler(inputCols=["b"], outputCol="features"), CrossValidator(estimator=Pipeline(stages=[rf]), estimatorParamMaps=grid)])
inner = Pipeline(stages=[LogisticRegression()])
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="features"), inner])
`,
    },
    {
      name: 'index, encode, assemble, fit',
      code: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
assembler = VectorAssembler(inputCols=["plan_vec", "tenure"], outputCol="features")
Pipeline(stages=[indexer, encoder, assembler, LogisticRegression()])
`,
    },
    {
      name: 'RFormula writes "features"',
      code: `${HEADER}
from pyspark.ml.feature import RFormula
Pipeline(stages=[RFormula(formula="y ~ a + b"), LogisticRegression()])
`,
    },
    {
      name: 'a scaler writes the estimator\'s featuresCol',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.feature import StandardScaler, VectorAssembler as VA
from pyspark.ml.regression import LinearRegression

va = VA(inputCols=["a"], outputCol="raw")
Pipeline(stages=[va, StandardScaler(inputCol="raw", outputCol="scaled"), LinearRegression(featuresCol="scaled")])
`,
    },
    {
      name: 'a featuresCol set by a setter to the assembler output',
      code: `${HEADER}
lr = LogisticRegression().setFeaturesCol("vec")
Pipeline(stages=[VectorAssembler(inputCols=["a"]).setOutputCol("vec"), lr])
`,
    },
    {
      name: 'an earlier stage of unknown columns (custom transformer, SQLTransformer, a factory)',
      code: `${HEADER}
from pyspark.ml.feature import SQLTransformer
from my_lib import FeatureBuilder
Pipeline(stages=[FeatureBuilder(), LogisticRegression()])
Pipeline(stages=[SQLTransformer(statement="SELECT * FROM __THIS__"), LogisticRegression()])
Pipeline(stages=[make_assembler(), LogisticRegression()])
`,
    },
    {
      name: 'an incomplete stages list: spread from an unknown list, a filtered comprehension',
      code: `${HEADER}
Pipeline(stages=[*more_stages, LogisticRegression()])
Pipeline(stages=[StringIndexer(inputCol=c, outputCol=c + "_idx") for c in ["a", "b"] if c != "b"] + [LogisticRegression()])
`,
    },
    {
      name: 'a comprehension over an unknown list whose stages may write "features"',
      code: `${HEADER}
from pyspark.ml.feature import StandardScaler
scalers = [StandardScaler(inputCol=c, outputCol=f"{c}") for c in groups]
Pipeline(stages=scalers + [LogisticRegression()])
renamers = [StandardScaler(inputCol=c, outputCol=c.replace("raw_", "")) for c in groups]
Pipeline(stages=renamers + [LogisticRegression()])
`,
    },
    {
      name: 'if/else arms that disagree on the featuresCol',
      code: `${HEADER}
from pyspark.ml.feature import StandardScaler
if scale:
    model = LogisticRegression(featuresCol="scaled")
else:
    model = LogisticRegression()
Pipeline(stages=[StandardScaler(inputCol="raw", outputCol="scaled"), model])
`,
    },
    {
      name: 'fit on a DataFrame given a "features" column by withColumn',
      code: `${HEADER}
from pyspark.ml.functions import array_to_vector
train = df.withColumn("features", array_to_vector("embedding"))
Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), LogisticRegression()]).fit(train)
`,
    },
    {
      name: 'fit on the output of a loaded Spark model (a PipelineModel, an MLflow Spark flavor)',
      code: `${HEADER}
import mlflow
from pyspark.ml import PipelineModel
featurized = PipelineModel.load("/models/featurizer").transform(raw)
Pipeline(stages=[LogisticRegression()]).fit(featurized)
prepared = mlflow.spark.load_model("models:/featurizer/1").transform(raw)
Pipeline(stages=[LogisticRegression(maxIter=5)]).fit(prepared)
`,
    },
    {
      name: 'libsvm data read with load(format=...)',
      code: `${HEADER}
data = spark.read.load("/data/sample_libsvm_data.txt", format="libsvm")
Pipeline(stages=[LogisticRegression(maxIter=10)]).fit(data)
`,
    },
    {
      name: 'a course lab with placeholders',
      code: `${HEADER}
from pyspark.ml.feature import RFormula
r_formula = RFormula(<FILL_IN>)
lr = <FILL_IN>
pipeline = Pipeline(stages=[r_formula, lr])
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
lr2 = LogisticRegression(featuresCol=<FILL_IN>)
Pipeline(stages=[indexer, lr2])
Pipeline(stages=[indexer, LogisticRegression(...)])
`,
    },
    {
      name: 'sparkdl and xgboost.spark estimators are not Spark ML estimators',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.feature import StringIndexer
from sparkdl.xgboost import XgboostRegressor
from xgboost.spark import SparkXGBRegressor
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
Pipeline(stages=[indexer, XgboostRegressor(labelCol="y", missing=0.0)])
Pipeline(stages=[indexer, SparkXGBRegressor(features_col=["plan_idx", "tenure"], label_col="y")])
`,
    },
    {
      name: 'a featuresCol that is not a literal',
      code: `${HEADER}
Pipeline(stages=[LogisticRegression(featuresCol=FEATURES)])
`,
    },
    {
      name: 'fit on a DataFrame that came out of a VectorAssembler',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["a", "b"], outputCol="features")
train = assembler.transform(raw_df).select("features", "label")
Pipeline(stages=[LogisticRegression()]).fit(train)
`,
    },
    {
      name: 'a CrossValidator around the pipeline fit on assembled data',
      code: `${HEADER}
from pyspark.ml.tuning import CrossValidator
data = VectorAssembler(inputCols=["a"], outputCol="features").transform(df)
train, test = data.randomSplit([0.8, 0.2])
pipeline = Pipeline(stages=[LogisticRegression()])
cv = CrossValidator(estimator=pipeline, estimatorParamMaps=grid, evaluator=evaluator)
cv.fit(train)
`,
    },
    {
      name: 'a pipeline not fit in the file, with an assembler transform elsewhere',
      code: `${HEADER}
assembled = VectorAssembler(inputCols=["a"], outputCol="features").transform(df)
def build():
    return Pipeline(stages=[LogisticRegression()])
`,
    },
    {
      name: 'libsvm data already has a "features" vector',
      code: `${HEADER}
data = spark.read.format("libsvm").load("/data/sample_libsvm_data.txt")
Pipeline(stages=[LogisticRegression(maxIter=10)]).fit(data)
`,
    },
    {
      name: 'scikit-learn LogisticRegression',
      code: `
from pyspark.ml import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline as SkPipeline
SkPipeline([("lr", LogisticRegression())])
Pipeline(stages=[LogisticRegression()])
`,
    },
    {
      name: 'xgboost.spark with a features_col list',
      code: `
from pyspark.ml import Pipeline
from xgboost.spark import SparkXGBClassifier
Pipeline(stages=[SparkXGBClassifier(features_col=["a", "b"], label_col="y")])
`,
    },
    {
      name: 'a local class named LogisticRegression, a local Pipeline',
      code: `
from pyspark.ml import Pipeline
class LogisticRegression:
    pass
Pipeline(stages=[LogisticRegression()])
def Pipeline2(stages):
    return stages
from pyspark.ml.classification import LinearRegression
class Pipeline:
    def __init__(self, stages):
        pass
Pipeline(stages=[LinearRegression()])
`,
    },
    {
      name: 'the pattern in a comment and a string',
      code: `${HEADER}
# Pipeline(stages=[LogisticRegression()])
doc = "Pipeline(stages=[LogisticRegression()])"
`,
    },
    {
      name: 'partial code mid-edit',
      code: `${HEADER}
Pipeline(stages=[StringIndexer(inputCol="a", outputCol="b"), LogisticRegression(
`,
    },
    {
      name: 'an assembler writing another column (MLT104 reports that)',
      code: `${HEADER}
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), LogisticRegression()])
`,
    },
    {
      name: 'an estimator built in a loop',
      code: `${HEADER}
for reg in [0.1, 0.01]:
    lr = LogisticRegression(regParam=reg)
Pipeline(stages=[lr])
`,
    },
    {
      name: 'IsotonicRegression on a plain double column',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.regression import IsotonicRegression
Pipeline(stages=[IsotonicRegression(featuresCol="x", labelCol="y")])
`,
    },
    {
      name: 'helpers that return their stages with an assembler, return different lists, or come from another module',
      code: `${HEADER}
from preprocessing import imported_stages

def feature_stages(numeric):
    return [StringIndexer(inputCol="plan", outputCol="plan_idx"), VectorAssembler(inputCols=numeric + ["plan_idx"], outputCol="features")]

def either(with_plan):
    if with_plan:
        return [StringIndexer(inputCol="plan", outputCol="plan_idx")]
    return [VectorAssembler(inputCols=["age"], outputCol="features")]

Pipeline(stages=feature_stages(["age"]) + [LogisticRegression()])
Pipeline(stages=either(True) + [LogisticRegression()])
Pipeline(stages=imported_stages() + [LogisticRegression()])
`,
    },
    {
      name: 'HashingTF writes "features" (the Spark guide pipeline), its input read with getOutputCol()',
      code: `${HEADER}from pyspark.ml.feature import HashingTF, Tokenizer
tokenizer = Tokenizer(inputCol="text", outputCol="words")
hashing_tf = HashingTF(inputCol=tokenizer.getOutputCol(), outputCol="features")
lr = LogisticRegression(maxIter=10, regParam=0.001)
pipeline = Pipeline(stages=[tokenizer, hashing_tf, lr])
`,
    },
    {
      name: 'a VectorIndexer writes the featuresCol a tree reads',
      code: `${HEADER}from pyspark.ml.classification import DecisionTreeClassifier
from pyspark.ml.feature import VectorIndexer
assembler = VectorAssembler(inputCols=["a", "b"], outputCol="raw")
indexer = VectorIndexer(inputCol="raw", outputCol="indexedFeatures", maxCategories=4)
dt = DecisionTreeClassifier(featuresCol="indexedFeatures")
pipeline = Pipeline(stages=[assembler, indexer, dt])
`,
    },
  ],
  fixes: [
    {
      name: 'inserts the assembler of what a helper\'s stages encode before the estimator, in the caller\'s list',
      code: `${HEADER}
categorical = ["plan", "region"]

def feature_stages():
    stages = []
    for column in categorical:
        stages += [StringIndexer(inputCol=column, outputCol=column + "_idx"), OneHotEncoder(inputCol=column + "_idx", outputCol=column + "_vec")]
    return stages

pipeline = Pipeline(stages=feature_stages() + [LogisticRegression(labelCol="churned")])
`,
      output: `${HEADER}
categorical = ["plan", "region"]

def feature_stages():
    stages = []
    for column in categorical:
        stages += [StringIndexer(inputCol=column, outputCol=column + "_idx"), OneHotEncoder(inputCol=column + "_idx", outputCol=column + "_vec")]
    return stages

pipeline = Pipeline(stages=feature_stages() + [VectorAssembler(inputCols=["plan_vec", "region_vec"], outputCol="features"), LogisticRegression(labelCol="churned")])
`,
    },
    {
      name: 'inserts an assembler of the encoder outputs, one stage per line, and its name in the import from pyspark.ml.feature',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import OneHotEncoder, StringIndexer

pipeline = Pipeline(stages=[
    StringIndexer(inputCols=["plan", "region"], outputCols=["plan_idx", "region_idx"]),
    OneHotEncoder(inputCols=["plan_idx", "region_idx"], outputCols=["plan_vec", "region_vec"]),
    LogisticRegression(labelCol="churned"),
])
`,
      output: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler

pipeline = Pipeline(stages=[
    StringIndexer(inputCols=["plan", "region"], outputCols=["plan_idx", "region_idx"]),
    OneHotEncoder(inputCols=["plan_idx", "region_idx"], outputCols=["plan_vec", "region_vec"]),
    VectorAssembler(inputCols=["plan_vec", "region_vec"], outputCol="features"),
    LogisticRegression(labelCol="churned"),
])
`,
    },
    {
      name: 'an import from pyspark.ml.feature under an alias: VectorAssembler joins it after the alias',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import OneHotEncoder as OHE, StringIndexer  # encoders

pipeline = Pipeline(stages=[
    StringIndexer(inputCols=["plan"], outputCols=["plan_idx"]),
    OHE(inputCols=["plan_idx"], outputCols=["plan_vec"]),
    LogisticRegression(labelCol="churned"),
])
`,
      output: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import OneHotEncoder as OHE, StringIndexer, VectorAssembler  # encoders

pipeline = Pipeline(stages=[
    StringIndexer(inputCols=["plan"], outputCols=["plan_idx"]),
    OHE(inputCols=["plan_idx"], outputCols=["plan_vec"]),
    VectorAssembler(inputCols=["plan_vec"], outputCol="features"),
    LogisticRegression(labelCol="churned"),
])
`,
    },
    {
      name: 'inline list, module alias, explicit featuresCol; unsafe: the scaler reads "raw", a vector made before the pipeline, so the data may hold "vec" too (an assembler writing it would raise)',
      code: `
import pyspark.ml.feature as F
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression

scaler = F.MinMaxScaler(inputCol="raw", outputCol="scaled")
Pipeline(stages=[scaler, LogisticRegression(featuresCol="vec")])
`,
      output: `
import pyspark.ml.feature as F
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression

scaler = F.MinMaxScaler(inputCol="raw", outputCol="scaled")
Pipeline(stages=[scaler, F.VectorAssembler(inputCols=["scaled"], outputCol="vec"), LogisticRegression(featuresCol="vec")])
`,
      safety: 'unsafe',
    },
    {
      name: 'the label a StringIndexer indexes and the weight column are not assembled into the features',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression, NaiveBayes
from pyspark.ml.feature import HashingTF, StringIndexer, Tokenizer

tokens = Tokenizer(inputCol="text", outputCol="tokens")
tf = HashingTF(inputCol="tokens", outputCol="tf")
labels = StringIndexer(inputCol="category", outputCol="y")
weights = StringIndexer(inputCol="tier", outputCol="w")
Pipeline(stages=[tokens, tf, labels, weights, LogisticRegression(labelCol="y", weightCol="w")])
`,
      output: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression, NaiveBayes
from pyspark.ml.feature import HashingTF, StringIndexer, Tokenizer, VectorAssembler

tokens = Tokenizer(inputCol="text", outputCol="tokens")
tf = HashingTF(inputCol="tokens", outputCol="tf")
labels = StringIndexer(inputCol="category", outputCol="y")
weights = StringIndexer(inputCol="tier", outputCol="w")
Pipeline(stages=[tokens, tf, labels, weights, VectorAssembler(inputCols=["tf"], outputCol="features"), LogisticRegression(labelCol="y", weightCol="w")])
`,
    },
    {
      name: 'a classifier given no labelCol reads "label": an indexer writing "label" is not assembled',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression, NaiveBayes
from pyspark.ml.feature import HashingTF, StringIndexer, Tokenizer

Pipeline(stages=[Tokenizer(inputCol="text", outputCol="tokens"), HashingTF(inputCol="tokens", outputCol="tf"), StringIndexer(inputCol="category", outputCol="label"), NaiveBayes()])
`,
      output: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression, NaiveBayes
from pyspark.ml.feature import HashingTF, StringIndexer, Tokenizer, VectorAssembler

Pipeline(stages=[Tokenizer(inputCol="text", outputCol="tokens"), HashingTF(inputCol="tokens", outputCol="tf"), StringIndexer(inputCol="category", outputCol="label"), VectorAssembler(inputCols=["tf"], outputCol="features"), NaiveBayes()])
`,
    },
    {
      name: 'AFTSurvivalRegression reads its censor column ("censor" unless set): not assembled into the features',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.feature import StringIndexer
from pyspark.ml.regression import AFTSurvivalRegression

Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), StringIndexer(inputCol="status", outputCol="censor"), AFTSurvivalRegression(labelCol="tenure")])
`,
      output: `
from pyspark.ml import Pipeline
from pyspark.ml.feature import StringIndexer, VectorAssembler
from pyspark.ml.regression import AFTSurvivalRegression

Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), StringIndexer(inputCol="status", outputCol="censor"), VectorAssembler(inputCols=["plan_idx"], outputCol="features"), AFTSurvivalRegression(labelCol="tenure")])
`,
    },
    {
      name: 'a placeholder when the only column the earlier stages write is the label',
      safety: 'unsafe',
      fixTitle: 'placeholder',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression, NaiveBayes
from pyspark.ml.feature import HashingTF, StringIndexer, Tokenizer

Pipeline(stages=[StringIndexer(inputCol="category", outputCol="y"), LogisticRegression(labelCol="y")])
`,
      output: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression, NaiveBayes
from pyspark.ml.feature import HashingTF, StringIndexer, Tokenizer, VectorAssembler

Pipeline(stages=[StringIndexer(inputCol="category", outputCol="y"), VectorAssembler(inputCols=["<feature columns>"], outputCol="features"), LogisticRegression(labelCol="y")])
`,
    },
    {
      name: 'a placeholder when the label column is computed',
      safety: 'unsafe',
      fixTitle: 'placeholder',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression, NaiveBayes
from pyspark.ml.feature import HashingTF, StringIndexer, Tokenizer

Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), LogisticRegression(labelCol=target_column())])
`,
      output: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression, NaiveBayes
from pyspark.ml.feature import HashingTF, StringIndexer, Tokenizer, VectorAssembler

Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), VectorAssembler(inputCols=["<feature columns>"], outputCol="features"), LogisticRegression(labelCol=target_column())])
`,
    },
    {
      name: 'a placeholder when the feature columns are unknown',
      safety: 'unsafe',
      fixTitle: 'placeholder',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression

Pipeline(stages=[LogisticRegression()]).fit(spark.read.csv("/data/churn.csv", header=True))
`,
      output: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import VectorAssembler

Pipeline(stages=[VectorAssembler(inputCols=["<feature columns>"], outputCol="features"), LogisticRegression()]).fit(spark.read.csv("/data/churn.csv", header=True))
`,
    },
    {
      name: 'inserts the assembler of comprehension-built encoders into the list literal',
      code: `${HEADER}
cat_cols = ["plan", "region"]
indexers = [StringIndexer(inputCol=c, outputCol=c + "_idx") for c in cat_cols]
encoders = [OneHotEncoder(inputCol=c + "_idx", outputCol=c + "_vec") for c in cat_cols]
Pipeline(stages=indexers + encoders + [LogisticRegression()])
`,
      output: `${HEADER}
cat_cols = ["plan", "region"]
indexers = [StringIndexer(inputCol=c, outputCol=c + "_idx") for c in cat_cols]
encoders = [OneHotEncoder(inputCol=c + "_idx", outputCol=c + "_vec") for c in cat_cols]
Pipeline(stages=indexers + encoders + [VectorAssembler(inputCols=["plan_vec", "region_vec"], outputCol="features"), LogisticRegression()])
`,
    },
    {
      name: 'moves a later assembler before the estimator',
      fixTitle: 'Move the VectorAssembler',
      code: `${HEADER}
stages = [
    StringIndexer(inputCol="plan", outputCol="plan_idx"),
    LogisticRegression(),
    VectorAssembler(inputCols=["plan_idx", "tenure"], outputCol="features"),
]
Pipeline(stages=stages)
`,
      output: `${HEADER}
stages = [
    StringIndexer(inputCol="plan", outputCol="plan_idx"),
    VectorAssembler(inputCols=["plan_idx", "tenure"], outputCol="features"),
    LogisticRegression(),
]
Pipeline(stages=stages)
`,
    },
  ],
});
