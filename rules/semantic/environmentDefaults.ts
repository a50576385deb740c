import type { Node } from 'web-tree-sitter';
import { field, unparenthesize } from '../engine/syntax';
import { argument, positionalArguments } from './calls';
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

/** One place the file sets environment variables, with the name and value as written where it shows them. */
export interface EnvironmentWrite {
  kind: 'item' | 'setdefault' | 'putenv' | 'update';
  /** The variable's name; absent for `os.environ.update(...)`, whose keys a mapping holds. */
  key?: Node;
  value?: Node;
}

/**
 * Where the file sets environment variables: `os.environ[...] = ...` (also through a name bound
 * to os.environ, an assignment that mentions `environ` or one of `words`),
 * `os.environ.setdefault(name, value)`, `os.putenv(name, value)` and `os.environ.update(...)`.
 */
export function environmentWrites(model: SemanticModel, words: readonly string[]): EnvironmentWrite[] {
  const writes: EnvironmentWrite[] = [];
  for (const assignment of model.nodesAroundText(['environ', ...words], 'assignment')) {
    const target = field(assignment, 'left');
    const object = target?.type === 'subscript' ? field(target, 'value') : undefined;
    if (!object || !isEnviron(model, object)) continue;
    writes.push({ kind: 'item', key: field(target!, 'subscript') ?? undefined, value: field(assignment, 'right') ?? undefined });
  }
  for (const site of model.callsNamed('setdefault', 'putenv', 'update')) {
    if (site.qualifiedName === 'os.environ.setdefault' || site.qualifiedName === 'os.putenv') {
      const [key, value] = positionalArguments(site);
      writes.push({ kind: site.name === 'putenv' ? 'putenv' : 'setdefault', key, value });
    } else if (site.name === 'update' && site.receiver && isEnviron(model, site.receiver)) writes.push({ kind: 'update' });
  }
  return writes;
}

function isEnviron(model: SemanticModel, node: Node): boolean {
  return model.resolveQualifiedName(unparenthesize(node)) === 'os.environ';
}

/**
 * Whether the file sets the environment variable `name`, or one it cannot name (a computed key,
 * `os.environ.update(...)`). MLflow reads `MLFLOW_REGISTRY_URI` this way too.
 */
export function writesEnvironmentVariable(model: SemanticModel, name: string): boolean {
  return environmentWrites(model, [name]).some(({ key }) => {
    const text = key ? stringValue(model, key) : undefined;
    return text === undefined || text === name;
  });
}
