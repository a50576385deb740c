import type { ApiCard } from './apiCard';

/**
 * Exam hints for Model Serving: endpoint configs (the Databricks SDK's serving classes, as
 * rules/semantic/servingConfig.ts reads them) and requests to endpoints (servingRequests.ts).
 */

const SERVING = 'databricks.sdk.service.serving';

export const servingCards: ApiCard[] = [
  {
    key: 'ServedEntityInput',
    title: 'ServedEntityInput(entity_name=, entity_version=, name=None, workload_size=None, scale_to_zero_enabled=None)',
    match: {
      qualifiedNames: [`${SERVING}.ServedEntityInput`],
      keywords: ['scale_to_zero_enabled', 'workload_size'],
      strings: ['scale_to_zero_enabled', 'workload_size'],
    },
    what:
      'One model version served by an endpoint, with its compute: workload_size ("Small", "Medium", "Large": how many ' +
      'requests it serves concurrently) and whether it may scale to zero when idle.',
    examFact:
      '`scale_to_zero_enabled=True` saves cost while the endpoint is idle, but the first request after scaling to zero waits for a ' +
      'cold start: fine for development and testing, not for latency-sensitive production traffic. Routes of the traffic config ' +
      'refer to the served entity by its `name`.',
    confusedWith:
      '`ServedModelInput` (the `served_models` list, with model_name / model_version) is deprecated in favour of ' +
      '`ServedEntityInput` (the `served_entities` list, with entity_name / entity_version). The served entity names a model ' +
      'version, not an alias: the endpoint keeps serving that version until its config is updated.',
    relatedRules: ['MLT602', 'MLT601'],
    domain: 'Model Deployment',
    studyMaterial:
      'The study material says moving a model\'s alias (such as @champion) changes what its serving endpoint serves; in fact an ' +
      'endpoint serves the version its config names (`entity_version`), so a new champion reaches the endpoint only when the ' +
      'endpoint\'s config is updated (`serving_endpoints.update_config`).',
    references: [
      { title: 'Create custom model serving endpoints (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/create-manage-serving-endpoints' },
      { title: 'Serving endpoints REST API: create (Databricks)', url: 'https://docs.databricks.com/api/workspace/servingendpoints/create' },
    ],
    example: [
      'from databricks.sdk import WorkspaceClient',
      'from databricks.sdk.service.serving import EndpointCoreConfigInput, ServedEntityInput',
      '',
      'w = WorkspaceClient()',
      'w.serving_endpoints.create(',
      '    name="churn",',
      '    config=EndpointCoreConfigInput(',
      '        name="churn",',
      '        served_entities=[',
      '            ServedEntityInput(',
      '                name="champion",',
      '                entity_name="ml.models.churn",',
      '                entity_version="3",',
      '                workload_size="Small",',
      '                scale_to_zero_enabled=False,',
      '            ),',
      '        ],',
      '    ),',
      ')',
    ].join('\n'),
  },
  {
    key: 'TrafficConfig',
    title: 'TrafficConfig(routes=[Route(served_model_name=, traffic_percentage=), ...])',
    match: {
      qualifiedNames: [`${SERVING}.TrafficConfig`, `${SERVING}.Route`],
      keywords: ['traffic_percentage', 'traffic_config'],
      strings: ['traffic_percentage', 'traffic_config'],
    },
    what:
      'Splits an endpoint\'s requests between its served entities: each Route sends traffic_percentage percent of the requests ' +
      'to the served entity it names.',
    examFact:
      'The percentages of all routes must add up to exactly 100 (90 + 15 = 105 is rejected). Canary: a small share (say 10%) goes ' +
      'to the new version and grows step by step. Blue-green: two full deployments, traffic switched from one to the other at once ' +
      '(100/0 to 0/100), the old one kept for rollback. Shadow: the new model receives a copy of the requests and its answers are ' +
      'not returned to callers; a traffic split does not do that, since each request goes to one served entity only.',
    confusedWith:
      'A route names a served entity (`served_model_name` / `served_entity_name` = the entity\'s `name`, by default ' +
      '`<entity_name>-<entity_version>`), not the registered model.',
    relatedRules: ['MLT601', 'MLT602'],
    domain: 'Model Deployment',
    references: [
      { title: 'Serve multiple models to a model serving endpoint (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/serve-multiple-models-to-serving-endpoint' },
    ],
    example: [
      'from databricks.sdk import WorkspaceClient',
      'from databricks.sdk.service.serving import Route, ServedEntityInput, TrafficConfig',
      '',
      'w = WorkspaceClient()',
      'w.serving_endpoints.update_config(',
      '    name="churn",',
      '    served_entities=[',
      '        ServedEntityInput(name="champion", entity_name="ml.models.churn", entity_version="3", workload_size="Small"),',
      '        ServedEntityInput(name="challenger", entity_name="ml.models.churn", entity_version="4", workload_size="Small"),',
      '    ],',
      '    traffic_config=TrafficConfig(routes=[',
      '        Route(served_model_name="champion", traffic_percentage=90),',
      '        Route(served_model_name="challenger", traffic_percentage=10),',
      '    ]),',
      ')',
    ].join('\n'),
  },
  {
    key: 'invocations',
    title: 'POST /serving-endpoints/<name>/invocations {"dataframe_split" | "dataframe_records" | "instances" | "inputs": ...}',
    match: {
      keywords: ['dataframe_split', 'dataframe_records'],
      strings: ['dataframe_split', 'dataframe_records'],
    },
    what:
      'The JSON body a Model Serving endpoint accepts: `dataframe_split` (pandas "split" orient: columns once, rows as lists), ' +
      '`dataframe_records` (a list of one dict per row), or `instances` / `inputs` (tensor input). It is sent with an ' +
      '`Authorization: Bearer <token>` header.',
    examFact:
      'A body whose top-level keys include none of dataframe_records, dataframe_split, instances or inputs is rejected ' +
      '(so is `pdf.to_dict(orient="split")` sent without its wrapper). The token comes from `dbutils.secrets.get(scope, key)` ' +
      'or a service principal, never a literal. Endpoints are for real-time, low-latency requests: score a table with ' +
      'spark_udf or score_batch (or ai_query, the SQL function Databricks recommends for batch inference through an ' +
      'endpoint), not with one request per row.',
    confusedWith:
      '`{"dataframe_records": [{"age": 42, "plan": "pro"}]}` vs `{"dataframe_split": {"columns": ["age", "plan"], "data": [[42, "pro"]]}}`: ' +
      'the same rows, by row or by column names plus values.',
    relatedRules: ['MLT607', 'MLT704', 'MLT603'],
    domain: 'Model Deployment',
    studyMaterial:
      'The study material says a registered model is served at `/model/<name>/<stage>/invocations` (legacy MLflow Model ' +
      'Serving); in fact legacy MLflow Model Serving is retired (no new endpoints from 22 August 2025, end of life on ' +
      '15 September 2025): Model Serving endpoints answer at `/serving-endpoints/<name>/invocations`.',
    references: [
      { title: 'Query serving endpoints for custom models (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/score-custom-model-endpoints' },
      { title: 'Migrate to Model Serving (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/migrate-model-serving' },
    ],
    example: [
      'import requests',
      '',
      'token = dbutils.secrets.get(scope="ml-serving", key="endpoint-token")',
      'response = requests.post(',
      '    f"{workspace_url}/serving-endpoints/churn/invocations",',
      '    headers={"Authorization": f"Bearer {token}"},',
      '    json={"dataframe_split": {"columns": ["age", "plan"], "data": [[42, "pro"]]}},',
      ')',
      'predictions = response.json()["predictions"]',
    ].join('\n'),
  },
  {
    key: 'serving_endpoints.query',
    title: 'WorkspaceClient().serving_endpoints.query(name, *, dataframe_records=None, dataframe_split=None, instances=None, inputs=None)',
    match: { qualifiedNames: ['databricks.sdk.WorkspaceClient.serving_endpoints.query'] },
    what:
      'Sends one request to a serving endpoint through the Databricks SDK, which takes the workspace URL and credentials ' +
      '(a token or a service principal) from the environment or a config profile.',
    examFact:
      'The same payload formats as the REST call. Real-time scoring only: calling it in a loop over the rows of a table is ' +
      'the slow, expensive way to batch-score; use spark_udf or score_batch on a cluster.',
    confusedWith:
      '`serving_endpoints.create` / `update_config` change the endpoint\'s configuration; `query` only sends data to it. ' +
      'MLflow\'s `get_deploy_client("databricks").predict(...)` sends the same request.',
    relatedRules: ['MLT603', 'MLT607'],
    domain: 'Model Deployment',
    references: [
      { title: 'Query serving endpoints for custom models (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/score-custom-model-endpoints' },
    ],
    example: [
      'from databricks.sdk import WorkspaceClient',
      '',
      'w = WorkspaceClient()',
      'response = w.serving_endpoints.query(',
      '    name="churn",',
      '    dataframe_records=[{"age": 42, "plan": "pro"}],',
      ')',
      'print(response.predictions)',
    ].join('\n'),
  },
  {
    key: 'mlflow.deployments.get_deploy_client',
    title: 'mlflow.deployments.get_deploy_client("databricks").predict(endpoint, inputs)',
    match: {
      qualifiedNames: ['mlflow.deployments.get_deploy_client', 'mlflow.deployments.get_deploy_client.predict'],
    },
    what:
      'MLflow\'s deployments client for Databricks Model Serving: `predict` sends `inputs` (the request body) to the named ' +
      'endpoint with the workspace\'s credentials.',
    examFact:
      '`inputs` is sent unchanged as the body of the REST call (`{"dataframe_split": ...}`, `{"dataframe_records": ...}`, ' +
      '`{"inputs": ...}`); the target is "databricks". Real-time only: not once per row of a table.',
    confusedWith:
      '`mlflow.pyfunc.load_model(uri).predict(df)` runs the model in the current process; the deployments client\'s `predict` ' +
      'calls the remote endpoint.',
    relatedRules: ['MLT603', 'MLT607'],
    domain: 'Model Deployment',
    references: [
      { title: 'mlflow.deployments (MLflow API)', url: 'https://mlflow.org/docs/latest/python_api/mlflow.deployments.html' },
      { title: 'Query serving endpoints for custom models (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/score-custom-model-endpoints' },
    ],
    example: [
      'from mlflow.deployments import get_deploy_client',
      '',
      'client = get_deploy_client("databricks")',
      'response = client.predict(',
      '    endpoint="churn",',
      '    inputs={"dataframe_split": {"columns": ["age", "plan"], "data": [[42, "pro"]]}},',
      ')',
    ].join('\n'),
  },
  {
    key: 'serving_endpoints.create',
    title: 'WorkspaceClient().serving_endpoints.create(name, config=EndpointCoreConfigInput(served_entities=[...])) | .update_config(name, served_entities=[...], traffic_config=...)',
    match: {
      qualifiedNames: [
        'databricks.sdk.WorkspaceClient.serving_endpoints.create',
        'databricks.sdk.WorkspaceClient.serving_endpoints.create_and_wait',
        'databricks.sdk.WorkspaceClient.serving_endpoints.update_config',
        'databricks.sdk.WorkspaceClient.serving_endpoints.update_config_and_wait',
      ],
    },
    what:
      '`create` makes a Model Serving endpoint with its served entities (each a model name and version, with its ' +
      'compute) and traffic config; `update_config` replaces the served entities and traffic of an existing endpoint ' +
      '(one update at a time: an endpoint with an update in progress refuses another).',
    examFact:
      'A served entity names a model version (`entity_version`), not an alias: a new champion reaches the endpoint only ' +
      'when its config is updated with the new version (for example by the deployment job that moves the alias). ' +
      'Traffic percentages of the routes add up to 100.',
    confusedWith:
      '`serving_endpoints.query` sends a request to the endpoint; `set_registered_model_alias` changes the registry ' +
      'only, not what an endpoint serves.',
    relatedRules: ['MLT601', 'MLT602'],
    domain: 'Model Deployment',
    studyMaterial:
      'The study material says an endpoint follows the model\'s "champion" alias; in fact it serves the version its ' +
      'config names, so moving the alias alone does not change what it serves: call `update_config` with the new version.',
    references: [
      { title: 'Create custom model serving endpoints (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/create-manage-serving-endpoints' },
      { title: 'Serving endpoints REST API: update config (Databricks)', url: 'https://docs.databricks.com/api/workspace/servingendpoints/updateconfig' },
    ],
    example: [
      'from databricks.sdk import WorkspaceClient',
      'from databricks.sdk.service.serving import ServedEntityInput',
      '',
      'w = WorkspaceClient()',
      'w.serving_endpoints.update_config(',
      '    name="churn",',
      '    served_entities=[',
      '        ServedEntityInput(name="champion", entity_name="ml.models.churn", entity_version=new_champion_version, workload_size="Small"),',
      '    ],',
      ')',
    ].join('\n'),
  },
  {
    key: 'ServedModelInput',
    title: 'ServedModelInput(model_name=, model_version=, scale_to_zero_enabled=, workload_size=None, name=None)  # served_models=[...]',
    match: {
      qualifiedNames: [`${SERVING}.ServedModelInput`],
      keywords: ['served_models'],
      strings: ['served_models'],
    },
    what:
      'The older form of a served model in an endpoint config: the `served_models` list, each entry with model_name / ' +
      'model_version and its compute.',
    examFact:
      '`served_models` is deprecated in favour of `served_entities` (ServedEntityInput with entity_name / ' +
      'entity_version), which serves registered models, external models and foundation models alike. Either way the ' +
      'endpoint serves the version the config names.',
    confusedWith: '`ServedEntityInput` / `served_entities`, its replacement; the route of a traffic config names the served model\'s `name`.',
    relatedRules: ['MLT602', 'MLT601'],
    domain: 'Model Deployment',
    legacy: '`served_models` (ServedModelInput) is deprecated: use `served_entities` (ServedEntityInput)',
    references: [
      { title: 'Serving endpoints REST API: create (Databricks)', url: 'https://docs.databricks.com/api/workspace/servingendpoints/create' },
      { title: 'Create custom model serving endpoints (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/create-manage-serving-endpoints' },
    ],
    example: [
      'from databricks.sdk.service.serving import ServedModelInput',
      '',
      '# Deprecated form: prefer ServedEntityInput(entity_name=..., entity_version=...) in served_entities.',
      'legacy_model = ServedModelInput(model_name="ml.models.churn", model_version="3", workload_size="Small", scale_to_zero_enabled=False)',
    ].join('\n'),
  },
];
