import { normalizeDistributionName } from './notebook';
import { STDLIB_MODULES } from './stdlibModules';

/**
 * Python packaging facts for dependency rules: which imports are always present, which
 * distribution (the name pip installs) provides an import, and what a requirement string
 * names. Distribution names are compared PEP 503-normalised.
 */

/**
 * Import name -> the distributions that provide it, the usual one first (a fix adds that one).
 * Keys may be dotted for namespace packages. Imports not listed here are provided by the
 * distribution of the same name (`xgboost` -> xgboost, `sentence_transformers` matches
 * `sentence-transformers` after normalisation).
 */
const DISTRIBUTIONS_BY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  sklearn: ['scikit-learn'],
  cv2: ['opencv-python', 'opencv-python-headless', 'opencv-contrib-python', 'opencv-contrib-python-headless'],
  yaml: ['PyYAML'],
  PIL: ['Pillow', 'Pillow-SIMD'],
  bs4: ['beautifulsoup4'],
  skimage: ['scikit-image'],
  dateutil: ['python-dateutil'],
  Crypto: ['pycryptodome', 'pycrypto'],
  Cryptodome: ['pycryptodomex'],
  dotenv: ['python-dotenv'],
  jwt: ['PyJWT'],
  jose: ['python-jose'],
  attr: ['attrs'],
  OpenSSL: ['pyOpenSSL'],
  sentence_transformers: ['sentence-transformers'],
  torch: ['torch', 'torch-cpu'],
  tensorflow: ['tensorflow', 'tensorflow-cpu', 'tensorflow-gpu', 'tensorflow-macos', 'tensorflow-intel'],
  xgboost: ['xgboost', 'xgboost-cpu'],
  onnxruntime: ['onnxruntime', 'onnxruntime-gpu'],
  faiss: ['faiss-cpu', 'faiss-gpu'],
  psycopg2: ['psycopg2', 'psycopg2-binary'],
  umap: ['umap-learn'],
  fitz: ['PyMuPDF'],
  docx: ['python-docx'],
  pptx: ['python-pptx'],
  magic: ['python-magic'],
  slugify: ['python-slugify'],
  multipart: ['python-multipart'],
  serial: ['pyserial'],
  git: ['GitPython'],
  zmq: ['pyzmq'],
  grpc: ['grpcio'],
  googleapiclient: ['google-api-python-client'],
  MySQLdb: ['mysqlclient'],
  Bio: ['biopython'],
  Levenshtein: ['Levenshtein', 'python-Levenshtein'],
  kafka: ['kafka-python'],
  delta: ['delta-spark'],
  pkg_resources: ['setuptools'],
  mpl_toolkits: ['matplotlib'],
  pylab: ['matplotlib'],
  win32api: ['pywin32'],
  llama_index: ['llama-index'],
  'google.protobuf': ['protobuf'],
  'google.cloud.storage': ['google-cloud-storage'],
  'google.cloud.bigquery': ['google-cloud-bigquery'],
  'google.generativeai': ['google-generativeai'],
  'azure.storage.blob': ['azure-storage-blob'],
  'azure.identity': ['azure-identity'],
  'azure.ai.ml': ['azure-ai-ml'],
  'databricks.sdk': ['databricks-sdk'],
  'databricks.feature_engineering': ['databricks-feature-engineering'],
  'databricks.feature_store': ['databricks-feature-store'],
  // The 2023 preview wheel (databricks-vectorsearch-preview 0.13-0.14) ships databricks/vector_search too.
  'databricks.vector_search': ['databricks-vectorsearch', 'databricks-vectorsearch-preview'],
  'databricks.sql': ['databricks-sql-connector'],
  'databricks.connect': ['databricks-connect'],
  'snowflake.connector': ['snowflake-connector-python'],
  'ruamel.yaml': ['ruamel.yaml'],
  'google.auth': ['google-auth'],
  'opentelemetry.sdk': ['opentelemetry-sdk'],
  'opentelemetry.proto': ['opentelemetry-proto'],
  'opentelemetry.trace': ['opentelemetry-api'],
  graphql: ['graphql-core'],
  mako: ['Mako'],
  pydantic_core: ['pydantic-core'],
  google_crc32c: ['google-crc32c'],
  // AutoGluon's sub-packages share the `autogluon` namespace. `pip install autogluon` installs
  // them all with the model libraries a saved predictor loads (autogluon.tabular alone is a
  // skeleton install); each sub-package installs core, common and features with it. A bare
  // `import autogluon` (AutoGluon 0.0.x had one package) stays the autogluon distribution.
  'autogluon.tabular': ['autogluon', 'autogluon.tabular'],
  'autogluon.timeseries': ['autogluon', 'autogluon.timeseries'],
  'autogluon.multimodal': ['autogluon', 'autogluon.multimodal'],
  'autogluon.core': ['autogluon', 'autogluon.core', 'autogluon.tabular', 'autogluon.timeseries', 'autogluon.multimodal'],
  'autogluon.features': ['autogluon', 'autogluon.features', 'autogluon.tabular', 'autogluon.timeseries', 'autogluon.multimodal'],
  'autogluon.common': ['autogluon', 'autogluon.common', 'autogluon.core', 'autogluon.features', 'autogluon.tabular', 'autogluon.timeseries', 'autogluon.multimodal'],
};

/** Top-level names shared by several distributions: only the dotted keys above say which one. */
const NAMESPACE_PACKAGES = new Set(['google', 'azure', 'databricks', 'snowflake', 'ruamel', 'jaraco', 'zope', 'opentelemetry']);

/**
 * Well-known distributions that share a name with their import; a rule that cannot tell a
 * project's own module from a PyPI package (`code_paths` it cannot read) trusts only these
 * and the table above.
 */
const WELL_KNOWN_DISTRIBUTIONS = new Set(
  [
    'numpy', 'pandas', 'scipy', 'xgboost', 'lightgbm', 'catboost', 'torch', 'torchvision', 'torchaudio',
    'tensorflow', 'keras', 'prophet', 'statsmodels', 'transformers', 'tokenizers', 'datasets', 'accelerate',
    'peft', 'pyarrow', 'pyspark', 'joblib', 'cloudpickle', 'requests', 'boto3', 'botocore', 'matplotlib',
    'seaborn', 'plotly', 'shap', 'nltk', 'spacy', 'gensim', 'hyperopt', 'optuna', 'onnx', 'openai',
    'langchain', 'tiktoken', 'pydantic', 'sqlalchemy', 'tqdm', 'lxml', 'redis', 'pymongo', 'pmdarima',
    'sktime', 'hdbscan', 'polars', 'numba', 'networkx', 'sympy', 'imblearn', 'category_encoders',
    'tensorflow_hub', 'huggingface_hub', 'safetensors', 'sentencepiece', 'pytorch_lightning', 'lightning',
    'flask', 'fastapi', 'jinja2', 'regex', 'unidecode', 'rapidfuzz', 'fuzzywuzzy', 'holidays',
    'fasttext', 'einops', 'bitsandbytes', 'vllm', 'tenacity', 'wordcloud', 'evaluate', 'torchmetrics', 'timm',
    'ultralytics', 'mlxtend', 'econml', 'dowhy', 'darts', 'statsforecast', 'neuralforecast', 'mlforecast',
    'anthropic', 'langchain_community', 'langchain_core', 'langgraph', 'chromadb', 'h2o', 'pyod', 'xlrd', 'openpyxl',
    // NLP scorers and model clients of MLflow's and Databricks' own PythonModel examples.
    'vaderSentiment', 'textblob', 'ollama',
  ].map(normalizeDistributionName),
);

/**
 * The install requirements of the `mlflow` package, the union over the MLflow 2.x and 3.x
 * releases (requirements/skinny-requirements.yaml and core-requirements.yaml of
 * mlflow/mlflow, and its pyproject.toml). MLflow adds `mlflow` to every logged model's
 * requirements (`_process_pip_requirements` / `_process_conda_env` insert it when absent),
 * so these are always installed where the model is served.
 */
const MLFLOW_INSTALL_REQUIREMENTS: readonly string[] = [
  // mlflow-skinny
  'click', 'cloudpickle', 'databricks-sdk', 'entrypoints', 'gitpython', 'importlib-metadata', 'opentelemetry-api',
  'opentelemetry-sdk', 'opentelemetry-proto', 'packaging', 'protobuf', 'pydantic', 'python-dotenv', 'pytz', 'pyyaml',
  'requests', 'sqlparse', 'cachetools', 'typing-extensions', 'fastapi', 'starlette', 'uvicorn', 'querystring-parser',
  // mlflow
  'alembic', 'docker', 'flask', 'graphene', 'gunicorn', 'jinja2', 'markdown', 'matplotlib', 'numpy', 'pandas',
  'pyarrow', 'scikit-learn', 'scipy', 'sqlalchemy', 'narwhals',
];

/**
 * Hard dependencies of common distributions (`pip install scikit-learn` also installs numpy
 * and scipy): declaring the left side makes the right side present too.
 */
const INSTALLED_WITH: Readonly<Record<string, readonly string[]>> = {
  mlflow: MLFLOW_INSTALL_REQUIREMENTS,
  pandas: ['numpy', 'python-dateutil', 'pytz', 'tzdata'],
  'python-dateutil': ['six'],
  requests: ['urllib3', 'idna', 'certifi', 'charset-normalizer'],
  flask: ['werkzeug', 'jinja2', 'itsdangerous', 'click', 'blinker'],
  jinja2: ['markupsafe'],
  alembic: ['mako', 'sqlalchemy', 'typing-extensions'],
  gitpython: ['gitdb'],
  gitdb: ['smmap'],
  pydantic: ['pydantic-core', 'annotated-types', 'typing-extensions'],
  fastapi: ['starlette', 'pydantic', 'typing-extensions'],
  starlette: ['anyio'],
  anyio: ['idna', 'sniffio'],
  uvicorn: ['h11', 'click'],
  'databricks-sdk': ['requests', 'google-auth'],
  'google-auth': ['cachetools', 'pyasn1-modules', 'rsa'],
  graphene: ['graphql-core', 'graphql-relay', 'python-dateutil'],
  docker: ['requests', 'urllib3'],
  'importlib-metadata': ['zipp'],
  'opentelemetry-sdk': ['opentelemetry-api', 'opentelemetry-semantic-conventions', 'typing-extensions'],
  'scikit-learn': ['numpy', 'scipy', 'joblib', 'threadpoolctl'],
  scipy: ['numpy'],
  xgboost: ['numpy', 'scipy'],
  lightgbm: ['numpy', 'scipy'],
  catboost: ['numpy', 'pandas', 'scipy', 'graphviz', 'matplotlib', 'plotly', 'six'],
  statsmodels: ['numpy', 'scipy', 'pandas', 'patsy', 'packaging'],
  prophet: ['numpy', 'pandas', 'matplotlib', 'cmdstanpy', 'holidays', 'tqdm'],
  matplotlib: ['numpy', 'pillow', 'python-dateutil', 'packaging', 'pyparsing', 'cycler', 'kiwisolver', 'fonttools', 'contourpy'],
  seaborn: ['numpy', 'pandas', 'matplotlib'],
  shap: ['numpy', 'scipy', 'scikit-learn', 'pandas', 'tqdm', 'numba', 'cloudpickle'],
  tensorflow: ['numpy', 'keras', 'tensorboard', 'protobuf', 'h5py'],
  torchvision: ['torch', 'numpy', 'pillow'],
  torchaudio: ['torch'],
  // Hugging Face's training and inference helpers require torch (their setup.py install_requires).
  accelerate: ['numpy', 'packaging', 'psutil', 'pyyaml', 'torch'],
  peft: ['numpy', 'packaging', 'psutil', 'pyyaml', 'torch', 'transformers', 'tqdm', 'accelerate', 'safetensors'],
  xformers: ['torch', 'numpy'],
  'pytorch-lightning': ['torch', 'tqdm', 'pyyaml'],
  transformers: ['numpy', 'huggingface-hub', 'tokenizers', 'safetensors', 'pyyaml', 'requests', 'regex', 'tqdm', 'packaging', 'filelock'],
  'sentence-transformers': ['transformers', 'torch', 'scikit-learn', 'scipy', 'huggingface-hub', 'pillow', 'tqdm'],
  // Amazon's Chronos time-series models (pyproject.toml dependencies).
  'chronos-forecasting': ['torch', 'transformers', 'accelerate'],
  // vLLM pins torch for its platform (requirements/cuda.txt, cpu.txt, ...) on top of requirements/common.txt.
  vllm: ['torch', 'transformers', 'tokenizers', 'numpy', 'sentencepiece', 'tqdm', 'requests', 'pyyaml'],
  'imbalanced-learn': ['scikit-learn', 'numpy', 'scipy', 'joblib'],
  'scikit-image': ['numpy', 'scipy', 'pillow', 'networkx'],
  boto3: ['botocore'],
  'opencv-python': ['numpy'],
};

/** Conda package names that differ from the PyPI distribution. */
const CONDA_PACKAGES: Readonly<Record<string, string>> = {
  pytorch: 'torch',
  'py-xgboost': 'xgboost',
  'py-opencv': 'opencv-python',
  'pytorch-cpu': 'torch',
};

/** The top-level name of a dotted module path: `sklearn` for `sklearn.ensemble`. */
export function topLevelModule(module: string): string {
  return module.split('.')[0];
}

/** Modules a model's environment always has: the standard library and MLflow itself. */
export function isAlwaysInstalled(module: string): boolean {
  const top = topLevelModule(module);
  return top === 'mlflow' || top === '__main__' || STDLIB_MODULES.has(top);
}

export interface ImportedPackage {
  /** The import name that identifies the package: `sklearn`, `google.protobuf`. */
  importName: string;
  /** The distributions that provide it, the usual one first (as PyPI spells it). */
  distributions: readonly string[];
  /** Whether the import name is known to be a PyPI package (listed, or a well-known identity). */
  wellKnown: boolean;
}

/**
 * The installable package behind an imported module, or undefined when there is nothing
 * to install (standard library, MLflow) or it cannot be told (an unknown namespace sub-package).
 */
export function importedPackage(module: string): ImportedPackage | undefined {
  if (module === '' || module.startsWith('.') || isAlwaysInstalled(module)) return undefined;
  const parts = module.split('.');
  for (let length = parts.length; length >= 1; length--) {
    const key = parts.slice(0, length).join('.');
    const distributions = DISTRIBUTIONS_BY_IMPORT[key];
    if (distributions) return { importName: key, distributions, wellKnown: true };
  }
  const top = parts[0];
  if (NAMESPACE_PACKAGES.has(top)) return undefined;
  return { importName: top, distributions: [top], wellKnown: WELL_KNOWN_DISTRIBUTIONS.has(normalizeDistributionName(top)) };
}

/** What one entry of a pip requirements list stands for. */
export type RequirementEntry =
  | { kind: 'distribution'; name: string; normalizedName: string }
  /** `-r requirements.txt`, a URL, a wheel path, `-e .`: may install anything. */
  | { kind: 'unknown' }
  /** Options and constraints (`-c constraints.txt`, `--index-url ...`): install nothing. */
  | { kind: 'none' };

const REQUIREMENT_NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(?:$|[=<>!~;@(,\s])/;
const NON_INSTALLING_OPTIONS = /^(-c|--constraint|-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host|--pre|--no-binary|--only-binary|--prefer-binary)\b/;

/** Reads `scikit-learn==1.3.2`, `xgboost>=1.7; python_version>"3.8"`, `pkg @ https://...`. */
export function readRequirement(text: string): RequirementEntry {
  const requirement = text.replace(/(^|\s)#.*$/, '').trim();
  if (requirement === '') return { kind: 'none' };
  if (requirement.startsWith('-')) return NON_INSTALLING_OPTIONS.test(requirement) ? { kind: 'none' } : { kind: 'unknown' };
  const match = REQUIREMENT_NAME.exec(requirement);
  if (!match) return { kind: 'unknown' };
  const rest = requirement.slice(match[1].length);
  // `chronos[training] @ git+https://github.com/amazon-science/chronos-forecasting.git`: a project
  // built from version control installs what its own metadata says, under whatever name it has
  // there; the name written before `@` tells neither.
  if (/^\s*(\[[^\]]*\])?\s*@\s*(git|hg|svn|bzr)\+/i.test(rest)) return { kind: 'unknown' };
  // A bare path or archive (`./pkg`, `dist/pkg-1.0.tar.gz`) rather than a name.
  if (/^[^@;]*[/\\]/.test(requirement) && !/^\s*(\[[^\]]*\])?\s*@/.test(rest)) return { kind: 'unknown' };
  if (/\.(whl|zip|tar\.gz|tgz)$/i.test(requirement) && !rest.includes('@')) return { kind: 'unknown' };
  return { kind: 'distribution', name: match[1], normalizedName: normalizeDistributionName(match[1]) };
}

/** Reads a conda dependency (`scikit-learn=1.3.2`, `conda-forge::pytorch`) as a distribution. */
export function readCondaDependency(text: string): RequirementEntry {
  const dependency = text.trim().replace(/^[\w.-]+::/, '');
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(dependency);
  if (!match) return { kind: 'unknown' };
  const normalized = normalizeDistributionName(match[1]);
  // conda-forge names Python bindings `py-<name>` or `<name>-py` (`h2o-py`, `py-xgboost`).
  const name = CONDA_PACKAGES[normalized] ?? match[1].replace(/^(?:py|python)-(?=.)|(?<=.)-(?:py|python)$/i, '');
  return { kind: 'distribution', name, normalizedName: normalizeDistributionName(name) };
}

/** Normalised names of the declared distributions and of everything they are known to install. */
export function installedDistributions(declared: Iterable<string>): Set<string> {
  const result = new Set<string>();
  const pending = [...declared].map(normalizeDistributionName);
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (result.has(name)) continue;
    result.add(name);
    pending.push(...(INSTALLED_WITH[name] ?? []));
  }
  return result;
}

/**
 * Reads a requirement whose text is partly computed (`f"torch=={torch.__version__}"`): it
 * counts by its name when the name is written out before the first computed part.
 * `unknownPart` is the marker that stands for the computed parts.
 */
export function readRequirementTemplate(text: string, unknownPart: string): RequirementEntry {
  const cut = text.indexOf(unknownPart);
  if (cut < 0) return readRequirement(text);
  const written = text.slice(0, cut);
  // `f"{name}==1.0"`, `f"torch{suffix}"`: the name itself is computed.
  const match = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(?:===?|~=|!=|<=|>=|<|>|=|;|@)/.exec(written);
  if (!match) return { kind: 'unknown' };
  return { kind: 'distribution', name: match[1], normalizedName: normalizeDistributionName(match[1]) };
}

/** Whether one of the package's distributions is among the installed ones. */
export function isProvided(installed: ReadonlySet<string>, imported: ImportedPackage): boolean {
  return imported.distributions.some((distribution) => installed.has(normalizeDistributionName(distribution)));
}
