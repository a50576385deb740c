# Databricks notebook source
# MAGIC %md
# MAGIC # Testing, monitoring and security
# MAGIC
# MAGIC Practice notebook for the last part of the Databricks ML Professional exam. We unit-test
# MAGIC the churn feature code, check the served model's inputs for drift, put Lakehouse monitors
# MAGIC on the tables around the model, and call the endpoint with credentials from a secret scope.

# COMMAND ----------

# MAGIC %pip install databricks-sdk==0.30.0 scipy==1.13.1

# COMMAND ----------

dbutils.library.restartPython()

# COMMAND ----------

import pandas as pd
import requests
from scipy.stats import chi2_contingency, ks_2samp
from sklearn.metrics import roc_auc_score

CATALOG = "ml_practice"
SCHEMA = "churn"
ENDPOINT = "churn-endpoint"

# COMMAND ----------

# MAGIC %md
# MAGIC ## Unit tests for the feature code
# MAGIC Unit tests check deterministic logic on tiny hand-written inputs.

# COMMAND ----------


def add_tenure_bucket(pdf: pd.DataFrame) -> pd.DataFrame:
    buckets = pd.cut(pdf["tenure_months"], bins=[0, 12, 36, 1_000], labels=["new", "regular", "loyal"])
    return pdf.assign(tenure_bucket=buckets.astype(str))


def test_add_tenure_bucket():
    pdf = add_tenure_bucket(pd.DataFrame({"tenure_months": [1, 13, 40]}))
    assert pdf["tenure_bucket"].tolist() == ["new", "regular", "loyal"]
    assert len(pdf) == 3


def test_churn_model_auc():
    model = train_churn_model(spark.table(f"{CATALOG}.{SCHEMA}.training").toPandas())
    holdout = spark.table(f"{CATALOG}.{SCHEMA}.holdout").toPandas()
    auc = roc_auc_score(holdout["churned"], model.predict_proba(holdout.drop(columns=["churned"]))[:, 1])
    assert auc > 0.85


test_add_tenure_bucket()

# COMMAND ----------

# MAGIC %md
# MAGIC ## Drift checks on the served model's inputs
# MAGIC Reference = the training data, current = last week's requests.

# COMMAND ----------

num_cols = ["tenure_months", "monthly_spend", "support_calls"]
cat_cols = ["plan", "country", "payment_method"]

reference_pdf = spark.table(f"{CATALOG}.{SCHEMA}.training").select(*num_cols, *cat_cols).toPandas()
current_pdf = spark.table(f"{CATALOG}.{SCHEMA}.requests_last_week").select(*num_cols, *cat_cols).toPandas()

drift = {}
for col in num_cols:
    drift[col] = ks_2samp(reference_pdf[col].dropna(), current_pdf[col].dropna()).pvalue

for col in cat_cols:
    counts = pd.concat([reference_pdf[col].value_counts(), current_pdf[col].value_counts()], axis=1).fillna(0)
    drift[col] = chi2_contingency(counts.T)[1]

# A quick second opinion on the categorical features
for col in cat_cols:
    drift[f"{col}_ks"] = ks_2samp(reference_pdf[col], current_pdf[col]).pvalue

display(pd.DataFrame({"feature": list(drift), "p_value": list(drift.values())}))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Lakehouse monitors
# MAGIC The feature table gets a TimeSeries profile; the endpoints' inference tables get monitors too.
# MAGIC The fraud endpoint's raw payload table (request/response JSON) was unpacked by a job into
# MAGIC one row per prediction: that unpacked table is the one to monitor.

# COMMAND ----------

from databricks.sdk import WorkspaceClient
from databricks.sdk.service.catalog import (
    MonitorInferenceLog,
    MonitorInferenceLogProblemType,
    MonitorSnapshot,
    MonitorTimeSeries,
)

w = WorkspaceClient()
ASSETS_DIR = "/Workspace/Shared/ml_practice/monitors"
OUTPUT_SCHEMA = f"{CATALOG}.monitoring"

w.quality_monitors.create(
    table_name=f"{CATALOG}.{SCHEMA}.customer_activity",
    assets_dir=ASSETS_DIR,
    output_schema_name=OUTPUT_SCHEMA,
    time_series=MonitorTimeSeries(timestamp_col="activity_ts", granularities=["1 day"]),
)

w.quality_monitors.create(
    table_name=f"{CATALOG}.{SCHEMA}.customers",
    assets_dir=ASSETS_DIR,
    output_schema_name=OUTPUT_SCHEMA,
    snapshot=MonitorSnapshot(),
)

w.quality_monitors.create(
    table_name=f"{CATALOG}.serving.fraud_inference_unpacked",
    assets_dir=ASSETS_DIR,
    output_schema_name=OUTPUT_SCHEMA,
    inference_log=MonitorInferenceLog(
        problem_type=MonitorInferenceLogProblemType.PROBLEM_TYPE_CLASSIFICATION,
        prediction_col="prediction",
        label_col="is_fraud",
        timestamp_col="timestamp_ms",
        model_id_col="model_version",
        granularities=["1 day"],
    ),
)

w.quality_monitors.create(
    table_name=f"{CATALOG}.serving.churn_endpoint_payload",
    assets_dir=ASSETS_DIR,
    output_schema_name=OUTPUT_SCHEMA,
    snapshot=MonitorSnapshot(),
)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Calling the endpoint
# MAGIC From the notebook the token comes from a secret scope. The snippet below it was pasted from a
# MAGIC teammate's laptop script.

# COMMAND ----------

host = spark.conf.get("spark.databricks.workspaceUrl")
token = dbutils.secrets.get(scope="ml-practice", key="serving-token")
sample = current_pdf.head(3)

response = requests.post(
    f"https://{host}/serving-endpoints/{ENDPOINT}/invocations",
    headers={"Authorization": f"Bearer {token}"},
    json={"dataframe_records": sample.to_dict(orient="records")},
    timeout=30,
)
print(response.json())

laptop_headers = {"Authorization": "Bearer dapi4f1c2e7a9b3d5f8e0a6c1b2d3e4f5a6b"}
response = requests.post(
    f"https://{host}/serving-endpoints/{ENDPOINT}/invocations",
    headers=laptop_headers,
    json={"dataframe_split": sample.to_dict(orient="split")},
    timeout=30,
)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Refreshing the monitors
# MAGIC The nightly scoring job ends by refreshing the monitors above. The daily scores table gets a
# MAGIC monitor too.

# COMMAND ----------

w.quality_monitors.run_refresh(table_name=f"{CATALOG}.{SCHEMA}.customer_activity")
w.quality_monitors.run_refresh(table_name=f"{CATALOG}.{SCHEMA}.customers")
w.quality_monitors.run_refresh(table_name=f"{CATALOG}.serving.fraud_inference_unpacked")
w.quality_monitors.run_refresh(table_name=f"{CATALOG}.serving.churn_endpoint_payload")

w.quality_monitors.create(
    table_name=f"{CATALOG}.{SCHEMA}.daily_scores",
    assets_dir=ASSETS_DIR,
    output_schema_name=OUTPUT_SCHEMA,
    time_series=MonitorTimeSeries(timestamp_col="score_date", granularities=["1 day"]),
)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Retraining on new model versions
# MAGIC A registry webhook starts the retraining job whenever a new version of the model is created.

# COMMAND ----------

from databricks_registry_webhooks import JobSpec, RegistryWebhooksClient

notebook_token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
retrain_job = JobSpec(job_id="1122334455", workspace_url=f"https://{host}", access_token=notebook_token)
RegistryWebhooksClient().create_webhook(model_name="churn_model", events=["MODEL_VERSION_CREATED"], job_spec=retrain_job)
