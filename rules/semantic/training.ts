import type { Node } from 'web-tree-sitter';
import { ancestorsOf, field } from '../engine/syntax';
import type { CallSite, SemanticModel } from './semanticModel';

/**
 * "Training in the file" (the spec's "Context"): a `.fit(`, `.train(`, hyperopt `fmin(`,
 * `study.optimize(`, an xgboost / lightgbm `train(` call, or a `databricks.automl`
 * classify / regress / forecast call. A notebook that only downloads, wraps or registers a
 * model trained elsewhere does not train, and promotion advice about comparing with the
 * champion is noise there.
 */

const AUTOML_CALLS = ['databricks.automl.classify', 'databricks.automl.regress', 'databricks.automl.forecast'];

const cache = new WeakMap<SemanticModel, boolean>();

export function trainsInFile(model: SemanticModel): boolean {
  let trains = cache.get(model);
  if (trains === undefined) {
    const runs = (site: CallSite) => runsWithTheFile(model, site.node);
    trains =
      model.callsNamed('fit', 'train').some((site) => !!site.receiver && runs(site)) ||
      model.callsNamed('fmin').some((site) => (!site.qualifiedName || site.qualifiedName.startsWith('hyperopt')) && runs(site)) ||
      model.callsNamed('optimize').some((site) => !!site.receiver && !site.qualifiedName?.startsWith('scipy') && runs(site)) ||
      model.callsNamed('classify', 'regress', 'forecast').some((site) => !!site.qualifiedName && AUTOML_CALLS.includes(site.qualifiedName) && runs(site));
    cache.set(model, trains);
  }
  return trains;
}

/**
 * Whether a call runs when the file does: any call of the user's own code, and in code that
 * `%run` or a star import brings in, a call at its top level or in a function something calls.
 * A utilities notebook run for its helpers (`%run ./utils` in a promotion notebook) defines a
 * `train_model` that only the training notebook calls.
 */
function runsWithTheFile(model: SemanticModel, call: Node): boolean {
  if (model.document.host.range({ start: call.startIndex, end: call.startIndex })) return true;
  const outermost = ancestorsOf(call).find((ancestor) => ancestor.type === 'function_definition');
  const name = outermost ? field(outermost, 'name')?.text : undefined;
  if (!outermost) return true;
  if (!name) return false;
  return model.callsNamed(name).some((site) => site.node.startIndex < outermost.startIndex || site.node.startIndex >= outermost.endIndex);
}
