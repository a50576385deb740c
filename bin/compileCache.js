'use strict';
// Loads a bundle of dist/ with V8's code cache, the way Node 22's module.enableCompileCache
// does (Node 20 has no such switch). Compiling the 1.4 MB CLI bundle took about 20 ms of each
// run: a third of a re-run that the results cache answers, and of a pre-commit run on a few
// files. The cache is per user (XDG_CACHE_HOME, ~/.cache, ~/Library/Caches or %LOCALAPPDATA%,
// under mltraps/compile-cache), keyed by the bundle's content, node's version and the
// architecture; it is written once, after a run, so that it also holds the functions the run
// compiled. MLTRAPS_NO_COMPILE_CACHE=1 turns it off. Anything that fails here (no home folder,
// a read-only cache) falls back to a plain require. A script compiled through vm cannot run
// import() without node's experimental loader hook (which prints a warning): the bundles have
// none, esbuild turns them into require (scripts/bundleOptions.json).
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

function cacheFolder() {
  if (process.env.MLTRAPS_NO_COMPILE_CACHE) return undefined;
  if (process.env.XDG_CACHE_HOME) return path.join(process.env.XDG_CACHE_HOME, 'mltraps', 'compile-cache');
  const home = os.homedir();
  if (process.platform === 'win32') return process.env.LOCALAPPDATA ? path.join(process.env.LOCALAPPDATA, 'mltraps', 'compile-cache') : undefined;
  if (!home) return undefined;
  return path.join(home, process.platform === 'darwin' ? path.join('Library', 'Caches') : '.cache', 'mltraps', 'compile-cache');
}

/**
 * Each build of mltraps and each node version writes its own cache: the bundle's caches other
 * than the two newest go (two installations used in turn keep theirs), and partial files
 * that a killed process left.
 */
function removeOlderCaches(folder, bundle, written) {
  const entries = fs.readdirSync(folder).filter((name) => name.startsWith(`${bundle}-`));
  const stat = (name) => fs.statSync(path.join(folder, name));
  const caches = entries.filter((name) => name.endsWith('.cache') && path.join(folder, name) !== written).sort((a, b) => stat(b).mtimeMs - stat(a).mtimeMs);
  const stale = [...caches.slice(1), ...entries.filter((name) => name.endsWith('.partial') && Date.now() - stat(name).mtimeMs > 60_000)];
  for (const name of stale) fs.rmSync(path.join(folder, name), { force: true });
}

/**
 * The file's exports, as require(file) gives them. `writeOnExit: false` (a lint worker thread):
 * the cache is read, never written; the main thread writes it when the process exits.
 * @param {string} file
 * @param {{ writeOnExit?: boolean }} [options]
 */
function requireWithCompileCache(file, { writeOnExit = true } = {}) {
  const folder = cacheFolder();
  if (!folder) return require(file);
  let source;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return require(file);
  }
  // V8 checks a cache against the source's length only: a rebuilt bundle of the same length
  // must not meet the old cache, hence the content in the name.
  const key = crypto.createHash('sha256').update(`${process.version}\0${process.arch}\0`).update(source).digest('hex').slice(0, 32);
  const cacheFile = path.join(folder, `${path.basename(file)}-${key}.cache`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  let script;
  try {
    script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  } catch {
    return require(file);
  }
  if (writeOnExit && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', () => {
      try {
        fs.mkdirSync(folder, { recursive: true });
        // Written beside, then renamed: processes started together (pre-commit runs several)
        // never read a half-written file.
        const partial = `${cacheFile}.${process.pid}.partial`;
        fs.writeFileSync(partial, script.createCachedData());
        fs.renameSync(partial, cacheFile);
        removeOlderCaches(folder, path.basename(file), cacheFile);
      } catch {
        // A cache that cannot be written costs the next run its compile time, nothing more.
      }
    });
  }
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(path.dirname(file));
  require.cache[file] = loaded;
  script.runInThisContext().call(loaded.exports, loaded.exports, Module.createRequire(file), loaded, file, path.dirname(file));
  loaded.loaded = true;
  return loaded.exports;
}

module.exports = { requireWithCompileCache };
