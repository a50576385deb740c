import { mlt703InferenceTableWrongMonitor } from '../../rules/mlt703-inference-table-wrong-monitor';
import { describeRule } from '../support/ruleTester';

describeRule(mlt703InferenceTableWrongMonitor, {
  flagged: [
    {
      name: "a language model named only in a comment, and a chat endpoint beside the monitor of another endpoint's table",
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot, MonitorTimeSeries
        from databricks.sdk.service.serving import EndpointCoreConfigInput, ExternalModel, ServedEntityInput
        w = WorkspaceClient()
        # unlike the support bot (a ChatModel behind llm/v1/chat), this one is a classifier
        w.quality_monitors.create(table_name="ml.churn.churn_model_payload", assets_dir="/x", output_schema_name="ml.mon", snapshot=MonitorSnapshot())
        w.serving_endpoints.create(name="support-gpt", config=EndpointCoreConfigInput(
            served_entities=[ServedEntityInput(name="gpt", external_model=ExternalModel(name="gpt-4o", provider="openai", task="llm/v1/chat"))]))
        w.quality_monitors.create(table_name="ml.fraud.fraud_scorer_payload", assets_dir="/y", output_schema_name="ml.mon",
                                  time_series=MonitorTimeSeries(timestamp_col="timestamp_ms", granularities=["1 day"]))
      `,
      findings: [
        { line: 6, column: 116, message: "Snapshot monitor on the endpoint's raw inference table" },
        { line: 10, column: 27, message: "TimeSeries monitor on the endpoint's raw inference table" },
      ],
    },
    {
      name: 'SDK quality_monitors.create with a Snapshot profile on a _payload table',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot
        w = WorkspaceClient()
        w.quality_monitors.create(
            table_name="ml.serving.churn_endpoint_payload",
            assets_dir="/Workspace/Users/me/monitors",
            output_schema_name="ml.monitoring",
            snapshot=MonitorSnapshot(),
        )
      `,
      findings: [{ line: 8, column: 5, message: 'Snapshot monitor on the endpoint\'s raw inference table "ml.serving.churn_endpoint_payload": it holds request/response JSON; unpack it into a table of inputs, predictions, labels and timestamps and monitor that table with the InferenceLog profile', severity: 'information' }],
    },
    {
      name: 'SDK TimeSeries profile on a table whose name contains inference',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorTimeSeries
        w = WorkspaceClient()
        w.quality_monitors.create(table_name="ml.monitoring.churn_inference_log", assets_dir=d, output_schema_name=s, time_series=MonitorTimeSeries(timestamp_col="ts", granularities=["1 day"]))
      `,
      findings: [{ line: 4, column: 111, message: 'TimeSeries monitor on the inference table "ml.monitoring.churn_inference_log": model inputs and predictions are monitored with the InferenceLog profile' }],
    },
    {
      name: 'older SDK name lakehouse_monitors, table name from an f-string',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot
        catalog = dbutils.widgets.get("catalog")
        endpoint = "churn"
        WorkspaceClient().lakehouse_monitors.create(table_name=f"{catalog}.serving.{endpoint}_payload", assets_dir=d, output_schema_name=s, snapshot=MonitorSnapshot())
      `,
      findings: [{ line: 5, column: 133, message: 'Snapshot monitor on the endpoint\'s raw inference table: it holds request/response JSON' }],
    },
    {
      name: 'databricks.lakehouse_monitoring create_monitor with lm.Snapshot()',
      code: `
        import databricks.lakehouse_monitoring as lm
        lm.create_monitor(table_name="ml.serving.churn_payload", profile_type=lm.Snapshot(), output_schema_name="ml.monitoring")
      `,
      findings: [{ line: 2, column: 58 }],
    },
    {
      name: 'create_monitor with a TimeSeries profile bound to a name',
      code: `
        from databricks import lakehouse_monitoring as lm
        profile = lm.TimeSeries(timestamp_col="request_time", granularities=["1 hour"])
        lm.create_monitor(
            table_name="ml.serving.model_inference_requests",
            profile_type=profile,
            output_schema_name="ml.monitoring",
        )
      `,
      findings: [{ line: 5, column: 5, message: 'TimeSeries monitor' }],
    },
    {
      name: 'the monitors API through a variable, table name in a constant',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service import catalog
        PAYLOAD_TABLE = "ml.serving.fraud_payload"
        monitors = WorkspaceClient().quality_monitors
        monitors.create(table_name=PAYLOAD_TABLE, assets_dir=d, output_schema_name=s, snapshot=catalog.MonitorSnapshot())
      `,
      findings: [{ line: 5, column: 79 }],
    },
  ],
  silent: [
    {
      name: "a TimeSeries monitor of a chat model endpoint's payload table (InferenceLog takes classification or regression only)",
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorTimeSeries
        from databricks.sdk.service.serving import AutoCaptureConfigInput, EndpointCoreConfigInput, ExternalModel, ServedEntityInput
        w = WorkspaceClient()
        w.serving_endpoints.create(name="support-chat", config=EndpointCoreConfigInput(
            served_entities=[ServedEntityInput(name="chat", external_model=ExternalModel(name="gpt-4o", provider="openai", task="llm/v1/chat"))],
            auto_capture_config=AutoCaptureConfigInput(catalog_name="ml", schema_name="serving", table_name_prefix="support_chat")))
        w.quality_monitors.create(table_name="ml.serving.support_chat_payload", assets_dir="/x", output_schema_name="ml.mon",
                                  time_series=MonitorTimeSeries(timestamp_col="request_time", granularities=["1 hour"]))
      `,
    },
    {
      name: 'tables named for something about inference, not inferences: features for inference, inference inputs, latency, costs',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot, MonitorTimeSeries
        w = WorkspaceClient()
        w.quality_monitors.create(table_name="ml.fs.features_for_inference", assets_dir="/a", output_schema_name="ml.mon", snapshot=MonitorSnapshot())
        w.quality_monitors.create(table_name="ml.gold.batch_inference_input", assets_dir="/b", output_schema_name="ml.mon", time_series=MonitorTimeSeries(timestamp_col="ts", granularities=["1 day"]))
        w.quality_monitors.create(table_name="ops.metrics.inference_latency", assets_dir="/c", output_schema_name="ml.mon", time_series=MonitorTimeSeries(timestamp_col="ts", granularities=["1 hour"]))
      `,
    },
    {
      name: 'InferenceLog on the unpacked inference table (the recommended pattern)',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorInferenceLog, MonitorInferenceLogProblemType
        WorkspaceClient().quality_monitors.create(
            table_name="ml.serving.churn_inference_unpacked",
            assets_dir=d,
            output_schema_name=s,
            inference_log=MonitorInferenceLog(
                problem_type=MonitorInferenceLogProblemType.PROBLEM_TYPE_CLASSIFICATION,
                prediction_col="prediction",
                timestamp_col="timestamp",
                model_id_col="model_version",
                granularities=["1 day"],
            ),
        )
      `,
    },
    {
      name: 'InferenceLog profile on the payload table (SDK)',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorInferenceLog, MonitorInferenceLogProblemType
        w = WorkspaceClient()
        w.quality_monitors.create(
            table_name="ml.serving.churn_endpoint_payload",
            assets_dir=d,
            output_schema_name=s,
            inference_log=MonitorInferenceLog(problem_type=MonitorInferenceLogProblemType.PROBLEM_TYPE_CLASSIFICATION, prediction_col="prediction", timestamp_col="ts", model_id_col="model_version", granularities=["1 day"]),
        )
      `,
    },
    {
      name: 'InferenceLog profile (lakehouse_monitoring)',
      code: `
        import databricks.lakehouse_monitoring as lm
        lm.create_monitor(table_name="ml.serving.churn_payload", profile_type=lm.InferenceLog(problem_type="classification", prediction_col="p", timestamp_col="ts", model_id_col="v", granularities=["1 day"]))
      `,
    },
    {
      name: 'Snapshot on an ordinary table',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot
        WorkspaceClient().quality_monitors.create(table_name="ml.gold.customers", assets_dir=d, output_schema_name=s, snapshot=MonitorSnapshot())
      `,
    },
    {
      name: 'a table whose name only has payload inside, not at the end',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot
        WorkspaceClient().quality_monitors.create(table_name="ml.raw.payload_archive", assets_dir=d, output_schema_name=s, snapshot=MonitorSnapshot())
      `,
    },
    {
      name: 'inference only in the catalog name',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot
        WorkspaceClient().quality_monitors.create(table_name="inference_sandbox.sales.daily", assets_dir=d, output_schema_name=s, snapshot=MonitorSnapshot())
      `,
    },
    {
      name: 'table name not known',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot
        WorkspaceClient().quality_monitors.create(table_name=dbutils.widgets.get("table"), assets_dir=d, output_schema_name=s, snapshot=MonitorSnapshot())
      `,
    },
    {
      name: 'snapshot=None next to an inference_log profile',
      code: `
        from databricks.sdk import WorkspaceClient
        WorkspaceClient().quality_monitors.create(table_name="ml.serving.churn_payload", assets_dir=d, output_schema_name=s, snapshot=None, inference_log=profile)
      `,
    },
    {
      name: 'create on an unrelated object',
      code: `
        from databricks.sdk.service.catalog import MonitorSnapshot
        monitors.create(table_name="ml.serving.churn_payload", snapshot=MonitorSnapshot())
        registry.create_monitor(table_name="ml.serving.churn_payload", profile_type=Snapshot())
      `,
    },
    {
      name: 'the profile from **kwargs',
      code: `
        from databricks.sdk import WorkspaceClient
        WorkspaceClient().quality_monitors.create(table_name="ml.serving.churn_payload", **monitor_args)
      `,
    },
    {
      name: 'update of an existing monitor (not a creation)',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot
        WorkspaceClient().quality_monitors.update(table_name="ml.serving.churn_payload", output_schema_name=s, snapshot=MonitorSnapshot())
      `,
    },
  ],
  fixes: [],
});
