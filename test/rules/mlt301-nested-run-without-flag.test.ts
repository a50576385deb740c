import { mlt301NestedRunWithoutFlag } from '../../rules/mlt301-nested-run-without-flag';
import { describeRule } from '../support/ruleTester';

describeRule(mlt301NestedRunWithoutFlag, {
  flagged: [
    {
      name: 'a flagged helper reached through another function, where a call inside a function turns the flag on',
      code: `
        import mlflow

        def run_model(base=False):
            if base:
                mlflow.start_run(run_name="base")

        def step(first):
            run_model(base=first)

        with mlflow.start_run():
            step(True)
      `,
      findings: [{ line: 5, column: 9, message: 'mlflow.start_run() runs inside the run started' }],
    },
    {
      name: 'a helper whose flag one call in a run turns off and another turns on: the message names the call that starts the run, in its run block',
      code: `
        import mlflow

        def train(params, start=False):
            if start:
                mlflow.start_run()
            mlflow.log_params(params)

        with mlflow.start_run():
            train({"a": 1}, False)
            train({"a": 1}, True)

        def fit(params, start=False):
            if start:
                mlflow.start_run()

        with mlflow.start_run():
            fit({"a": 1})

        with mlflow.start_run():
            fit({"a": 2}, start=True)
      `,
      findings: [
        { line: 5, column: 9, message: 'mlflow.start_run() runs inside the run started on line 8 (train() is called there on line 10)' },
        { line: 14, column: 9, message: 'mlflow.start_run() runs inside the run started on line 19 (fit() is called there on line 20)' },
      ],
    },
    {
      name: 'near misses of a flag the call turns off: the call turns it on, the default is on, the flag is negated or bound again',
      code: `
        import mlflow

        def train(data, base=False):
            if base:
                mlflow.start_run(run_name="base")

        def tune(data, own_run=True):
            if own_run:
                mlflow.start_run(run_name="tune")

        def fit(data, shared=False):
            if not shared:
                mlflow.start_run(run_name="fit")

        def score(data, flag=False):
            flag = len(data) > 10
            if flag:
                mlflow.start_run(run_name="score")

        with mlflow.start_run(run_name="parent"):
            train(data, base=True)
            tune(data)
            fit(data)
            score(data)
      `,
      findings: [
        { line: 5, column: 9, message: 'mlflow.start_run() runs inside the run started on line 20 (train() is called there on line 21)' },
        { line: 9, column: 9 },
        { line: 13, column: 9 },
        { line: 18, column: 9 },
      ],
    },
    {
      name: "a loop that calls the project's own code whose names end nothing (a config's as_dict(), a loader)",
      code: `
        import mlflow
        from .cfg import Settings, load_region
        settings = Settings()
        for region in ["eu", "us"]:
            mlflow.start_run()
            mlflow.log_params(settings.as_dict())
            mlflow.log_metric("rows", len(load_region(region)))
      `,
      findings: [{ line: 5, column: 5, message: 'starts a run on each pass of the loop on line 4' }],
    },
    {
      name: 'a run started as a statement of a for loop that nothing in the loop ends: the second pass raises (at the top level; in a function, with a bound run never read, a return of a function written in the loop, a break of an inner loop)',
      code: `
        import mlflow

        for alpha in [0.1, 0.5, 1.0]:
            mlflow.start_run(run_name=f"alpha-{alpha}")
            mlflow.log_metric("rmse", train(alpha))

        def sweep(grid):
            for params in grid:
                run = mlflow.start_run()
                def score(p):
                    return sum(p.values())
                for epoch in range(10):
                    if fit_epoch(epoch):
                        break
                mlflow.log_params(params)

        from loguru import logger
        for seed in [1, 2, 3]:
            mlflow.start_run()
            logger.info("seed {}", seed)
      `,
      findings: [
        { line: 4, column: 5, message: 'mlflow.start_run() starts a run on each pass of the loop on line 3, and nothing in the loop ends it: the next pass\'s start_run raises "Run ... is already active"' },
        { line: 9, column: 15, message: 'each pass of the loop on line 8' },
        { line: 19, column: 5, message: 'each pass of the loop on line 18' },
      ],
    },
    {
      name: 'a run started as a statement in the body of a module-level try, then another after the try',
      code: `
        import mlflow
        try:
            mlflow.start_run(run_name="train")
            mlflow.log_param("alpha", 0.5)
        except ConnectionError:
            print("tracking server down")
        with mlflow.start_run(run_name="evaluate"):
            pass
      `,
      findings: [{ line: 7, column: 6, message: 'mlflow.start_run() is called while the run started on line 3 is still active' }],
    },
    {
      name: 'a map bound to a name and gone through by a for loop or a comprehension inside the run (made inside or before it)',
      code: `
        import mlflow
        from itertools import starmap as smap

        def child(p):
            with mlflow.start_run():
                mlflow.log_param("p", p)

        made_before = map(child, grid)
        with mlflow.start_run():
            for _ in made_before:
                pass
        with mlflow.start_run():
            runs = smap(child, [(1,), (2,)])
            results = [r for r in runs]
      `,
      findings: [
        { line: 5, column: 10, message: 'runs inside the run started on line 9 (the loop on line 10 uses up the map() made on line 8, which calls the function there)' },
      ],
    },
    {
      name: 'itertools.starmap bound to a name: no call is named map or starmap, the text still names it',
      code: `
        import itertools
        import mlflow

        def child(p):
            with mlflow.start_run():
                mlflow.log_param("p", p)

        run_each = itertools.starmap
        with mlflow.start_run():
            list(run_each(child, [(1,), (2,)]))
      `,
      findings: [{ line: 5, column: 10, message: 'runs inside the run started on line 9 (run_each() calls the function there on line 10)' }],
    },
    {
      name: 'a run started as a statement in one cell and never ended, then another started in a later cell',
      code: `
        # Databricks notebook source
        import mlflow
        run = mlflow.start_run()
        mlflow.log_param("alpha", 0.5)

        # COMMAND ----------

        with mlflow.start_run(run_name="second"):
            mlflow.log_metric("rmse", 0.7)
      `,
      findings: [
        {
          line: 8,
          column: 6,
          message:
            'mlflow.start_run() is called while the run started on line 3 is still active (nothing calls mlflow.end_run() between them) and raises "Run ... is already active": end the first run with mlflow.end_run() (or start it in a with statement), or pass nested=True to start a child run',
        },
      ],
    },
    {
      name: "a child run reached through functools.partial and map / starmap (MLflow's child-runs tutorial without nested=True)",
      code: `
        import mlflow
        from functools import partial
        from itertools import starmap

        def log_run(run_name, x):
            with mlflow.start_run(run_name=run_name):
                mlflow.log_metric("m", x)

        def log_trial(run_name, x):
            with mlflow.start_run(run_name=run_name):
                mlflow.log_metric("m", x)

        def log_step(run_name, x):
            with mlflow.start_run(run_name=run_name):
                mlflow.log_metric("m", x)

        def consume(iterator):
            for _ in iterator:
                pass

        with mlflow.start_run():
            consume(starmap(partial(log_run, x=1), [("a",), ("b",)]))
        with mlflow.start_run():
            run = partial(log_trial, x=2)
            run("c")
        with mlflow.start_run():
            # The tutorial as written: the iterator bound to a name, then used up.
            runs = starmap(partial(log_step, x=3), [("d",), ("e",)])
            consume(runs)
      `,
      findings: [
        { line: 6, column: 10, message: 'mlflow.start_run() runs inside the run started on line 21 (starmap() calls the function there on line 22)' },
        { line: 10, column: 10, message: 'mlflow.start_run() runs inside the run started on line 23 (run() is called there on line 25)' },
        { line: 14, column: 10, message: 'mlflow.start_run() runs inside the run started on line 26 (consume() uses up the starmap() made on line 28, which calls the function there on line 29)' },
      ],
    },
    {
      name: 'a map made before the run and used up inside it (by list(), by a helper that hands its parameter to deque()), a map over self.trial, and one over a lambda',
      code: `
        import mlflow
        from collections import deque

        def child(p):
            with mlflow.start_run():
                mlflow.log_param("p", p)

        def drain(iterator):
            deque(iterator, maxlen=0)

        class Search:
            def trial(self, p):
                with mlflow.start_run(run_name=str(p)):
                    mlflow.log_param("p", p)

            def run(self, grid):
                with mlflow.start_run():
                    list(map(self.trial, grid))

        it = map(child, grid)
        runs = map(child, other_grid)
        with mlflow.start_run():
            list(it)
            drain(runs)
        with mlflow.start_run():
            sorted(map(lambda p: child(p), grid))
      `,
      findings: [
        {
          line: 5,
          column: 10,
          message: 'mlflow.start_run() runs inside the run started on line 22 (list() uses up the map() made on line 20, which calls the function there on line 23)',
        },
        { line: 13, column: 14, message: 'runs inside the run started on line 17 (map() calls the function there on line 18)' },
      ],
    },
    {
      name: 'a child run in a method called through self, and through an instance of the class, inside a run',
      code: `
        import mlflow

        class Experiment:
            def run_fold(self, k):
                with mlflow.start_run(run_name=f"fold-{k}"):
                    mlflow.log_metric("fold", k)

            def run(self):
                with mlflow.start_run():
                    for k in range(3):
                        self.run_fold(k)

        experiment = Experiment()
        with mlflow.start_run():
            experiment.run_fold(0)
      `,
      findings: [{ line: 5, column: 14, message: 'mlflow.start_run() runs inside the run started on line 9 (run_fold() is called there on line 11)' }],
    },
    {
      name: 'a method called through the instance name of the enclosing method, from a closure',
      code: `
        import mlflow

        class Sweep:
            def fold(this, k):
                with mlflow.start_run():
                    mlflow.log_metric("fold", k)

            def run(this):
                def each(k):
                    this.fold(k)
                with mlflow.start_run():
                    for k in range(3):
                        each(k)
      `,
      findings: [{ line: 5, column: 14, message: 'mlflow.start_run() runs inside the run started on line 11 (each() is called there on line 13)' }],
    },
    {
      name: 'a child run lexically inside a with block',
      code: `
        import mlflow
        with mlflow.start_run(run_name="parent"):
            for alpha in [0.1, 1.0]:
                with mlflow.start_run(run_name=f"alpha={alpha}"):
                    mlflow.log_param("alpha", alpha)
      `,
      findings: [{ line: 4, column: 14, message: 'mlflow.start_run() runs inside the run started on line 2 and raises "Run ... is already active"', severity: 'error' }],
    },
    {
      name: 'a bare start_run() call inside the block',
      code: `
        import mlflow as mf
        with mf.start_run() as parent:
            child = mf.start_run()
      `,
      findings: [{ line: 3, column: 13 }],
    },
    {
      name: 'a function called inside the block',
      code: `
        import mlflow
        def train_one(params):
            with mlflow.start_run():
                mlflow.log_params(params)
        with mlflow.start_run(run_name="sweep"):
            for params in grid:
                train_one(params)
      `,
      findings: [{ line: 3, column: 10, message: '(train_one() is called there on line 7)' }],
    },
    {
      name: 'the hyperopt objective of an fmin inside the block',
      code: `
        import mlflow
        from hyperopt import fmin, tpe
        def objective(params):
            with mlflow.start_run(run_name="trial"):
                loss = train(params)
            return loss
        with mlflow.start_run(run_name="tuning"):
            best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=20)
      `,
      findings: [{ line: 4, column: 10, message: '(the function is the objective of fmin() on line 8)' }],
    },
    {
      name: 'the Optuna objective, through a helper two calls deep, with nested=False',
      code: `
        import mlflow
        import optuna
        def log_trial(trial, value):
            with mlflow.start_run(nested=False):
                mlflow.log_metric("value", value)
        def objective(trial):
            value = trial.suggest_float("x", 0, 1)
            log_trial(trial, value)
            return value
        study = optuna.create_study()
        with mlflow.start_run():
            study.optimize(objective, n_trials=10)
      `,
      findings: [{ line: 4, column: 10, message: 'objective of optimize() on line 12' }],
    },
    {
      name: 'an Optuna objective with n_jobs=1, passed through a lambda; an fmin objective through functools.partial',
      code: `
        import mlflow
        import optuna
        from functools import partial
        from hyperopt import fmin, tpe, Trials
        def objective(trial, data):
            with mlflow.start_run(run_name="trial"):
                return fit(trial, data)
        def hyperopt_objective(params, data):
            with mlflow.start_run():
                return fit(params, data)
        with mlflow.start_run(run_name="tuning"):
            optuna.create_study().optimize(lambda trial: objective(trial, X), n_trials=5, n_jobs=1)
            fmin(partial(hyperopt_objective, data=X), space, algo=tpe.suggest, max_evals=5, trials=Trials())
      `,
      findings: [
        { line: 6, column: 10, message: 'objective of optimize() on line 12' },
        { line: 9, column: 10, message: 'objective of fmin() on line 13' },
      ],
    },
    {
      name: 'from mlflow import start_run',
      code: `
        from mlflow import start_run
        with start_run():
            with start_run(run_name="child"):
                pass
      `,
      findings: [{ line: 3, column: 10 }],
    },
    {
      name: 'a block inside a function, the child in a def called there',
      code: `
        import mlflow
        def fit_all(models):
            with mlflow.start_run():
                for model in models:
                    fit_one(model)
        def fit_one(model):
            mlflow.start_run(run_name=model.name)
            model.fit(X, y)
            mlflow.end_run()
      `,
      findings: [{ line: 7, column: 5 }],
    },
    {
      name: 'the objective a factory makes, passed to fmin inside the block',
      code: `
        import mlflow
        from hyperopt import fmin, tpe, Trials
        def make_objective(estimator_class):
            def objective(params):
                with mlflow.start_run(run_name=estimator_class.__name__):
                    return {"loss": evaluate(estimator_class(**params)), "status": "ok"}
            return objective
        with mlflow.start_run(run_name="model selection"):
            fmin(fn=make_objective(Ridge), space=space, algo=tpe.suggest, max_evals=20, trials=Trials())
      `,
      findings: [{ line: 5, column: 14, message: 'inside the run started on line 8 (the function is the objective of fmin() on line 9)' }],
    },
  ],
  silent: [
    {
      name: 'a helper that starts its run only under a flag, reached from the run through another function; only a module-level call outside any run turns it on',
      code: `
        import mlflow

        class Pruner:
            def run_model(self, base=False):
                if base:
                    mlflow.start_run(run_name="base")
                mlflow.log_metric("acc", 0.9)

            def prune_step(self, amount):
                self.run_model()

            def search(self):
                for i in range(3):
                    with mlflow.start_run(run_name=f"iter{i}", nested=True):
                        self.prune_step(0.1 * i)

        p = Pruner()
        p.run_model(base=True)
        p.search()
      `,
    },
    {
      name: 'a flagged helper whose only call that turns the flag on sits in a lambda no run calls',
      code: `
        import mlflow

        def fit_and_log(name, start=False):
            if start:
                with mlflow.start_run(run_name=name):
                    mlflow.log_param("name", name)

        def pipeline(name):
            fit_and_log(name)

        with mlflow.start_run():
            pipeline("a")

        run_all = lambda: fit_and_log("z", start=True)
      `,
    },
    {
      name: 'a test that expects the error: the second start_run inside pytest.raises or assertRaises',
      fileName: 'tests/test_runs.py',
      code: `
        import unittest
        import mlflow
        import pytest

        def test_second_run_needs_nested_flag():
            with mlflow.start_run():
                with pytest.raises(Exception, match="To start a nested run"):
                    mlflow.start_run()

        class TestRuns(unittest.TestCase):
            def test_active(self):
                mlflow.start_run()
                with self.assertRaisesRegex(Exception, "already active"):
                    mlflow.start_run()
      `,
    },
    {
      name: 'a helper that starts its own run only under a flag parameter, called inside the run with the flag off (by default, False, None or 0)',
      code: `
        import mlflow

        def train(data, base=False):
            if base:
                mlflow.start_run(run_name="base")
            mlflow.log_metric("rows", len(data))

        def evaluate(data, own_run):
            if (own_run):
                with mlflow.start_run():
                    mlflow.log_metric("rows", len(data))

        with mlflow.start_run(run_name="parent"):
            train(data)
            train(data, base=False)
            train(data, None)
            evaluate(data, own_run=0)
      `,
    },
    {
      name: 'a run started in a loop and ended there (end_run, a helper that ends it, a finally), left by a jump, guarded, nested, used in a with, or in a loop of one pass',
      code: `
        import sys
        import mlflow

        def close_run():
            mlflow.end_run()

        for alpha in [0.1, 0.5]:
            mlflow.start_run()
            mlflow.log_metric("rmse", train(alpha))
            mlflow.end_run()
        for alpha in [0.1, 0.5]:
            mlflow.start_run()
            close_run()
        for alpha in [0.1, 0.5]:
            mlflow.start_run()
            try:
                train(alpha)
            finally:
                mlflow.end_run()
        for attempt in range(3):
            mlflow.start_run()
            if train(attempt):
                break
        for alpha in [0.1, 0.5]:
            if mlflow.active_run() is None:
                mlflow.start_run()
        with mlflow.start_run():
            for alpha in [0.1, 0.5]:
                mlflow.start_run(nested=True)
        for alpha in [0.1, 0.5]:
            run = mlflow.start_run()
            with run:
                train(alpha)
        for config in [best_config]:
            mlflow.start_run()
            train(config)
        N_REPEATS = 1
        for i in range(N_REPEATS):
            mlflow.start_run()
        while mlflow.active_run() is None:
            mlflow.start_run()
        trained = False
        while not trained:
            mlflow.start_run()
            trained = True
        for alpha in [0.1, 0.5]:
            mlflow.start_run()
            with mlflow.active_run():
                train(alpha)
        finish = functools.partial(mlflow.end_run, status="FINISHED")
        for alpha in [0.1, 0.5]:
            mlflow.start_run()
            finish()
        from .tracking_utils import close_current_run
        for alpha in [0.1, 0.5]:
            mlflow.start_run()
            close_current_run()
        from .tracking import RunTracker
        tracker = RunTracker()
        for alpha in [0.1, 0.5]:
            mlflow.start_run()
            tracker.close_current()
        for depth in [2, 4, 8]:
            mlflow.start_run()
            sys.exit(0)
        for i, kernel in enumerate(["rbf"]):
            mlflow.start_run()
      `,
    },
    {
      name: 'a second start only when no run is active, and runs ended by a method of the file or end_run under another name',
      code: `
        # Databricks notebook source
        import mlflow
        from mlflow import end_run as close_run

        class Tracker:
            def close(self):
                mlflow.end_run()

        tracker = Tracker()
        mlflow.start_run()
        if mlflow.active_run() is None:
            mlflow.start_run()
        tracker.close()
        mlflow.start_run()
        close_run()
        mlflow.start_run()
      `,
    },
    {
      name: 'a run resumed in a try body, with a new run started only in its handler (runs when the resume failed)',
      code: `
        import mlflow
        try:
            mlflow.start_run(run_id=previous_run_id)
        except mlflow.exceptions.MlflowException:
            mlflow.start_run(run_name="new")
        mlflow.log_metric("x", 1)
      `,
    },
    {
      name: 'a run started as a statement, then Python restarted (restartPython, %restart_python, %pip) before the next',
      code: `
        # Databricks notebook source
        import mlflow
        mlflow.start_run()

        # COMMAND ----------

        dbutils.library.restartPython()

        # COMMAND ----------

        mlflow.start_run()

        # COMMAND ----------

        # MAGIC %pip install -U mlflow

        # COMMAND ----------

        with mlflow.start_run():
            pass
      `,
    },
    {
      name: 'a run started as a statement and ended before the next (directly, by a helper, by a with over the run), a %run between, a later start in a function, a nested later start',
      code: `
        # Databricks notebook source
        import mlflow

        def finish():
            mlflow.end_run()

        mlflow.start_run()
        mlflow.end_run()
        mlflow.start_run()

        # COMMAND ----------

        finish()
        with mlflow.start_run():
            pass
        run = mlflow.start_run()
        with run:
            pass
        mlflow.start_run()

        # COMMAND ----------

        # MAGIC %run ./cleanup

        # COMMAND ----------

        mlflow.start_run()
        def later():
            with mlflow.start_run():
                pass
        with mlflow.start_run(nested=True):
            pass
      `,
    },
    {
      name: 'a map made inside the run but used up after it, or only printed or tested inside it',
      code: `
        import mlflow

        def child(p):
            with mlflow.start_run():
                pass

        with mlflow.start_run():
            it = map(child, grid)
        list(it)
        with mlflow.start_run():
            shown = map(child, grid)
            print(shown)
            if shown is None:
                pass
      `,
    },
    {
      name: 'a map that nothing reads calls nothing, and a child run mapped with nested=True',
      code: `
        import mlflow

        def log_run(run_name):
            with mlflow.start_run(run_name=run_name):
                mlflow.log_metric("m", 1)

        def log_child(run_name):
            with mlflow.start_run(run_name=run_name, nested=True):
                mlflow.log_metric("m", 1)

        with mlflow.start_run():
            map(log_run, ["a", "b"])
            unread = map(log_run, ["e", "f"])
            list(map(log_child, ["c", "d"]))
      `,
    },
    {
      name: 'nested=True passed by position: start_run(run_id, experiment_id, run_name, nested)',
      code: `
        import mlflow
        with mlflow.start_run():
            with mlflow.start_run(None, None, "child", True):
                mlflow.log_metric("loss", 0.1)
      `,
    },
    {
      name: 'a method whose child run passes nested=True, and a method of an object passed in (its class unknown)',
      code: `
        import mlflow

        class Experiment:
            def run_fold(self, k):
                with mlflow.start_run(nested=True):
                    mlflow.log_metric("fold", k)

            def run(self):
                with mlflow.start_run():
                    self.run_fold(0)

        def drive(runner):
            with mlflow.start_run():
                runner.run_fold(0)
      `,
    },
    {
      name: 'self in a class nested in another class calls the inner class method',
      code: `
        import mlflow

        class Outer:
            def fold(self, k):
                with mlflow.start_run():
                    mlflow.log_metric("fold", k)

            class Inner:
                def fold(self, k):
                    with mlflow.start_run(nested=True):
                        mlflow.log_metric("fold", k)

                def run(self):
                    with mlflow.start_run():
                        self.fold(0)
      `,
    },
    {
      name: 'a helper that ends the active run before starting its own, called inside a run block',
      code: `
        import mlflow
        def train_alone(params):
            mlflow.end_run()
            with mlflow.start_run(run_name="alone"):
                mlflow.log_params(params)
        with mlflow.start_run(run_name="setup"):
            train_alone({"alpha": 1})
      `,
    },
    {
      name: 'the run block ends the run before calling the helper',
      code: `
        import mlflow
        def train_one(params):
            with mlflow.start_run():
                mlflow.log_params(params)
        with mlflow.start_run(run_name="setup"):
            mlflow.end_run()
            train_one({"alpha": 1})
      `,
    },
    {
      name: 'sequential runs',
      code: `
        import mlflow
        with mlflow.start_run(run_name="a"):
            mlflow.log_metric("x", 1)
        with mlflow.start_run(run_name="b"):
            mlflow.log_metric("x", 2)
      `,
    },
    {
      name: 'a child run with nested=True',
      code: `
        import mlflow
        with mlflow.start_run():
            with mlflow.start_run(nested=True):
                pass
      `,
    },
    {
      name: 'an objective with nested=True',
      code: `
        import mlflow
        from hyperopt import fmin, tpe
        def objective(params):
            with mlflow.start_run(nested=True):
                return train(params)
        with mlflow.start_run():
            fmin(objective, space, tpe.suggest, 10)
      `,
    },
    {
      name: 'objectives that run outside the thread of the parent run: SparkTrials, Optuna n_jobs > 1',
      code: `
        import mlflow
        import optuna
        from hyperopt import fmin, tpe, SparkTrials
        def objective(params):
            with mlflow.start_run():
                return fit(params)
        def optuna_objective(trial):
            with mlflow.start_run():
                return fit(trial)
        spark_trials = SparkTrials(parallelism=4)
        with mlflow.start_run(run_name="tuning"):
            fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=20, trials=spark_trials)
            optuna.create_study().optimize(optuna_objective, n_trials=20, n_jobs=4)
      `,
    },
    {
      name: 'a function with a run, called outside any run',
      code: `
        import mlflow
        def train_one(params):
            with mlflow.start_run():
                mlflow.log_params(params)
        for params in grid:
            train_one(params)
        with mlflow.start_run():
            mlflow.log_metric("done", 1)
      `,
    },
    {
      name: 'a def written in the block but never called there',
      code: `
        import mlflow
        with mlflow.start_run():
            def later():
                with mlflow.start_run():
                    pass
        later()
      `,
    },
    {
      name: 'a function handed to a thread or an executor in the block: it runs in another thread, outside the parent run',
      code: `
        import threading
        from concurrent.futures import ThreadPoolExecutor
        import mlflow
        def train(params):
            with mlflow.start_run(run_name="trial"):
                mlflow.log_params(params)
        with mlflow.start_run(run_name="parent"):
            worker = threading.Thread(target=train, args=({"depth": 3},))
            worker.start()
            worker.join()
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(train, [{"depth": 4}, {"depth": 5}]))
      `,
    },
    {
      name: 'nested given by a variable, or through **kwargs',
      code: `
        import mlflow
        with mlflow.start_run():
            with mlflow.start_run(nested=is_child):
                pass
            with mlflow.start_run(**run_options):
                pass
      `,
    },
    {
      name: 'the outer run is ended first',
      code: `
        import mlflow
        with mlflow.start_run():
            mlflow.log_metric("x", 1)
            mlflow.end_run()
            mlflow.start_run()
      `,
    },
    {
      name: 'a start_run that is not MLflow\'s, and a client\'s create_run',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        with mlflow.start_run() as run:
            tracker.start_run()
            client.create_run(experiment_id="1")
      `,
    },
    {
      name: 'a local start_run function',
      code: `
        import mlflow
        def start_run(**kwargs):
            return kwargs
        with mlflow.start_run():
            start_run(name="x")
      `,
    },
    {
      name: 'text in strings and comments',
      code: `
        import mlflow
        with mlflow.start_run():
            # with mlflow.start_run():
            note = "mlflow.start_run()"
      `,
    },
  ],
  fixes: [
    {
      name: 'adds nested=True after the existing arguments',
      code: `
        import mlflow
        with mlflow.start_run(run_name="parent"):
            with mlflow.start_run(run_name="child"):
                pass
      `,
      output: `
        import mlflow
        with mlflow.start_run(run_name="parent"):
            with mlflow.start_run(run_name="child", nested=True):
                pass
      `,
    },
    {
      name: 'adds nested=True to an empty call',
      code: `
        import mlflow
        from hyperopt import fmin, tpe
        def objective(params):
            with mlflow.start_run():
                return train(params)
        with mlflow.start_run():
            fmin(objective, space, tpe.suggest, 10)
      `,
      output: `
        import mlflow
        from hyperopt import fmin, tpe
        def objective(params):
            with mlflow.start_run(nested=True):
                return train(params)
        with mlflow.start_run():
            fmin(objective, space, tpe.suggest, 10)
      `,
    },
    {
      name: 'turns a positional False (start_run\'s fourth parameter is nested) into True, not a second nested=',
      code: `
        import mlflow
        with mlflow.start_run():
            mlflow.start_run(None, None, "child", False)
      `,
      output: `
        import mlflow
        with mlflow.start_run():
            mlflow.start_run(None, None, "child", True)
      `,
    },
    {
      name: 'turns nested=False into nested=True',
      code: `
        import mlflow
        with mlflow.start_run():
            mlflow.start_run(nested=False, run_name="c")
      `,
      output: `
        import mlflow
        with mlflow.start_run():
            mlflow.start_run(nested=True, run_name="c")
      `,
    },
    {
      name: 'a multi-line call keeps its layout',
      code: `
        import mlflow
        with mlflow.start_run():
            with mlflow.start_run(
                run_name="child",
                tags={"kind": "trial"},
            ):
                pass
      `,
      output: `
        import mlflow
        with mlflow.start_run():
            with mlflow.start_run(
                run_name="child",
                tags={"kind": "trial"},
                nested=True,
            ):
                pass
      `,
    },
  ],
});
