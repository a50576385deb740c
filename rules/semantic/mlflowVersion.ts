import type { PipRequirement } from './notebook';
import { allowsOnlyVersionsBelow } from './requirementVersions';
import type { SemanticModel } from './semanticModel';

/**
 * MLflow's registered-model aliases (`set_registered_model_alias`, `models:/name@alias`) came
 * with MLflow 2.3.0: before it the client has no such method and a `models:/` URI cannot name
 * an alias.
 */
const ALIASES_SINCE = [2, 3, 0];
const MLFLOW_DISTRIBUTIONS = new Set(['mlflow', 'mlflow-skinny']);

/**
 * Whether the notebook installs an MLflow that has no aliases: `%pip install mlflow==1.29.0`
 * (or mlflow-skinny, or any specifier that allows only versions below 2.3). A fix that moves the file to aliases would
 * call a method, or load a URI, that this MLflow does not have.
 */
export function installsMlflowBeforeAliases(model: SemanticModel): boolean {
  return mlflowBeforeAliases(model) !== undefined;
}

/** The notebook's last MLflow install, when it allows only versions without aliases: a later `%pip install --upgrade mlflow` replaces an earlier pin. */
function mlflowBeforeAliases(model: SemanticModel): PipRequirement | undefined {
  const last = model.notebook.pipRequirements.filter((requirement) => MLFLOW_DISTRIBUTIONS.has(requirement.normalizedName)).at(-1);
  return last && allowsOnlyVersionsBelow(last.specifier, ALIASES_SINCE) ? last : undefined;
}

/**
 * What advice to use an alias must add in a notebook that installs an MLflow without aliases:
 * there `set_registered_model_alias` does not exist and a `models:/name@alias` URI is no URI
 * MLflow can parse, so the advice holds only after an upgrade. Empty elsewhere.
 */
export function aliasesNeedNewerMlflow(model: SemanticModel): string {
  const requirement = mlflowBeforeAliases(model);
  return requirement ? ` (after upgrading MLflow: this notebook installs ${requirement.name}${requirement.specifier}, and aliases came with MLflow 2.3)` : '';
}
