import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext } from './engine/types';
import { field, namedChildren, unparenthesize } from './engine/syntax';
import { allArguments, argument, keywordArgument } from './semantic/calls';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { stringTemplate } from './semantic/stringTemplates';
import { jsonDumpsPayload, requestUrlArgument } from './semantic/httpRequests';
import { isTestCode } from './semantic/testCode';
import { stringValue } from './semantic/values';

/**
 * The notebook's own API token: `dbutils.notebook.entry_point.getDbutils().notebook()
 * .getContext().apiToken()` (with `.get()` / `.getOrElse(None)`), any `ctx.apiToken()`, and
 * `host_creds.token` where host_creds comes from MLflow's `get_host_creds()` /
 * `get_databricks_host_creds()`; followed through names (data flow).
 */
type TokenKind = 'apiToken()' | 'host_creds.token';

const OPTION_GETTERS = new Set(['get', 'getOrElse', 'getOrNull', 'orNull']);
const MAX_DEPTH = 8;

function isHostCreds(model: SemanticModel, node: Node): boolean {
  const value = model.resolveValue(node);
  if (value.type === 'call') return /get_(?:databricks_)?host_creds$/.test(model.callSite(value).name ?? '');
  // A name from another notebook (`%run`) or a parameter called host_creds.
  return value.type === 'identifier' && value.text === 'host_creds' && model.bindings.reachingBindings(value.text, value).every((binding) => binding.kind !== 'assignment');
}

function notebookToken(model: SemanticModel, node: Node, depth = 0): TokenKind | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expr = model.resolveValue(unparenthesize(node));
  if (expr.type === 'call') {
    const site = model.callSite(expr);
    if (site.name === 'apiToken' && site.receiver) return 'apiToken()';
    if (site.name && OPTION_GETTERS.has(site.name) && site.receiver) return notebookToken(model, site.receiver, depth + 1);
    return undefined;
  }
  if (expr.type === 'attribute') {
    const object = field(expr, 'object');
    // MLflow reads host credentials from the notebook's command context only in a Databricks
    // notebook; a module or CI script gets them from its environment or a config profile,
    // which may well be a service principal's token made for automation: undecidable there.
    return field(expr, 'attribute')?.text === 'token' && model.notebook.isDatabricksNotebook && object && isHostCreds(model, object) ? 'host_creds.token' : undefined;
  }
  if (expr.type === 'string') {
    for (const child of namedChildren(expr)) {
      if (child.type !== 'interpolation') continue;
      const inner = namedChildren(child)[0];
      const kind = inner ? notebookToken(model, inner, depth + 1) : undefined;
      if (kind) return kind;
    }
    return undefined;
  }
  if (expr.type === 'binary_operator') {
    const left = field(expr, 'left');
    const right = field(expr, 'right');
    return (left && notebookToken(model, left, depth + 1)) || (right && notebookToken(model, right, depth + 1)) || undefined;
  }
  return undefined;
}

/** `JobSpec(...)` of the registry webhooks client or the Databricks SDK (or an unresolved `JobSpec` in a file that shows webhooks). */
function isJobSpecClass(site: CallSite): boolean {
  const qualified = site.qualifiedName;
  if (qualified) return /^databricks[\w.]*\.JobSpec$/.test(qualified);
  return site.name === 'JobSpec' && !site.receiver;
}

/** Whether a dict literal is a registry webhook's job spec: the value of "job_spec", of `job_spec=`, or bound to a name that says so. */
function isJobSpecDict(model: SemanticModel, dict: Node): boolean {
  const parent = dict.parent;
  if (parent?.type === 'pair' && field(parent, 'value')?.id === dict.id) return stringValue(model, field(parent, 'key') ?? undefined) === 'job_spec';
  if (parent?.type === 'keyword_argument') return field(parent, 'name')?.text === 'job_spec';
  if (parent?.type === 'assignment' && field(parent, 'right')?.id === dict.id) return /job_?spec/i.test(field(parent, 'left')?.text ?? '');
  return false;
}

const HTTP_SENDERS = /^(?:requests|httpx)(?:\.\w+)*\.(?:post|put|patch|request)$/;
const WEBHOOK_PATHS = /\/registry-webhooks\/(?:create|update)\b/;
const JOB_PATHS = /\/jobs\/(?:create|reset|update)\b/;

/**
 * Calls that create a job or a webhook, with the arguments that become part of it: the SDK's
 * `w.jobs.create(...)` / `reset` / `update` and `model_registry.create_webhook(...)`, a
 * client's `create_webhook(...)`, and HTTP requests to the jobs / registry-webhooks create
 * endpoints (their body only: the headers authenticate the notebook's own request).
 */
function storingArguments(model: SemanticModel, site: CallSite): { nodes: Node[]; sink: Sink } {
  const qualified = site.qualifiedName ?? '';
  if (site.name === 'create_webhook' || site.name === 'update_webhook') return { nodes: allArguments(site), sink: SINKS.webhook };
  if (/^databricks\.sdk\.[\w.]*\.jobs\.(?:create|reset|update)$/.test(qualified)) return { nodes: allArguments(site), sink: SINKS.job };
  const webhookBody = httpBodyTo(model, site, WEBHOOK_PATHS);
  return webhookBody.length > 0 ? { nodes: webhookBody, sink: SINKS.webhook } : { nodes: httpBodyTo(model, site, JOB_PATHS), sink: SINKS.job };
}

const SOURCE_TEXT: Record<TokenKind, string> = {
  'apiToken()': "the notebook's own API token (getContext().apiToken())",
  'host_creds.token': "the notebook's own API token (MLflow's host_creds.token, read from the notebook's command context unless another credential is configured)",
};

/** Where the token is stored: the place, what then runs with it, and what to store instead. */
interface Sink {
  where: string;
  user: string;
  instead: string;
}

const JOB_OR_WEBHOOK = { user: 'the job or webhook', instead: "use a service principal's token read with dbutils.secrets.get(scope, key)" };
const SINKS = {
  jobSpec: { where: "the webhook's JobSpec(access_token=...)", ...JOB_OR_WEBHOOK },
  jobSpecDict: { where: 'the webhook\'s job_spec ("access_token")', ...JOB_OR_WEBHOOK },
  webhook: { where: 'a registry webhook', ...JOB_OR_WEBHOOK },
  job: { where: 'a job definition', ...JOB_OR_WEBHOOK },
  // Databricks: "You must store credentials like your API key or other tokens as a Databricks secret"; plain-text variables are for values that need not be hidden.
  servingEnvironment: {
    where: "a serving endpoint's environment_vars, in plain text",
    user: 'the endpoint',
    instead: 'store a service principal\'s token as a secret and give the variable its reference ("{{secrets/<scope>/<key>}}")',
  },
  secret: { where: 'a secret (put_secret)', user: 'whatever reads the secret (a job, a serving endpoint, an app)', instead: "store a service principal's token in the secret" },
} satisfies Record<string, Sink>;

function message(kind: TokenKind, sink: Sink): string {
  return `${SOURCE_TEXT[kind]} is stored in ${sink.where}: that token is the credential of whoever runs this notebook (you, or a job's run-as identity), given to the notebook for its own calls, not a token made for automation: ${sink.user} then acts as that identity, and stops working once the token is no longer valid; ${sink.instead}`;
}

const SERVED_ENTITY_CLASSES = new Set(['ServedEntityInput', 'ServedModelInput']);
const SERVED_ENTITY_KEYS = new Set(['entity_name', 'entity_version', 'model_name', 'model_version', 'workload_size', 'workload_type', 'scale_to_zero_enabled']);

/** A dict that describes a served entity: it has one of its keys (`"entity_name"`, `"workload_size"`, ...). */
function isServedEntityDict(model: SemanticModel, dict: Node): boolean {
  return dict.type === 'dictionary' && namedChildren(dict).some((pair) => pair.type === 'pair' && SERVED_ENTITY_KEYS.has(stringValue(model, field(pair, 'key') ?? undefined) ?? ''));
}

const SECRET_PUT_PATH = /\/secrets\/put\b/;

/** `w.secrets.put_secret(scope, key, string_value=...)` (the SDK, the legacy CLI's SecretApi), or an HTTP request to the secrets/put endpoint (its body). */
function secretArguments(model: SemanticModel, site: CallSite): Node[] {
  // The value stored: `string_value=` / `bytes_value=` (the SDK's are keyword-only), or the legacy CLI's third and fourth positions; not the scope or key.
  if (site.name === 'put_secret' && site.receiver) return [argument(site, 'string_value', 2), argument(site, 'bytes_value', 3)].filter((node): node is Node => !!node);
  return httpBodyTo(model, site, SECRET_PUT_PATH);
}

/** The body (`json=`, `data=`) of an HTTP request whose URL matches `path`. */
function httpBodyTo(model: SemanticModel, site: CallSite, path: RegExp): Node[] {
  if (!HTTP_SENDERS.test(site.qualifiedName ?? '')) return [];
  const url = requestUrlArgument(site);
  const template = url ? stringTemplate(model, url) : undefined;
  if (!template || !path.test(template.text)) return [];
  return ['json', 'data'].flatMap((name) => {
    const value = keywordArgument(site, name);
    return value ? [value] : [];
  });
}

function check(context: RuleContext): void {
  const { model, document } = context;
  const reported: Node[] = [];
  const report = (node: Node, kind: TokenKind, sink: Sink) => {
    if (isTestCode(document.uri, node)) return;
    if (reported.some((done) => done.startIndex <= node.startIndex && node.endIndex <= done.endIndex)) return;
    reported.push(node);
    context.report({ node, message: message(kind, sink) });
  };
  const reportCarriers = (value: Node, sink: Sink) => {
    for (const node of tokenCarriers(model, value)) {
      const kind = notebookToken(model, node);
      if (kind) report(node, kind, sink);
    }
  };
  for (const site of model.callsNamed('JobSpec')) {
    if (!isJobSpecClass(site)) continue;
    const value = keywordArgument(site, 'access_token');
    const kind = value ? notebookToken(model, value) : undefined;
    if (value && kind) report(value, kind, SINKS.jobSpec);
  }
  for (const pair of model.nodesAroundText(['access_token'], 'pair')) {
    if (stringValue(model, field(pair, 'key') ?? undefined) !== 'access_token' || !pair.parent || !isJobSpecDict(model, pair.parent)) continue;
    const value = field(pair, 'value');
    const kind = value ? notebookToken(model, value) : undefined;
    if (value && kind) report(value, kind, SINKS.jobSpecDict);
  }
  for (const site of model.callsNamed('create_webhook', 'update_webhook', 'create', 'reset', 'update', 'post', 'put', 'patch', 'request')) {
    const { nodes, sink } = storingArguments(model, site);
    for (const argumentNode of nodes) {
      const value = argumentNode.type === 'keyword_argument' ? field(argumentNode, 'value') : argumentNode;
      if (value) reportCarriers(value, sink);
    }
  }
  // A served entity's variables: `ServedEntityInput(environment_vars={...})` or "environment_vars" in a served entity's dict.
  for (const node of model.nodesAroundText(['environment_vars'], 'keyword_argument')) {
    const value = field(node, 'name')?.text === 'environment_vars' ? field(node, 'value') : undefined;
    const call = node.parent?.parent;
    if (value && call?.type === 'call' && SERVED_ENTITY_CLASSES.has(model.callSite(call).name ?? '')) reportCarriers(value, SINKS.servingEnvironment);
  }
  for (const pair of model.nodesAroundText(['environment_vars'], 'pair')) {
    const value = stringValue(model, field(pair, 'key') ?? undefined) === 'environment_vars' ? field(pair, 'value') : undefined;
    if (value && pair.parent && isServedEntityDict(model, pair.parent)) reportCarriers(value, SINKS.servingEnvironment);
  }
  for (const site of model.callsNamed('put_secret', 'post', 'put', 'request')) {
    for (const argumentNode of secretArguments(model, site)) {
      const value = argumentNode.type === 'keyword_argument' ? field(argumentNode, 'value') : argumentNode;
      if (value) reportCarriers(value, SINKS.secret);
    }
  }
}

/** The expressions inside a value that may carry the token: names, calls, attributes, strings (outermost first). */
function tokenCarriers(model: SemanticModel, value: Node): Node[] {
  const found: Node[] = [];
  const visit = (node: Node, depth: number) => {
    if (depth > 12) return;
    if (['identifier', 'call', 'attribute', 'string'].includes(node.type)) found.push(node);
    // A dict or list bound to a name, or its JSON text (`payload = json.dumps({...})`): read the literal it holds.
    if (node.type === 'identifier') {
      const resolved = model.resolveValue(node);
      const payload = resolved.id !== node.id && (resolved.type === 'dictionary' || resolved.type === 'list') ? resolved : jsonDumpsPayload(model, node);
      if (payload) visit(payload, depth + 1);
      return;
    }
    for (const child of namedChildren(node)) visit(child, depth + 1);
  };
  visit(unparenthesize(value), 0);
  return found;
}

export const mlt705NotebookTokenInAutomation: Rule = {
  meta: {
    id: 'MLT705',
    name: 'notebook-token-in-automation',
    severity: 'warning',
    area: 'Testing, monitoring and security',
    domain: 'MLOps',
    title: "The notebook's own API token is stored in a job, a webhook, a serving endpoint or a secret",
  },
  docs: {
    trap: 'Reading the notebook\'s own token (`dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken()`, or MLflow\'s `host_creds.token`) and storing it in automation: a registry webhook\'s `JobSpec(access_token=...)`, an `"access_token"` in a `job_spec` dict, a job / webhook create call, a served entity\'s `environment_vars`, or a secret (`put_secret`, the `secrets/put` endpoint).',
    reality:
      'The token in the notebook\'s command context authenticates the notebook\'s own calls as the person running it; Databricks does not document it as a credential to store, nor how long it stays valid. Stored in a webhook\'s job spec (whose `access_token` is "the personal access token used to authorize webhook\'s job runs") or a job definition, it makes the webhook\'s job runs (or the job\'s calls) act with that person\'s identity and permissions, and they stop working once the token is no longer valid. In a served entity\'s `environment_vars` the endpoint acts as that person too, and the token sits there in plain text, where Databricks says that credentials must be stored as a secret and referenced (`"{{secrets/<scope>/<key>}}"`); stored in a secret, it serves whatever reads the secret later (a job, an endpoint, an app) the same way. ' +
      'Automation authenticates as a service principal: store its token in a secret scope and read it with `dbutils.secrets.get(scope, key)`, or give the job a "run as" service principal. ' +
      'Using the notebook\'s token for the notebook\'s own REST calls, while it runs, is fine. `host_creds.token` is reported only in a Databricks notebook, where MLflow reads it from the command context; in a module or a CI script it comes from the environment or a configuration profile, possibly a service principal\'s.',
    example: [
      'from databricks_registry_webhooks import JobSpec, RegistryWebhooksClient',
      '',
      'token = dbutils.notebook.entry_point.getDbutils().notebook().getContext().apiToken().get()',
      'job_spec = JobSpec(job_id="1234", access_token=token)',
      'RegistryWebhooksClient().create_webhook(',
      '    model_name="churn_model",',
      '    events=["MODEL_VERSION_TRANSITIONED_STAGE"],',
      '    job_spec=job_spec,',
      ')',
    ].join('\n'),
    useInstead: [
      'token = dbutils.secrets.get(scope="mlops", key="webhook-service-principal-token")',
      'job_spec = JobSpec(job_id="1234", access_token=token)',
    ].join('\n'),
    fix: 'None: the service principal\'s secret scope and key are the author\'s to choose.',
    examFact: 'Automation authenticates as a service principal or with a secret, never with a person\'s (notebook\'s) token.',
    references: [
      { title: 'Workspace Model Registry webhooks (Databricks)', url: 'https://docs.databricks.com/aws/en/mlflow/model-registry-webhooks' },
      { title: 'Secret management (Databricks)', url: 'https://docs.databricks.com/aws/en/security/secrets/' },
      { title: 'Configure access to resources from model serving endpoints (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/store-env-variable-model-serving' },
      { title: 'Service principals (Databricks)', url: 'https://docs.databricks.com/aws/en/admin/users-groups/service-principals' },
    ],
  },
  triggers: ['apiToken', 'host_creds'],
  // Silent in test code (isTestCode): nothing to look for in a test file.
  testFileTriggers: [],
  // Where the token is stored: JobSpec, a job spec's "access_token", create_webhook /
  // update_webhook, the SDK's jobs client, a registry-webhooks or jobs URL, a served entity's
  // environment_vars, a secret (put_secret, secrets/put). Most notebooks that read the token
  // (a %run setup does it for the REST calls of every notebook) store it in none of these.
  alsoNeeds: ['JobSpec', 'access_token', 'webhook', 'jobs', 'environment_vars', 'put_secret', 'secrets/put'],
  check,
};
