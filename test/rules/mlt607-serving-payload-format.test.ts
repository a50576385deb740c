import { mlt607ServingPayloadFormat } from '../../rules/mlt607-serving-payload-format';
import { describeRule } from '../support/ruleTester';

describeRule(mlt607ServingPayloadFormat, {
  flagged: [
    {
      name: 'requests.post under another name, sessions and clients opened by a with statement, and rows written as lists',
      code: `
        import httpx
        import requests
        from requests import post as send

        url = f"{host}/serving-endpoints/churn/invocations"
        send(url, json={"data": [[1, 2]]})
        with requests.Session() as session:
            session.post(url, json={"data": [[1, 2]]})
        with httpx.Client(timeout=30) as client:
            client.post(url, json={"data": [[1, 2]]})
        requests.post(url, json=[[42, "basic"], [7, "premium"]])
        requests.post(url, json=[(42, "basic")])
      `,
      findings: [
        { line: 6, column: 16 },
        { line: 8, column: 28 },
        { line: 10, column: 27 },
        { line: 11, column: 25, message: 'the request body is a bare list of rows: Model Serving expects {"dataframe_split": {"columns": [...], "data": [...]}} for rows written as lists' },
        { line: 12, column: 25, message: 'the request body is a bare list of rows' },
      ],
    },
    {
      name: "a dict given as data= is form-encoded, whatever the Content-Type header says (MLflow's flower classifier example)",
      code: `
        import requests
        payload = {"dataframe_split": pdf.to_json(orient="split")}
        requests.post(
            f"https://{host}/serving-endpoints/flowers/invocations",
            data=payload,
            headers={"Content-Type": "application/json"},
        )
      `,
      findings: [{ line: 5, column: 10, message: 'data= with a dict sends a form-encoded body (key=value pairs), not JSON, whatever the Content-Type header says' }],
    },
    {
      name: 'columns/data rows appended to the payload before it is posted: the keys stay the same',
      code: `
        import requests
        payload = {"columns": ["age", "plan"], "data": []}
        for age in [30, 40]:
            payload["data"].append([age, "basic"])
        requests.post(f"https://{host}/serving-endpoints/churn/invocations", json=payload, headers=headers)
      `,
      findings: [{ line: 5, column: 75, message: '("columns", "data") include none of dataframe_records' }],
    },
    {
      name: 'columns/data without the dataframe_split wrapper',
      code: `
        import requests
        requests.post(f"https://{host}/serving-endpoints/churn/invocations", json={"columns": ["age", "plan"], "data": [[42, "basic"]]}, headers=headers)
      `,
      findings: [{ line: 2, column: 75, message: '("columns", "data") include none of dataframe_records' }],
    },
    {
      name: 'data=json.dumps(payload) with a payload bound earlier',
      code: `
        import json
        import requests
        payload = {"data": [{"age": 42, "plan": "basic"}]}
        requests.post(URL + "/serving-endpoints/churn/invocations", data=json.dumps(payload), headers=headers)
      `,
      findings: [{ line: 4, column: 66, message: '"data"' }],
    },
    {
      name: 'a bare list of row dicts',
      code: `
        import requests
        rows = [{"age": 42}, {"age": 17}]
        requests.post("https://h/serving-endpoints/churn/invocations", json=rows)
      `,
      findings: [{ line: 3, column: 69, message: 'bare list of rows' }],
    },
    {
      name: 'a session post with a single row dict',
      code: `
        import requests
        s = requests.Session()
        s.post(f"{base}/serving-endpoints/{name}/invocations", json={"age": 42, "plan": "basic"})
      `,
      findings: [{ line: 3, column: 61 }],
    },
    {
      name: 'httpx and a URL built with format()',
      code: `
        import httpx
        httpx.post("https://{}/serving-endpoints/{}/invocations".format(host, ep), json={"records": [{"a": 1}]})
      `,
      findings: [{ line: 2, column: 81 }],
    },
    {
      name: 'mlflow deployments client predict inputs',
      code: `
        from mlflow.deployments import get_deploy_client
        client = get_deploy_client("databricks")
        client.predict(endpoint="churn", inputs={"columns": ["a"], "data": [[1]]})
      `,
      findings: [{ line: 3, column: 41 }],
    },
    {
      name: 'mlflow deployments client predict with the inputs by position (deployment_name, inputs)',
      code: `
        from mlflow.deployments import get_deploy_client
        get_deploy_client("databricks").predict("churn", {"columns": ["a"], "data": [[1]]})
      `,
      findings: [{ line: 2, column: 50, message: 'the request body\'s keys ("columns", "data") include none of dataframe_records' }],
    },
    {
      name: 'a URL bound to a name, body through json.dumps bound to a name',
      code: `
        import json, requests
        url = f"https://{host}/serving-endpoints/churn/invocations"
        body = json.dumps({"features": [1, 2, 3]})
        requests.post(url, data=body)
      `,
      findings: [{ line: 4, column: 25 }],
    },
    {
      name: 'requests.request("POST", ...) with to_dict(orient="split") bound to a name',
      code: `
        import requests
        def score_model(dataset):
            url = f"{host}/serving-endpoints/churn/invocations"
            ds_dict = dataset.to_dict(orient="split")
            return requests.request(method="POST", headers=headers, url=url, json=ds_dict)
      `,
      findings: [{ line: 5, column: 75, message: 'to_dict(orient="split") without its wrapper' }],
    },
    {
      name: 'a JSON string body',
      code: `
        import requests
        requests.post(f"{host}/serving-endpoints/churn/invocations", data='{"columns": ["age"], "data": [[42]]}', headers=headers)
      `,
      findings: [{ line: 2, column: 67, message: '("columns", "data")' }],
    },
    {
      name: 'a dict body through a name keeps no rename fix but is reported',
      code: `
        import json, requests
        payload = {"data": [{"age": 42}]}
        requests.post(URL + "/serving-endpoints/churn/invocations", data=json.dumps(payload))
      `,
      findings: [{ line: 3, column: 66 }],
    },
  ],
  silent: [
    {
      name: 'a with statement that opens something else than an HTTP session, and requests.get under another name',
      code: `
        import requests
        from requests import get as fetch

        url = f"{host}/serving-endpoints/churn/invocations"
        with make_session() as session:
            session.post(url, json={"data": [[1, 2]]})
        fetch(url, json={"data": [[1, 2]]})
      `,
    },
    {
      name: 'the same dict sent as json=, and its JSON text as data=',
      code: `
        import json, requests
        payload = {"dataframe_split": pdf.to_dict(orient="split")}
        url = f"https://{host}/serving-endpoints/flowers/invocations"
        requests.post(url, json=payload)
        requests.post(url, data=json.dumps(payload), headers={"Content-Type": "application/json"})
      `,
    },
    {
      name: 'the deployments client given a correct body by position (deployment_name, inputs)',
      code: `
        from mlflow.deployments import get_deploy_client
        get_deploy_client("databricks").predict("churn", {"dataframe_records": [{"a": 1}]})
      `,
    },
    {
      name: 'a chat body written as a JSON string',
      code: `
        import requests
        requests.post(f"{host}/serving-endpoints/chat/invocations", data='{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 64}')
      `,
    },
    {
      name: 'dataframe_split',
      code: `
        import requests
        requests.post(f"https://{host}/serving-endpoints/churn/invocations", json={"dataframe_split": sample.to_dict(orient="split")})
      `,
    },
    {
      name: 'dataframe_records, instances, inputs (with params)',
      code: `
        import requests
        u = "https://h/serving-endpoints/e/invocations"
        requests.post(u, json={"dataframe_records": [{"a": 1}]})
        requests.post(u, json={"instances": [[1, 2]]})
        requests.post(u, json={"inputs": {"x": [1]}, "params": {"k": 1}})
      `,
    },
    {
      name: 'a chat endpoint with messages / prompt',
      code: `
        import requests
        requests.post("https://h/serving-endpoints/databricks-llama/invocations", json={"messages": [{"role": "user", "content": "hi"}], "max_tokens": 64})
        requests.post("https://h/serving-endpoints/completions/invocations", json={"prompt": "hi"})
      `,
    },
    {
      name: 'a payload with a splat may hold the key',
      code: `
        import requests
        requests.post("https://h/serving-endpoints/e/invocations", json={**base_payload, "params": {}})
      `,
    },
    {
      name: 'a payload built at run time',
      code: `
        import requests
        requests.post("https://h/serving-endpoints/e/invocations", json=make_payload(df))
      `,
    },
    {
      name: 'the config API (not invocations)',
      code: `
        import requests
        requests.put(f"https://{host}/api/2.0/serving-endpoints/churn/config", json={"served_entities": []})
        requests.post(f"https://{host}/api/2.0/serving-endpoints", json={"name": "churn", "config": {}})
      `,
    },
    {
      name: 'another API with a data dict',
      code: `
        import requests
        requests.post("https://example.com/api/predict", json={"data": [[1, 2]]})
      `,
    },
    {
      name: 'a local post function',
      code: `
        def post(url, json=None): ...
        post("https://h/serving-endpoints/e/invocations", json={"data": [1]})
      `,
    },
    {
      name: 'the SDK query with keyword inputs',
      code: `
        from databricks.sdk import WorkspaceClient
        WorkspaceClient().serving_endpoints.query(name="churn", dataframe_records=[{"a": 1}])
      `,
    },
    {
      name: 'a URL of unknown value',
      code: `
        import requests
        requests.post(endpoint_url, json={"data": [[1]]})
      `,
    },
    {
      name: 'a foundation-model endpoint (databricks-...) with its own body',
      code: `
        from mlflow.deployments import get_deploy_client
        client = get_deploy_client("databricks")
        client.predict(endpoint="databricks-gte-large-en", inputs={"texts": ["What is Spark?"]})
      `,
    },
    {
      name: 'an embeddings body (input) and an agent body (input)',
      code: `
        import requests
        requests.post(f"{host}/serving-endpoints/embedder/invocations", json={"input": ["a", "b"]})
        requests.post(f"{host}/serving-endpoints/agent/invocations", json={"input": messages, "context": {"user": "u"}})
      `,
    },
    {
      name: 'a JSON string body with dataframe_split, and a string that is not JSON',
      code: `
        import requests
        requests.post(f"{host}/serving-endpoints/churn/invocations", data='{"dataframe_split": {"columns": ["age"], "data": [[42]]}}')
        requests.post(f"{host}/serving-endpoints/churn/invocations", data="age,plan\n42,basic", headers={"Content-Type": "text/csv"})
      `,
    },
    {
      name: 'to_dict with another orient, or wrapped already',
      code: `
        import requests
        requests.post(f"{host}/serving-endpoints/churn/invocations", json={"dataframe_split": pdf.to_dict(orient="split")})
        requests.post(f"{host}/serving-endpoints/churn/invocations", json={"inputs": pdf.to_dict(orient="list")})
      `,
    },
    {
      name: 'the legacy /model/ URL is another API (retired), not checked here',
      code: `
        import requests
        requests.request(method="POST", url=f"{api_url}/model/churn/1/invocations", json=pdf.to_dict(orient="split"))
      `,
    },
    {
      name: 'code mid-edit',
      code: `
        import requests
        requests.post("https://h/serving-endpoints/e/invocations", json={"columns": ["a"], "data": [[1]]
      `,
    },
  ],
  fixes: [
    {
      name: 'wraps columns/data as dataframe_split',
      code: `
        import requests
        requests.post(f"https://{host}/serving-endpoints/churn/invocations", json={"columns": ["age"], "data": [[42]]})
      `,
      output: `
        import requests
        requests.post(f"https://{host}/serving-endpoints/churn/invocations", json={"dataframe_split": {"columns": ["age"], "data": [[42]]}})
      `,
    },
    {
      name: 'wraps a bare list of rows as dataframe_records at the call (the variable keeps its value)',
      code: `
        import requests
        rows = [
            {"age": 42},
            {"age": 17},
        ]
        requests.post("https://h/serving-endpoints/churn/invocations", json=rows)
        print(len(rows))
      `,
      output: `
        import requests
        rows = [
            {"age": 42},
            {"age": 17},
        ]
        requests.post("https://h/serving-endpoints/churn/invocations", json={"dataframe_records": rows})
        print(len(rows))
      `,
    },
    {
      name: 'wraps to_dict(orient="split") as dataframe_split',
      code: `
        from mlflow.deployments import get_deploy_client
        def score_model(dataset):
            client = get_deploy_client("databricks")
            return client.predict(endpoint="turbine", inputs=dataset.to_dict(orient="split"))
      `,
      output: `
        from mlflow.deployments import get_deploy_client
        def score_model(dataset):
            client = get_deploy_client("databricks")
            return client.predict(endpoint="turbine", inputs={"dataframe_split": dataset.to_dict(orient="split")})
      `,
    },
    {
      name: 'wraps a to_dict("records") body bound to a name at the call',
      code: `
        import json, requests
        records = pdf.to_dict("records")
        requests.post(URL + "/serving-endpoints/churn/invocations", data=json.dumps(records))
      `,
      output: `
        import json, requests
        records = pdf.to_dict("records")
        requests.post(URL + "/serving-endpoints/churn/invocations", data=json.dumps({"dataframe_records": records}))
      `,
    },
    {
      name: 'renames the only key holding row dicts to dataframe_records (unsafe)',
      safety: 'unsafe',
      code: `
        import json, requests
        requests.post(URL + "/serving-endpoints/churn/invocations", data=json.dumps({"data": [{"age": 42, "plan": "basic"}]}))
      `,
      output: `
        import json, requests
        requests.post(URL + "/serving-endpoints/churn/invocations", data=json.dumps({"dataframe_records": [{"age": 42, "plan": "basic"}]}))
      `,
    },
  ],
});
