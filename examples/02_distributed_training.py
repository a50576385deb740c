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


calendar_schema = sales.schema.add("is_weekend", IntegerType()).add("discount", DoubleType())
sales_features = sales.mapInPandas(add_calendar_features, schema=calendar_schema)

model_uri = "models:/ml_practice.retail.demand_model@champion"


def score_batches(batches):
    model = mlflow.pyfunc.load_model(model_uri)
    for pdf in batches:
        pdf["forecast"] = model.predict(pdf[FEATURES])
        yield pdf


forecasts = sales_features.mapInPandas(score_batches, schema=sales_features.schema.add("forecast", DoubleType()))
display(forecasts)
