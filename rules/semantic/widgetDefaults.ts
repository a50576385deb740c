import type { Node } from 'web-tree-sitter';
import { ancestorOfType, field, unparenthesize } from '../engine/syntax';
import { argument } from './calls';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringValue } from './values';

/** `dbutils.widgets.text(...)` and the other widget makers, by the method's name. */
const WIDGET_MAKERS = new Set(['text', 'dropdown', 'combobox', 'multiselect']);
const WIDGET_READERS = new Set(['get', 'getArgument']);

/**
 * Whether a call is a method of `dbutils.widgets`: the notebook's global `dbutils`, the
 * Databricks SDK runtime's (`from databricks.sdk.runtime import dbutils`), or a function's
 * `dbutils` parameter; not a name the file binds otherwise (a test's `dbutils = MagicMock()`, a
 * stand-in class).
 */
function isWidgetsCall(model: SemanticModel, site: CallSite, names: ReadonlySet<string>): boolean {
  const object = site.name && names.has(site.name) ? widgetsOwner(site) : undefined;
  if (!object) return false;
  const binding = model.lookup(object);
  if (!binding) return true;
  // A module's function given the notebook's `dbutils` (`def load(dbutils):`).
  if (binding.kind === 'opaque') return binding.node.parent?.type === 'parameters' || binding.node.parent?.parent?.type === 'parameters';
  return binding.kind === 'import' && model.resolveQualifiedName(object) === 'databricks.sdk.runtime.dbutils';
}

/** The `dbutils` of a `dbutils.widgets.<method>(...)` call, as written. */
function widgetsOwner(site: CallSite): Node | undefined {
  const receiver = site.receiver ? unparenthesize(site.receiver) : undefined;
  const object = receiver?.type === 'attribute' && field(receiver, 'attribute')?.text === 'widgets' ? field(receiver, 'object') : undefined;
  return object?.type === 'identifier' && object.text === 'dbutils' ? object : undefined;
}

/** `dbutils.widgets.text(...)`, `.dropdown`, `.combobox`, `.multiselect`, as written (whatever `dbutils` is bound to). */
export function isWidgetMaker(site: CallSite): boolean {
  return !!site.name && WIDGET_MAKERS.has(site.name) && !!widgetsOwner(site);
}

/**
 * The notebook widget a value is read from (`dbutils.widgets.get("stage")`, in place or
 * through names), with the default the file creates that widget with
 * (`dbutils.widgets.text("stage", "Production")`, a dropdown or a combobox): the value wherever a
 * run passes no other for the widget. Creating a widget that exists changes nothing, so the file
 * must show every creation: undefined when it creates the widget with different defaults, creates
 * a widget whose name or default it does not show (a helper's parameters), creates none before
 * the read, or runs another notebook (which may create it) before its first creation.
 */
export function widgetDefault(model: SemanticModel, node: Node | undefined): { widget: string; fallback: Node } | undefined {
  const value = node ? model.resolveValue(node) : undefined;
  if (value?.type !== 'call') return undefined;
  const read = model.callSite(value);
  if (!isWidgetsCall(model, read, WIDGET_READERS)) return undefined;
  const widget = stringValue(model, argument(read, 'name', 0));
  if (widget === undefined) return undefined;
  const makers = model.callsNamed(...WIDGET_MAKERS).filter((site) => isWidgetsCall(model, site, WIDGET_MAKERS));
  const names = makers.map((site) => stringValue(model, argument(site, 'name', 0)));
  if (names.includes(undefined)) return undefined;
  const creations = makers.filter((_, index) => names[index] === widget);
  const first = creations[0];
  if (!first) return undefined;
  // Read in a function, the widget may be created before the call; read in code, it must be already.
  if (first.node.startIndex > read.node.startIndex && !ancestorOfType(read.node, ['function_definition', 'lambda'])) return undefined;
  if (model.notebook.runCommands.some((command) => command.line < first.node.startPosition.row)) return undefined;
  const defaults = creations.map((site) => argument(site, 'defaultValue', 1));
  const texts = new Set(defaults.map((fallback) => (fallback ? stringValue(model, fallback) : undefined)));
  return texts.size === 1 && !texts.has(undefined) ? { widget, fallback: defaults[0]! } : undefined;
}
