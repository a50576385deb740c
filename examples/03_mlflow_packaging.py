# Databricks notebook source
# MAGIC %md
# MAGIC # MLflow packaging: a custom PyFunc demand model
# MAGIC
# MAGIC Practice notebook for the MLflow part of the Databricks ML Professional exam. We train a
# MAGIC LightGBM booster, wrap it in a custom `mlflow.pyfunc.PythonModel` that raises the
# MAGIC forecast on public holidays, and log it so that a serving endpoint can load it. The models
# MAGIC are registered in Unity Catalog (MLflow 3 names: `name=` instead of `artifact_path=`).

# COMMAND ----------

# MAGIC %pip install lightgbm==4.3.0 holidays==0.47

# COMMAND ----------

dbutils.library.restartPython()

# COMMAND ----------

import math

import lightgbm as lgb
import mlflow
import pandas as pd
from mlflow.models import infer_signature

mlflow.set_registry_uri("databricks-uc")

FEATURES = ["day_of_week", "promo", "price"]
BOOSTER_PATH = "/tmp/demand_booster.txt"

sales_pdf = spark.read.table("ml_practice.retail.daily_sales").limit(100_000).toPandas()
train_set = lgb.Dataset(sales_pdf[FEATURES], label=sales_pdf["units_sold"])
booster = lgb.train({"objective": "regression", "learning_rate": 0.05}, train_set, num_boost_round=200)
booster.save_model(BOOSTER_PATH)

# COMMAND ----------

# MAGIC %md
# MAGIC ## The PyFunc wrapper
# MAGIC `load_context` runs once when the model is loaded; `predict` runs for every request. Without
# MAGIC requirements, MLflow infers them from what loading the model imports (lightgbm here).

# COMMAND ----------

class HolidayDemandModel(mlflow.pyfunc.PythonModel):
    def load_context(self, context):
        self.booster = lgb.Booster(model_file=context.artifacts["booster"])

    def predict(self, context, model_input):
        import holidays

        us_holidays = holidays.US()
        forecast = pd.Series(self.booster.predict(model_input[FEATURES]), index=model_input.index)
        on_holiday = pd.to_datetime(model_input["date"]).dt.date.map(lambda day: day in us_holidays)
        return forecast.where(~on_holiday, forecast * 1.3)


example = sales_pdf[FEATURES + ["date"]].head(5)

# COMMAND ----------

with mlflow.start_run(run_name="holiday-demand-v1"):
    mlflow.pyfunc.log_model(name="model", python_model=HolidayDemandModel(), artifacts={"booster": BOOSTER_PATH})

# COMMAND ----------

# MAGIC %md
# MAGIC ## Logging with a signature, an input example and the extra requirement
# MAGIC The signature records the input and output columns. With an input example MLflow also
# MAGIC predicts while inferring the requirements, and `extra_pip_requirements` adds `holidays`,
# MAGIC which only `predict` imports. MLflow's own dependencies (pandas) need no declaring.

# COMMAND ----------

signature = infer_signature(example, booster.predict(example[FEATURES]))

with mlflow.start_run(run_name="holiday-demand-v2"):
    model_info = mlflow.pyfunc.log_model(
        name="model",
        python_model=HolidayDemandModel(),
        artifacts={"booster": BOOSTER_PATH},
        extra_pip_requirements=["holidays==0.47"],
        signature=signature,
        input_example=example,
    )
    mlflow.log_metric("train_rows", len(sales_pdf))

# COMMAND ----------

# MAGIC %md
# MAGIC ## A wrapper that needs only the standard library
# MAGIC Rounds forecasts up to whole cases of 12 units.

# COMMAND ----------

class CaseRounder(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input):
        return [math.ceil(units / 12) for units in model_input["forecast"]]


with mlflow.start_run(run_name="case-rounder"):
    mlflow.pyfunc.log_model(name="case_rounder", python_model=CaseRounder())

# COMMAND ----------

# MAGIC %md
# MAGIC ## Comparing learning rates
# MAGIC One run per learning rate, grouped under a parent run so the comparison sits in one place.

# COMMAND ----------

def train_booster(learning_rate):
    with mlflow.start_run(run_name=f"lr={learning_rate}"):
        candidate = lgb.train({"objective": "regression", "learning_rate": learning_rate}, train_set, num_boost_round=200)
        mlflow.log_param("learning_rate", learning_rate)
        mlflow.log_metric("num_trees", candidate.num_trees())
    return candidate


with mlflow.start_run(run_name="learning-rate-sweep"):
    for learning_rate in [0.01, 0.05, 0.1]:
        train_booster(learning_rate)

with mlflow.start_run(run_name="num-leaves-sweep"):
    for num_leaves in [15, 31, 63]:
        with mlflow.start_run(run_name=f"leaves={num_leaves}", nested=True):
            lgb.train({"objective": "regression", "num_leaves": num_leaves}, train_set, num_boost_round=200)
            mlflow.log_param("num_leaves", num_leaves)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Store-level adjustments from a lookup table
# MAGIC Some stores sell more than the chain-wide booster predicts; a small JSON table of per-store
# MAGIC multipliers corrects the forecast.

# COMMAND ----------

import json

MULTIPLIERS_PATH = "/dbfs/tmp/ml_practice/store_multipliers.json"
with open(MULTIPLIERS_PATH, "w") as multipliers_file:
    json.dump({"S001": 1.1, "S002": 0.95, "S017": 1.25}, multipliers_file)


class StoreAdjustment(mlflow.pyfunc.PythonModel):
    def load_context(self, context):
        with open(MULTIPLIERS_PATH) as f:
            self.multipliers = json.load(f)

    def predict(self, context, model_input):
        return [row["forecast"] * self.multipliers.get(row["store_id"], 1.0) for _, row in model_input.iterrows()]


class PackagedStoreAdjustment(StoreAdjustment):
    def load_context(self, context):
        with open(context.artifacts["multipliers"]) as f:
            self.multipliers = json.load(f)


adjustment_example = pd.DataFrame({"store_id": ["S001", "S404"], "forecast": [120.0, 80.0]})

with mlflow.start_run(run_name="store-adjustment"):
    mlflow.pyfunc.log_model(
        name="store_adjustment",
        python_model=PackagedStoreAdjustment(),
        artifacts={"multipliers": MULTIPLIERS_PATH},
        input_example=adjustment_example,
        registered_model_name="ml_practice.retail.store_adjustment",
    )

# COMMAND ----------

# MAGIC %md
# MAGIC ## Registering the booster
# MAGIC The LightGBM flavor logs the booster itself; registering it makes it a Unity Catalog model,
# MAGIC which needs a signature with inputs and outputs.

# COMMAND ----------

with mlflow.start_run(run_name="booster-registration"):
    mlflow.lightgbm.log_model(booster, name="booster", registered_model_name="ml_practice.retail.demand_booster")

with mlflow.start_run(run_name="booster-registration-with-signature"):
    mlflow.lightgbm.log_model(
        booster,
        name="booster",
        signature=infer_signature(example[FEATURES], booster.predict(example[FEATURES])),
        registered_model_name="ml_practice.retail.demand_booster",
    )

# COMMAND ----------

# MAGIC %md
# MAGIC ## Calibrating the forecast
# MAGIC An isotonic regression maps the booster's forecast to the units actually sold; the wrapper
# MAGIC applies both. The requirements are pinned to the versions this notebook runs with.

# COMMAND ----------

from sklearn.isotonic import IsotonicRegression

calibrator = IsotonicRegression(out_of_bounds="clip").fit(booster.predict(sales_pdf[FEATURES]), sales_pdf["units_sold"])


class CalibratedDemandModel(mlflow.pyfunc.PythonModel):
    def __init__(self, calibrator):
        self.calibrator = calibrator

    def load_context(self, context):
        self.booster = lgb.Booster(model_file=context.artifacts["booster"])

    def predict(self, context, model_input):
        return self.calibrator.predict(self.booster.predict(model_input[FEATURES]))


with mlflow.start_run(run_name="calibrated-demand"):
    mlflow.pyfunc.log_model(
        name="calibrated_model",
        python_model=CalibratedDemandModel(calibrator),
        artifacts={"booster": BOOSTER_PATH},
        pip_requirements=["lightgbm==4.3.0", "sklearn==1.4.2", "pandas==2.1.4"],
        input_example=example[FEATURES],
    )

# COMMAND ----------

# MAGIC %md
# MAGIC ## A second version of the booster
# MAGIC This time the signature is built once, before logging.

# COMMAND ----------

booster_signature = infer_signature(example[FEATURES])

with mlflow.start_run(run_name="booster-registration-v2"):
    mlflow.lightgbm.log_model(
        booster,
        name="booster",
        signature=booster_signature,
        registered_model_name="ml_practice.retail.demand_booster",
    )

# COMMAND ----------

# MAGIC %md
# MAGIC ## Recording the booster's training
# MAGIC The booster's parameters and metrics should show up in the experiment; the models are logged
# MAGIC explicitly above, so autologging records no models.

# COMMAND ----------

mlflow.lightgbm.autolog(log_models=False)
print("LightGBM autologging is on for this notebook")
