import { mlt104FeaturesColumnMismatch } from '../../rules/mlt104-features-column-mismatch';
import { describeRule } from '../support/ruleTester';

const HEADER = `from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression, RandomForestClassifier
from pyspark.ml.feature import StandardScaler, StringIndexer, VectorAssembler
`;

describeRule(mlt104FeaturesColumnMismatch, {
  flagged: [
    {
      name: 'the outputCol after a backslash continuation inside the call',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "charges"], \\
                            outputCol="vec")
pipeline = Pipeline(stages=[assembler, \\
                            LogisticRegression(labelCol="churned")])
`,
      findings: [{ line: 8, column: 29, message: 'LogisticRegression reads featuresCol "features" (the default), but the VectorAssembler before it writes "vec": the pipeline fails at fit()' }],
    },
    {
      name: 'an assembler given no outputCol writes "<uid>__output", not "features" (Spark\'s HasOutputCol default), also inline',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "charges"])
pipeline = Pipeline(stages=[assembler, LogisticRegression(labelCol="churned")])
Pipeline(stages=[VectorAssembler(inputCols=["a"]), LogisticRegression()])
`,
      findings: [
        {
          line: 6,
          column: 40,
          message: 'LogisticRegression reads featuresCol "features" (the default), but the VectorAssembler before it sets no outputCol, so it writes a column named after its uid, such as "VectorAssembler_3f2a9c1d7b4e__output": the pipeline fails at fit()',
        },
        { line: 7, column: 52 },
      ],
    },
    {
      name: 'assembler outputCol vs the default "features"',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "charges"], outputCol="feature_vector")
lr = LogisticRegression(labelCol="churned")
pipeline = Pipeline(stages=[assembler, lr])
`,
      findings: [
        { line: 7, column: 40, message: 'LogisticRegression reads featuresCol "features" (the default), but the VectorAssembler before it writes "feature_vector": the pipeline fails at fit()' },
      ],
    },
    {
      name: 'an explicit featuresCol: flagged at its literal',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "charges"], outputCol="features")
rf = RandomForestClassifier(labelCol="churned", featuresCol="feature_vec")
Pipeline(stages=[assembler, rf])
`,
      findings: [{ line: 6, column: 61, message: 'RandomForestClassifier reads featuresCol "feature_vec", but the VectorAssembler before it writes "features"' }],
    },
    {
      name: 'inline stages, with an indexer between them',
      code: `${HEADER}
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), StringIndexer(inputCol="y", outputCol="label"), LogisticRegression()])
`,
      findings: [{ line: 5, column: 117 }],
    },
    {
      name: 'setter chains and setter statements',
      code: `${HEADER}
assembler = VectorAssembler().setInputCols(["a", "b"]).setOutputCol("assembled")
lr = LogisticRegression()
lr.setFeaturesCol("features_vec")
Pipeline().setStages([assembler, lr])
`,
      findings: [{ line: 7, column: 19, message: 'reads featuresCol "features_vec", but the VectorAssembler before it writes "assembled"' }],
    },
    {
      name: 'import aliases',
      code: `
import pyspark.ml.feature as F
from pyspark.ml import Pipeline as P
from pyspark.ml.regression import GBTRegressor as GBT
P(stages=[F.VectorAssembler(inputCols=["x"], outputCol="x_vec"), GBT(labelCol="y")])
`,
      findings: [{ line: 4, column: 66, message: 'GBTRegressor reads featuresCol "features" (the default)' }],
    },
    {
      name: 'stages across notebook cells',
      code: `# Databricks notebook source
${HEADER}
# COMMAND ----------

assembler = VectorAssembler(inputCols=["tenure"], outputCol="tenure_vec")

# COMMAND ----------

from pyspark.ml.clustering import KMeans
kmeans = KMeans(k=4)
stages = [assembler, kmeans]
Pipeline(stages=stages)
`,
      findings: [{ line: 14, column: 22, message: 'KMeans reads featuresCol "features"' }],
    },
    {
      name: 'an outputCol bound to a name',
      code: `${HEADER}
VECTOR = "assembled"
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol=VECTOR), LogisticRegression(featuresCol="features")])
`,
      findings: [{ line: 6, column: 101, message: 'but the VectorAssembler before it writes "assembled"' }],
    },
    {
      name: 'module-alias estimator after an assembler fed by a comprehension',
      code: `
import pyspark.ml.regression as reg
from pyspark.ml import Pipeline
from pyspark.ml.feature import VectorAssembler
num_cols = ["tenure", "charges"]
assembler = VectorAssembler(inputCols=[f"{c}_scaled" for c in num_cols], outputCol="vec")
Pipeline(stages=[assembler, reg.LinearRegression(labelCol="y")]).fit(spark.table("t"))
`,
      findings: [{ line: 6, column: 29, message: 'LinearRegression reads featuresCol "features" (the default), but the VectorAssembler before it writes "vec": the pipeline fails at fit()' }],
    },
    {
      name: 'a TrainValidationSplit staged after the assembler, the estimator inside reads the default',
      code: `${HEADER}
from pyspark.ml.tuning import TrainValidationSplit
tvs = TrainValidationSplit(estimator=RandomForestClassifier(labelCol="y"), estimatorParamMaps=grid, evaluator=evaluator)
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), tvs])
`,
      findings: [{ line: 7, column: 69, message: 'RandomForestClassifier in the TrainValidationSplit reads featuresCol "features" (the default), but the VectorAssembler before it writes "vec"' }],
    },
    {
      name: 'an estimator bound in if/else arms that agree',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import GBTClassifier, RandomForestClassifier
from pyspark.ml.feature import VectorAssembler
if boosted:
    clf = GBTClassifier(labelCol="y")
else:
    clf = RandomForestClassifier(labelCol="y")
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), clf])
`,
      findings: [{ line: 8, column: 69, message: 'GBTClassifier or RandomForestClassifier reads featuresCol "features" (the default)' }],
    },
    {
      name: 'the assembled vector goes through a scaler (and PCA) and reaches the estimator under another name',
      code: `${HEADER}
from pyspark.ml.feature import PCA
assembler = VectorAssembler(inputCols=["tenure", "charges"], outputCol="raw")
scaler = StandardScaler(inputCol="raw", outputCol="scaled")
Pipeline(stages=[assembler, scaler, LogisticRegression(featuresCol="scaledFeatures")])
Pipeline(stages=[assembler, scaler, PCA(k=2, inputCol="scaled", outputCol="components"), RandomForestClassifier()])
`,
      findings: [
        { line: 8, column: 68, message: 'LogisticRegression reads featuresCol "scaledFeatures", but the StandardScaler before it writes the assembled vector as "scaled": the pipeline fails at fit()' },
        { line: 9, column: 90, message: 'RandomForestClassifier reads featuresCol "features" (the default), but the PCA before it writes the assembled vector as "components"' },
      ],
    },
  ],
  silent: [
    {
      name: 'matching columns, the arguments continued with backslashes inside the calls',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "charges"], \\
                            outputCol="vec")
pipeline = Pipeline(stages=[assembler, \\
                            LogisticRegression(featuresCol="vec", \\
                                               labelCol="churned")])
`,
    },
    {
      name: 'an assembler whose outputCol a setter names, or that the estimator reads through getOutputCol()',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "charges"])
assembler.setOutputCol("features")
Pipeline(stages=[assembler, LogisticRegression(labelCol="churned")])
other = VectorAssembler(inputCols=["tenure"])
Pipeline(stages=[other, RandomForestClassifier(featuresCol=other.getOutputCol())])
`,
    },
    {
      name: 'a pipeline staged in another one, after a stage that writes the column',
      code: `${HEADER}
inner = Pipeline(stages=[VectorAssembler(inputCols=["b"], outputCol="extra"), LogisticRegression()])
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="features"), inner])
`,
    },
    {
      name: 'fit on a DataFrame that already has the column the estimator reads',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import VectorAssembler
base = VectorAssembler(inputCols=["a", "b"], outputCol="features").transform(df)
Pipeline(stages=[VectorAssembler(inputCols=["c"], outputCol="extra"), LogisticRegression()]).fit(base)
with_vec = df.withColumn("features", vec_col)
Pipeline(stages=[VectorAssembler(inputCols=["c"], outputCol="extra2"), LogisticRegression(maxIter=5)]).fit(with_vec)
`,
    },
    {
      name: 'if/else arms that disagree on the featuresCol',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import VectorAssembler
if wide:
    clf = LogisticRegression(featuresCol="vec")
else:
    clf = LogisticRegression()
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), clf])
`,
    },
    {
      name: 'the default names match',
      code: `${HEADER}
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="features"), LogisticRegression()])
`,
    },
    {
      name: 'explicit names match',
      code: `${HEADER}
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), LogisticRegression(featuresCol="vec")])
`,
    },
    {
      name: 'a scaler between them writes the estimator\'s column',
      code: `${HEADER}
Pipeline(stages=[
    VectorAssembler(inputCols=["a", "b"], outputCol="raw_features"),
    StandardScaler(inputCol="raw_features", outputCol="features"),
    LogisticRegression(),
])
`,
    },
    {
      name: 'the assembler\'s vector feeds a stage between them',
      code: `${HEADER}
from pyspark.ml.feature import PCA
Pipeline(stages=[VectorAssembler(inputCols=["a", "b"], outputCol="raw"), PCA(k=2, inputCol="raw", outputCol="pca"), LogisticRegression(featuresCol="pca")])
`,
    },
    {
      name: 'an outputCol that is not a literal',
      code: `${HEADER}
def build(vector_col):
    return Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol=vector_col), LogisticRegression()])
`,
    },
    {
      name: 'a featuresCol that is not a literal, or set by **kwargs',
      code: `${HEADER}
def build(col, params):
    Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), LogisticRegression(featuresCol=col)])
    Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), LogisticRegression(**params)])
`,
    },
    {
      name: 'no assembler at all (MLT101\'s trap)',
      code: `${HEADER}
Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), LogisticRegression()])
`,
    },
    {
      name: 'assembler and estimator in different pipelines',
      code: `${HEADER}
prep = Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec")])
model = Pipeline(stages=[LogisticRegression()])
`,
    },
    {
      name: 'an earlier assembler writes the estimator\'s column',
      code: `${HEADER}
Pipeline(stages=[
    VectorAssembler(inputCols=["a", "b"], outputCol="features"),
    VectorAssembler(inputCols=["c"], outputCol="extra"),
    LogisticRegression(),
])
`,
    },
    {
      name: 'IsotonicRegression on a plain numeric column',
      code: `${HEADER}
from pyspark.ml.regression import IsotonicRegression
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), IsotonicRegression(featuresCol="score", labelCol="y")])
`,
    },
    {
      name: 'non-Spark estimators and local classes',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.feature import VectorAssembler
from xgboost.spark import SparkXGBClassifier
class LogisticRegression:
    pass
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), SparkXGBClassifier(features_col=["a"]), LogisticRegression()])
`,
    },
    {
      name: 'an incomplete stage list, comments and strings',
      code: `${HEADER}
extra = [make_stage(c) for c in cols]
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec")] + extra + [LogisticRegression()])
# Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), LogisticRegression()])
text = 'Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), LogisticRegression()])'
`,
    },
    {
      name: 'the estimator reads the unscaled assembled vector (a scaler beside it), or a vector stage reads two columns on the way',
      code: `${HEADER}
from pyspark.ml.feature import Interaction
assembler = VectorAssembler(inputCols=["tenure", "charges"], outputCol="features")
Pipeline(stages=[assembler, StandardScaler(inputCol="features", outputCol="scaled"), LogisticRegression()])
Pipeline(stages=[
    VectorAssembler(inputCols=["a", "b"], outputCol="raw"),
    Interaction(inputCols=["raw", "segment_vec"], outputCol="crossed"),
    LogisticRegression(),
])
`,
    },
    {
      name: 'one assembler in two pipelines, each estimator reading the column that reaches it',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["a", "b"], outputCol="raw_features")
scaled = Pipeline(stages=[assembler, StandardScaler(inputCol="raw_features", outputCol="features"), LogisticRegression()])
unscaled = Pipeline(stages=[assembler, LogisticRegression(featuresCol="raw_features")])
`,
    },
  ],
  fixes: [
    {
      name: 'an assembler given no outputCol: name its output after what the estimator reads',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "charges"])
pipeline = Pipeline(stages=[assembler, RandomForestClassifier(featuresCol="vec")])
`,
      output: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "charges"], outputCol="vec")
pipeline = Pipeline(stages=[assembler, RandomForestClassifier(featuresCol="vec")])
`,
    },
    {
      name: 'sets the featuresCol to the column the scaler writes the assembled vector as',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "charges"], outputCol="raw")
scaler = StandardScaler(inputCol="raw", outputCol="scaled")
Pipeline(stages=[assembler, scaler, LogisticRegression(featuresCol="scaledFeatures")])
`,
      output: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "charges"], outputCol="raw")
scaler = StandardScaler(inputCol="raw", outputCol="scaled")
Pipeline(stages=[assembler, scaler, LogisticRegression(featuresCol="scaled")])
`,
    },
    {
      name: 'sets the featuresCol of the estimator inside a CrossValidator stage',
      code: `${HEADER}
from pyspark.ml.tuning import CrossValidator
cv = CrossValidator(estimator=LogisticRegression(labelCol="y"), estimatorParamMaps=grid, evaluator=evaluator)
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), cv])
`,
      output: `${HEADER}
from pyspark.ml.tuning import CrossValidator
cv = CrossValidator(estimator=LogisticRegression(labelCol="y", featuresCol="vec"), estimatorParamMaps=grid, evaluator=evaluator)
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), cv])
`,
    },
    {
      name: 'adds featuresCol to the estimator call',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "charges"], outputCol="feature_vector")
lr = LogisticRegression(labelCol="churned")
pipeline = Pipeline(stages=[assembler, lr])
`,
      output: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "charges"], outputCol="feature_vector")
lr = LogisticRegression(labelCol="churned", featuresCol="feature_vector")
pipeline = Pipeline(stages=[assembler, lr])
`,
    },
    {
      name: 'adds featuresCol to an empty call',
      code: `${HEADER}
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), LogisticRegression()])
`,
      output: `${HEADER}
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), LogisticRegression(featuresCol="vec")])
`,
    },
    {
      name: 'keeps a one-argument-per-line layout',
      code: `${HEADER}
rf = RandomForestClassifier(
    labelCol="churned",
    numTrees=100,
)
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), rf])
`,
      output: `${HEADER}
rf = RandomForestClassifier(
    labelCol="churned",
    numTrees=100,
    featuresCol="vec",
)
Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="vec"), rf])
`,
    },
    {
      name: 'replaces an explicit featuresCol literal, keeping its quotes',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=['a'], outputCol='features')
rf = RandomForestClassifier(labelCol='churned', featuresCol='feature_vec')
Pipeline(stages=[assembler, rf])
`,
      output: `${HEADER}
assembler = VectorAssembler(inputCols=['a'], outputCol='features')
rf = RandomForestClassifier(labelCol='churned', featuresCol='features')
Pipeline(stages=[assembler, rf])
`,
    },
  ],
});
