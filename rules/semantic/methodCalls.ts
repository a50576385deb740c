import type { Node } from 'web-tree-sitter';
import { FactCache, KeyedFactCache } from '../engine/reads';
import { ancestorOfType, field, namedChildren, unparenthesize } from '../engine/syntax';
import { classMethods } from './pythonModels';
import type { CallSite, SemanticModel } from './semanticModel';
import { isStaticOrClassMethod } from './parameterValues';

/**
 * The method of a class of the file that a call runs: `self.run_fold(k)` inside a method of
 * that class (its first parameter names the instance), or `exp.run_fold(k)` on a name bound to
 * `Experiment(...)`. Undefined for anything else (an inherited method, a class of another
 * module, an instance passed in): the call's target is then unknown.
 */
export function calledMethod(model: SemanticModel, site: CallSite): Node | undefined {
  return site.name ? methodOfAttribute(model, unparenthesize(site.callee), site.name) : undefined;
}

/** The method of a class of the file that `self.child` (passed on, not called: `map(self.child, xs)`) stands for. */
export function referencedMethod(model: SemanticModel, node: Node): Node | undefined {
  const expr = unparenthesize(node);
  const name = expr.type === 'attribute' ? field(expr, 'attribute')?.text : undefined;
  return name ? methodOfAttribute(model, expr, name) : undefined;
}

function methodOfAttribute(model: SemanticModel, callee: Node, methodName: string): Node | undefined {
  // Most calls in a run block are `mlflow.log_*` or DataFrame methods, often in a file with no
  // class: the table answers them without reading the tree.
  const classes = classTable(model);
  if (!classes.methodNames.has(methodName)) return undefined;
  if (callee.type !== 'attribute') return undefined;
  const object = field(callee, 'object');
  const name = field(callee, 'attribute')?.text;
  if (!object || !name) return undefined;
  // `Evaluator().summarize(preds)`: a method of an instance made in place.
  if (object.type === 'call') {
    const made = field(object, 'function');
    const owner = made ? model.resolveClass(made) : undefined;
    return owner ? classMethods(owner).find((method) => field(method, 'name')?.text === name) : undefined;
  }
  if (object.type !== 'identifier') return undefined;
  const owner = selfClass(classes, object) ?? instanceClass(model, object);
  if (owner) return classMethods(owner).find((method) => field(method, 'name')?.text === name);
  // `Ops.retire(name)`: a static or class method called on its class (a plain method called so would take `name` for `self`).
  const named = model.resolveClass(object);
  const method = named ? classMethods(named).find((candidate) => field(candidate, 'name')?.text === name) : undefined;
  return method && isStaticOrClassMethod(method) ? method : undefined;
}

interface MethodEntry {
  readonly start: number;
  readonly end: number;
  /** The first parameter's name (`self`), when it is a plain name. */
  readonly instanceName?: string;
}

interface ClassEntry {
  readonly node: Node;
  readonly start: number;
  readonly end: number;
  readonly methods: readonly MethodEntry[];
}

interface ClassTable {
  readonly classes: readonly ClassEntry[];
  readonly methodNames: ReadonlySet<string>;
  /** The methods' first parameter names (`self`). */
  readonly instanceNames: ReadonlySet<string>;
}

/** The file's classes with their methods' spans, read once per file. */
function classTable(model: SemanticModel): ClassTable {
  return classTables.get(model, () => {
    const classes: ClassEntry[] = [];
    const methodNames = new Set<string>();
    for (const owner of model.syntax.nodes('class_definition')) {
      const methods: MethodEntry[] = [];
      for (const method of classMethods(owner)) {
        const name = field(method, 'name')?.text;
        if (name) methodNames.add(name);
        const parameters = field(method, 'parameters');
        const first = parameters ? namedChildren(parameters).find((child) => child.type !== 'comment') : undefined;
        methods.push({ start: method.startIndex, end: method.endIndex, instanceName: first?.type === 'identifier' ? first.text : undefined });
      }
      classes.push({ node: owner, start: owner.startIndex, end: owner.endIndex, methods });
    }
    const instanceNames = new Set(classes.flatMap((entry) => entry.methods.flatMap((method) => (method.instanceName ? [method.instanceName] : []))));
    return { classes, methodNames, instanceNames };
  });
}
const classTables = new FactCache<SemanticModel, ClassTable>();

/**
 * The class whose method takes `identifier` as its first parameter (`self`): the innermost
 * class around the name, by offsets (a closure inside the method sees the same `self`).
 */
function selfClass(table: ClassTable, identifier: Node): Node | undefined {
  return selfClassEntry(table, identifier)?.node;
}

function selfClassEntry(table: ClassTable, identifier: Node): ClassEntry | undefined {
  const at = identifier.startIndex;
  let innermost: ClassEntry | undefined;
  for (const entry of table.classes) {
    if (entry.start <= at && at < entry.end && (!innermost || entry.start >= innermost.start)) innermost = entry;
  }
  const method = innermost?.methods.find((candidate) => candidate.start <= at && at < candidate.end);
  return method?.instanceName === identifier.text ? innermost : undefined;
}

/** The class of the file whose constructor call `identifier` is bound to. */
function instanceClass(model: SemanticModel, identifier: Node): Node | undefined {
  const value = model.resolveValue(identifier);
  if (value.type !== 'call') return undefined;
  const constructor = field(value, 'function');
  return constructor ? model.resolveClass(constructor) : undefined;
}

/**
 * The value an instance attribute holds: `self.training_set` inside a method, when the class's
 * methods assign `self.training_set = ...` exactly once (through their own instance name).
 * Undefined for anything else: no assignment, several, or an attribute set from outside.
 */
export function instanceAttributeValue(model: SemanticModel, attribute: Node): Node | undefined {
  if (attribute.type !== 'attribute') return undefined;
  const table = classTable(model);
  if (table.classes.length === 0) return undefined;
  const object = field(attribute, 'object');
  if (object?.type !== 'identifier' || !table.instanceNames.has(object.text)) return undefined;
  const owner = selfClassEntry(table, object);
  const name = owner ? field(attribute, 'attribute')?.text : undefined;
  if (!owner || !name) return undefined;
  const values = attributeAssignments(model, table, owner).get(name);
  const value = values?.length === 1 ? values[0] : undefined;
  if (!value || !heldOnlyThere(model, owner, name, value, attribute)) return undefined;
  return value;
}

/**
 * Whether the one `self.<name> = value` of the class is the value the use sees: no class
 * attribute of that name, no `obj.<name> = ...` of another object or `setattr(..., "<name>", ...)`
 * anywhere in the file (either may set it for some instances), and not assigned later in the
 * method that uses it (before that, the use sees something else).
 */
function heldOnlyThere(model: SemanticModel, owner: ClassEntry, name: string, value: Node, use: Node): boolean {
  const { attributeAssignments, classAttributes } = attributeFacts(model);
  if (attributeAssignments.get(name) !== 1 || classAttributes.get(owner.start)?.has(name)) return false;
  if (model.callsNamed('setattr').some((site) => site.node.text.includes(name))) return false;
  const method = ancestorOfType(use, ['function_definition']);
  return !(method && value.startIndex > use.startIndex && method.startIndex <= value.startIndex && value.endIndex <= method.endIndex);
}

interface AttributeFacts {
  /** How many assignments of the file set an attribute of each name (`self.x = ...`, `job.x = ...`). */
  attributeAssignments: Map<string, number>;
  /** The names each class's body binds (class attributes), by the class's start. */
  classAttributes: Map<number, Set<string>>;
}

/** Read once per file: instanceAttributeValue asks for every `self.<name>` a chain crosses. */
function attributeFacts(model: SemanticModel): AttributeFacts {
  return attributeFactsCache.get(model, () => {
    const attributeAssignments = new Map<string, number>();
    const classAttributes = new Map<number, Set<string>>();
    for (const assignment of model.syntax.nodes('assignment')) {
      const left = model.syntax.partsOfAssignment(assignment)?.left;
      const attribute = left?.type === 'attribute' ? field(left, 'attribute')?.text : undefined;
      if (attribute) attributeAssignments.set(attribute, (attributeAssignments.get(attribute) ?? 0) + 1);
      const owner = assignment.parent?.parent?.parent;
      if (left?.type === 'identifier' && owner?.type === 'class_definition') {
        const names = classAttributes.get(owner.startIndex) ?? new Set<string>();
        names.add(left.text);
        classAttributes.set(owner.startIndex, names);
      }
    }
    return { attributeAssignments, classAttributes };
  });
}
const attributeFactsCache = new FactCache<SemanticModel, AttributeFacts>();

/** The values each `self.<name> = value` of the class's methods assigns, by name (undefined for a bare annotation). */
function attributeAssignments(model: SemanticModel, table: ClassTable, owner: ClassEntry): Map<string, Array<Node | undefined>> {
  return attributesByClass.get(model, owner.start, () => {
    const byName = new Map<string, Array<Node | undefined>>();
    const add = (left: Node, value: Node | undefined) => {
      const target = field(left, 'object');
      const name = field(left, 'attribute')?.text;
      if (target?.type !== 'identifier' || !name || selfClassEntry(table, target) !== owner) return;
      const values = byName.get(name) ?? [];
      values.push(value);
      byName.set(name, values);
    };
    const inClass = (node: Node) => node.startIndex >= owner.start && node.startIndex < owner.end;
    for (const assignment of model.syntax.nodes('assignment')) {
      if (!inClass(assignment)) continue;
      const parts = model.syntax.partsOfAssignment(assignment);
      const left = parts?.left;
      if (left?.type === 'attribute') add(left, parts?.right);
      // `self.a, self.b = ...`: each gets a value this table does not follow.
      else if (left?.type === 'pattern_list' || left?.type === 'tuple_pattern' || left?.type === 'list_pattern') {
        for (const element of namedChildren(left)) if (element.type === 'attribute') add(element, undefined);
      }
    }
    // `self.total += x` changes the value.
    for (const augmented of model.syntax.nodes('augmented_assignment')) {
      const left = inClass(augmented) ? field(augmented, 'left') : undefined;
      if (left?.type === 'attribute') add(left, undefined);
    }
    return byName;
  });
}
// Kept per model with the reads that made it (engine/reads): a rule that asks later replays them.
const attributesByClass = new KeyedFactCache<SemanticModel, number, Map<string, Array<Node | undefined>>>();
