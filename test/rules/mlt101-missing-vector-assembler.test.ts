import { mlt101MissingVectorAssembler } from '../../rules/mlt101-missing-vector-assembler';
import { describeRule } from '../support/ruleTester';

const HEADER = `from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
`;

describeRule(mlt101MissingVectorAssembler, {
  flagged: [
    {
      name: 'indexer and encoder straight into LogisticRegression',
      code: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
lr = LogisticRegression(labelCol="churned")
pipeline = Pipeline(stages=[indexer, encoder, lr])
`,
      findings: [{ line: 8, column: 47, message: 'LogisticRegression reads the vector column "features", but no earlier stage produces it: add a VectorAssembler' }],
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
      findings: [{ line: 6, column: 18, message: 'the VectorAssembler that produces it comes later in the stages' }],
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

Pipeline(stages=[LinearSVC()])
Pipeline(stages=[NaiveBayes(smoothing=1.0)])
`,
      findings: [
        { line: 4, column: 18 },
        { line: 5, column: 18 },
      ],
    },
  ],
  silent: [
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
      name: 'an incomplete stages list',
      code: `${HEADER}
indexers = [StringIndexer(inputCol=c, outputCol=c + "_idx") for c in cols]
Pipeline(stages=indexers + [LogisticRegression()])
stages = []
stages.append(LogisticRegression())
Pipeline(stages=stages)
Pipeline(stages=[*more_stages, LogisticRegression()])
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
  ],
  fixes: [
    {
      name: 'inserts an assembler of the encoder outputs, one stage per line, and the import',
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
from pyspark.ml.feature import OneHotEncoder, StringIndexer
from pyspark.ml.feature import VectorAssembler

pipeline = Pipeline(stages=[
    StringIndexer(inputCols=["plan", "region"], outputCols=["plan_idx", "region_idx"]),
    OneHotEncoder(inputCols=["plan_idx", "region_idx"], outputCols=["plan_vec", "region_vec"]),
    VectorAssembler(inputCols=["plan_vec", "region_vec"], outputCol="features"),
    LogisticRegression(labelCol="churned"),
])
`,
    },
    {
      name: 'inline list, module alias, explicit featuresCol',
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
    },
    {
      name: 'a placeholder when the feature columns are unknown',
      safety: 'unsafe',
      fixTitle: 'placeholder',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression

Pipeline(stages=[LogisticRegression()])
`,
      output: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import VectorAssembler

Pipeline(stages=[VectorAssembler(inputCols=["<feature columns>"], outputCol="features"), LogisticRegression()])
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
