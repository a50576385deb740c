import { mlt106CrossvalidatorInsidePipeline } from '../../rules/mlt106-crossvalidator-inside-pipeline';
import { describeRule } from '../support/ruleTester';

const HEADER = `from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import Imputer, OneHotEncoder, StandardScaler, StringIndexer, Tokenizer, HashingTF, VectorAssembler, MinHashLSH
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder, TrainValidationSplit
lr = LogisticRegression(labelCol="churned")
grid = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1]).build()
evaluator = BinaryClassificationEvaluator(labelCol="churned")
`;

describeRule(mlt106CrossvalidatorInsidePipeline, {
  flagged: [
    {
      name: 'a tuned Pipeline of trees whose stages setStages may replace before the fit',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.classification import DecisionTreeClassifier, LogisticRegression
        from pyspark.ml.feature import StandardScaler
        from pyspark.ml.tuning import CrossValidator
        sc = StandardScaler(inputCol="raw", outputCol="features")
        inner = Pipeline(stages=[DecisionTreeClassifier()])
        inner.setStages([LogisticRegression()])
        cv = CrossValidator(estimator=inner, estimatorParamMaps=grid, evaluator=evaluator)
        pipeline = Pipeline(stages=[sc, cv])
      `,
      findings: [{ line: 9, column: 33, message: 'CrossValidator is a pipeline stage after StandardScaler' }],
    },
    {
      name: 'a scaler in front of a tuned Pipeline that does more than trees (a PCA learns from the scaled features)',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.classification import DecisionTreeClassifier
        from pyspark.ml.feature import PCA, StandardScaler
        from pyspark.ml.tuning import CrossValidator
        sc = StandardScaler(inputCol="raw", outputCol="scaled")
        inner = Pipeline(stages=[PCA(k=3, inputCol="scaled", outputCol="features"), DecisionTreeClassifier()])
        cv = CrossValidator(estimator=inner, estimatorParamMaps=grid, evaluator=evaluator)
        pipeline = Pipeline(stages=[sc, cv])
      `,
      findings: [{ line: 8, column: 33, message: 'CrossValidator is a pipeline stage after StandardScaler, which learns from the data' }],
    },
    {
      name: 'StringIndexers made by a comprehension: named once, as stages',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.classification import LogisticRegression
        from pyspark.ml.feature import StringIndexer
        from pyspark.ml.tuning import CrossValidator
        lr = LogisticRegression()
        idx = [StringIndexer(inputCol=c, outputCol=c + "_idx") for c in ["plan", "region"]]
        cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=ev)
        p = Pipeline(stages=idx + [cv])
      `,
      findings: [{ line: 8, column: 28, message: 'CrossValidator is a pipeline stage after StringIndexer stages, which learn from the data: Pipeline.fit() fits them once' }],
    },
    {
      name: 'a StringIndexer writing "label" when setLabelCol makes the tuned model read another column',
      code: `${HEADER}
from pyspark.ml.classification import GBTClassifier
gbt = GBTClassifier(featuresCol="features").setLabelCol("churned")
indexer = StringIndexer(inputCol="plan", outputCol="label")
assembler = VectorAssembler(inputCols=["label", "tenure"], outputCol="features")
cv = CrossValidator(estimator=gbt, estimatorParamMaps=grid, evaluator=evaluator)
pipeline = Pipeline(stages=[indexer, assembler, cv])
`,
      findings: [{ line: 15, column: 49, message: 'CrossValidator is a pipeline stage after StringIndexer, which learns from the data' }],
    },
    {
      name: 'a StringIndexer of a feature column and a scaler before a tree model: the indexer still learns what the model reads',
      code: `${HEADER}
from pyspark.ml.classification import GBTClassifier
gbt = GBTClassifier(labelCol="label", featuresCol="features")
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
assembler = VectorAssembler(inputCols=["plan_idx", "tenure"], outputCol="raw")
scaler = StandardScaler(inputCol="raw", outputCol="features")
cv = CrossValidator(estimator=gbt, estimatorParamMaps=grid, evaluator=evaluator)
pipeline = Pipeline(stages=[indexer, assembler, scaler, cv])
`,
      findings: [{ line: 16, column: 57, message: 'CrossValidator is a pipeline stage after StringIndexer, which learns from the data' }],
    },
    {
      name: 'a scaler before a linear model: its statistics from every row reach the model',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "spend"], outputCol="raw")
scaler = StandardScaler(inputCol="raw", outputCol="features", withMean=True)
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)
pipeline = Pipeline(stages=[assembler, scaler, cv])
`,
      findings: [{ line: 13, column: 48, message: 'CrossValidator is a pipeline stage after StandardScaler, which learns from the data' }],
    },
    {
      name: 'the spec trap: indexer and encoder, then the CrossValidator as the last stage',
      code: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
assembler = VectorAssembler(inputCols=["plan_vec", "tenure"], outputCol="features")
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)
pipeline = Pipeline(stages=[indexer, encoder, assembler, cv])
`,
      findings: [{ line: 14, column: 58, message: 'CrossValidator is a pipeline stage after StringIndexer and OneHotEncoder, which learn from the data', severity: 'information' }],
    },
    {
      name: 'TrainValidationSplit written inline after a scaler, with a chained setter',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "spend"], outputCol="raw")
scaler = StandardScaler(inputCol="raw", outputCol="features")
pipeline = Pipeline(stages=[assembler, scaler, TrainValidationSplit(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator).setTrainRatio(0.8)])
`,
      findings: [{ line: 12, column: 48, message: 'TrainValidationSplit is a pipeline stage after StandardScaler, which learns from the data: Pipeline.fit() fits it once on all the rows it is given before TrainValidationSplit splits off its validation set' }],
    },
    {
      name: 'stages list through a name and setStages; an Imputer counts',
      code: `${HEADER}
imputer = Imputer(inputCols=["tenure"], outputCols=["tenure_filled"])
assembler = VectorAssembler(inputCols=["tenure_filled"], outputCol="features")
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, numFolds=5)
stages = [imputer, assembler, cv]
pipeline = Pipeline().setStages(stages)
`,
      findings: [{ line: 13, column: 31, message: 'after Imputer, which learns' }],
    },
    {
      name: 'a nested preprocessing Pipeline of estimators staged before the tuner',
      code: `${HEADER}
prep = Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")])
assembler = VectorAssembler(inputCols=["plan_vec"], outputCol="features")
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)
pipeline = Pipeline(stages=[prep, assembler, cv])
`,
      findings: [{ line: 13, column: 46, message: 'after StringIndexer and OneHotEncoder' }],
    },
    {
      name: 'module-alias classes in a Databricks notebook, the CrossValidator in a later cell',
      code: `# Databricks notebook source
import pyspark.ml.feature as F
import pyspark.ml.tuning as T
from pyspark.ml import Pipeline

indexer = F.StringIndexer(inputCol="plan", outputCol="plan_idx")

# COMMAND ----------

cv = T.CrossValidator(estimator=model, estimatorParamMaps=grid, evaluator=evaluator)
pipeline = Pipeline(stages=[indexer, F.VectorAssembler(inputCols=["plan_idx"], outputCol="features"), cv])
`,
      findings: [{ line: 11, column: 103, message: 'CrossValidator is a pipeline stage after StringIndexer' }],
    },
  ],
  silent: [
    {
      name: 'a tuned Pipeline of trees beside setStages on another pipeline',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.classification import DecisionTreeClassifier, LogisticRegression
        from pyspark.ml.feature import StandardScaler
        from pyspark.ml.tuning import CrossValidator
        preview = Pipeline()
        preview.setStages([LogisticRegression()])
        sc = StandardScaler(inputCol="raw", outputCol="features")
        cv = CrossValidator(estimator=Pipeline(stages=[DecisionTreeClassifier()]), estimatorParamMaps=grid, evaluator=evaluator)
        pipeline = Pipeline(stages=[sc, cv])
      `,
    },
    {
      name: 'a scaler in front of a tuner whose estimator is a Pipeline of tree models only',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.classification import DecisionTreeClassifier
        from pyspark.ml.feature import StandardScaler
        from pyspark.ml.tuning import CrossValidator
        sc = StandardScaler(inputCol="raw", outputCol="features")
        cv = CrossValidator(estimator=Pipeline(stages=[DecisionTreeClassifier()]), estimatorParamMaps=grid, evaluator=evaluator)
        pipeline = Pipeline(stages=[sc, cv])
      `,
    },
    {
      name: 'a scaler before a tree model (a split compares one feature with a threshold) and a StringIndexer that only indexes the label',
      code: `${HEADER}
from pyspark.ml.classification import GBTClassifier
gbt = GBTClassifier(labelCol="label", featuresCol="features").setMaxIter(5)
assembler = VectorAssembler(inputCols=["wind_speed", "power"], outputCol="raw")
scaler = StandardScaler(inputCol="raw", outputCol="features")
label_indexer = StringIndexer(inputCol="status", outputCol="label")
cv = CrossValidator(estimator=gbt, estimatorParamMaps=grid, evaluator=evaluator)
pipeline = Pipeline(stages=[assembler, scaler, label_indexer, cv])
`,
    },
    {
      name: 'the correct form: the Pipeline inside the CrossValidator',
      code: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
assembler = VectorAssembler(inputCols=["plan_idx"], outputCol="features")
pipeline = Pipeline(stages=[indexer, assembler, lr])
cv = CrossValidator(estimator=pipeline, estimatorParamMaps=grid, evaluator=evaluator)
`,
    },
    {
      name: 'only pure transformers before the tuner (Tokenizer, HashingTF)',
      code: `${HEADER}
tokenizer = Tokenizer(inputCol="text", outputCol="words")
tf = HashingTF(inputCol="words", outputCol="features")
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)
pipeline = Pipeline(stages=[tokenizer, tf, cv])
`,
    },
    {
      name: 'a VectorAssembler alone before the tuner',
      code: `${HEADER}
assembler = VectorAssembler(inputCols=["tenure", "spend"], outputCol="features")
pipeline = Pipeline(stages=[assembler, TrainValidationSplit(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)])
`,
    },
    {
      name: 'an LSH estimator (random hash functions, nothing learned from the rows) before the tuner',
      code: `${HEADER}
lsh = MinHashLSH(inputCol="features", outputCol="hashes")
pipeline = Pipeline(stages=[lsh, CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)])
`,
    },
    {
      name: 'estimator stages after the tuner, not before it',
      code: `${HEADER}
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)
pipeline = Pipeline(stages=[cv, StringIndexer(inputCol="prediction", outputCol="prediction_idx")])
`,
    },
    {
      name: 'a local class called CrossValidator',
      code: `${HEADER.replace('CrossValidator, ', '')}
class CrossValidator:
    def __init__(self, **kwargs):
        pass
pipeline = Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), CrossValidator(estimator=lr)])
`,
    },
    {
      name: 'scikit-learn: a GridSearchCV after a scaler in an sklearn Pipeline',
      code: `
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
pipeline = Pipeline([("scale", StandardScaler()), ("search", GridSearchCV(model, grid))])
`,
    },
    {
      name: 'a stage of unknown origin before the tuner',
      code: `${HEADER}
pipeline = Pipeline(stages=[make_stage(), CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)])
`,
    },
  ],
  fixes: [],
});
