import type { Rule, RuleContext } from './engine/types';
import { isInferenceTableName, monitorCreations } from './semantic/lakehouseMonitors';

function check(context: RuleContext): void {
  for (const monitor of monitorCreations(context.model)) {
    if (monitor.profile === 'InferenceLog' || !monitor.tableName || !isInferenceTableName(monitor.tableName)) continue;
    const shownName = monitor.tableName.includes('\u0000') ? 'an inference table' : `the inference table "${monitor.tableName}"`;
    context.report({
      node: monitor.profileNode,
      message: `${monitor.profile} monitor on ${shownName}: a serving endpoint's inference table is monitored with the InferenceLog profile (problem_type, prediction_col, label_col, timestamp_col, model_id_col)`,
    });
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
    trap: 'Creating a Lakehouse monitor with a Snapshot or TimeSeries profile on a serving endpoint\'s inference table (`<endpoint>_payload`).',
    reality:
      'A serving endpoint\'s inference table is monitored with the InferenceLog profile, which knows the model\'s problem_type, prediction_col, label_col, timestamp_col and model_id_col: it computes model-quality metrics (accuracy, F1, RMSE, ...) and drift per model version and time window. Snapshot (whole-table statistics) and TimeSeries (statistics per time window) profile the data only.',
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
      'w.quality_monitors.create(',
      '    table_name="ml.serving.churn_endpoint_payload",',
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
    fix: 'None: the InferenceLog profile needs the prediction, label, timestamp and model id columns and the problem type, which only the author knows.',
    examFact: 'Monitor profiles: Snapshot (any table), TimeSeries (tables with a timestamp column), InferenceLog (model requests and predictions: inference tables).',
  },
  triggers: ['quality_monitors', 'lakehouse_monitors', 'create_monitor'],
  check,
};
