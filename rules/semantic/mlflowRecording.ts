import { unparenthesize } from '../engine/syntax';
import { keywordArgument } from './calls';
import { receiverIsLocalObject } from './libraryEvidence';
import { isTrackingCall } from './mlflowRuns';
import type { CallSite, SemanticModel } from './semanticModel';
import { booleanValue } from './values';

/**
 * What a file puts in MLflow when it trains, for what a message may say of it: whether it records
 * runs, and whether it logs the model it trains. Undecided cases count as no: a message then says
 * less, never something false.
 */
export interface MlflowRecording {
  runs: boolean;
  model: boolean;
}

/** Calls that put a model in MLflow: a flavor's or a client's `log_model`, a registration. */
const MODEL_LOGGING_CALLS = ['log_model', 'register_model', 'create_model_version'];

/**
 * Autolog calls that record a training run with its model when their library trains: the generic
 * one and the training flavors'. Not `mlflow.spark.autolog` (data sources of runs that exist),
 * nor the tracing and GenAI flavors (`openai`, `langchain`), nor `transformers`, whose autolog
 * only keeps the other integrations quiet while a transformers model trains.
 */
const TRAINING_AUTOLOG = /^mlflow\.(?:(?:sklearn|pyspark\.ml|xgboost|lightgbm|tensorflow|keras|pytorch|statsmodels)\.)?autolog$/;

/** Modules whose training MLflow's autologging records, model included. */
const AUTOLOGGED_LIBRARIES = ['xgboost', 'lightgbm', 'tensorflow', 'keras', 'pytorch_lightning', 'lightning', 'statsmodels'];

/** Parts of scikit-learn and Spark ML that split, score, load data or hold vectors: importing them trains nothing. */
const NOT_TRAINING = /^(?:sklearn\.(?:model_selection|metrics|datasets|utils|exceptions)|pyspark\.ml\.(?:evaluation|linalg|functions|util))(?:\.|$)/;

/** Whether the file imports a library whose training autologging records (not `sklearn.model_selection` for a split alone). */
function importsAutologgedTraining(model: SemanticModel): boolean {
  if (AUTOLOGGED_LIBRARIES.some((library) => model.importsModule(library))) return true;
  for (const module of model.importedModules) {
    if ((module === 'sklearn' || module.startsWith('sklearn.') || module === 'pyspark.ml' || module.startsWith('pyspark.ml.')) && !NOT_TRAINING.test(module)) return true;
  }
  return false;
}

/** `mlflow.sklearn.log_model(...)`, `client.create_model_version(...)`, `fe.log_model(...)`: MLflow's, or a method of an object the file does not define (not the file's own `def log_model`). */
function logsModelExplicitly(model: SemanticModel, site: CallSite): boolean {
  if (site.qualifiedName?.startsWith('mlflow.')) return true;
  return !!site.receiver && unparenthesize(site.callee).type === 'attribute' && !receiverIsLocalObject(model, site) && !model.resolveFunction(site.callee);
}

export function mlflowRecording(model: SemanticModel): MlflowRecording {
  const explicitModel = model.callsNamed(...MODEL_LOGGING_CALLS).some((site) => logsModelExplicitly(model, site));
  const autologs = model.callsNamed('autolog').filter((site) => /^mlflow\.(?:[\w.]+\.)?autolog$/.test(site.qualifiedName ?? ''));
  const enabled = autologs.filter((site) => booleanValue(model, keywordArgument(site, 'disable')) !== true);
  // `mlflow.autolog()` records only what a library it supports trains; a flavor's own names its library.
  const training = enabled.filter((site) => TRAINING_AUTOLOG.test(site.qualifiedName ?? '') && (site.qualifiedName !== 'mlflow.autolog' || importsAutologgedTraining(model)));
  const autologModel = training.some((site) => booleanValue(model, keywordArgument(site, 'log_models')) !== false);
  // Databricks Autologging calls mlflow.autolog() in Databricks notebooks, unless the notebook
  // configures autolog itself; it does not apply to runs made with mlflow.start_run().
  const startsRuns = model.callsNamed('start_run').some((site) => site.qualifiedName?.startsWith('mlflow.'));
  const databricksAutologging = model.notebook.isDatabricksNotebook && autologs.length === 0 && !startsRuns && importsAutologgedTraining(model);
  const tracking = model.calls().some((site) => site.name !== 'autolog' && isTrackingCall(model, site));
  return {
    runs: tracking || explicitModel || training.length > 0 || databricksAutologging,
    model: explicitModel || autologModel || databricksAutologging,
  };
}
