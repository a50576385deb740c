import type { Fix, Rule, RuleContext } from './engine/types';
import { splitChangedInPlace, type TrafficSplit, trafficSplits } from './semantic/servingConfig';

const TOLERANCE = 1e-9;

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
}

/** Set the last route's percentage to what is left of 100, when that is a valid percentage. */
function lastRouteFix(split: TrafficSplit, values: number[]): Fix | undefined {
  const last = split.percentages[split.percentages.length - 1];
  if (!last.editable) return undefined;
  const others = values.slice(0, -1).reduce((sum, value) => sum + value, 0);
  const wanted = 100 - others;
  if (wanted < 0 || wanted > 100 || !Number.isInteger(wanted)) return undefined;
  return {
    title: `Set the last route's traffic_percentage to ${wanted} so the split adds up to 100`,
    safety: 'safe',
    edits: [{ ...last.range, newText: String(wanted) }],
  };
}

function checkSplit(context: RuleContext, split: TrafficSplit): void {
  const values: number[] = [];
  for (const percentage of split.percentages) {
    // One percentage computed at run time makes the sum unknown: say nothing about this endpoint.
    if (percentage.value === undefined) return;
    values.push(percentage.value);
  }
  const sum = values.reduce((total, value) => total + value, 0);
  const wellFormed = values.every((value) => value >= 0 && value <= 100 && Number.isInteger(value)) && Math.abs(sum - 100) < TOLERANCE;
  // Routes appended to or changed after they are written: the endpoint gets another split.
  if (wellFormed || splitChangedInPlace(context.model, split)) return;
  split.percentages.forEach((percentage, index) => {
    const value = values[index];
    if (value < 0 || value > 100) {
      context.report({ range: percentage.range, message: `traffic_percentage ${formatNumber(value)} is outside 0..100: the endpoint rejects the config` });
    } else if (!Number.isInteger(value)) {
      context.report({ range: percentage.range, message: `traffic_percentage ${formatNumber(value)} is not a whole number: each route's percentage is an integer in 0..100` });
    }
  });
  if (Math.abs(sum - 100) < TOLERANCE) return;
  const terms = values.length > 1 ? ` (${values.map(formatNumber).join(' + ')})` : '';
  const fix = lastRouteFix(split, values);
  context.report({
    range: split.range,
    message: `traffic percentages add up to ${formatNumber(sum)}${terms}, not 100: the endpoint rejects the config`,
    fixes: fix ? [fix] : [],
  });
}

export const mlt601TrafficSplitNot100: Rule = {
  meta: {
    id: 'MLT601',
    name: 'traffic-split-not-100',
    severity: 'error',
    area: 'Deployment and serving',
    domain: 'Model Deployment',
    title: "An endpoint's route traffic percentages must add up to exactly 100",
  },
  docs: {
    trap: 'Splitting traffic between served models (a canary, an A/B test) with percentages that do not add up to 100, for example 90 for the champion and 15 for the challenger.',
    reality:
      'The `traffic_percentage` values of all routes on one serving endpoint must add up to exactly 100 (90 + 15 = 105 is rejected), and each one is an integer between 0 and 100. This holds for `TrafficConfig(routes=[Route(...)])` in the Databricks SDK, for the `traffic_config` of the REST API (dicts, or JSON in a string sent with curl or requests), and for the legacy `served_models` lists as for `served_entities`. A split whose percentages are not all literal numbers is not checked.',
    example: [
      'from databricks.sdk.service.serving import Route, TrafficConfig',
      '',
      'traffic = TrafficConfig(routes=[',
      '    Route(served_model_name="champion", traffic_percentage=90),',
      '    Route(served_model_name="challenger", traffic_percentage=15),',
      '])',
    ].join('\n'),
    useInstead: [
      'from databricks.sdk.service.serving import Route, TrafficConfig',
      '',
      'traffic = TrafficConfig(routes=[',
      '    Route(served_model_name="champion", traffic_percentage=90),',
      '    Route(served_model_name="challenger", traffic_percentage=10),',
      '])',
    ].join('\n'),
    fix: "Changes the last route's percentage so that the split adds up to 100 (offered only when that value lies in 0..100; inside a JSON string the number in the string is edited).",
    fixSafety: 'Safe: a split that does not add up to 100 is rejected by the endpoint, so no working behaviour changes; check that the remaining traffic went to the route you meant.',
    examFact: 'Traffic percentages across an endpoint\'s routes sum to exactly 100.',
    references: [
      { title: 'Serve multiple models to a model serving endpoint (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/serve-multiple-models-to-serving-endpoint' },
      { title: 'Create custom model serving endpoints (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/create-manage-serving-endpoints' },
    ],
  },
  triggers: ['traffic_percentage'],
  check(context) {
    for (const split of trafficSplits(context.model)) checkSplit(context, split);
  },
};
