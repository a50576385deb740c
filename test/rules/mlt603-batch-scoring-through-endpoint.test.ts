// MLT603 batch-scoring-through-endpoint: flagged cases and silent look-alikes (the rule has no fix).
import { mlt603BatchScoringThroughEndpoint } from '../../rules/mlt603-batch-scoring-through-endpoint';
import { describeRule } from '../support/ruleTester';

describeRule(mlt603BatchScoringThroughEndpoint, {
  flagged: [
    {
      name: 'a loop over every collected row as a dict made with asDict(recursive=True)',
      code: `
        import requests
        URL = "https://adb-1.azuredatabricks.net/serving-endpoints/churn/invocations"
        for rec in [r.asDict(recursive=True) for r in spark.table("ml.crm.customers").collect()]:
            requests.post(URL, json={"dataframe_records": [rec]})
      `,
      findings: [{ line: 4, column: 5, message: 'inside a loop over collect() sends one request per row' }],
    },
    {
      name: 'a loop over every collected row as a dict ([r.asDict() for r in df.collect()])',
      code: `
        import requests
        URL = "https://adb-1.azuredatabricks.net/serving-endpoints/churn/invocations"
        rows = [r.asDict() for r in spark.table("ml.crm.customers").collect()]
        for rec in rows:
            requests.post(URL, json={"dataframe_records": [rec]})
      `,
      findings: [{ line: 5, column: 5, message: 'an HTTP request to a serving endpoint inside a loop over collect() sends one request per row' }],
    },
    {
      name: 'a loop that sleeps and prints each response, but also keeps it',
      code: `
        import time
        import requests
        scores = []
        for _, row in pdf.iterrows():
            resp = requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.to_dict()]})
            print(resp.status_code)
            scores.append(resp.json()["predictions"][0])
            time.sleep(0.1)
      `,
      findings: [{ line: 5, column: 12, message: 'inside a loop over iterrows()' }],
    },
    {
      name: 'a helper that keeps every response, called in a loop that sleeps for the rate limit: rows scored',
      code: `
        import time
        import requests
        scores = []
        def score(record):
            response = requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [record]})
            scores.append(response.json()["predictions"][0])
        for _, row in pdf.iterrows():
            score(row.to_dict())
            time.sleep(0.05)
      `,
      findings: [{ line: 5, column: 16, message: 'inside a loop over iterrows(), through score()' }],
    },
    {
      name: 'a loop that sleeps between requests but keeps every response: rows scored slowly',
      code: `
        import time
        import requests
        scores = []
        for _, row in pdf.iterrows():
            scores.append(requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.to_dict()]}).json())
            time.sleep(0.1)
      `,
      findings: [{ line: 5, column: 19, message: 'inside a loop over iterrows()' }],
    },
    {
      name: 'requests.post per row of collect()',
      code: `
        import requests
        for row in spark.table("ml.churn.customers").collect():
            requests.post(f"https://{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.asDict()]}, headers=headers)
      `,
      findings: [{ line: 3, column: 5, message: 'inside a loop over collect()' }],
    },
    {
      name: 'rows selected by a column of the data, or by more keys than a hand-picked sample',
      code: `
        import requests
        url = f"{host}/serving-endpoints/churn/invocations"
        active = pdf[pdf["status"].isin(statuses)]
        for row in active.to_dict(orient="records"):
            requests.post(url, json={"dataframe_records": [row]})
        many = pdf[pdf["id"].isin([${Array.from({ length: 30 }, (_, i) => i).join(', ')}])]
        for row in many.to_dict(orient="records"):
            requests.post(url, json={"dataframe_records": [row]})
      `,
      findings: [{ line: 5, column: 5 }, { line: 8, column: 5 }],
    },
    {
      name: 'a Spark filter on keys read from data, or on a few keys or-ed with another condition: not a hand-picked sample',
      code: `
        import requests
        from pyspark.sql import functions as F
        url = f"{host}/serving-endpoints/hotel/invocations"
        for row in spark.table("ml.hotel.clients").filter(F.col("id").isin(active_ids)).collect():
            requests.post(url, json={"dataframe_records": [row.asDict()]})
        for row in spark.table("ml.hotel.clients").filter(F.col("id").isin([1, 2]) | (F.col("active") == 1)).collect():
            requests.post(url, json={"dataframe_records": [row.asDict()]})
      `,
      findings: [{ line: 5, column: 5 }, { line: 7, column: 5 }],
    },
    {
      name: 'a session post per row of iterrows(), URL bound to a name',
      code: `
        import requests
        session = requests.Session()
        url = f"{host}/serving-endpoints/{endpoint}/invocations"
        for _, row in pdf.iterrows():
            response = session.post(url, json={"dataframe_records": [row.to_dict()]})
      `,
      findings: [{ line: 5, column: 16, message: 'inside a loop over iterrows()' }],
    },
    {
      name: 'WorkspaceClient serving_endpoints.query over enumerate(toLocalIterator())',
      code: `
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient()
        rows = df.toLocalIterator()
        for i, row in enumerate(rows):
            w.serving_endpoints.query(name="churn", dataframe_records=[row.asDict()])
      `,
      findings: [{ line: 5, column: 5, message: 'serving_endpoints.query() inside a loop over toLocalIterator()' }],
    },
    {
      name: 'mlflow deployments client predict per itertuples() row',
      code: `
        from mlflow.deployments import get_deploy_client
        client = get_deploy_client("databricks")
        for record in pdf.itertuples():
            client.predict(endpoint="churn", inputs={"dataframe_records": [record._asdict()]})
      `,
      findings: [{ line: 4, column: 5, message: 'the deployments client predict()' }],
    },
    {
      name: 'inside a @pandas_udf',
      code: `
        import httpx
        import pandas as pd
        from pyspark.sql.functions import pandas_udf
        @pandas_udf("double")
        def score(age: pd.Series) -> pd.Series:
            r = httpx.post(HOST + "/serving-endpoints/churn/invocations", json={"inputs": age.tolist()})
            return pd.Series(r.json()["predictions"])
      `,
      findings: [{ line: 6, column: 9, message: 'inside a UDF sends a request for every row or batch the UDF processes' }],
    },
    {
      name: 'a function passed to mapInPandas',
      code: `
        import requests
        def call_endpoint(batches):
            for pdf in batches:
                yield pdf.assign(p=requests.post("https://h/serving-endpoints/e/invocations", json={"dataframe_split": pdf.to_dict(orient="split")}).json()["predictions"])
        scored = df.mapInPandas(call_endpoint, schema="p double")
      `,
      findings: [{ line: 4, column: 28, message: 'mapInPandas()' }],
    },
    {
      name: 'a lambda given to udf()',
      code: `
        import requests
        import pyspark.sql.functions as F
        score = F.udf(lambda age: requests.post("https://h/serving-endpoints/e/invocations", json={"inputs": [age]}).json()["predictions"][0], "double")
      `,
      findings: [{ line: 3, column: 27, message: 'udf()' }],
    },
    {
      name: 'a list comprehension over to_dict("records")',
      code: `
        import requests
        results = [requests.post(URL_BASE + "/serving-endpoints/e/invocations", json={"dataframe_records": [r]}) for r in pdf.to_dict("records")]
      `,
      findings: [{ line: 2, column: 12, message: 'comprehension over to_dict("records")' }],
    },
    {
      name: 'pandas apply over rows (axis=1)',
      code: `
        import requests
        def score_row(row):
            return requests.post("https://h/serving-endpoints/e/invocations", json={"dataframe_records": [row.to_dict()]}).json()
        pdf["prediction"] = pdf.apply(score_row, axis=1)
      `,
      findings: [{ line: 3, column: 12, message: 'applied to every row' }],
    },
    {
      name: 'a helper called in a loop over rows',
      code: `
        import requests
        def score(record):
            return requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [record]}).json()
        for row in spark.table("ml.churn.customers").collect():
            score(row.asDict())
      `,
      findings: [{ line: 3, column: 12, message: 'inside a loop over collect(), through score()' }],
    },
    {
      name: 'a helper nested in a pandas UDF',
      code: `
        import requests
        import pandas as pd
        from pyspark.sql.functions import pandas_udf
        @pandas_udf("double")
        def score(age: pd.Series) -> pd.Series:
            def call(values):
                return requests.post(f"{host}/serving-endpoints/churn/invocations", json={"inputs": values}).json()["predictions"]
            return pd.Series(call(age.tolist()))
      `,
      findings: [{ line: 7, column: 16, message: 'inside a UDF, through call()' }],
    },
    {
      name: 'requests.request("POST", ...) per row',
      code: `
        import requests
        for _, row in pdf.iterrows():
            requests.request("POST", f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.to_dict()]})
      `,
      findings: [{ line: 3, column: 5, message: 'sends one request per row' }],
    },
    {
      name: 'a WorkspaceClient from elsewhere (a parameter) in a file that imports the SDK',
      code: `
        from databricks.sdk import WorkspaceClient
        def score_all(w, df):
            for row in df.collect():
                w.serving_endpoints.query(name="churn", dataframe_records=[row.asDict()])
      `,
      findings: [{ line: 4, column: 9, message: 'serving_endpoints.query()' }],
    },
    {
      name: 'take(n) of more than 100 rows',
      code: `
        import requests
        for row in df.take(5000):
            requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.asDict()]})
      `,
      findings: [{ line: 3, column: 5, message: 'loop over take(5000)' }],
    },
    {
      name: 'limit(n) of more than 100 rows',
      code: `
        import requests
        for row in spark.table("t").limit(10000).collect():
            requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.asDict()]})
      `,
      findings: [{ line: 3, column: 5 }],
    },
  ],
  silent: [
    {
      name: 'a loop over some collected rows (a filtered comprehension)',
      code: `
        import requests
        URL = "https://adb-1.azuredatabricks.net/serving-endpoints/churn/invocations"
        rows = [r.asDict() for r in spark.table("ml.crm.customers").collect() if r.segment == "vip"]
        for rec in rows:
            requests.post(URL, json={"dataframe_records": [rec]})
      `,
    },
    {
      name: 'traffic sent to fill the inference table: each response only printed, its status checked, a sleep between requests',
      code: `
        import time
        import requests
        url = f"{host}/serving-endpoints/booking-model/invocations"
        for _, row in source_pdf.sample(n=1000, replace=True).iterrows():
            try:
                resp = requests.post(url, json={"dataframe_records": [row.to_dict()]})
                print(resp.text)
                print(f"status {resp.status_code}")
                resp.raise_for_status()
                if resp.status_code != 200:
                    logger.warning(resp.json())
            except Exception as err:
                print(f"request failed: {err}")
            time.sleep(0.2)
      `,
    },
    {
      name: 'traffic sent on purpose: each response thrown away, a sleep between requests, through a helper',
      code: `
        import time
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient()
        def send(record):
            return w.serving_endpoints.query(name="churn-endpoint", dataframe_records=[record])
        test_pdf = spark.table("main.ml.test_set").toPandas()
        for _, row in test_pdf.iterrows():
            send(row.to_dict())
            time.sleep(0.2)
      `,
    },
    {
      name: 'a few rows picked by keys written in the code (filling an inference table, a demo)',
      code: `
        import requests
        url = f"{host}/serving-endpoints/hotel/invocations"
        picked = pdf[pdf["client_id"].isin(["101", "202", "303", "404"])]
        for rec in picked.to_dict(orient="records"):
            requests.post(url, json={"dataframe_records": [rec]})
        for _, row in pdf.loc[pdf.id.isin((7, 8, 9))].iterrows():
            requests.post(url, json={"dataframe_records": [row.to_dict()]})
      `,
    },
    {
      name: 'a Spark DataFrame filtered to a few keys written in the code (filter/where, a list or varargs, and-ed with another condition)',
      code: `
        import requests
        from pyspark.sql import functions as F
        url = f"{host}/serving-endpoints/hotel/invocations"
        for row in spark.table("ml.hotel.clients").filter(F.col("id").isin([1, 2, 3])).collect():
            requests.post(url, json={"dataframe_records": [row.asDict()]})
        picked = spark.table("ml.hotel.clients").where(F.col("id").isin(7, 8) & (F.col("active") == 1))
        for row in picked.collect():
            requests.post(url, json={"dataframe_records": [row.asDict()]})
      `,
    },
    {
      name: 'a loop over a few example rows written in the code (sample requests)',
      code: `
        import pandas as pd
        import requests
        examples = pd.DataFrame({"age": [42, 37, 25], "plan": ["basic", "pro", "basic"]})
        for _, row in examples.iterrows():
            requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.to_dict()]})
      `,
    },
    {
      name: 'serving_endpoints.query on a client of unknown origin in a file that does not import the SDK',
      code: `
        def score_all(client, rows):
            for row in rows.collect():
                client.serving_endpoints.query(name="churn", dataframe_records=[row.asDict()])
      `,
    },
    {
      name: 'one request with a batch of rows',
      code: `
        import requests
        sample = spark.table("t").limit(100).toPandas()
        requests.post(f"https://{host}/serving-endpoints/churn/invocations", json={"dataframe_split": sample.to_dict(orient="split")})
      `,
    },
    {
      name: 'a loop over endpoints, not rows',
      code: `
        import requests
        for name in ["churn-a", "churn-b"]:
            requests.post(f"https://{host}/serving-endpoints/{name}/invocations", json={"dataframe_records": records})
      `,
    },
    {
      name: 'a loop over collect() that posts somewhere else',
      code: `
        import requests
        for row in df.collect():
            requests.post("https://hooks.slack.com/services/x", json={"text": str(row)})
      `,
    },
    {
      name: 'management calls to the serving-endpoints API in a loop (not invocations)',
      code: `
        import requests
        for row in configs.collect():
            requests.put(f"https://{host}/api/2.0/serving-endpoints/{row.name}/config", json=row.config)
      `,
    },
    {
      name: 'a function that is only defined, never used as a UDF',
      code: `
        import requests
        def score(batch):
            return requests.post("https://h/serving-endpoints/e/invocations", json={"dataframe_records": batch})
      `,
    },
    {
      name: 'a local function called post',
      code: `
        def post(url, json=None): pass
        for row in df.collect():
            post("https://h/serving-endpoints/e/invocations", json={"dataframe_records": [row.asDict()]})
      `,
    },
    {
      name: 'a post with an unknown URL in a loop',
      code: `
        import requests
        for row in df.collect():
            requests.post(url, json={"dataframe_records": [row.asDict()]})
      `,
    },
    {
      name: 'a deployments client for another target',
      code: `
        from mlflow.deployments import get_deploy_client
        client = get_deploy_client("sagemaker")
        for row in df.collect():
            client.predict(endpoint="churn", inputs={"dataframe_records": [row.asDict()]})
      `,
    },
    {
      name: 'a loop that builds the batch first, then one request',
      code: `
        import requests
        records = []
        for row in df.collect():
            records.append(row.asDict())
        requests.post("https://h/serving-endpoints/e/invocations", json={"dataframe_records": records})
      `,
    },
    {
      name: 'a function defined inside the loop body but called later',
      code: `
        import requests
        for row in df.collect():
            def later():
                return requests.post("https://h/serving-endpoints/e/invocations", json={})
      `,
    },
    {
      name: 'pandas apply over columns (default axis)',
      code: `
        import requests
        def score_col(col):
            return requests.post("https://h/serving-endpoints/e/invocations", json={"inputs": col.tolist()}).json()
        pdf.apply(score_col)
      `,
    },
    {
      name: 'the loop in a comment or a string',
      code: `
        # for row in df.collect(): requests.post("https://h/serving-endpoints/e/invocations")
        doc = "for row in df.collect(): requests.post('https://h/serving-endpoints/e/invocations')"
      `,
    },
    {
      name: 'code mid-edit',
      code: `
        import requests
        for r in df.collect():
            requests.post("https://h/serving-endpoints/e/invocations", json={"a": 
      `,
    },
    {
      name: 'a loop over a few rows on purpose: limit(10).collect()',
      code: `
        from mlflow.deployments import get_deploy_client
        client = get_deploy_client("databricks")
        for r in spark.table("eval_set").limit(10).collect():
            client.predict(endpoint="agent", inputs={"dataframe_split": {"columns": ["q"], "data": [[r["q"]]]}})
      `,
    },
    {
      name: 'take(5), head(3) and a SQL LIMIT 5',
      code: `
        import requests
        for row in df.take(5):
            requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.asDict()]})
        for row in df.head(3):
            requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.asDict()]})
        sample = spark.sql("SELECT * FROM features LIMIT 5").collect()
        for row in sample:
            requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.asDict()]})
      `,
    },
    {
      name: 'a sample of pandas rows (head(20).iterrows())',
      code: `
        import requests
        for _, row in pdf.head(20).iterrows():
            requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.to_dict()]})
      `,
    },
    {
      name: 'a limit that is not a literal: the author chose the size',
      code: `
        import requests
        for row in df.limit(n_samples).collect():
            requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.asDict()]})
      `,
    },
    {
      name: 'traffic simulation with range(10)',
      code: `
        from mlflow.deployments import get_deploy_client
        client = get_deploy_client("databricks")
        for i in range(10):
            client.predict(endpoint="fraud", inputs=dataset)
      `,
    },
    {
      name: 'a foundation-model endpoint called from a pandas UDF in batches (embeddings)',
      code: `
        import pandas as pd
        import mlflow.deployments
        from pyspark.sql.functions import pandas_udf
        @pandas_udf("array<float>")
        def embed(contents: pd.Series) -> pd.Series:
            client = mlflow.deployments.get_deploy_client("databricks")
            def batch(texts):
                return [e["embedding"] for e in client.predict(endpoint="databricks-gte-large-en", inputs={"input": texts}).data]
            return pd.Series(batch(contents.tolist()))
      `,
    },
    {
      name: 'a chat body per row (messages)',
      code: `
        import requests
        for row in questions.collect():
            requests.post(f"{host}/serving-endpoints/my-llm/invocations", json={"messages": [{"role": "user", "content": row.q}]})
      `,
    },
    {
      name: 'test code',
      fileName: 'tests/test_endpoint.py',
      code: `
        import requests
        for row in df.collect():
            requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.asDict()]})
      `,
    },
    {
      name: 'a pytest function in a notebook',
      code: `
        import requests
        def test_endpoint_answers():
            for row in df.collect():
                requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [row.asDict()]})
      `,
    },
    {
      name: 'a GET request per row (not a scoring call)',
      code: `
        import requests
        for row in endpoints.collect():
            requests.request("GET", f"{host}/serving-endpoints/{row.name}/invocations")
      `,
    },
    {
      name: 'a helper that is never called in a loop',
      code: `
        import requests
        def score(record):
            return requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_records": [record]}).json()
        score({"age": 42})
      `,
    },
    {
      name: 'a recursive helper does not loop the rule',
      code: `
        import requests
        def retry(payload, n):
            r = requests.post(f"{host}/serving-endpoints/churn/invocations", json=payload)
            return r if r.ok or n == 0 else retry(payload, n - 1)
      `,
    },
  ],
  fixes: [],
});
