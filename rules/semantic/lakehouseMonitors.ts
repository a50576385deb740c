import type { Node } from 'web-tree-sitter';
import { field } from '../engine/syntax';
import { argument, hasSplatArguments, keywordArgument, keywordArgumentNode } from './calls';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringTemplate } from './stringTemplates';
import { isNoneLiteral } from './values';

/**
 * Lakehouse (quality) monitors created in a file: the Databricks SDK's
 * `w.quality_monitors.create(table_name=..., snapshot=... | time_series=... | inference_log=...)`
 * (`lakehouse_monitors` in older SDKs) and the `databricks.lakehouse_monitoring.create_monitor(
 * table_name=..., profile_type=lm.Snapshot() | lm.TimeSeries(...) | lm.InferenceLog(...))` client.
 */
export type MonitorProfile = 'Snapshot' | 'TimeSeries' | 'InferenceLog';

export interface MonitorCreation {
  site: CallSite;
  /** The table's name as far as the file tells (unknown parts stand as UNKNOWN_PART). */
  tableName?: string;
  profile: MonitorProfile;
  /** The argument that chooses the profile. */
  profileNode: Node;
}

const SDK_PROFILE_KEYWORDS: ReadonlyArray<[string, MonitorProfile]> = [
  ['snapshot', 'Snapshot'],
  ['time_series', 'TimeSeries'],
  ['inference_log', 'InferenceLog'],
];

const LEGACY_PROFILE = /^databricks\.lakehouse_monitoring(?:\.\w+)*\.(Snapshot|TimeSeries|InferenceLog)$/;

/** A monitor creation call of either API, whatever its profile: `w.quality_monitors.create(...)` or `lm.create_monitor(...)`. */
export function isMonitorCreateCall(model: SemanticModel, site: CallSite): boolean {
  return (site.name === 'create' && isSdkMonitorCreate(model, site)) || (site.name === 'create_monitor' && isLegacyCreateMonitor(site));
}

/** Whether the call is the legacy `databricks.lakehouse_monitoring` client's (not the Databricks SDK's). */
export function isLegacyMonitorCall(site: CallSite): boolean {
  return /^databricks\.lakehouse_monitoring(?:\.\w+)*\.\w+$/.test(site.qualifiedName ?? '');
}

const SDK_MONITOR_SERVICES = new Set(['quality_monitors', 'lakehouse_monitors']);

/**
 * `w.quality_monitors.create(...)` of the Databricks SDK: through a resolved WorkspaceClient, or,
 * where the client is a parameter or an attribute (`def create(w: WorkspaceClient, ...)`), on
 * any receiver named so in a file that imports the SDK: only its WorkspaceClient has a
 * `quality_monitors` service.
 */
function isSdkMonitorCreate(model: SemanticModel, site: CallSite): boolean {
  return isSdkMonitorMethod(model, site, 'create');
}

/** `w.quality_monitors.<method>(...)` of the Databricks SDK, found as isSdkMonitorCreate finds `create`. */
function isSdkMonitorMethod(model: SemanticModel, site: CallSite, method: string): boolean {
  if (site.name !== method) return false;
  const qualifiedName = site.qualifiedName ?? '';
  if (qualifiedName.startsWith('databricks.sdk.')) return new RegExp(`\\.(?:quality_monitors|lakehouse_monitors)\\.${method}$`).test(qualifiedName);
  const receiver = site.receiver;
  return receiver?.type === 'attribute' && SDK_MONITOR_SERVICES.has(field(receiver, 'attribute')?.text ?? '') && model.importsModule('databricks.sdk');
}

/**
 * A call that deletes a monitor: `w.quality_monitors.delete(table_name=...)`, the legacy
 * `lm.delete_monitor(table_name=...)`, or the data-quality API's `w.data_quality.delete_monitor(...)`.
 */
export function isMonitorDeleteCall(model: SemanticModel, site: CallSite): boolean {
  if (isSdkMonitorMethod(model, site, 'delete')) return true;
  if (site.name !== 'delete_monitor') return false;
  return /^databricks\.lakehouse_monitoring(?:\.\w+)*\.delete_monitor$/.test(site.qualifiedName ?? '') || /\.data_quality\.delete_monitor$/.test(site.qualifiedName ?? '') || (site.receiver?.type === 'attribute' && field(site.receiver, 'attribute')?.text === 'data_quality' && model.importsModule('databricks.sdk'));
}

function isLegacyCreateMonitor(site: CallSite): boolean {
  return /^databricks\.lakehouse_monitoring(?:\.\w+)*\.create_monitor$/.test(site.qualifiedName ?? '');
}

function sdkProfile(model: SemanticModel, site: CallSite): { profile: MonitorProfile; profileNode: Node } | undefined {
  const given = SDK_PROFILE_KEYWORDS.filter(([keyword]) => {
    const value = keywordArgument(site, keyword);
    return !!value && !isNoneLiteral(model, value);
  });
  if (given.length !== 1) return undefined;
  const [keyword, profile] = given[0];
  return { profile, profileNode: keywordArgumentNode(site, keyword)! };
}

function legacyProfile(model: SemanticModel, site: CallSite): { profile: MonitorProfile; profileNode: Node } | undefined {
  const node = argument(site, 'profile_type', 1);
  if (!node) return undefined;
  const value = model.resolveValue(node);
  if (value.type !== 'call') return undefined;
  const match = LEGACY_PROFILE.exec(model.callSite(value).qualifiedName ?? '');
  return match ? { profile: match[1] as MonitorProfile, profileNode: keywordArgumentNode(site, 'profile_type') ?? node } : undefined;
}

export function monitorCreations(model: SemanticModel): MonitorCreation[] {
  const result: MonitorCreation[] = [];
  for (const site of model.callsNamed('create', 'create_monitor')) {
    const sdk = site.name === 'create' && isSdkMonitorCreate(model, site);
    if (!sdk && !(site.name === 'create_monitor' && isLegacyCreateMonitor(site))) continue;
    if (hasSplatArguments(site)) continue;
    const profile = sdk ? sdkProfile(model, site) : legacyProfile(model, site);
    if (!profile) continue;
    const tableName = stringTemplate(model, argument(site, 'table_name', 0))?.text;
    result.push({ site, tableName, ...profile });
  }
  return result;
}

/**
 * A serving endpoint's inference table: `<prefix>_payload` as Databricks names it, or a
 * table whose name says it holds inferences (`churn_inference`, `inference_log`,
 * `churn_inference_unpacked`). Not a table named for something about inference
 * (`features_for_inference`, `batch_inference_input`, `inference_latency`, `inference_costs`).
 */
export function isInferenceTableName(name: string): boolean {
  const table = ownTableName(name);
  if (table.endsWith('_payload')) return true;
  return INFERENCE_TABLE.test(table) && !/(?:^|_)for_inferences?(?:_|$)/.test(table);
}

const INFERENCE_TABLE = /(?:^|_)inferences?(?:_(?:log|logs|table|tables|results?|outputs?|predictions?|unpacked|history|events?|data|requests?|responses?|records?|processed|parsed|flattened|exploded|decoded|enriched|clean|cleaned|scored|raw|silver|gold))*$/;

/** `<prefix>_payload`: the table a serving endpoint logs its raw requests and responses to. */
export function isPayloadTableName(name: string): boolean {
  return ownTableName(name).endsWith('_payload');
}

/** The table's own name, not its catalog or schema (`inference_sandbox.sales.daily` is no inference table). */
function ownTableName(name: string): string {
  return name.replace(/`/g, '').toLowerCase().split('.').pop() ?? '';
}
