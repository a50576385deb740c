# Databricks notebook source
# MAGIC %md
# MAGIC # Shared setup for the churn notebooks
# MAGIC
# MAGIC Run by the notebooks next to this folder with `%run ./includes/setup`: the imports, the
# MAGIC Unity Catalog names, the feature columns and the feature assembler they share.

# COMMAND ----------

import mlflow
from mlflow import MlflowClient
from mlflow.models import infer_signature
from pyspark.ml import Pipeline
from pyspark.ml.classification import GBTClassifier, LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder

mlflow.set_registry_uri("databricks-uc")
client = MlflowClient()

CATALOG = "ml_practice"
SCHEMA = "churn"
MODEL_NAME = f"{CATALOG}.{SCHEMA}.churn_gbt"
LABEL = "churned"
CV_FOLDS = 10

# COMMAND ----------

NUMERIC_FEATURES = ["tenure_months", "monthly_charges", "support_calls"]
plan_indexer = StringIndexer(inputCol="plan", outputCol="plan_index", handleInvalid="keep")
plan_encoder = OneHotEncoder(inputCol="plan_index", outputCol="plan_vec")
assembler = VectorAssembler(inputCols=NUMERIC_FEATURES + ["plan_vec"], outputCol="churn_features")
evaluator = BinaryClassificationEvaluator(labelCol=LABEL, metricName="areaUnderROC")
