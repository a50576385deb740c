import type { Fix, Rule, RuleContext } from './engine/types';
import { type RegistryContextInfo, registryContext, registryContextOfModelName } from './semantic/registryContext';
import { REGISTRY_WEBHOOK_EVENTS, type RegistryWebhook, registryWebhooks, type WebhookEvent } from './semantic/registryWebhooks';
import { closestSpelling } from './semantic/spellingSuggestions';

function eventFix(event: WebhookEvent, closest: string): Fix | undefined {
  if (!event.nameRange) return undefined;
  return { title: `Change the event to ${closest}`, safety: 'safe', edits: [{ ...event.nameRange, newText: closest }] };
}

/** The registry the webhook's model lives in: its own name decides (three parts, a workspace client's model), else the file. */
function webhookRegistry(context: RuleContext, webhook: RegistryWebhook): RegistryContextInfo {
  const { scope } = webhook;
  if (scope.kind === 'model' && scope.name) return registryContextOfModelName(context.model, scope.name);
  if (scope.kind === 'model' && scope.value !== undefined && scope.value.split('.').length === 3) {
    return { context: 'unity-catalog', evidence: `the three-part model name "${scope.value}"` };
  }
  return registryContext(context.model);
}

function checkWebhook(context: RuleContext, webhook: RegistryWebhook): void {
  const registry = webhookRegistry(context, webhook);
  if (registry.context === 'unity-catalog') {
    context.report({
      range: webhook.range,
      message: `registry webhooks are not available for models in Unity Catalog (${registry.evidence ?? 'Unity Catalog context'}); use a job's model update trigger instead (Beta: it runs the job when a model is created, a new version is ready or an alias is set)`,
    });
    return;
  }
  for (const event of webhook.events) {
    if (event.value === 'REGISTERED_MODEL_CREATED' && webhook.scope.kind === 'model') {
      context.report({
        range: event.range,
        message: 'REGISTERED_MODEL_CREATED can only be given to a registry-wide webhook (one created without model_name); a webhook for one model cannot listen to it',
      });
      continue;
    }
    if (REGISTRY_WEBHOOK_EVENTS.includes(event.value)) continue;
    const closest = suggestedEvent(event.value);
    const fix = closest ? eventFix(event, closest) : undefined;
    context.report({
      range: event.range,
      message: event.enumMember
        ? `RegistryWebhookEvent has no member ${event.value} (it is not a Model Registry webhook event): Python raises AttributeError where it is read, before any webhook is created.${closest ? ` Did you mean ${closest}?` : ''}`
        : `"${event.value}" is not a Model Registry webhook event: the webhook is rejected.${closest ? ` Did you mean ${closest}?` : ''}`,
      fixes: fix ? [fix] : [],
    });
  }
}

/**
 * The event a misspelt one stands for, when only one reading is likely. A name with the word
 * STAGE (`TRANSITION_REQUEST_TO_STAGE_CREATED`) reads as "to Staging" or as "to any stage"
 * (`TRANSITION_REQUEST_CREATED`, `MODEL_VERSION_TRANSITIONED_STAGE`): a fix to the Staging event
 * would narrow what the webhook hears on a guess.
 */
function suggestedEvent(written: string): string | undefined {
  const closest = closestSpelling(written, REGISTRY_WEBHOOK_EVENTS);
  return closest && /(?:^|_)STAGE(?:_|$)/i.test(written) && /_TO_STAGING(?:_|$)/.test(closest) ? undefined : closest;
}

export const mlt405InvalidWebhookEvent: Rule = {
  meta: {
    id: 'MLT405',
    name: 'invalid-webhook-event',
    severity: 'error',
    area: 'Registry and lifecycle',
    domain: 'MLOps',
    legacy: 'registry webhooks of the workspace registry; for Unity Catalog models use a job\'s model update trigger',
    title: 'A Model Registry webhook listens only to the workspace registry\'s own events, and never to Unity Catalog models',
  },
  docs: {
    trap: 'Creating a Model Registry webhook for an event that sounds right but does not exist, such as `MODEL_VERSION_DEPLOYED` or `MODEL_VERSION_TRANSITIONED_TO_PROD`, for REGISTERED_MODEL_CREATED on one model, or for a model in Unity Catalog.',
    reality: `Registry webhooks belong to the workspace registry (legacy): they are not available for models in Unity Catalog, where a job's model update trigger (in Beta: a model is created, a new version is ready, an alias is set) takes their place, so a webhook is no way to act on their events. They fire on exactly these events: ${REGISTRY_WEBHOOK_EVENTS.join(', ')}; REGISTERED_MODEL_CREATED only on a registry-wide webhook (created without model_name). Any other name is rejected when the webhook is created or updated (with the databricks-registry-webhooks client, the Databricks SDK or the REST API /api/2.0/mlflow/registry-webhooks/create); written as a member of the Databricks SDK\'s \`RegistryWebhookEvent\` enum, a name it lacks raises AttributeError in Python before any request is sent.`,
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
    fix: 'Replaces the name with the closest valid event when exactly one is close (`MODEL_VERSION_TRANSITIONED_TO_PROD` -> `MODEL_VERSION_TRANSITIONED_TO_PRODUCTION`, a lower-case spelling -> the upper-case one); names with no close event (`MODEL_VERSION_DEPLOYED`) or two readings (`TRANSITION_REQUEST_TO_STAGE_CREATED`: to Staging, or to any stage), REGISTERED_MODEL_CREATED on a webhook for one model, and webhooks in a Unity Catalog context get no fix.',
    fixSafety: 'Safe: the webhook is rejected with the invalid name (or the enum member does not exist), so no working behaviour changes; check that the event is the one you meant.',
    examFact: 'Registry webhooks (legacy, workspace registry only) trigger a job (`job_spec`) or call a URL (`http_url_spec`), for example to run validation tests when a new version is created; for models in Unity Catalog, a job\'s model update trigger does this.',
    references: [
      { title: 'Workspace Model Registry webhooks (Databricks)', url: 'https://docs.databricks.com/mlflow/model-registry-webhooks.html' },
      { title: 'Trigger jobs when models are updated (Databricks)', url: 'https://docs.databricks.com/aws/en/jobs/model-update-triggers' },
    ],
  },
  triggers: ['create_webhook', 'update_webhook', 'http_url_spec', 'job_spec'],
  check(context) {
    for (const webhook of registryWebhooks(context.model)) checkWebhook(context, webhook);
  },
};
