import { addKeywordArgument, replaceNode } from './engine/fixBuilders';
import { unparenthesize } from './engine/syntax';
import type { Fix, Rule, RuleContext, TextEdit } from './engine/types';
import { archivesExistingVersions, archivesVersionsByHand, canonicalStage, type StageTransition, stageParameterSource, stageTransitions, transitionStages } from './semantic/modelRegistry';
import { isFirstProductionOfOwnModel } from './semantic/freshRegisteredModels';
import type { SemanticModel } from './semantic/semanticModel';
import { isDeliberateWorkspaceRegistryCall, isGuardedAgainstUnityCatalog, registryContextOfCall } from './semantic/registryContext';

function archiveFix(context: RuleContext, transition: StageTransition): Fix | undefined {
  let edit: TextEdit | undefined;
  if (transition.archive) {
    // `archive_existing_versions=False` written in place: flip it.
    const written = unparenthesize(transition.archive);
    if (written.type === 'false') edit = replaceNode(written, 'True');
  } else {
    edit = addKeywordArgument(context.document, transition.site.node, 'archive_existing_versions=True');
  }
  return edit ? { title: 'Set archive_existing_versions=True', safety: 'safe', edits: [edit] } : undefined;
}

/** For a helper's stage parameter, where Production comes from: ` (stage, as the call on line 12 passes it)`. */
function parameterNote(model: SemanticModel, transition: StageTransition): string {
  const parameter = transition.stageText === undefined ? transition.stageParameter : undefined;
  if (!parameter) return '';
  return ` (${stageParameterSource(model, parameter.name, parameter.values.filter((value) => canonicalStage(value.value) === 'Production'))})`;
}

export const mlt404ProductionWithoutArchive: Rule = {
  meta: {
    id: 'MLT404',
    name: 'production-without-archive',
    severity: 'information',
    area: 'Registry and lifecycle',
    domain: 'MLOps',
    legacy: 'workspace-registry stages; an alias points at one version, so nothing is left behind',
    title: 'A transition to Production leaves the previous Production version in place unless it archives it',
  },
  docs: {
    trap: 'Promoting a new version with `transition_model_version_stage(name, version, "Production")` and expecting the old Production version to step down.',
    reality:
      'Without `archive_existing_versions=True` the previous Production version stays in Production too: the stage then holds two versions, and `models:/<name>/Production` loads the newest of them. `archive_existing_versions=True` moves the versions already in the stage to Archived. Code that archives the model\'s old version itself (a transition of the same model to Archived, or a call before the promotion to a function of the file that archives that model\'s Production versions, or the latest version of every stage: `retire_current(name)`) needs neither, and is left alone; so is the first promotion of a model the file creates itself (`create_registered_model`, a `delete_registered_model` before it, also in a function of the file called with the name, or a name made unique with `uuid.uuid4()`), which has no version in Production yet. A helper that passes its stage parameter on (`def move(version, stage)`) is reported when the file\'s calls or its default make that stage Production. MLT401 (legacy stages) reports the same call and carries this point in its message, so this rule speaks only when MLT401 is turned off (a team that deliberately stays on the workspace registry) or where MLT401 leaves the call alone (code guarded by a Unity Catalog check); in a Unity Catalog context the call raises instead, and this rule is silent.',
    example: [
      'from mlflow import MlflowClient',
      '',
      'client = MlflowClient()',
      'client.transition_model_version_stage("churn_model", 5, "Production")',
    ].join('\n'),
    useInstead: [
      'from mlflow import MlflowClient',
      '',
      'client = MlflowClient()',
      'client.transition_model_version_stage("churn_model", 5, "Production", archive_existing_versions=True)',
    ].join('\n'),
    fix: 'Adds `archive_existing_versions=True` to the call (or turns a written `False` into `True`); none on a helper whose stage is a parameter, which serves the other stages its callers pass too.',
    fixSafety: 'Safe: archiving the replaced version is what a promotion to Production means; keep `False` only if two versions must serve from Production at once.',
    examFact: '`archive_existing_versions` defaults to False: a transition to Production without it leaves the previous Production version in Production too.',
    references: [
      { title: 'MLflow REST API: Transition ModelVersion Stage', url: 'https://www.mlflow.org/docs/latest/rest-api.html#transition-modelversion-stage' },
      { title: 'Manage model lifecycle using the Workspace Model Registry (legacy)', url: 'https://docs.databricks.com/aws/machine-learning/manage-model-lifecycle/workspace-model-registry' },
    ],
  },
  triggers: ['transition_model_version_stage'],
  check(context) {
    const { model } = context;
    // MLT401 carries this point in its own finding on the call: one call, one finding.
    const legacyRuleSpeaks = context.isRuleActive('MLT401');
    for (const transition of stageTransitions(model)) {
      // A literal Production, or a helper's stage parameter that the file sets to Production.
      const stages = transitionStages(transition);
      if (!transition.stage || !stages.includes('Production')) continue;
      if (archivesExistingVersions(model, transition) !== false) continue;
      // `archive the old version, promote the new one`: the code retires the previous version itself.
      if (archivesVersionsByHand(model, transition)) continue;
      // The first promotion of a model the file made itself: no version is in Production yet.
      if (isFirstProductionOfOwnModel(model, transition)) continue;
      // Where MLT401 leaves the call alone (the workspace side of a Unity Catalog check), this rule speaks.
      if (legacyRuleSpeaks && !isDeliberateWorkspaceRegistryCall(model, transition)) continue;
      const workspaceBranch = isGuardedAgainstUnityCatalog(context.document, transition.site.node);
      // In Unity Catalog the call raises (MLT401): no version moves at all. Code on the
      // workspace side of a Unity Catalog check runs against the workspace registry.
      if (!workspaceBranch && registryContextOfCall(model, transition.site).context === 'unity-catalog') continue;
      // A helper serves every stage its callers pass: archiving there would change their transitions too.
      const fix = transition.stageText !== undefined ? archiveFix(context, transition) : undefined;
      context.report({
        node: transition.stage,
        message: `this transition to Production${parameterNote(model, transition)} leaves any version already in Production there too: pass archive_existing_versions=True`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
