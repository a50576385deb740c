/**
 * The generated notebooks `npm run bench` measures: Databricks source exports whose cells are
 * shaped like the public notebooks we tried (ML cells that call the APIs the rules look at, and
 * plain pandas / Spark / SQL / markdown cells), deterministic for a seed.
 */

/** Deterministic, so runs compare. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

type CellTemplate = (n: number) => string;

const CELLS: CellTemplate[] = [
  (n) => `# MAGIC %md
# MAGIC ## Step ${n}: prepare the data
# MAGIC Read the table, split it, and look at a sample before training.`,
  (n) => `from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression, RandomForestClassifier
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
from pyspark.ml.evaluation import BinaryClassificationEvaluator
import mlflow
import pandas as pd

df_${n} = spark.read.table("ml.churn.customers_${n}")
train_${n}, test_${n} = df_${n}.randomSplit([0.8, 0.2], seed=${n})`,
  (n) => `indexer_${n} = StringIndexer(inputCols=["plan", "region"], outputCols=["plan_idx", "region_idx"], handleInvalid="keep")
encoder_${n} = OneHotEncoder(inputCols=["plan_idx", "region_idx"], outputCols=["plan_vec", "region_vec"])
assembler_${n} = VectorAssembler(inputCols=["tenure", "charges", "plan_vec", "region_vec"], outputCol="features")
lr_${n} = LogisticRegression(labelCol="churned", maxIter=${10 + (n % 40)})
pipeline_${n} = Pipeline(stages=[indexer_${n}, encoder_${n}, assembler_${n}, lr_${n}])
model_${n} = pipeline_${n}.fit(train_${n})
evaluator_${n} = BinaryClassificationEvaluator(labelCol="churned")
auc_${n} = evaluator_${n}.evaluate(model_${n}.transform(test_${n}))`,
  (n) => `with mlflow.start_run(run_name="churn-${n}") as run_${n}:
    mlflow.log_param("max_iter", ${10 + (n % 40)})
    mlflow.log_metric("auc", auc_${n})
    mlflow.spark.log_model(model_${n}, artifact_path="model", registered_model_name="ml.churn.model_${n}")
    print(run_${n}.info.run_id)`,
  (n) => `def score_${n}(batches):
    model = mlflow.pyfunc.load_model("models:/ml.churn.model_${n}@champion")
    for pdf in batches:
        pdf["prediction"] = model.predict(pdf[["tenure", "charges"]])
        yield pdf


scored_${n} = df_${n}.mapInPandas(score_${n}, schema=df_${n}.schema.add("prediction", "double"))`,
  (n) => `def train_store_${n}(pdf: pd.DataFrame) -> pd.DataFrame:
    from sklearn.linear_model import LinearRegression

    model = LinearRegression().fit(pdf[["promo", "price"]], pdf["units"])
    return pd.DataFrame({"store": [pdf["store"].iloc[0]], "coef": [float(model.coef_[0])]})


coefs_${n} = df_${n}.groupBy("store").applyInPandas(train_store_${n}, schema="store string, coef double")`,
  (n) => `endpoint_config_${n} = {
    "name": "churn-endpoint-${n}",
    "config": {
        "served_entities": [
            {"name": "champion", "entity_name": "ml.churn.model_${n}", "entity_version": "3", "workload_size": "Small"},
            {"name": "challenger", "entity_name": "ml.churn.model_${n}", "entity_version": "4", "workload_size": "Small"},
        ],
        "traffic_config": {"routes": [
            {"served_model_name": "champion", "traffic_percentage": ${n % 7 === 0 ? 85 : 80}},
            {"served_model_name": "challenger", "traffic_percentage": 20},
        ]},
    },
}`,
  (n) => `sales_${n} = pd.read_csv("/dbfs/tmp/sales_${n}.csv", parse_dates=["date"])
sales_${n}["week"] = sales_${n}["date"].dt.isocalendar().week
weekly_${n} = sales_${n}.groupby(["store", "week"], as_index=False)["units"].sum()
top_${n} = weekly_${n}.sort_values("units", ascending=False).head(10)
for row in top_${n}.itertuples():
    print(f"{row.store}: {row.units}")
summary_${n} = {"stores": int(weekly_${n}["store"].nunique()), "weeks": int(weekly_${n}["week"].max())}`,
  (n) => `class Wrapper${n}(mlflow.pyfunc.PythonModel):
    def load_context(self, context):
        import joblib

        self.model = joblib.load(context.artifacts["model"])

    def predict(self, context, model_input):
        return self.model.predict(model_input)


with mlflow.start_run():
    mlflow.pyfunc.log_model(
        artifact_path="wrapper_${n}",
        python_model=Wrapper${n}(),
        artifacts={"model": "/dbfs/tmp/model_${n}.joblib"},
        pip_requirements=["mlflow", "joblib", "scikit-learn"],
    )`,
  (n) => `# MAGIC %sql
# MAGIC SELECT store, SUM(units) AS units
# MAGIC FROM ml.retail.sales_${n}
# MAGIC GROUP BY store`,
];

/** Cells that use none of the linted APIs: data preparation, plots, SQL, markdown. */
const PLAIN_CELLS: CellTemplate[] = [
  (n) => `# MAGIC %md
# MAGIC ### Exploratory analysis ${n}
# MAGIC Look at the distribution of the target and the share of missing values per column.`,
  (n) => `from pyspark.sql import functions as F

events_${n} = (
    spark.read.table("ml.raw.events_${n}")
    .where(F.col("event_date") >= "2024-01-01")
    .withColumn("hour", F.hour("event_ts"))
    .groupBy("customer_id", "hour")
    .agg(F.count("*").alias("events"), F.avg("amount").alias("avg_amount"))
)
display(events_${n}.limit(20))`,
  (n) => `missing_${n} = {c: events_${n}.where(F.col(c).isNull()).count() for c in events_${n}.columns}
print(sorted(missing_${n}.items(), key=lambda item: -item[1])[:5])`,
  (n) => `import matplotlib.pyplot as plt

pdf_${n} = events_${n}.sample(0.01, seed=${n}).toPandas()
fig, ax = plt.subplots(figsize=(8, 4))
pdf_${n}["avg_amount"].clip(upper=500).hist(bins=50, ax=ax)
ax.set_title("Average amount per customer and hour")
display(fig)`,
  (n) => `def clean_names_${n}(df):
    for column in df.columns:
        df = df.withColumnRenamed(column, column.strip().lower().replace(" ", "_"))
    return df


customers_${n} = clean_names_${n}(spark.read.option("header", True).csv("/mnt/raw/customers_${n}.csv"))
customers_${n}.write.mode("overwrite").saveAsTable("ml.clean.customers_${n}")`,
  (n) => `# MAGIC %sql
# MAGIC SELECT plan, COUNT(*) AS customers, AVG(tenure) AS tenure
# MAGIC FROM ml.clean.customers_${n}
# MAGIC GROUP BY plan ORDER BY customers DESC`,
];

export function notebook(random: () => number, targetLines: number, offset: number, plainShare = 0): string {
  const cells = ['# Databricks notebook source\n# MAGIC %pip install lightgbm==4.3.0\n'];
  let lines = 2;
  // The first cells define what the later ones use, as in a real notebook; later cells are
  // re-runs and variations that share those names.
  for (const first of [CELLS[1], CELLS[2]]) {
    const cell = first(offset);
    cells.push(cell);
    lines += cell.split('\n').length + 3;
  }
  while (lines < targetLines) {
    const pool = random() < plainShare ? PLAIN_CELLS : CELLS;
    const cell = pool[Math.floor(random() * pool.length)](offset);
    cells.push(cell);
    lines += cell.split('\n').length + 3;
  }
  return `${cells.join('\n\n# COMMAND ----------\n\n')}\n`;
}
