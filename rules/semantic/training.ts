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

const trainsCache = new FactCache<SemanticModel, boolean>();
const callsCache = new FactCache<SemanticModel, CallSite[]>();

export function trainsInFile(model: SemanticModel): boolean {
  return trainsCache.get(model, () => trainingCalls(model).some((site) => runsWithTheFile(model, site.node)));
}

/** The training calls of the file (as trainsInFile counts them, wherever they run), in document order; once per lint (MLT407 asks of every block). */
export function trainingCalls(model: SemanticModel): CallSite[] {
  return callsCache.get(model, () => model.callsNamed('fit', 'train', 'fmin', 'optimize', 'classify', 'regress', 'forecast').filter(isTrainingCall));
}

function isTrainingCall(site: CallSite): boolean {
  switch (site.name) {
    case 'fit':
    case 'train':
      return !!site.receiver;
    case 'fmin':
      return !site.qualifiedName || site.qualifiedName.startsWith('hyperopt');
    case 'optimize':
      return !!site.receiver && !site.qualifiedName?.startsWith('scipy');
    default:
      return !!site.qualifiedName && AUTOML_CALLS.includes(site.qualifiedName);
  }
}
