import type { Node } from 'web-tree-sitter';
import { codeChildren, contains, field } from '../engine/syntax';
import { blockLeaves, ifArms } from './ifChains';
import type { SemanticModel } from './semanticModel';

/**
 * Calls that score a DataFrame with a model on the executors: Feature Store batch scoring and
 * model UDFs. (A pandas UDF, mapInPandas or applyInPandas may do anything: clean a feature,
 * copy rows.)
 */
const DISTRIBUTED_SCORING = new Set(['score_batch', 'spark_udf', 'predict_batch_udf']);

function scoresDistributed(model: SemanticModel, region: Node): boolean {
  return model.callsWithin(region).some((site) => !!site.name && DISTRIBUTED_SCORING.has(site.name));
}

/**
 * Whether `node` runs on a path that excludes one where the code scores at scale: it sits in one
 * arm of an if whose other arm scores on the executors (`if on_databricks: ...score_batch(...)
 * else: model.predict(pdf)`), or after an if in the same function whose body scores that way
 * and then returns (`if on_databricks: return fe.score_batch(...)`). The driver-side path is
 * then the deliberate small one (local development, a test run), beside the distributed one.
 */
export function besideDistributedScoring(model: SemanticModel, node: Node): boolean {
  let child = node;
  for (let parent = node.parent; parent && parent.type !== 'function_definition' && parent.type !== 'module'; child = parent, parent = parent.parent) {
    if (parent.type === 'if_statement') {
      const arms = ifArms(parent);
      const others = arms.filter((arm) => !contains(arm, node));
      if (others.length < arms.length && others.some((arm) => scoresDistributed(model, arm))) return true;
    }
    if (parent.type === 'block') {
      const earlier = codeChildren(parent).filter((statement) => statement.endIndex <= child.startIndex && statement.type === 'if_statement');
      if (earlier.some((statement) => {
        const body = field(statement, 'consequence');
        return !!body && blockLeaves(body) && scoresDistributed(model, body);
      })) return true;
    }
  }
  return false;
}
