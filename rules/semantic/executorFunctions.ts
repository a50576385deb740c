import type { Node } from 'web-tree-sitter';
import { ancestorsAbove, field, namedChildren, unparenthesize } from '../engine/syntax';
import { argument } from './calls';
import type { CallSite, SemanticModel } from './semanticModel';

/**
 * Functions Spark runs on the executors: a UDF (`udf(f)`, `@pandas_udf(...)`), or a function
 * handed to `mapInPandas` / `applyInPandas` (once per batch or group, on a worker). What such a
 * function does happens there, not in the notebook's driver: it has no Spark session, and a
 * feature client or the driver's variables are not there.
 */

const UDF_FACTORIES = ['pyspark.sql.functions.udf', 'pyspark.sql.functions.pandas_udf', 'pyspark.sql.pandas.functions.pandas_udf'];
/** Methods that run a function on the executors, over rows or batches of rows. */
const EXECUTOR_APPLIERS = ['mapInPandas', 'applyInPandas', 'udf', 'pandas_udf'];
const FUNCTION_TYPES = ['function_definition', 'lambda'];
/** How far a function is followed through the helpers that call it. */
const MAX_HELPER_DEPTH = 3;

/** `udf`, `F.pandas_udf`, or a call of one (`pandas_udf("double")`), resolved through imports. */
export function isUdfFactory(model: SemanticModel, node: Node): boolean {
  const callee = unparenthesize(node).type === 'call' ? field(unparenthesize(node), 'function') : node;
  const qualified = callee ? model.resolveQualifiedName(callee) : undefined;
  return !!qualified && UDF_FACTORIES.includes(qualified);
}

/** `@pandas_udf("double")`, `@F.udf(returnType=...)`, `@udf`. */
export function isDecoratedUdf(model: SemanticModel, fn: Node): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!decorated) return false;
  return namedChildren(decorated).some((decorator) => {
    if (decorator.type !== 'decorator') return false;
    const expression = namedChildren(decorator)[0];
    return !!expression && isUdfFactory(model, expression);
  });
}

/** The call that hands the function (def or lambda) to the executors: `mapInPandas(f, ...)`, `applyInPandas(f, ...)`, `udf(f)`, `pandas_udf(f)`. */
export function executorApplication(model: SemanticModel, fn: Node): CallSite | undefined {
  for (const site of model.callsNamed(...EXECUTOR_APPLIERS)) {
    const first = argument(site, 'f', 0);
    if (!first || model.resolveFunction(first)?.id !== fn.id) continue;
    if ((site.name === 'udf' || site.name === 'pandas_udf') && !isUdfFactory(model, site.callee)) continue;
    return site;
  }
  return undefined;
}

/**
 * Whether `node` runs on the executors: inside a UDF or a function handed to mapInPandas /
 * applyInPandas, or inside a helper of the file that one of those calls.
 */
export function runsOnExecutors(model: SemanticModel, node: Node, depth = 0, seen = new Set<number>()): boolean {
  for (const fn of ancestorsAbove(node)) {
    if (!FUNCTION_TYPES.includes(fn.type)) continue;
    if ((fn.type === 'function_definition' && isDecoratedUdf(model, fn)) || executorApplication(model, fn)) return true;
    if (fn.type !== 'function_definition' || depth >= MAX_HELPER_DEPTH || seen.has(fn.id)) continue;
    seen.add(fn.id);
    if (model.callersOf(fn).some((caller) => runsOnExecutors(model, caller.node, depth + 1, seen))) return true;
  }
  return false;
}
