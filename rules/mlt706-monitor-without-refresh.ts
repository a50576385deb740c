import type { Node } from 'web-tree-sitter';
import { ancestorOfType } from './engine/syntax';
import type { Fix, Rule, RuleContext } from './engine/types';
import { addKeywordArgument, ensureImported } from './engine/fixBuilders';
import { allArguments, argument, hasSplatArguments, keywordArgument, positionalArguments } from './semantic/calls';
import { runsBeforeWhenever } from './semantic/executionOrder';
import { isLegacyMonitorCall, isMonitorCreateCall, isMonitorDeleteCall } from './semantic/lakehouseMonitors';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { stringTemplate } from './semantic/stringTemplates';
import { dictEntries, isNoneLiteral } from './semantic/values';
import { keywordNamesReceived } from './semantic/dictionarySplats';

/** Calls that refresh a monitor: the SDK's `run_refresh(table_name)`, the legacy client's `run_refresh` / `refresh_monitor`, the data-quality API's `create_refresh`. */
const REFRESH_CALLS = ['run_refresh', 'refresh_monitor', 'create_refresh'];

/** The exact table name a call names, or undefined when the file does not say it. */
function tableNameOf(model: SemanticModel, site: CallSite): string | undefined {
  const template = stringTemplate(model, argument(site, 'table_name', 0));
  return template?.exact ? template.text : undefined;
}

/**
 * The tables the file refreshes, or 'any' when a refresh names a table the file does not
 * spell out (a variable, a loop, the data-quality API's object id): then every monitor may be
 * the one refreshed.
 */
function refreshedTables(model: SemanticModel): Set<string> | 'any' {
  const tables = new Set<string>();
  for (const site of model.callsNamed(...REFRESH_CALLS)) {
    if (!site.receiver && !site.qualifiedName) continue;
    const name = site.name === 'create_refresh' ? undefined : tableNameOf(model, site);
    if (name === undefined) return 'any';
    tables.add(name);
  }
  return tables;
}

/**
 * Whether the monitor `creation` makes is deleted just before, on the same path: a deletion
 * that runs before it whenever it runs (runsBeforeWhenever), itself or through a call of the function of
 * the file it is in (`delete_existing_monitor(w, table)` then `create(...)`), before the creation
 * or before a call of the function the creation is in. A file that does so creates the monitor
 * afresh each time it runs, and creating a monitor computes its metrics: what arrived since the
 * last run is analysed then. A deletion elsewhere (a method that retires the monitor, the
 * teardown arm of an `if`) is no such re-creation. Tables count as the same unless both are
 * written out and differ.
 */
function recreatedEachRun(model: SemanticModel, creation: CallSite, table: string | undefined): boolean {
  const creationPoints = [creation.node, ...callsOfEnclosingFunction(model, creation.node)];
  for (const deletion of model.callsNamed('delete', 'delete_monitor')) {
    if (!isMonitorDeleteCall(model, deletion)) continue;
    const deleted = deletion.name === 'delete_monitor' && !isLegacyMonitorCall(deletion) ? undefined : tableNameOf(model, deletion);
    if (table !== undefined && deleted !== undefined && deleted !== table) continue;
    const deletionPoints = [deletion.node, ...callsOfEnclosingFunction(model, deletion.node)];
    if (deletionPoints.some((point) => creationPoints.some((later) => runsBeforeWhenever(point, later)))) return true;
  }
  return false;
}

/** The calls of the function of the file that `node` is in (none at module level). */
function callsOfEnclosingFunction(model: SemanticModel, node: Node): Node[] {
  const fn = ancestorOfType(node, ['function_definition']);
  return fn ? model.callersOf(fn).map((call) => call.node) : [];
}

/**
 * The legacy client's `update_monitor(table_name=..., updated_params={"schedule": ...})`: its
 * changes in a dict, which may hold a schedule (or may, when the file does not show its keys).
 */
function mayScheduleInParams(model: SemanticModel, site: CallSite): boolean {
  const params = keywordArgument(site, 'updated_params');
  if (!params || !isLegacyMonitorCall(site)) return false;
  const entries = dictEntries(model, params);
  return !entries || !entries.complete || entries.entries.has('schedule');
}

function scheduleFix(context: RuleContext, site: CallSite): Fix | undefined {
  const { model, document } = context;
  const module = isLegacyMonitorCall(site) ? 'databricks.lakehouse_monitoring' : 'databricks.sdk.service.catalog';
  const { localName, edits } = ensureImported(model, module, 'MonitorCronSchedule', site.node);
  const keyword = addKeywordArgument(document, site.node, `schedule=${localName}(quartz_cron_expression="<cron>", timezone_id="UTC")`);
  if (!keyword) return undefined;
  return {
    title: `Add schedule=${localName}(quartz_cron_expression="<cron>", timezone_id="UTC") (placeholder cron expression)`,
    safety: 'unsafe',
    edits: [...edits, keyword],
  };
}

function check(context: RuleContext): void {
  const { model } = context;
  // A call with `**params` counts when the file shows every key of the dict (dictionarySplats).
  const creations = model
    .callsNamed('create', 'create_monitor')
    .filter((site) => isMonitorCreateCall(model, site) && (!hasSplatArguments(site) || keywordNamesReceived(model, site) !== undefined));
  if (creations.length === 0) return;
  const refreshed = refreshedTables(model);
  if (refreshed === 'any') return;
  // `quality_monitors.update(..., schedule=...)` adds a schedule later: to the table it names (any, when the name is not known).
  const schedulingUpdates = model
    .callsNamed('update', 'update_monitor')
    .filter((site) => (isLegacyMonitorCall(site) || /\.(?:quality_monitors|lakehouse_monitors)\.update$/.test(site.qualifiedName ?? '')) && (!!keywordArgument(site, 'schedule') || mayScheduleInParams(model, site)));
  const scheduledTables = schedulingUpdates.map((site) => tableNameOf(model, site));
  if (scheduledTables.includes(undefined)) return;
  for (const site of creations) {
    const schedule = keywordArgument(site, 'schedule');
    if (schedule && !isNoneLiteral(model, schedule)) continue;
    if (hasSplatArguments(site) && keywordNamesReceived(model, site)?.has('schedule') !== false) continue;
    // `create(CreateMonitor(...))`: the settings, schedule included, are in an object the rule does not read.
    // A table name from a call (`table_name=dbutils.widgets.get("table")`) is a name all the same.
    if (isSettingsObject(model, site)) continue;
    const table = tableNameOf(model, site);
    if (table === undefined ? refreshed.size > 0 || scheduledTables.length > 0 : refreshed.has(table) || scheduledTables.includes(table)) continue;
    if (recreatedEachRun(model, site, table)) continue;
    const shown = table ? ` on "${table}"` : '';
    const fix = schedule ? undefined : scheduleFix(context, site);
    context.report({
      node: site.callee,
      message: `monitor${shown} created without a schedule, and this file never refreshes it: Lakehouse Monitoring computes profile and drift metrics only when a monitor refreshes (on its schedule or with run_refresh), so unless another job refreshes it, data that arrives later is not analysed; add schedule=MonitorCronSchedule(...) or call run_refresh`,
      fixes: fix ? [fix] : [],
    });
  }
}

/**
 * The first positional argument is the call's settings, which the rule does not read: an object
 * built by a class (`create(CreateMonitor(...))`), or the call's only argument, built by any call
 * (`create(build_monitor_request(...))`: the monitor APIs take a table name with other
 * arguments). A keyword `table_name=` is the table's name, whatever computes it, and so is a call
 * among other arguments (`create(".".join(parts), assets_dir=..., ...)`, a job's widget).
 */
function isSettingsObject(model: SemanticModel, site: CallSite): boolean {
  if (keywordArgument(site, 'table_name')) return false;
  const first = positionalArguments(site)[0];
  if (!first || stringTemplate(model, first)) return false;
  const value = model.resolveValue(first);
  if (value.type !== 'call') return false;
  return /^[A-Z]/.test(model.callSite(value).name ?? '') || allArguments(site).length === 1;
}

export const mlt706MonitorWithoutRefresh: Rule = {
  meta: {
    id: 'MLT706',
    name: 'monitor-without-refresh',
    severity: 'information',
    area: 'Testing, monitoring and security',
    domain: 'MLOps',
    title: 'A Lakehouse monitor with no schedule that the file never refreshes',
  },
  docs: {
    trap: 'Creating a Lakehouse monitor (`w.quality_monitors.create(...)`, also on a client that a function takes as a parameter in a file that imports the Databricks SDK, or the legacy `lm.create_monitor(...)`) without `schedule=` (also where its arguments come from a dict the file builds, `create(**params)`, and no key of it is `schedule`) and never refreshing it.',
    reality:
      'A monitor computes its profile and drift metric tables only when it refreshes: on its schedule (`schedule=MonitorCronSchedule(quartz_cron_expression=..., timezone_id=...)`, which refreshes the metric tables automatically) or when a refresh is queued with `w.quality_monitors.run_refresh(table_name=...)` (legacy: `lm.run_refresh(table_name=...)`), which runs in the background. ' +
      'A monitor with neither does not analyse the data that arrives after it was created: the drift the exam asks about is never computed on it. A schedule given afterwards to the same table counts (`w.quality_monitors.update(..., schedule=...)`, legacy `lm.update_monitor(table_name=..., updated_params={"schedule": ...})`; any table, when the update\'s table name is not written out). A file that deletes the table\'s monitor just before it creates it again (`w.quality_monitors.delete(...)`, legacy `lm.delete_monitor(...)`, the Data Quality Monitors API\'s `delete_monitor`, earlier in the same function or in a function of the file called there first) is not reported: it does so each time it runs, and a monitor computes its metrics when it is created (over the 30 days before, for a time series or inference profile). ' +
      'The SDK\'s `w.quality_monitors` API is deprecated (databricks-sdk 0.78.0) in favour of the Data Quality Monitors API, whose refresh, `w.data_quality.create_refresh(object_type="table", object_id=<the table\'s id>, ...)`, counts as one too; the examples keep the API the exam material shows.',
    example: [
      'from databricks.sdk import WorkspaceClient',
      'from databricks.sdk.service.catalog import MonitorInferenceLog, MonitorInferenceLogProblemType',
      '',
      'w = WorkspaceClient()',
      'w.quality_monitors.create(',
      '    table_name="ml.serving.churn_inference_unpacked",',
      '    assets_dir="/Workspace/Users/me/monitors",',
      '    output_schema_name="ml.monitoring",',
      '    inference_log=MonitorInferenceLog(',
      '        problem_type=MonitorInferenceLogProblemType.PROBLEM_TYPE_CLASSIFICATION,',
      '        prediction_col="prediction", label_col="churned",',
      '        timestamp_col="timestamp", model_id_col="model_version", granularities=["1 day"],',
      '    ),',
      ')',
    ].join('\n'),
    useInstead: [
      'from databricks.sdk.service.catalog import MonitorCronSchedule',
      '',
      'w.quality_monitors.create(',
      '    table_name="ml.serving.churn_inference_unpacked",',
      '    assets_dir="/Workspace/Users/me/monitors",',
      '    output_schema_name="ml.monitoring",',
      '    inference_log=...,',
      '    schedule=MonitorCronSchedule(quartz_cron_expression="0 0 6 * * ?", timezone_id="UTC"),  # daily at 06:00',
      ')',
      '# or refresh on demand, e.g. at the end of the job that appends new inferences:',
      'w.quality_monitors.run_refresh(table_name="ml.serving.churn_inference_unpacked")',
    ].join('\n'),
    fix: 'Adds `schedule=MonitorCronSchedule(quartz_cron_expression="<cron>", timezone_id="UTC")` to the create call, with the import of MonitorCronSchedule from the API the call uses (`databricks.sdk.service.catalog` or `databricks.lakehouse_monitoring`).',
    fixSafety: 'Unsafe: "<cron>" is a placeholder; replace it with a Quartz cron expression (for example "0 0 6 * * ?" for every day at 06:00) and choose the time zone.',
    examFact: 'Lakehouse Monitoring computes drift only when the monitor refreshes: give it a schedule or call run_refresh.',
    references: [
      { title: 'Create a monitor using the API (Databricks)', url: 'https://docs.databricks.com/aws/en/lakehouse-monitoring/create-monitor-api' },
      { title: 'Quality monitors API: run refresh (Databricks REST API reference)', url: 'https://docs.databricks.com/api/workspace/qualitymonitors/runrefresh' },
    ],
  },
  triggers: ['quality_monitors', 'lakehouse_monitors', 'create_monitor'],
  check,
};
