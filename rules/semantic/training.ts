import { FactCache } from '../engine/reads';
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

const cache = new FactCache<SemanticModel, boolean>();

export function trainsInFile(model: SemanticModel): boolean {
  return cache.get(model, () => {
    const runs = (site: CallSite) => runsWithTheFile(model, site.node);
    return (
      model.callsNamed('fit', 'train').some((site) => !!site.receiver && runs(site)) ||
      model.callsNamed('fmin').some((site) => (!site.qualifiedName || site.qualifiedName.startsWith('hyperopt')) && runs(site)) ||
      model.callsNamed('optimize').some((site) => !!site.receiver && !site.qualifiedName?.startsWith('scipy') && runs(site)) ||
      model.callsNamed('classify', 'regress', 'forecast').some((site) => !!site.qualifiedName && AUTOML_CALLS.includes(site.qualifiedName) && runs(site))
    );
  });
}
