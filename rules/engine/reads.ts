import type { Tree } from 'web-tree-sitter';
import { detached } from './detachedText';

/**
 * What a rule's check read of the program, so that the server can keep its findings across a
 * keystroke that changed nothing it read (see ruleReuse). Recorded where the semantic layer
 * hands out code, not node by node: a node is reached through one of these, and from a node
 * only its own tree (parent, children) is reachable.
 *
 * - `trees`: trees whose nodes it was given by tree (a tree's index lists, its facts, the calls
 *   inside a node). An edit that reparses one of them reruns the rule.
 * - `words`: names it looked things up by (calls named `fit`, the bindings of `pipeline`, the
 *   keyword of a node kind such as `class`). Whatever such a lookup returns lies in a cell whose
 *   text holds the name as a whole word, so an edited cell whose old or new text holds none of
 *   them changes none of the answers.
 * - `boundNames`: names whose bindings it looked up (what `df` is bound to where it is used, the
 *   bindings of `mlflow`). What such a lookup returns lies in trees that bind the name (an
 *   assignment, a parameter, an import, `x.append` changing it): an edit changes the answer only
 *   where a changed tree binds it, before or after the edit. Finer than a word: a cell that
 *   only uses `spark` or `mlflow` does not rerun every rule that resolved them.
 * - `moduleBoundNames`: names whose module-level bindings it looked up (whether `joblib` is bound
 *   at the top of the file): the same, where a changed tree binds the name at module level (a
 *   method `load_context` or a parameter `self` in another cell changes no such answer).
 * - `texts`: text it searched for (the nodes around "traffic_percentage", `dbutils.`): the
 *   same, with the text found anywhere, inside a longer name too.
 * - `calleeNames`: callee names whose calls it looked up (calls named `fit`): what such a lookup
 *   returns lies in trees with a call of that name, so an edit changes the answer only where a
 *   changed tree calls it, before or after the edit (`seed=0` in a cell is no call of `seed`).
 * - `calleePatterns`: the same for a family of callee names (`/^set[A-Z]/`).
 * - `textPatterns`: patterns searched in the program text (`/\bmodel\s*=/`).
 * - `imports`: the file's import statements as a whole (the imported modules, every alias).
 * - `importedNames`: whether the file imports a module (`mlflow`): an import statement that
 *   names it holds the word.
 * - `outsideCode`: text outside the Python code (a `%sql` or `%sh` cell's lines, a `# MAGIC`
 *   line, a cell's magic): an edit there, or one that moves code out of Python, changes it.
 * - `lines`: line numbers (a message that says "line 40"): an edit that adds or removes a line
 *   before them changes them.
 * - `all`: anything else (the whole text, every cell, every node of a kind): rerun on any edit.
 */
export class ReadSet {
  all = false;
  imports = false;
  lines = false;
  outsideCode = false;
  // Made on first use: the semantic model keeps a read set per resolved name, most of them small.
  private treeSet?: Set<Tree>;
  private wordSet?: Set<string>;
  private boundSet?: Set<string>;
  private moduleBoundSet?: Set<string>;
  private textSet?: Set<string>;
  private importedSet?: Set<string>;
  private calleeSet?: Set<string>;
  private calleePatternList?: RegExp[];
  private textPatternList?: RegExp[];

  get trees(): ReadonlySet<Tree> {
    return this.treeSet ?? NO_TREES;
  }

  get words(): ReadonlySet<string> {
    return this.wordSet ?? NO_WORDS;
  }

  get boundNames(): ReadonlySet<string> {
    return this.boundSet ?? NO_WORDS;
  }

  get moduleBoundNames(): ReadonlySet<string> {
    return this.moduleBoundSet ?? NO_WORDS;
  }

  get texts(): ReadonlySet<string> {
    return this.textSet ?? NO_WORDS;
  }

  get importedNames(): ReadonlySet<string> {
    return this.importedSet ?? NO_WORDS;
  }

  get calleeNames(): ReadonlySet<string> {
    return this.calleeSet ?? NO_WORDS;
  }

  get calleePatterns(): readonly RegExp[] {
    return this.calleePatternList ?? NO_PATTERNS;
  }

  get textPatterns(): readonly RegExp[] {
    return this.textPatternList ?? NO_PATTERNS;
  }

  addTree(tree: Tree): void {
    (this.treeSet ??= new Set()).add(tree);
  }

  addWord(word: string): void {
    addDetached((this.wordSet ??= new Set()), word);
  }

  addBoundName(name: string): void {
    addDetached((this.boundSet ??= new Set()), name);
  }

  addModuleBoundName(name: string): void {
    addDetached((this.moduleBoundSet ??= new Set()), name);
  }

  addText(text: string): void {
    addDetached((this.textSet ??= new Set()), text);
  }

  addImportedName(name: string): void {
    addDetached((this.importedSet ??= new Set()), name);
  }

  addCalleeName(name: string): void {
    addDetached((this.calleeSet ??= new Set()), name);
  }

  addCalleePattern(pattern: RegExp): void {
    if (!this.calleePatterns.includes(pattern)) (this.calleePatternList ??= []).push(pattern);
  }

  addTextPattern(pattern: RegExp): void {
    if (!this.textPatterns.includes(pattern)) (this.textPatternList ??= []).push(pattern);
  }

  merge(other: ReadSet): void {
    if (other.all) this.all = true;
    if (this.all) return;
    if (other.imports) this.imports = true;
    if (other.lines) this.lines = true;
    if (other.outsideCode) this.outsideCode = true;
    for (const tree of other.trees) this.addTree(tree);
    for (const word of other.words) this.addWord(word);
    for (const name of other.boundNames) this.addBoundName(name);
    for (const name of other.moduleBoundNames) this.addModuleBoundName(name);
    for (const text of other.texts) this.addText(text);
    for (const name of other.importedNames) this.addImportedName(name);
    for (const name of other.calleeNames) this.addCalleeName(name);
    for (const pattern of other.calleePatterns) this.addCalleePattern(pattern);
    for (const pattern of other.textPatterns) this.addTextPattern(pattern);
  }
}

/**
 * A name cut from a document's text (a node's text) is a view into that whole text in V8 once it
 * has 13 or more characters. A rule's reads are kept across keystrokes while it is not rerun: a
 * copy keeps only the name, not the version of the document it was read in.
 */
function addDetached(set: Set<string>, name: string): void {
  if (!set.has(name)) set.add(detached(name));
}

const NO_TREES: ReadonlySet<Tree> = new Set();
const NO_WORDS: ReadonlySet<string> = new Set();
const NO_PATTERNS: readonly RegExp[] = [];

/** The reads being recorded (a rule's check, or a fact computed inside it); undefined most of the time. */
let recording: ReadSet | undefined;

/** Runs `read` recording what it reads into `reads`, and into the enclosing recording as well. */
export function recordReads<T>(reads: ReadSet, read: () => T): T {
  const outer = recording;
  recording = reads;
  try {
    return read();
  } finally {
    recording = outer;
    outer?.merge(reads);
  }
}

/** Runs `read` without recording: a lookup that records its own key reads the program its own way. */
export function unrecorded<T>(read: () => T): T {
  const outer = recording;
  recording = undefined;
  try {
    return read();
  } finally {
    recording = outer;
  }
}

export function isRecording(): boolean {
  return recording !== undefined;
}

export function readTree(tree: Tree): void {
  recording?.addTree(tree);
}

export function readWord(word: string): void {
  recording?.addWord(word);
}

export function readWords(words: Iterable<string>): void {
  if (recording) for (const word of words) recording.addWord(word);
}

/** The bindings of a name were looked up (not its uses). */
export function readBindingsOf(name: string): void {
  recording?.addBoundName(name);
}

/** The module-level bindings of a name were looked up. */
export function readModuleBindingsOf(name: string): void {
  recording?.addModuleBoundName(name);
}

/** Text searched for anywhere (inside longer names too). */
export function readTexts(texts: Iterable<string>): void {
  if (recording) for (const text of texts) recording.addText(text);
}

/** Calls of these callee names were looked up. */
export function readCallsNamed(names: readonly string[]): void {
  if (recording) for (const name of names) recording.addCalleeName(name);
}

export function readCalleePattern(pattern: RegExp): void {
  recording?.addCalleePattern(pattern);
}

export function readTextPattern(pattern: RegExp): void {
  recording?.addTextPattern(pattern);
}

/** Whether a module is imported, by its first name. */
export function readImportOf(name: string): void {
  recording?.addImportedName(name);
}

export function readImports(): void {
  if (recording) recording.imports = true;
}

export function readLines(): void {
  if (recording) recording.lines = true;
}

export function readOutsideCode(): void {
  if (recording) recording.outsideCode = true;
}

export function readEverything(): void {
  if (recording) recording.all = true;
}

/** Merges reads remembered with a cached fact into the current recording (a fact computed without a recording read anything). */
export function replayReads(reads: ReadSet | undefined): void {
  if (!recording) return;
  if (reads) recording.merge(reads);
  else recording.all = true;
}

/**
 * A value computed once per key (a semantic model, a class node's id) with what computing it
 * read: a later use gets the value and records the same reads, as if it had computed it.
 */
export class FactCache<K extends object, T> {
  private readonly entries = new WeakMap<K, { value: T; reads?: ReadSet }>();

  get(key: K, compute: () => T): T {
    const entry = this.entries.get(key);
    if (entry) {
      replayReads(entry.reads);
      return entry.value;
    }
    const fresh = remembered(compute);
    this.entries.set(key, fresh);
    return fresh.value;
  }
}

/** A FactCache per semantic model, by a second key (a node id, a column name). */
export class KeyedFactCache<K extends object, Key, T> {
  private readonly entries = new WeakMap<K, Map<Key, { value: T; reads?: ReadSet }>>();

  get(owner: K, key: Key, compute: () => T): T {
    let byKey = this.entries.get(owner);
    if (!byKey) this.entries.set(owner, (byKey = new Map()));
    const entry = byKey.get(key);
    if (entry) {
      replayReads(entry.reads);
      return entry.value;
    }
    const fresh = remembered(compute);
    byKey.set(key, fresh);
    return fresh.value;
  }

  /** Whether the value is there already (a computation in progress may ask, to stop a cycle). */
  has(owner: K, key: Key): boolean {
    return this.entries.get(owner)?.has(key) ?? false;
  }
}

/** Computes a value, recording its reads when a recording is on (else they are unknown). */
export function remembered<T>(compute: () => T): { value: T; reads?: ReadSet } {
  if (!recording) return { value: compute() };
  const reads = new ReadSet();
  const value = recordReads(reads, compute);
  return { value, reads };
}
