// MLT405 invalid-webhook-event: flagged cases, silent look-alikes and exact fix outputs.
import { mlt405InvalidWebhookEvent } from '../../rules/mlt405-invalid-webhook-event';
import * as assert from 'node:assert/strict';
import { describeRule, findingsOf } from '../support/ruleTester';

describeRule(mlt405InvalidWebhookEvent, {
  flagged: [
    {
      name: 'a Unity Catalog model named by a constant: the message shows the name it holds',
      code: `
        from databricks_registry_webhooks import JobSpec, RegistryWebhooksClient
        MODEL = "ml.serving.churn"
        RegistryWebhooksClient().create_webhook(model_name=MODEL, events=["MODEL_VERSION_CREATED"], job_spec=JobSpec(job_id="42", access_token=token))
      `,
      findings: [{ line: 3, column: 26, message: 'registry webhooks are not available for models in Unity Catalog (the three-part model name MODEL ("ml.serving.churn"))' }],
    },
    {
      name: 'a word abbreviated inside the event name',
      code: `
        from databricks_registry_webhooks import JobSpec, RegistryWebhooksClient
        RegistryWebhooksClient().create_webhook(model_name="churn", events=["TRANSITION_REQUEST_TO_PROD_CREATED"], job_spec=JobSpec(job_id="42", access_token=token))
      `,
      findings: [{ line: 2, column: 69, message: '"TRANSITION_REQUEST_TO_PROD_CREATED" is not a Model Registry webhook event: the webhook is rejected. Did you mean TRANSITION_REQUEST_TO_PRODUCTION_CREATED?' }],
    },
    {
      name: 'any registry webhook in a Unity Catalog context: webhooks are not available for Unity Catalog models',
      code: `
        import mlflow
        from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient
        mlflow.set_registry_uri("databricks-uc")
        RegistryWebhooksClient().create_webhook(model_name="churn_model", events=["MODEL_VERSION_CREATED"], http_url_spec=HttpUrlSpec(url=slack_url))
      `,
      findings: [{ line: 4, column: 26, severity: 'error', message: 'registry webhooks are not available for models in Unity Catalog' }],
    },
    {
      name: 'a webhook on a three-part model name (REST payload): one finding for the webhook, none per event',
      code: `
        import requests
        payload = {"model_name": f"{catalog}.ml.churn", "events": ["MODEL_VERSION_DEPLOYED"], "job_spec": {"job_id": "42"}}
        requests.post(f"{host}/api/2.0/mlflow/registry-webhooks/create", json=payload)
      `,
      findings: [{ line: 2, column: 11, message: 'registry webhooks are not available for models in Unity Catalog (' }],
    },
    {
      name: 'REGISTERED_MODEL_CREATED on a webhook for one model',
      code: `
        from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient
        RegistryWebhooksClient().create_webhook(
            model_name="churn_model",
            events=["MODEL_VERSION_CREATED", "REGISTERED_MODEL_CREATED"],
            http_url_spec=HttpUrlSpec(url=slack_url),
        )
      `,
      findings: [{ line: 4, column: 38, severity: 'error', message: 'REGISTERED_MODEL_CREATED can only be given to a registry-wide webhook' }],
    },
    {
      name: 'REGISTERED_MODEL_CREATED with a model_name in a JSON body',
      code: `
        body = '{"model_name": "churn_model", "events": ["REGISTERED_MODEL_CREATED"], "http_url_spec": {"url": "https://example.com/hook"}}'
      `,
      findings: [{ line: 1, column: 50, message: 'registry-wide webhook' }],
    },
    {
      name: 'MODEL_VERSION_DEPLOYED in create_webhook: no close event',
      code: `
        from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient
        RegistryWebhooksClient().create_webhook(
            model_name="churn_model",
            events=["MODEL_VERSION_DEPLOYED"],
            http_url_spec=HttpUrlSpec(url=slack_url),
        )
      `,
      findings: [{ line: 4, column: 13, message: '"MODEL_VERSION_DEPLOYED" is not a Model Registry webhook event' }],
    },
    {
      name: 'an abbreviated event, events list bound to a name',
      code: `
        from databricks_registry_webhooks import JobSpec, RegistryWebhooksClient
        client = RegistryWebhooksClient()
        events = ["MODEL_VERSION_CREATED", "MODEL_VERSION_TRANSITIONED_TO_PROD"]
        client.create_webhook(model_name="churn_model", events=events, job_spec=JobSpec(job_id="42", access_token=token))
      `,
      findings: [{ line: 3, column: 36, message: 'Did you mean MODEL_VERSION_TRANSITIONED_TO_PRODUCTION?' }],
    },
    {
      name: 'update_webhook',
      code: `
        from databricks_registry_webhooks import RegistryWebhooksClient
        RegistryWebhooksClient().update_webhook(id=webhook_id, events=["model_version_created"])
      `,
      findings: [{ line: 2, column: 64, message: 'Did you mean MODEL_VERSION_CREATED?' }],
    },
    {
      name: 'a REST payload dict with http_url_spec',
      code: `
        import requests
        payload = {
            "model_name": "churn_model",
            "events": ["MODEL_VERSION_TRANSITIONED_TO_STAGING", "COMMENT_ADDED"],
            "http_url_spec": {"url": slack_url},
        }
        requests.post(f"{host}/api/2.0/mlflow/registry-webhooks/create", headers=headers, json=payload)
      `,
      findings: [{ line: 4, column: 57, message: '"COMMENT_ADDED"' }],
    },
    {
      name: 'JSON in a curl command string',
      code: `
        cmd = """curl -X POST $HOST/api/2.0/mlflow/registry-webhooks/create -d '{
          "model_name": "churn_model",
          "events": ["MODEL_VERSION_CREATE"],
          "job_spec": {"job_id": "42", "access_token": "$TOKEN"}
        }'"""
      `,
      findings: [{ line: 3, column: 14, message: 'Did you mean MODEL_VERSION_CREATED?' }],
    },
    {
      name: 'the Databricks SDK with an enum member that does not exist',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.ml import HttpUrlSpec, RegistryWebhookEvent
        w = WorkspaceClient()
        w.model_registry.create_webhook(
            events=[RegistryWebhookEvent.MODEL_VERSION_TRANSITIONED_TO_PRODUCTION, RegistryWebhookEvent.MODEL_VERSION_DEPLOYED],
            model_name="churn_model",
            http_url_spec=HttpUrlSpec(url=slack_url),
        )
      `,
      findings: [{ line: 5, column: 76, message: 'RegistryWebhookEvent has no member MODEL_VERSION_DEPLOYED (it is not a Model Registry webhook event): Python raises AttributeError where it is read, before any webhook is created' }],
    },
    {
      name: 'events given by position to create_webhook',
      code: `
        from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient
        RegistryWebhooksClient().create_webhook(["REGISTERED_MODEL_CREATE"], http_url_spec=HttpUrlSpec(url=u))
      `,
      findings: [{ line: 2, column: 42 }],
    },
  ],
  silent: [
    {
      name: 'REGISTERED_MODEL_CREATED on a helper whose model_name parameter defaults to None (registry-wide when omitted)',
      code: `
        from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient
        def hook(model_name=None):
            return RegistryWebhooksClient().create_webhook(
                model_name=model_name,
                events=["REGISTERED_MODEL_CREATED"],
                http_url_spec=HttpUrlSpec(url="https://example.com/hook"),
            )
        hook()
      `,
    },
    {
      name: 'REGISTERED_MODEL_CREATED on a registry-wide webhook (no model_name, or model_name=None)',
      code: `
        from databricks_registry_webhooks import JobSpec, RegistryWebhooksClient
        client = RegistryWebhooksClient()
        client.create_webhook(events=["REGISTERED_MODEL_CREATED"], job_spec=JobSpec(job_id="42", access_token=token))
        client.create_webhook(model_name=None, events=["REGISTERED_MODEL_CREATED"], job_spec=JobSpec(job_id="42", access_token=token))
      `,
    },
    {
      name: 'REGISTERED_MODEL_CREATED in update_webhook (the webhook\'s scope is not in the call)',
      code: `
        from databricks_registry_webhooks import RegistryWebhooksClient
        RegistryWebhooksClient().update_webhook(id=webhook_id, events=["REGISTERED_MODEL_CREATED"])
      `,
    },
    {
      name: 'a Unity Catalog notebook that keeps a webhook on its legacy workspace-registry model',
      code: `
        import mlflow
        from mlflow import MlflowClient
        from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient
        mlflow.set_registry_uri("databricks-uc")
        LEGACY_MODEL = "churn_model_legacy"
        legacy_client = MlflowClient(registry_uri="databricks")
        legacy_client.transition_model_version_stage(LEGACY_MODEL, 3, "Production")
        RegistryWebhooksClient().create_webhook(model_name=LEGACY_MODEL, events=["MODEL_VERSION_CREATED"], http_url_spec=HttpUrlSpec(url=slack_url))
      `,
    },
    {
      name: 'a Unity Catalog notebook whose legacy model goes to a helper together with a workspace-registry client',
      code: `
        import mlflow
        from mlflow import MlflowClient
        from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient
        mlflow.set_registry_uri("databricks-uc")
        legacy_client = MlflowClient(registry_uri="databricks")
        promote(legacy_client, "churn_model_legacy", 3)
        RegistryWebhooksClient().create_webhook(model_name="churn_model_legacy", events=["MODEL_VERSION_CREATED"], http_url_spec=HttpUrlSpec(url=slack_url))
      `,
    },
    {
      name: 'valid events in create_webhook',
      code: `
        from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient
        RegistryWebhooksClient().create_webhook(
            model_name="churn_model",
            events=["MODEL_VERSION_CREATED", "TRANSITION_REQUEST_TO_PRODUCTION_CREATED", "MODEL_VERSION_TAG_SET"],
            http_url_spec=HttpUrlSpec(url=slack_url),
        )
      `,
    },
    {
      name: 'a valid REST payload',
      code: `
        payload = {"model_name": "churn_model", "events": ["COMMENT_CREATED"], "job_spec": {"job_id": "42"}}
      `,
    },
    {
      name: 'an events list of another API (no webhook target)',
      code: `
        tracking = {"events": ["page_view", "click"], "user": "u"}
      `,
    },
    {
      name: 'a create_webhook of another library',
      code: `
        from github import Github
        repo = Github(token).get_repo("org/repo")
        repo.create_hook("web", {"url": url}, events=["push"], active=True)
        hooks = SlackClient().create_webhook(events=["MESSAGE_POSTED"])
      `,
    },
    {
      name: 'a local class with create_webhook',
      code: `
        class Hooks:
            def create_webhook(self, events, http_url_spec=None):
                return events

        Hooks().create_webhook(events=["MODEL_VERSION_DEPLOYED"], http_url_spec={"url": "u"})
      `,
    },
    {
      name: 'events computed at run time',
      code: `
        from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient
        RegistryWebhooksClient().create_webhook(model_name="m", events=[event_name], http_url_spec=HttpUrlSpec(url=u))
      `,
    },
    {
      name: 'a docstring describing a webhook',
      code: `
        """Creates a webhook: {"events": ["MODEL_VERSION_DEPLOYED"], "http_url_spec": {"url": "u"}}"""
      `,
    },
    {
      name: 'a comment',
      code: `
        # events=["MODEL_VERSION_DEPLOYED"], http_url_spec=HttpUrlSpec(url=u)
        x = 1
      `,
    },
    {
      name: 'valid SDK enum members',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.ml import RegistryWebhookEvent, JobSpec
        WorkspaceClient().model_registry.create_webhook(events=[RegistryWebhookEvent.MODEL_VERSION_CREATED], job_spec=JobSpec(job_id="1"))
      `,
    },
  ],
  fixes: [
    {
      name: 'a word abbreviated inside the event name becomes the full event name',
      code: `
        from databricks_registry_webhooks import JobSpec, RegistryWebhooksClient
        RegistryWebhooksClient().create_webhook(model_name="churn", events=["TRANSITION_REQUEST_TO_PROD_CREATED"], job_spec=JobSpec(job_id="42", access_token=token))
      `,
      output: `
        from databricks_registry_webhooks import JobSpec, RegistryWebhooksClient
        RegistryWebhooksClient().create_webhook(model_name="churn", events=["TRANSITION_REQUEST_TO_PRODUCTION_CREATED"], job_spec=JobSpec(job_id="42", access_token=token))
      `,
    },
    {
      name: 'an abbreviation becomes the full event name',
      code: `
        from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient
        RegistryWebhooksClient().create_webhook(events=["MODEL_VERSION_TRANSITIONED_TO_PROD"], http_url_spec=HttpUrlSpec(url=u))
      `,
      output: `
        from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient
        RegistryWebhooksClient().create_webhook(events=["MODEL_VERSION_TRANSITIONED_TO_PRODUCTION"], http_url_spec=HttpUrlSpec(url=u))
      `,
    },
    {
      name: 'a lower-case event in a dict becomes upper case',
      code: `
        payload = {"model_name": "m", "events": ['transition_request_created'], "job_spec": {"job_id": "42"}}
      `,
      output: `
        payload = {"model_name": "m", "events": ['TRANSITION_REQUEST_CREATED'], "job_spec": {"job_id": "42"}}
      `,
    },
    {
      name: 'inside a JSON string',
      code: `
        body = '{"model_name": "m", "events": ["MODEL_VERSION_CREATE"], "http_url_spec": {"url": "u"}}'
      `,
      output: `
        body = '{"model_name": "m", "events": ["MODEL_VERSION_CREATED"], "http_url_spec": {"url": "u"}}'
      `,
    },
    {
      name: 'an SDK enum member',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.ml import RegistryWebhookEvent, JobSpec
        WorkspaceClient().model_registry.create_webhook(events=[RegistryWebhookEvent.MODEL_VERSION_CREATE], job_spec=JobSpec(job_id="1"))
      `,
      output: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.ml import RegistryWebhookEvent, JobSpec
        WorkspaceClient().model_registry.create_webhook(events=[RegistryWebhookEvent.MODEL_VERSION_CREATED], job_spec=JobSpec(job_id="1"))
      `,
    },
  ],
});

describe('MLT405 suggests an event only where one alone is that close', () => {
  it('no suggestion and no fix for a name as few edits from two events (TRANSITIONED_TO_STAGE: TO_STAGING, or TRANSITIONED_STAGE)', async () => {
    const code = (event: string) => `from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient\nRegistryWebhooksClient().create_webhook(model_name="demo", events=["${event}"], http_url_spec=HttpUrlSpec(url=url))\n`;
    const ambiguous = await findingsOf(mlt405InvalidWebhookEvent, code('MODEL_VERSION_TRANSITIONED_TO_STAGE'));
    assert.equal(ambiguous.length, 1);
    assert.equal(ambiguous[0].message, '"MODEL_VERSION_TRANSITIONED_TO_STAGE" is not a Model Registry webhook event: the webhook is rejected.');
    assert.deepEqual(ambiguous[0].fixes, []);
    // "To a stage" may mean any stage (TRANSITION_REQUEST_CREATED): no guess at Staging.
    const anyStage = await findingsOf(mlt405InvalidWebhookEvent, code('TRANSITION_REQUEST_TO_STAGE_CREATED'));
    assert.equal(anyStage[0]?.message, '"TRANSITION_REQUEST_TO_STAGE_CREATED" is not a Model Registry webhook event: the webhook is rejected.');
    assert.deepEqual(anyStage[0].fixes, []);
    const staging = await findingsOf(mlt405InvalidWebhookEvent, code('TRANSITION_REQUEST_TO_STAGNG_CREATED'));
    assert.ok(staging[0]?.message.endsWith('Did you mean TRANSITION_REQUEST_TO_STAGING_CREATED?'), staging[0]?.message);
    // A stem that no other event is as close to keeps its suggestion and fix.
    const stem = await findingsOf(mlt405InvalidWebhookEvent, code('MODEL_VERSION_TRANSITIONED_TO_PRODUCTIO'));
    assert.ok(stem[0]?.message.endsWith('Did you mean MODEL_VERSION_TRANSITIONED_TO_PRODUCTION?'), stem[0]?.message);
    assert.equal(stem[0].fixes.length, 1);
  });
});
