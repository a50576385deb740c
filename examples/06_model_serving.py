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
# MAGIC ## Even split once the challenger looks healthy
# MAGIC Routes name served entities by the `name` given in `ServedEntityInput`.

# COMMAND ----------

even_split = TrafficConfig(routes=[
    Route(served_model_name="churn-champion", traffic_percentage=50),
    Route(served_model_name="churn-challanger", traffic_percentage=50),
])
w.serving_endpoints.update_config(name=ENDPOINT, served_entities=[champion, challenger], traffic_config=even_split)

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

# COMMAND ----------

# MAGIC %md
# MAGIC The same request in the pandas "split" layout, written by hand.

# COMMAND ----------

manual_request = {"columns": ["tenure_months", "monthly_charges", "support_calls"], "data": [[12, 70.5, 3], [48, 20.0, 0]]}
response = requests.post(f"https://{host}/serving-endpoints/{ENDPOINT}/invocations", headers=headers, json=manual_request, timeout=30)
print(response.json())

# COMMAND ----------

# MAGIC %md
# MAGIC ## Scoring a batch of customers
# MAGIC The endpoint is for real-time requests. Three ways to score this week's at-risk customers:
# MAGIC one request per row, the model on the driver, and `spark_udf` on the cluster.

# COMMAND ----------

at_risk = spark.table("ml_practice.churn.customers").filter("support_calls > 3").drop("churned")

# A few sample requests to warm the endpoint up are fine: this is not batch scoring.
for customer in at_risk.limit(5).collect():
    requests.post(f"https://{host}/serving-endpoints/{ENDPOINT}/invocations", headers=headers, json={"dataframe_records": [customer.asDict()]}, timeout=30)

for customer in at_risk.collect():
    requests.post(
        f"https://{host}/serving-endpoints/{ENDPOINT}/invocations",
        headers=headers,
        json={"dataframe_records": [customer.asDict()]},
        timeout=30,
    )

# COMMAND ----------

import mlflow

champion_model = mlflow.pyfunc.load_model(f"models:/{MODEL_NAME}@champion")
print(champion_model.predict(sample))
at_risk_predictions = champion_model.predict(at_risk.toPandas())

# COMMAND ----------

from pyspark.sql import functions as F

predict_churn = mlflow.pyfunc.spark_udf(spark, f"models:/{MODEL_NAME}@champion", result_type="double")
feature_cols = ["tenure_months", "monthly_charges", "support_calls"]
daily_scores = at_risk.withColumn("churn_score", predict_churn(*feature_cols)).withColumn("score_date", F.current_date())
daily_scores.write.format("delta").mode("append").partitionBy("score_date").saveAsTable("ml_practice.churn.daily_scores")

# COMMAND ----------

# MAGIC %md
# MAGIC Compact the scores table for dashboards that filter on a date range.

# COMMAND ----------

spark.sql("OPTIMIZE ml_practice.churn.daily_scores ZORDER BY (score_date)")

# COMMAND ----------

# MAGIC %md
# MAGIC ## Streaming inference
# MAGIC Score customer events as they arrive and keep hourly averages per plan. Each query needs its
# MAGIC own checkpoint: without one, Spark refuses to start a query to a Delta table.

# COMMAND ----------

events = spark.readStream.table("ml_practice.churn.customer_events")
scored_events = events.withColumn("churn_score", predict_churn(*feature_cols))

(scored_events.writeStream
    .format("delta")
    .outputMode("append")
    .option("checkpointLocation", "/Volumes/ml_practice/churn/checkpoints/scored_events")
    .toTable("ml_practice.churn.scored_events"))

spark.sql("OPTIMIZE ml_practice.churn.scored_events ZORDER BY (customer_id)")

# COMMAND ----------

hourly_scores = (scored_events
    .groupBy(F.window("event_time", "1 hour"), "plan")
    .agg(F.avg("churn_score").alias("avg_churn_score")))

(hourly_scores.writeStream
    .format("delta")
    .outputMode("append")
    .toTable("ml_practice.churn.hourly_scores"))

hourly_scores.writeStream.format("memory").queryName("hourly_preview").outputMode("complete").start()

# COMMAND ----------

# MAGIC %md
# MAGIC ## A snapshot for the analysts
# MAGIC The analysts want the scored events in a plain table they can query.

# COMMAND ----------

scored_events.write.mode("overwrite").saveAsTable("ml_practice.churn.scored_events_snapshot")
