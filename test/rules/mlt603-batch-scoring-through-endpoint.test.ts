// MLT603 batch-scoring-through-endpoint: flagged cases and silent look-alikes (the rule has no fix).
import { mlt603BatchScoringThroughEndpoint } from '../../rules/mlt603-batch-scoring-through-endpoint';
import { describeRule } from '../support/ruleTester';

describeRule(mlt603BatchScoringThroughEndpoint, {
  flagged: [
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
      findings: [{ line: 6, column: 9, message: 'inside a UDF' }],
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
  ],
  silent: [
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
  ],
  fixes: [],
});
