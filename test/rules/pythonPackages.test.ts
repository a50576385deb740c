import * as assert from 'node:assert/strict';
import {
  importedPackage,
  installedDistributions,
  isAlwaysInstalled,
  isProvided,
  readCondaDependency,
  readRequirement,
} from '../../rules/semantic/pythonPackages';

describe('python packages', () => {
  it('knows the standard library and mlflow are always installed', () => {
    for (const module of ['json', 'os.path', 'collections.abc', 'concurrent.futures', 'mlflow', 'mlflow.pyfunc']) {
      assert.equal(isAlwaysInstalled(module), true, module);
      assert.equal(importedPackage(module), undefined, module);
    }
    for (const module of ['pandas', 'sklearn', 'mlflow_extras']) assert.equal(isAlwaysInstalled(module), false, module);
  });

  it('maps import names to distributions', () => {
    const cases: Array<[string, string, string]> = [
      ['sklearn.ensemble', 'sklearn', 'scikit-learn'],
      ['cv2', 'cv2', 'opencv-python'],
      ['yaml', 'yaml', 'PyYAML'],
      ['PIL.Image', 'PIL', 'Pillow'],
      ['bs4', 'bs4', 'beautifulsoup4'],
      ['skimage.io', 'skimage', 'scikit-image'],
      ['dateutil.parser', 'dateutil', 'python-dateutil'],
      ['google.protobuf.json_format', 'google.protobuf', 'protobuf'],
      ['Crypto.Cipher', 'Crypto', 'pycryptodome'],
      ['dotenv', 'dotenv', 'python-dotenv'],
      ['jwt', 'jwt', 'PyJWT'],
      ['attr', 'attr', 'attrs'],
      ['OpenSSL', 'OpenSSL', 'pyOpenSSL'],
      ['sentence_transformers', 'sentence_transformers', 'sentence-transformers'],
      ['xgboost.sklearn', 'xgboost', 'xgboost'],
      ['prophet', 'prophet', 'prophet'],
      ['some_unknown_lib.sub', 'some_unknown_lib', 'some_unknown_lib'],
    ];
    for (const [module, importName, distribution] of cases) {
      const found = importedPackage(module);
      assert.equal(found?.importName, importName, module);
      assert.equal(found?.distributions[0], distribution, module);
    }
  });

  it('does not guess the distribution of a namespace sub-package or a relative import', () => {
    assert.equal(importedPackage('google.something_new'), undefined);
    assert.equal(importedPackage('databricks.unknown_tool'), undefined);
    assert.equal(importedPackage('.local_module'), undefined);
  });

  it('tells well-known packages from names that may be local modules', () => {
    assert.equal(importedPackage('sklearn')?.wellKnown, true);
    assert.equal(importedPackage('pandas')?.wellKnown, true);
    assert.equal(importedPackage('churn_features')?.wellKnown, false);
  });

  it('reads requirement strings', () => {
    const name = (text: string) => {
      const entry = readRequirement(text);
      return entry.kind === 'distribution' ? entry.normalizedName : entry.kind;
    };
    assert.equal(name('scikit-learn==1.3.2'), 'scikit-learn');
    assert.equal(name('Scikit_Learn>=1.0,<2'), 'scikit-learn');
    assert.equal(name('xgboost'), 'xgboost');
    assert.equal(name('torch[cuda] ~= 2.1'), 'torch');
    assert.equal(name('pandas; python_version > "3.8"'), 'pandas');
    assert.equal(name('mypkg @ https://example.com/mypkg-1.0-py3-none-any.whl'), 'mypkg');
    assert.equal(name('-r requirements.txt'), 'unknown');
    assert.equal(name('git+https://github.com/org/repo.git'), 'unknown');
    // Named, but built from version control: what it installs is in its own metadata.
    assert.equal(name('chronos[training] @ git+https://github.com/amazon-science/chronos-forecasting.git'), 'unknown');
    assert.equal(name('mypkg@git+ssh://git@github.com/org/mypkg.git@v1'), 'unknown');
    assert.equal(name('/dbfs/FileStore/wheels/my_pkg-0.1-py3-none-any.whl'), 'unknown');
    assert.equal(name('./local_package'), 'unknown');
    assert.equal(name('-e .'), 'unknown');
    assert.equal(name('-c constraints.txt'), 'none');
    assert.equal(name('--extra-index-url https://pypi.example.com/simple'), 'none');
  });

  it('reads conda dependencies, with conda-only names', () => {
    const name = (text: string) => {
      const entry = readCondaDependency(text);
      return entry.kind === 'distribution' ? entry.normalizedName : entry.kind;
    };
    assert.equal(name('scikit-learn=1.3.2'), 'scikit-learn');
    assert.equal(name('conda-forge::pytorch>=2'), 'torch');
    assert.equal(name('py-xgboost'), 'xgboost');
  });

  it('counts what a declared distribution installs with it', () => {
    const installed = installedDistributions(['sentence-transformers']);
    for (const module of ['transformers', 'tokenizers', 'torch', 'sklearn', 'numpy']) {
      assert.equal(isProvided(installed, importedPackage(module)!), true, module);
    }
    assert.equal(isProvided(installed, importedPackage('xgboost')!), false);
    assert.equal(isProvided(installedDistributions(['opencv-python-headless']), importedPackage('cv2')!), true);
  });
});
