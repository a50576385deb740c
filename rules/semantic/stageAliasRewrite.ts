import type { SourceDocument } from '../engine/sourceDocument';
import { field } from '../engine/syntax';
import { argument } from './calls';
import { callValueIsUsed, canonicalStage, latestVersionsLookups, type ModelStage, type StageTransition, stageEndpointUrls, stageTransitions, transitionStages } from './modelRegistry';
import { isDeliberateWorkspaceRegistryCall, isStageTestOnOwnStore, registryByModelName, registryContextOfCall } from './registryContext';
import { installsMlflowBeforeAliases } from './mlflowVersion';
import { aliasForStage } from './stageAliases';
import { usesRegistryWebhooks } from './registryWebhooks';
import type { SemanticModel } from './semanticModel';
import { stringValue } from './values';

/**
 * Which stage transitions MLT401's fix rewrites into `set_registered_model_alias`, asked by
 * MLT401 (whether to offer the fix) and MLT402 (whether its alias URI fix leaves the file
 * consistent): a file that still moves versions to Production by stage and then loads
 * `models:/m@champion` loads an alias nothing sets.
 */

/** Code that reads a model version's stage: `mv.current_stage`, `get_latest_versions(...)`, `registered_model.latest_versions`. */
const READS_STAGES = /current_stage|latest_versions/;

/**
 * Whether the code reads the stages of the model a `models:/` URI names (`uriName` as the URI
 * writes it: `churn`, `{MODEL_NAME}`): `get_latest_versions` of it (or of a name not written
 * out), or a version's `current_stage` / a registered model's `latest_versions` read in code
 * (`mv.current_stage`, `dict(mv)["current_stage"]`). Such a file still depends on stages:
 * rewriting its stage URI to an alias leaves it reading a stage, with an alias nothing sets.
 * Comments, strings and markdown read nothing; a lookup of another model written out is that
 * model's; a name that only contains the word (`current_stage_idx`, a loop variable) is no read.
 */
const STAGE_FIELDS = ['current_stage', 'latest_versions'];

export function readsStagesOf(model: SemanticModel, uriName: string): boolean {
  const lookupsThisModel = latestVersionsLookups(model).some((lookup) => {
    const name = argument(lookup.site, 'name', 0);
    const written = name ? stringValue(model, name) : undefined;
    return written === undefined || uriName.includes('{') || written === uriName;
  });
  if (lookupsThisModel) return true;
  if (model.nodesAroundText(STAGE_FIELDS, 'attribute').some((node) => STAGE_FIELDS.includes(field(node, 'attribute')?.text ?? ''))) return true;
  return model.nodesAroundText(['current_stage'], 'subscript').some((node) => {
    const key = field(node, 'subscript');
    return !!key && stringValue(model, key) === 'current_stage';
  });
}

/**
 * The alias MLT401's fix rewrites `transition` to (`champion` for Production, `challenger` for
 * Staging), or undefined where the transition stays as written: a stage that is not a literal
 * Production or Staging, a call whose returned ModelVersion is used (the alias call returns
 * None), a client of the workspace registry (whose workflow is stages), a call the file makes
 * deliberately against that registry or in a test of its own store (not reported at all), a
 * file that reads stages back (a wait loop on `current_stage` would wait for a stage the alias
 * never sets) or works with registry webhooks (which fire on stage transitions), a notebook
 * that installs an MLflow older than aliases (2.3), and arguments the fix cannot rewrite (a
 * splat, an unexpected keyword).
 */
export function transitionAlias(document: SourceDocument, model: SemanticModel, transition: StageTransition): string | undefined {
  const stage = transition.stageText === undefined ? undefined : canonicalStage(transition.stageText);
  const alias = stage ? aliasForStage(model, stage) : undefined;
  if (!alias || callValueIsUsed(transition.site) || isDeliberateWorkspaceRegistryCall(model, transition)) return undefined;
  // Arguments the fix can rewrite: exactly name, version, stage (and the archive flag), no splat, on a client's method.
  const { plain, name, version, stage: stageNode, site } = transition;
  if (!plain || !name || !version || !stageNode || !site.arguments || site.callee.type !== 'attribute') return undefined;
  const registry = registryContextOfCall(model, transition.site);
  // A name Unity Catalog cannot hold, in a Databricks notebook, is the workspace registry's, which
  // refuses aliases ("Method 'set_registered_model_alias' is unsupported for models in the
  // Workspace Model Registry").
  if (registryByModelName(model, registry, name) === 'workspace' || isStageTestOnOwnStore(model, registry) || usesRegistryWebhooks(model) || installsMlflowBeforeAliases(model)) return undefined;
  return document.textMatches(READS_STAGES) ? undefined : alias;
}

/**
 * Whether the file moves versions of `modelName` (as a `models:/` URI writes it: `churn`,
 * `{MODEL_NAME}`) to `stage` in a way MLT401's fix leaves as it is: a transition to it (or to a
 * stage the file does not show) that is not rewritten to an alias, or a call of the REST
 * transition endpoints. Transitions to Archived or None move nothing there, and neither does a
 * transition of a model the file shows is another.
 */
export function keepsStageTransitionsTo(document: SourceDocument, model: SemanticModel, stage: ModelStage, modelName: string): boolean {
  if (stageEndpointUrls(model).length > 0) return true;
  return stageTransitions(model).some((transition) => {
    const stages = transitionStages(transition);
    if (stages.length > 0 && !stages.includes(stage)) return false;
    if (namesAnotherModel(model, transition, modelName)) return false;
    return transitionAlias(document, model, transition) === undefined;
  });
}

/** Whether a transition's model name and a URI's are both written out (`"fraud"`, `"churn"`) and differ. */
function namesAnotherModel(model: SemanticModel, transition: StageTransition, uriName: string): boolean {
  if (!transition.name || uriName.includes('{')) return false;
  const name = stringValue(model, transition.name);
  return name !== undefined && name !== uriName;
}

