# Databricks notebook source
# MAGIC %md
# MAGIC # Model Registry lifecycle: from stages to Unity Catalog aliases
# MAGIC
# MAGIC Practice notebook for the registry part of the Databricks ML Professional exam. We train a
# MAGIC churn classifier, register it in Unity Catalog, promote it with the "champion" and
# MAGIC "challenger" aliases, and look after the old churn model that still lives in the
# MAGIC workspace registry with its stages and webhooks.

# COMMAND ----------

# MAGIC %pip install databricks-registry-webhooks==0.1.1

# COMMAND ----------

dbutils.library.restartPython()

# COMMAND ----------

import mlflow
from databricks_registry_webhooks import HttpUrlSpec, JobSpec, RegistryWebhooksClient
from mlflow import MlflowClient
from mlflow.models import infer_signature
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

mlflow.set_registry_uri("databricks-uc")
client = MlflowClient()

MODEL_NAME = "ml_practice.churn.churn_model"
LEGACY_MODEL = "churn_model_legacy"
FEATURES = ["tenure_months", "monthly_charges", "support_calls", "contract_months"]

customers = spark.read.table("ml_practice.churn.customer_features").toPandas()
X_train, X_test, y_train, y_test = train_test_split(customers[FEATURES], customers["churned"], test_size=0.2, random_state=42)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Train, log and register in Unity Catalog
# MAGIC Unity Catalog names have three levels and every registered model needs a signature.

# COMMAND ----------

with mlflow.start_run(run_name="churn-gbt") as run:
    model = GradientBoostingClassifier(n_estimators=200, max_depth=3).fit(X_train, y_train)
    test_auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
    mlflow.log_metric("test_auc", test_auc)
    model_info = mlflow.sklearn.log_model(
        model,
        artifact_path="model",
        signature=infer_signature(X_train, model.predict(X_train)),
        input_example=X_train.head(3),
        registered_model_name=MODEL_NAME,
    )

new_version = model_info.registered_model_version

# COMMAND ----------

# MAGIC %md
# MAGIC The baseline from last quarter gets registered too, for comparison.

# COMMAND ----------

baseline_run_id = dbutils.widgets.get("baseline_run_id")
baseline = mlflow.register_model(f"runs:/{baseline_run_id}/model", "churn.baseline_model")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Promote with aliases
# MAGIC A habit from the workspace registry: the new version goes to Staging first.

# COMMAND ----------

client.transition_model_version_stage(MODEL_NAME, new_version, "Staging")

# COMMAND ----------

# MAGIC %md
# MAGIC First attempt at aliases: the new version becomes the champion as soon as it is registered.

# COMMAND ----------

client.set_registered_model_alias(MODEL_NAME, "champion", new_version)

# COMMAND ----------

# MAGIC %md
# MAGIC Better: register it as the challenger, compare it with the champion on the same test set,
# MAGIC and move the champion alias only when the challenger wins.

# COMMAND ----------

client.set_registered_model_alias(MODEL_NAME, "challenger", new_version)

champion = mlflow.sklearn.load_model(f"models:/{MODEL_NAME}@champion")
champion_auc = roc_auc_score(y_test, champion.predict_proba(X_test)[:, 1])

if test_auc > champion_auc + 0.005:
    client.set_registered_model_alias(MODEL_NAME, "champion", new_version)
    client.delete_registered_model_alias(MODEL_NAME, "challenger")

champion_version = client.get_model_version_by_alias(MODEL_NAME, "champion")
print(f"champion is version {champion_version.version}")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Batch scoring with the champion
# MAGIC Load by alias, or pin a version number for a reproducible backfill.

# COMMAND ----------

score_udf = mlflow.pyfunc.spark_udf(spark, f"models:/{MODEL_NAME}@champion", result_type="double")
backfill_udf = mlflow.pyfunc.spark_udf(spark, f"models:/{MODEL_NAME}/3", result_type="double")

scored = spark.read.table("ml_practice.churn.customer_features").withColumn("churn_score", score_udf(*FEATURES))
scored.write.mode("overwrite").saveAsTable("ml_practice.churn.churn_scores")

# COMMAND ----------

# MAGIC %md
# MAGIC ## The legacy model in the workspace registry
# MAGIC The old churn model still serves a dashboard from the workspace registry, which has
# MAGIC stages instead of aliases. The two helpers move a model in either registry.

# COMMAND ----------

legacy_client = MlflowClient(registry_uri="databricks")
legacy_version = dbutils.widgets.get("legacy_version")
legacy_auc = float(dbutils.widgets.get("legacy_auc"))


def promote(registry_client, name, version, unity_catalog):
    if unity_catalog:
        registry_client.set_registered_model_alias(name, "champion", version)
    else:
        registry_client.transition_model_version_stage(name, version, "Production")


def retire(registry_client, name, version, unity_catalog):
    if unity_catalog:
        registry_client.delete_registered_model_alias(name, "champion")
    else:
        registry_client.transition_model_version_stage(name, version, "Archive")


if legacy_auc > 0.8:
    promote(legacy_client, LEGACY_MODEL, legacy_version, unity_catalog=False)
    retire(legacy_client, LEGACY_MODEL, int(legacy_version) - 1, unity_catalog=False)

# COMMAND ----------

legacy_udf = mlflow.pyfunc.spark_udf(spark, f"models:/{LEGACY_MODEL}/Production", result_type="double")
dashboard = spark.read.table("ml_practice.churn.dashboard_customers").withColumn("churn_score", legacy_udf(*FEATURES))
dashboard.write.mode("overwrite").saveAsTable("ml_practice.churn.dashboard_scores")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Webhooks on the legacy model
# MAGIC Registry webhooks exist only in the workspace registry (for Unity Catalog models, a job's
# MAGIC model update trigger does this): a Slack message for every new version of the legacy model,
# MAGIC and a validation job for every move to Production.

# COMMAND ----------

webhooks = RegistryWebhooksClient()
slack_url = dbutils.secrets.get(scope="ml-practice", key="slack-webhook-url")
job_token = dbutils.secrets.get(scope="ml-practice", key="webhook-job-token")

webhooks.create_webhook(
    model_name=LEGACY_MODEL,
    events=["MODEL_VERSION_CREATED"],
    http_url_spec=HttpUrlSpec(url=slack_url),
    description="Announce new churn model versions",
)

webhooks.create_webhook(
    model_name=LEGACY_MODEL,
    events=["MODEL_VERSION_TRANSITIONED_TO_PROD"],
    job_spec=JobSpec(job_id="1234", access_token=job_token),
    description="Validate the churn model when it reaches Production",
)
