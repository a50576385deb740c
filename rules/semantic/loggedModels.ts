import type { Node } from 'web-tree-sitter';
import { contains, field, namedChildren } from '../engine/syntax';
import { argument, keywordArgument } from './calls';
import { featureLogModelCalls } from './featureStore';
import { runBlocks } from './mlflowRuns';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringTemplate, UNKNOWN_PART } from './stringTemplates';

/**
 * Which logging call a model URI points at: `info.model_uri` after `info = mlflow.x.log_model(...)`,
 * `f"runs:/{run.info.run_id}/model"` inside `with mlflow.start_run() as run:`, and
 * `models:/<name>/...` for the names logging calls register.
 */

/** `mlflow.<flavor>.log_model(...)`: a model without feature store metadata. */
export function isPlainMlflowLogModel(site: CallSite): boolean {
  return site.name === 'log_model' && /^mlflow\.\w+\.log_model$/.test(site.qualifiedName ?? '');
}

/** The artifact path of a logging call: `artifact_path=`, MLflow 3's `name=`, or the second positional argument. */
export function loggedArtifactPath(model: SemanticModel, site: CallSite): string | undefined {
  const node = keywordArgument(site, 'artifact_path') ?? keywordArgument(site, 'name') ?? argument(site, 'artifact_path', 1);
  const template = stringTemplate(model, node);
  return template?.exact ? template.text : undefined;
}

/** The registered model name in `models:/<name>/<version>` or `models:/<name>@<alias>`. */
export function registeredNameInUri(uri: string): string | undefined {
  const match = /^models:\/([^/@]+)(?:[/@]|$)/.exec(uri);
  return match && !match[1].includes(UNKNOWN_PART) ? match[1] : undefined;
}

/** The logging call a model URI expression comes from, when the file says so exactly. */
export function loggingCallOfUri(model: SemanticModel, uri: Node, isLogging: (site: CallSite) => boolean): CallSite | undefined {
  const value = model.resolveValue(uri);
  // `info.model_uri` after `info = mlflow.sklearn.log_model(...)`
  if (value.type === 'attribute' && field(value, 'attribute')?.text === 'model_uri') {
    const object = field(value, 'object');
    const source = object ? model.resolveValue(object) : undefined;
    if (source?.type === 'call') {
      const site = model.callSite(source);
      return isLogging(site) ? site : undefined;
    }
    return undefined;
  }
  const runUri = readRunsUri(model, value);
  if (!runUri) return undefined;
  const loggers = model.callsWithin(runUri.runBody).filter((site) => isLogging(site) && loggedArtifactPath(model, site) === runUri.artifactPath);
  return loggers.length === 1 ? loggers[0] : undefined;
}

/** `f"runs:/{run.info.run_id}/<path>"` where `run` is bound by `with mlflow.start_run() as run:`. */
function readRunsUri(model: SemanticModel, value: Node): { runBody: Node; artifactPath: string } | undefined {
  if (value.type !== 'string') return undefined;
  const parts = namedChildren(value).filter((child) => child.type !== 'string_start' && child.type !== 'string_end');
  if (parts.length !== 3 || parts[0].type !== 'string_content' || parts[0].text !== 'runs:/') return undefined;
  if (parts[1].type !== 'interpolation' || parts[2].type !== 'string_content' || !parts[2].text.startsWith('/')) return undefined;
  const inner = namedChildren(parts[1]);
  if (inner.length !== 1) return undefined;
  const runId = model.resolveValue(inner[0]);
  const run = /^(\w+)\.info\.run_id$/.test(runId.text) ? field(field(runId, 'object') ?? runId, 'object') : undefined;
  if (run?.type !== 'identifier') return undefined;
  const binding = model.lookup(run);
  if (!binding || binding.kind !== 'opaque') return undefined;
  const block = runBlocks(model).find((candidate) => candidate.statement.startIndex < binding.node.startIndex && contains(candidate.statement, binding.node) && binding.node.endIndex <= candidate.body.startIndex);
  if (!block) return undefined;
  return { runBody: block.body, artifactPath: parts[2].text.slice(1).replace(/\/+$/, '') };
}

/** What the file registers under each model name, as far as it can tell. */
export interface RegisteredModels {
  /** Name -> plain MLflow logging calls that register under it. */
  plain: Map<string, CallSite[]>;
  /** Names a feature store log_model (or an unidentified registration) may register under. */
  featureAware: Set<string>;
  /** A feature store log_model or registration registers under a name the file does not spell out. */
  unknownNames: boolean;
}

export function registeredModels(model: SemanticModel): RegisteredModels {
  const result: RegisteredModels = { plain: new Map(), featureAware: new Set(), unknownNames: false };
  const addPlain = (name: string, site: CallSite) => result.plain.set(name, [...(result.plain.get(name) ?? []), site]);
  for (const site of model.callsNamed('log_model')) {
    if (!isPlainMlflowLogModel(site)) continue;
    const name = stringTemplate(model, keywordArgument(site, 'registered_model_name'));
    if (name?.exact) addPlain(name.text, site);
  }
  for (const site of featureLogModelCalls(model)) {
    const node = keywordArgument(site, 'registered_model_name');
    if (!node) continue;
    const name = stringTemplate(model, node);
    if (name?.exact) result.featureAware.add(name.text);
    else result.unknownNames = true;
  }
  for (const site of model.callsNamed('register_model')) {
    if (site.qualifiedName !== 'mlflow.register_model') continue;
    const name = stringTemplate(model, argument(site, 'name', 1));
    const uri = argument(site, 'model_uri', 0);
    const logged = uri ? loggingCallOfUri(model, uri, isPlainMlflowLogModel) : undefined;
    if (!name?.exact) result.unknownNames = true;
    else if (logged) addPlain(name.text, logged);
    else result.featureAware.add(name.text);
  }
  return result;
}
