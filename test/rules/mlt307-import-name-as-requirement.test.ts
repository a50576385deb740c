// MLT307 import-name-as-requirement: sklearn, cv2, PIL, yaml, skimage written as pip requirements.
import { mlt307ImportNameAsRequirement } from '../../rules/mlt307-import-name-as-requirement';
import { describeRule } from '../support/ruleTester';

/** A conda env that a helper builds from MLflow's defaults and extends with `requirement`. */
function helperCondaEnv(requirement: string): string {
  return `
    import mlflow
    import sklearn

    def get_model_env():
        model_env = mlflow.pyfunc.get_default_conda_env()
        model_env["dependencies"][-1]["pip"] += [${requirement}]
        return model_env

    mlflow.pyfunc.log_model(artifact_path="model", python_model=Wrapper(), conda_env=get_model_env())
  `;
}

describeRule(mlt307ImportNameAsRequirement, {
  flagged: [
    {
      name: 'a version put in with a % placeholder is no part of the written specifier; extras come before the pin',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, name="m", pip_requirements=["sklearn==%s" % "1.3.2", "sklearn[alldeps]==1.3.2"])
      `,
      findings: [
        { line: 2, column: 61, message: '"sklearn" in pip_requirements has no such version on PyPI' },
        { line: 2, column: 86, message: '"sklearn" in pip_requirements has no version 1.3.2 on PyPI' },
      ],
    },
    {
      name: 'sklearn==1.3.2 in pip_requirements',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", pip_requirements=["sklearn==1.3.2", "pandas"])
      `,
      findings: [
        {
          line: 2,
          column: 60,
          message: '"sklearn" in pip_requirements has no version 1.3.2 on PyPI (the deprecated placeholder\'s releases are 0.0 and 0.0.postN): pip finds no matching distribution: the model\'s environment does not build — name the distribution "scikit-learn"',
          severity: 'error',
        },
      ],
    },
    {
      name: 'cv2, PIL and yaml in extra_pip_requirements, through a name and an f-string',
      code: `
        import mlflow
        import cv2
        reqs = [f"cv2=={cv2.__version__}", "PIL>=9", "yaml"]
        mlflow.pyfunc.log_model(name="m", python_model=Wrapper(), extra_pip_requirements=reqs)
      `,
      findings: [
        { line: 3, column: 9, message: '"cv2" in extra_pip_requirements is an import name with no installable package on PyPI' },
        { line: 3, column: 36, message: '"PIL"' },
        { line: 3, column: 46, message: 'name the distribution "PyYAML"' },
      ],
    },
    {
      name: 'a conda env dict pip entry and a .format() template',
      code: `
        import mlflow
        import skimage
        env = {"dependencies": ["python=3.10", {"pip": ["mlflow", "skimage=={}".format(skimage.__version__)]}]}
        mlflow.pyfunc.log_model("m", python_model=Wrapper(), conda_env=env)
      `,
      // The version is the installed scikit-image's (0.2x), never the placeholder's 0.0.
      findings: [{ line: 3, column: 59, message: '"skimage" in the conda_env pip dependencies has no such version on PyPI (the placeholder\'s only release is 0.0): pip finds no matching distribution' }],
    },
    {
      name: 'unpinned sklearn: the placeholder itself refuses to install',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", pip_requirements=["sklearn", "pandas"])
      `,
      findings: [{ line: 2, column: 60, message: '"sklearn" in pip_requirements is a deprecated placeholder on PyPI that refuses to install' }],
    },
    {
      name: 'a pin to one of the refusing 0.0.postN releases, or to 0.0 and its post releases',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", pip_requirements=["sklearn==0.0.post12"])
        mlflow.pyfunc.log_model("model", python_model=m, extra_pip_requirements=["sklearn==0.0.*"])
      `,
      findings: [
        { line: 2, column: 60, message: '"sklearn" in pip_requirements is a deprecated placeholder on PyPI that refuses to install' },
        { line: 3, column: 74, message: '"sklearn" in extra_pip_requirements is a deprecated placeholder on PyPI that refuses to install' },
      ],
    },
    {
      name: 'a version range above the placeholder finds no version; a range that admits 0.0 installs the placeholder, which refuses',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", pip_requirements=["sklearn>=1.3,<1.5", "pandas"])
        mlflow.sklearn.log_model(model, "model", pip_requirements=["sklearn<2", "pandas"])
      `,
      findings: [
        { line: 2, column: 60, message: '"sklearn" in pip_requirements has no version matching >=1.3,<1.5 on PyPI (the deprecated placeholder\'s releases are 0.0 and 0.0.postN): pip finds no matching distribution' },
        { line: 3, column: 60, message: '"sklearn" in pip_requirements is a deprecated placeholder on PyPI that refuses to install' },
      ],
    },
    {
      name: '%pip install lines in a notebook',
      code: `
        # Databricks notebook source
        # MAGIC %pip install sklearn==1.3.2 PyYAML

        # COMMAND ----------

        import mlflow
      `,
      findings: [{ line: 2, column: 22, message: 'pip cannot install "sklearn": it has no version 1.3.2 on PyPI (the deprecated placeholder\'s releases are 0.0 and 0.0.postN): pip finds no matching distribution — install "scikit-learn"' }],
    },
    {
      name: 'a %pip install line continued with backslashes, in an export and in an .ipynb-style cell',
      code: `
        # Databricks notebook source
        # MAGIC %pip install mlflow==2.19.0 \\
        # MAGIC   sklearn==1.3.2 \\
        # MAGIC   PyYAML
        # MAGIC %pip install skimage

        # COMMAND ----------

        import mlflow
      `,
      findings: [
        { line: 3, column: 11, message: 'pip cannot install "sklearn": it has no version 1.3.2 on PyPI' },
        { line: 5, column: 22, message: 'pip cannot install "skimage"' },
      ],
    },
    {
      name: 'skimage pinned to a version its placeholder never released, and unpinned',
      code: `
        # Databricks notebook source
        # MAGIC %pip install skimage==0.22.0
        # MAGIC %pip install skimage
      `,
      findings: [
        { line: 2, column: 22, message: 'pip cannot install "skimage": it has no version 0.22.0 on PyPI (the placeholder\'s only release is 0.0): pip finds no matching distribution — install "scikit-image"' },
        { line: 3, column: 22, message: 'pip cannot install "skimage": it is a placeholder on PyPI that refuses to install — install "scikit-image"' },
      ],
    },
    {
      name: '_mlflow_conda_env(additional_pip_deps=...)',
      code: `
        import mlflow
        from mlflow.utils.environment import _mlflow_conda_env
        env = _mlflow_conda_env(additional_pip_deps=["PIL"])
        mlflow.pyfunc.save_model("path", python_model=Wrapper(), conda_env=env)
      `,
      findings: [{ line: 3, column: 46 }],
    },
    {
      name: 'names in other letter cases on a %pip line (the trigger once listed only some spellings: these were never read)',
      code: `
        # Databricks notebook source
        # MAGIC %pip install CV2==4.8.0.76 SKlearn

        # COMMAND ----------

        import mlflow
      `,
      findings: [
        { line: 2, column: 22, message: 'pip cannot install "CV2"' },
        { line: 2, column: 36, message: 'pip cannot install "SKlearn"' },
      ],
    },
    {
      name: 'names in other letter cases in pip_requirements',
      code: `
        import mlflow
        mlflow.pyfunc.log_model(name="m", python_model=Wrapper(), pip_requirements=["Yaml", "SkImage>=0.21"])
      `,
      findings: [
        { line: 2, column: 77, message: '"Yaml" in pip_requirements' },
        { line: 2, column: 85, message: '"SkImage" in pip_requirements' },
      ],
    },
    {
      name: 'a conda env a function of the file builds from the defaults and extends (env["dependencies"][-1]["pip"] += [...])',
      code: `
        import mlflow
        import sklearn

        def get_model_env():
            model_env = mlflow.pyfunc.get_default_conda_env()
            model_env["dependencies"][-1]["pip"] += [f"econml=={econml.__version__}", f"sklearn=={sklearn.__version__}"]
            return model_env

        mlflow.pyfunc.log_model(artifact_path="model", python_model=Wrapper(), conda_env=get_model_env())
      `,
      findings: [{ line: 6, column: 79, message: '"sklearn" in the conda_env pip dependencies has no such version on PyPI (the deprecated placeholder\'s releases are 0.0 and 0.0.postN)' }],
    },
    {
      name: 'a requirement appended to a list after it is bound',
      code: `
        import mlflow
        reqs = ["mlflow", "pandas"]
        reqs.append("yaml")
        mlflow.pyfunc.log_model("m", python_model=Wrapper(), pip_requirements=reqs)
      `,
      findings: [{ line: 3, column: 13, message: '"yaml" in pip_requirements is an import name with no installable package on PyPI' }],
    },
  ],
  silent: [
    {
      name: 'a %md cell that shows an install line as prose: nothing is installed there',
      code: `
        # Databricks notebook source
        # MAGIC %md
        # MAGIC To run this notebook, install the package first:
        # MAGIC %pip install sklearn

        # COMMAND ----------

        import mlflow
      `,
    },
    {
      name: 'sklearn pinned to exactly 0.0, the empty package of 2014 that depends on scikit-learn (the refusal came with 0.0.postN): it may still install',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", pip_requirements=["sklearn==0.0", "pandas"])
        mlflow.sklearn.log_model(model, "model", pip_requirements=["sklearn==0.0.0"])
      `,
    },
    {
      name: 'a %pip line without a trailing backslash does not go on: the next line of the %sh cell is its own command',
      code: `
        # Databricks notebook source
        # MAGIC %sh
        # MAGIC pip install mlflow==2.19.0
        # MAGIC echo sklearn==1.3.2 \\
        # MAGIC   cv2
      `,
    },
    {
      name: 'a backslash continuation ends at a blank line',
      code: `
        # Databricks notebook source
        # MAGIC %pip install mlflow==2.19.0 \\
        # MAGIC
        # MAGIC sklearn==1.3.2
      `,
    },
    {
      name: 'a # MAGIC %pip line outside an export (a comment of a plain module or of a pasted cell) installs nothing',
      code: `
        # MAGIC %pip install sklearn==1.3.2
        import mlflow
      `,
    },
    {
      name: 'a version string printed, not given to MLflow as a requirement',
      code: `
        import mlflow
        import sklearn
        print(f"sklearn=={sklearn.__version__}")
        versions = [f"sklearn=={sklearn.__version__}"]
        mlflow.sklearn.log_model(model, "model", pip_requirements=[f"scikit-learn=={sklearn.__version__}"])
      `,
    },
    { name: 'a module that imports sklearn and yaml and logs no model: nothing installs them', code: `
        import yaml
        from sklearn.pipeline import Pipeline
        config = yaml.safe_load(open("conf.yaml"))
        print("sklearn", config)
      ` },
    { name: 'distribution names', code: `
        import mlflow
        mlflow.sklearn.log_model(model, "m", pip_requirements=["scikit-learn==1.3.2", "opencv-python", "Pillow", "PyYAML", "scikit-image"])
      ` },
    { name: 'bs4 is a working shim for beautifulsoup4', code: `
        import mlflow
        mlflow.pyfunc.log_model("m", python_model=Wrapper(), extra_pip_requirements=["bs4", "beautifulsoup4"])
      ` },
    { name: 'a name that only starts like one (sklearn-pandas, pyyaml-include)', code: `
        import mlflow
        mlflow.pyfunc.log_model("m", python_model=Wrapper(), extra_pip_requirements=["sklearn-pandas==2.2.0", "pyyaml-include", "cv2-tools"])
      ` },
    { name: 'a requirements file path', code: `
        import mlflow
        mlflow.sklearn.log_model(model, "m", pip_requirements="requirements.txt")
      ` },
    { name: 'the list of another call', code: `
        imports = ["sklearn", "cv2"]
        check_modules(imports)
      ` },
    { name: '"pip install sklearn" in a markdown cell is documentation', code: `
        # Databricks notebook source
        # MAGIC %md
        # MAGIC pip install sklearn

        # COMMAND ----------

        import mlflow
      ` },
    { name: 'conda (not pip) dependencies are conda package names', code: `
        import mlflow
        env = {"dependencies": ["python=3.10", "yaml", {"pip": ["mlflow"]}]}
        mlflow.pyfunc.log_model("m", python_model=Wrapper(), conda_env=env)
      ` },
    { name: 'a %pip line with a URL and a local wheel', code: `
        # Databricks notebook source
        # MAGIC %pip install /dbfs/wheels/sklearn-0.1-py3-none-any.whl git+https://github.com/org/cv2.git
      ` },
  ],
  fixes: [
    {
      name: 'keeps a % placeholder',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, name="m", pip_requirements=["sklearn==%s" % sklearn.__version__])
      `,
      output: `
        import mlflow
        mlflow.sklearn.log_model(model, name="m", pip_requirements=["scikit-learn==%s" % sklearn.__version__])
      `,
    },
    {
      name: 'keeps the extras before the pin',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, name="m", pip_requirements=["sklearn[alldeps]==1.3.2"])
      `,
      output: `
        import mlflow
        mlflow.sklearn.log_model(model, name="m", pip_requirements=["scikit-learn[alldeps]==1.3.2"])
      `,
    },
    {
      name: 'a requirement on a continued %pip line keeps its place and its pin',
      code: `
        # Databricks notebook source
        # MAGIC %pip install mlflow \\
        # MAGIC     sklearn==1.3.2
      `,
      output: `
        # Databricks notebook source
        # MAGIC %pip install mlflow \\
        # MAGIC     scikit-learn==1.3.2
      `,
    },
    {
      name: 'renames sklearn and keeps the pin',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", pip_requirements=["sklearn==1.3.2"])
      `,
      output: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", pip_requirements=["scikit-learn==1.3.2"])
      `,
    },
    {
      name: 'keeps extras and the version of an f-string',
      code: `
        import mlflow
        mlflow.pyfunc.log_model("m", python_model=W(), extra_pip_requirements=[f"PIL[avif]=={PIL.__version__}"])
      `,
      output: `
        import mlflow
        mlflow.pyfunc.log_model("m", python_model=W(), extra_pip_requirements=[f"Pillow[avif]=={PIL.__version__}"])
      `,
    },
    {
      name: 'a %pip line',
      code: `
        # Databricks notebook source
        # MAGIC %pip install yaml>=6 lightgbm
      `,
      output: `
        # Databricks notebook source
        # MAGIC %pip install PyYAML>=6 lightgbm
      `,
    },
    {
      name: 'cv2 with a three-part pin: opencv-python versions have four parts (unsafe)',
      code: `
        import mlflow
        mlflow.pyfunc.log_model("m", python_model=W(), extra_pip_requirements=["cv2==4.8.0"])
      `,
      output: `
        import mlflow
        mlflow.pyfunc.log_model("m", python_model=W(), extra_pip_requirements=["opencv-python==4.8.0.*"])
      `,
      safety: 'unsafe',
    },
    {
      name: 'renames the requirement a helper function adds to a conda env',
      code: helperCondaEnv('f"sklearn=={sklearn.__version__}"'),
      output: helperCondaEnv('f"scikit-learn=={sklearn.__version__}"'),
    },
  ],
});
