import type { Rule, RuleContext } from './engine/types';
import { isInferenceTableName, isPayloadTableName, monitorCreations } from './semantic/lakehouseMonitors';

const PROFILE_COLUMNS = 'problem_type, prediction_col, label_col, timestamp_col, model_id_col';

/**
 * An endpoint that serves a language model: an external or chat model (`task="llm/v1/chat"`,
 * `ExternalModel(...)`, `external_model=`), an agent (`agents.deploy`, ChatAgent / ResponsesAgent).
 * InferenceLog takes classification or regression only: a TimeSeries monitor of its traffic is the
 * choice there, and Databricks' LLM example monitors its unpacked requests with one.
 */
const SERVES_LANGUAGE_MODEL = /llm\/v1\/|\bExternalModel\b|\bexternal_model\b|\bagents\.deploy\b|\b(?:ChatAgent|ResponsesAgent|ChatModel)\b/;

function check(context: RuleContext): void {
  const monitors = monitorCreations(context.model);
  if (monitors.length === 0 || context.model.document.textMatches(SERVES_LANGUAGE_MODEL)) return;
  for (const monitor of monitors) {
    if (monitor.profile === 'InferenceLog' || !monitor.tableName || !isInferenceTableName(monitor.tableName)) continue;
    const known = !monitor.tableName.includes('\u0000');
    const shownName = known ? ` "${monitor.tableName}"` : '';
    const message = isPayloadTableName(monitor.tableName)
      ? `${monitor.profile} monitor on the endpoint's raw inference table${shownName}: it holds request/response JSON; unpack it into a table of inputs, predictions, labels and timestamps and monitor that table with the InferenceLog profile (${PROFILE_COLUMNS})`
      : `${monitor.profile} monitor on the inference table${shownName}: model inputs and predictions are monitored with the InferenceLog profile (${PROFILE_COLUMNS}), which adds model-quality metrics per model version`;
    context.report({ node: monitor.profileNode, message });
  }
}

export const mlt703InferenceTableWrongMonitor: Rule = {
  meta: {
    id: 'MLT703',
    name: 'inference-table-wrong-monitor',
    severity: 'information',
    area: 'Testing, monitoring and security',
    domain: 'MLOps',
    title: 'An inference table is monitored with a Snapshot or TimeSeries profile instead of InferenceLog',
  },
  docs: {
    trap: 'Creating a Lakehouse monitor with a Snapshot or TimeSeries profile on a serving endpoint\'s inference table (`<endpoint>_payload`) or on a table of model inferences.',
    reality:
      'Inference tables are monitored with the InferenceLog profile, which knows the model\'s problem_type, prediction_col, label_col, timestamp_col and model_id_col: it computes model-quality metrics (accuracy, F1, RMSE, ...) and drift per model version and time window. Snapshot (whole-table statistics) and TimeSeries (statistics per time window) profile the data only. A serving endpoint\'s inference table holds the raw request and response JSON of each call: unpack it into a table with one row per prediction (inputs, prediction, label, timestamp, model version) and monitor that table with InferenceLog. InferenceLog takes classification and regression models only: a file that shows an endpoint serving a language model (an external or chat model, `task="llm/v1/..."`, an agent) is not reported, since a TimeSeries monitor of its traffic, or of its unpacked requests, is the choice there.',
    example: [
      'from databricks.sdk import WorkspaceClient',
      'from databricks.sdk.service.catalog import MonitorSnapshot',
      '',
      'w = WorkspaceClient()',
      'w.quality_monitors.create(',
      '    table_name="ml.serving.churn_endpoint_payload",',
      '    assets_dir="/Workspace/Users/me/monitors",',
      '    output_schema_name="ml.monitoring",',
      '    snapshot=MonitorSnapshot(),',
      ')',
    ].join('\n'),
    useInstead: [
      'from databricks.sdk.service.catalog import MonitorInferenceLog, MonitorInferenceLogProblemType',
      '',
      '# churn_inference_unpacked: the payload table unpacked into one row per prediction',
      '# (request features, prediction, label joined later, timestamp, model_version)',
      'w.quality_monitors.create(',
      '    table_name="ml.serving.churn_inference_unpacked",',
      '    assets_dir="/Workspace/Users/me/monitors",',
      '    output_schema_name="ml.monitoring",',
      '    inference_log=MonitorInferenceLog(',
      '        problem_type=MonitorInferenceLogProblemType.PROBLEM_TYPE_CLASSIFICATION,',
      '        prediction_col="prediction",',
      '        label_col="churned",',
      '        timestamp_col="timestamp",',
      '        model_id_col="model_version",',
      '        granularities=["1 day"],',
      '    ),',
      ')',
    ].join('\n'),
    fix: 'None: the InferenceLog profile needs the prediction, label, timestamp and model id columns and the problem type, which only the author knows; a raw payload table has to be unpacked first.',
    examFact: 'Inference tables are monitored with the InferenceLog profile.',
    references: [
      { title: 'Inference tables for monitoring and debugging models (Databricks)', url: 'https://docs.databricks.com/en/machine-learning/model-serving/inference-tables.html' },
      { title: 'Create a monitor using the API (Databricks Lakehouse Monitoring)', url: 'https://docs.databricks.com/en/lakehouse-monitoring/create-monitor-api.html' },
    ],
  },
  triggers: ['quality_monitors', 'lakehouse_monitors', 'create_monitor'],
  check,
};
