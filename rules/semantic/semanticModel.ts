import type { Node, Tree } from 'web-tree-sitter';
import type { ParsedCell, SourceDocument } from '../engine/sourceDocument';
import { detached } from '../engine/detachedText';
import type { LintSettings } from '../engine/types';
import { ancestorOfType, field, firstStartingFrom, namedChildren, unparenthesize } from '../engine/syntax';
import { isReboundGlobal } from './reboundGlobals';
import { type Binding, BindingTable, recordAllBindings } from './bindings';
import { type ImportStatementInfo, readImportStatement, type StarImport } from './imports';
import { type NotebookInfo, readNotebook } from './notebook';
import { ScopeIndex, ScopeIntervals, scopeIntervalsOf, treeScopeIntervals } from './scopes';
import { instanceAttributeValue } from './methodCalls';
import { literalString } from './values';
import { starImportedName } from './starImports';
import { forgetMovingNodes, SyntaxIndex, type TreeFacts } from './syntaxIndex';
import { changedPath, partBoundByName, pathsMeet, pathToLiteral, type ValuePath } from './valuePaths';
import { type ArgumentEntry, callArgumentEntries } from './calls';
import { type Parameter, parameterArguments, parameterNamed } from './parameterValues';
import { fixtureValue } from './pytestFixtures';
import { readsVariable } from './nameReads';
import { KeyedFactCache, ReadSet, readBindingsOf, readEverything, readImportOf, readImports, readLines, readOutsideCode, readTextPattern, readTexts, readCalleePattern, readCallsNamed, readTree, readWord, remembered, replayReads, unrecorded } from '../engine/reads';

/** Names Databricks defines in every notebook (and that Databricks Python files use freely). */
export const NOTEBOOK_GLOBALS: Record<string, string> = {
  spark: 'databricks.globals.spark',
  sc: 'databricks.globals.sc',
  sqlContext: 'databricks.globals.sqlContext',
  dbutils: 'databricks.globals.dbutils',
  display: 'databricks.globals.display',
  displayHTML: 'databricks.globals.displayHTML',
};

/** A call expression with its callee resolved as far as the file allows. */
export interface CallSite {
  readonly node: Node;
  readonly callee: Node;
  /** `mlflow.pyfunc.log_model`, `pyspark.ml.feature.StringIndexer`, or for a method on an
   * instance of a known class `mlflow.tracking.MlflowClient.transition_model_version_stage`. */
  readonly qualifiedName?: string;
  /** The last name of the callee: `log_model`, `mapInPandas`, `StringIndexer`. */
  readonly name?: string;
  /** For `a.b(...)`, the node `a`. */
  readonly receiver?: Node;
  readonly arguments?: Node;
  /** The arguments read once (semantic/calls reads keyword and positional arguments from them). */
  readonly argumentEntries: readonly ArgumentEntry[];
}

const MAX_RESOLUTION_DEPTH = 12;

/** Calls that only read a dict or list handed to them whole. */
const READ_ONLY_CALLS = new Set([
  'print', 'len', 'str', 'repr', 'dict', 'list', 'tuple', 'sorted', 'isinstance', 'json.dumps', 'json.dump', 'yaml.dump', 'yaml.safe_dump', 'copy.deepcopy', 'copy.copy',
  'mlflow.log_params', 'mlflow.log_dict', 'mlflow.set_tags', 'pprint.pprint', 'display', 'databricks.globals.display',
]);
/** A dotted path whose last name is a class's (capitalised): `databricks.feature_engineering.FeatureEngineeringClient`. */
const CLASS_NAME = /(?:^|\.)[A-Z]\w*$/;

/** What a star import statement holds: read as the import of a module named `*` (engine/reads). */
const STAR = '*';

function lastPart(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

/**
 * What rules ask of a file: imports, qualified names, bindings (simple def-use), calls by
 * name, notebook cells and `%pip install` lines. Built once per lint from one query.
 */
/**
 * Pushes the offsets where `word` starts inside [start, end) of `text` (it may end past `end`).
 * The search reads only that stretch: `text.indexOf(word, start)` alone would read on to the
 * next occurrence anywhere, to the end of the text for a word a notebook never uses again, once
 * per cell and per markdown gap (40% of a keystroke in a 10,000-line notebook).
 */
/** The key the nodes around words are kept under with each tree. Words can be names read from the code: the key must not hold the text. */
function aroundKey(words: readonly string[], type: string): string {
  return detached(`around\0${type}\0${words.join('\0')}`);
}

function occurrencesStartingIn(text: string, word: string, start: number, end: number, offsets: number[]): void {
  if (word.length === 0 || end <= start) return;
  const stretch = text.slice(start, Math.min(text.length, end + word.length - 1));
  for (let at = stretch.indexOf(word); at !== -1 && start + at < end; at = stretch.indexOf(word, at + word.length)) offsets.push(start + at);
}

/**
 * Past this many parsed cells, a search for words reads the text to find the cells that hold
 * them instead of asking every cell: a search of the text costs about what asking 100-300 cells
 * does.
 */
const MANY_CELLS = 200;

/** changedThroughAlias per binding; a later ask replays the reads of the first (KeyedFactCache). */
const aliasChanges = new KeyedFactCache<SemanticModel, Binding, boolean>();
/** reachedOtherwise per binding of a container. */
const containerReached = new KeyedFactCache<SemanticModel, Binding, boolean>();

export class SemanticModel {
  readonly syntax: SyntaxIndex;
  readonly bindings: BindingTable;
  private notebookInfo?: NotebookInfo;
  private readonly starImportList: StarImport[] = [];
  private readonly importBindingList: Binding[] = [];
  private readonly importedModuleSet = new Set<string>();
  private callSiteCache?: CallSite[];
  /** One site per call node, so that what a site has read is read once whichever way it was found. */
  private readonly sitesById = new Map<number, CallSite>();
  private callNameSet?: Set<string>;
  private treeCallLists?: ReadonlyArray<ReadonlyMap<string, readonly Node[]>>;
  private readonly qualifiedNameCache = new Map<number, { name: string | null; reads?: ReadSet }>();
  private resolutionTruncated = false;
  /** Each tree's code ends before the next tree's begins (no cell is cut by included code). */
  private readonly treesApart: boolean;

  constructor(
    readonly document: SourceDocument,
    /** The registry the configuration declares, used when the code does not show one (see registryContext). */
    readonly declaredRegistry?: LintSettings['declaredRegistry'],
  ) {
    this.treesApart = document.cellsApart;
    const { trees } = document.unrecorded;
    this.syntax = new SyntaxIndex(trees, this.treesApart);
    this.bindings = new BindingTable(new ScopeIndex(this.scopeIntervals()));
    for (const type of ['import_statement', 'import_from_statement'] as const) {
      // What each tree's import statements say is read once and kept with the tree.
      const statements: ImportStatementRead[] = this.syntax.isConcatenated(type)
        ? trees.flatMap((tree) => this.syntax.treeFacts(tree, type, () => new ImportStatements(this.syntax.nodesIn(tree, type))).read)
        : this.syntax.nodes(type).map((statement) => ({ statement, info: readImportStatement(statement), end: statement.endIndex }));
      // Where no tree lies inside another's span, a statement's scope and branch are its own
      // tree's: its bindings are made once and kept with the tree, as its other bindings are.
      const keep = this.treesApart && this.syntax.isConcatenated(type);
      for (const entry of statements) {
        const { statement, info, end } = entry;
        if (info.star) {
          this.starImportList.push(info.star);
          this.importedModuleSet.add(info.star.module);
        }
        info.names.forEach((imported, index) => {
          const kept = keep ? entry.bindings?.[index] : undefined;
          if (kept) this.bindings.insertKept(kept);
          const binding = kept ?? this.bindings.add(imported.localName, 'import', statement, end, { imported });
          if (keep && !kept) {
            (entry.bindings ??= [])[index] = binding;
            // The binding holds its branch node: it moves with the tree.
            forgetMovingNodes(statement.tree);
          }
          this.importBindingList.push(binding);
          this.importedModuleSet.add(type === 'import_statement' ? imported.qualifiedName : imported.qualifiedName.replace(/\.[^.]+$/, ''));
        });
      }
    }
    recordAllBindings(this.bindings, trees, this.syntax, this.treesApart);
  }

  /** The notebook's cells, `%pip` lines and `%run` commands, each recorded as read (engine/reads) when it is. */
  get notebook(): NotebookInfo {
    // Read on first need: most keystrokes' rules never ask (every cell's lines, every `%pip` line).
    const info = (this.notebookInfo ??= unrecorded(() => readNotebook(this.document)));
    return (this.notebookView ??= {
      // The program's kind: lintDocument keeps findings only between versions of the same kind.
      get isDatabricksNotebook() {
        return info.isDatabricksNotebook;
      },
      // Their kinds and order stay while lint results are kept (ruleReuse); their lines move, and
      // a magic cell's prefix is text outside the code.
      get cells() {
        readLines();
        readOutsideCode();
        return info.cells;
      },
      // Read from `%pip install` / `%conda install` lines, with their line numbers.
      get pipRequirements() {
        readTexts(['pip', 'conda']);
        readLines();
        return info.pipRequirements;
      },
      get runCommands() {
        readTexts(['run']);
        readLines();
        return info.runCommands;
      },
    });
  }

  private notebookView?: NotebookInfo;

  /** Star imports (`from helpers import *`), in document order. */
  get starImports(): readonly StarImport[] {
    readImports();
    return this.starImportList;
  }

  /**
   * Names bound by import statements, in document order. Recorded as the imports (their
   * statements' text and the kinds of nodes around them), not as their cells: a reader that
   * goes on from a statement to the code around it (an enclosing `try`) looks the name up
   * too (bindings.lookup), which records the cells that bind it.
   */
  get importBindings(): readonly Binding[] {
    readImports();
    return this.importBindingList;
  }

  /**
   * The import bindings of `module` itself or of names under it (`mlflow` gives the binding of
   * `mf` in `import mlflow as mf` and of `log_metric` in `from mlflow import log_metric`).
   * Recorded as an import of the module: each such statement spells the module's first name.
   */
  importBindingsFrom(module: string): Binding[] {
    readImportOf(module.split('.')[0]);
    return this.importBindingList.filter((binding) => {
      const qualifiedName = binding.imported?.qualifiedName ?? '';
      return qualifiedName === module || qualifiedName.startsWith(`${module}.`);
    });
  }

  /**
   * The import bindings of things named one of `names` (`Pipeline` gives the binding of `P` in
   * `from pyspark.ml import Pipeline as P`). Recorded as imports of those names: each such
   * statement spells the name, so typing in another import statement changes nothing here.
   */
  importBindingsOf(names: readonly string[]): Binding[] {
    for (const name of names) readImportOf(name);
    return this.importBindingList.filter((binding) => names.includes(lastPart(binding.imported?.qualifiedName ?? '')));
  }

  /** Every module named by an import statement anywhere in the file (`mlflow.pyfunc`, `pyspark.ml`). */
  get importedModules(): ReadonlySet<string> {
    readImports();
    return this.importedModuleSet;
  }

  /**
   * The scope intervals a node is looked up in: its own tree's, kept with the tree, when no
   * tree lies inside another's span; else one set over the whole program, read on first use.
   */
  private scopeIntervals(): (node: Node) => ScopeIntervals {
    const syntax = this.syntax;
    if (!this.treesApart) {
      let whole: ScopeIntervals | undefined;
      return () => (whole ??= scopeIntervalsOf((type) => syntax.nodes(type)));
    }
    // Lookups come in runs from the same tree (a binding's uses, a tree's events).
    let lastTree: Tree | undefined;
    let lastIntervals: ScopeIntervals | undefined;
    return (node) => {
      const tree = node.tree;
      if (tree !== lastTree) {
        // A node of a tree that is not the program's lies in none of its scopes.
        if (!syntax.holds(tree)) return NO_SCOPES;
        lastIntervals = treeScopeIntervals(tree, syntax);
        lastTree = tree;
      }
      return lastIntervals!;
    };
  }


  /** Whether the file imports `module` or one of its submodules (`mlflow` matches `mlflow.pyfunc`). */
  importsModule(module: string): boolean {
    readImportOf(module.split('.')[0]);
    for (const imported of this.importedModuleSet) {
      if (imported === module || imported.startsWith(`${module}.`)) return true;
    }
    return false;
  }

  lookup(identifier: Node): Binding | undefined {
    return this.bindings.lookup(identifier.text, identifier);
  }

  /** The binding an assignment statement makes for `name`, if it makes one. */
  bindingMadeBy(assignment: Node, name: string): Binding | undefined {
    return this.bindings.all(name).find((candidate) => candidate.node.id === assignment.id);
  }

  /**
   * Whether a literal may be changed in place after it is written: it is, or sits inside, the
   * value an assignment binds to a name, and a later statement changes that value where the
   * literal is (`cfg["traffic_config"]["routes"].append(...)`, `cfg["routes"][0]["traffic_percentage"] = 100`,
   * a change of the whole value), deep changes included. What it says is then not what the
   * program ends up with. A change of another key (`cfg["name"] = ...`) leaves it as written.
   * Changes made through another name for a part (`routes = cfg["routes"]; routes.append(...)`)
   * or a loop variable count too. That reads every use of the name: callers ask where a finding
   * would be reported, not of every literal (asked of every literal of every cell, it more than
   * doubled what a keystroke in a 10,000-line notebook allocates: 1.7 -> 4.5 MB).
   */
  isChangedInPlace(literal: Node): boolean {
    const place = pathToLiteral(literal);
    const binding = place && this.bindingMadeBy(place.assignment, place.name.text);
    return !!binding && this.changesReach(binding, place.path);
  }

  /**
   * Whether a change of `binding`'s value reaches the part at `path`: made through the name, or
   * through another name bound to a part of the value (`routes = cfg["routes"]; routes.append(...)`,
   * `for route in cfg["routes"]: route["traffic_percentage"] = 50`).
   */
  private changesReach(binding: Binding, path: ValuePath, depth = 0): boolean {
    if (this.bindings.changesOf(binding).some((change) => pathsMeet(path, changedPath(change)))) return true;
    if (depth >= 3) return false;
    // Only where the name starts the value of an assignment or a loop: `x = cfg[...]`, `for r in cfg[...]`.
    // The name first: the search then skips to its occurrences (a lookbehind first tried every position).
    const aliasing = new RegExp(`\\b${binding.name}(?=\\s*[[.])(?<=(?:=|\\bin)\\s*${binding.name})`, 'g');
    return this.nodesAroundPattern(aliasing, 'identifier').some((use) => {
      if (use.text !== binding.name || !this.bindings.reachingBindings(binding.name, use).includes(binding)) return false;
      const part = partBoundByName(use);
      if (!part || !pathsMeet(path, part.path)) return false;
      const alias = this.bindingMadeBy(part.bindingNode, part.name);
      // The path below the part; a part that holds the whole literal: any change of it reaches it.
      return !!alias && this.changesReach(alias, path.length > part.path.length ? path.slice(part.path.length) : [], depth + 1);
    });
  }

  /**
   * The identifiers that may read `binding`: its name where it is read (not where an assignment
   * binds it again), with `binding` among the bindings that reach it. usesOf keeps only the uses
   * it is the one binding of; this keeps `return x` after `if`/`else` arms that bind `x`
   * differently too.
   */
  mayRead(binding: Binding): Node[] {
    return this.readsOfName(binding.name).filter((read) => read.reaching.includes(binding)).map((read) => read.use);
  }

  /** Whether some read of `binding`'s name may see it (mayRead is not empty). */
  mayBeRead(binding: Binding): boolean {
    return this.readsOfName(binding.name).some((read) => read.reaching.includes(binding));
  }

  /**
   * The name's reads with the bindings that may reach each, walked once per name: asked of
   * every binding of a name that a mutated notebook rebinds hundreds of times, a walk per
   * binding was quadratic (MLT402's repeatsUnread: minutes). What the walk reads is recorded on
   * every call: a rule asking after the first still depends on it.
   */
  private readsOfName(name: string): ReadonlyArray<{ use: Node; reaching: readonly Binding[] }> {
    readWord(name);
    readBindingsOf(name);
    let reads = this.readsByName.get(name);
    if (!reads) {
      reads = unrecorded(() => this.nodesAroundWords([name], 'identifier'))
        .filter((use) => use.text === name && readsVariable(use))
        .map((use) => ({ use, reaching: this.bindings.reachingBindings(name, use) }));
      this.readsByName.set(name, reads);
    }
    return reads;
  }

  private readonly readsByName = new Map<string, ReadonlyArray<{ use: Node; reaching: readonly Binding[] }>>();

  /**
   * The identifiers that read `binding`: its name where it is written, resolved to it. A name an
   * assignment binds again (`x = ...` later) is no read of the binding before it.
   */
  usesOf(binding: Binding): Node[] {
    // The uses are identifiers spelling the name: cells that hold it as a whole word.
    readWord(binding.name);
    return unrecorded(() => this.nodesAroundWords([binding.name], 'identifier')).filter((use) => use.text === binding.name && this.lookup(use) === binding && readsVariable(use));
  }

  /**
   * The dotted path a name or attribute chain stands for through the file's imports:
   * `F.StringIndexer` after `import pyspark.ml.feature as F` is
   * `pyspark.ml.feature.StringIndexer`. A method on an instance of a resolved class gets
   * the class's path: `client.get_run` after `client = MlflowClient()`. Undefined when the
   * head is a local value of unknown origin.
   */
  resolveQualifiedName(node: Node, depth = 0): string | undefined {
    const expr = unparenthesize(node);
    const cached = this.qualifiedNameCache.get(expr.id);
    if (cached !== undefined) {
      replayReads(cached.reads);
      return cached.name ?? undefined;
    }
    if (depth > MAX_RESOLUTION_DEPTH) {
      this.resolutionTruncated = true;
      return undefined;
    }
    const outerTruncated = this.resolutionTruncated;
    this.resolutionTruncated = false;
    const { value: result, reads } = remembered(() => this.computeQualifiedName(expr, depth));
    // A result cut short by the depth limit depends on where the resolution started: not cached.
    if (!this.resolutionTruncated) this.qualifiedNameCache.set(expr.id, { name: result ?? null, reads });
    this.resolutionTruncated ||= outerTruncated;
    return result;
  }

  private computeQualifiedName(expr: Node, depth: number): string | undefined {
    if (expr.type === 'attribute') {
      const object = field(expr, 'object');
      const attribute = field(expr, 'attribute');
      if (!object || !attribute) return undefined;
      const head = this.resolveQualifiedName(object, depth + 1);
      if (head) return `${head}.${attribute.text}`;
      // `self.fe` inside a method, where the class assigns `self.fe = FeatureEngineeringClient()` once.
      const held = object.type === 'identifier' ? instanceAttributeValue(this, expr) : undefined;
      return held ? this.resolveQualifiedName(held, depth + 1) : undefined;
    }
    if (expr.type === 'call') {
      // `MlflowClient()` stands for an instance of the class: use the class's path.
      const callee = field(expr, 'function');
      return callee ? this.resolveQualifiedName(callee, depth + 1) : undefined;
    }
    if (expr.type !== 'identifier') return undefined;
    const reaching = this.bindings.reachingBindings(expr.text, expr);
    if (reaching.length > 0) {
      // Several bindings (if/else arms) count when they all stand for the same thing.
      const names = reaching.map((binding) => this.qualifiedNameOfBinding(binding, depth));
      return names.every((name) => name !== undefined && name === names[0]) ? names[0] : undefined;
    }
    // Names a star import may bind are not written in it: the imports are read as a whole. With
    // none in the program, only an import statement that brings one in (it holds `*`) changes
    // the answer: typing in another import does not rerun every rule that met `spark`.
    if (this.starImportList.length > 0) readImports();
    else readImportOf(STAR);
    const fromStar = starImportedName(this.starImportList.filter((entry) => entry.statement.endIndex <= expr.startIndex), expr.text);
    return fromStar === null ? NOTEBOOK_GLOBALS[expr.text] : fromStar;
  }

  /**
   * What a binding makes its name stand for: the imported path, or the path of the assigned
   * expression. Changing the value in place (`x.append`, `x.a = 1`) does not change what it
   * is an instance of, so mutations do not matter here.
   */
  private qualifiedNameOfBinding(binding: Binding, depth: number): string | undefined {
    if (binding.kind === 'import') return binding.imported!.qualifiedName;
    if (binding.kind === 'opaque') {
      const parameter = parameterNamed(binding.node, binding.name);
      return parameter ? this.parameterClass(parameter, depth) : undefined;
    }
    if (binding.kind === 'assignment' && binding.value) {
      const value = unparenthesize(binding.value);
      if (value.type === 'identifier' || value.type === 'attribute' || value.type === 'call') {
        return this.resolveQualifiedName(value, depth + 1);
      }
    }
    return undefined;
  }

  /**
   * The class a function's parameter holds an instance of, as the file shows it: its type
   * annotation (`fe: FeatureEngineeringClient`), or the instance every call of the function in
   * the file passes for it (`prepare(fe, df)` where `fe = FeatureEngineeringClient()`), all of
   * one class. A value that is not an instance of a class (a DataFrame from `spark.table(...)`,
   * a literal) or a call that leaves the parameter to its default makes it unknown.
   */
  private parameterClass(parameter: Parameter, depth: number): string | undefined {
    if (parameter.annotation) {
      const type = unparenthesize(parameter.annotation.namedChildren[0] ?? parameter.annotation);
      const name = type.type === 'identifier' || type.type === 'attribute' ? this.resolveQualifiedName(type, depth + 1) : undefined;
      return name && CLASS_NAME.test(name) ? name : undefined;
    }
    // A test's parameter that pytest fills with a fixture of the file: the fixture's value.
    const fixture = fixtureValue(this.document.uri, (name) => this.bindings.all(name), parameter);
    if (fixture) {
      const value = this.resolveValue(fixture);
      const name = value.type === 'call' ? this.resolveQualifiedName(value, depth + 1) : undefined;
      return name && CLASS_NAME.test(name) ? name : undefined;
    }
    const passed = parameterArguments(this, parameter);
    if (passed.length === 0) return undefined;
    let found: string | undefined;
    for (const { argument } of passed) {
      const value = argument ? this.resolveValue(argument) : undefined;
      if (value?.type !== 'call') return undefined;
      const name = this.resolveQualifiedName(value, depth + 1);
      if (!name || !CLASS_NAME.test(name) || (found !== undefined && name !== found)) return undefined;
      found = name;
    }
    return found;
  }

  /**
   * The expression a name stands for: follows identifiers bound by a plain assignment (not
   * changed in place between the binding and the use) to the assigned expression, and a
   * literal key of such a dict or index of such a list (`CFG["mode"]` with `CFG = {"mode":
   * "overwrite"}`, `SIZES[0]`). Returns the node itself when it is not such a name. Bindings in
   * the arms of an if/else count when every arm assigns the same text.
   */
  resolveValue(node: Node): Node {
    let current = unparenthesize(node);
    for (let depth = 0; depth < MAX_RESOLUTION_DEPTH; depth++) {
      if (current.type === 'subscript' || current.type === 'call') {
        const element = current.type === 'subscript' ? this.literalElement(current) : this.dictGetElement(current);
        if (!element) break;
        current = unparenthesize(element);
        continue;
      }
      const assigned = current.type === 'identifier' ? this.assignedValue(current) : undefined;
      if (!assigned) break;
      current = assigned;
    }
    return current;
  }

  /**
   * Whether the dict or list a name holds is handed as a whole to a call that may change it in
   * place (`apply_env(CONFIG)` setting `cfg["stage"]`): anywhere in the file, as the call may
   * run before the read. Reading and logging it (`print`, `json.dumps`, `mlflow.log_params`,
   * `len`) and unpacking it (`**CONFIG`) change nothing.
   */
  private passedToCode(name: Node): boolean {
    const binding = this.agreeingBinding(name);
    if (!binding) return false;
    for (const use of this.usesOf(binding)) {
      const argument = use.parent?.type === 'keyword_argument' ? use.parent : use;
      const list = argument.parent;
      if (list?.type !== 'argument_list' || list.parent?.type !== 'call') continue;
      const site = this.callSite(list.parent);
      if (!READ_ONLY_CALLS.has(site.qualifiedName ?? site.name ?? '')) return true;
    }
    return false;
  }

  /**
   * Whether what the container a name holds contains was changed in place before this read
   * (`cfg["stages"].insert(0, ...)`, `opts.get("k").append(...)`): its elements may not be the
   * ones written.
   */
  private elementsChangedBefore(name: Node): boolean {
    const binding = this.agreeingBinding(name);
    if (!binding) return false;
    if (this.bindings.isMutatedBefore(binding, name, true)) return true;
    // A change in a function that does not hold the read may run before it (`def shrink():
    // opts["maxDepth"] = [3]` called first).
    const readIn = ancestorOfType(name, ['function_definition', 'lambda']);
    return this.bindings.changesOf(binding).some((change) => {
      const changedIn = ancestorOfType(change, ['function_definition', 'lambda']);
      return !!changedIn && changedIn.id !== readIn?.id;
    });
  }

  /**
   * Whether the container a name holds (or one of its elements) can be changed through another
   * name, or the name bound again where this read does not see it: bound to another name
   * (`alias = PCT`, then `alias["k"] = 10`), changed with `PCT |= {...}`, an element bound to a
   * name that is then changed (`depths = GRID.get("k")`, `depths.append(12)`), or a module
   * name a function rebinds with `global`.
   */
  private reachedOtherwise(name: Node): boolean {
    if (isReboundGlobal(this, name.text)) return true;
    const binding = this.agreeingBinding(name);
    if (!binding) return false;
    // Once per binding: every element read of the container asks (a keystroke re-lints many).
    return containerReached.get(this, binding, () => this.readReachedOtherwise(binding));
  }

  private readReachedOtherwise(binding: Binding): boolean {
    // `PCT = BASE`: the container has another name, through which it may change.
    if (binding.kind === 'assignment' && binding.value && unparenthesize(binding.value).type === 'identifier') return true;
    return this.usesOf(binding).some((use) => {
      const parent = use.parent;
      if (parent?.type === 'augmented_assignment' && field(parent, 'left')?.id === use.id) return true;
      if (parent?.type === 'assignment' && field(parent, 'right')?.id === use.id) return true;
      // An element read bound to a name: changed through that name, the container changes.
      const element = parent?.type === 'subscript' && field(parent, 'value')?.id === use.id ? parent
        : parent?.type === 'attribute' && field(parent, 'object')?.id === use.id && field(parent, 'attribute')?.text === 'get' && parent.parent?.type === 'call' ? parent.parent
        : undefined;
      const holder = element?.parent?.type === 'assignment' && field(element.parent, 'right')?.id === element.id ? field(element.parent, 'left') : undefined;
      if (holder?.type !== 'identifier') return false;
      // The binding this assignment makes of the name.
      const assignment = element?.parent;
      const held = this.bindings.all(holder.text).find((candidate) => candidate.node.id === assignment?.id || candidate.node.id === holder.id);
      return !!held && this.bindings.isMutatedAfter(held);
    });
  }

  /** How many containers literalElement is resolving, one inside another. */
  private containerDepth = 0;

  /** The expression a plain assignment binds a name to, where the name is used and its value not changed in place since. */
  private assignedValue(identifier: Node): Node | undefined {
    const binding = this.agreeingBinding(identifier);
    if (!binding || binding.kind !== 'assignment' || !binding.value || this.bindings.isMutatedBefore(binding, identifier)) return undefined;
    const value = unparenthesize(binding.value);
    // A list, dict or set also bound to another name may change through that one (`d = DEPTHS`, `d.append(12)`).
    if ((value.type === 'list' || value.type === 'dictionary' || value.type === 'set') && this.changedThroughAlias(binding)) return undefined;
    return value;
  }

  /** Whether a name bound to `binding`'s value (`alias = NAME`) is changed in place (once per binding: resolveValue asks often). */
  private changedThroughAlias(binding: Binding): boolean {
    return aliasChanges.get(this, binding, () => this.readChangedThroughAlias(binding));
  }

  private readChangedThroughAlias(binding: Binding): boolean {
    return this.usesOf(binding).some((use) => {
      const assignment = use.parent;
      if (assignment?.type !== 'assignment' || field(assignment, 'right')?.id !== use.id) return false;
      const target = field(assignment, 'left');
      if (target?.type !== 'identifier') return true;
      const alias = this.bindings.all(target.text).find((candidate) => candidate.node.id === assignment.id || candidate.node.id === target.id);
      return !alias || this.bindings.isMutatedAfter(alias);
    });
  }

  /**
   * The entry a literal key or index picks from a dict, list or tuple that a name holds (or
   * that is written in place): undefined when the container is not such a literal, has a
   * `**` / `*` part that may hold the key, or lacks it.
   */
  private literalElement(subscript: Node): Node | undefined {
    const container = field(subscript, 'value');
    const keys = subscript.childrenForFieldName('subscript').filter((key): key is Node => !!key && key.type !== 'comment');
    return container && keys.length === 1 ? this.elementOf(container, unparenthesize(keys[0])) : undefined;
  }

  /**
   * `CFG.get("mode")` (with a default or not) of a dict literal a name holds, when it has the
   * key: the entry, as `CFG["mode"]` reads it. A key it lacks gives the default: not followed.
   */
  private dictGetElement(call: Node): Node | undefined {
    const callee = field(call, 'function');
    const args = field(call, 'arguments');
    const given = args ? namedChildren(args).filter((child) => child.type !== 'comment') : [];
    if (callee?.type !== 'attribute' || field(callee, 'attribute')?.text !== 'get' || given.length < 1 || given.length > 2) return undefined;
    if (given.some((argument) => argument.type === 'keyword_argument' || argument.type === 'list_splat' || argument.type === 'dictionary_splat')) return undefined;
    const container = field(callee, 'object');
    if (container?.type !== 'identifier') return undefined;
    const element = this.elementOf(container, unparenthesize(given[0]));
    // Only a dict: `.get` of anything else is another method.
    return element && this.resolveValueOfContainer(container)?.type === 'dictionary' ? element : undefined;
  }

  private resolveValueOfContainer(container: Node): Node | undefined {
    if (this.containerDepth >= MAX_RESOLUTION_DEPTH) return undefined;
    this.containerDepth++;
    try {
      return this.resolveValue(container);
    } finally {
      this.containerDepth--;
    }
  }

  /** The entry `key` picks from the dict, list or tuple `container` holds (literalElement). */
  private elementOf(container: Node, key: Node): Node | undefined {
    // The container is resolved by a nested resolveValue: bounded too, for names that lead back
    // to themselves through subscripts (`a = b[0]` and `b = [a]` in a loop).
    if (this.containerDepth >= MAX_RESOLUTION_DEPTH) return undefined;
    this.containerDepth++;
    let value: Node;
    try {
      value = this.resolveValue(container);
    } finally {
      this.containerDepth--;
    }
    // Only a literal container has elements to read; the checks of how a name's container may
    // change are asked of those alone (most subscripts are of DataFrames and rows).
    if (value.type !== 'dictionary' && value.type !== 'list' && value.type !== 'tuple') return undefined;
    if (container.type === 'identifier' && (this.passedToCode(container) || this.elementsChangedBefore(container) || this.reachedOtherwise(container))) return undefined;
    const entries = namedChildren(value).filter((child) => child.type !== 'comment');
    if (value.type === 'dictionary') {
      const wanted = literalString(key);
      if (wanted === undefined) return undefined;
      let found: Node | undefined;
      for (const entry of entries) {
        // A later equal key wins, as in Python; a `**` part may hold the key (`{**BASE, "k": v}`
        // knows k, `{"k": v, **OVERRIDES}` does not).
        const entryKey = entry.type === 'pair' ? field(entry, 'key') : undefined;
        if (entryKey && literalString(entryKey) === wanted) found = field(entry, 'value') ?? undefined;
        else if (entry.type !== 'pair') found = undefined;
      }
      return found;
    }
    if (value.type === 'list' || value.type === 'tuple') {
      const index = integerLiteral(key);
      if (index === undefined || entries.some((entry) => entry.type === 'list_splat')) return undefined;
      return entries[index < 0 ? entries.length + index : index];
    }
    return undefined;
  }

  /** The binding a name sees, or the last of several whose assigned values are the same text. */
  private agreeingBinding(identifier: Node): Binding | undefined {
    const reaching = this.bindings.reachingBindings(identifier.text, identifier);
    if (reaching.length <= 1) return reaching[0];
    const texts = reaching.map((binding) => (binding.kind === 'assignment' && binding.value ? binding.value.text : undefined));
    return texts.every((text) => text !== undefined && text === texts[0]) ? reaching[reaching.length - 1] : undefined;
  }

  /** The def or lambda that a name (or the expression itself) stands for. */
  resolveFunction(node: Node): Node | undefined {
    const value = this.resolveValue(node);
    if (value.type === 'lambda') return value;
    if (value.type !== 'identifier') return undefined;
    const binding = this.lookup(value);
    return binding?.kind === 'function' ? binding.node : undefined;
  }

  /** The calls of the file to a function it defines, by its name (`helper(...)`, not `x.helper(...)`). */
  callersOf(fn: Node): CallSite[] {
    const name = fn.type === 'function_definition' ? field(fn, 'name')?.text : undefined;
    if (!name) return [];
    return this.callsNamed(name).filter((site) => !site.receiver && this.resolveFunction(site.callee)?.id === fn.id);
  }

  /** The class definition in this file that a name stands for. */
  resolveClass(node: Node): Node | undefined {
    const value = this.resolveValue(node);
    if (value.type !== 'identifier') return undefined;
    const binding = this.lookup(value);
    return binding?.kind === 'class' ? binding.node : undefined;
  }

  /**
   * The nodes of `type` around each place where the text contains one of `words`, in document
   * order: a way to reach the few strings or dicts that can matter (`"traffic_percentage"`)
   * without indexing every string and dict of the file.
   */
  nodesAroundText(words: readonly string[], type: string): Node[] {
    readTexts(words);
    return unrecorded(() => this.nodesAroundWords(words, type));
  }

  private nodesAroundWords(words: readonly string[], type: string): Node[] {
    const { text, parsedCells } = this.document.unrecorded;
    // The places inside a cell's Python ranges give the same nodes while its tree is kept: they
    // are remembered with the tree. Places outside Python but inside a tree's span (an escape
    // line inside a cell) are looked at each time: the text there can change while the tree is
    // kept. Elsewhere (a markdown cell) no node holds the place.
    const key = aroundKey(words, type);
    const found = new Map<number, Node>();
    // One reader for every cell (it reads the cell in `parsed`): a closure per cell and call was
    // a tenth of what a keystroke allocates here, for trees whose facts are kept anyway.
    let parsed = parsedCells[0];
    const read = () => this.nodesAroundInCode(parsed, words, type);
    for (parsed of parsedCells.length > MANY_CELLS ? this.cellsHoldingText(words) : parsedCells) {
      for (const node of this.syntax.treeFacts(parsed.tree, key, read).list) found.set(node.id, node);
    }
    const outside: number[] = [];
    for (const word of words) {
      for (const gap of this.document.gapsInsideTrees) occurrencesStartingIn(text, word, gap.start, gap.end, outside);
    }
    if (outside.length === 0 && this.treesApart) {
      // Each tree's nodes in order, the trees one after another: already in order, none twice.
      return [...found.values()];
    }
    for (const node of this.nodesAroundOffsets(outside, type)) found.set(node.id, node);
    return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
  }

  /**
   * The parsed cells whose text holds one of `words`, in program order, found by searching the
   * whole text: in a notebook of thousands of cells, asking each cell's kept facts for every name
   * looked up was quadratic (2,000 cells that each start a run bound to its own name: 5.8 s).
   */
  private cellsHoldingText(words: readonly string[]): ParsedCell[] {
    const { text, parsedCells } = this.document.unrecorded;
    const holding = new Set<ParsedCell>();
    for (const word of words) {
      if (word.length === 0) return [...parsedCells];
      for (let at = text.indexOf(word); at !== -1; ) {
        const parsed = this.document.parsedCellAt(at);
        const inCell = !!parsed && at >= parsed.cell.start && at < parsed.cell.end;
        if (inCell) holding.add(parsed);
        // A frequent word (`[`, `(`) is looked for once per cell, not at each of its places.
        at = text.indexOf(word, inCell ? Math.max(at + 1, parsed.cell.end) : at + 1);
      }
    }
    return parsedCells.filter((parsed) => holding.has(parsed));
  }

  /**
   * The trees of the cells in which one of `words` occurs (in their code, or in an escape line
   * inside them) or that call one of `callees`, in program order: the trees a fact kept per tree
   * (engine/carriedFacts) may be about. Read as the words and the callee names, so that an edit
   * that brings one into a cell or out of it is seen.
   */
  treesHolding(words: readonly string[], callees: readonly string[]): Tree[] {
    readTexts(words);
    readCallsNamed(callees);
    return unrecorded(() => {
      const { text, parsedCells } = this.document.unrecorded;
      const holding = new Set<Tree>();
      for (const word of words) {
        if (word.length === 0) continue;
        for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
          const parsed = this.document.parsedCellAt(at);
          if (parsed && at >= parsed.cell.start && at < parsed.cell.end) holding.add(parsed.tree);
        }
      }
      const byTree = this.callsByTree();
      parsedCells.forEach((parsed, index) => {
        if (callees.some((name) => byTree[index].has(name))) holding.add(parsed.tree);
      });
      return parsedCells.filter((parsed) => holding.has(parsed.tree)).map((parsed) => parsed.tree);
    });
  }

  /** The nodes of `type` around the words in a cell's Python ranges (kept with its tree by the callers). */
  private nodesAroundInCode(parsed: ParsedCell, words: readonly string[], type: string): NodeList {
    const { text } = this.document.unrecorded;
    const offsets: number[] = [];
    // Word by word, as over the whole text: nodes that start together keep their order.
    for (const word of words) {
      for (const range of parsed.cell.python) occurrencesStartingIn(text, word, range.start, range.end, offsets);
    }
    return new NodeList(this.nodesAroundOffsets(offsets, type));
  }

  /** nodesAroundText within one tree's cell (its code and the escape lines inside it), read as that tree. */
  nodesAroundTextIn(tree: Tree, words: readonly string[], type: string): Node[] {
    readTree(tree);
    const { nodes, besideCode } = unrecorded(() => {
      const { text, parsedCells } = this.document.unrecorded;
      const parsed = parsedCells.find((candidate) => candidate.tree === tree);
      if (!parsed) return { nodes: [], besideCode: false };
      // The same facts as nodesAroundText's: kept with the tree under the same key.
      const kept = this.syntax.treeFacts(tree, aroundKey(words, type), () => this.nodesAroundInCode(parsed, words, type)).list;
      // Escape lines inside the cell: their text can change while the tree is kept.
      const gaps = this.document.gapsInsideTrees.filter((gap) => gap.start >= parsed.cell.start && gap.start < parsed.cell.end);
      const outside: number[] = [];
      for (const word of words) for (const gap of gaps) occurrencesStartingIn(text, word, gap.start, gap.end, outside);
      if (outside.length === 0) return { nodes: [...kept], besideCode: gaps.length > 0 };
      const found = new Map<number, Node>(kept.map((node) => [node.id, node]));
      for (const node of this.nodesAroundOffsets(outside, type)) found.set(node.id, node);
      return { nodes: [...found.values()].sort((a, b) => a.startIndex - b.startIndex), besideCode: true };
    });
    if (besideCode) readOutsideCode();
    return nodes;
  }

  /** callsNamed within one tree, read as that tree. */
  callsNamedIn(tree: Tree, ...names: string[]): CallSite[] {
    readTree(tree);
    return this.sitesNamed([this.treeCalls(tree)], names);
  }

  /** As nodesAroundText, at the matches of a global pattern (`/\bmodel\s*=(?!=)/g`: a keyword, not every word `model`). */
  nodesAroundPattern(pattern: RegExp, type: string): Node[] {
    readTextPattern(pattern);
    return unrecorded(() => {
      const offsets: number[] = [];
      for (const match of this.document.unrecorded.text.matchAll(pattern)) offsets.push(match.index);
      return this.nodesAroundOffsets(offsets, type);
    });
  }

  private nodesAroundOffsets(offsets: readonly number[], type: string): Node[] {
    const found = new Map<number, Node>();
    // Ancestors already walked from an earlier occurrence: theirs are known too, so a frequent
    // word costs its occurrences' depth up to a shared statement, not to the root.
    const walked = new Set<number>();
    for (const offset of offsets) {
      for (let node: Node | null = this.document.nodeAt(offset); node; node = node.parent) {
        const id = node.id;
        if (walked.has(id)) break;
        walked.add(id);
        if (node.type === type) found.set(id, node);
      }
    }
    return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
  }

  /**
   * Every call of the program, in document order. A rule that needs only some names or one
   * function's calls asks callsNamed / callsWithin: those read the trees' own call lists, kept
   * with the trees, and make sites only for the calls they return.
   */
  calls(): readonly CallSite[] {
    readEverything();
    if (!this.callSiteCache) {
      this.callSiteCache = this.syntax.nodes('call').map((node) => this.callSite(node));
    }
    return this.callSiteCache;
  }

  /**
   * The calls inside `node` (not `node` itself), in document order. Calls are sorted by start
   * and properly nested, so the ones starting inside `node` are exactly the ones in it: a
   * binary search, with no end offset read per call. When no tree lies inside another's span,
   * they are all in the node's own tree.
   */
  callsWithin(node: Node): CallSite[] {
    const end = node.endIndex;
    const result: CallSite[] = [];
    if (this.treesApart && this.syntax.holds(node.tree)) {
      readTree(node.tree);
      const calls = this.syntax.nodesIn(node.tree, 'call');
      for (let i = firstStartingFrom(calls, node.startIndex, (call) => call.startIndex); i < calls.length && calls[i].startIndex < end; i++) {
        if (calls[i].id !== node.id) result.push(this.callSite(calls[i]));
      }
      return result;
    }
    const sites = this.calls();
    for (let i = firstStartingFrom(sites, node.startIndex, (site) => site.node.startIndex); i < sites.length && sites[i].node.startIndex < end; i++) {
      if (sites[i].node.id !== node.id) result.push(sites[i]);
    }
    return result;
  }

  /** The distinct last names of the file's callees (`log_model`, `set_seed`): fewer than the calls. */
  callNames(): Iterable<string> {
    readEverything();
    return this.distinctCallNames();
  }

  /** The distinct callee names that match `pattern` (`/^set[A-Z]/`): a family of names, read as such. */
  callNamesMatching(pattern: RegExp): string[] {
    readCalleePattern(pattern);
    return [...this.distinctCallNames()].filter((name) => pattern.test(name));
  }

  /**
   * Calls whose callee's last name is one of `names` (`log_model` matches `mlflow.sklearn.log_model(...)` and `fs.log_model(...)`).
   * Looked up in each tree's own lists (kept with the trees): one map of every name of every
   * tree, with its calls copied in, cost more than the few names a rule asks for.
   */
  callsNamed(...names: string[]): CallSite[] {
    readCallsNamed(names);
    // Asked again per finding (a rule's helper per promotion, per fix): a notebook of 4,000
    // cells with 400 findings walked the 4,000 trees' lists 400 times. Kept per set of names;
    // each caller gets its own copy.
    const key = names.join('\u0000');
    let sites = this.callsNamedCache.get(key);
    if (!sites) this.callsNamedCache.set(key, (sites = this.sitesNamed(this.callsByTree(), names)));
    return sites.slice();
  }

  private readonly callsNamedCache = new Map<string, CallSite[]>();

  /**
   * Calls of an imported function or class by any local name: those named one of `names`, and
   * those of names an import binds to one of them (`tts(...)` after `from
   * sklearn.model_selection import train_test_split as tts`), whose qualified name `accept` takes.
   */
  callsOfImported(names: readonly string[], accept: (qualifiedName: string) => boolean): CallSite[] {
    const local = new Set(names);
    // An alias is bound by an import statement that spells the original name.
    for (const binding of this.importBindingsOf(names)) {
      const qualifiedName = binding.imported?.qualifiedName;
      if (qualifiedName && accept(qualifiedName)) local.add(binding.name);
    }
    return this.callsNamed(...local).filter((site) => !!site.qualifiedName && accept(site.qualifiedName));
  }

  /** The sites of the calls named `names` in trees' lists of calls by name, in document order. */
  private sitesNamed(lists: ReadonlyArray<ReadonlyMap<string, readonly Node[]>>, names: readonly string[]): CallSite[] {
    const found: CallSite[] = [];
    for (const byName of lists) {
      for (const name of names) {
        const calls = byName.get(name);
        if (calls) for (const node of calls) found.push(this.callSite(node));
      }
    }
    return found.sort((a, b) => a.node.startIndex - b.node.startIndex);
  }

  /** The program's callee names, from the trees' own lists. */
  private distinctCallNames(): ReadonlySet<string> {
    if (!this.callNameSet) {
      this.callNameSet = new Set();
      for (const byName of this.callsByTree()) for (const name of byName.keys()) this.callNameSet.add(name);
    }
    return this.callNameSet;
  }

  /** Each tree's calls by name, in program order (the lists kept with the trees, fetched once per model). */
  private callsByTree(): ReadonlyArray<ReadonlyMap<string, readonly Node[]>> {
    return (this.treeCallLists ??= this.document.unrecorded.trees.map((tree) => this.treeCalls(tree)));
  }

  /** A tree's calls by their callee's last name, kept with the tree. */
  private treeCalls(tree: Tree): ReadonlyMap<string, readonly Node[]> {
    return callsByNameIn(tree, this.syntax);
  }

  callSite(node: Node): CallSite {
    let site = this.sitesById.get(node.id);
    if (!site) this.sitesById.set(node.id, (site = new LazyCallSite(node, this.syntax.callName(node), this)));
    return site;
  }

}

const NO_SCOPES = new ScopeIntervals([], []);

/** One import statement as read; `bindings`: its names' bindings, made by the first model that kept them. */
interface ImportStatementRead {
  statement: Node;
  info: ImportStatementInfo;
  end: number;
  bindings?: Binding[];
}

/** A tree's import statements as read, kept with the tree (their nodes move with it; their ends, and their bindings' offsets, are moved here). */
class ImportStatements implements TreeFacts {
  readonly read: ImportStatementRead[];

  constructor(statements: readonly Node[]) {
    this.read = statements.map((statement) => {
      const { names, star } = readImportStatement(statement);
      // Kept across versions: the strings must not hold on to the text they were read from.
      const info: ImportStatementInfo = {
        names: names.map((imported) => ({ ...imported, localName: detached(imported.localName), qualifiedName: detached(imported.qualifiedName) })),
        ...(star ? { star: { ...star, module: detached(star.module) } } : {}),
      };
      return { statement, info, end: statement.endIndex };
    });
  }

  eachNode(visit: (node: Node) => void): void {
    for (const { statement, info, bindings } of this.read) {
      visit(statement);
      for (const imported of info.names) visit(imported.statement);
      if (info.star) visit(info.star.statement);
      if (bindings) for (const binding of bindings) if (binding.branch) visit(binding.branch);
    }
  }

  move(shift: (offset: number) => number): void {
    for (const entry of this.read) {
      entry.end = shift(entry.end);
      if (entry.bindings) for (const binding of entry.bindings) binding.visibleFrom = entry.end;
    }
  }
}

/** Nodes found in one tree, kept with it (they move with it). */
class NodeList implements TreeFacts {
  constructor(readonly list: readonly Node[]) {}

  eachNode(visit: (node: Node) => void): void {
    for (const node of this.list) visit(node);
  }

  move(): void {}
}

/** One tree's calls by their callee's last name (what callsNamed reads), kept with the tree. */
export function callsByNameIn(tree: Tree, syntax: SyntaxIndex): ReadonlyMap<string, readonly Node[]> {
  return unrecorded(() => syntax.treeFacts(tree, 'callsByName', () => new CallsByName(syntax.nodesIn(tree, 'call'), (call) => syntax.callName(call))).byName);
}

/** One tree's calls by the callee's last name, each list in the tree's order (kept with the tree; its nodes move with it). */
class CallsByName implements TreeFacts {
  readonly byName = new Map<string, Node[]>();

  constructor(calls: readonly Node[], nameOf: (call: Node) => string | undefined) {
    for (const call of calls) {
      const name = nameOf(call);
      if (name === undefined) continue;
      const list = this.byName.get(name);
      if (list) list.push(call);
      else this.byName.set(name, [call]);
    }
  }

  eachNode(visit: (node: Node) => void): void {
    for (const list of this.byName.values()) for (const node of list) visit(node);
  }

  move(): void {}
}

/**
 * A call whose parts are read from the tree on first use: most calls are never looked at
 * beyond their name. A class, not an object of closures: a model makes one per call of the file.
 */
class LazyCallSite implements CallSite {
  private calleeNode?: Node;
  private receiverNode?: Node | null;
  private argumentsNode?: Node | null;
  private entries?: readonly ArgumentEntry[];

  constructor(
    readonly node: Node,
    readonly name: string | undefined,
    private readonly model: SemanticModel,
  ) {}

  get callee(): Node {
    return (this.calleeNode ??= field(this.node, 'function') ?? this.node);
  }

  get receiver(): Node | undefined {
    if (this.receiverNode === undefined) {
      const inner = unparenthesize(this.callee);
      this.receiverNode = inner.type === 'attribute' ? (field(inner, 'object') ?? null) : null;
    }
    return this.receiverNode ?? undefined;
  }

  get arguments(): Node | undefined {
    if (this.argumentsNode === undefined) this.argumentsNode = field(this.node, 'arguments') ?? null;
    return this.argumentsNode ?? undefined;
  }

  get argumentEntries(): readonly ArgumentEntry[] {
    return (this.entries ??= callArgumentEntries(this.node));
  }

  get qualifiedName(): string | undefined {
    return this.model.resolveQualifiedName(this.callee);
  }
}

/** True when `qualifiedName` is exactly `module.name` for one of the modules. */
export function isQualified(qualifiedName: string | undefined, modules: readonly string[], name: string): boolean {
  if (!qualifiedName) return false;
  return modules.some((module) => qualifiedName === `${module}.${name}`);
}

/** `0`, `-1`: a written integer. */
function integerLiteral(node: Node): number | undefined {
  const text = node.type === 'unary_operator' && node.firstChild?.text === '-' ? `-${field(node, 'argument')?.text ?? ''}` : node.type === 'integer' ? node.text : undefined;
  return text !== undefined && /^-?[0-9]+$/.test(text) ? Number(text) : undefined;
}
