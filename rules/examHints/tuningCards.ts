import type { ApiCard } from './apiCard';

/** Spark ML model selection, Hyperopt and Optuna (MLT105, MLT202-204). */
export const tuningCards: ApiCard[] = [
  {
    key: 'pyspark.ml.tuning.CrossValidator',
    title: 'CrossValidator(estimator=, estimatorParamMaps=, evaluator=, numFolds=3, parallelism=1)',
    match: { qualifiedNames: ['pyspark.ml.tuning.CrossValidator'] },
    what:
      'Chooses the best parameter combination by k-fold cross-validation, then refits the estimator with it ' +
      'on the whole data set.',
    examFact:
      'It trains numFolds x (number of ParamGrid combinations) models, plus one refit on the whole data: ' +
      '3 folds x 12 combinations = 36 models (+1). The count grows fast; TrainValidationSplit trains each ' +
      'combination once.',
    confusedWith: '`TrainValidationSplit`: one train/validation split (`trainRatio=0.75`), one model per combination.',
    relatedRules: ['MLT105', 'MLT106'],
    domain: 'Model Development',
    references: [{ title: 'ML Tuning: model selection and hyperparameter tuning (Spark)', url: 'https://spark.apache.org/docs/latest/ml-tuning.html' }],
    example: [
      'from pyspark.ml.evaluation import BinaryClassificationEvaluator',
      'from pyspark.ml.tuning import CrossValidator, ParamGridBuilder',
      '',
      'grid = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1, 1.0]).addGrid(lr.maxIter, [10, 50]).build()',
      'cv = CrossValidator(estimator=pipeline, estimatorParamMaps=grid, evaluator=BinaryClassificationEvaluator(), numFolds=3)',
      '# 3 folds x 6 combinations = 18 models (+1 refit)',
    ].join('\n'),
  },
  {
    key: 'pyspark.ml.tuning.TrainValidationSplit',
    title: 'TrainValidationSplit(estimator=, estimatorParamMaps=, evaluator=, trainRatio=0.75)',
    match: { qualifiedNames: ['pyspark.ml.tuning.TrainValidationSplit'] },
    what:
      'Evaluates each parameter combination once on a single train/validation split, then refits the best one ' +
      'on all the data.',
    examFact:
      'One model per ParamGrid combination (+1 refit), where CrossValidator trains numFolds of them: cheaper, ' +
      'but the estimate rests on one split, so it is noisier on small data sets.',
    confusedWith: '`CrossValidator`: numFolds x combinations models, a steadier estimate at k times the cost.',
    relatedRules: ['MLT105', 'MLT106'],
    domain: 'Model Development',
    references: [{ title: 'ML Tuning: model selection and hyperparameter tuning (Spark)', url: 'https://spark.apache.org/docs/latest/ml-tuning.html' }],
    example: [
      'from pyspark.ml.tuning import TrainValidationSplit',
      '',
      'tvs = TrainValidationSplit(estimator=pipeline, estimatorParamMaps=grid, evaluator=evaluator, trainRatio=0.8)',
    ].join('\n'),
  },
  {
    key: 'pyspark.ml.tuning.ParamGridBuilder',
    title: 'ParamGridBuilder().addGrid(param, values).build()',
    match: { qualifiedNames: ['pyspark.ml.tuning.ParamGridBuilder'] },
    what:
      'Builds the list of parameter maps for CrossValidator or TrainValidationSplit: every combination of the ' +
      'values given to `addGrid` (a Cartesian product).',
    examFact:
      'The number of combinations is the product of the list lengths: 3 regParam values x 2 maxIter values = 6; ' +
      'with 3 folds CrossValidator then trains 18 models (+1 refit). End the chain with `.build()`.',
    confusedWith: 'A Hyperopt search space (`hp.choice`, `hp.uniform`), which is sampled `max_evals` times, not enumerated.',
    relatedRules: ['MLT105'],
    domain: 'Model Development',
    references: [{ title: 'ML Tuning: model selection and hyperparameter tuning (Spark)', url: 'https://spark.apache.org/docs/latest/ml-tuning.html' }],
    example: [
      'from pyspark.ml.tuning import ParamGridBuilder',
      '',
      'grid = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1, 1.0]).addGrid(lr.maxIter, [10, 50]).build()',
    ].join('\n'),
  },
  {
    key: 'hyperopt.SparkTrials',
    title: 'SparkTrials(parallelism=None, timeout=None, loss_threshold=None, spark_session=None)',
    match: { qualifiedNames: ['hyperopt.SparkTrials', 'hyperopt.spark.SparkTrials'] },
    what:
      'Makes Hyperopt\'s `fmin` run each trial as a Spark task, up to `parallelism` at a time (default: Spark\'s default ' +
      'parallelism; at most 128, and no more than the concurrent tasks the cluster allows): for tuning single-machine models ' +
      '(scikit-learn, XGBoost) across the cluster.',
    examFact:
      'TPE learns from completed trials, so there is a trade-off between parallelism and adaptivity: with parallelism close ' +
      'to max_evals most trials start at once and the search is close to random search. Keep parallelism well below ' +
      'max_evals; about max_evals / 10 is a rule of thumb, not a documented limit.',
    confusedWith:
      '`Trials()`, which runs the trials one after another on the driver: the one to use when each trial is itself ' +
      'distributed (Spark ML, Horovod).',
    relatedRules: ['MLT202', 'MLT205'],
    domain: 'Model Development',
    legacy: 'Hyperopt is not included in Databricks Runtime ML after 16.4 LTS: use Optuna (MlflowSparkStudy for parallel trials on Spark) or Ray Tune',
    references: [
      { title: 'Hyperopt concepts (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/hyperopt-concepts' },
      { title: 'Hyperparameter tuning with Optuna (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/optuna' },
    ],
    example: [
      'from hyperopt import SparkTrials, fmin, tpe',
      '',
      'best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=100, trials=SparkTrials(parallelism=10))',
    ].join('\n'),
  },
  {
    key: 'hyperopt.fmin',
    title: 'fmin(fn, space, algo=None, max_evals=None, trials=None)',
    match: { qualifiedNames: ['hyperopt.fmin', 'hyperopt.fmin.fmin'] },
    what:
      'Hyperopt\'s optimizer: calls `fn` with points drawn from `space`, `max_evals` times, and returns the best ' +
      'point found, the one with the lowest loss. Without `algo` it searches with TPE (`tpe.suggest`); ' +
      '`rand.suggest` is random search.',
    examFact:
      'fmin minimizes: for a metric where higher is better (accuracy, F1, AUC, R2) return ' +
      '`{"loss": -f1, "status": STATUS_OK}`. With SparkTrials keep parallelism well below max_evals (about max_evals / 10 ' +
      'is a rule of thumb). For `hp.choice` the result holds the index of the choice: `space_eval(space, best)` gives the values.',
    confusedWith: 'Optuna\'s `study.optimize`, where the direction is set on `create_study(direction="maximize")` instead.',
    relatedRules: ['MLT202', 'MLT203', 'MLT205', 'MLT301'],
    domain: 'Model Development',
    legacy: 'Hyperopt is not included in Databricks Runtime ML after 16.4 LTS: use Optuna (MlflowSparkStudy for parallel trials on Spark) or Ray Tune',
    references: [
      { title: 'Hyperopt concepts (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/hyperopt-concepts' },
      { title: 'Hyperparameter tuning with Optuna (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/optuna' },
    ],
    example: [
      'from hyperopt import STATUS_OK, SparkTrials, fmin, tpe',
      'from sklearn.ensemble import RandomForestClassifier',
      'from sklearn.metrics import f1_score',
      '',
      'def objective(params):',
      '    model = RandomForestClassifier(**params).fit(X_train, y_train)',
      '    f1 = f1_score(y_val, model.predict(X_val))',
      '    return {"loss": -f1, "status": STATUS_OK}',
      '',
      'best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=50, trials=SparkTrials(parallelism=5))',
    ].join('\n'),
  },
  {
    key: 'optuna.create_study',
    title: 'optuna.create_study(*, direction=None (minimize), sampler=None, pruner=None)',
    match: { qualifiedNames: ['optuna.create_study', 'optuna.study.create_study', 'optuna.study.study.create_study'] },
    what:
      'Creates the study that `study.optimize(objective, n_trials=...)` runs; its default sampler is TPE.',
    examFact:
      'A study minimizes by default: pass `direction="maximize"` when the objective returns accuracy, F1 or AUC. ' +
      'Pass `callbacks=[MLflowCallback(...)]` to `optimize` to log each trial to MLflow, and keep `n_jobs` (threads on ' +
      'the driver) well below `n_trials`. To run trials in parallel on Spark, MLflow 3 offers `MlflowSparkStudy` with ' +
      '`MlflowStorage`, which keeps every trial as an MLflow run.',
    confusedWith: 'Hyperopt\'s `fmin`, which always minimizes: there the metric is negated instead.',
    relatedRules: ['MLT203', 'MLT202', 'MLT204'],
    domain: 'Model Development',
    references: [{ title: 'Hyperparameter tuning with Optuna (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/optuna' }],
    example: [
      'import optuna',
      'from optuna.integration.mlflow import MLflowCallback',
      '',
      'study = optuna.create_study(direction="maximize")',
      'study.optimize(objective, n_trials=50, callbacks=[MLflowCallback(metric_name="f1", create_experiment=False)])',
    ].join('\n'),
  },
  {
    key: 'optuna.integration.mlflow.MLflowCallback',
    title: 'MLflowCallback(tracking_uri=None, metric_name="value")',
    match: {
      qualifiedNames: [
        'optuna.integration.MLflowCallback',
        'optuna.integration.mlflow.MLflowCallback',
        'optuna_integration.MLflowCallback',
        'optuna_integration.mlflow.MLflowCallback',
      ],
    },
    what:
      'An Optuna callback that logs each finished trial as an MLflow run: the trial\'s parameters and its ' +
      'objective value under `metric_name`.',
    examFact:
      'Pass it to `study.optimize(objective, n_trials=..., callbacks=[MLflowCallback(metric_name="f1")])`; without ' +
      'it (or logging inside the objective) none of the study\'s trials reach MLflow. By default it calls ' +
      '`mlflow.set_experiment(study.study_name)` before each trial; `create_experiment=False` keeps the trials in the ' +
      'experiment in use, which Optuna\'s documentation requires in a Databricks notebook.',
    confusedWith:
      'Logging inside the objective with `mlflow.start_run(nested=True)`: the other way to get one run per trial; ' +
      'the callback needs no logging code in the objective.',
    relatedRules: ['MLT204'],
    domain: 'Model Development',
    references: [{ title: 'Hyperparameter tuning with Optuna (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/optuna' }],
    example: [
      'from optuna.integration.mlflow import MLflowCallback',
      '',
      'study.optimize(objective, n_trials=50, callbacks=[MLflowCallback(metric_name="f1", create_experiment=False)])',
    ].join('\n'),
  },
  {
    key: 'hyperopt.Trials',
    title: 'Trials()',
    match: { qualifiedNames: ['hyperopt.Trials', 'hyperopt.base.Trials'] },
    what:
      'Hyperopt\'s default trials object: `fmin` runs the trials one after another on the driver and records each ' +
      'result in it (`trials.results`, `trials.best_trial`).',
    examFact:
      'Use Trials (or pass no trials at all) when each trial is itself distributed, such as a Spark ML estimator: the ' +
      'trial then runs on the driver and can use the whole cluster. SparkTrials is for single-machine learners ' +
      '(scikit-learn, XGBoost): it runs each trial\'s objective in a Spark task on a worker, where Spark ML cannot run.',
    confusedWith: '`SparkTrials(parallelism=...)`, which runs up to `parallelism` single-machine trials at once on the workers.',
    relatedRules: ['MLT202', 'MLT205'],
    domain: 'Model Development',
    legacy: 'Hyperopt is not included in Databricks Runtime ML after 16.4 LTS: use Optuna (MlflowSparkStudy for parallel trials on Spark) or Ray Tune',
    references: [
      { title: 'Use distributed training algorithms with Hyperopt (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/hyperopt-distributed-ml' },
      { title: 'Hyperopt concepts (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/hyperopt-concepts' },
    ],
    example: [
      'from hyperopt import Trials, fmin, tpe',
      '',
      'trials = Trials()',
      'best = fmin(fn=train_spark_ml_model, space=space, algo=tpe.suggest, max_evals=20, trials=trials)',
    ].join('\n'),
  },
  {
    key: 'MlflowSparkStudy',
    title: 'MlflowSparkStudy(study_name, storage=MlflowStorage(experiment_id=...), sampler=None, pruner=None).optimize(func, n_trials, n_jobs=-1)',
    match: {
      qualifiedNames: [
        'mlflow.pyspark.optuna.study.MlflowSparkStudy',
        'mlflow.optuna.storage.MlflowStorage',
      ],
    },
    what:
      'MLflow 3\'s Optuna study that runs trials in parallel on Spark executors; `MlflowStorage` keeps the study and ' +
      'each trial in an MLflow experiment (one run per trial), so every executor shares the same study.',
    examFact:
      'The replacement for Hyperopt\'s SparkTrials on Databricks (MLflow 3.0 and above). ' +
      'The study minimizes (its sampler is TPE by default): return a loss, or negate a higher-is-better score. ' +
      '`n_jobs` defaults to -1, one Spark task per trial all at once; a smaller `n_jobs` lets TPE learn from finished ' +
      'trials. Like SparkTrials, the objective runs on the workers: for single-machine learners, not Spark ML.',
    confusedWith:
      '`optuna.create_study(...).optimize(..., n_jobs=k)`, which runs k threads on the driver only; Hyperopt\'s ' +
      'SparkTrials (legacy).',
    relatedRules: ['MLT203', 'MLT205'],
    domain: 'Model Development',
    references: [
      { title: 'Hyperparameter tuning with Optuna (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/optuna' },
      { title: 'Hyperopt concepts (Databricks): Optuna replaces Hyperopt', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/hyperopt-concepts' },
    ],
    example: [
      'from mlflow.optuna.storage import MlflowStorage',
      'from mlflow.pyspark.optuna.study import MlflowSparkStudy',
      '',
      'storage = MlflowStorage(experiment_id=experiment_id)',
      'study = MlflowSparkStudy("churn-rf", storage)',
      'study.optimize(objective, n_trials=64, n_jobs=8)  # objective returns a loss',
    ].join('\n'),
  },
];
