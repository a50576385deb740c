import * as fs from 'node:fs';
import * as path from 'node:path';
import { ipynbFromCells, type IpynbCell } from '../../rules/engine/ipynb';
import { Random } from './random';

/**
 * The fuzz inputs: a `.py` text or an `.ipynb` file's text, made from one seed by one of the
 * generators below (random bytes, mutated practice notebooks, grammar-ish Python, pathological
 * shapes at random sizes, generated notebooks), then sometimes given other line ends, a BOM or
 * NUL characters.
 */
export type InputKind = 'py' | 'ipynb';

export interface FuzzInput {
  seed: number;
  /** Which generator made it (and the shape, for the pathological ones): `deep:not`, `mutated:03_mlflow_packaging.py`. */
  generator: string;
  kind: InputKind;
  text: string;
}

const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');

interface Example {
  name: string;
  kind: InputKind;
  text: string;
}

let examples: Example[] | undefined;

/** The practice notebooks (examples/*.py, *.ipynb, includes/). */
export function practiceExamples(): Example[] {
  if (examples) return examples;
  const found: Example[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.(py|ipynb)$/.test(entry.name)) found.push({ name: path.relative(EXAMPLES_DIR, file), kind: entry.name.endsWith('.ipynb') ? 'ipynb' : 'py', text: fs.readFileSync(file, 'utf8') });
    }
  };
  visit(EXAMPLES_DIR);
  return (examples = found);
}

/** Statements of the practice notebooks, one per line: the vocabulary of the grammar generator. */
let exampleLines: string[] | undefined;
function vocabularyLines(): string[] {
  return (exampleLines ??= practiceExamples()
    .filter((example) => example.kind === 'py')
    .flatMap((example) => example.text.split('\n'))
    .filter((line) => line.trim() !== '' && !line.startsWith('#') && !/^\s/.test(line) && !line.trimEnd().endsWith(':') && !/[([{,\\]$/.test(line.trimEnd())));
}

const NAMES = ['mlflow', 'spark', 'df', 'model', 'client', 'cv', 'grid', 'pipeline', 'fmin', 'CrossValidator', 'ParamGridBuilder', 'Pipeline', 'VectorAssembler', 'StringIndexer', 'OneHotEncoder', 'fe', 'fs', 'MlflowClient', 'trials', 'SparkTrials', 'x', 'y', 'run', 'pd', 'optuna', 'w', 'dbutils', 'display'];
const ATTRIBUTES = ['log_metric', 'log_model', 'start_run', 'pyfunc', 'spark_udf', 'fit', 'transform', 'randomSplit', 'write', 'mode', 'saveAsTable', 'readStream', 'writeStream', 'option', 'table', 'groupBy', 'mapInPandas', 'applyInPandas', 'transition_model_version_stage', 'set_registered_model_alias', 'register_model', 'create_training_set', 'score_batch', 'log_model', 'addGrid', 'build', 'withWatermark', 'format', 'partitionBy', 'load_model', 'autolog', 'sklearn', 'get', 'secrets'];
const STRINGS = ['"Production"', '"Staging"', '"overwrite"', "'merge'", '"dataframe_split"', '"features"', '"SELECT * FROM t"', '"OPTIMIZE t ZORDER BY (id)"', 'f"{x}_vec"', 'r"\\d+"', '"""doc\nstring"""', "b'bytes'", '"runs:/abc/model"', '"models:/m/Production"', '"dapi0123456789abcdef0123456789abcdef"', '"é😀"', '"\\ud800"'];
const OPERATORS = ['+', '-', '*', '/', '//', '%', '**', '@', '|', '&', '^', '<<', '>>', 'and', 'or', '==', '!=', '<', '>=', 'in', 'not in', 'is', 'is not'];
const TOKENS = ['(', ')', '[', ']', '{', '}', ':', ',', '.', '"', "'", '"""', "'''", '\\', '\n', '\r', '\r\n', '\t', ' ', '    ', '#', '\0', '\ufeff', '=', 'lambda', 'if ', ' else ', 'not ', 'é', '😀', '\ud800', '%run ./includes/setup', '# COMMAND ----------', '# MAGIC %sql', '# MAGIC ', 'mlflow.', 'def f():', 'class C:', 'return', 'yield', 'async ', 'await ', '@decorator', 'f"{', '}"', '*', '**', ';', '\u2028', '\x0c'];
const MAGIC_CELLS = ['%sql\nSELECT * FROM ml.sales', '%md\n# A title\nsome *text*', '%pip install xgboost==2.0.3', '%run ./includes/setup', '%run "./setup notebook"', '%%bash\nls -la\necho $HOME', '!pip install mlflow', '%python\nimport mlflow', '%scala\nval x = 1', '%fs ls /', '%sh ls', '%', '%%', '%run', '%md', '% sql', '%%capture\nimport mlflow', '%load_ext autoreload\n%autoreload 2', '%matplotlib inline\nimport pandas as pd'];

class PythonWriter {
  constructor(
    private readonly random: Random,
    private readonly maxDepth: number,
  ) {}

  name(): string {
    return this.random.pick(NAMES);
  }

  expression(depth = 0): string {
    const r = this.random;
    if (depth >= this.maxDepth || r.chance(0.3)) {
      return r.weighted<() => string>([
        [5, () => this.name()],
        [2, () => `${this.name()}.${r.pick(ATTRIBUTES)}`],
        [2, () => r.pick(STRINGS)],
        [2, () => String(r.chance(0.5) ? r.int(1000) : r.next().toFixed(r.int(4)))],
        [1, () => r.pick(['None', 'True', 'False', '...', '0x1F', '1_000', '1e-3', '3j'])],
      ])();
    }
    const e = () => this.expression(depth + 1);
    return r.weighted<() => string>([
      [4, () => `${e()}(${this.arguments(depth + 1)})`],
      [3, () => `${e()}.${r.pick(ATTRIBUTES)}`],
      [2, () => `${e()} ${r.pick(OPERATORS)} ${e()}`],
      [1, () => `${r.pick(['not ', '-', '~', 'await '])}${e()}`],
      [1, () => `${e()} if ${e()} else ${e()}`],
      [1, () => `lambda ${this.name()}: ${e()}`],
      [2, () => `[${this.list(depth + 1)}]`],
      [1, () => `(${this.list(depth + 1)},)`],
      [1, () => `{${Array.from({ length: r.int(4) }, () => `${e()}: ${e()}`).join(', ')}}`],
      [1, () => `[${e()} for ${this.name()} in ${e()}${r.chance(0.3) ? ` if ${e()}` : ''}]`],
      [1, () => `${e()}[${e()}${r.chance(0.3) ? `:${e()}` : ''}]`],
      [1, () => `(${e()})`],
      [1, () => `f"{${e()}}_${this.name()}"`],
      [1, () => `(${this.name()} := ${e()})`],
    ])();
  }

  list(depth: number): string {
    return Array.from({ length: this.random.int(4) }, () => this.expression(depth)).join(', ');
  }

  arguments(depth: number): string {
    const r = this.random;
    return Array.from({ length: r.int(4) }, () =>
      r.weighted<() => string>([
        [3, () => this.expression(depth)],
        [3, () => `${r.pick(['seed', 'numFolds', 'parallelism', 'nested', 'mode', 'signature', 'input_example', 'estimator', 'estimatorParamMaps', 'evaluator', 'stage', 'archive_existing_versions', 'inputCols', 'outputCol', 'checkpointLocation', 'timestamp_keys', 'pip_requirements', 'code_path'])}=${this.expression(depth)}`],
        [1, () => `*${this.expression(depth)}`],
        [1, () => `**${this.expression(depth)}`],
      ])(),
    ).join(', ');
  }

  /** Statements at `indent`, nesting blocks up to `blockDepth` more levels. */
  statements(count: number, indent: string, blockDepth: number): string[] {
    const r = this.random;
    const lines: string[] = [];
    for (let i = 0; i < count; i++) {
      const kind = r.weighted<string>([
        [6, 'assign'],
        [4, 'vocabulary'],
        [3, 'expression'],
        [2, 'import'],
        [blockDepth > 0 ? 3 : 0, 'block'],
        [1, 'comment'],
        [1, 'blank'],
        [1, 'misc'],
      ]);
      switch (kind) {
        case 'assign': {
          const target = r.weighted<() => string>([
            [5, () => this.name()],
            [1, () => `${this.name()}, ${this.name()}`],
            [1, () => `${this.name()}.${r.pick(ATTRIBUTES)}`],
            [1, () => `${this.name()}[${this.expression(this.maxDepth - 1)}]`],
            [1, () => Array.from({ length: r.between(2, 5) }, () => this.name()).join(' = ')],
          ])();
          lines.push(`${indent}${target} ${r.pick(['=', '=', '=', '+=', ': int ='])} ${this.expression()}`);
          break;
        }
        case 'vocabulary':
          lines.push(indent + r.pick(vocabularyLines()));
          break;
        case 'expression':
          lines.push(indent + this.expression());
          break;
        case 'import':
          lines.push(
            indent +
              r.pick([
                'import mlflow',
                'import mlflow.pyfunc as pf',
                'from pyspark.ml.tuning import CrossValidator, ParamGridBuilder',
                'from pyspark.ml import Pipeline',
                'from pyspark.ml.feature import VectorAssembler, StringIndexer, OneHotEncoder',
                'from hyperopt import fmin, tpe, SparkTrials',
                'from mlflow.tracking import MlflowClient',
                'from mlflow import *',
                'from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup',
                'from . import helpers',
                'import optuna',
                'from helpers import *',
              ]),
          );
          break;
        case 'block': {
          const header = r.pick([
            `if ${this.expression(1)}:`,
            `for ${this.name()} in ${this.expression(1)}:`,
            `while ${this.expression(1)}:`,
            `with mlflow.start_run(${r.chance(0.5) ? 'nested=True' : ''}) as ${this.name()}:`,
            `def ${this.name()}(${this.name()}, *args, **kwargs):`,
            `async def ${this.name()}():`,
            `class ${this.name()}(mlflow.pyfunc.PythonModel):`,
            'try:',
            'else:',
            'except Exception as e:',
            `match ${this.name()}:`,
            `@${this.name()}.${r.pick(ATTRIBUTES)}\n${indent}def ${this.name()}(self):`,
          ]);
          lines.push(indent + header);
          const inner = indent + r.pick(['    ', '  ', '\t', '        ']);
          lines.push(...this.statements(r.between(1, 4), inner, blockDepth - 1));
          break;
        }
        case 'comment':
          lines.push(`${indent}# ${r.pick(['noqa: MLT107', 'mltraps: ignore', 'mltraps: ignore[MLT301]', 'TODO', 'COMMAND ----------', 'MAGIC %md'])}`);
          break;
        case 'blank':
          lines.push(r.pick(['', '   ', indent]));
          break;
        default:
          lines.push(indent + r.pick(['pass', 'return x', 'yield', 'break', 'continue', 'del x', 'global x', 'assert x, "m"', 'raise', 'print(x, sep="")', '...', 'x;y', `${this.name()} = ${this.name()} if x else \\\n${indent}    y`]));
      }
    }
    return lines;
  }
}

export function grammarPython(random: Random, statementCount = random.size(80)): string {
  const writer = new PythonWriter(random, random.between(1, 6));
  return writer.statements(statementCount, '', random.between(0, 4)).join('\n') + (random.chance(0.8) ? '\n' : '');
}

/** Shapes that stress one part of the engine, at a random (log-uniform) size. */
const PATHOLOGICAL: ReadonlyArray<readonly [string, (random: Random) => string]> = [
  ['brackets', (r) => { const n = r.size(210); return `x = ${'('.repeat(n)}mlflow.log_metric${')'.repeat(r.chance(0.8) ? n : r.int(n))}\n`; }],
  ['lists', (r) => { const n = r.size(210); return `x = ${'['.repeat(n)}1${']'.repeat(n)}\n`; }],
  ['not', (r) => `import mlflow\nx = ${'not '.repeat(r.size(6000))}mlflow.log_metric\n`],
  ['unary', (r) => `x = ${'-'.repeat(r.size(6000))}1\n`],
  ['conditional', (r) => `import mlflow\nx = ${Array(r.size(5000)).fill('mlflow.log_metric if a else').join(' ')} None\n`],
  ['binary', (r) => `x = ${Array(r.size(20000)).fill('a').join(` ${r.pick(OPERATORS)} `)}\n`],
  ['right-binary', (r) => `x = ${Array(r.size(3000)).fill('a').join(' ** ')}\n`],
  ['boolean', (r) => `ok = ${Array(r.size(20000)).fill('a').join(r.chance(0.5) ? ' and ' : ' or ')}\n`],
  ['comparison', (r) => `ok = ${Array(r.size(20000)).fill('a').join(' < ')}\n`],
  ['attribute-chain', (r) => `import mlflow\nx = mlflow${'.pyfunc'.repeat(r.size(20000))}\n`],
  ['method-chain', (r) => `df = spark.read.table("t")\nx = df${'.withColumn("a", F.lit(1))'.repeat(r.size(10000))}\n`],
  ['call-chain', (r) => `x = f${'(1)'.repeat(r.size(10000))}\n`],
  ['subscript-chain', (r) => `x = a${'[0]'.repeat(r.size(10000))}\n`],
  ['chained-assignment', (r) => `${Array.from({ length: r.size(20000) }, (_, i) => `v${i}`).join(' = ')} = CrossValidator(numFolds=3)\n`],
  ['comment-run', (r) => `import mlflow\n${'# a comment line\n'.repeat(r.size(30000))}mlflow.log_metric("m", 1)\n`],
  ['indented-comments', (r) => `def f():\n${'    # comment\n'.repeat(r.size(20000))}    return 1\n`],
  ['blank-lines', (r) => `x = 1\n${'\n'.repeat(r.size(100000))}y = 2\n`],
  ['huge-string', (r) => `s = "${'a'.repeat(r.size(900000))}"\n`],
  ['huge-triple-string', (r) => `s = """${'line\n'.repeat(r.size(100000))}"""\n`],
  ['unterminated-string', (r) => `s = """${'a = (\n'.repeat(r.size(50000))}\n`],
  ['huge-list', (r) => `x = [${Array(r.size(60000)).fill('1').join(', ')}]\n`],
  ['huge-dict', (r) => `x = {${Array.from({ length: r.size(30000) }, (_, i) => `"k${i}": ${i}`).join(', ')}}\n`],
  ['many-arguments', (r) => `x = CrossValidator(${Array.from({ length: r.size(20000) }, (_, i) => `a${i}=${i}`).join(', ')})\n`],
  ['many-statements', (r) => Array.from({ length: r.size(30000) }, (_, i) => `x${i} = mlflow.log_metric("m${i}", ${i})`).join('\n') + '\n'],
  ['many-calls-one-line', (r) => `${Array(r.size(20000)).fill('mlflow.log_metric("m", 1)').join('; ')}\n`],
  ['deep-blocks', (r) => { const n = r.size(100); let text = ''; for (let i = 0; i < n; i++) text += `${' '.repeat(i)}if x:\n`; return `${text}${' '.repeat(n)}mlflow.log_metric("m", 1)\n`; }],
  ['nested-defs', (r) => { const n = r.size(100); let text = 'import mlflow\n'; for (let i = 0; i < n; i++) text += `${' '.repeat(i)}def f${i}():\n`; return `${text}${' '.repeat(n)}return mlflow.log_metric\n`; }],
  ['nested-lambdas', (r) => `f = ${'lambda x: '.repeat(r.size(3000))}mlflow\n`],
  ['nested-fstrings', (r) => { const n = r.size(150); return `s = ${'f"{'.repeat(n)}x${'}"'.repeat(n)}\n`; }],
  ['decorators', (r) => `${'@mlflow.trace\n'.repeat(r.size(10000))}def f():\n    pass\n`],
  ['long-line', (r) => `x = 1  ${'#'.repeat(r.size(500000))}\n`],
  ['many-cells', (r) => Array.from({ length: r.size(3000) }, (_, i) => `x${i} = mlflow.start_run()`).join('\n\n# COMMAND ----------\n\n').replace(/^/, '# Databricks notebook source\n') + '\n'],
  ['many-magics', (r) => '# Databricks notebook source\n' + Array.from({ length: r.size(3000) }, () => '# MAGIC %sql\n# MAGIC SELECT 1').join('\n\n# COMMAND ----------\n\n') + '\n'],
  ['backslash-continuations', (r) => `x = 1 ${'+ \\\n  1 '.repeat(r.size(20000))}\n`],
  ['semicolons', (r) => `${'x = 1;'.repeat(r.size(30000))}\n`],
  ['errors', (r) => `${'def (:\n'.repeat(r.size(5000))}mlflow.log_metric("m", 1)\n`],
  ['unbalanced-closers', (r) => `${')]}'.repeat(r.size(20000))}\nmlflow.log_metric("m", 1)\n`],
  ['grid', (r) => `grid = ParamGridBuilder()${'.addGrid(lr.regParam, [0.1, 0.01])'.repeat(r.size(5000))}.build()\ncv = CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=3)\n`],
  ['pipeline-stages', (r) => `stages = [${Array.from({ length: r.size(10000) }, (_, i) => `StringIndexer(inputCol="c${i}", outputCol="i${i}")`).join(', ')}]\npipeline = Pipeline(stages=stages)\n`],
  ['reassignments', (r) => `${'df = df.withColumn("a", F.lit(1))\n'.repeat(r.size(20000))}df.write.mode("overwrite").saveAsTable("t")\n`],
  // The text conditions that decide whether a file is parsed (engine/types' TextTest, trigger patterns): runs a pattern could split many ways.
  ['credential-then-banner', (r) => `login(token=""\n${'#'.repeat(r.size(100000))}\n`],
  ['unpacking-then-blanks', (r) => `a, token${' '.repeat(r.size(100000))}= get_auth()\nlogin(token=token)\n`],
  ['start-run-words', (r) => `import mlflow\nwith ${'start_run '.repeat(r.size(50000))}\n`],
  ['registered-name-then-hashes', (r) => `mlflow.set_registry_uri("databricks-uc")\nx = cfg.registered_model_name  ${'#'.repeat(r.size(100000))}\n`],
  ['credential-name-chain', (r) => { const n = r.size(20000); return `${Array.from({ length: n }, (_, i) => `t${i} = t${i + 1}`).join('\n')}\nlogin(token=t0)\n`; }],
  ['credential-keywords', (r) => `${'login(token=tok, password=pw); h = f"Bearer {tok}"\n'.repeat(r.size(20000))}tok = CFG["a"]["b"]\n`],
  ['name-chain', (r) => { const n = r.size(20000); return `v0 = mlflow\n${Array.from({ length: n }, (_, i) => `v${i + 1} = v${i}`).join('\n')}\nv${n}.log_metric("m", 1)\n`; }],
];

function pathological(random: Random): { generator: string; text: string } {
  const [shape, make] = random.pick(PATHOLOGICAL);
  return { generator: `deep:${shape}`, text: make(random) };
}

function randomBytes(random: Random): string {
  const length = random.size(5000);
  const bytes = Buffer.alloc(length);
  const printable = random.chance(0.5);
  for (let i = 0; i < length; i++) bytes[i] = printable && random.chance(0.9) ? random.between(9, 126) : random.int(256);
  return random.chance(0.5) ? bytes.toString('utf8') : bytes.toString('latin1');
}

/** One random change to a text (the mutator of the practice notebooks and generated code). */
export function mutate(random: Random, text: string): string {
  const at = () => random.int(text.length + 1);
  const span = () => random.size(Math.max(1, Math.min(2000, text.length)));
  switch (random.int(9)) {
    case 0: {
      const start = at();
      return text.slice(0, start) + text.slice(start + span());
    }
    case 1: {
      const start = at();
      const piece = text.slice(start, start + span());
      const to = at();
      return text.slice(0, to) + piece.repeat(random.size(20)) + text.slice(to);
    }
    case 2:
    case 3: {
      const to = at();
      return text.slice(0, to) + random.pick(TOKENS) + text.slice(to);
    }
    case 4: {
      const lines = text.split('\n');
      const a = random.int(lines.length);
      const b = random.int(lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 5: {
      const to = at();
      return text.slice(0, to) + String.fromCharCode(random.int(0x3000)) + text.slice(to + 1);
    }
    case 6:
      return text.slice(0, at());
    case 7: {
      const lines = text.split('\n');
      const line = random.int(lines.length);
      lines.splice(line, 0, ...Array(random.size(2000)).fill(lines[line]));
      return lines.join('\n');
    }
    default: {
      const lines = text.split('\n');
      const line = random.int(lines.length);
      lines[line] = ' '.repeat(random.int(9)) + lines[line];
      return lines.join('\n');
    }
  }
}

function mutatedExample(random: Random): FuzzInput | Omit<FuzzInput, 'seed'> {
  const example = random.pick(practiceExamples());
  const mutations = random.size(12);
  if (example.kind === 'ipynb' && random.chance(0.6)) {
    // Mutate the cells' sources (the JSON stays valid), or the notebook's structure.
    const notebook = JSON.parse(example.text) as { cells: Array<{ cell_type: string; source: string[] | string }> };
    const cells: IpynbCell[] = notebook.cells.map((cell) => ({ kind: cell.cell_type as IpynbCell['kind'], source: Array.isArray(cell.source) ? cell.source.join('') : cell.source }));
    for (let i = 0; i < mutations; i++) {
      if (cells.length === 0) break;
      const index = random.int(cells.length);
      switch (random.int(6)) {
        case 0:
          cells.splice(index, 1);
          break;
        case 1:
          cells.splice(random.int(cells.length + 1), 0, { kind: 'code', source: random.pick(MAGIC_CELLS) });
          break;
        case 2:
          cells[index] = { ...cells[index], kind: random.pick(['code', 'markdown', 'raw']) };
          break;
        default:
          cells[index] = { ...cells[index], source: mutate(random, cells[index].source) };
      }
    }
    return { generator: `mutated-cells:${example.name}`, kind: 'ipynb', text: ipynbFromCells(cells, { databricks: random.chance(0.3) }) };
  }
  let text = example.text;
  for (let i = 0; i < mutations; i++) text = mutate(random, text);
  return { generator: `mutated:${example.name}`, kind: example.kind, text };
}

function generatedNotebook(random: Random): Omit<FuzzInput, 'seed'> {
  const cells: IpynbCell[] = Array.from({ length: random.size(40) }, () =>
    random.weighted<() => IpynbCell>([
      [6, () => ({ kind: 'code', source: grammarPython(random, random.size(20)).replace(/\n$/, '') })],
      [2, () => ({ kind: 'code', source: random.pick(MAGIC_CELLS) })],
      [2, () => ({ kind: 'markdown', source: '# Title\n\n```python\nmlflow.log_metric("m", 1)\n```' })],
      [1, () => ({ kind: 'raw', source: randomBytes(random).slice(0, 200) })],
      [1, () => ({ kind: 'code', source: '' })],
    ])(),
  );
  let text = ipynbFromCells(cells, { databricks: random.chance(0.4), name: 'fuzz' });
  const variant = random.weighted<string>([
    [6, 'valid'],
    [1, 'truncated'],
    [1, 'mutated-json'],
    [1, 'odd-structure'],
  ]);
  if (variant === 'truncated') text = text.slice(0, random.int(text.length));
  else if (variant === 'mutated-json') for (let i = random.size(5); i > 0; i--) text = mutate(random, text);
  else if (variant === 'odd-structure') {
    text = random.pick([
      '{}',
      '[]',
      'null',
      '{"cells": 3, "nbformat": 4}',
      '{"cells": [{"cell_type": "code", "source": 7}], "nbformat": 4, "nbformat_minor": 4, "metadata": {}}',
      '{"cells": [{"cell_type": "code", "source": ["a", 1]}], "nbformat": 4, "nbformat_minor": 4, "metadata": {}}',
      '{"cells": [{"cell_type": "heading", "source": "x"}], "nbformat": 4, "nbformat_minor": 4, "metadata": {}}',
      '{"worksheets": [], "nbformat": 3}',
      '{"cells": [], "nbformat": 5, "nbformat_minor": 0, "metadata": {}}',
      '{"cells": [{"cell_type": "code", "source": "import mlflow"}], "metadata": {"kernelspec": {"language": "scala"}}, "nbformat": 4, "nbformat_minor": 4}',
      `{"cells": [${Array(random.size(3000)).fill('{"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": []}').join(',')}], "nbformat": 4, "nbformat_minor": 4, "metadata": {}}`,
      `${'['.repeat(random.size(100000))}`,
      `{"cells": [{"cell_type": "code", "source": ${JSON.stringify('x = ' + 'not '.repeat(random.size(5000)) + 'mlflow')}}], "nbformat": 4, "nbformat_minor": 4, "metadata": {}}`,
    ]);
  }
  return { generator: `notebook:${variant}`, kind: 'ipynb', text };
}

/** Other line ends, a BOM, NUL characters: applied after any generator. */
function disguise(random: Random, input: Omit<FuzzInput, 'seed'>): Omit<FuzzInput, 'seed'> {
  if (!random.chance(0.35)) return input;
  let { text } = input;
  const changes: string[] = [];
  const lineEnds = random.weighted<string | undefined>([
    [2, undefined],
    [1, 'cr'],
    [1, 'crlf'],
    [1, 'mixed'],
  ]);
  // In a notebook's JSON the cells' line ends are escapes; change those, not the JSON's own lines.
  const newline = input.kind === 'ipynb' ? '\\n' : '\n';
  if (lineEnds === 'cr' || lineEnds === 'crlf') {
    text = text.split(newline).join(lineEnds === 'cr' ? (input.kind === 'ipynb' ? '\\r' : '\r') : input.kind === 'ipynb' ? '\\r\\n' : '\r\n');
    changes.push(lineEnds);
  } else if (lineEnds === 'mixed') {
    text = text
      .split(newline)
      .map((line, index, lines) => line + (index === lines.length - 1 ? '' : random.pick(input.kind === 'ipynb' ? ['\\n', '\\r', '\\r\\n'] : ['\n', '\r', '\r\n'])))
      .join('');
    changes.push('mixed-eol');
  }
  if (random.chance(0.3)) {
    text = '\ufeff' + text;
    changes.push('bom');
  }
  if (input.kind === 'py' && random.chance(0.3)) {
    for (let i = random.size(5); i > 0; i--) {
      const at = random.int(text.length + 1);
      text = text.slice(0, at) + '\0' + text.slice(at);
    }
    changes.push('nul');
  }
  return changes.length === 0 ? input : { ...input, generator: `${input.generator}+${changes.join('+')}`, text };
}

/** The input of one seed. */
export function generateInput(seed: number): FuzzInput {
  const random = new Random(seed);
  const made = random.weighted<() => Omit<FuzzInput, 'seed'>>([
    [1, () => ({ generator: 'bytes', kind: random.chance(0.8) ? 'py' : 'ipynb', text: randomBytes(random) })],
    [4, () => mutatedExample(random)],
    [3, () => ({ generator: 'grammar', kind: 'py', text: grammarPython(random) })],
    [3, () => ({ ...pathological(random), kind: 'py' })],
    [2, () => generatedNotebook(random)],
  ])();
  return { seed, ...disguise(random, made) };
}
