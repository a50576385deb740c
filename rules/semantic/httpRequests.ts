import type { Node } from 'web-tree-sitter';
import { argument } from './calls';
import type { CallSite, SemanticModel } from './semanticModel';

/** The URL argument of an HTTP call: the first, or the second of `request(method, url, ...)`. */
export function requestUrlArgument(site: CallSite): Node | undefined {
  return argument(site, 'url', site.name === 'request' ? 1 : 0);
}

/** `data=json.dumps(payload)` or `data=body` bound to `json.dumps(payload)`: the payload. */
export function jsonDumpsPayload(model: SemanticModel, node: Node): Node | undefined {
  const value = model.resolveValue(node);
  if (value.type !== 'call') return undefined;
  const site = model.callSite(value);
  return site.qualifiedName === 'json.dumps' ? argument(site, 'obj', 0) : undefined;
}
