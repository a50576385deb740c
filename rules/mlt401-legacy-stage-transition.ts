import type { Node } from 'web-tree-sitter';
import { applyEdits } from './engine/edits';
import { field, namedChildren } from './engine/syntax';
import { pythonString, removeItem, replaceNode } from './engine/fixBuilders';
import type { Fix, Rule, RuleContext, Severity, TextEdit } from './engine/types';
import {
  archivesExistingVersions,
  archivesVersionsByHand,
  runsOnlyWithoutProductionVersion,
  canonicalStage,
  isListingBeforeDelete,
  type LatestVersionsLookup,
  latestVersionsLookups,
  methodNameNode,
  type ModelStage,
  type StageEndpoint,
  stageEndpointUrls,
  type StageTransition,
  stageParameterSource,
  sameModelName,
  stageTransitions,
  transitionStages,
  unsupportedInUnityCatalog,
} from './semantic/modelRegistry';
import { isFirstProductionOfOwnModel } from './semantic/freshRegisteredModels';
import { argument } from './semantic/calls';
import { stringValue } from './semantic/values';
import { jsonDumpsPayload, requestUrlArgument } from './semantic/httpRequests';
import { transitionAlias } from './semantic/stageAliasRewrite';
import { fileRunsOnDatabricks } from './semantic/libraryEvidence';
import { aliasesNeedNewerMlflow } from './semantic/mlflowVersion';
import { aliasForStage } from './semantic/stageAliases';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { isDeliberateWorkspaceRegistryCall, isGuardedAgainstUnityCatalog, isStageTestOnOwnStore, type RegistryContext, registryByModelName, registryContext, registryContextOfCall } from './semantic/registryContext';
import { testsMlflowInternals } from './semantic/testCode';

function isKeyword(node: Node | undefined): boolean {
  return node?.parent?.type === 'keyword_argument';
}

/** The argument as written: `version=v` for a keyword argument, `v` for a positional one. */
function writtenArgument(node: Node): Node {
  return isKeyword(node) ? node.parent! : node;
}

/**
 * `client.transition_model_version_stage(name, version, "Production"[, archive])` becomes
 * `client.set_registered_model_alias(name, "champion", version)`, editing only the method name
 * and the arguments that move, so the receiver, the argument expressions and the layout stay as
 * written. `archive_existing_versions` goes: an alias points at one version only. Only for
 * Production and Staging, only where nothing uses the value the call returns (a ModelVersion;
 * the alias call returns None), and not for a client of the workspace registry, whose
 * workflow is stages.
 */
function aliasFix(context: RuleContext, transition: StageTransition, stage: ModelStage | undefined, registry: RegistryContext): Fix | undefined {
  // Which transitions are rewritten is shared with MLT402, whose alias URIs must match them.
  const alias = transitionAlias(context.document, context.model, transition);
  const { name, version, archive, site } = transition;
  const stageNode = transition.stage;
  const args = site.arguments;
  if (!alias || !stage) return undefined;
  if (!transition.plain || !name || !version || !stageNode || !args || site.callee.type !== 'attribute') return undefined;
  const aliasLiteral = pythonString(alias, stageNode);
  const argumentEdits: TextEdit[] = [];
  // A comment among the arguments describes the one it sits by: they keep their places, named.
  const commented = namedChildren(args).some((child) => child.type === 'comment');
  if (!isKeyword(stageNode) && !commented) {
    // All positional: (name, version, stage) -> (name, alias, version).
    argumentEdits.push(replaceNode(version, aliasLiteral), replaceNode(stageNode, version.text));
  } else if (!isKeyword(stageNode)) {
    argumentEdits.push(replaceNode(version, `version=${version.text}`), replaceNode(stageNode, `alias=${aliasLiteral}`));
  } else {
    argumentEdits.push(replaceNode(stageNode.parent!, `alias=${aliasLiteral}`));
    if (!isKeyword(version)) argumentEdits.push(replaceNode(version, `version=${version.text}`));
  }
  if (archive) argumentEdits.push(removeItem(context.document, args, writtenArgument(archive)));
  // One edit over the whole argument list, so that no other fix (MLT404's archive flag,
  // MLT403's stage spelling) lands in the same call in the same "fix all" round.
  const shifted = argumentEdits.map((edit) => ({ ...edit, start: edit.start - args.startIndex, end: edit.end - args.startIndex }));
  return {
    // Where the file does not show Unity Catalog, say where aliases exist (MLflow added them in 2.3).
    title: `Replace the ${stage} transition with set_registered_model_alias(..., ${aliasLiteral}, ...)${registry === 'unity-catalog' ? '' : ' (for a model in Unity Catalog or an open-source MLflow 2.3+ registry)'}`,
    safety: 'unsafe',
    edits: [replaceNode(transition.methodName, 'set_registered_model_alias'), replaceNode(args, applyEdits(args.text, shifted))],
  };
}

/** What happens to a stage API call, by the registry it talks to; the severity goes with it. */
function consequence(method: string, registry: RegistryContext, onDatabricks: boolean): { text: string; severity: Severity } {
  if (registry === 'unity-catalog') return { text: `raises in Unity Catalog: ${unsupportedInUnityCatalog(method)}`, severity: 'error' };
  // A script for an open-source MLflow server has no "workspace registry": there stages are
  // MLflow's own, deprecated since MLflow 2.9 in favour of aliases.
  const legacy = onDatabricks ? "uses the workspace registry's legacy stages" : "uses MLflow's legacy model stages (deprecated since MLflow 2.9 in favour of aliases)";
  if (registry === 'workspace') return { text: legacy, severity: 'information' };
  return { text: `${legacy}; in Unity Catalog it raises ${unsupportedInUnityCatalog(method)}`, severity: 'information' };
}

/**
 * What to write instead of a transition to `stage`. A store of MLflow's own (`ownStore`: a
 * tracking server, sqlite) has aliases itself since MLflow 2.3: its users hear of those, not of
 * Unity Catalog.
 */
function transitionInstead(model: SemanticModel, stage: ModelStage | undefined, registry: RegistryContext, ownStore: boolean, upgrade: string): string {
  const where = ownStore ? 'aliases have' : 'Unity Catalog has';
  if (stage === 'Archived') return `${where} no archive step: delete the alias (delete_registered_model_alias) or drop the call${upgrade}`;
  if (stage === 'None') return `${where} no stage to leave: delete the alias (delete_registered_model_alias) or drop the call${upgrade}`;
  const call = stage === 'Production' || stage === 'Staging' ? `set_registered_model_alias(name, "${aliasForStage(model, stage)}", version)` : 'set_registered_model_alias(name, alias, version)';
  if (ownStore) return `an alias takes its place (MLflow 2.3 and later): ${call}`;
  return registry === 'workspace' ? `in Unity Catalog an alias takes its place: ${call}${upgrade}` : `set the alias instead: ${call}${upgrade}`;
}

function reportTransition(context: RuleContext, transition: StageTransition): void {
  const { model } = context;
  if (isDeliberateWorkspaceRegistryCall(model, transition)) return;
  const registryInfo = registryContextOfCall(model, transition.site);
  if (isStageTestOnOwnStore(model, registryInfo)) return;
  const registry = registryByModelName(model, registryInfo, transition.name);
  const literalStage = transition.stageText === undefined ? undefined : canonicalStage(transition.stageText);
  // A helper's stage parameter: the stages the file's calls (or its default) give it.
  const stages = transitionStages(transition);
  const parameter = transition.stageText === undefined && stages.length > 0 ? transition.stageParameter : undefined;
  const stage = literalStage ?? (parameter && stages.length === 1 ? stages[0] : undefined);
  const { text, severity } = consequence('transition_model_version_stage', registry, fileRunsOnDatabricks(model) && !registryInfo.ownStore);
  const stageValues = parameter ? parameter.values.filter((value) => canonicalStage(value.value) !== undefined) : [];
  const target = parameter ? `to ${stages.join(' or ')} (${stageParameterSource(model, parameter.name, stageValues)}) ` : stage ? `to ${stage} ` : '';
  // MLT404's point, told here so that the call gets one finding; moot where the call raises.
  // Said of "a version already in Production": the code may promote a model's first version.
  const keepsPrevious =
    stages.includes('Production') &&
    registry !== 'unity-catalog' &&
    archivesExistingVersions(model, transition) === false &&
    !archivesVersionsByHand(model, transition) &&
    !runsOnlyWithoutProductionVersion(model, transition) &&
    !isFirstProductionOfOwnModel(model, transition)
      ? '. Without archive_existing_versions=True, a version already in Production stays in Production too'
      : '';
  // A helper's parameter serves every stage its callers pass: no rewrite of the helper.
  const fix = aliasFix(context, transition, literalStage, registry);
  context.report({
    node: transition.methodName,
    severity,
    message: `transition_model_version_stage ${target}${text}; ${transitionInstead(model, stage, registry, !!registryInfo.ownStore, aliasesNeedNewerMlflow(model))}${keepsPrevious}`,
    fixes: fix ? [fix] : [],
  });
}

function lookupInstead(model: SemanticModel, lookup: LatestVersionsLookup, registry: RegistryContext, ownStore: boolean, upgrade: string): string {
  const stages = lookup.stageValues;
  const prefix = registry === 'workspace' && !ownStore ? 'in Unity Catalog, ' : '';
  if (!lookup.stages) return `${prefix}use search_model_versions for the newest version, or get_model_version_by_alias(name, "champion")${upgrade}`;
  if (stages?.length === 1 && (stages[0] === 'Production' || stages[0] === 'Staging')) {
    return `${prefix}load the version by alias: get_model_version_by_alias(name, "${aliasForStage(model, stages[0])}")${upgrade}`;
  }
  if (stages?.every((stage) => stage === 'None' || stage === 'Archived')) return `${prefix}use search_model_versions or a version number`;
  return `${prefix}load versions by alias: get_model_version_by_alias(name, alias)${upgrade}`;
}

/** Setting an alias: MLflow's `set_registered_model_alias`, or a project's wrapper named for it (`self.set_model_alias(version, alias)`). */
const SETS_ALIAS = /^set_(?:registered_)?(?:model_)?alias$/;

/**
 * Whether `read` (the lookup's result, or a name bound to it) gives its version, as it is, to a
 * call that sets an alias: `found[0].version` or `mv.version`, also through `str()` / `int()` and
 * one name it is bound to (`version = found[0].version`). A version computed from it
 * (`int(found[0].version) + 1`) is another version.
 */
function givesVersionToAlias(context: RuleContext, read: Node, modelName: Node | undefined, depth = 0, holdsVersion = depth > 0): boolean {
  // The version as it is: `<read>[0].version`, `<read>.version`, or (one name further) the name itself.
  let value = read;
  let node = read;
  for (;;) {
    const parent = node.parent;
    if (!parent) return false;
    if ((parent.type === 'subscript' && field(parent, 'value')?.id === node.id) || (parent.type === 'attribute' && field(parent, 'object')?.id === node.id)) {
      value = node = parent;
      continue;
    }
    if (parent.type === 'parenthesized_expression' || (parent.type === 'keyword_argument' && field(parent, 'value')?.id === node.id)) {
      node = parent;
      continue;
    }
    const isVersion = (value.type === 'attribute' && field(value, 'attribute')?.text === 'version') || (holdsVersion && value.id === read.id);
    if (parent.type === 'argument_list' && parent.parent?.type === 'call') {
      const site = context.model.callSite(parent.parent);
      // MLflow's call names the model: the alias must go on the model the lookup read (a project's wrapper may not say).
      if (SETS_ALIAS.test(site.name ?? '')) return isVersion && (site.name !== 'set_registered_model_alias' || sameModelName(context.model, argument(site, 'name', 0), modelName));
      // `str(found[0].version)`: the same version, written otherwise.
      if ((site.name === 'str' || site.name === 'int') && !site.receiver && isVersion) {
        node = parent.parent;
        continue;
      }
      return false;
    }
    // `v = found[0].version` (a name holding the version), or `newest = found[0]` (holding the
    // ModelVersion, whose `.version` is read later).
    const holdsModelVersion = !isVersion && value.type === 'subscript' && value.id !== read.id;
    if (parent.type === 'assignment' && field(parent, 'right')?.id === node.id && depth === 0 && (isVersion || holdsModelVersion)) {
      const target = field(parent, 'left');
      const binding = target?.type === 'identifier' ? context.model.bindingMadeBy(parent, target.text) : undefined;
      return !!binding && onlyAliasesGiven(context.model.mayRead(binding), (next) => givesVersionToAlias(context, next, modelName, depth + 1, isVersion));
    }
    return false;
  }
}

/**
 * A migration from stages to aliases: a version the lookup finds by stage is given an alias
 * (`found = client.get_latest_versions(name, stages=[stage])`, then
 * `set_registered_model_alias(name, alias, found[0].version)`, also through a loop over the
 * lookup). The code reads the stages in order to leave them; "load by alias" is what it builds.
 * Not where the registry is Unity Catalog, whose get_latest_versions raises whatever follows.
 */
function migratesToAliases(context: RuleContext, lookup: LatestVersionsLookup, registry: RegistryContext): boolean {
  if (!lookup.stages || registry === 'unity-catalog') return false;
  const call = lookup.site.node;
  const modelName = argument(lookup.site, 'name', 0);
  if (givesVersionToAlias(context, call, modelName)) return true;
  const holder = call.parent;
  const { model } = context;
  const target = holder && (holder.type === 'assignment' || holder.type === 'for_statement') && field(holder, 'right')?.id === call.id ? field(holder, 'left') : undefined;
  // An assignment's binding is made by the statement, a loop variable's by its name.
  const binding = holder && target?.type === 'identifier' ? model.bindingMadeBy(holder.type === 'assignment' ? holder : target, target.text) : undefined;
  return !!binding && onlyAliasesGiven(model.mayRead(binding), (read) => givesVersionToAlias(context, read, modelName));
}

/**
 * Some read gives the version to an alias, and every other only tests or shows what the lookup
 * found (`if found:`, `len(found)`, `print(f"... {version}")`): a lookup also used to promote or
 * load still works with stages.
 */
function onlyAliasesGiven(reads: readonly Node[], givesAlias: (read: Node) => boolean): boolean {
  let given = false;
  for (const read of reads) {
    if (givesAlias(read)) given = true;
    else if (!onlyTests(read)) return false;
  }
  return given;
}

/** Calls that show a value to a person. */
const SHOWING_CALLS = new Set(['print', 'display', 'info', 'debug', 'warning', 'log']);

/** `if found:`, `while not found`, `len(found) > 0`, `found is None`, `print(found)`: a test or a display of the value, which uses nothing of it. */
function onlyTests(read: Node): boolean {
  for (let up: Node | null = read.parent; up && up.type !== 'expression_statement' && up.type !== 'block'; up = up.parent) {
    if (up.type !== 'call') continue;
    const callee = field(up, 'function');
    const name = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.text;
    if (SHOWING_CALLS.has(name ?? '')) return true;
  }
  let node = read;
  while (node.parent && ['not_operator', 'parenthesized_expression', 'boolean_operator', 'comparison_operator'].includes(node.parent.type)) node = node.parent;
  const parent = node.parent;
  if (parent?.type === 'argument_list' && parent.parent?.type === 'call' && ['len', 'bool'].includes(field(parent.parent, 'function')?.text ?? '')) return true;
  return (parent?.type === 'if_statement' || parent?.type === 'elif_clause' || parent?.type === 'while_statement') && field(parent, 'condition')?.id === node.id;
}

function reportLookup(context: RuleContext, lookup: LatestVersionsLookup): void {
  if (isGuardedAgainstUnityCatalog(context.document, lookup.site.node) || isListingBeforeDelete(context.model, lookup)) return;
  const registryInfo = registryContextOfCall(context.model, lookup.site);
  if (migratesToAliases(context, lookup, registryInfo.context)) return;
  if (isStageTestOnOwnStore(context.model, registryInfo)) return;
  const registry = registryByModelName(context.model, registryInfo, argument(lookup.site, 'name', 0));
  const { text, severity } = consequence('get_latest_versions', registry, fileRunsOnDatabricks(context.model) && !registryInfo.ownStore);
  const what = lookup.stages ? '' : ' (the newest version of each stage)';
  context.report({ node: methodNameNode(lookup.site), severity, message: `get_latest_versions${what} ${text}; ${lookupInstead(context.model, lookup, registry, !!registryInfo.ownStore, aliasesNeedNewerMlflow(context.model))}` });
}

const ENDPOINT_ACTION: Record<StageEndpoint, string> = {
  'model-versions/transition-stage': 'moves a model version to a stage',
  'transition-requests': 'handles stage transition requests',
};

function reportEndpoint(context: RuleContext, node: Node, endpoint: StageEndpoint): void {
  if (isGuardedAgainstUnityCatalog(context.document, node)) return;
  const registry = registryContext(context.model).context;
  const severity: Severity = registry === 'unity-catalog' ? 'error' : 'information';
  // An MLflow server of one's own has the transition-stage endpoint too (stages deprecated in
  // 2.9); transition requests are the workspace registry's alone.
  const where =
    registry === 'unity-catalog'
      ? 'models in Unity Catalog have no stages, so it does not work for them'
      : endpoint === 'transition-requests'
        ? 'transition requests exist only in the workspace registry; models in Unity Catalog have aliases instead'
        : 'stages exist in the workspace registry and in open-source MLflow (deprecated there since 2.9), not in Unity Catalog, whose models have aliases instead';
  const stage = endpoint === 'model-versions/transition-stage' ? requestedStage(context.model, node) : undefined;
  const instead =
    stage === 'Archived' || stage === 'None'
      ? transitionInstead(context.model, stage, registry, false, aliasesNeedNewerMlflow(context.model))
      : `set an alias (set_registered_model_alias)${aliasesNeedNewerMlflow(context.model)}`;
  context.report({ node, severity, message: `the REST endpoint ${endpoint} ${ENDPOINT_ACTION[endpoint]}: ${where}; ${instead}` });
}

/** The call a URL expression is given to: as its argument, or through the name it is bound to (`url = ...; requests.post(url, ...)`). */
function requestCallOf(model: SemanticModel, url: Node): CallSite | undefined {
  const parent = url.parent;
  const direct = parent?.type === 'argument_list' ? parent.parent : parent?.type === 'keyword_argument' ? parent.parent?.parent : undefined;
  if (direct?.type === 'call') return model.callSite(direct);
  if (parent?.type !== 'assignment' || field(parent, 'right')?.id !== url.id) return undefined;
  const name = field(parent, 'left');
  if (name?.type !== 'identifier') return undefined;
  return model.callsNamed('post', 'put', 'patch', 'request').find((site) => {
    const given = requestUrlArgument(site);
    return given?.type === 'identifier' && given.text === name.text && model.resolveValue(given).id === url.id;
  });
}

/**
 * The stage a request to the transition endpoint at `url` asks for: the `"stage"` of its
 * `json=` / `data=` body (a dict, a name bound to one, or its `json.dumps` text), when written out.
 */
function requestedStage(model: SemanticModel, url: Node): ModelStage | undefined {
  // The whole URL expression: `host + "/api/2.0/mlflow/model-versions/transition-stage"`.
  let whole = url;
  while (whole.parent && (whole.parent.type === 'binary_operator' || whole.parent.type === 'parenthesized_expression')) whole = whole.parent;
  const site = requestCallOf(model, whole);
  if (!site) return undefined;
  let body = argument(site, 'json') ?? argument(site, 'data');
  for (let depth = 0; body && depth < 3; depth++) {
    const value = model.resolveValue(body);
    if (value.type === 'dictionary') {
      const pair = namedChildren(value).find((child) => child.type === 'pair' && stringValue(model, field(child, 'key') ?? undefined) === 'stage');
      const stage = pair ? stringValue(model, field(pair, 'value') ?? undefined) : undefined;
      return stage === undefined ? undefined : canonicalStage(stage);
    }
    body = jsonDumpsPayload(model, value);
  }
  return undefined;
}

export const mlt401LegacyStageTransition: Rule = {
  meta: {
    id: 'MLT401',
    name: 'legacy-stage-transition',
    severity: 'information',
    area: 'Registry and lifecycle',
    domain: 'MLOps',
    legacy: 'workspace-registry stages; Unity Catalog uses model aliases (`set_registered_model_alias`, `models:/name@champion`)',
    title: 'Model stages (Staging/Production) are replaced by aliases such as "champion" and "challenger"',
  },
  docs: {
    trap: 'Promoting and looking up model versions with the workspace registry\'s stages: `transition_model_version_stage(name, version, "Production")`, `get_latest_versions(name, stages=["Production"])`, or the REST endpoints `/api/2.0/mlflow/model-versions/transition-stage` and `/api/2.0/mlflow/transition-requests/...` (also as a bare path such as `"transition-requests/create"` handed to a helper that adds the prefix).',
    reality:
      'Stages (None, Staging, Production, Archived) exist only in the workspace registry (and in open-source MLflow, which deprecated them in 2.9 in favour of aliases). In Unity Catalog, `transition_model_version_stage` and `get_latest_versions` raise "Method ... is unsupported for models in the Unity Catalog": models there have aliases instead, and `set_registered_model_alias` moves an alias to exactly one version. Production becomes the alias "champion", Staging "challenger"; the newest version (`get_latest_versions(name, stages=["None"])`) comes from `search_model_versions` or a version number; Unity Catalog has no archive step (delete the alias with `delete_registered_model_alias`). In the workspace registry, a transition to Production without `archive_existing_versions=True` also leaves the previous Production version in Production (this rule says so, unless the code archives that model\'s versions itself with an Archived transition, or promotes the first version of a model it creates, deletes first or names with `uuid.uuid4()`, or promotes only where no version is in Production (`if not prod:` over a listing of its Production versions); MLT404 says it only when this rule is turned off). A helper that passes its stage parameter on (`def move(version, stage)`) is read with the stages the file gives it (its default, its calls, and the calls of a function that passes its own parameter on to it), and gets no rewrite: it serves every stage its callers pass. The severity follows the registry the code talks to: an error in a Unity Catalog context (`set_registry_uri("databricks-uc")`, a client built for it, a three-part model name that the file registers, loads or gives an alias), information elsewhere. Code that talks to a store of MLflow\'s own (an MLflow server, a sqlite or file store, as its tracking or registry URI) is pointed at that store\'s own aliases (MLflow 2.3 and later), not at Unity Catalog. Code guarded by a check that the model is not in Unity Catalog, and clean-up code (moving a version to Archived or None before deleting it, or listing the versions with `get_latest_versions(name)` and deleting them in a loop over that listing, also in a helper that every caller follows with the deletion: the workspace registry deletes only versions in the None or Archived stage, so one in Staging or Production has to leave it first), and a migration from stages to aliases (a version a `get_latest_versions(name, stages=[...])` lookup finds given an alias with `set_registered_model_alias` or a wrapper of the project named like it (`set_model_alias`), through a name, a loop or in place) are left alone, and so are the calls of a test file (under `tests/`, or a `test_*.py` that holds a test: a `def test_...`, a test class, an `assert`, pytest or unittest imported) to a store of MLflow\'s own (a `sqlite:///` registry in a temporary folder, a file store, an MLflow server, as the registry or tracking URI or its client\'s): a library\'s tests of its stage support, where stages work; the code under test is where the call is reported.',
    example: [
      'from mlflow import MlflowClient',
      '',
      'client = MlflowClient()',
      'client.transition_model_version_stage("ml.churn.model", version=4, stage="Production")',
      'prod = client.get_latest_versions("ml.churn.model", stages=["Production"])[0]',
    ].join('\n'),
    useInstead: [
      'from mlflow import MlflowClient',
      '',
      'client = MlflowClient()',
      'client.set_registered_model_alias("ml.churn.model", "champion", 4)',
      'champion = client.get_model_version_by_alias("ml.churn.model", "champion")',
    ].join('\n'),
    fix: 'Rewrites a transition to Production or Staging into `set_registered_model_alias(name, "champion" / "challenger", version)` (or the alias the file\'s own alias calls already name after the stage, `"production"`, where they name no champion or challenger) on the same client with the same argument expressions, dropping `archive_existing_versions` (an alias points at one version). No fix for Archived or None, for a stage that is not a literal, where the call\'s return value is used, where the file reads stages back (`current_stage`, `get_latest_versions`, `latest_versions`: a wait loop would wait for a stage the alias never sets), or for a client built for the workspace registry or a registry the file shows is its own server (`set_tracking_uri("http://...")`, whose MLflow version may predate aliases: their workflow is stages), or for a model name in a Databricks notebook that Unity Catalog cannot hold (a space or a slash in it: the workspace registry\'s model, and that registry refuses aliases, "Method \'set_registered_model_alias\' is unsupported for models in the Workspace Model Registry"), or in a notebook that installs an MLflow older than aliases (`%pip install mlflow==1.29.0`, `mlflow~=2.2.0`: aliases came with 2.3, and there the message says that its advice needs an upgrade); where the file does not show its registry, the fix title says that it is for a model in Unity Catalog or an open-source MLflow 2.3+ registry; none for `get_latest_versions`, which returns a list where `get_model_version_by_alias` returns one version.',
    fixSafety:
      'Unsafe: code elsewhere (jobs, endpoints, other notebooks) that still loads `models:/<name>/Production` no longer sees the versions this code promotes; move those loaders to `models:/<name>@champion` (MLT402) in the same change.',
    examFact: 'Unity Catalog model aliases ("champion", "challenger") replace stages: promote with `set_registered_model_alias`, load `models:/<name>@champion`.',
    references: [
      { title: 'Manage model lifecycle in Unity Catalog (Databricks)', url: 'https://docs.databricks.com/en/machine-learning/manage-model-lifecycle/index.html' },
      { title: 'Workspace Model Registry (legacy): stages, and deleting only versions in None or Archived (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/manage-model-lifecycle/workspace-model-registry' },
      { title: 'MLflow Model Registry: deploy and organize models with aliases and tags', url: 'https://mlflow.org/docs/latest/model-registry.html#deploy-and-organize-models-with-aliases-and-tags' },
    ],
  },
  triggers: ['transition_model_version_stage', 'get_latest_versions', 'transition-stage', 'transition-requests'],
  check(context) {
    // MLflow's own tests (private MLflow imports in test code): the library's behaviour is the input.
    if (testsMlflowInternals(context.model)) return;
    const { model } = context;
    for (const transition of stageTransitions(model)) if (context.reportsAt(transition.methodName)) reportTransition(context, transition);
    for (const lookup of latestVersionsLookups(model)) if (context.reportsAt(lookup.site.node)) reportLookup(context, lookup);
    for (const { node, endpoint } of stageEndpointUrls(model)) reportEndpoint(context, node, endpoint);
  },
};
