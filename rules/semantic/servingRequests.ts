import { FactCache } from '../engine/reads';
import type { Node } from 'web-tree-sitter';
import { unparenthesize } from '../engine/syntax';
import { argument, keywordArgument } from './calls';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringTemplate } from './stringTemplates';
import { jsonDumpsPayload } from './httpRequests';
import { dictEntries, stringValue } from './values';

/**
 * Requests to Model Serving endpoints: HTTP posts to `.../serving-endpoints/<name>/invocations`
 * (requests, httpx, a session), the Databricks SDK's `serving_endpoints.query(...)` and the
 * MLflow deployments client's `predict(...)` for the "databricks" target.
 */

export type ServingCallKind = 'http' | 'sdk' | 'deployments';

export interface ServingCall {
  site: CallSite;
  kind: ServingCallKind;
  /** The request body as written at the call: `json=...`, the argument of `data=json.dumps(...)`, or `inputs=`. */
  body?: Node;
  /** The argument written at the call that carries the body (`json=...`, `data=...`, `inputs=...`). */
  bodyArgument?: Node;
  /** The URL argument of an HTTP request. */
  url?: Node;
}

const HTTP_POSTS = /^(?:requests(?:\.api)?\.post|httpx\.post|requests(?:\.sessions)?\.(?:Session|session)\.post|httpx\.(?:Client|AsyncClient)\.post)$/;
/** `requests.request("POST", url, ...)` and the same on a session or an httpx client. */
const HTTP_REQUESTS = /^(?:requests(?:\.api)?\.request|httpx\.request|requests(?:\.sessions)?\.(?:Session|session)\.request|httpx\.(?:Client|AsyncClient)\.request)$/;
const SDK_QUERY = 'databricks.sdk.WorkspaceClient.serving_endpoints.query';
const DEPLOY_CLIENT = 'mlflow.deployments.get_deploy_client';

/** Whether a URL expression points at an endpoint's invocations path (literal parts of f-strings count). */
export function isInvocationsUrl(model: SemanticModel, node: Node | undefined): boolean {
  const template = node ? stringTemplate(model, node) : undefined;
  return !!template && /\/serving-endpoints\/[^/]*\/invocations\b/.test(template.text);
}

/**
 * `s.post(...)` inside `with requests.Session() as s:` (or `httpx.Client()`): the session or
 * client the with statement opens is what the name holds (their `__enter__` returns themselves).
 */
function clientOpenedByWith(model: SemanticModel, site: CallSite): string | undefined {
  const receiver = site.receiver ? unparenthesize(site.receiver) : undefined;
  if (receiver?.type !== 'identifier' || !site.name) return undefined;
  const binding = model.lookup(receiver);
  if (binding?.kind !== 'opaque') return undefined;
  let pattern: Node | null = binding.node.parent;
  if (pattern?.type === 'as_pattern_target') pattern = pattern.parent;
  if (pattern?.type !== 'as_pattern' || pattern.parent?.type !== 'with_item') return undefined;
  const opened = pattern.namedChildren[0];
  if (opened?.type !== 'call') return undefined;
  const client = model.callSite(opened).qualifiedName;
  return client && /^(?:requests(?:\.sessions)?\.(?:Session|session)|httpx\.(?:Client|AsyncClient))$/.test(client) ? `${client}.${site.name}` : undefined;
}

function httpCall(model: SemanticModel, site: CallSite): ServingCall | undefined {
  const qualified = site.qualifiedName ?? clientOpenedByWith(model, site);
  if (!qualified) return undefined;
  let url: Node | undefined;
  if (HTTP_POSTS.test(qualified)) url = argument(site, 'url', 0);
  else if (HTTP_REQUESTS.test(qualified) && stringValue(model, argument(site, 'method', 0))?.toUpperCase() === 'POST') url = argument(site, 'url', 1);
  if (!isInvocationsUrl(model, url)) return undefined;
  const json = keywordArgument(site, 'json');
  const data = keywordArgument(site, 'data') ?? keywordArgument(site, 'content');
  const body = json ?? (data ? jsonDumpsPayload(model, data) : undefined);
  return { site, kind: 'http', body, bodyArgument: json ?? data, url };
}

/** `get_deploy_client("databricks")` (or a `databricks://profile` target). */
function isDatabricksDeployClient(model: SemanticModel, receiver: Node): boolean {
  const value = model.resolveValue(receiver);
  if (value.type !== 'call') return false;
  const client = model.callSite(value);
  if (client.qualifiedName !== DEPLOY_CLIENT) return false;
  const target = stringValue(model, argument(client, 'target_uri', 0));
  return target !== undefined && /^databricks(?::|$)/.test(target);
}

/**
 * `w.serving_endpoints.query(...)`: resolved to the SDK's WorkspaceClient, or on a client of
 * unknown origin (a parameter, a name from another notebook) in a file that imports the SDK —
 * only the WorkspaceClient has a `serving_endpoints` service.
 */
function isSdkQuery(model: SemanticModel, site: CallSite): boolean {
  if (site.qualifiedName === SDK_QUERY) return true;
  if (site.qualifiedName !== undefined || !site.receiver) return false;
  const receiver = unparenthesize(site.receiver);
  return receiver.type === 'attribute' && receiver.childForFieldName('attribute')?.text === 'serving_endpoints' && model.importsModule('databricks.sdk');
}

/**
 * What readServingEndpointCalls needs written for any request, for trigger conditions: an
 * invocations URL's path (its literal parts are text: `f"{host}/serving-endpoints/{name}/invocations"`),
 * or a call named `query` (the SDK) or `predict` (the deployments client). A file that creates,
 * lists or updates endpoints with the SDK (`w.serving_endpoints.create(...)`) sends none.
 */
export const SERVING_REQUEST_TEXT = /\binvocations\b|\b(?:query|predict)\s*\(/;

const callsByModel = new FactCache<SemanticModel, readonly ServingCall[]>();

/** Every call in the file that sends a request to a serving endpoint (computed once per document: MLT603 and MLT607 read them). */
export function servingEndpointCalls(model: SemanticModel): readonly ServingCall[] {
  return callsByModel.get(model, () => readServingEndpointCalls(model));
}

function readServingEndpointCalls(model: SemanticModel): readonly ServingCall[] {
  const calls: ServingCall[] = [];
  // `from requests import post as send`: the function under another name.
  const aliased = model.callsOfImported(['post', 'request'], (name) => HTTP_POSTS.test(name) || HTTP_REQUESTS.test(name)).filter((site) => site.name !== 'post' && site.name !== 'request');
  for (const site of aliased) {
    const call = httpCall(model, site);
    if (call) calls.push(call);
  }
  for (const site of model.callsNamed('post', 'request', 'query', 'predict')) {
    if (site.name === 'post' || site.name === 'request') {
      const call = httpCall(model, site);
      if (call) calls.push(call);
    } else if (site.name === 'query') {
      if (isSdkQuery(model, site)) calls.push({ site, kind: 'sdk' });
    } else if (site.receiver && isDatabricksDeployClient(model, unparenthesize(site.receiver))) {
      // predict(deployment_name=None, inputs=None, endpoint=None): by keyword or second.
      const inputs = argument(site, 'inputs', 1);
      calls.push({ site, kind: 'deployments', body: inputs, bodyArgument: inputs });
    }
  }
  return calls;
}

/**
 * The request keys of foundation-model and external-model endpoints (chat, completions,
 * embeddings, agents), which share the invocations URL with custom models.
 */
export const FOUNDATION_MODEL_KEYS = ['messages', 'prompt', 'input'];

/** The endpoint a call names, as text with unknown parts marked (`churn`, `databricks-gte-large-en`). */
function endpointName(model: SemanticModel, call: ServingCall): string | undefined {
  if (call.kind === 'http') {
    const template = stringTemplate(model, call.url);
    return template ? /\/serving-endpoints\/([^/]*)\/invocations/.exec(template.text)?.[1] : undefined;
  }
  const name = call.kind === 'sdk' ? argument(call.site, 'name', 0) : keywordArgument(call.site, 'endpoint');
  return name ? stringValue(model, name) : undefined;
}

/**
 * Whether a request goes to a foundation model rather than a custom model: its body (or the
 * SDK call's keywords) uses the chat / completions / embeddings keys, or the endpoint is one of
 * Databricks' pay-per-token endpoints (named `databricks-...`).
 */
export function isFoundationModelRequest(model: SemanticModel, call: ServingCall): boolean {
  if (/^databricks-/.test(endpointName(model, call) ?? '')) return true;
  if (call.kind === 'sdk') return FOUNDATION_MODEL_KEYS.some((key) => keywordArgument(call.site, key));
  if (!call.body) return false;
  const dict = dictEntries(model, model.resolveValue(call.body));
  return !!dict && [...dict.entries.keys()].some((key) => FOUNDATION_MODEL_KEYS.includes(key));
}
