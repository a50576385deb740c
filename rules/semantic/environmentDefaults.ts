import type { Node } from 'web-tree-sitter';
import { argument } from './calls';
import type { SemanticModel } from './semanticModel';
import { stringValue } from './values';

/**
 * The environment variable a value is read from, with the default it falls back to:
 * `os.getenv("MODEL_STAGE", "Production")` or `os.environ.get(...)`, in place or through names.
 * The value is the default wherever the variable is unset; the file cannot say where it is set.
 */
export function environmentDefault(model: SemanticModel, node: Node | undefined): { variable: string; fallback: Node } | undefined {
  const value = node ? model.resolveValue(node) : undefined;
  if (value?.type !== 'call') return undefined;
  const site = model.callSite(value);
  if (site.qualifiedName !== 'os.getenv' && site.qualifiedName !== 'os.environ.get') return undefined;
  const [variable, fallback] = [argument(site, 'key', 0), argument(site, 'default', 1)];
  if (!variable || !fallback) return undefined;
  return { variable: stringValue(model, variable) ?? variable.text, fallback };
}
