import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { allRules } from '../rules';
import { rulePageFileName } from '../rules/engine/ruleDocs';
import { practiceNotebooks } from '../rules/practice';
import { LspTestClient } from './support/lspClient';
import { packageVsixInCopy, type PackagedVsix, REPO_ROOT } from './support/packageVsix';
import { readZipEntry, type ZipEntry, zipEntries } from './support/zipEntries';

// Builds the production VSIX with `npm run package` (in a copy of the checkout) and checks
// what a user would install: exactly the files the extension uses, small, production bundles,
// the repository's manifest, and a language server that runs from the installed folder.

const MAX_VSIX_BYTES = 3 * 1024 * 1024;
const FIVE_TRAPS = path.join(REPO_ROOT, 'test', 'fixtures', 'five-traps.py');

interface Manifest {
  main: string;
  icon: string;
  activationEvents: string[];
  contributes: {
    snippets: Array<{ language: string; path: string }>;
    walkthroughs: Array<{ steps: Array<{ media: { markdown?: string } }> }>;
  };
  engines: unknown;
}

function repositoryManifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
}

/** vsce's own files, then the extension's under extension/ (vsce renames LICENSE, README and CHANGELOG). */
function expectedEntries(): string[] {
  const walkthroughMedia = repositoryManifest().contributes.walkthroughs.flatMap((walkthrough) => walkthrough.steps.flatMap((step) => (step.media.markdown ? [path.posix.normalize(step.media.markdown)] : [])));
  const snippets = repositoryManifest().contributes.snippets.map((snippet) => `extension/${path.posix.normalize(snippet.path)}`);
  return [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/icon.png',
    'extension/dist/extension.js',
    'extension/dist/server.js',
    'extension/dist/startServer.js',
    'extension/dist/tree-sitter.wasm',
    'extension/dist/tree-sitter-python.wasm',
    ...snippets,
    ...allRules.map((rule) => `extension/docs/rules/${rulePageFileName(rule)}`),
    'extension/docs/rules/index.json',
    // The practice loop: the notebooks it opens (the .py forms) and their manifest, and the walkthrough's pages.
    'extension/examples/practice.json',
    ...practiceNotebooks.map((notebook) => `extension/examples/${notebook.file}`),
    ...walkthroughMedia.map((file) => `extension/${file}`),
  ].sort();
}

/** Writes the extension/ part of the VSIX the way `code --install-extension` lays it out. */
function install(zip: Buffer, entries: ZipEntry[], into: string): void {
  for (const entry of entries) {
    if (!entry.name.startsWith('extension/')) continue;
    const target = path.join(into, entry.name.slice('extension/'.length));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, readZipEntry(zip, entry));
  }
}

describe('VSIX package (npm run package)', function () {
  this.timeout(240_000);

  let packaged: PackagedVsix;
  let zip: Buffer;
  let entries: ZipEntry[];

  function content(name: string): Buffer {
    const entry = entries.find((candidate) => candidate.name === name);
    assert.ok(entry, `${name} is in the VSIX`);
    return readZipEntry(zip, entry);
  }

  before(async () => {
    packaged = await packageVsixInCopy();
    zip = fs.readFileSync(packaged.vsixPath);
    entries = zipEntries(zip);
  });

  after(() => {
    if (packaged) fs.rmSync(packaged.copyDir, { recursive: true, force: true });
  });

  it('holds exactly the files the installed extension uses', () => {
    assert.deepEqual(entries.map((entry) => entry.name).sort(), expectedEntries());
  });

  it('is at most 3 MB', () => {
    const unpacked = entries.reduce((sum, entry) => sum + entry.size, 0);
    assert.ok(zip.length <= MAX_VSIX_BYTES, `the VSIX is ${zip.length} bytes (${unpacked} unpacked), over ${MAX_VSIX_BYTES}`);
  });

  it('ships production bundles: minified, without source maps or test code', () => {
    for (const bundle of ['extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/startServer.js']) {
      const text = content(bundle).toString('utf8');
      assert.doesNotMatch(text, /sourceMappingURL/, `${bundle} points to a source map`);
      assert.doesNotMatch(text, /\bmocha\b|five-traps|test\/support/, `${bundle} contains test code`);
      // esbuild's minifier keeps line breaks only inside template literals.
      const lines = text.split('\n').length;
      assert.ok(lines < text.length / 1000, `${bundle} has ${lines} lines for ${text.length} characters: not minified`);
    }
  });

  it("carries the repository's manifest: entry point, activation events, contributions, icon", () => {
    const repository = repositoryManifest();
    const packagedManifest = JSON.parse(content('extension/package.json').toString('utf8')) as Manifest;
    assert.equal(packagedManifest.main, './dist/extension.js');
    assert.deepEqual(packagedManifest.activationEvents, ['onLanguage:python', 'onNotebook:jupyter-notebook', 'workspaceContains:**/*.py']);
    assert.deepEqual(packagedManifest.contributes, repository.contributes);
    assert.deepEqual(packagedManifest.engines, repository.engines);
    assert.equal(packagedManifest.icon, 'icon.png');
    const vsixManifest = content('extension.vsixmanifest').toString('utf8');
    assert.match(vsixManifest, /<Asset Type="Microsoft\.VisualStudio\.Services\.Icons\.Default" Path="extension\/icon\.png"/);
  });

  it('has a 128x128 PNG icon', () => {
    const icon = content('extension/icon.png');
    assert.deepEqual([...icon.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.equal(icon.toString('ascii', 12, 16), 'IHDR');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
  });

  describe('installed (the extension/ folder unpacked on its own)', () => {
    let extensionsDir: string;
    let installed: string;
    let client: LspTestClient | undefined;

    before(() => {
      // Outside the packaging copy, whose node_modules would hide a missing wasm file.
      extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-installed-'));
      installed = path.join(extensionsDir, 'mltraps.mltraps-0.1.0');
      install(zip, entries, installed);
    });

    after(async () => {
      await client?.stop();
      fs.rmSync(extensionsDir, { recursive: true, force: true });
    });

    it('starts dist/server.js, which parses with the wasm files beside it and links the shipped rule pages', async () => {
      const server = path.join(installed, 'dist', 'server.js');
      // No node_modules above the unpacked folder: the parser can only use dist/'s own wasm files.
      assert.throws(() => createRequire(server).resolve('web-tree-sitter/tree-sitter.wasm'), /Cannot find module/);

      client = new LspTestClient('stdio', server);
      await client.initialize();
      const uri = pathToFileURL(FIVE_TRAPS).href;
      const published = client.nextDiagnostics(uri, 20_000);
      await client.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'python', version: 1, text: fs.readFileSync(FIVE_TRAPS, 'utf8') },
      });
      const { diagnostics } = await published;
      assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code).sort(), ['MLT101', 'MLT102', 'MLT201', 'MLT302', 'MLT601']);
      for (const diagnostic of diagnostics) {
        const href = diagnostic.codeDescription?.href;
        assert.ok(href, `${diagnostic.code} links its rule page`);
        const page = fileURLToPath(href);
        const rule = allRules.find((candidate) => candidate.meta.id === diagnostic.code)!;
        assert.equal(page, path.join(installed, 'docs', 'rules', rulePageFileName(rule)));
        assert.ok(fs.existsSync(page), `${page} is installed`);
      }
    });

    it('starts as VS Code starts it: dist/startServer.js over node IPC, which keeps V8\'s code cache of dist/server.js', async () => {
      const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-compile-cache-'));
      const cacheFolder = path.join(cacheHome, 'mltraps', 'compile-cache');
      const caches = () => (fs.existsSync(cacheFolder) ? fs.readdirSync(cacheFolder) : []);
      const lintOnce = async () => {
        const ipcClient = new LspTestClient('ipc', path.join(installed, 'dist', 'startServer.js'), undefined, { ...process.env, XDG_CACHE_HOME: cacheHome });
        try {
          await ipcClient.initialize();
          const uri = pathToFileURL(FIVE_TRAPS).href;
          const published = ipcClient.nextDiagnostics(uri, 20_000);
          await ipcClient.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: fs.readFileSync(FIVE_TRAPS, 'utf8') } });
          assert.equal((await published).diagnostics.length, 5);
        } finally {
          await ipcClient.stop();
        }
      };
      try {
        await lintOnce();
        const [cache, ...others] = caches();
        assert.ok(cache && /^server\.js-[0-9a-f]{32}\.cache$/.test(cache) && others.length === 0, `compile cache files after the first start: ${caches().join(', ')}`);
        const written = fs.statSync(path.join(cacheFolder, cache));
        // The next start takes the cache: it is rewritten only when missing or rejected by V8
        // (a bundle loaded under other V8 flags than the cache was written with).
        await lintOnce();
        assert.deepEqual(caches(), [cache]);
        assert.equal(fs.statSync(path.join(cacheFolder, cache)).mtimeMs, written.mtimeMs, 'the second start rewrote the cache: V8 rejected it');
      } finally {
        fs.rmSync(cacheHome, { recursive: true, force: true });
      }
    });
  });
});
