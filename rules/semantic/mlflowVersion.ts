import type { SemanticModel } from './semanticModel';

/**
 * MLflow's registered-model aliases (`set_registered_model_alias`, `models:/name@alias`) came
 * with MLflow 2.3.0: before it the client has no such method and a `models:/` URI cannot name
 * an alias.
 */
const ALIASES_SINCE = [2, 3, 0];
const MLFLOW_DISTRIBUTIONS = new Set(['mlflow', 'mlflow-skinny']);

function versionParts(text: string): number[] | undefined {
  if (!/^\d+(?:\.\d+)*$/.test(text)) return undefined;
  const parts = text.split('.').map(Number);
  while (parts.length < 3) parts.push(0);
  return parts;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Whether a requirement's specifier (`==1.29.0`, `<2.3`, `>=1.20,<2`, `~=2.2.0`) allows only versions before aliases. */
function allowsOnlyVersionsBeforeAliases(specifier: string): boolean {
  return specifier.split(',').some((clause) => {
    // `~=2.2.0` is `>=2.2.0, ==2.2.*`: below 2.3, the prefix with its last part raised.
    const compatible = /^\s*~=\s*(\d+(?:\.\d+)+)\s*$/.exec(clause);
    if (compatible) {
      const parts = compatible[1].split('.').map(Number).slice(0, -1);
      parts[parts.length - 1] += 1;
      return compare(parts, ALIASES_SINCE) <= 0;
    }
    const match = /^\s*(==|<=|<)\s*([\d.]+)\s*$/.exec(clause);
    const version = match ? versionParts(match[2]) : undefined;
    if (!match || !version) return false;
    // `<2.3` excludes 2.3.0 itself; `<=2.2.9` and `==1.29.0` are before it.
    return match[1] === '<' ? compare(version, ALIASES_SINCE) <= 0 : compare(version, ALIASES_SINCE) < 0;
  });
}

/**
 * Whether the notebook installs an MLflow that has no aliases: `%pip install mlflow==1.29.0`
 * (or mlflow-skinny, or an upper bound below 2.3). A fix that moves the file to aliases would
 * call a method, or load a URI, that this MLflow does not have.
 */
export function installsMlflowBeforeAliases(model: SemanticModel): boolean {
  return model.notebook.pipRequirements.some((requirement) => MLFLOW_DISTRIBUTIONS.has(requirement.normalizedName) && allowsOnlyVersionsBeforeAliases(requirement.specifier));
}
