import { mlt705NotebookTokenInAutomation } from '../../rules/mlt705-notebook-token-in-automation';
import { describeRule } from '../support/ruleTester';

describeRule(mlt705NotebookTokenInAutomation, {
  flagged: [
    {
      name: 'apiToken() through a name into JobSpec(access_token=...)',
      code: `
        from databricks_registry_webhooks import JobSpec, RegistryWebhooksClient
        token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
        job_spec = JobSpec(job_id="1234", access_token=token)
        RegistryWebhooksClient().create_webhook(model_name="m", events=["MODEL_VERSION_CREATED"], job_spec=job_spec)
      `,
      findings: [{ line: 3, column: 48, message: 'JobSpec(access_token=...)', severity: 'warning' }],
    },
    {
      name: 'host_creds.token in a job_spec dict of a webhook body, in a Databricks notebook',
      code: `
        # Databricks notebook source
        import json
        from mlflow.utils.databricks_utils import get_databricks_host_creds
        host_creds = get_databricks_host_creds()
        body = json.dumps({
            "model_name": "m",
            "events": ["MODEL_VERSION_TRANSITIONED_STAGE"],
            "job_spec": {"job_id": job_id, "workspace_url": host_creds.host, "access_token": host_creds.token},
        })
      `,
      findings: [{ line: 8, column: 86, message: "MLflow's host_creds.token, read from the notebook's command context" }],
    },
    {
      name: 'a job_spec dict bound to a name, the token via getOrElse(None) in a context variable',
      code: `
        ctx = dbutils.notebook.entry_point.getDbutils().notebook().getContext()
        pat = ctx.apiToken().getOrElse(None)
        job_spec = {"job_id": job_id, "access_token": pat}
      `,
      findings: [{ line: 3, column: 47 }],
    },
    {
      name: 'in the body of a POST to registry-webhooks/create (not its headers)',
      code: `
        import requests
        token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
        requests.post(f"{host}/api/2.0/mlflow/registry-webhooks/create",
                      headers={"Authorization": f"Bearer {token}"},
                      json={"events": ["MODEL_VERSION_CREATED"], "http_url_spec": {"url": url, "authorization": f"Bearer {token}"}})
      `,
      findings: [{ line: 5, column: 105, message: 'is stored in a registry webhook: ' }],
    },
    {
      name: 'the token in a job create call of the Databricks SDK (notebook cells)',
      code: `
        # Databricks notebook source
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient()
        token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()

        # COMMAND ----------

        w.jobs.create(name="retrain", tasks=[task], parameters=[JobParameterDefinition(name="token", default=token)])
      `,
      findings: [{ line: 8, column: 102, message: 'a job definition' }],
    },
    {
      name: "in the body of a POST to jobs/create, the job's own words",
      code: `
        import requests
        token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
        requests.post(f"{host}/api/2.1/jobs/create", headers={"Authorization": f"Bearer {token}"}, json={"name": "retrain", "parameters": [{"name": "t", "default": token}]})
      `,
      findings: [{ line: 3, column: 157, message: 'is stored in a job definition: that token is the credential of whoever runs this notebook (you, or a job\'s run-as identity), given to the notebook for its own calls, not a token made for automation: the job or webhook then acts as that identity' }],
    },
    {
      name: "a served entity's environment_vars, through a name and an f-string",
      code: `
        from databricks.sdk.service.serving import ServedEntityInput
        ctx = dbutils.notebook.entry_point.getDbutils().notebook().getContext()
        token = ctx.apiToken().get()
        env = {"DATABRICKS_HOST": host, "DATABRICKS_TOKEN": token}
        entity = ServedEntityInput(entity_name="main.ml.agent", entity_version="3", environment_vars=env)
        other = ServedEntityInput(entity_name="main.ml.agent", entity_version="4", environment_vars={"AUTH": f"Bearer {token}"})
      `,
      findings: [
        {
          line: 4,
          column: 53,
          message:
            'is stored in a serving endpoint\'s environment_vars, in plain text: that token is the credential of whoever runs this notebook (you, or a job\'s run-as identity), given to the notebook for its own calls, not a token made for automation: the endpoint then acts as that identity, and stops working once the token is no longer valid; store a service principal\'s token as a secret and give the variable its reference ("{{secrets/<scope>/<key>}}")',
        },
        { line: 6, column: 102, message: "a serving endpoint's environment_vars" },
      ],
    },
    {
      name: 'an "environment_vars" dict of a REST endpoint config',
      code: `
        token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
        config = {"served_entities": [{"entity_name": "main.ml.agent", "entity_version": "1", "environment_vars": {"DATABRICKS_TOKEN": token}}]}
      `,
      findings: [{ line: 2, column: 128, message: "a serving endpoint's environment_vars" }],
    },
    {
      name: 'stored in a secret with put_secret (the SDK) or the secrets/put endpoint',
      code: `
        import requests
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient()
        nb_token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
        w.secrets.put_secret(scope="agents", key="endpoint-token", string_value=nb_token)
        requests.post(f"{host}/api/2.0/secrets/put", headers={"Authorization": f"Bearer {nb_token}"}, json={"scope": "agents", "key": "t", "string_value": nb_token})
      `,
      findings: [
        {
          line: 5,
          column: 73,
          message: 'is stored in a secret (put_secret): that token is the credential of whoever runs this notebook (you, or a job\'s run-as identity), given to the notebook for its own calls, not a token made for automation: whatever reads the secret (a job, a serving endpoint, an app) then acts as that identity, and stops working once the token is no longer valid; store a service principal\'s token in the secret',
        },
        { line: 6, column: 148, message: 'a secret (put_secret)' },
      ],
    },
    {
      name: 'a secrets/put body as JSON text (data=json.dumps(...)) and through requests.request("POST", url, ...)',
      code: `
        import json, requests
        token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
        payload = json.dumps({"scope": "ml", "key": "k", "string_value": token})
        requests.post(f"{host}/api/2.0/secrets/put", data=payload)
        requests.request("POST", f"{host}/api/2.0/secrets/put", json={"scope": "ml", "key": "k2", "string_value": token})
      `,
      findings: [
        { line: 3, column: 66, message: 'a secret (put_secret)' },
        { line: 5, column: 107, message: 'a secret (put_secret)' },
      ],
    },
  ],
  silent: [
    {
      name: 'host_creds.token in a module or CI script: MLflow reads it from the environment or a profile, maybe a service principal\'s',
      code: `
        import json
        from mlflow.utils.databricks_utils import get_databricks_host_creds
        host_creds = get_databricks_host_creds()
        body = json.dumps({"model_name": "m", "events": ["MODEL_VERSION_CREATED"], "job_spec": {"job_id": job_id, "access_token": host_creds.token}})
      `,
    },
    {
      name: "the token used for the notebook's own REST calls",
      code: `
        import requests
        token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
        headers = {"Authorization": f"Bearer {token}"}
        requests.get(f"{host}/api/2.1/jobs/list", headers=headers)
        requests.post(f"{host}/api/2.1/jobs/run-now", headers=headers, json={"job_id": 1})
      `,
    },
    {
      name: 'a token read from a secret in the JobSpec',
      code: `
        from databricks_registry_webhooks import JobSpec
        token = dbutils.secrets.get(scope="mlops", key="sp-token")
        job_spec = JobSpec(job_id="1", access_token=token)
      `,
    },
    {
      name: "a literal placeholder token (MLT704's concern, not this rule's)",
      code: `
        token = "<insert your token here>"
        job_spec = {"job_id": job_id, "access_token": token}
      `,
    },
    {
      name: 'in test code',
      fileName: 'tests/test_webhooks.py',
      code: `
        from databricks_registry_webhooks import JobSpec
        token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
        job_spec = JobSpec(job_id="1", access_token=token)
      `,
    },
    {
      name: 'a test function in a notebook',
      code: `
        from databricks_registry_webhooks import JobSpec
        def test_webhook():
            token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
            assert JobSpec(job_id="1", access_token=token)
      `,
    },
    {
      name: 'an "access_token" key in a dict that is no job spec',
      code: `
        token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
        conn = {"host": host, "access_token": token}
        client = VectorSearchClient(workspace_url=host, personal_access_token=token)
      `,
    },
    {
      name: 'a .token attribute of something that is not MLflow host creds',
      code: `
        from databricks_registry_webhooks import JobSpec
        creds = service.credentials()
        job_spec = JobSpec(job_id="1", access_token=creds.token)
      `,
    },
    {
      name: "a served entity's environment_vars that reference a secret, or hold the host only",
      code: `
        from databricks.sdk.service.serving import ServedEntityInput
        token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
        host = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiUrl().get()
        entity = ServedEntityInput(entity_name="main.ml.agent", entity_version="3", environment_vars={"DATABRICKS_TOKEN": "{{secrets/agents/sp-token}}", "DATABRICKS_HOST": host})
        requests.post(f"{host}/api/2.0/serving-endpoints", headers={"Authorization": f"Bearer {token}"}, json={"name": "agent"})
      `,
    },
    {
      name: "the token in a secret's scope or key, not its value",
      code: `
        from databricks.sdk import WorkspaceClient
        token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
        WorkspaceClient().secrets.put_secret(scope="ml", key=token[:4], string_value="x")
      `,
    },
    {
      name: 'environment_vars of something that is no served entity',
      code: `
        token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
        runner = LocalRunner(environment_vars={"DATABRICKS_TOKEN": token})
        settings = {"environment_vars": {"DATABRICKS_TOKEN": token}, "debug": True}
      `,
    },
    {
      name: "a secret holding another value, and the token as the secret call's own credential",
      code: `
        import requests
        from databricks.sdk import WorkspaceClient
        token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()
        WorkspaceClient(token=token).secrets.put_secret(scope="agents", key="openai", string_value=openai_key)
        requests.post(f"{host}/api/2.0/secrets/put", headers={"Authorization": f"Bearer {token}"}, json={"scope": "agents", "key": "openai", "string_value": openai_key})
        requests.post(f"{host}/api/2.0/secrets/scopes/create", headers={"Authorization": f"Bearer {token}"}, json={"scope": "agents"})
      `,
    },
  ],
  fixes: [],
});
