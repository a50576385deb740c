import type { Node } from 'web-tree-sitter';
import { field, unparenthesize } from '../engine/syntax';
import { argument } from './calls';
import type { SemanticModel } from './semanticModel';
import { stringValue } from './values';

/**
 * The environment variable a value is read from, with the default it falls back to:
 * `os.getenv("MODEL_STAGE", "Production")` or `os.environ.get(...)`, in place or through names.
 * The value is the default wherever the variable is unset; the file cannot say where it is set,
 * unless it sets the variable itself (writesEnvironmentVariable): then the default says nothing.
 */
export function environmentDefault(model: SemanticModel, node: Node | undefined): { variable: string; fallback: Node } | undefined {
  const value = node ? model.resolveValue(node) : undefined;
  if (value?.type !== 'call') return undefined;
  const site = model.callSite(value);
  if (site.qualifiedName !== 'os.getenv' && site.qualifiedName !== 'os.environ.get') return undefined;
  const [key, fallback] = [argument(site, 'key', 0), argument(site, 'default', 1)];
  if (!key || !fallback) return undefined;
  const variable = stringValue(model, key);
  if (variable === undefined || writesEnvironmentVariable(model, variable)) return undefined;
  return { variable, fallback };
}

/**
 * Whether the file sets the environment variable `name` (or one it cannot name): `os.environ[...]
 * = ...`, `os.environ.setdefault(...)`, `os.environ.update(...)`, `os.putenv(...)`. MLflow reads
 * `MLFLOW_REGISTRY_URI` this way too.
 */
export function writesEnvironmentVariable(model: SemanticModel, name: string): boolean {
  const isEnviron = (node: Node | null | undefined) => !!node && model.resolveQualifiedName(unparenthesize(node)) === 'os.environ';
  // A key the file does not show may be this one.
  const names = (key: Node | undefined) => {
    const text = key ? stringValue(model, key) : undefined;
    return text === undefined || text === name;
  };
  for (const assignment of model.nodesAroundText(['environ'], 'assignment')) {
    const target = field(assignment, 'left');
    if (target?.type !== 'subscript' || !isEnviron(field(target, 'value'))) continue;
    if (names(field(target, 'subscript') ?? undefined)) return true;
  }
  for (const site of model.callsNamed('setdefault', 'update', 'putenv', '__setitem__')) {
    if (site.qualifiedName === 'os.putenv') {
      if (names(argument(site, 'key', 0))) return true;
      continue;
    }
    if (!site.receiver || !isEnviron(site.receiver)) continue;
    // `update(...)` takes a mapping: which keys it sets the file may not show.
    if (site.name === 'update' || names(argument(site, 'key', 0))) return true;
  }
  return false;
}
