import type { Fix, Rule, RuleContext } from './engine/types';
import { argument } from './semantic/calls';
import { stringValue } from './semantic/values';
import { stringTemplate } from './semantic/stringTemplates';
import { canonicalStage, MODEL_STAGES, parameterValuesSource, unsupportedInUnityCatalog } from './semantic/modelRegistry';
import { assignedBinding, isCopySource, type ModelUri, modelUrisInFile } from './semantic/modelUris';
import { fileRunsOnDatabricks } from './semantic/libraryEvidence';
import { aliasesNeedNewerMlflow, installsMlflowBeforeAliases } from './semantic/mlflowVersion';
import { aliasForStage } from './semantic/stageAliases';
import type { SemanticModel } from './semantic/semanticModel';
import { keepsStageTransitionsTo, readsStagesOf } from './semantic/stageAliasRewrite';
import { stubsMlflow, testsMlflowInternals } from './semantic/testCode';
import { isGuardedAgainstUnityCatalog, isStageTestOnOwnStore, type RegistryContext, registryByModelNameText, registryContext } from './semantic/registryContext';

const UNSUPPORTED = unsupportedInUnityCatalog('get_latest_versions');
/** Where registered-model aliases exist (MLflow added them in 2.3). */
const ALIAS_REGISTRIES = ' (for a model in Unity Catalog or an open-source MLflow 2.3+ registry)';

/** `where`: said in the title where the file does not show Unity Catalog (the alias must exist in a registry that has aliases). */
function aliasFix(uri: ModelUri, alias: string, where = ''): Fix | undefined {
  if (!uri.segmentRange) return undefined;
  return {
    title: `Load the alias URI models:/${uri.name}@${alias}${where}`,
    safety: 'unsafe',
    edits: [{ ...uri.segmentRange, newText: `@${alias}` }],
  };
}

/** Whether the file sets the alias itself: `set_registered_model_alias(name, "champion", version)`. */
function setsAlias(context: RuleContext, alias: string | undefined): boolean {
  return alias !== undefined && context.model.callsNamed('set_registered_model_alias').some((site) => stringValue(context.model, argument(site, 'alias', 1)) === alias);
}

/** The registry a URI is resolved against: Unity Catalog for a three-part name, else the file's. */
function uriRegistry(context: RuleContext, uri: ModelUri): RegistryContext {
  // Counted on the literal text, not on the name as shown: `{self.config.model_name}` is one computed part.
  if (uri.nameParts === 3) return 'unity-catalog';
  // A name Unity Catalog cannot hold (`"Churn Prediction Bank"`), in a Databricks notebook: the workspace registry's.
  return registryByModelNameText(context.model, registryContext(context.model), () => uriModelName(context.model, uri));
}

/** The URI as the message names it; for a parameter segment, with the value that makes it a stage URI and where that value comes from. */
function writtenUri(context: RuleContext, uri: ModelUri): string {
  const computed = uri.fromComputed;
  if (computed) {
    // `.format(name, "Staging")`: a literal is its value, shown in place.
    if (computed.stages.length === 1 && /^(['"])[^'"\\]*\1$/.test(computed.written)) return `models:/${uri.name}/${computed.stages[0]}`;
    const stages = computed.shown.join(' or ');
    return computed.written === '...' ? `models:/${uri.name}/{...} (its stage part is ${stages})` : `models:/${uri.name}/{${computed.written}} (${computed.written} is ${stages})`;
  }
  const defaulted = uri.fromDefault;
  if (defaulted) return `models:/${uri.name}/{${defaulted.written}} (${defaulted.written} is "${uri.segment}" wherever ${defaulted.unless})`;
  const from = uri.fromParameter;
  if (!from) return `models:/${uri.name}/${uri.segment}`;
  // Each stage the parameter takes, with the call (or default) that gives it; calls on one line
  // (`print(score("Production"), score("Staging"))`) are named once.
  const taken = [from.value, ...from.otherStages];
  const sources = taken.map((value) => parameterValuesSource(context.model, [value]));
  if (taken.length > 1 && new Set(sources).size === 1 && taken.every((value) => !value.fromDefault)) {
    const where = context.model.document.whereAre(taken.map((value) => value.node.startIndex));
    return `models:/${uri.name}/{${from.parameter}} with ${from.parameter}=${taken.map((value) => `"${value.value}"`).join(' or ')} (as the calls ${where} pass them)`;
  }
  const values = taken.map((value, index) => `"${value.value}" (${sources[index]})`);
  return `models:/${uri.name}/{${from.parameter}} with ${from.parameter}=${values.join(' or ')}`;
}

/** The stages a URI may load: each a computed segment may be, each a parameter takes, else its own. */
function stagesOf(uri: ModelUri): string[] {
  if (uri.fromComputed) return uri.fromComputed.stages;
  if (uri.fromParameter) return [uri.fromParameter.value, ...uri.fromParameter.otherStages].map((value) => value.value);
  return [uri.segment];
}

/** The model name part of a `models:/` URI as the file shows it (`"Churn Prediction Bank"` through a constant, `f"{PREFIX} churn"`). */
function uriModelName(model: SemanticModel, uri: ModelUri): string | undefined {
  const template = stringTemplate(model, uri.string);
  return template?.text.startsWith('models:/') ? template.text.slice('models:/'.length).split('/')[0] : undefined;
}

/** The advice without a fix: an alias per stage where each stage has one (a computed segment may be Staging or Production). */
function insteadOfStages(model: SemanticModel, uri: ModelUri): string {
  const stages = [...new Set(stagesOf(uri).map((segment) => canonicalStage(segment)))];
  const aliases = stages.map((stage) => (stage ? aliasForStage(model, stage) : undefined));
  if (stages.length > 1 && aliases.every((alias) => alias !== undefined)) {
    return `load an alias URI instead (${stages.map((stage, index) => `models:/${uri.name}@${aliases[index]} for ${stage}`).join(', ')})`;
  }
  return `load a version number or an alias (models:/${uri.name}@<alias>)`;
}

/**
 * A URI bound to a name that nothing in the file reads, beside the same URI written where it is
 * used (`model_uri = f"models:/{name}/production"` left unused, then `score_batch(f"models:/{name}/production", ...)`):
 * one trap, reported once, where the model is loaded.
 */
function repeatsUnread(context: RuleContext, uri: ModelUri, uris: readonly ModelUri[]): boolean {
  const unread = (candidate: ModelUri) => {
    const binding = assignedBinding(context.model, candidate.string);
    // mayBeRead walks the name's reads once for all its bindings: asked here for every pair of
    // URIs, mayRead's walk per binding made a mutated notebook take minutes (a fuzz find).
    return binding !== undefined && !context.model.mayBeRead(binding);
  };
  if (!unread(uri)) return false;
  const same = (other: ModelUri) => other !== uri && other.name === uri.name && other.segment.toLowerCase() === uri.segment.toLowerCase();
  return uris.some((other) => same(other) && !unread(other));
}

function checkUri(context: RuleContext, uri: ModelUri): void {
  const written = writtenUri(context, uri);
  if (uri.target.kind === 'unknown') {
    context.report({
      node: uri.string,
      severity: 'error',
      message: `${written}: "${uri.segment}" is neither a version number, "latest", nor a stage (${MODEL_STAGES.join(', ')}, in any case), so loading the model fails; load a version (models:/${uri.name}/3) or an alias (models:/${uri.name}@champion)${aliasesNeedNewerMlflow(context.model)}`,
    });
    return;
  }
  if (uri.target.kind !== 'stage' && uri.target.kind !== 'latest') return;
  if (isGuardedAgainstUnityCatalog(context.document, uri.string)) return;
  if (uri.nameParts !== 3 && isStageTestOnOwnStore(context.model, registryContext(context.model))) return;
  // A test that stubs MLflow out hands the URI to the code under test: nothing is loaded.
  if (stubsMlflow(context.document, context.model, uri.string)) return;
  const registry = uriRegistry(context, uri);
  if (uri.target.kind === 'latest') {
    if (registry !== 'unity-catalog') return;
    context.report({
      node: uri.string,
      severity: 'error',
      message: `${written} raises in Unity Catalog: MLflow resolves "latest" through get_latest_versions, and Unity Catalog refuses it (${UNSUPPORTED}); load an alias (models:/${uri.name}@champion)${aliasesNeedNewerMlflow(context.model)} or a version number`,
    });
    return;
  }
  const { stage } = uri.target;
  // A computed or environment-given stage is no text a fix can replace; nor is a parameter that
  // takes two stages (one alias in its place would load the same version for both).
  const alias = uri.fromComputed || uri.fromDefault || (uri.fromParameter?.otherStages.length ?? 0) > 0 ? undefined : aliasForStage(context.model, stage);
  const instead = `${alias ? `load the alias URI models:/${uri.name}@${alias}` : insteadOfStages(context.model, uri)}${aliasesNeedNewerMlflow(context.model)}`;
  // The file still moves versions to this stage (a transition MLT401's fix leaves as written): the
  // alias URI would load an alias nothing sets.
  // So does a file that reads this model's stages back (`get_latest_versions(name, ["Staging"])`,
  // `mv.current_stage`) outside Unity Catalog, unless it sets the alias itself (a migration).
  const readsStages = registry !== 'unity-catalog' && readsStagesOf(context.model, uri.name) && !setsAlias(context, alias);
  // An MLflow older than aliases (`%pip install mlflow==1.29.0`) cannot load the alias URI.
  const aliasSet = alias !== undefined && !keepsStageTransitionsTo(context.document, context.model, stage, uri.name) && !readsStages && !installsMlflowBeforeAliases(context.model);
  if (registry === 'unity-catalog') {
    const fix = alias && aliasSet ? aliasFix(uri, alias) : undefined;
    context.report({
      node: uri.string,
      severity: 'error',
      message: `${written} raises in Unity Catalog: MLflow resolves a stage URI through get_latest_versions, and Unity Catalog refuses it (${UNSUPPORTED}); ${instead}`,
      fixes: fix ? [fix] : [],
    });
    return;
  }
  // The source of a copy outside Unity Catalog is a version of the workspace registry (whose copy
  // to Unity Catalog takes it by stage), named as that registry names it: nothing is loaded.
  if (isCopySource(context.model, uri.string)) return;
  // The workspace registry's workflow is stages: no alias fix where the file says it uses it,
  // and where the registry is unknown the title says where aliases are.
  // A script for an open-source MLflow server has no "workspace registry": stages are MLflow's
  // own there, and so are they in a Databricks notebook that sets a store of its own.
  const ownStore = !!registryContext(context.model).ownStore;
  const onDatabricks = fileRunsOnDatabricks(context.model) && !ownStore;
  const fix = alias && aliasSet && registry !== 'workspace' ? aliasFix(uri, alias, ALIAS_REGISTRIES) : undefined;
  // Each stage the URI may load that is not written as the registry spells it (`staging` and `production` from a helper's two calls).
  const misspelled = [...new Set(stagesOf(uri).filter((segment) => canonicalStage(segment) !== segment).map((segment) => canonicalStage(segment) ?? segment))];
  const spelled = misspelled.length === 1 ? `the stage is spelled "${misspelled[0]}"` : `the stages are spelled ${misspelled.map((name) => `"${name}"`).join(' and ')}`;
  const notes = [
    ...(onDatabricks ? [] : ['stages are deprecated since MLflow 2.9 in favour of aliases']),
    // MLflow's own registry reads a stage in any case; Databricks documents only the spelling for its workspace registry.
    ...(misspelled.length === 0 ? [] : [onDatabricks ? spelled : `MLflow matches stage names in any case; ${spelled}`]),
  ];
  const legacy = `${onDatabricks ? "the workspace registry's legacy stage" : 'a legacy MLflow model stage'}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
  // A store of MLflow's own (a tracking server, sqlite) has aliases itself since MLflow 2.3.
  const consequence = ownStore
    ? `loads the model by ${legacy}; ${instead}${aliasesNeedNewerMlflow(context.model) ? '' : ' (aliases exist since MLflow 2.3)'}`
    : registry === 'workspace'
      ? `loads the model by ${legacy}; in Unity Catalog, ${instead}`
      : `loads the model by ${legacy}; in Unity Catalog it raises (stage URIs go through get_latest_versions, which Unity Catalog refuses): ${instead}`;
  context.report({ node: uri.string, message: `${written} ${consequence}`, fixes: fix ? [fix] : [] });
}

export const mlt402StageModelUri: Rule = {
  meta: {
    id: 'MLT402',
    name: 'stage-model-uri',
    severity: 'information',
    area: 'Registry and lifecycle',
    domain: 'MLOps',
    legacy: 'stage URIs of the workspace registry; Unity Catalog loads by alias (`models:/name@champion`) or version',
    title: 'Load models by alias (models:/name@champion), not by stage (models:/name/Production)',
  },
  docs: {
    trap: 'Loading or deploying a model with a stage URI such as `models:/churn/Production` (in a string, an f-string, or built with `+`, `.format` or `%`, also from a helper\'s stage parameter whose default or caller in the file gives a stage, directly or through up to three functions that pass their own parameter on (or a segment that is no stage, such as an alias after a slash: `models:/{name}/{alias}` with alias="champion"), and from an expression whose every value in the file is a stage: a conditional, the arms of an if/else, a dict of stages looked up by key, a function of the file that returns one; a name left `None` and formatted into the URI gives the stage `None`; an environment variable whose default is a stage, `os.getenv("MODEL_STAGE", "Production")`, which loads by stage wherever the variable is unset, or a notebook widget the file creates with a stage as its default, `dbutils.widgets.text("stage", "Production")` then `dbutils.widgets.get("stage")`, which does wherever a run passes no other value; with no fix), with `models:/churn/latest` in Unity Catalog, or with a segment that is no stage at all (`models:/churn/Prod`).',
    reality:
      'A `models:/` URI names a version number (`models:/m/3`), the latest version (`models:/m/latest`), a stage (`models:/m/Production`) or an alias (`models:/m@champion`); `models:/<model_id>` names an MLflow 3 logged model. MLflow resolves a stage URI and `latest` through `get_latest_versions`, which Unity Catalog refuses ("Method \'get_latest_versions\' is unsupported for models in the Unity Catalog"): in Unity Catalog load an alias or a version. Stages are the legacy workspace-registry workflow, where `latest` works too; open-source MLflow matches stage names in any case (`models:/m/production` works there; the canonical spelling is `Production`). Any other segment (`Prod`, `Development`) is read as a stage and fails when the model is loaded, in either registry. The severity follows the registry: an error in a Unity Catalog context (`set_registry_uri("databricks-uc")`, a three-part model name), information elsewhere. Code that talks to a store of MLflow\'s own (an MLflow server, a sqlite or file store) is pointed at that store\'s own aliases (MLflow 2.3 and later), not at Unity Catalog. A URI that is only printed, displayed, logged, recorded with a run (`log_param`, `set_tag`) or compared (also through the name it is bound to) loads nothing and is left alone, as does one in test code that stubs MLflow out (a module put in `sys.modules["mlflow"]`, or `load_model` / `spark_udf` patched in the test around the URI before the URI, or the name the test binds it to, is used), and so is the source of `copy_model_version` outside Unity Catalog (the workspace registry copies a version it names, by stage too, to Unity Catalog: `MlflowClient(registry_uri="databricks").copy_model_version("models:/churn/Production", "main.ml.churn")`), and one bound to a name that is bound again before anything reads it, or whose segment is a template\'s placeholder (`%s`, `{version}`, a course\'s `<model_version>`); one bound to a name the file never uses is reported (a settings module\'s constant is loaded where it is imported). A test file (`test_*.py`, under `tests/`) that talks to a store of MLflow\'s own (`set_tracking_uri(f"sqlite:///{tmp_path}/mlflow.db")`, an MLflow server) loads by stage on purpose and is left alone.',
    example: [
      'import mlflow',
      '',
      'model = mlflow.pyfunc.load_model("models:/ml.churn.model/Production")',
      'predict = mlflow.pyfunc.spark_udf(spark, f"models:/{MODEL_NAME}/Staging")',
    ].join('\n'),
    useInstead: [
      'import mlflow',
      '',
      'model = mlflow.pyfunc.load_model("models:/ml.churn.model@champion")',
      'predict = mlflow.pyfunc.spark_udf(spark, f"models:/{MODEL_NAME}@challenger")',
    ].join('\n'),
    fix: 'Rewrites the stage part of the URI inside the string: `/Production` becomes `@champion` and `/Staging` becomes `@challenger` (or the alias the file\'s own alias calls already name after the stage, `@production`, where they name no champion or challenger), keeping the quotes, prefix and f-string parts (also at the end of the last literal of a `+`, `.format` or `%` template). URIs naming None or Archived, `latest`, unknown segments, and stage URIs in a file that uses the workspace registry (whose workflow is stages) have no fix; nor does a stage URI in a file that still moves versions to that stage in a way MLT401\'s fix leaves as written (a stage passed in as a parameter, a transition whose returned version is used, the REST transition endpoint), nor one in a file that reads stages back (`get_latest_versions(name, [\"Staging\"])`, `current_stage`): the alias would be set by nothing, or the file would go on reading a stage. Nor does a URI in a Databricks notebook whose model name Unity Catalog cannot hold (a space or a slash in it: `"models:/Churn Prediction Bank/Production"`): that is the workspace registry\'s model, and the workspace registry refuses aliases ("Method \'set_registered_model_alias\' is unsupported for models in the Workspace Model Registry"); a plain one-part name keeps the fix (Unity Catalog completes it from the current catalog and schema). Nor does a notebook that installs an MLflow older than aliases (`%pip install mlflow==1.29.0`: aliases came with 2.3, and there the message says that its advice needs an upgrade), nor a helper\'s stage parameter that the file\'s calls give two stages (`load(\"Production\")`, then `load(\"Staging\")` as a fallback: the message names both, and one alias in place of the parameter would load the same version for both). Where the file does not show its registry, the fix title says that it is for a model in Unity Catalog or an open-source MLflow 2.3+ registry.',
    fixSafety: 'Unsafe: the alias must exist on the registered model; set it where the model is promoted (`set_registered_model_alias`, see MLT401) before loading by alias.',
    examFact: 'Load models by alias (`models:/<name>@champion`) or version (`models:/<name>/<version>`), not by stage; `runs:/<run_id>/<artifact_path>` loads a run\'s logged model.',
    references: [
      { title: 'Manage model lifecycle in Unity Catalog (Databricks)', url: 'https://docs.databricks.com/en/machine-learning/manage-model-lifecycle/index.html' },
      { title: 'MLflow Model Registry: deploy and organize models with aliases and tags', url: 'https://mlflow.org/docs/latest/model-registry.html#deploy-and-organize-models-with-aliases-and-tags' },
    ],
  },
  triggers: ['models:/'],
  check(context) {
    // MLflow's own tests (private MLflow imports in test code): the library's behaviour is the input.
    if (testsMlflowInternals(context.model)) return;
    const uris = modelUrisInFile(context.model);
    for (const uri of uris) if (context.reportsAt(uri.string) && !repeatsUnread(context, uri, uris)) checkUri(context, uri);
  },
};
