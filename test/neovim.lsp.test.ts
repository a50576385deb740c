import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { diagnosticsFromNeovim, findNeovim, type NeovimDiagnostic } from './neovim/headlessNeovim';

// A second LSP client that nobody here wrote: Debian's Neovim (0.7.2 on bookworm), headless,
// attaches dist/server.js --stdio to a notebook export; what it received must match the CLI.
// scripts/e2e/setup-neovim.sh installs it (npm test runs it); MLTRAPS_SKIP_E2E=1 skips both.

const ROOT = path.join(__dirname, '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const NEOVIM_TIMEOUT_MS = 60_000;

const FILES: Array<{ file: string; codes: string[]; multiByte?: true }> = [
  { file: 'test/fixtures/five-traps.py', codes: ['MLT101', 'MLT102', 'MLT201', 'MLT302', 'MLT601'] },
  { file: 'examples/01_spark_ml_pipelines.py', codes: ['MLT101', 'MLT102', 'MLT103', 'MLT104', 'MLT105', 'MLT106', 'MLT107'] },
  // Accents, Cyrillic, CJK and an emoji (two UTF-16 units, four bytes) before the flagged ranges.
  { file: 'test/neovim/fixtures/non-ascii-traps.py', codes: ['MLT101', 'MLT102', 'MLT601'], multiByte: true },
];

/** `mltraps --format json` output: 1-based lines, 1-based UTF-16 columns, end exclusive. */
interface CliFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  name: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
}

/** LSP's (and vim.diagnostic's) severity numbers. */
const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

function cliFindings(file: string): CliFinding[] {
  const run = spawnSync(process.execPath, [CLI, '--format', 'json', file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 1, `the CLI reports findings in ${file}: ${run.stderr}`);
  return JSON.parse(run.stdout) as CliFinding[];
}

/** Neovim counts columns in bytes of the line; the CLI in UTF-16 code units. */
function byteColumn(line: string, utf16Column: number): number {
  return Buffer.byteLength(line.slice(0, utf16Column), 'utf8');
}

type Expected = Omit<NeovimDiagnostic, 'href'>;

/** What Neovim should hold for a CLI finding, in Neovim's coordinates. */
function asNeovimDiagnostic(finding: CliFinding, lines: readonly string[]): Expected {
  return {
    lnum: finding.line - 1,
    col: byteColumn(lines[finding.line - 1], finding.column - 1),
    end_lnum: finding.endLine - 1,
    end_col: byteColumn(lines[finding.endLine - 1], finding.endColumn - 1),
    code: finding.code,
    source: 'mltraps',
    severity: SEVERITY[finding.severity],
    message: finding.message,
  };
}

function byPosition<T extends { lnum: number; col: number; code: unknown }>(a: T, b: T): number {
  return a.lnum - b.lnum || a.col - b.col || String(a.code).localeCompare(String(b.code));
}

describe('Neovim as an LSP client (headless nvim, dist/server.js --stdio)', function () {
  this.timeout(NEOVIM_TIMEOUT_MS + 30_000);

  before(function () {
    if (process.env.MLTRAPS_SKIP_E2E === '1') {
      console.log('    skipped: MLTRAPS_SKIP_E2E=1 turns off the editor end-to-end tests (Neovim)');
      this.skip();
    }
    const neovim = findNeovim();
    assert.ok(neovim, 'nvim is not on PATH: run scripts/e2e/setup-neovim.sh (npm test does), or set MLTRAPS_SKIP_E2E=1 to skip');
    console.log(`    with ${neovim.version}`);
    assert.ok(fs.existsSync(SERVER), 'dist/server.js is built (npm run build)');
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)');
  });

  for (const { file, codes, multiByte } of FILES) {
    it(`receives for ${file} exactly the CLI's findings: codes, ranges, severities, messages, rule pages`, async () => {
      const findings = cliFindings(file);
      assert.deepEqual(findings.map((finding) => finding.code).sort(), codes, 'the CLI findings this test was written for');

      const report = await diagnosticsFromNeovim(path.join(ROOT, file), { server: SERVER, root: ROOT, timeoutMs: NEOVIM_TIMEOUT_MS });
      assert.ok(report.nvim.major > 0 || report.nvim.minor >= 7, `Neovim 0.7+ (got ${JSON.stringify(report.nvim)})`);
      assert.equal(report.uri, pathToFileURL(path.join(ROOT, file)).href);

      const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split(/\r?\n/);
      const expected = findings.map((finding) => asNeovimDiagnostic(finding, lines)).sort(byPosition);
      if (multiByte) {
        const shifted = findings.filter((finding) => byteColumn(lines[finding.line - 1], finding.column - 1) !== finding.column - 1);
        assert.equal(shifted.length, findings.length, 'every finding of the non-ASCII fixture sits after multi-byte text');
      }
      const received = [...report.diagnostics].sort(byPosition);
      assert.deepEqual(
        received.map(({ href: _href, ...diagnostic }) => diagnostic),
        expected,
      );

      // codeDescription survives Neovim's conversion: each code links to its rule page.
      for (const finding of findings) {
        const diagnostic = received.find((candidate) => candidate.code === finding.code);
        const href = diagnostic?.href ?? '';
        assert.ok(href.endsWith(`/docs/rules/${finding.code}-${finding.name}.md`), `${finding.code} links its rule page: ${href}`);
      }
    });
  }
});
