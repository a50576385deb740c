import type { Node } from 'web-tree-sitter';
import { listItems } from '../engine/fixBuilders';
import { field, namedChildren } from '../engine/syntax';
import type { SemanticModel } from './semanticModel';

/** Custom PyFunc models: `class X(mlflow.pyfunc.PythonModel)` and the instances logged with them. */

/** PythonModel and MLflow's own subclasses of it. */
const PYTHON_MODEL_BASES = new Set(
  ['PythonModel', 'ChatModel', 'ChatAgent', 'ResponsesAgent'].flatMap((name) => [`mlflow.pyfunc.${name}`, `mlflow.pyfunc.model.${name}`]),
);

export function baseClassNodes(classNode: Node): Node[] {
  const superclasses = field(classNode, 'superclasses');
  return superclasses ? listItems(superclasses).filter((node) => node.type !== 'keyword_argument') : [];
}

/** Whether the class derives from PythonModel, directly or through classes in the file. */
export function isPythonModelClass(model: SemanticModel, classNode: Node): boolean {
  return mlflowModelBase(model, classNode) !== undefined;
}

/**
 * The MLflow class a PythonModel subclass derives from, directly or through classes in the
 * file: `PythonModel`, `ChatModel`, `ChatAgent` or `ResponsesAgent`.
 */
export function mlflowModelBase(model: SemanticModel, classNode: Node, seen = new Set<number>()): string | undefined {
  if (seen.has(classNode.id)) return undefined;
  seen.add(classNode.id);
  for (const base of baseClassNodes(classNode)) {
    const qualifiedName = model.resolveQualifiedName(base);
    if (qualifiedName && PYTHON_MODEL_BASES.has(qualifiedName)) return qualifiedName.split('.').pop();
    const inFile = model.resolveClass(base);
    const found = inFile ? mlflowModelBase(model, inFile, seen) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** The class in the file that a `python_model=` value is an instance of (`Model()`, or a name bound to it), or names. */
export function pythonModelClass(model: SemanticModel, value: Node): Node | undefined {
  const resolved = model.resolveValue(value);
  if (resolved.type === 'call') {
    const callee = field(resolved, 'function');
    return callee ? model.resolveClass(callee) : undefined;
  }
  return model.resolveClass(resolved);
}

/** The PythonModel subclasses defined in the file. */
export function pythonModelClasses(model: SemanticModel): Node[] {
  return model.syntax.nodes('class_definition').filter((classNode) => !classNode.hasError && isPythonModelClass(model, classNode));
}

/** The methods written directly in a class body (decorated ones included). */
export function classMethods(classNode: Node): Node[] {
  const body = field(classNode, 'body');
  if (!body) return [];
  return namedChildren(body).flatMap((statement) => {
    const definition = statement.type === 'decorated_definition' ? field(statement, 'definition') : statement;
    return definition?.type === 'function_definition' ? [definition] : [];
  });
}
