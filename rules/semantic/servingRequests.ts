import type { Node } from 'web-tree-sitter';
import { unparenthesize } from '../engine/syntax';
import { argument, keywordArgument } from './calls';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringTemplate } from './stringTemplates';
import { stringValue } from './values';

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
}

const HTTP_POSTS = /^(?:requests(?:\.api)?\.post|httpx\.post|requests(?:\.sessions)?\.(?:Session|session)\.post|httpx\.(?:Client|AsyncClient)\.post)$/;
const SDK_QUERY = 'databricks.sdk.WorkspaceClient.serving_endpoints.query';
const DEPLOY_CLIENT = 'mlflow.deployments.get_deploy_client';

/** Whether a URL expression points at an endpoint's invocations path (literal parts of f-strings count). */
export function isInvocationsUrl(model: SemanticModel, node: Node | undefined): boolean {
  const template = node ? stringTemplate(model, node) : undefined;
  return !!template && /\/serving-endpoints\/[^/]*\/invocations\b/.test(template.text);
}

/** `data=json.dumps(payload)` or `data=body` bound to `json.dumps(payload)`: the payload. */
function jsonDumpsArgument(model: SemanticModel, node: Node): Node | undefined {
  const value = model.resolveValue(node);
  if (value.type !== 'call') return undefined;
  const site = model.callSite(value);
  return site.qualifiedName === 'json.dumps' ? argument(site, 'obj', 0) : undefined;
}

function httpCall(model: SemanticModel, site: CallSite): ServingCall | undefined {
  const qualified = site.qualifiedName;
  if (!qualified || !HTTP_POSTS.test(qualified)) return undefined;
  if (!isInvocationsUrl(model, argument(site, 'url', 0))) return undefined;
  const json = keywordArgument(site, 'json');
  const data = keywordArgument(site, 'data') ?? keywordArgument(site, 'content');
  const body = json ?? (data ? jsonDumpsArgument(model, data) : undefined);
  return { site, kind: 'http', body, bodyArgument: json ?? data };
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

/** Every call in the file that sends a request to a serving endpoint. */
export function servingEndpointCalls(model: SemanticModel): ServingCall[] {
  const calls: ServingCall[] = [];
  for (const site of model.callsNamed('post', 'query', 'predict')) {
    if (site.name === 'post') {
      const call = httpCall(model, site);
      if (call) calls.push(call);
    } else if (site.name === 'query') {
      if (site.qualifiedName === SDK_QUERY) calls.push({ site, kind: 'sdk' });
    } else if (site.receiver && isDatabricksDeployClient(model, unparenthesize(site.receiver))) {
      const inputs = keywordArgument(site, 'inputs');
      calls.push({ site, kind: 'deployments', body: inputs, bodyArgument: inputs });
    }
  }
  return calls;
}
