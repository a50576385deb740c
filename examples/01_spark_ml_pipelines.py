# Databricks notebook source
# MAGIC %md
# MAGIC # Spark ML pipelines: predicting customer churn
# MAGIC
# MAGIC Practice notebook for the Spark ML part of the Databricks ML Professional exam.
# MAGIC We build several pipelines on the same churn table and compare them:
# MAGIC
# MAGIC 1. logistic regression on indexed, one-hot encoded and assembled features;
# MAGIC 2. the same features written as an R formula;
# MAGIC 3. scaled numeric features;
# MAGIC 4. a random forest and a gradient-boosted tree model;
# MAGIC 5. a linear SVM and a decision tree;
# MAGIC 6. tuning the logistic regression and the forest.
# MAGIC
# MAGIC Lint it with `npx mltraps examples/` or open it in VS Code with mltraps installed.

# COMMAND ----------

import pyspark.ml.classification as cls
from pyspark.ml import Pipeline
from pyspark.ml.classification import DecisionTreeClassifier, LinearSVC, LogisticRegression, RandomForestClassifier
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import OneHotEncoder, RFormula, StandardScaler, StringIndexer, VectorAssembler
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder, TrainValidationSplit

# COMMAND ----------

customers = spark.read.table("ml_practice.churn.customers")
train_df, test_df = customers.randomSplit([0.8, 0.2], seed=42)
display(train_df.limit(5))

categorical_cols = ["plan", "region"]
numeric_cols = ["tenure_months", "monthly_charges", "support_calls"]

evaluator = BinaryClassificationEvaluator(labelCol="churned", metricName="areaUnderROC")

# COMMAND ----------

# MAGIC %md
# MAGIC ## 1. Index, encode, assemble, fit
# MAGIC StringIndexer turns each category into a number, OneHotEncoder turns the number into a
# MAGIC sparse vector, VectorAssembler puts every feature into one vector column. The column names
# MAGIC are built from the category list; a mistake in any of these stages only shows at `fit()`.

# COMMAND ----------

index_cols = [f"{c}_index" for c in categorical_cols]
vec_cols = [f"{c}_vec" for c in categorical_cols]
indexer = StringIndexer(inputCols=categorical_cols, outputCols=index_cols, handleInvalid="keep")
encoder = OneHotEncoder(inputCols=index_cols, outputCols=vec_cols)
assembler = VectorAssembler(inputCols=numeric_cols + vec_cols, outputCol="features")
lr = LogisticRegression(labelCol="churned", featuresCol="features", maxIter=50, regParam=0.01)

lr_pipeline = Pipeline(stages=[indexer, encoder, assembler, lr])
lr_model = lr_pipeline.fit(train_df)
print("logistic regression AUC:", evaluator.evaluate(lr_model.transform(test_df)))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 2. The same model from an R formula
# MAGIC RFormula indexes, encodes and assembles in one stage; its output column is `features`.

# COMMAND ----------

formula = RFormula(formula="churned ~ plan + region + tenure_months + monthly_charges + support_calls")
formula_lr = LogisticRegression(maxIter=50)
formula_model = Pipeline(stages=[formula, formula_lr]).fit(train_df)
print("R formula AUC:", evaluator.evaluate(formula_model.transform(test_df)))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 3. Scaled numeric features
# MAGIC The scaler reads the assembled vector and writes a new vector column for the estimator.

# COMMAND ----------

raw_assembler = VectorAssembler(inputCols=numeric_cols, outputCol="raw_features")
scaler = StandardScaler(inputCol="raw_features", outputCol="scaled_features", withMean=True)
scaled_lr = LogisticRegression(labelCol="churned", featuresCol="scaled_features")
scaled_model = Pipeline(stages=[raw_assembler, scaler, scaled_lr]).fit(train_df)

numeric_assembler = VectorAssembler(inputCols=numeric_cols, outputCol="features")
numeric_train = numeric_assembler.transform(train_df)
baseline = LogisticRegression(labelCol="churned").fit(numeric_train)
print("baseline AUC:", evaluator.evaluate(baseline.transform(numeric_assembler.transform(test_df))))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 4. Tree models
# MAGIC Trees do not need scaling. The random forest uses the plan and the numeric columns.

# COMMAND ----------

plan_encoder = OneHotEncoder(inputCol="plan_index", outputCol="plan_vec")
plan_indexer = StringIndexer(inputCol="plan", outputCol="plan_index", handleInvalid="keep")
rf_assembler = VectorAssembler(inputCols=numeric_cols + ["plan_vec"], outputCol="features")
rf = RandomForestClassifier(labelCol="churned", numTrees=200, maxDepth=8, seed=42)

rf_pipeline = Pipeline(stages=[plan_encoder, plan_indexer, rf_assembler, rf])
rf_model = rf_pipeline.fit(train_df)
print("random forest AUC:", evaluator.evaluate(rf_model.transform(test_df)))

# COMMAND ----------

# Gradient-boosted trees split on the indexed plan directly, no one-hot encoding needed.
gbt_indexer = StringIndexer(inputCol="plan", outputCol="plan_index", handleInvalid="keep")
gbt = cls.GBTClassifier(labelCol="churned", maxIter=30, maxDepth=5, seed=42)

gbt_pipeline = Pipeline(stages=[gbt_indexer, gbt])
gbt_model = gbt_pipeline.fit(train_df)
print("GBT AUC:", evaluator.evaluate(gbt_model.transform(test_df)))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 5. A linear SVM and a decision tree
# MAGIC The SVM uses the region, indexed and one-hot encoded; the decision tree splits on the
# MAGIC plan index and gets its own assembled vector column.

# COMMAND ----------

region_indexer = StringIndexer(inputCol="region", outputCol="region_index", handleInvalid="keep")
region_encoder = OneHotEncoder(inputCol="region_index", outputCol="region_vec")
svc_assembler = VectorAssembler(inputCols=numeric_cols + ["region"], outputCol="features")
svc = LinearSVC(labelCol="churned", maxIter=100, regParam=0.1)

svc_pipeline = Pipeline(stages=[region_indexer, region_encoder, svc_assembler, svc])
svc_model = svc_pipeline.fit(train_df)
print("linear SVM AUC:", evaluator.evaluate(svc_model.transform(test_df)))

# COMMAND ----------

tree_assembler = VectorAssembler(inputCols=numeric_cols + ["plan_index"], outputCol="tree_features")
tree = DecisionTreeClassifier(labelCol="churned", maxDepth=6, seed=42)

tree_pipeline = Pipeline(stages=[gbt_indexer, tree_assembler, tree])
tree_model = tree_pipeline.fit(train_df)
print("decision tree AUC:", evaluator.evaluate(tree_model.transform(test_df)))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 6. Tuning
# MAGIC Cross-validation over the regularisation of the logistic regression pipeline from
# MAGIC section 1, and a train/validation split over the size of the random forest.

# COMMAND ----------

lr_grid = (
    ParamGridBuilder()
    .addGrid(lr.regParam, [0.001, 0.01, 0.1, 1.0])
    .addGrid(lr.elasticNetParam, [0.0, 0.25, 0.5, 0.75, 1.0])
    .addGrid(lr.maxIter, [50, 100])
    .build()
)
cv = CrossValidator(estimator=lr_pipeline, estimatorParamMaps=lr_grid, evaluator=evaluator, numFolds=5, parallelism=4, seed=42)
cv_model = cv.fit(train_df)
print("tuned logistic regression AUC:", evaluator.evaluate(cv_model.bestModel.transform(test_df)))

# COMMAND ----------

rf_grid = ParamGridBuilder() \
    .addGrid(rf.numTrees, [100, 200, 400]) \
    .addGrid(rf.maxDepth, [5, 8]) \
    .build()
tvs = TrainValidationSplit(estimator=rf_pipeline, estimatorParamMaps=rf_grid, evaluator=evaluator, trainRatio=0.8, seed=42)
tvs_model = tvs.fit(train_df)
print("tuned random forest AUC:", evaluator.evaluate(tvs_model.bestModel.transform(test_df)))

# COMMAND ----------

# MAGIC %md
# MAGIC ## 7. A scikit-learn baseline on a sample
# MAGIC scikit-learn estimators take a pandas DataFrame; no VectorAssembler here.

# COMMAND ----------

from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.pipeline import Pipeline as SkPipeline
from sklearn.preprocessing import OneHotEncoder as SkOneHotEncoder

sample_pdf = train_df.sample(fraction=0.1, seed=42).toPandas()
sk_pipeline = SkPipeline([
    ("encode", ColumnTransformer([("categories", SkOneHotEncoder(handle_unknown="ignore"), categorical_cols)], remainder="passthrough")),
    ("model", SkLogisticRegression(max_iter=500)),
])
sk_pipeline.fit(sample_pdf[categorical_cols + numeric_cols], sample_pdf["churned"])

# COMMAND ----------

# MAGIC %md
# MAGIC ## 8. A tuned pipeline, tracked in MLflow
# MAGIC A shortcut: index the plan, assemble, and tune the logistic regression in one pipeline
# MAGIC fit on a fresh split. The run is logged to MLflow so that the next run can be compared with it.

# COMMAND ----------

import mlflow

tuning_train_df, tuning_holdout_df = customers.randomSplit([0.9, 0.1])
plan_indexer = StringIndexer(inputCol="plan", outputCol="plan_index", handleInvalid="keep")
plan_assembler = VectorAssembler(inputCols=numeric_cols + ["plan_index"], outputCol="features")
plan_tvs = TrainValidationSplit(estimator=lr, estimatorParamMaps=lr_grid, evaluator=evaluator, trainRatio=0.8, seed=42)
tuned_pipeline = Pipeline(stages=[plan_indexer, plan_assembler, plan_tvs])

with mlflow.start_run(run_name="tuned-plan-pipeline"):
    tuned_model = tuned_pipeline.fit(tuning_train_df)
    mlflow.log_metric("holdout_auc", evaluator.evaluate(tuned_model.transform(tuning_holdout_df)))
