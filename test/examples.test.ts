import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { readIpynb } from '../rules/engine/ipynb';
import type { Linter } from '../rules/engine/linter';
import type { InclusionReader, ProgramSource } from '../rules/engine/program';
import { fileSource } from '../rules/engine/programParser';
import { generatedExampleNotebooks, IPYNB_EXAMPLES } from '../scripts/examples-ipynb';
import { createInclusionReader } from '../server/inclusions';
import { readNotebookFile } from '../server/notebookFiles';
import type { ExpectedTrap } from './examples/expectedTrap';
import { testLinter } from './support/linter';

/**
 * The practice notebooks contain each of their traps exactly once; everything else in them is
 * correct code that must stay silent. The table is written from reading the notebooks.
 */
const EXAMPLES = path.join(__dirname, '..', 'examples');

/** Every notebook under examples/ (`.py` exports and `.ipynb`, subfolders too), by its path from there. */
function notebooksUnder(folder: string, prefix = ''): string[] {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix + entry.name;
      if (entry.isDirectory()) return notebooksUnder(path.join(folder, entry.name), `${relative}/`);
      return /\.(py|ipynb)$/.test(entry.name) ? [relative] : [];
    })
    .sort();
}

const exampleFiles = notebooksUnder(EXAMPLES);
/** The practice notebooks of the rule areas: 01_*.py .. 07_*.py. */
const areaExports = exampleFiles.filter((file) => /^\d\d_[^/]*\.py$/.test(file));
const isIpynb = (file: string) => file.endsWith('.ipynb');

interface Trap {
  file: string;
  rule: string;
  cell?: number;
  line: number;
}

/** Each notebook's traps, from test/examples/<notebook>.expected.ts (<notebook>.ipynb.expected.ts for a `.ipynb`). */
function expectedTraps(file: string): Trap[] {
  const module = path.join(__dirname, 'examples', `${file.replace(/\.py$/, '')}.expected.ts`);
  assert.ok(fs.existsSync(module), `no expectations for ${file}: write ${path.relative(process.cwd(), module)}`);
  const { expected } = require(module) as { expected: ExpectedTrap[] };
  for (const trap of expected) assert.equal(trap.cell !== undefined, isIpynb(file), `${file}: ${trap.rule} on line ${trap.line} ${isIpynb(file) ? 'needs' : 'has'} a cell`);
  return expected.map(({ rule, cell, line }) => ({ file, rule, cell, line }));
}

function key(entry: Trap): string {
  return `${entry.file}:${entry.cell === undefined ? '' : `cell ${entry.cell}:`}${entry.line} ${entry.rule}`;
}

/** A rule with a quick fix ("none ..." in its docs means it has none). */
const fixableRules = new Set(allRules.filter((rule) => !/^none\b/i.test(rule.docs.fix)).map((rule) => rule.meta.id));

/** Where the engine thinks a notebook lives: examples/ under a root of its own, so no part of the checkout's path reaches the rules. */
const uriOf = (file: string) => `file:///examples/${file}`;

/** A notebook as the CLI hands it to the engine. */
function exampleSource(file: string): ProgramSource {
  const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
  if (!isIpynb(file)) return fileSource(uriOf(file), text);
  const read = readNotebookFile(uriOf(file), text);
  if ('skipped' in read) assert.fail(`${file} is skipped: ${read.skipped}`);
  return read.source;
}

/** %run targets read from examples/, as the CLI reads them from the disk. */
function examplesReader(): InclusionReader {
  return createInclusionReader((uri) => {
    const file = uri.startsWith('file:///examples/') ? uri.slice('file:///examples/'.length) : undefined;
    return file !== undefined && fs.existsSync(path.join(EXAMPLES, file)) ? exampleSource(file) : undefined;
  });
}

function lintExample(linter: Linter, file: string): Trap[] {
  const { findings, skipped } = linter.lintSource(exampleSource(file), {
    readInclusion: examplesReader(),
    onRuleError: (rule, error) => assert.fail(`${rule.meta.id} threw on ${file}: ${String(error)}`),
  });
  assert.equal(skipped, undefined);
  return findings.map((finding) => ({ file, rule: finding.ruleId, cell: finding.cell === undefined ? undefined : finding.cell + 1, line: finding.start.line + 1 }));
}

describe('examples/', () => {
  it('has one notebook per area of the rules, numbered by area', () => {
    const areas = new Set(allRules.map((rule) => rule.meta.id.slice(3, 4)));
    assert.deepEqual(areaExports.map((file) => file.slice(1, 2)), [...areas].sort());
  });

  it('every rule is found at least once across the notebooks', () => {
    const rules = new Set(exampleFiles.flatMap((file) => expectedTraps(file).map((trap) => trap.rule)));
    assert.deepEqual(allRules.map((rule) => rule.meta.id).filter((id) => !rules.has(id)), []);
  });

  it('.py notebooks are Databricks source exports; .ipynb ones are Databricks notebooks with markdown and code cells', () => {
    for (const file of exampleFiles) {
      const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
      if (isIpynb(file)) {
        const read = readIpynb(text);
        assert.ok('notebook' in read, `${file}: ${JSON.stringify(read)}`);
        assert.equal(read.notebook.databricks, true, `${file} Databricks metadata`);
        assert.ok(read.notebook.cells.some((cell) => cell.kind === 'markdown') && read.notebook.cells.some((cell) => cell.kind === 'code'), `${file} cells`);
        continue;
      }
      assert.ok(text.startsWith('# Databricks notebook source\n'), `${file} header`);
      assert.ok(text.includes('\n# COMMAND ----------\n'), `${file} cells`);
      assert.ok(text.includes('\n# MAGIC %md\n'), `${file} markdown cells`);
    }
  });

  it('has .ipynb notebooks and a %run pair', () => {
    assert.ok(exampleFiles.filter(isIpynb).length >= 2, exampleFiles.join(', '));
    const runs = exampleFiles.filter(isIpynb).flatMap((file) => {
      const read = readIpynb(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
      return 'notebook' in read ? read.notebook.cells.filter((cell) => cell.kind === 'code' && /^%run \.\/includes\/setup$/m.test(cell.source)).map(() => file) : [];
    });
    assert.deepEqual(runs, ['weekly_retraining.ipynb']);
    assert.ok(exampleFiles.includes('includes/setup.py'));
  });

  it('the generated .ipynb notebooks are what npm run examples:ipynb writes', () => {
    const generated = generatedExampleNotebooks();
    assert.deepEqual([...generated.keys()], IPYNB_EXAMPLES.map((name) => `${name}.ipynb`));
    for (const [file, content] of generated) {
      assert.ok(exampleFiles.includes(file), `examples/${file} is missing: run npm run examples:ipynb`);
      assert.equal(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'), content, `examples/${file} is stale: run npm run examples:ipynb`);
    }
  });

  it('every trap is found exactly once, and nothing else', async () => {
    const linter = await testLinter();
    const actual = exampleFiles.flatMap((file) => lintExample(linter, file));
    assert.deepEqual(actual.map(key).sort(), exampleFiles.flatMap(expectedTraps).map(key).sort());
  });

  it('weekly_retraining.ipynb: without its %run setup its traps are not visible', async () => {
    const linter = await testLinter();
    const withSetup = linter.lintSource(exampleSource('weekly_retraining.ipynb'), { readInclusion: examplesReader() }).findings;
    const alone = linter.lintSource(exampleSource('weekly_retraining.ipynb')).findings;
    // The stage transition is a legacy API call in any registry; only the setup says the registry is Unity Catalog.
    assert.deepEqual(alone.map((finding) => finding.ruleId), ['MLT401']);
    assert.match(alone[0].message, /^transition_model_version_stage to Production uses the workspace registry's legacy stages/);
    assert.match(withSetup.find((finding) => finding.ruleId === 'MLT401')!.message, /^transition_model_version_stage to Production raises in Unity Catalog/);
  });

  /**
   * Findings of fixable rules that fix-all rightly leaves, by file: a fix withheld where the
   * file shows it would be wrong.
   */
  const LEFT_ON_PURPOSE: Record<string, readonly string[]> = {
    // The notebook creates registry webhooks, which fire on stage transitions: its Staging
    // transition stays a transition (an alias would fire none of them). The legacy model is
    // promoted by stage in the workspace registry (promote(..., unity_catalog=False)): an alias
    // URI would load an alias that promotion never sets.
    '04_registry_lifecycle.py': ['78: MLT401', '157: MLT402'],
  };

  for (const file of exampleFiles) {
    it(`${file}: fix-all (unsafe fixes included) leaves no finding of a fixable rule (but those left on purpose)`, async () => {
      const linter = await testLinter();
      const source = exampleSource(file);
      const options = { readInclusion: examplesReader() };
      const fixed = linter.fixAllSource(source, { ...options, includeUnsafe: true });
      const fixedSource = { ...source, cells: source.cells.map((cell, index) => ({ ...cell, text: fixed.cells[index] })) };
      const parsed = linter.parseSource(fixedSource, options);
      const broken = parsed.parsedCells.filter((cell) => !cell.cell.hidden && cell.tree.rootNode.hasError).length;
      parsed.delete();
      assert.equal(broken, 0, 'the fixed notebook does not parse');
      const { findings } = linter.lintSource(fixedSource, options);
      const left = findings.filter((finding) => fixableRules.has(finding.ruleId));
      const shown = left.map((finding) => `${finding.cell === undefined ? '' : `cell ${finding.cell + 1}:`}${finding.start.line + 1}: ${finding.ruleId}`);
      assert.deepEqual(shown, LEFT_ON_PURPOSE[file] ?? [], left.map((finding) => finding.message).join('\n'));
      assert.ok(left.every((finding) => finding.fixes.length === 0), 'a finding left by fix-all still offers a fix');
    });
  }
});
