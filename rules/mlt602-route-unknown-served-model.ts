import type { Fix, Rule } from './engine/types';
import { routeConfigChangedInPlace, type RouteTarget, servedNameConfigs } from './semantic/servingConfig';
import { editDistance } from './semantic/spellingSuggestions';

/** The served names nearest to `name` (several on a tie). */
function closestNames(name: string, served: readonly string[]): string[] {
  const distances = served.map((candidate) => editDistance(name.toLowerCase(), candidate.toLowerCase()));
  const best = Math.min(...distances);
  return served.filter((_, index) => distances[index] === best);
}

function renameFixes(route: RouteTarget, served: readonly string[], routed: ReadonlySet<string>): Fix[] {
  if (!route.nameRange) return [];
  const candidates = [...new Set(closestNames(route.name, served))];
  // A clear typo: one nearest name that no other route takes yet.
  const clear = candidates.length === 1 && !routed.has(candidates[0]);
  return candidates.map((candidate) => ({
    title: `Route to served model "${candidate}"`,
    safety: clear ? 'safe' : 'unsafe',
    edits: [{ ...route.nameRange!, newText: candidate }],
  }));
}

export const mlt602RouteUnknownServedModel: Rule = {
  meta: {
    id: 'MLT602',
    name: 'route-unknown-served-model',
    severity: 'error',
    area: 'Deployment and serving',
    domain: 'Model Deployment',
    title: "A traffic route names a served model that the endpoint's config does not serve",
  },
  docs: {
    trap: 'A route of `traffic_config` whose `served_model_name` / `served_entity_name` matches none of the served entities of the same config: a typo, the registered model name instead of the served name, or a version-based default name that does not exist.',
    reality:
      "Routes point at served entities by their `name` in the same endpoint config (`served_entities`, or the deprecated `served_models`); when an entity has no explicit name, Databricks names it `<entity_name>-<entity_version>`. A route to a name that is not served is rejected when the config is created or updated, and the traffic split never takes effect. The rule checks only configs whose served names are all known (how Databricks names an unnamed Unity Catalog or external-model entity is left alone).",
    example: [
      'from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig',
      '',
      'config = EndpointCoreConfigInput(',
      '    name="churn",',
      '    served_entities=[',
      '        ServedEntityInput(name="champion", entity_name="ml.churn.model", entity_version="3", workload_size="Small"),',
      '        ServedEntityInput(name="challenger", entity_name="ml.churn.model", entity_version="4", workload_size="Small"),',
      '    ],',
      '    traffic_config=TrafficConfig(routes=[',
      '        Route(served_model_name="champion", traffic_percentage=90),',
      '        Route(served_model_name="challanger", traffic_percentage=10),',
      '    ]),',
      ')',
    ].join('\n'),
    useInstead: [
      'from databricks.sdk.service.serving import EndpointCoreConfigInput, Route, ServedEntityInput, TrafficConfig',
      '',
      'config = EndpointCoreConfigInput(',
      '    name="churn",',
      '    served_entities=[',
      '        ServedEntityInput(name="champion", entity_name="ml.churn.model", entity_version="3", workload_size="Small"),',
      '        ServedEntityInput(name="challenger", entity_name="ml.churn.model", entity_version="4", workload_size="Small"),',
      '    ],',
      '    traffic_config=TrafficConfig(routes=[',
      '        Route(served_model_name="champion", traffic_percentage=90),',
      '        Route(served_model_name="challenger", traffic_percentage=10),',
      '    ]),',
      ')',
    ].join('\n'),
    fix: 'Replaces the route\'s name with the closest served name of the config (one fix per candidate on a tie).',
    fixSafety: 'Safe when exactly one served name is nearest and no other route uses it already (a typo); otherwise each candidate is offered as an unsafe fix to choose from.',
    examFact: 'A route names one of the endpoint\'s served entities.',
    references: [
      { title: 'Serve multiple models to a model serving endpoint (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/serve-multiple-models-to-serving-endpoint' },
      { title: 'Create custom model serving endpoints (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/create-manage-serving-endpoints' },
    ],
  },
  triggers: ['served_model_name', 'served_entity_name'],
  check(context) {
    for (const config of servedNameConfigs(context.model)) {
      if (config.servedNames.length === 0) continue;
      const served = new Set(config.servedNames);
      const routed = new Set(config.routes.filter((route) => served.has(route.name)).map((route) => route.name));
      for (const route of config.routes) {
        // A config whose served entities or routes change after it is written: unknown.
        if (served.has(route.name) || routeConfigChangedInPlace(context.model, route)) continue;
        const list = config.servedNames.map((name) => `"${name}"`).join(', ');
        context.report({
          range: route.range,
          message: `route points at "${route.name}", which this config does not serve (served: ${list}): the endpoint rejects the config`,
          fixes: renameFixes(route, config.servedNames, routed),
        });
      }
    }
  },
};
