import { runsWithTheFile } from './includedCode';
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
