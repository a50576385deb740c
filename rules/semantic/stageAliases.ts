import { FactCache } from '../engine/reads';
import { argument } from './calls';
import { ALIAS_FOR_STAGE, type ModelStage } from './modelRegistry';
import type { SemanticModel } from './semanticModel';
import { stringValue } from './values';

const ALIAS_METHODS = ['set_registered_model_alias', 'get_model_version_by_alias', 'delete_registered_model_alias'];

const aliasNamesCache = new FactCache<SemanticModel, ReadonlySet<string>>();

/** The alias names the file writes out in its alias calls (`set_registered_model_alias(name, "production", v)`). */
function aliasNames(model: SemanticModel): ReadonlySet<string> {
  return aliasNamesCache.get(model, () => {
    const names = new Set<string>();
    for (const site of model.callsNamed(...ALIAS_METHODS)) {
      const alias = stringValue(model, argument(site, 'alias', 1));
      if (alias !== undefined) names.add(alias);
    }
    return names;
  });
}

/**
 * The alias that takes a stage's place: the file's own where it already names one after the
 * stage (`"production"` for Production, `"Staging"` for Staging) and not the usual one, else
 * `champion` for Production and `challenger` for Staging. A rewrite to `@champion` in a project
 * whose promotion sets `"production"` would load an alias nothing sets.
 */
export function aliasForStage(model: SemanticModel, stage: ModelStage): string | undefined {
  const usual = ALIAS_FOR_STAGE[stage];
  if (!usual) return undefined;
  const names = aliasNames(model);
  if (names.has(usual)) return usual;
  return [...names].find((name) => name.toLowerCase() === stage.toLowerCase()) ?? usual;
}
