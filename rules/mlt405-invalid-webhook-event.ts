import type { Fix, Rule } from './engine/types';
import { REGISTRY_WEBHOOK_EVENTS, type WebhookEvent, registryWebhookEvents } from './semantic/registryWebhooks';
import { closestSpelling } from './semantic/spellingSuggestions';

function eventFix(event: WebhookEvent, closest: string): Fix | undefined {
  if (!event.nameRange) return undefined;
  return { title: `Change the event to ${closest}`, safety: 'safe', edits: [{ ...event.nameRange, newText: closest }] };
}

export const mlt405InvalidWebhookEvent: Rule = {
  meta: {
    id: 'MLT405',
    name: 'invalid-webhook-event',
    severity: 'error',
    area: 'Registry and lifecycle',
    domain: 'MLOps',
    legacy: 'registry webhooks of the workspace registry; for Unity Catalog models use a job\'s model update trigger',
    title: 'A Model Registry webhook listens only to the registry\'s own event names',
  },
  docs: {
    trap: 'Creating a Model Registry webhook for an event that sounds right but does not exist, such as `MODEL_VERSION_DEPLOYED` or `MODEL_VERSION_TRANSITIONED_TO_PROD`.',
    reality: `Registry webhooks fire on exactly these events: ${REGISTRY_WEBHOOK_EVENTS.join(', ')}. Any other name is rejected when the webhook is created or updated (with the databricks-registry-webhooks client, the Databricks SDK or the REST API /api/2.0/mlflow/registry-webhooks/create).`,
    example: [
      'from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient',
      '',
      'RegistryWebhooksClient().create_webhook(',
      '    model_name="churn_model",',
      '    events=["MODEL_VERSION_DEPLOYED"],',
      '    http_url_spec=HttpUrlSpec(url=slack_url),',
      ')',
    ].join('\n'),
    useInstead: [
      'from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient',
      '',
      'RegistryWebhooksClient().create_webhook(',
      '    model_name="churn_model",',
      '    events=["MODEL_VERSION_TRANSITIONED_TO_PRODUCTION"],',
      '    http_url_spec=HttpUrlSpec(url=slack_url),',
      ')',
    ].join('\n'),
    fix: 'Replaces the name with the closest valid event when exactly one is close (`MODEL_VERSION_TRANSITIONED_TO_PROD` -> `MODEL_VERSION_TRANSITIONED_TO_PRODUCTION`, a lower-case spelling -> the upper-case one); names with no close event (`MODEL_VERSION_DEPLOYED`) get no fix.',
    fixSafety: 'Safe: the webhook is rejected with the invalid name, so no working behaviour changes; check that the event is the one you meant.',
    examFact: 'Webhooks can trigger a job (`job_spec`) or call a URL (`http_url_spec`), for example to run validation tests when a new version is created.',
  },
  triggers: ['create_webhook', 'update_webhook', 'http_url_spec', 'job_spec'],
  check(context) {
    for (const event of registryWebhookEvents(context.model)) {
      if (REGISTRY_WEBHOOK_EVENTS.includes(event.value)) continue;
      const closest = closestSpelling(event.value, REGISTRY_WEBHOOK_EVENTS);
      const fix = closest ? eventFix(event, closest) : undefined;
      context.report({
        range: event.range,
        message: `"${event.value}" is not a Model Registry webhook event: the webhook is rejected.${closest ? ` Did you mean ${closest}?` : ''}`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
