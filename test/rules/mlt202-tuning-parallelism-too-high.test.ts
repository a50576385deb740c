import { mlt202TuningParallelismTooHigh } from '../../rules/mlt202-tuning-parallelism-too-high';
import { describeRule } from '../support/ruleTester';

describeRule(mlt202TuningParallelismTooHigh, {
  flagged: [
    {
      name: 'a parallelism above the cap, with the cap still at least half of max_evals: the message counts 128',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        best = fmin(objective, space, algo=tpe.suggest, max_evals=220, trials=SparkTrials(parallelism=200))
      `,
      findings: [{ line: 2, column: 83, message: "SparkTrials runs up to 128 of fmin's 220 trials at once (parallelism=200, capped at 128)" }],
    },
    {
      name: 'SparkTrials parallelism equal to max_evals, tpe.suggest named in the message',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        trials = SparkTrials(parallelism=32)
        best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=32, trials=trials)
      `,
      findings: [{ line: 2, column: 22, message: 'SparkTrials runs up to 32 of fmin\'s 32 trials at once: TPE (tpe.suggest) proposes each trial', severity: 'warning' }],
    },
    {
      name: 'algo not given: fmin falls back to TPE, and the message says so',
      code: `
        from hyperopt import SparkTrials, fmin
        fmin(fn=objective, space=space, max_evals=40, trials=SparkTrials(parallelism=40))
      `,
      findings: [{ line: 2, column: 66, message: "TPE (fmin's default algorithm)" }],
    },
    {
      name: 'algo=None is fmin\'s default TPE too',
      code: `
        from hyperopt import SparkTrials, fmin
        fmin(objective, space, None, 30, trials=SparkTrials(parallelism=15))
      `,
      findings: [{ line: 2, column: 53, message: "TPE (fmin's default algorithm)" }],
    },
    {
      name: 'parallelism exactly half of max_evals, names bound to literals',
      code: `
        import hyperopt
        MAX_EVALS = 40
        PARALLELISM = 20
        spark_trials = hyperopt.SparkTrials(parallelism=PARALLELISM)
        hyperopt.fmin(objective, space, algo=hyperopt.tpe.suggest, max_evals=MAX_EVALS, trials=spark_trials)
      `,
      findings: [{ line: 4, column: 37, message: 'about 4' }],
    },
    {
      name: 'positional parallelism, SparkTrials written inside the fmin call',
      code: `
        from hyperopt import fmin, tpe
        from hyperopt.spark import SparkTrials
        best = fmin(objective, space, tpe.suggest, 24, trials=SparkTrials(12))
      `,
      findings: [{ line: 3, column: 67 }],
    },
    {
      name: 'fmin with every argument by position, the algorithm bound to a name',
      code: `
        from hyperopt import fmin, tpe, SparkTrials
        algorithm = tpe.suggest
        fmin(objective, space, algorithm, 30, None, None, SparkTrials(parallelism=20))
      `,
      findings: [{ line: 3, column: 63 }],
    },
    {
      name: 'annealing learns from the start: a short search counts',
      code: `
        from hyperopt import SparkTrials, anneal, fmin
        fmin(objective, space, algo=anneal.suggest, max_evals=8, trials=SparkTrials(parallelism=4))
      `,
      findings: [{ line: 2, column: 77, message: 'annealing (anneal.suggest) proposes each trial from the finished ones, and' }],
    },
    {
      name: 'ATPE past its start-up',
      code: `
        from hyperopt import SparkTrials, atpe, fmin
        fmin(objective, space, algo=atpe.suggest, max_evals=16, trials=SparkTrials(parallelism=8))
      `,
      findings: [{ line: 2, column: 76, message: 'ATPE (atpe.suggest)' }],
    },
    {
      name: 'TPE with a shorter start-up through functools.partial',
      code: `
        from functools import partial
        from hyperopt import SparkTrials, fmin, tpe
        algo = partial(tpe.suggest, n_startup_jobs=4)
        fmin(objective, space, algo=algo, max_evals=12, trials=SparkTrials(parallelism=6))
      `,
      findings: [{ line: 4, column: 68, message: 'after its first 4 random trials' }],
    },
    {
      name: 'Optuna n_jobs equal to n_trials',
      code: `
        import optuna
        study = optuna.create_study(direction="minimize")
        study.optimize(objective, n_trials=20, n_jobs=20)
      `,
      findings: [{ line: 3, column: 40, message: "study.optimize runs up to 20 of its 20 trials at once: TPE (Optuna's default sampler)" }],
    },
    {
      name: 'Optuna positional n_trials and n_jobs on a chained study',
      code: `
        import optuna
        optuna.create_study().optimize(objective, 30, None, 16)
      `,
      findings: [{ line: 2, column: 53 }],
    },
    {
      name: 'a loaded study',
      code: `
        from optuna import load_study
        N = 40
        study = load_study(study_name="s", storage="sqlite:///s.db")
        study.optimize(objective, n_trials=N, n_jobs=N)
      `,
      findings: [{ line: 4, column: 39 }],
    },
    {
      name: 'an explicit TPESampler with its start-up count',
      code: `
        import optuna
        sampler = optuna.samplers.TPESampler(n_startup_trials=2, seed=1)
        optuna.create_study(sampler=sampler).optimize(objective, n_trials=8, n_jobs=4)
      `,
      findings: [{ line: 3, column: 70, message: 'TPE (TPESampler) proposes each trial from the finished ones after its first 2 random trials' }],
    },
    {
      name: 'MlflowSparkStudy with n_jobs close to n_trials',
      code: `
        from mlflow.optuna.storage import MlflowStorage
        from mlflow.pyspark.optuna.study import MlflowSparkStudy
        study = MlflowSparkStudy("tuning", MlflowStorage(experiment_id=experiment_id))
        study.optimize(objective, n_trials=32, n_jobs=16)
      `,
      findings: [{ line: 4, column: 40, message: "MlflowSparkStudy.optimize runs up to 16 of its 32 trials at once: TPE (MlflowSparkStudy's default sampler)" }],
    },
    {
      name: 'MlflowSparkStudy without n_jobs: its default -1 gives every trial a Spark task',
      code: `
        import mlflow
        from mlflow.pyspark.optuna.study import MlflowSparkStudy
        study = MlflowSparkStudy(study_name="tuning", storage=storage)
        study.optimize(objective, n_trials=32)
      `,
      findings: [{ line: 4, column: 7, message: 'MlflowSparkStudy.optimize with n_jobs=-1 (its default) gives each of its 32 trials its own Spark task' }],
    },
  ],
  silent: [
    {
      name: 'a parallelism above SparkTrials\' cap of 128: at most 128 of 400 trials run at once, under half',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        best = fmin(objective, space, algo=tpe.suggest, max_evals=400, trials=SparkTrials(parallelism=256))
      `,
    },
    {
      name: 'parallelism well below max_evals',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=100, trials=SparkTrials(parallelism=8))
      `,
    },
    {
      name: 'parallelism just below half of max_evals',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=41, trials=SparkTrials(parallelism=20))
      `,
    },
    {
      name: 'parallelism 1 is sequential TPE',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=40, trials=SparkTrials(parallelism=1))
      `,
    },
    {
      name: 'random search loses nothing in parallel',
      code: `
        from hyperopt import SparkTrials, fmin, rand
        fmin(fn=objective, space=space, algo=rand.suggest, max_evals=40, trials=SparkTrials(parallelism=40))
      `,
    },
    {
      name: 'a short TPE search: its first 20 trials are random whatever runs beside them',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=16, trials=SparkTrials(parallelism=8))
        fmin(fn=objective, space=space, max_evals=20, trials=SparkTrials(parallelism=20))
      `,
    },
    {
      name: 'fewer than 4 trials, even with annealing',
      code: `
        from hyperopt import SparkTrials, anneal, fmin
        fmin(objective, space, algo=anneal.suggest, max_evals=3, trials=SparkTrials(parallelism=3))
      `,
    },
    {
      name: 'an algorithm the file does not show, a partial with an unknown start-up',
      code: `
        from functools import partial
        from hyperopt import SparkTrials, fmin, tpe
        from my_project.search import my_algo
        fmin(objective, space, algo=my_algo, max_evals=40, trials=SparkTrials(parallelism=40))
        fmin(objective, space, algo=partial(tpe.suggest, n_startup_jobs=startup), max_evals=40, trials=SparkTrials(parallelism=40))
      `,
    },
    {
      name: 'test code: a test file, a test function',
      fileName: 'tests/test_tuning.py',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=40, trials=SparkTrials(parallelism=40))
      `,
    },
    {
      name: 'test code: a def test_ function in a notebook',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        def test_spark_trials_run_in_parallel():
            fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=40, trials=SparkTrials(parallelism=40))
            optuna.create_study().optimize(objective, n_trials=40, n_jobs=40)
        import optuna
      `,
    },
    {
      name: 'parallelism from a variable of unknown value',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        workers = sc.defaultParallelism
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=40, trials=SparkTrials(parallelism=workers))
      `,
    },
    {
      name: 'SparkTrials without parallelism (the default)',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=40, trials=SparkTrials())
      `,
    },
    {
      name: 'plain Trials() has no parallelism',
      code: `
        from hyperopt import Trials, fmin, tpe
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=40, trials=Trials())
      `,
    },
    {
      name: 'a local fmin and SparkTrials that are not hyperopt\'s',
      code: `
        def SparkTrials(parallelism):
            return parallelism
        def fmin(**kwargs):
            return kwargs
        fmin(fn=objective, max_evals=40, trials=SparkTrials(parallelism=40))
      `,
    },
    {
      name: 'max_evals set through **kwargs',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        options = {"max_evals": 40}
        fmin(objective, space, trials=SparkTrials(parallelism=40), **options)
      `,
    },
    {
      name: 'Optuna n_jobs=-1 (all cores: unknown count)',
      code: `
        import optuna
        optuna.create_study().optimize(objective, n_trials=40, n_jobs=-1)
      `,
    },
    {
      name: 'Optuna: a short study is random until 10 trials finish',
      code: `
        import optuna
        optuna.create_study().optimize(objective, n_trials=10, n_jobs=10)
        optuna.create_study().optimize(objective, n_trials=8, n_jobs=4)
      `,
    },
    {
      name: 'Optuna samplers that are not adaptive, or not known here; a multi-objective study',
      code: `
        import optuna
        optuna.create_study(sampler=optuna.samplers.RandomSampler()).optimize(objective, n_trials=40, n_jobs=40)
        optuna.create_study(sampler=make_sampler()).optimize(objective, n_trials=40, n_jobs=40)
        optuna.create_study(directions=["minimize", "minimize"]).optimize(objective, n_trials=40, n_jobs=40)
        optuna.create_study(**study_options).optimize(objective, n_trials=40, n_jobs=40)
      `,
    },
    {
      name: 'Optuna TPE with constant_liar=True, made for parallel trials',
      code: `
        import optuna
        sampler = optuna.samplers.TPESampler(constant_liar=True)
        optuna.create_study(sampler=sampler).optimize(objective, n_trials=40, n_jobs=20)
      `,
    },
    {
      name: 'Optuna without n_jobs runs one trial at a time',
      code: `
        import optuna
        optuna.create_study().optimize(objective, n_trials=40)
      `,
    },
    {
      name: 'Optuna with a timeout and no n_trials',
      code: `
        import optuna
        optuna.create_study().optimize(objective, timeout=600, n_jobs=8)
      `,
    },
    {
      name: 'MlflowSparkStudy with few tasks, and one whose trial count is not known',
      code: `
        from mlflow.pyspark.optuna.study import MlflowSparkStudy
        study = MlflowSparkStudy("tuning", storage)
        study.optimize(objective, n_trials=32, n_jobs=4)
        study.optimize(objective, n_trials=n_trials)
        study.optimize(objective, n_trials=8)
      `,
    },
    {
      name: 'optimize on an object that is not a study',
      code: `
        import optuna
        from scipy import optimize
        tuner = make_tuner()
        tuner.optimize(objective, n_trials=40, n_jobs=40)
      `,
    },
    {
      name: 'text in a string and a comment',
      code: `
        # trials = SparkTrials(parallelism=32); fmin(max_evals=32)
        note = "fmin(fn, max_evals=40, trials=SparkTrials(parallelism=40))"
      `,
    },
  ],
  fixes: [
    {
      name: 'lowers parallelism to max_evals // 10',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        trials = SparkTrials(parallelism=32)
        best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=40, trials=trials)
      `,
      output: `
        from hyperopt import SparkTrials, fmin, tpe
        trials = SparkTrials(parallelism=4)
        best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=40, trials=trials)
      `,
      fixTitle: 'Set parallelism to 4 (max_evals // 10, a rule of thumb)',
      safety: 'unsafe',
    },
    {
      name: 'at least 1 for a small search',
      code: `
        from hyperopt import SparkTrials, anneal, fmin
        fmin(objective, space, anneal.suggest, 6, trials=SparkTrials(3))
      `,
      output: `
        from hyperopt import SparkTrials, anneal, fmin
        fmin(objective, space, anneal.suggest, 6, trials=SparkTrials(1))
      `,
      safety: 'unsafe',
    },
    {
      name: 'lowers Optuna n_jobs to n_trials // 10',
      code: `
        import optuna
        study = optuna.create_study()
        study.optimize(objective, n_trials=100, n_jobs=64)
      `,
      output: `
        import optuna
        study = optuna.create_study()
        study.optimize(objective, n_trials=100, n_jobs=10)
      `,
      fixTitle: 'n_jobs',
      safety: 'unsafe',
    },
    {
      name: 'adds n_jobs to an MlflowSparkStudy that gives every trial a task',
      code: `
        from mlflow.pyspark.optuna.study import MlflowSparkStudy
        study = MlflowSparkStudy("tuning", storage)
        study.optimize(objective, n_trials=50)
      `,
      output: `
        from mlflow.pyspark.optuna.study import MlflowSparkStudy
        study = MlflowSparkStudy("tuning", storage)
        study.optimize(objective, n_trials=50, n_jobs=5)
      `,
      fixTitle: 'Set n_jobs to 5',
      safety: 'unsafe',
    },
    {
      name: 'replaces n_jobs=-1 on an MlflowSparkStudy',
      code: `
        from mlflow.pyspark.optuna.study import MlflowSparkStudy
        MlflowSparkStudy("tuning", storage).optimize(objective, n_trials=30, n_jobs=-1)
      `,
      output: `
        from mlflow.pyspark.optuna.study import MlflowSparkStudy
        MlflowSparkStudy("tuning", storage).optimize(objective, n_trials=30, n_jobs=3)
      `,
      safety: 'unsafe',
    },
  ],
});
