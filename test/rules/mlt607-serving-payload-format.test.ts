import { mlt607ServingPayloadFormat } from '../../rules/mlt607-serving-payload-format';
import { describeRule } from '../support/ruleTester';

describeRule(mlt607ServingPayloadFormat, {
  flagged: [
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
      name: 'a URL bound to a name, body through json.dumps bound to a name',
      code: `
        import json, requests
        url = f"https://{host}/serving-endpoints/churn/invocations"
        body = json.dumps({"features": [1, 2, 3]})
        requests.post(url, data=body)
      `,
      findings: [{ line: 4, column: 25 }],
    },
  ],
  silent: [
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
      name: 'wraps a bare list of rows as dataframe_records, where the list is defined',
      code: `
        import requests
        rows = [
            {"age": 42},
            {"age": 17},
        ]
        requests.post("https://h/serving-endpoints/churn/invocations", json=rows)
      `,
      output: `
        import requests
        rows = {"dataframe_records": [
            {"age": 42},
            {"age": 17},
        ]}
        requests.post("https://h/serving-endpoints/churn/invocations", json=rows)
      `,
    },
    {
      name: 'renames the only key holding row dicts to dataframe_records (unsafe)',
      safety: 'unsafe',
      code: `
        import json, requests
        payload = {"data": [{"age": 42, "plan": "basic"}]}
        requests.post(URL + "/serving-endpoints/churn/invocations", data=json.dumps(payload))
      `,
      output: `
        import json, requests
        payload = {"dataframe_records": [{"age": 42, "plan": "basic"}]}
        requests.post(URL + "/serving-endpoints/churn/invocations", data=json.dumps(payload))
      `,
    },
  ],
});
