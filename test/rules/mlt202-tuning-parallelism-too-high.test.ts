import { mlt202TuningParallelismTooHigh } from '../../rules/mlt202-tuning-parallelism-too-high';
import { describeRule } from '../support/ruleTester';

describeRule(mlt202TuningParallelismTooHigh, {
  flagged: [
    {
      name: 'SparkTrials parallelism equal to max_evals',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        trials = SparkTrials(parallelism=32)
        best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=32, trials=trials)
      `,
      findings: [{ line: 2, column: 22, message: 'SparkTrials runs 32 of fmin\'s 32 evaluations at once', severity: 'warning' }],
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
        best = fmin(objective, space, tpe.suggest, 16, trials=SparkTrials(12))
      `,
      findings: [{ line: 3, column: 67 }],
    },
    {
      name: 'fmin with every argument by position',
      code: `
        from hyperopt import fmin, tpe, SparkTrials
        fmin(objective, space, tpe.suggest, 10, None, None, SparkTrials(parallelism=8))
      `,
      findings: [{ line: 2, column: 65 }],
    },
    {
      name: 'Optuna n_jobs equal to n_trials',
      code: `
        import optuna
        study = optuna.create_study(direction="minimize")
        study.optimize(objective, n_trials=20, n_jobs=20)
      `,
      findings: [{ line: 3, column: 40, message: 'study.optimize runs 20 of its 20 trials at once' }],
    },
    {
      name: 'Optuna positional n_trials and n_jobs on a chained study',
      code: `
        import optuna
        optuna.create_study().optimize(objective, 10, None, 6)
      `,
      findings: [{ line: 2, column: 53 }],
    },
    {
      name: 'a loaded study',
      code: `
        from optuna import load_study
        N = 8
        study = load_study(study_name="s", storage="sqlite:///s.db")
        study.optimize(objective, n_trials=N, n_jobs=N)
      `,
      findings: [{ line: 4, column: 39 }],
    },
  ],
  silent: [
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
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=2, trials=SparkTrials(parallelism=1))
      `,
    },
    {
      name: 'parallelism from a variable of unknown value',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        workers = sc.defaultParallelism
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=16, trials=SparkTrials(parallelism=workers))
      `,
    },
    {
      name: 'SparkTrials without parallelism (the default)',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=16, trials=SparkTrials())
      `,
    },
    {
      name: 'plain Trials() has no parallelism',
      code: `
        from hyperopt import Trials, fmin, tpe
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=16, trials=Trials())
      `,
    },
    {
      name: 'a local fmin and SparkTrials that are not hyperopt\'s',
      code: `
        def SparkTrials(parallelism):
            return parallelism
        def fmin(**kwargs):
            return kwargs
        fmin(fn=objective, max_evals=8, trials=SparkTrials(parallelism=8))
      `,
    },
    {
      name: 'max_evals set through **kwargs',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        options = {"max_evals": 8}
        fmin(objective, space, trials=SparkTrials(parallelism=8), **options)
      `,
    },
    {
      name: 'Optuna n_jobs=-1 (all cores: unknown count)',
      code: `
        import optuna
        optuna.create_study().optimize(objective, n_trials=10, n_jobs=-1)
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
      name: 'optimize on an object that is not a study',
      code: `
        import optuna
        from scipy import optimize
        tuner = make_tuner()
        tuner.optimize(objective, n_trials=4, n_jobs=4)
      `,
    },
    {
      name: 'text in a string and a comment',
      code: `
        # trials = SparkTrials(parallelism=32); fmin(max_evals=32)
        note = "fmin(fn, max_evals=8, trials=SparkTrials(parallelism=8))"
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
      safety: 'unsafe',
    },
    {
      name: 'at least 1 for a small search',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        fmin(objective, space, tpe.suggest, 6, trials=SparkTrials(3))
      `,
      output: `
        from hyperopt import SparkTrials, fmin, tpe
        fmin(objective, space, tpe.suggest, 6, trials=SparkTrials(1))
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
  ],
});
