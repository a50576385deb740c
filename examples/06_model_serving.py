# Databricks notebook source
# MAGIC %md
# MAGIC # Model serving: champion, challenger and traffic splits
# MAGIC
# MAGIC Practice notebook for the deployment part of the Databricks ML Professional exam. We
# MAGIC serve the registered churn model from Unity Catalog, then A/B test a challenger version
# MAGIC next to it, first with the Databricks SDK and then with the REST API.

# COMMAND ----------

# MAGIC %pip install databricks-sdk==0.30.0

# COMMAND ----------

dbutils.library.restartPython()

# COMMAND ----------

import requests
from databricks.sdk import WorkspaceClient
from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig

w = WorkspaceClient()
MODEL_NAME = "ml_practice.churn.churn_model"
ENDPOINT = "churn-endpoint"

champion = ServedEntityInput(name="churn-champion", entity_name=MODEL_NAME, entity_version="3", workload_size="Small", scale_to_zero_enabled=True)
challenger = ServedEntityInput(name="churn-challenger", entity_name=MODEL_NAME, entity_version="4", workload_size="Small", scale_to_zero_enabled=True)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Serve the champion alone

# COMMAND ----------

w.serving_endpoints.create_and_wait(
    name=ENDPOINT,
    config=EndpointCoreConfigInput(
        served_entities=[champion],
        traffic_config=TrafficConfig(routes=[Route(served_model_name="churn-champion", traffic_percentage=100)]),
    ),
)

# COMMAND ----------

# MAGIC %md
# MAGIC ## A/B test: most traffic to the champion, some to the challenger

# COMMAND ----------

w.serving_endpoints.update_config_and_wait(
    name=ENDPOINT,
    served_entities=[champion, challenger],
    traffic_config=TrafficConfig(routes=[Route(served_model_name="churn-champion", traffic_percentage=90), Route(served_model_name="churn-challenger", traffic_percentage=15)]),
)

# COMMAND ----------

# MAGIC %md
# MAGIC ## Gradual roll-out through the REST API
# MAGIC The challenger's share comes from a widget, so the split is computed.

# COMMAND ----------

host = spark.conf.get("spark.databricks.workspaceUrl")
headers = {"Authorization": f"Bearer {dbutils.secrets.get(scope='ml-practice', key='serving-token')}"}

canary_config = {
    "served_entities": [
        {"name": "churn-champion", "entity_name": MODEL_NAME, "entity_version": "3", "workload_size": "Small", "scale_to_zero_enabled": True},
        {"name": "churn-challenger", "entity_name": MODEL_NAME, "entity_version": "4", "workload_size": "Small", "scale_to_zero_enabled": True},
    ],
    "traffic_config": {
        "routes": [
            {"served_model_name": "churn-champion", "traffic_percentage": 80},
            {"served_model_name": "churn-challenger", "traffic_percentage": 20},
        ]
    },
}
requests.put(f"https://{host}/api/2.0/serving-endpoints/{ENDPOINT}/config", headers=headers, json=canary_config, timeout=60)

challenger_share = int(dbutils.widgets.get("challenger_share"))
rollout_routes = [
    Route(served_model_name="churn-champion", traffic_percentage=100 - challenger_share),
    Route(served_model_name="churn-challenger", traffic_percentage=challenger_share),
]
w.serving_endpoints.update_config(name=ENDPOINT, served_entities=[champion, challenger], traffic_config=TrafficConfig(routes=rollout_routes))

# COMMAND ----------

# MAGIC %md
# MAGIC ## Query the endpoint

# COMMAND ----------

sample = spark.read.table("ml_practice.churn.customers").limit(3).toPandas().drop(columns=["churned"])
response = requests.post(
    f"https://{host}/serving-endpoints/{ENDPOINT}/invocations",
    headers=headers,
    json={"dataframe_split": sample.to_dict(orient="split")},
    timeout=30,
)
print(response.json())
