import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../rules/engine/types';
import { testLinter } from './support/linter';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const REPO_ROOT = path.join(__dirname, '..');
const snippetsText = fs.readFileSync(path.join(REPO_ROOT, 'snippets', 'python.json'), 'utf8');
const snippets = JSON.parse(snippetsText) as Record<string, Snippet>;

/** The patterns issue 5 asks for, by the prefix a user types. */
const REQUIRED_PREFIXES = [
  'dbnotebook',
  'pipeline',
  'crossvalidator',
  'applyinpandas',
  'sparkudf',
  'pyfunc',
  'nestedruns',
  'hyperopt',
  'optuna',
  'optunaspark',
  'featuretable',
  'featurescore',
  'registeralias',
  'servingendpoint',
  'queryendpoint',
  'streaminference',
  'zorder',
  'inferencemonitor',
  'drifttests',
];

/** A tabstop (`$1`, `${1}`), placeholder (`${1:default}`) or choice (`${1|a,b|}`) of a snippet body. */
interface Tabstop {
  index: number;
  placeholder?: SnippetPart[];
  choices?: string[];
}
type SnippetPart = string | Tabstop;

/**
 * VS Code's snippet grammar, as far as the snippets use it. Variables (`$TM_FILENAME`) are
 * refused, so that a snippet which starts using them fails here until this learns them.
 */
class SnippetBodyParser {
  private position = 0;

  constructor(private readonly text: string) {}

  parse(): SnippetPart[] {
    const parts = this.parts(false);
    if (this.position < this.text.length) throw new Error(`unexpected "}" at ${this.position}`);
    return parts;
  }

  /** Text and tabstops up to the end, or up to the `}` that closes the enclosing placeholder. */
  private parts(inPlaceholder: boolean): SnippetPart[] {
    const parts: SnippetPart[] = [];
    let text = '';
    while (this.position < this.text.length) {
      const char = this.text[this.position];
      const next = this.text[this.position + 1] ?? '';
      if (char === '\\' && '$}\\'.includes(next) && next !== '') {
        text += next;
        this.position += 2;
        continue;
      }
      if (char === '}' && inPlaceholder) break;
      const tabstop = char === '$' ? this.tabstop() : undefined;
      if (tabstop) {
        if (text) parts.push(text);
        text = '';
        parts.push(tabstop);
        continue;
      }
      // A `}` outside a placeholder and a `$` that starts nothing are plain text.
      text += char;
      this.position += 1;
    }
    if (text) parts.push(text);
    return parts;
  }

  private tabstop(): Tabstop | undefined {
    const rest = this.text.slice(this.position);
    const simple = /^\$(\d+)|^\$\{(\d+)\}/.exec(rest);
    if (simple) {
      this.position += simple[0].length;
      return { index: Number(simple[1] ?? simple[2]) };
    }
    const opening = /^\$\{(\d+)([:|])/.exec(rest);
    if (!opening) {
      if (/^\$\{?[A-Za-z_]/.test(rest)) throw new Error(`snippet variables are not supported: ${rest.slice(0, 20)}`);
      return undefined;
    }
    this.position += opening[0].length;
    const index = Number(opening[1]);
    if (opening[2] === '|') return { index, choices: this.choices() };
    const placeholder = this.parts(true);
    if (this.text[this.position] !== '}') throw new Error(`unclosed placeholder \${${index}:`);
    this.position += 1;
    return { index, placeholder };
  }

  /** `a,b|}` after `${1|`: `\,` and `\|` escape the separators. */
  private choices(): string[] {
    const choices: string[] = [];
    let choice = '';
    while (this.position < this.text.length) {
      const char = this.text[this.position];
      const next = this.text[this.position + 1] ?? '';
      if (char === '\\' && ',|$}\\'.includes(next) && next !== '') {
        choice += next;
        this.position += 2;
      } else if (char === ',') {
        choices.push(choice);
        choice = '';
        this.position += 1;
      } else if (char === '|' && next === '}') {
        this.position += 2;
        return [...choices, choice];
      } else {
        choice += char;
        this.position += 1;
      }
    }
    throw new Error('unclosed choice');
  }
}

/**
 * The text VS Code inserts when the user accepts every default. As in VS Code, every tabstop
 * with an index shows the value of the first placeholder (or choice) of that index, in reading
 * order, nested ones included: `${1:a${2:b}} $2 $1` -> `ab b ab`; a choice's value is its first
 * option; a tabstop with no default, and `$0`, insert nothing; `\$`, `\}` and `\\` are literal.
 */
export function expandSnippet(body: readonly string[]): string {
  const parts = new SnippetBodyParser(body.join('\n')).parse();
  const defaults = new Map<number, Tabstop>();
  const collect = (items: readonly SnippetPart[]): void => {
    for (const item of items) {
      if (typeof item === 'string') continue;
      if (!defaults.has(item.index) && (item.placeholder?.length || item.choices)) defaults.set(item.index, item);
      if (item.placeholder) collect(item.placeholder);
    }
  };
  collect(parts);
  const render = (items: readonly SnippetPart[], rendering: readonly number[]): string =>
    items
      .map((item) => {
        if (typeof item === 'string') return item;
        if (rendering.includes(item.index)) throw new Error(`placeholder $${item.index} contains itself`);
        const source = item.index === 0 ? item : defaults.get(item.index);
        if (source?.choices) return source.choices[0];
        return source?.placeholder ? render(source.placeholder, [...rendering, item.index]) : '';
      })
      .join('');
  return render(parts, []);
}

/**
 * Findings a snippet shows on purpose. MLT105 is not a trap but the cost of the search, the
 * number the crossvalidator snippet's comment states.
 */
const INTENDED_FINDINGS: Readonly<Record<string, readonly string[]>> = {
  crossvalidator: ['12: MLT105 information CrossValidator trains 3 folds x 6 combinations = 18 models (+1 refit)'],
};

function findingLines(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.start.line + 1}: ${finding.ruleId} ${finding.message}`);
}

async function lint(text: string): Promise<Finding[]> {
  const linter = await testLinter();
  return linter.lintText('file:///snippet.py', text, { onRuleError: (rule, error) => assert.fail(`${rule.meta.id} threw: ${String(error)}`) }).findings;
}

function snippetByPrefix(prefix: string): Snippet {
  const snippet = Object.values(snippets).find((candidate) => candidate.prefix === prefix);
  assert.ok(snippet, `no snippet with prefix ${prefix}`);
  return snippet;
}

/**
 * Silent is only worth something when the rule understands the snippet: breaking the safeguard
 * the snippet shows must bring the rule's finding back.
 */
const SAFEGUARDS: ReadonlyArray<{ prefix: string; from: string; to: string; rule: string }> = [
  { prefix: 'pipeline', from: 'outputCol="features",', to: 'outputCol="features_vec",', rule: 'MLT104' },
  { prefix: 'pipeline', from: 'stages=[indexer, encoder, assembler, estimator]', to: 'stages=[indexer, encoder, estimator]', rule: 'MLT101' },
  { prefix: 'pipeline', from: 'OneHotEncoder(inputCols=["plan_index"', to: 'OneHotEncoder(inputCols=["plan"', rule: 'MLT102' },
  { prefix: 'pipeline', from: '"monthly_charges", "plan_vec"', to: '"monthly_charges", "plan"', rule: 'MLT103' },
  { prefix: 'applyinpandas', from: ', nested=True', to: '', rule: 'MLT301' },
  { prefix: 'sparkudf', from: '@champion', to: '/Production', rule: 'MLT402' },
  { prefix: 'pyfunc', from: 'context.artifacts["model_file"]', to: '"/tmp/model.joblib"', rule: 'MLT303' },
  { prefix: 'pyfunc', from: ', "lightgbm==4.3.0"]', to: ']', rule: 'MLT302' },
  { prefix: 'pyfunc', from: '"main.ml.custom_model"', to: '"custom_model"', rule: 'MLT406' },
  { prefix: 'nestedruns', from: ', nested=True', to: '', rule: 'MLT301' },
  { prefix: 'hyperopt', from: '"loss": -f1', to: '"loss": f1', rule: 'MLT203' },
  { prefix: 'hyperopt', from: 'parallelism=4', to: 'parallelism=32', rule: 'MLT202' },
  { prefix: 'optuna', from: 'direction="maximize", ', to: '', rule: 'MLT203' },
  { prefix: 'optuna', from: 'n_jobs=4', to: 'n_jobs=25', rule: 'MLT202' },
  { prefix: 'featuretable', from: ', timestamp_lookup_key="event_ts"', to: '', rule: 'MLT501' },
  { prefix: 'featuretable', from: 'mode="merge"', to: 'mode="append"', rule: 'MLT502' },
  { prefix: 'featurescore', from: 'fe.log_model(\n        model=model,', to: 'mlflow.sklearn.log_model(\n        sk_model=model,', rule: 'MLT503' },
  // MLT407 speaks only in code that trains: the broken version trains and promotes unchecked.
  { prefix: 'registeralias', from: 'if challenger_f1 > champion_f1:\n    client', to: 'challenger_model.fit(X_train, y_train)\nclient', rule: 'MLT407' },
  { prefix: 'registeralias', from: '"main.ml.churn_model"', to: '"churn_model"', rule: 'MLT406' },
  { prefix: 'servingendpoint', from: 'traffic_percentage=10', to: 'traffic_percentage=15', rule: 'MLT601' },
  { prefix: 'servingendpoint', from: 'served_model_name="challenger"', to: 'served_model_name="challenger-v2"', rule: 'MLT602' },
  { prefix: 'queryendpoint', from: '"dataframe_split"', to: '"data"', rule: 'MLT607' },
  { prefix: 'queryendpoint', from: 'dbutils.secrets.get(scope="ml", key="serving-token")', to: '"dapi0123456789abcdef0123456789abcdef"', rule: 'MLT704' },
  { prefix: 'streaminference', from: '\n    .option("checkpointLocation", "/Volumes/main/ml/checkpoints/churn_scores")', to: '', rule: 'MLT605' },
  { prefix: 'streaminference', from: 'scored.withWatermark("event_ts", "10 minutes")\n    ', to: 'scored', rule: 'MLT606' },
  { prefix: 'zorder', from: 'ZORDER BY (customer_id)', to: 'ZORDER BY (event_date)', rule: 'MLT608' },
  { prefix: 'inferencemonitor', from: 'inference_log=MonitorInferenceLog(', to: 'time_series=MonitorTimeSeries(', rule: 'MLT703' },
  { prefix: 'drifttests', from: 'for col in numeric_cols:', to: 'for col in categorical_cols:', rule: 'MLT702' },
];

describe('snippets/python.json', () => {
  const entries = Object.entries(snippets);

  it('has every required pattern under a unique, typeable prefix', () => {
    const prefixes = entries.map(([, snippet]) => snippet.prefix);
    assert.deepEqual(
      REQUIRED_PREFIXES.filter((prefix) => !prefixes.includes(prefix)),
      [],
    );
    assert.deepEqual(
      prefixes.filter((prefix, index) => prefixes.indexOf(prefix) !== index),
      [],
      'duplicate prefixes',
    );
    for (const prefix of prefixes) assert.match(prefix, /^[a-z]{3,20}$/);
    // JSON.parse keeps the last of two equal keys: count the names in the text itself.
    assert.equal(snippetsText.match(/^ {2}"[^"\n]+": \{$/gm)?.length, entries.length, 'duplicate snippet names');
  });

  it('describes each snippet and gives it placeholders and a final cursor', () => {
    for (const [name, snippet] of entries) {
      assert.ok(snippet.description.trim().length > 40, `${name} needs a description that says what it is for`);
      const body = snippet.body.join('\n');
      assert.ok(body.includes('${1'), `${name} has no placeholder`);
      assert.equal(body.match(/\$0/g)?.length, 1, `${name} must have one $0`);
      assert.match(snippet.body[snippet.body.length - 1], /\$0$/, `${name} must end with $0`);
      assert.ok(snippet.body.length >= 10 && snippet.body.length <= 30, `${name} has ${snippet.body.length} lines: keep it to 10-30`);
    }
  });

  it('follow the v2 facts: time-series key, MLflow 3 names and pinned requirements, first promotion, logged environment, legacy Hyperopt beside MlflowSparkStudy', () => {
    const body = (prefix: string) => snippetByPrefix(prefix).body.join('\n');
    assert.match(body('featuretable'), /timeseries_column=/);
    assert.match(body('pyfunc'), /name="model"/);
    assert.doesNotMatch(body('pyfunc'), /artifact_path=/);
    assert.match(body('pyfunc'), /pip_requirements=\[f"mlflow==\{mlflow\.__version__\}", "\$\{6:lightgbm==[\d.]+\}"\]/);
    assert.match(body('registeralias'), /get_model_version_by_alias\(model_name, "champion"\)[\s\S]*except MlflowException:[\s\S]*first promotion/);
    assert.match(body('sparkudf'), /env_manager="virtualenv"/);
    assert.match(snippetByPrefix('hyperopt').description, /^Legacy\b/);
    assert.ok(Object.keys(snippets).includes('Hyperopt with SparkTrials (legacy)'));
    assert.match(body('optunaspark'), /^from mlflow\.optuna\.storage import MlflowStorage\nfrom mlflow\.pyspark\.optuna\.study import MlflowSparkStudy$/m);
    assert.match(body('optunaspark'), /MlflowSparkStudy\("\$\{4:[^}]+\}", storage\)/);
  });

  it('expects intended findings only of snippets that exist', () => {
    for (const prefix of Object.keys(INTENDED_FINDINGS)) snippetByPrefix(prefix);
  });

  it('lists every prefix in the README', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const [, snippet] of entries) assert.ok(readme.includes(`\`${snippet.prefix}\``), `README.md does not list ${snippet.prefix}`);
  });

  describe('expandSnippet', () => {
    it('gives nested placeholders and their mirrors the default of the first placeholder', () => {
      assert.equal(expandSnippet(['x = ${1:a${2:b}}', 'y = $2 + ${1} + $1']), 'x = ab\ny = b + ab + ab');
      assert.equal(expandSnippet(['$1 = ${1:name}; ${1:other}']), 'name = name; name');
    });

    it('inserts the first choice, escaped separators included', () => {
      assert.equal(expandSnippet(['${3|one,two|} ${1|a\\,b,c|} $3']), 'one a,b one');
    });

    it('keeps escaped and plain $ and } as text, and drops $0 and empty tabstops', () => {
      assert.equal(expandSnippet(['\\$1 ${1:{a\\}} f"{${2:x}}" cost$ $0${3}\\\\']), '$1 {a} f"{x}" cost$ \\');
    });

    it('refuses what it does not understand', () => {
      assert.throws(() => expandSnippet(['${1:unclosed']), /unclosed placeholder/);
      assert.throws(() => expandSnippet(['${1|a,b']), /unclosed choice/);
      assert.throws(() => expandSnippet(['$TM_FILENAME']), /variables are not supported/);
    });
  });

  for (const [name, snippet] of entries) {
    const clean = INTENDED_FINDINGS[snippet.prefix] ? 'shows only its intended findings' : 'lints clean with every rule';
    it(`${snippet.prefix}: parses without errors and ${clean}`, async () => {
      const linter = await testLinter();
      const text = expandSnippet(snippet.body);
      assert.ok(!/\$\{?\d/.test(text), `${name}: unexpanded placeholder`);
      const document = linter.parse('file:///snippet.py', text);
      const hasError = document.roots.some((root) => root.hasError);
      document.delete();
      assert.equal(hasError, false, `${name} does not parse:\n${text}`);
      const findings = await lint(text);
      const shown = findings.map((finding) => `${finding.start.line + 1}: ${finding.ruleId} ${finding.severity} ${finding.message}`);
      assert.deepEqual(shown, INTENDED_FINDINGS[snippet.prefix] ?? []);
    });
  }

  describe('the safeguard each snippet shows is the one the rule checks', () => {
    for (const { prefix, from, to, rule } of SAFEGUARDS) {
      it(`${prefix}: without it, ${rule} reports`, async () => {
        const text = expandSnippet(snippetByPrefix(prefix).body);
        assert.ok(text.includes(from), `${prefix} no longer contains ${JSON.stringify(from)}`);
        const findings = await lint(text.replace(from, to));
        assert.ok(
          findings.some((finding) => finding.ruleId === rule),
          `${rule} stays silent on the broken ${prefix}: ${JSON.stringify(findingLines(findings))}`,
        );
      });
    }
  });
});
