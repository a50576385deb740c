import { mlt706MonitorWithoutRefresh } from '../../rules/mlt706-monitor-without-refresh';
import { describeRule } from '../support/ruleTester';

const SDK_CREATE = `
  from databricks.sdk import WorkspaceClient
  from databricks.sdk.service.catalog import MonitorSnapshot

  w = WorkspaceClient()
  w.quality_monitors.create(
      table_name="ml.churn.features",
      assets_dir="/Workspace/monitors",
      output_schema_name="ml.monitoring",
      snapshot=MonitorSnapshot(),
  )
`;

const PARAMETER_CLIENT = `
  from databricks.sdk import WorkspaceClient
  from databricks.sdk.service.catalog import MonitorTimeSeries

  def create_monitor(w: WorkspaceClient, table: str, schema: str) -> None:
      w.quality_monitors.create(
          table_name=table,
          time_series=MonitorTimeSeries(timestamp_col="ts", granularities=["1 day"]),
          output_schema_name=schema,
      )

  create_monitor(WorkspaceClient(), "ml.yolo.metrics", "ml.yolo")
`;

const SNAPSHOT_IMPORT = 'from databricks.sdk.service.catalog import MonitorSnapshot';
const CREATE = 'w.quality_monitors.create(table_name="ml.churn.features", assets_dir="/Workspace/monitors", output_schema_name="ml.monitoring", snapshot=snapshot';

/**
 * A fix case: the SDK module imported above a kernel restarted by hand (`restart`), so the
 * fix imports the schedule class right above the create call instead of joining that import.
 */
function restartedByHand(how: string, imports: readonly string[], restart: readonly string[]) {
  const before = [...imports, '', ...restart, ''];
  return {
    name: `an import of the SDK module before a kernel restarted by hand (${how}): the class is imported right above the create call`,
    safety: 'unsafe' as const,
    code: `\n${[...before, `${CREATE})`].join('\n')}\n`,
    output: `\n${[...before, 'from databricks.sdk.service.catalog import MonitorCronSchedule', `${CREATE}, schedule=MonitorCronSchedule(quartz_cron_expression="<cron>", timezone_id="UTC"))`].join('\n')}\n`,
  };
}

describeRule(mlt706MonitorWithoutRefresh, {
  flagged: [
    {
      name: 'a deletion in another method (retiring the monitor), or after the creation: no re-creation on each run',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot

        class Monitors:
            def __init__(self):
                self.w = WorkspaceClient()

            def attach(self, table):
                self.w.quality_monitors.create(table_name=table, assets_dir="/Workspace/m", output_schema_name="ml.mon", snapshot=MonitorSnapshot())

            def retire(self, table):
                self.w.quality_monitors.delete(table_name=table)

        w = WorkspaceClient()
        w.quality_monitors.create(table_name="ml.a.preds", assets_dir="/Workspace/m", output_schema_name="ml.mon", snapshot=MonitorSnapshot())
        w.quality_monitors.delete(table_name="ml.a.preds")
        if dbutils.widgets.get("mode") == "teardown":
            w.quality_monitors.delete(table_name="ml.b.preds")
        else:
            w.quality_monitors.create(table_name="ml.b.preds", assets_dir="/Workspace/m", output_schema_name="ml.mon", snapshot=MonitorSnapshot())
        if dbutils.widgets.get("mode") == "teardown":
            w.quality_monitors.delete(table_name="ml.c.preds")
            dbutils.notebook.exit("removed")
        w.quality_monitors.create(table_name="ml.c.preds", assets_dir="/Workspace/m", output_schema_name="ml.mon", snapshot=MonitorSnapshot())
      `,
      findings: [
        { line: 9, column: 9, message: 'monitor created without a schedule' },
        { line: 15, column: 1, message: 'monitor on "ml.a.preds" created without a schedule' },
        { line: 20, column: 5, message: 'monitor on "ml.b.preds" created without a schedule' },
        { line: 24, column: 1, message: 'monitor on "ml.c.preds" created without a schedule' },
      ],
    },
    {
      name: 'the monitor of another table deleted: this one is still never refreshed',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot

        w = WorkspaceClient()
        w.quality_monitors.delete(table_name="ml.churn.old_predictions")
        w.quality_monitors.create(table_name="ml.churn.predictions", assets_dir="/Workspace/m", output_schema_name="ml.mon", snapshot=MonitorSnapshot())
      `,
      findings: [{ line: 6, column: 1, message: 'monitor on "ml.churn.predictions" created without a schedule' }],
    },
    {
      name: "a schedule added afterwards to another table's monitor (SDK and legacy client)",
      code: `
        import databricks.lakehouse_monitoring as lm
        lm.create_monitor(table_name="a.b.t1", profile_type=lm.Snapshot(), output_schema_name="a.mon")
        lm.update_monitor(table_name="a.b.t2", updated_params={"schedule": lm.MonitorCronSchedule(quartz_cron_expression="0 0 6 * * ?", timezone_id="UTC")})
      `,
      findings: [{ line: 2, column: 1, message: 'monitor on "a.b.t1" created without a schedule' }],
    },
    {
      name: "an update_monitor whose updated_params change something else than the schedule",
      code: `
        import databricks.lakehouse_monitoring as lm
        lm.create_monitor(table_name="ml.fs.t", profile_type=lm.Snapshot(), output_schema_name="ml.mon")
        lm.update_monitor(table_name="ml.fs.t", updated_params={"output_schema_name": "ml.mon2"})
      `,
      findings: [{ line: 2, column: 1, message: 'created without a schedule' }],
    },
    {
      name: 'the arguments built in a dict and unpacked (**params), keys added under a condition, never a schedule',
      code: `
        from databricks.sdk import WorkspaceClient
        def create_monitor(w: WorkspaceClient, table_name, ts_config=None):
            params = {"table_name": table_name, "assets_dir": "/Workspace/monitors", "output_schema_name": "ml.monitoring"}
            if ts_config:
                params["time_series"] = ts_config
            print(params["table_name"])
            return w.quality_monitors.create(**params)
      `,
      findings: [{ line: 7, column: 12, message: 'monitor created without a schedule' }],
    },
    {
      name: 'quality_monitors.create without schedule and no refresh',
      code: SDK_CREATE,
      findings: [{ line: 5, column: 1, message: 'monitor on "ml.churn.features" created without a schedule', severity: 'information' }],
    },
    {
      name: 'the SDK client passed in as a parameter, the table too (no table to name)',
      code: PARAMETER_CLIENT,
      findings: [{ line: 5, column: 5, message: 'monitor created without a schedule, and this file never refreshes it' }],
    },
    {
      name: 'the legacy lakehouse_monitoring client',
      code: `
        import databricks.lakehouse_monitoring as lm
        lm.create_monitor(table_name="ml.churn.preds", profile_type=lm.Snapshot(), output_schema_name="ml.mon")
      `,
      findings: [{ line: 2, column: 1 }],
    },
    {
      name: 'a refresh of another table does not count',
      code: `${SDK_CREATE}
  w.quality_monitors.run_refresh(table_name="ml.churn.other")
`,
      findings: [{ line: 5, column: 1 }],
    },
    {
      name: 'the table name read from a job parameter (a call, passed as table_name=)',
      code: `
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient()
        w.quality_monitors.create(table_name=dbutils.widgets.get("scored_table"), assets_dir="/a", output_schema_name="t.s")
      `,
      findings: [{ line: 3, column: 1, message: 'monitor created without a schedule, and this file never refreshes it' }],
    },
    {
      name: 'the table name from a job parameter, positional, through a variable',
      code: `
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient()
        scored_table = dbutils.widgets.get("scored_table")
        w.quality_monitors.create(scored_table, "/a", "t.s")
      `,
      findings: [{ line: 4, column: 1 }],
    },
    {
      name: 'table names computed by calls among the other arguments: a join, a helper of the file, a stripped widget, a session conf',
      code: `
        from pyspark.sql import SparkSession
        from databricks.sdk import WorkspaceClient
        session = SparkSession.builder.getOrCreate()
        w = WorkspaceClient()
        def fq(name):
            return f"ml.prod.{name}"
        w.quality_monitors.create(".".join(["ml", "prod", "scores"]), "/a", "t.s")
        w.quality_monitors.create(fq("predictions"), assets_dir="/a", output_schema_name="t.s")
        w.quality_monitors.create(dbutils.widgets.get("table").strip(), "/a", "t.s")
        w.quality_monitors.create(session.conf.get("monitor.table"), "/a", "t.s")
      `,
      findings: [{ line: 7, column: 1 }, { line: 8, column: 1 }, { line: 9, column: 1 }, { line: 10, column: 1 }],
    },
    {
      name: 'the table name from an environment variable or str(), positional',
      code: `
        import os
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient()
        w.quality_monitors.create(os.getenv("SCORED_TABLE"), "/a", "t.s")
        for t in tables:
            w.quality_monitors.create(str(t), "/a", "t.s")
      `,
      findings: [{ line: 4, column: 1 }, { line: 6, column: 5 }],
    },
    {
      name: 'schedule=None is no schedule',
      code: `
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient()
        w.quality_monitors.create(table_name="t.s.x", assets_dir="/a", output_schema_name="t.s", schedule=None)
      `,
      findings: [{ line: 3, column: 1 }],
    },
  ],
  silent: [
    {
      name: 'a helper of the file that deletes the monitor, called just before it is created again',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot

        def delete_existing_monitor(w, table_name):
            try:
                w.quality_monitors.delete(table_name=table_name)
            except Exception:
                pass

        def setup_monitor(w, table_name):
            delete_existing_monitor(w, table_name)
            w.quality_monitors.create(table_name=table_name, assets_dir="/Workspace/m", output_schema_name="ml.mon", snapshot=MonitorSnapshot())

        setup_monitor(WorkspaceClient(), "ml.churn.predictions")
      `,
    },
    {
      name: 'a deletion in a try body, the creation in its else or finally (both run after the body)',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot
        w = WorkspaceClient()
        try:
            w.quality_monitors.delete(table_name="ml.a.preds")
        except Exception:
            print("no monitor yet")
        else:
            w.quality_monitors.create(table_name="ml.a.preds", assets_dir="/Workspace/m", output_schema_name="ml.mon", snapshot=MonitorSnapshot())
        try:
            w.quality_monitors.delete(table_name="ml.b.preds")
        finally:
            w.quality_monitors.create(table_name="ml.b.preds", assets_dir="/Workspace/m", output_schema_name="ml.mon", snapshot=MonitorSnapshot())
      `,
    },
    {
      name: 'module code that deletes the monitor (if it exists) and then calls the function that creates it',
      code: `
        # Databricks notebook source
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot
        TABLE = "ml.churn.predictions"
        w = WorkspaceClient()

        def make_monitor(w):
            w.quality_monitors.create(table_name=TABLE, assets_dir="/Workspace/m", output_schema_name="ml.mon", snapshot=MonitorSnapshot())

        # COMMAND ----------

        if monitor_exists(TABLE):
            w.quality_monitors.delete(table_name=TABLE)

        # COMMAND ----------

        make_monitor(w)
      `,
    },
    {
      name: 'the monitor deleted and created again each time the job runs (SDK), or by the legacy client: creation computes the metrics',
      code: `
        # Databricks notebook source
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot
        from databricks import lakehouse_monitoring as lm

        w = WorkspaceClient()
        table = "ml.churn.predictions"
        try:
            w.quality_monitors.delete(table_name=table)
        except Exception:
            pass
        w.quality_monitors.create(table_name=table, assets_dir="/Workspace/m", output_schema_name="ml.mon", snapshot=MonitorSnapshot())
        lm.delete_monitor(table_name="ml.churn.features")
        lm.create_monitor(table_name="ml.churn.features", profile_type=lm.Snapshot(), output_schema_name="ml.mon")
      `,
    },
    {
      name: "a schedule added afterwards through the legacy client's update_monitor(updated_params={...})",
      code: `
        import databricks.lakehouse_monitoring as lm
        lm.create_monitor(table_name="ml.fs.t", profile_type=lm.Snapshot(), output_schema_name="ml.mon")
        lm.update_monitor(
            table_name="ml.fs.t",
            updated_params={"schedule": lm.MonitorCronSchedule(quartz_cron_expression="0 0 6 * * ?", timezone_id="UTC")},
        )
      `,
    },
    {
      name: 'unpacked arguments that hold a schedule, may get one, or come from elsewhere',
      code: `
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient()
        def with_key(table_name, cron):
            params = {"table_name": table_name, "schedule": cron}
            w.quality_monitors.create(**params)
        def set_later(table_name, cron):
            params = {"table_name": table_name}
            params["schedule"] = cron
            w.quality_monitors.create(**params)
        def updated(table_name, extra):
            params = {"table_name": table_name}
            params.update(extra)
            w.quality_monitors.create(**params)
        def computed_key(table_name, key, value):
            params = {"table_name": table_name}
            params[key] = value
            w.quality_monitors.create(**params)
        def passed_on(table_name):
            params = {"table_name": table_name}
            add_defaults(params)
            w.quality_monitors.create(**params)
        def forwarded(**kwargs):
            w.quality_monitors.create(**kwargs)
        def from_call(table_name):
            w.quality_monitors.create(**monitor_settings(table_name))
      `,
    },
    {
      name: 'created with a schedule',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorCronSchedule, MonitorSnapshot
        w = WorkspaceClient()
        w.quality_monitors.create(table_name="t.s.x", assets_dir="/a", output_schema_name="t.s",
                                  snapshot=MonitorSnapshot(),
                                  schedule=MonitorCronSchedule(quartz_cron_expression="0 0 6 * * ?", timezone_id="UTC"))
      `,
    },
    { name: 'refreshed in the file', code: `${SDK_CREATE}\n  w.quality_monitors.run_refresh(table_name="ml.churn.features")\n` },
    {
      name: 'legacy refresh of the same table, name through a variable',
      code: `
        import databricks.lakehouse_monitoring as lm
        table = "ml.churn.preds"
        lm.create_monitor(table_name=table, profile_type=lm.Snapshot(), output_schema_name="ml.mon")
        lm.run_refresh(table_name=table)
      `,
    },
    {
      name: 'a refresh of a table the file does not spell out',
      code: `${SDK_CREATE}\n  for t in tables:\n      w.quality_monitors.run_refresh(table_name=t)\n`,
    },
    {
      name: 'a schedule added later with update',
      code: `${SDK_CREATE}\n  w.quality_monitors.update(table_name="ml.churn.features", output_schema_name="ml.monitoring", schedule=sched)\n`,
    },
    {
      name: 'settings passed as one CreateMonitor object',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service import catalog
        w = WorkspaceClient()
        config = catalog.CreateMonitor(table_name="t.s.x", schedule=catalog.MonitorCronSchedule(quartz_cron_expression="0 0 2 * * ?", timezone_id="UTC"))
        w.quality_monitors.create(config)
      `,
    },
    {
      name: 'settings built by a factory of the project, passed positionally',
      code: `
        from databricks.sdk import WorkspaceClient
        from monitoring.factories import build_monitor_request
        w = WorkspaceClient()
        w.quality_monitors.create(build_monitor_request("ml.prod.orders", daily=True))
      `,
    },
    {
      name: 'settings built by a class imported by name, passed positionally',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import CreateMonitor
        w = WorkspaceClient()
        w.quality_monitors.create(CreateMonitor(table_name=dbutils.widgets.get("t"), schedule=sched))
      `,
    },
    {
      name: 'a create method of something else',
      code: `
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient()
        w.jobs.create(name="x", tasks=[])
      `,
    },
    {
      name: 'a quality_monitors attribute in a file without the Databricks SDK',
      code: `
        from myproject.monitoring import registry
        registry.quality_monitors.create(table_name="ml.churn.preds")
      `,
    },
    {
      name: 'the parameter form, refreshed in its function',
      code: `
        from databricks.sdk import WorkspaceClient

        def create_and_refresh(w: WorkspaceClient, table: str) -> None:
            w.quality_monitors.create(table_name=table, output_schema_name="ml.mon")
            w.quality_monitors.run_refresh(table_name=table)
      `,
    },
    {
      name: 'a **kwargs call',
      code: `
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient()
        w.quality_monitors.create(**monitor_args)
      `,
    },
  ],
  fixes: [
    {
      name: 'unpacked arguments: the schedule is added after them',
      safety: 'unsafe',
      code: `
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient()
        params = {"table_name": "ml.churn.features", "assets_dir": "/Workspace/monitors", "output_schema_name": "ml.monitoring"}
        w.quality_monitors.create(**params)
      `,
      output: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorCronSchedule
        w = WorkspaceClient()
        params = {"table_name": "ml.churn.features", "assets_dir": "/Workspace/monitors", "output_schema_name": "ml.monitoring"}
        w.quality_monitors.create(**params, schedule=MonitorCronSchedule(quartz_cron_expression="<cron>", timezone_id="UTC"))
      `,
    },
    {
      name: 'adds the schedule with a placeholder and the SDK import',
      safety: 'unsafe',
      fixTitle: 'placeholder cron expression',
      code: SDK_CREATE,
      output: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorSnapshot, MonitorCronSchedule

        w = WorkspaceClient()
        w.quality_monitors.create(
            table_name="ml.churn.features",
            assets_dir="/Workspace/monitors",
            output_schema_name="ml.monitoring",
            snapshot=MonitorSnapshot(),
            schedule=MonitorCronSchedule(quartz_cron_expression="<cron>", timezone_id="UTC"),
        )
      `,
    },
    {
      name: 'an import from the SDK module written in parentheses over several lines, and one inside another function: the class gets an import line of its own',
      safety: 'unsafe',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import (
            MonitorSnapshot,
        )

        def other():
            from databricks.sdk.service.catalog import MonitorTimeSeries
            return MonitorTimeSeries

        w = WorkspaceClient()
        w.quality_monitors.create(table_name="ml.churn.features", assets_dir="/Workspace/monitors", output_schema_name="ml.monitoring", snapshot=MonitorSnapshot())
      `,
      output: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import (
            MonitorSnapshot,
        )
        from databricks.sdk.service.catalog import MonitorCronSchedule

        def other():
            from databricks.sdk.service.catalog import MonitorTimeSeries
            return MonitorTimeSeries

        w = WorkspaceClient()
        w.quality_monitors.create(table_name="ml.churn.features", assets_dir="/Workspace/monitors", output_schema_name="ml.monitoring", snapshot=MonitorSnapshot(), schedule=MonitorCronSchedule(quartz_cron_expression="<cron>", timezone_id="UTC"))
      `,
    },
    {
      name: 'an import from the SDK module only under TYPE_CHECKING (it never runs): the class gets an import line of its own',
      safety: 'unsafe',
      code: `
        from typing import TYPE_CHECKING
        from databricks.sdk import WorkspaceClient
        if TYPE_CHECKING:
            from databricks.sdk.service.catalog import MonitorInfo
        w = WorkspaceClient()
        w.quality_monitors.create(table_name="ml.churn.features", assets_dir="/Workspace/monitors", output_schema_name="ml.monitoring", snapshot=snapshot)
      `,
      output: `
        from typing import TYPE_CHECKING
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorCronSchedule
        if TYPE_CHECKING:
            from databricks.sdk.service.catalog import MonitorInfo
        w = WorkspaceClient()
        w.quality_monitors.create(table_name="ml.churn.features", assets_dir="/Workspace/monitors", output_schema_name="ml.monitoring", snapshot=snapshot, schedule=MonitorCronSchedule(quartz_cron_expression="<cron>", timezone_id="UTC"))
      `,
    },
    {
      name: 'an import of the SDK module before a restart of Python (a %pip cell, restartPython()): the class is imported after it, above the create call',
      safety: 'unsafe',
      code: `
        # Databricks notebook source
        from databricks.sdk.service.catalog import MonitorSnapshot

        # COMMAND ----------

        # MAGIC %pip install -U databricks-sdk

        # COMMAND ----------

        dbutils.library.restartPython()

        # COMMAND ----------

        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient()

        # COMMAND ----------

        w.quality_monitors.create(table_name="ml.churn.features", assets_dir="/Workspace/monitors", output_schema_name="ml.monitoring", snapshot=snapshot)
      `,
      output: `
        # Databricks notebook source
        from databricks.sdk.service.catalog import MonitorSnapshot

        # COMMAND ----------

        # MAGIC %pip install -U databricks-sdk

        # COMMAND ----------

        dbutils.library.restartPython()

        # COMMAND ----------

        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorCronSchedule
        w = WorkspaceClient()

        # COMMAND ----------

        w.quality_monitors.create(table_name="ml.churn.features", assets_dir="/Workspace/monitors", output_schema_name="ml.monitoring", snapshot=snapshot, schedule=MonitorCronSchedule(quartz_cron_expression="<cron>", timezone_id="UTC"))
      `,
    },
    restartedByHand(
      "IPython's do_shutdown",
      ['import os', 'import IPython', SNAPSHOT_IMPORT],
      ['IPython.Application.instance().kernel.do_shutdown(True)'],
    ),
    restartedByHand('os.kill of its own pid, as in Colab', ['import os', 'import IPython', SNAPSHOT_IMPORT], ['os.kill(os.getpid(), 9)']),
    restartedByHand('os.kill of its own pid under imported names', ['from os import getpid, kill as stop', SNAPSHOT_IMPORT], ['stop(getpid(), 9)']),
    restartedByHand('the kernel\'s do_shutdown, the kernel bound to a name', [SNAPSHOT_IMPORT], ['kernel = get_ipython().kernel', 'app = kernel', 'app.do_shutdown(True)']),
    {
      name: 'a kill of another process, a pool\'s do_shutdown between the import and the use are no restart: the class joins the import',
      safety: 'unsafe',
      code: `
        import os
        import signal
        from databricks.sdk.service.catalog import MonitorSnapshot

        os.kill(worker.pid, signal.SIGTERM)
        pool.do_shutdown(wait=True)

        w.quality_monitors.create(table_name="ml.churn.features", assets_dir="/Workspace/monitors", output_schema_name="ml.monitoring", snapshot=MonitorSnapshot())
      `,
      output: `
        import os
        import signal
        from databricks.sdk.service.catalog import MonitorSnapshot, MonitorCronSchedule

        os.kill(worker.pid, signal.SIGTERM)
        pool.do_shutdown(wait=True)

        w.quality_monitors.create(table_name="ml.churn.features", assets_dir="/Workspace/monitors", output_schema_name="ml.monitoring", snapshot=MonitorSnapshot(), schedule=MonitorCronSchedule(quartz_cron_expression="<cron>", timezone_id="UTC"))
      `,
    },
    {
      name: 'no restart between the import and the use (a %md cell showing %pip, a commented restartPython(), one in a string): the class joins the import',
      safety: 'unsafe',
      code: `
        # Databricks notebook source
        from databricks.sdk.service.catalog import MonitorSnapshot

        # COMMAND ----------

        # MAGIC %md
        # MAGIC %pip install -U databricks-sdk

        # COMMAND ----------

        # dbutils.library.restartPython()
        print("call dbutils.library.restartPython() after upgrading")
        w.quality_monitors.create(table_name="ml.churn.features", assets_dir="/Workspace/monitors", output_schema_name="ml.monitoring", snapshot=MonitorSnapshot())
      `,
      output: `
        # Databricks notebook source
        from databricks.sdk.service.catalog import MonitorSnapshot, MonitorCronSchedule

        # COMMAND ----------

        # MAGIC %md
        # MAGIC %pip install -U databricks-sdk

        # COMMAND ----------

        # dbutils.library.restartPython()
        print("call dbutils.library.restartPython() after upgrading")
        w.quality_monitors.create(table_name="ml.churn.features", assets_dir="/Workspace/monitors", output_schema_name="ml.monitoring", snapshot=MonitorSnapshot(), schedule=MonitorCronSchedule(quartz_cron_expression="<cron>", timezone_id="UTC"))
      `,
    },
    {
      name: 'no import after a restart of Python: the class is imported right above the create call',
      safety: 'unsafe',
      code: `
        # Databricks notebook source
        from databricks.sdk import WorkspaceClient

        # COMMAND ----------

        dbutils.library.restartPython()

        # COMMAND ----------

        WorkspaceClient().quality_monitors.create(table_name="ml.churn.features", assets_dir="/Workspace/monitors", output_schema_name="ml.monitoring", snapshot=snapshot)
      `,
      output: `
        # Databricks notebook source
        from databricks.sdk import WorkspaceClient

        # COMMAND ----------

        dbutils.library.restartPython()

        # COMMAND ----------

        from databricks.sdk.service.catalog import MonitorCronSchedule
        WorkspaceClient().quality_monitors.create(table_name="ml.churn.features", assets_dir="/Workspace/monitors", output_schema_name="ml.monitoring", snapshot=snapshot, schedule=MonitorCronSchedule(quartz_cron_expression="<cron>", timezone_id="UTC"))
      `,
    },
    {
      name: 'the parameter form: the schedule and its import added the same way',
      safety: 'unsafe',
      code: PARAMETER_CLIENT,
      output: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.catalog import MonitorTimeSeries, MonitorCronSchedule

        def create_monitor(w: WorkspaceClient, table: str, schema: str) -> None:
            w.quality_monitors.create(
                table_name=table,
                time_series=MonitorTimeSeries(timestamp_col="ts", granularities=["1 day"]),
                output_schema_name=schema,
                schedule=MonitorCronSchedule(quartz_cron_expression="<cron>", timezone_id="UTC"),
            )

        create_monitor(WorkspaceClient(), "ml.yolo.metrics", "ml.yolo")
      `,
    },
    {
      name: 'the legacy client: lm.MonitorCronSchedule, no new import',
      safety: 'unsafe',
      code: `
        import databricks.lakehouse_monitoring as lm
        lm.create_monitor(table_name="ml.churn.preds", profile_type=lm.Snapshot(), output_schema_name="ml.mon")
      `,
      output: `
        import databricks.lakehouse_monitoring as lm
        lm.create_monitor(table_name="ml.churn.preds", profile_type=lm.Snapshot(), output_schema_name="ml.mon", schedule=lm.MonitorCronSchedule(quartz_cron_expression="<cron>", timezone_id="UTC"))
      `,
    },
  ],
});
