import type { Node } from 'web-tree-sitter';
import type { OffsetRange } from '../engine/sourceDocument';
import { field, namedChildren, unparenthesize } from '../engine/syntax';
import { argument, hasSplatArguments, keywordArgument } from './calls';
import { type DecodedString, decodeStringLiteral, isBareStringStatement, jsonEntry, jsonObjectsIn, type JsonValue, sourceRangeOf } from './embeddedJson';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringTemplate } from './stringTemplates';
import { dictEntries, isNoneLiteral, literalString, sequenceElements, stringValue } from './values';

/**
 * Model Registry webhooks as a file creates them: the databricks-registry-webhooks client
 * (`RegistryWebhooksClient().create_webhook(events=[...], ...)`), the Databricks SDK
 * (`w.model_registry.create_webhook(events=[RegistryWebhookEvent.X])`), and the REST API's
 * JSON (`/api/2.0/mlflow/registry-webhooks/create`) as dicts or inside strings.
 */

export const REGISTRY_WEBHOOK_EVENTS = [
  'MODEL_VERSION_CREATED',
  'MODEL_VERSION_TRANSITIONED_STAGE',
  'TRANSITION_REQUEST_CREATED',
  'COMMENT_CREATED',
  'REGISTERED_MODEL_CREATED',
  'MODEL_VERSION_TAG_SET',
  'MODEL_VERSION_TRANSITIONED_TO_STAGING',
  'MODEL_VERSION_TRANSITIONED_TO_PRODUCTION',
  'MODEL_VERSION_TRANSITIONED_TO_ARCHIVED',
  'TRANSITION_REQUEST_TO_STAGING_CREATED',
  'TRANSITION_REQUEST_TO_PRODUCTION_CREATED',
  'TRANSITION_REQUEST_TO_ARCHIVED_CREATED',
];

const WEBHOOK_CLIENT_CLASSES = ['databricks_registry_webhooks.RegistryWebhooksClient', 'databricks_registry_webhooks.client.RegistryWebhooksClient'];
const SDK_MODEL_REGISTRY = 'databricks.sdk.WorkspaceClient.model_registry';
const SDK_EVENT_ENUM = 'databricks.sdk.service.ml.RegistryWebhookEvent';
/** A webhook body always says where to deliver: an HTTP endpoint or a job. */
const WEBHOOK_TARGET_KEYS = ['http_url_spec', 'job_spec'];

/** One event name written in a webhook definition. */
export interface WebhookEvent {
  value: string;
  /** What the finding underlines. */
  range: OffsetRange;
  /** Where the bare name is written (inside the quotes, or the enum member), when a fix may replace it. */
  nameRange?: OffsetRange;
  /** Written as a member of the SDK's RegistryWebhookEvent enum: a member it lacks raises AttributeError where it is read. */
  enumMember?: boolean;
}

function isWebhookMethod(site: CallSite): boolean {
  const qualifiedName = site.qualifiedName;
  if (!qualifiedName || (site.name !== 'create_webhook' && site.name !== 'update_webhook')) return false;
  return [...WEBHOOK_CLIENT_CLASSES, SDK_MODEL_REGISTRY].some((owner) => qualifiedName === `${owner}.${site.name}`);
}

/** The source range of a plain string literal's content, when it is written without escapes. */
function contentRange(string: Node, value: string): OffsetRange | undefined {
  const contents = namedChildren(string).filter((child) => child.type === 'string_content');
  if (contents.length !== 1 || contents[0].text !== value) return undefined;
  return { start: contents[0].startIndex, end: contents[0].endIndex };
}

/** An element of a Python events list: a string literal (through names) or a RegistryWebhookEvent member. */
function pythonEvent(model: SemanticModel, element: Node): WebhookEvent | undefined {
  const range = { start: element.startIndex, end: element.endIndex };
  const value = model.resolveValue(element);
  const text = literalString(value);
  if (text !== undefined) {
    const written = unparenthesize(element);
    return { value: text, range, nameRange: written.type === 'string' ? contentRange(written, text) : undefined };
  }
  if (value.type === 'attribute') {
    const qualifiedName = model.resolveQualifiedName(value);
    const member = field(value, 'attribute');
    if (member && qualifiedName === `${SDK_EVENT_ENUM}.${member.text}`) {
      return { value: member.text, range, nameRange: value.id === unparenthesize(element).id ? { start: member.startIndex, end: member.endIndex } : undefined, enumMember: true };
    }
  }
  return undefined;
}

function pythonEvents(model: SemanticModel, events: Node | undefined): WebhookEvent[] {
  const sequence = sequenceElements(model, events);
  if (!sequence) return [];
  return sequence.elements.flatMap((element) => pythonEvent(model, element) ?? []);
}

/** Whether a webhook names one model (`model_name=`), is registry-wide (no model_name), or cannot be told. */
export type WebhookScope = { kind: 'model'; name?: Node; value?: string } | { kind: 'registry-wide' } | { kind: 'unknown' };

/** One webhook definition: a create/update call, a REST payload dict, or a JSON body in a string. */
export interface RegistryWebhook {
  /** What a finding about the whole webhook underlines: the method name, or the payload. */
  range: OffsetRange;
  scope: WebhookScope;
  events: WebhookEvent[];
}

function pythonScope(model: SemanticModel, modelName: Node | undefined, canOmit: boolean): WebhookScope {
  if (!modelName) return canOmit ? { kind: 'registry-wide' } : { kind: 'unknown' };
  if (isNoneLiteral(model, modelName)) return { kind: 'registry-wide' };
  // A name the file does not bind to a string (a parameter defaulting to None) may be None.
  if (!stringTemplate(model, modelName)) return { kind: 'unknown' };
  return { kind: 'model', name: modelName, value: stringValue(model, modelName) };
}

function jsonWebhooks(decoded: DecodedString, value: JsonValue, found: RegistryWebhook[], depth = 0): void {
  if (depth > 16) return;
  if (value.kind === 'array') {
    for (const item of value.items) jsonWebhooks(decoded, item, found, depth + 1);
    return;
  }
  if (value.kind !== 'object') return;
  const events = jsonEntry(value, 'events');
  if (events?.kind === 'array' && WEBHOOK_TARGET_KEYS.some((key) => jsonEntry(value, key))) {
    const webhookEvents: WebhookEvent[] = [];
    for (const item of events.items) {
      if (item.kind !== 'string') continue;
      const range = sourceRangeOf(decoded, item.range.start, item.range.end);
      const nameRange = sourceRangeOf(decoded, item.range.start + 1, item.range.end - 1);
      const fallback = { start: decoded.sourceOffsets[item.range.start], end: decoded.sourceOffsets[item.range.end - 1] + 1 };
      webhookEvents.push({ value: item.value, range: range ?? fallback, nameRange: nameRange && decoded.text.slice(item.range.start + 1, item.range.end - 1) === item.value ? nameRange : undefined });
    }
    const modelName = jsonEntry(value, 'model_name');
    const scope: WebhookScope =
      !modelName || modelName.kind === 'literal' ? { kind: 'registry-wide' } : { kind: 'model', value: modelName.kind === 'string' ? modelName.value : undefined };
    const whole = { start: decoded.sourceOffsets[value.range.start], end: decoded.sourceOffsets[value.range.end - 1] + 1 };
    found.push({ range: sourceRangeOf(decoded, value.range.start, value.range.end) ?? whole, scope, events: webhookEvents });
    return;
  }
  for (const entry of value.entries) jsonWebhooks(decoded, entry.value, found, depth + 1);
}

/**
 * The file's registry webhook definitions, in document order: `create_webhook` /
 * `update_webhook` calls of the webhooks client or the Databricks SDK, REST payload dicts, and
 * JSON bodies in strings (a dict or body counts when it has a delivery target, `http_url_spec`
 * or `job_spec`).
 */
export function registryWebhooks(model: SemanticModel): RegistryWebhook[] {
  const found: RegistryWebhook[] = [];
  for (const site of model.callsNamed('create_webhook', 'update_webhook')) {
    if (!isWebhookMethod(site)) continue;
    const callee = site.callee;
    const methodName = (callee.type === 'attribute' ? field(callee, 'attribute') : undefined) ?? callee;
    const splat = hasSplatArguments(site);
    const events = splat ? [] : pythonEvents(model, site.name === 'create_webhook' ? argument(site, 'events', 0) : keywordArgument(site, 'events'));
    // update_webhook changes a webhook by id: its model is not in the call.
    const scope = site.name === 'create_webhook' ? pythonScope(model, keywordArgument(site, 'model_name'), !splat) : { kind: 'unknown' as const };
    found.push({ range: { start: methodName.startIndex, end: methodName.endIndex }, scope, events });
  }
  for (const dictionary of model.nodesAroundText(WEBHOOK_TARGET_KEYS, 'dictionary')) {
    const dict = dictEntries(model, dictionary);
    if (!dict || !WEBHOOK_TARGET_KEYS.some((key) => dict.entries.has(key))) continue;
    const canOmit = namedChildren(dictionary).every((child) => child.type !== 'dictionary_splat');
    found.push({ range: { start: dictionary.startIndex, end: dictionary.endIndex }, scope: pythonScope(model, dict.entries.get('model_name'), canOmit), events: pythonEvents(model, dict.entries.get('events')) });
  }
  for (const string of model.nodesAroundText(WEBHOOK_TARGET_KEYS, 'string')) {
    if (!string.text.includes('events') || isBareStringStatement(string)) continue;
    const decoded = decodeStringLiteral(string);
    if (!decoded) continue;
    for (const object of jsonObjectsIn(decoded.text)) jsonWebhooks(decoded, object, found);
  }
  return found.sort((a, b) => a.range.start - b.range.start);
}

/** The REST endpoints of registry webhooks, and the names of their stage events (`MODEL_VERSION_TRANSITIONED_TO_STAGING`). */
const STAGE_WEBHOOK_TEXT = /registry-webhooks|MODEL_VERSION_TRANSITIONED_|TRANSITION_REQUEST_/;

/**
 * Whether the file works with registry webhooks: it defines one, calls their REST endpoints, or
 * names their stage events. Webhooks exist in the workspace registry only and fire on its stage
 * transitions, so such a file's workflow is stages: a transition rewritten to an alias would
 * no longer fire the webhook that waits for it.
 */
export function usesRegistryWebhooks(model: SemanticModel): boolean {
  return model.document.textMatches(STAGE_WEBHOOK_TEXT) || registryWebhooks(model).length > 0;
}
