# Databricks notebook source
# MAGIC %md
# MAGIC # Feature Store: feature tables, point-in-time lookups and batch scoring
# MAGIC
# MAGIC Practice notebook for the Feature Store part of the Databricks ML Professional exam. We
# MAGIC build two feature tables in Unity Catalog (static customer attributes and daily activity),
# MAGIC train a churn model on a training set that looks features up by customer, log it with the
# MAGIC feature engineering client and score new customers with `score_batch`.

# COMMAND ----------

# MAGIC %pip install "databricks-feature-engineering>=0.13.0"

# COMMAND ----------

dbutils.library.restartPython()

# COMMAND ----------

import mlflow
from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
from mlflow.models import infer_signature
from pyspark.sql import functions as F
from sklearn.compose import make_column_transformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

mlflow.set_registry_uri("databricks-uc")
fe = FeatureEngineeringClient()

CATALOG = "ml_practice"
SCHEMA = "churn"
PROFILE_TABLE = f"{CATALOG}.{SCHEMA}.customer_profile"
ACTIVITY_TABLE = f"{CATALOG}.{SCHEMA}.customer_activity"
MODEL_NAME = f"{CATALOG}.{SCHEMA}.churn_model"
BASELINE_NAME = f"{CATALOG}.{SCHEMA}.churn_baseline"

# COMMAND ----------

# MAGIC %md
# MAGIC ## Feature tables
# MAGIC The profile table has one row per customer. The activity table has one row per customer
# MAGIC and day, so it gets a time column (`timeseries_columns`, part of the primary keys):
# MAGIC lookups into it for training must be point-in-time.

# COMMAND ----------

profile_df = spark.table(f"{CATALOG}.{SCHEMA}.customers").select("customer_id", "plan", "country", "tenure_months")
fe.create_table(
    name=PROFILE_TABLE,
    primary_keys=["customer_id"],
    df=profile_df,
    description="Static customer attributes",
)

activity_df = (
    spark.table(f"{CATALOG}.{SCHEMA}.events")
    .groupBy("customer_id", F.window("event_time", "1 day").alias("day"))
    .agg(F.count("*").alias("events_1d"), F.sum("amount").alias("spend_1d"))
    .select("customer_id", F.col("day.end").alias("activity_ts"), "events_1d", "spend_1d")
)
fe.create_table(
    name=ACTIVITY_TABLE,
    primary_keys=["customer_id", "activity_ts"],
    timeseries_columns="activity_ts",
    df=activity_df,
    description="Daily activity aggregates per customer",
)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Daily refresh
# MAGIC New days of activity are upserted by primary key; so are changed customer profiles.

# COMMAND ----------

yesterday_df = activity_df.filter(F.col("activity_ts") >= F.date_sub(F.current_date(), 1))
fe.write_table(name=ACTIVITY_TABLE, df=yesterday_df, mode="merge")

profile_updates_df = spark.table(f"{CATALOG}.{SCHEMA}.customer_updates").select("customer_id", "plan", "country", "tenure_months")
fe.write_table(name=PROFILE_TABLE, df=profile_updates_df, mode="append")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Training set
# MAGIC Each label row says whether a customer churned at `label_ts`. The features are looked up by
# MAGIC customer id.

# COMMAND ----------

labels_df = spark.table(f"{CATALOG}.{SCHEMA}.churn_labels").select("customer_id", "label_ts", "churned")

feature_lookups = [
    FeatureLookup(table_name=PROFILE_TABLE, lookup_key="customer_id", feature_names=["plan", "country", "tenure_months"]),
    FeatureLookup(table_name=ACTIVITY_TABLE, lookup_key="customer_id", feature_names=["events_1d", "spend_1d"]),
]

training_set = fe.create_training_set(
    df=labels_df,
    feature_lookups=feature_lookups,
    label="churned",
    exclude_columns=["customer_id", "label_ts"],
)
training_pdf = training_set.load_df().toPandas()
X = training_pdf.drop(columns=["churned"])
y = training_pdf["churned"]


def with_encoding(model):
    # plan and country stay strings and the model encodes them: score_batch passes the looked-up
    # values as they are (an encoding done outside the model is not applied at scoring).
    encode = make_column_transformer((OneHotEncoder(handle_unknown="ignore"), ["plan", "country"]), remainder="passthrough")
    return make_pipeline(encode, model)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Train and log the model with its feature metadata
# MAGIC `fe.log_model` packages the training set's lookups with the model, so `score_batch` only
# MAGIC needs the lookup keys.

# COMMAND ----------

with mlflow.start_run(run_name="churn_rf"):
    forest = with_encoding(RandomForestClassifier(n_estimators=200, max_depth=8, random_state=42)).fit(X, y)
    fe.log_model(
        model=forest,
        artifact_path="model",
        flavor=mlflow.sklearn,
        training_set=training_set,
        registered_model_name=MODEL_NAME,
        signature=infer_signature(X, forest.predict(X)),
    )

# COMMAND ----------

# MAGIC %md
# MAGIC ## A quick baseline for comparison

# COMMAND ----------

with mlflow.start_run(run_name="churn_baseline"):
    baseline = with_encoding(LogisticRegression(max_iter=500)).fit(X, y)
    mlflow.sklearn.log_model(baseline, "baseline", registered_model_name=BASELINE_NAME, input_example=X.head(5))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Batch scoring
# MAGIC Only the lookup keys are passed (the customer id, and the time of a point-in-time lookup):
# MAGIC the features come from the feature tables.

# COMMAND ----------

scoring_ids_df = spark.table(f"{CATALOG}.{SCHEMA}.active_customers").select("customer_id").withColumn("label_ts", F.current_timestamp())

predictions = fe.score_batch(model_uri=f"models:/{MODEL_NAME}/1", df=scoring_ids_df)
baseline_predictions = fe.score_batch(model_uri=f"models:/{BASELINE_NAME}/1", df=scoring_ids_df)

display(predictions.join(baseline_predictions.withColumnRenamed("prediction", "baseline_prediction"), "customer_id"))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Online features for real-time serving
# MAGIC A Feature Serving spec looks the latest values up by key (no point-in-time lookup), from the
# MAGIC activity table published to a Databricks Online Feature Store.

# COMMAND ----------

online_store = fe.create_online_store(name="churn-online-store", capacity="CU_1")
fe.publish_table(
    online_store=online_store,
    source_table_name=ACTIVITY_TABLE,
    online_table_name=f"{ACTIVITY_TABLE}_online",
)
fe.create_feature_spec(
    name=f"{CATALOG}.{SCHEMA}.customer_activity_spec",
    features=[FeatureLookup(table_name=ACTIVITY_TABLE, lookup_key="customer_id", feature_names=["events_1d", "spend_1d"])],
)

# COMMAND ----------

# MAGIC %md
# MAGIC ## A tenure-only model for the retention team
# MAGIC The retention team wants a small model on the customer profile alone.

# COMMAND ----------

tenure_training_set = fe.create_training_set(
    df=labels_df,
    feature_lookups=[FeatureLookup(table_name=PROFILE_TABLE, lookup_key="customer_id", feature_names=["tenure_months"])],
    label="churned",
    exclude_columns=["customer_id", "label_ts"],
)
tenure_pdf = tenure_training_set.load_df().toPandas()
with mlflow.start_run(run_name="churn_tenure"):
    tenure_model = LogisticRegression(max_iter=500).fit(tenure_pdf[["tenure_months"]], tenure_pdf["churned"])
    mlflow.sklearn.log_model(tenure_model, "tenure_model", input_example=tenure_pdf[["tenure_months"]].head(5))
