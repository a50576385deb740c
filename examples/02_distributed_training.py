# Databricks notebook source
# MAGIC %md
# MAGIC # Distributed training: one demand model per store
# MAGIC
# MAGIC Practice notebook for the distributed training part of the Databricks ML Professional
# MAGIC exam. The sales table holds two years of daily sales for 500 stores; we fit one small
# MAGIC regression model per store on the workers, score new data in parallel, and log the
# MAGIC results to MLflow.

# COMMAND ----------

import mlflow
import pandas as pd
from pyspark.sql.types import DoubleType, IntegerType, StringType, StructField, StructType
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error

FEATURES = ["day_of_week", "promo", "price"]

sales = spark.read.table("ml_practice.retail.daily_sales")
display(sales.groupBy("store_id").count())

metrics_schema = StructType([
    StructField("store_id", StringType()),
    StructField("n_rows", IntegerType()),
    StructField("mae", DoubleType()),
])

# COMMAND ----------

# MAGIC %md
# MAGIC ## First attempt: train inside mapInPandas
# MAGIC Each batch of rows arrives as a pandas DataFrame; we split it by store and fit a model
# MAGIC for every store we see.

# COMMAND ----------

def train_store_models(batches):
    for pdf in batches:
        for store_id, store_pdf in pdf.groupby("store_id"):
            model = LinearRegression().fit(store_pdf[FEATURES], store_pdf["units_sold"])
            mae = mean_absolute_error(store_pdf["units_sold"], model.predict(store_pdf[FEATURES]))
            yield pd.DataFrame({"store_id": [store_id], "n_rows": [len(store_pdf)], "mae": [mae]})


first_attempt = sales.mapInPandas(train_store_models, schema=metrics_schema)
display(first_attempt)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Second attempt: one pandas DataFrame per store
# MAGIC `groupBy("store_id").applyInPandas` calls the function once per store with all of the
# MAGIC store's rows.

# COMMAND ----------

def train_store_model(store_pdf: pd.DataFrame) -> pd.DataFrame:
    store_id = store_pdf["store_id"].iloc[0]
    model = LinearRegression().fit(store_pdf[FEATURES], store_pdf["units_sold"])
    mae = mean_absolute_error(store_pdf["units_sold"], model.predict(store_pdf[FEATURES]))
    return pd.DataFrame({"store_id": [store_id], "n_rows": [len(store_pdf)], "mae": [mae]})


store_metrics = sales.groupBy("store_id").applyInPandas(train_store_model, schema=metrics_schema)

with mlflow.start_run(run_name="per-store-linear-models"):
    metrics_pdf = store_metrics.toPandas()
    mlflow.log_param("stores", len(metrics_pdf))
    mlflow.log_metric("mean_store_mae", float(metrics_pdf["mae"].mean()))
    mlflow.log_table(metrics_pdf, artifact_file="store_metrics.json")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Feature engineering and scoring with mapInPandas
# MAGIC Row-wise work does not care which rows share a partition, so mapInPandas fits it well.

# COMMAND ----------

def add_calendar_features(batches):
    for pdf in batches:
        pdf["is_weekend"] = pdf["day_of_week"].isin([5, 6]).astype(int)
        pdf["discount"] = (pdf["list_price"] - pdf["price"]).clip(lower=0)
        yield pdf


calendar_schema = StructType(sales.schema.fields + [StructField("is_weekend", IntegerType()), StructField("discount", DoubleType())])
sales_features = sales.mapInPandas(add_calendar_features, schema=calendar_schema)

model_uri = "models:/ml_practice.retail.demand_model@champion"


def score_batches(batches):
    model = mlflow.pyfunc.load_model(model_uri)
    for pdf in batches:
        pdf["forecast"] = model.predict(pdf[FEATURES])
        yield pdf


forecasts = sales_features.mapInPandas(score_batches, schema=StructType(sales_features.schema.fields + [StructField("forecast", DoubleType())]))
display(forecasts)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Tuning one chain-wide model with Hyperopt
# MAGIC A random forest for all stores at once, tuned with Hyperopt. `SparkTrials` runs the trials
# MAGIC on the workers; TPE picks each new trial from the results of the finished ones.
# MAGIC
# MAGIC Hyperopt is legacy on Databricks: it is not included in Databricks Runtime ML after
# MAGIC 16.4 LTS (Optuna or Ray Tune replace it). The exam material still teaches it.

# COMMAND ----------

from hyperopt import STATUS_OK, SparkTrials, fmin, hp, tpe
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split

CHAIN_FEATURES = FEATURES + ["is_weekend", "discount"]
chain_pdf = sales_features.select(*CHAIN_FEATURES, "units_sold").limit(200_000).toPandas()
X_train, X_val, y_train, y_val = train_test_split(chain_pdf[CHAIN_FEATURES], chain_pdf["units_sold"], test_size=0.2, random_state=42)

search_space = {
    "n_estimators": hp.quniform("n_estimators", 50, 300, 25),
    "max_depth": hp.quniform("max_depth", 3, 12, 1),
}


def train_forest(params):
    forest = RandomForestRegressor(n_estimators=int(params["n_estimators"]), max_depth=int(params["max_depth"]), random_state=42)
    return forest.fit(X_train, y_train)


def forest_objective(params):
    forest = train_forest(params)
    val_metrics = {"r2": r2_score(y_val, forest.predict(X_val)), "mae": mean_absolute_error(y_val, forest.predict(X_val))}
    loss = val_metrics["r2"]
    return {"loss": loss, "status": STATUS_OK, "val_metrics": val_metrics}


MAX_EVALS = 48
spark_trials = SparkTrials(parallelism=24)

with mlflow.start_run(run_name="forest-tuning-r2"):
    best_params = fmin(fn=forest_objective, space=search_space, algo=tpe.suggest, max_evals=MAX_EVALS, trials=spark_trials)
    mlflow.log_params(best_params)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Tuning on the mean absolute error
# MAGIC MAE is a loss: lower is better, so fmin can minimize it as it is. A few trials at a time
# MAGIC leave TPE finished trials to learn from.

# COMMAND ----------

def forest_mae_objective(params):
    forest = train_forest(params)
    mae = mean_absolute_error(y_val, forest.predict(X_val))
    return {"loss": mae, "status": STATUS_OK}


with mlflow.start_run(run_name="forest-tuning-mae"):
    best_mae_params = fmin(fn=forest_mae_objective, space=search_space, algo=tpe.suggest, max_evals=MAX_EVALS, trials=SparkTrials(parallelism=4))
    mlflow.log_params(best_mae_params)

# COMMAND ----------

# MAGIC %md
# MAGIC ## The same search with Optuna
# MAGIC Optuna runs its trials in threads on the driver (`n_jobs`). A study minimizes unless it is
# MAGIC created with `direction="maximize"`.

# COMMAND ----------

import optuna
from optuna.integration.mlflow import MLflowCallback


def suggest_forest_params(trial):
    return {"n_estimators": trial.suggest_int("n_estimators", 50, 300), "max_depth": trial.suggest_int("max_depth", 3, 12)}


def optuna_mae_objective(trial):
    forest = train_forest(suggest_forest_params(trial))
    return mean_absolute_error(y_val, forest.predict(X_val))


mae_study = optuna.create_study(study_name="forest-mae", direction="minimize")
mae_study.optimize(optuna_mae_objective, n_trials=40, n_jobs=4)


def optuna_r2_objective(trial):
    forest = train_forest(suggest_forest_params(trial))
    return r2_score(y_val, forest.predict(X_val))


r2_study = optuna.create_study(study_name="forest-r2", direction="maximize")
r2_study.optimize(optuna_r2_objective, n_trials=40, n_jobs=4, callbacks=[MLflowCallback(metric_name="r2", create_experiment=False)])

# COMMAND ----------

# MAGIC %md
# MAGIC ## Parallel Optuna trials on Spark
# MAGIC MLflow 3's `MlflowSparkStudy` runs the trials in Spark tasks and keeps each one as an MLflow
# MAGIC run (through `MlflowStorage`). `n_jobs` is the number of Spark tasks; it defaults to -1,
# MAGIC one task per trial. The study minimizes, so the objective returns the negated R2.

# COMMAND ----------

from mlflow.optuna.storage import MlflowStorage
from mlflow.pyspark.optuna.study import MlflowSparkStudy


def spark_r2_objective(trial):
    forest = train_forest(suggest_forest_params(trial))
    return -r2_score(y_val, forest.predict(X_val))


experiment_id = mlflow.get_experiment_by_name("/Shared/ml_practice/forest_tuning").experiment_id
spark_study = MlflowSparkStudy(study_name="forest-r2-spark", storage=MlflowStorage(experiment_id=experiment_id))
spark_study.optimize(spark_r2_objective, n_trials=40)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Tuning a Spark ML model with hyperopt
# MAGIC The same search for Spark ML's gradient-boosted trees, trained on the whole sales table
# MAGIC instead of a pandas sample, with a few trials at a time.

# COMMAND ----------

from pyspark.ml.evaluation import RegressionEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.regression import GBTRegressor

assembled_sales = VectorAssembler(inputCols=CHAIN_FEATURES, outputCol="features").transform(sales_features)
gbt_train_df, gbt_val_df = assembled_sales.randomSplit([0.8, 0.2], seed=42)
rmse_evaluator = RegressionEvaluator(labelCol="units_sold", metricName="rmse")


def gbt_objective(params):
    gbt = GBTRegressor(labelCol="units_sold", maxDepth=int(params["max_depth"]), maxIter=int(params["n_estimators"]))
    gbt_model = gbt.fit(gbt_train_df)
    return {"loss": rmse_evaluator.evaluate(gbt_model.transform(gbt_val_df)), "status": STATUS_OK}


with mlflow.start_run(run_name="gbt-tuning-rmse"):
    best_gbt_params = fmin(fn=gbt_objective, space=search_space, algo=tpe.suggest, max_evals=MAX_EVALS, trials=SparkTrials(parallelism=4))
    mlflow.log_params(best_gbt_params)
