import type { ApiCard } from './apiCard';

/**
 * Exam hints for drift tests (scipy), Lakehouse monitors (rules/semantic/lakehouseMonitors.ts),
 * secrets (secretLiterals.ts) and Model Registry webhooks (registryWebhooks.ts).
 */

const MONITOR_CLASSES = 'databricks.sdk.service.catalog';
const LEGACY_MONITORING = 'databricks.lakehouse_monitoring';
const WEBHOOK_CLIENTS = ['databricks_registry_webhooks.RegistryWebhooksClient', 'databricks_registry_webhooks.client.RegistryWebhooksClient'];
const SDK_MODEL_REGISTRY = 'databricks.sdk.WorkspaceClient.model_registry';

const MONITOR_OUTPUT_DOCS = { title: 'Monitor metric tables (Databricks Lakehouse Monitoring)', url: 'https://docs.databricks.com/en/lakehouse-monitoring/monitor-output.html' };
const CREATE_MONITOR_DOCS = { title: 'Create a monitor using the API (Databricks Lakehouse Monitoring)', url: 'https://docs.databricks.com/en/lakehouse-monitoring/create-monitor-api.html' };
const INFERENCE_TABLES_DOCS = { title: 'Inference tables for monitoring and debugging models (Databricks)', url: 'https://docs.databricks.com/en/machine-learning/model-serving/inference-tables.html' };
const SECRETS_DOCS = { title: 'Secret management (Databricks)', url: 'https://docs.databricks.com/security/secrets' };

function webhookClientMethod(name: string): string[] {
  return WEBHOOK_CLIENTS.map((owner) => `${owner}.${name}`);
}

export const monitoringSecurityCards: ApiCard[] = [
  {
    key: 'ks_2samp',
    title: 'scipy.stats.ks_2samp(data1, data2)  /  scipy.stats.kstest(rvs, cdf)',
    match: { qualifiedNames: ['scipy.stats.ks_2samp', 'scipy.stats.kstest'] },
    what:
      'Kolmogorov-Smirnov test: compares the distributions of two numeric samples (reference vs current); a small p-value ' +
      '(e.g. below 0.05) says they differ, i.e. the feature drifted.',
    examFact:
      'KS is for numerical features only; categorical features take the chi-squared test, and Jensen-Shannon works for both ' +
      '(numerical ones binned). The wrong test gives meaningless results.',
    confusedWith:
      '`kstest` compares one sample with a reference distribution (given two samples it runs the two-sample test); ' +
      '`chisquare` / `chi2_contingency` are the categorical counterparts and take counts per category.',
    relatedRules: ['MLT702'],
    domain: 'MLOps',
    references: [MONITOR_OUTPUT_DOCS],
    example: [
      'from scipy.stats import ks_2samp',
      '',
      'result = ks_2samp(reference_df["age"], current_df["age"])',
      'drifted = result.pvalue < 0.05',
    ].join('\n'),
  },
  {
    key: 'chisquare',
    title: 'scipy.stats.chisquare(f_obs, f_exp)  /  scipy.stats.chi2_contingency(observed)',
    match: { qualifiedNames: ['scipy.stats.chisquare', 'scipy.stats.chi2_contingency'] },
    what:
      'Chi-squared tests on category counts: chisquare compares observed with expected counts; chi2_contingency tests a ' +
      'table of counts (e.g. reference vs current, one column per category) for independence.',
    examFact:
      'For categorical features only, with counts per category aligned on the same categories; numerical features take KS. ' +
      'chisquare\'s expected counts must have the same total as the observed ones (scale the reference frequencies to the current sample).',
    confusedWith: '`ks_2samp` takes the raw values of a numeric feature; the chi-squared tests take counts per category.',
    relatedRules: ['MLT702'],
    domain: 'MLOps',
    references: [MONITOR_OUTPUT_DOCS],
    example: [
      'import pandas as pd',
      'from scipy.stats import chi2_contingency',
      '',
      'counts = pd.crosstab(combined_df["dataset"], combined_df["plan"])',
      'chi2, p_value, dof, expected = chi2_contingency(counts)',
      'drifted = p_value < 0.05',
    ].join('\n'),
  },
  {
    key: 'jensenshannon',
    title: 'scipy.spatial.distance.jensenshannon(p, q, base=None)',
    match: { qualifiedNames: ['scipy.spatial.distance.jensenshannon'] },
    what:
      'Jensen-Shannon distance between two probability distributions (the square root of the JS divergence): 0 for identical ' +
      'distributions, symmetric, and at most 1 with base=2. p and q are normalised to sum to 1.',
    examFact:
      'Works for both categorical features (category frequencies) and numerical ones binned into the same bins. It is a ' +
      'distance, not a statistical test: there is no p-value, drift is a distance above a chosen threshold.',
    confusedWith:
      'KL divergence (`scipy.stats.entropy(p, q)`) is asymmetric and unbounded (infinite where q is 0 and p is not); ' +
      'Jensen-Shannon is symmetric and bounded.',
    relatedRules: ['MLT702'],
    domain: 'MLOps',
    references: [MONITOR_OUTPUT_DOCS],
    example: [
      'import numpy as np',
      'from scipy.spatial.distance import jensenshannon',
      '',
      'bins = np.histogram_bin_edges(reference_df["age"], bins=20)',
      'p, _ = np.histogram(reference_df["age"], bins=bins)',
      'q, _ = np.histogram(current_df["age"], bins=bins)',
      'distance = jensenshannon(p, q, base=2)',
    ].join('\n'),
  },
  {
    key: 'quality_monitors.create',
    title: 'WorkspaceClient().quality_monitors.create(table_name=, output_schema_name=, assets_dir=, inference_log= | time_series= | snapshot=, schedule=None)',
    match: {
      qualifiedNames: ['databricks.sdk.WorkspaceClient.quality_monitors.create', 'databricks.sdk.WorkspaceClient.lakehouse_monitors.create'],
    },
    what:
      'Creates a Lakehouse (quality) monitor on a Unity Catalog table with one profile: snapshot, time_series or inference_log. ' +
      'Each refresh writes profile and drift metric tables into output_schema_name and updates a dashboard.',
    examFact:
      'Inference tables are monitored with the InferenceLog profile (problem_type, prediction_col, label_col, timestamp_col, ' +
      'model_id_col), not Snapshot or TimeSeries. A serving endpoint\'s raw inference table holds request/response JSON: unpack it into ' +
      'one row per prediction and monitor that table. Metrics refresh on the cron `schedule`, or on demand with run_refresh.',
    confusedWith:
      'The older `databricks.lakehouse_monitoring.create_monitor(table_name, profile_type=lm.InferenceLog(...))` does the same; ' +
      'the SDK takes the profile as a keyword (`inference_log=MonitorInferenceLog(...)`).',
    relatedRules: ['MLT703', 'MLT706'],
    domain: 'MLOps',
    references: [CREATE_MONITOR_DOCS, INFERENCE_TABLES_DOCS],
    example: [
      'from databricks.sdk import WorkspaceClient',
      'from databricks.sdk.service.catalog import MonitorCronSchedule, MonitorInferenceLog, MonitorInferenceLogProblemType',
      '',
      'w = WorkspaceClient()',
      'w.quality_monitors.create(',
      '    table_name="ml.serving.churn_inference",',
      '    assets_dir="/Workspace/Shared/monitors/churn",',
      '    output_schema_name="ml.monitoring",',
      '    inference_log=MonitorInferenceLog(',
      '        problem_type=MonitorInferenceLogProblemType.PROBLEM_TYPE_CLASSIFICATION,',
      '        prediction_col="prediction",',
      '        label_col="label",',
      '        timestamp_col="timestamp",',
      '        model_id_col="model_version",',
      '        granularities=["1 day"],',
      '    ),',
      '    schedule=MonitorCronSchedule(quartz_cron_expression="0 0 6 * * ?", timezone_id="UTC"),',
      ')',
    ].join('\n'),
  },
  {
    key: 'lakehouse_monitoring.create_monitor',
    title: 'databricks.lakehouse_monitoring.create_monitor(table_name, profile_type, output_schema_name, schedule=None)',
    match: { qualifiedNames: [`${LEGACY_MONITORING}.create_monitor`] },
    what:
      'Creates a Lakehouse monitor with the databricks-lakehouse-monitoring client; profile_type is lm.Snapshot(), ' +
      'lm.TimeSeries(...) or lm.InferenceLog(...).',
    examFact:
      'Choose the profile by the table: InferenceLog for model requests and predictions (an endpoint\'s inference table, unpacked), ' +
      'TimeSeries for data with a timestamp, Snapshot for a table without one. Refresh on a schedule or with lm.run_refresh.',
    confusedWith: 'The Databricks SDK\'s `quality_monitors.create`, which takes the profile as inference_log= / time_series= / snapshot=.',
    relatedRules: ['MLT703', 'MLT706'],
    domain: 'MLOps',
    references: [CREATE_MONITOR_DOCS],
    example: [
      'from databricks import lakehouse_monitoring as lm',
      '',
      'lm.create_monitor(',
      '    table_name="ml.serving.churn_inference",',
      '    profile_type=lm.InferenceLog(',
      '        problem_type="classification",',
      '        prediction_col="prediction",',
      '        label_col="label",',
      '        timestamp_col="timestamp",',
      '        model_id_col="model_version",',
      '        granularities=["1 day"],',
      '    ),',
      '    output_schema_name="ml.monitoring",',
      '    schedule=lm.MonitorCronSchedule(quartz_cron_expression="0 0 6 * * ?", timezone_id="UTC"),',
      ')',
    ].join('\n'),
  },
  {
    key: 'InferenceLog',
    title: 'MonitorInferenceLog(problem_type=, timestamp_col=, granularities=, prediction_col=, model_id_col=, label_col=None)  /  lm.InferenceLog(...)',
    match: {
      qualifiedNames: [`${MONITOR_CLASSES}.MonitorInferenceLog`, `${LEGACY_MONITORING}.InferenceLog`],
      keywords: ['prediction_col', 'model_id_col', 'problem_type'],
    },
    what:
      'The monitor profile for a table of model inputs and predictions: time-windowed drift like TimeSeries, plus model quality ' +
      'metrics for classification or regression, per model version (model_id_col) when label_col holds the true labels.',
    examFact:
      'Inference tables are monitored with the InferenceLog profile (problem_type, prediction_col, label_col, timestamp_col, ' +
      'model_id_col), not Snapshot or TimeSeries. An endpoint\'s raw payload table holds request/response JSON: unpack it first and ' +
      'monitor the unpacked table.',
    confusedWith: 'TimeSeries tracks data drift over time with no model columns; Snapshot profiles the whole table with no time column.',
    relatedRules: ['MLT703'],
    domain: 'MLOps',
    references: [CREATE_MONITOR_DOCS, INFERENCE_TABLES_DOCS],
    example: [
      'from databricks.sdk.service.catalog import MonitorInferenceLog, MonitorInferenceLogProblemType',
      '',
      'profile = MonitorInferenceLog(',
      '    problem_type=MonitorInferenceLogProblemType.PROBLEM_TYPE_REGRESSION,',
      '    prediction_col="prediction",',
      '    label_col="label",',
      '    timestamp_col="timestamp",',
      '    model_id_col="model_version",',
      '    granularities=["1 day"],',
      ')',
    ].join('\n'),
  },
  {
    key: 'TimeSeries',
    title: 'MonitorTimeSeries(timestamp_col, granularities)  /  lm.TimeSeries(timestamp_col, granularities)',
    match: { qualifiedNames: [`${MONITOR_CLASSES}.MonitorTimeSeries`, `${LEGACY_MONITORING}.TimeSeries`] },
    what: 'The monitor profile for a table with a timestamp column: metrics and drift per time window (granularities such as "1 day").',
    examFact:
      'For data that changes over time (e.g. a feature table); a table of model predictions takes InferenceLog instead. When ' +
      'first created, the monitor analyses only the 30 days before its creation.',
    confusedWith: 'InferenceLog adds the model columns (prediction, label, model id) and quality metrics to the same time windows.',
    relatedRules: ['MLT703'],
    domain: 'MLOps',
    references: [CREATE_MONITOR_DOCS],
    example: [
      'from databricks.sdk.service.catalog import MonitorTimeSeries',
      '',
      'profile = MonitorTimeSeries(timestamp_col="event_ts", granularities=["1 day"])',
    ].join('\n'),
  },
  {
    key: 'Snapshot',
    title: 'MonitorSnapshot()  /  lm.Snapshot()',
    match: { qualifiedNames: [`${MONITOR_CLASSES}.MonitorSnapshot`, `${LEGACY_MONITORING}.Snapshot`] },
    what: 'The monitor profile that computes metrics over the whole table at each refresh, with no time column.',
    examFact:
      'For tables without a time dimension. Data over time takes TimeSeries; model predictions (an inference table) take InferenceLog.',
    confusedWith: 'TimeSeries computes the same metrics per time window of a timestamp column.',
    relatedRules: ['MLT703'],
    domain: 'MLOps',
    references: [CREATE_MONITOR_DOCS],
    example: [
      'from databricks.sdk.service.catalog import MonitorSnapshot',
      '',
      'profile = MonitorSnapshot()',
    ].join('\n'),
  },
  {
    key: 'MonitorCronSchedule',
    title: 'MonitorCronSchedule(quartz_cron_expression, timezone_id)  /  quality_monitors.run_refresh(table_name)',
    match: {
      qualifiedNames: [
        `${MONITOR_CLASSES}.MonitorCronSchedule`,
        `${LEGACY_MONITORING}.MonitorCronSchedule`,
        'databricks.sdk.WorkspaceClient.quality_monitors.run_refresh',
        `${LEGACY_MONITORING}.run_refresh`,
      ],
    },
    what: 'When a monitor refreshes its metric tables: a Quartz cron expression in a time zone. run_refresh starts a refresh now.',
    examFact:
      'The metric tables and the dashboard are only as fresh as the last refresh: give the monitor a schedule, or trigger ' +
      'run_refresh after new data lands.',
    confusedWith: 'A Quartz cron expression has a seconds field first ("0 0 6 * * ?" is 06:00 every day), unlike a five-field Unix cron.',
    relatedRules: ['MLT703', 'MLT706'],
    domain: 'MLOps',
    references: [CREATE_MONITOR_DOCS],
    example: [
      'from databricks.sdk import WorkspaceClient',
      'from databricks.sdk.service.catalog import MonitorCronSchedule',
      '',
      'schedule = MonitorCronSchedule(quartz_cron_expression="0 0 6 * * ?", timezone_id="UTC")',
      'WorkspaceClient().quality_monitors.run_refresh(table_name="ml.serving.churn_inference")',
    ].join('\n'),
  },
  {
    key: 'dbutils.secrets.get',
    title: 'dbutils.secrets.get(scope, key)',
    match: {
      qualifiedNames: [
        'databricks.globals.dbutils.secrets.get',
        'databricks.sdk.runtime.dbutils.secrets.get',
        'databricks.sdk.WorkspaceClient.dbutils.secrets.get',
      ],
    },
    what: 'Reads a secret (a token, a password) from a secret scope at run time, so the value never appears in the source.',
    examFact:
      'Never hard-code tokens: read them with dbutils.secrets.get(scope, key), or authenticate automated jobs as a service ' +
      'principal. Databricks replaces secret values read with dbutils.secrets.get by [REDACTED] where they appear as they are in ' +
      'notebook output (not values transformed in the code): who may read a secret ' +
      'is decided by the scope\'s permissions.',
    confusedWith:
      '`dbutils.secrets.list(scope)` lists key names, not values. Redaction hides printed values; who may read a secret is ' +
      'decided by the scope\'s access control.',
    relatedRules: ['MLT704'],
    domain: 'MLOps',
    references: [SECRETS_DOCS],
    example: [
      'token = dbutils.secrets.get(scope="ml-serving", key="endpoint-token")',
      'headers = {"Authorization": f"Bearer {token}"}',
    ].join('\n'),
  },
  {
    key: 'create_webhook',
    title: 'RegistryWebhooksClient().create_webhook(events, model_name=None, job_spec= | http_url_spec=, description=None, status="ACTIVE")',
    match: {
      qualifiedNames: [...webhookClientMethod('create_webhook'), `${SDK_MODEL_REGISTRY}.create_webhook`],
    },
    what:
      'Creates a workspace Model Registry webhook: when one of the listed events happens (for model_name, or for every model), ' +
      'it triggers a Databricks job (job_spec) or posts to an HTTP URL (http_url_spec).',
    examFact:
      'Registry webhooks belong to the workspace registry (legacy): they are not available for models in Unity Catalog, where a ' +
      'job\'s model update trigger (Beta: a model is created, a new version is ready, an alias is set) takes their place. events are registry event names ' +
      'such as MODEL_VERSION_CREATED, MODEL_VERSION_TRANSITIONED_STAGE, TRANSITION_REQUEST_CREATED or ' +
      'MODEL_VERSION_TRANSITIONED_TO_PRODUCTION (MODEL_VERSION_DEPLOYED does not exist); REGISTERED_MODEL_CREATED only on a ' +
      'registry-wide webhook (no model_name). Create it with status="TEST_MODE", try it with test_webhook, then switch it to ' +
      '"ACTIVE" with update_webhook.',
    confusedWith: 'job_spec runs a job (e.g. validation tests on a new version); http_url_spec notifies a service (Slack, CI/CD).',
    relatedRules: ['MLT405', 'MLT705'],
    example: [
      'from databricks_registry_webhooks import JobSpec, RegistryWebhooksClient',
      '',
      'job_spec = JobSpec(job_id="1234", access_token=dbutils.secrets.get(scope="ml", key="webhook-token"))',
      'webhook = RegistryWebhooksClient().create_webhook(',
      '    model_name="churn_model",',
      '    events=["TRANSITION_REQUEST_CREATED"],',
      '    job_spec=job_spec,',
      '    description="Validate a model version when its transition is requested",',
      '    status="TEST_MODE",',
      ')',
    ].join('\n'),
    ...registryWebhookLabels(),
  },
  {
    key: 'test_webhook',
    title: 'RegistryWebhooksClient().test_webhook(id, event=None)',
    match: {
      qualifiedNames: [...webhookClientMethod('test_webhook'), `${SDK_MODEL_REGISTRY}.test_registry_webhook`],
    },
    what: 'Sends a test event to a webhook, to check its job or URL before real registry events use it.',
    examFact: 'A webhook in TEST_MODE fires only through test_webhook, never on real events; switch it to ACTIVE with update_webhook once the test works.',
    confusedWith: 'update_webhook changes the webhook (its status, events or target); test_webhook only fires it once.',
    relatedRules: ['MLT405'],
    example: [
      'from databricks_registry_webhooks import RegistryWebhooksClient',
      '',
      'client = RegistryWebhooksClient()',
      'client.test_webhook(id=webhook_id)',
      'client.update_webhook(id=webhook_id, status="ACTIVE")',
    ].join('\n'),
    ...registryWebhookLabels(),
  },
  {
    key: 'update_webhook',
    title: 'RegistryWebhooksClient().update_webhook(id, *, description=None, events=None, job_spec=None, http_url_spec=None, status=None)',
    match: {
      qualifiedNames: [...webhookClientMethod('update_webhook'), `${SDK_MODEL_REGISTRY}.update_webhook`],
    },
    what:
      'Changes a webhook\'s events, target or status: "ACTIVE" (fires on real events), "TEST_MODE" (fires only through ' +
      'test_webhook) or "DISABLED".',
    examFact: 'The promotion step after a successful test_webhook: status "TEST_MODE" to "ACTIVE". Events must be valid registry event names.',
    confusedWith: 'create_webhook makes a new webhook (with a new id); update_webhook changes an existing one by id.',
    relatedRules: ['MLT405'],
    example: [
      'from databricks_registry_webhooks import RegistryWebhooksClient',
      '',
      'RegistryWebhooksClient().update_webhook(id=webhook_id, status="ACTIVE")',
    ].join('\n'),
    ...registryWebhookLabels(),
  },
  {
    key: 'JobSpec',
    title: 'JobSpec(job_id, access_token, workspace_url=None)',
    match: {
      qualifiedNames: ['databricks_registry_webhooks.JobSpec', 'databricks.sdk.service.ml.JobSpec'],
      keywords: ['job_spec'],
      strings: ['job_spec'],
    },
    what:
      'The webhook target that triggers a Databricks job when the event fires (e.g. tests of a new model version); ' +
      'workspace_url names another workspace that runs the job.',
    examFact: 'The job runs with the access_token\'s permissions: read the token from a secret scope, never write it in the code.',
    confusedWith: 'HttpUrlSpec posts the event to a URL instead of running a job.',
    relatedRules: ['MLT405', 'MLT704', 'MLT705'],
    example: [
      'from databricks_registry_webhooks import JobSpec',
      '',
      'job_spec = JobSpec(job_id="1234", access_token=dbutils.secrets.get(scope="ml", key="webhook-token"))',
    ].join('\n'),
    ...registryWebhookLabels(),
  },
  {
    key: 'HttpUrlSpec',
    title: 'HttpUrlSpec(url, secret=None, authorization=None, enable_ssl_verification=True)',
    match: {
      qualifiedNames: ['databricks_registry_webhooks.HttpUrlSpec', 'databricks.sdk.service.ml.HttpUrlSpec'],
      keywords: ['http_url_spec'],
      strings: ['http_url_spec'],
    },
    what:
      'The webhook target that posts the event as JSON to a URL (Slack, a CI/CD system). secret lets the receiver verify ' +
      'that the payload came from Databricks; authorization is sent as the Authorization header.',
    examFact: 'Keep secret and authorization out of the code: read them with dbutils.secrets.get.',
    confusedWith: 'JobSpec runs a Databricks job instead of calling a URL.',
    relatedRules: ['MLT405', 'MLT704'],
    example: [
      'from databricks_registry_webhooks import HttpUrlSpec',
      '',
      'http_url_spec = HttpUrlSpec(',
      '    url="https://example.com/mlflow-webhook",',
      '    secret=dbutils.secrets.get(scope="ml", key="webhook-secret"),',
      ')',
    ].join('\n'),
    ...registryWebhookLabels(),
  },
];

/** The labels every registry webhook card carries: workspace registry only, legacy. */
function registryWebhookLabels(): Pick<ApiCard, 'domain' | 'legacy' | 'references'> {
  return {
    domain: 'MLOps',
    legacy: 'registry webhooks of the workspace registry; not available for Unity Catalog models: use a job\'s model update trigger',
    references: [
      { title: 'Databricks: Workspace Model Registry webhooks', url: 'https://docs.databricks.com/mlflow/model-registry-webhooks.html' },
      { title: 'Databricks: Trigger jobs when models are updated', url: 'https://docs.databricks.com/aws/en/jobs/model-update-triggers' },
    ],
  };
}
