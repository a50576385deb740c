import type { Rule, RuleContext } from './engine/types';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { keywordArgument } from './semantic/calls';
import { field } from './engine/syntax';
import { stringValue } from './semantic/values';
import { isInferenceTableName, isPayloadTableName, monitorCreations } from './semantic/lakehouseMonitors';

const PROFILE_COLUMNS = 'problem_type, prediction_col, label_col, timestamp_col, model_id_col';

/**
 * An endpoint that serves a language model: an external or chat model (`task="llm/v1/chat"`,
 * `ExternalModel(...)`, `external_model=`), an agent (`agents.deploy`, ChatAgent / ResponsesAgent).
 * InferenceLog takes classification or regression only: a TimeSeries monitor of its traffic is the
 * choice there, and Databricks' LLM example monitors its unpacked requests with one.
 */
const LANGUAGE_MODEL_NAMES = ['ExternalModel', 'external_model', 'ChatAgent', 'ResponsesAgent', 'ChatModel'];

/** Whether the code (not its comments) shows an endpoint serving a language model, and one endpoint only (else the monitored table may be another's). */
function servesOnlyALanguageModel(model: SemanticModel): boolean {
  const shown =
    model.nodesAroundText(['llm/v1/'], 'string').some((node) => node.text.includes('llm/v1/')) ||
    model.nodesAroundText(LANGUAGE_MODEL_NAMES, 'identifier').some((node) => LANGUAGE_MODEL_NAMES.includes(node.text)) ||
    model.callsNamed('deploy').some((site) => /(?:^|\.)agents\.deploy$/.test(site.qualifiedName ?? ''));
  if (!shown) return false;
  return endpointCreations(model).length <= 1;
}

/**
 * The inference-table prefixes of the file's endpoints: `table_name_prefix="support_chat"`, and
 * the names of the endpoints it creates (the prefix defaults to the endpoint's name).
 */
function capturePrefixes(model: SemanticModel): string[] {
  const written = model
    .nodesAroundText(['table_name_prefix'], 'keyword_argument')
    .filter((keyword) => field(keyword, 'name')?.text === 'table_name_prefix')
    .flatMap((keyword) => stringValue(model, field(keyword, 'value') ?? undefined) ?? []);
  const named = endpointCreations(model).flatMap((site) => stringValue(model, keywordArgument(site, 'name')) ?? []);
  return [...written, ...named, ...named.map((name) => name.replace(/-/g, '_'))];
}

/** The serving endpoints the file creates (the SDK's serving_endpoints.create, a deployments client's create_endpoint). */
function endpointCreations(model: SemanticModel): CallSite[] {
  return model.callsNamed('create', 'create_and_wait', 'create_endpoint').filter((site) => /serving_endpoints\.create(?:_and_wait)?$|create_endpoint$/.test(site.qualifiedName ?? site.callee.text));
}

function check(context: RuleContext): void {
  const monitors = monitorCreations(context.model);
  if (monitors.length === 0) return;
  const languageModel = servesOnlyALanguageModel(context.model);
  const prefixes = languageModel ? capturePrefixes(context.model) : [];
  // The language model's own inference table: the one its capture prefix names, or any when the file shows no prefix.
  const ofLanguageModel = (table: string) => languageModel && (prefixes.length === 0 || prefixes.some((prefix) => (table.split('.').pop() ?? '').startsWith(prefix)));
  for (const monitor of monitors) {
    if (monitor.tableName && ofLanguageModel(monitor.tableName)) continue;
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
      'Inference tables are monitored with the InferenceLog profile, which knows the model\'s problem_type, prediction_col, label_col, timestamp_col and model_id_col: it computes model-quality metrics (accuracy, F1, RMSE, ...) and drift per model version and time window. Snapshot (whole-table statistics) and TimeSeries (statistics per time window) profile the data only. A serving endpoint\'s inference table holds the raw request and response JSON of each call: unpack it into a table with one row per prediction (inputs, prediction, label, timestamp, model version) and monitor that table with InferenceLog. InferenceLog takes classification and regression models only: a monitor of the inference table of an endpoint the code (not a comment) shows serving a language model (an external or chat model, `task="llm/v1/..."`, an agent; the table named by its capture prefix or its endpoint\'s name, when the file shows them, and the file creating no other endpoint) is not reported, since a TimeSeries monitor of its traffic, or of its unpacked requests, is the choice there.',
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
