import type { Node } from 'web-tree-sitter';
import { field, unparenthesize } from '../engine/syntax';
import { argument } from './calls';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringValue } from './values';

/** `dbutils.widgets.text(...)` and the other widget makers, by the method's name. */
const WIDGET_MAKERS = new Set(['text', 'dropdown', 'combobox', 'multiselect']);

/** Whether a call is a method of `dbutils.widgets` (a Databricks notebook's global, or the SDK runtime's). */
function isWidgetsCall(site: CallSite, names: ReadonlySet<string>): boolean {
  if (!site.name || !names.has(site.name) || !site.receiver) return false;
  const receiver = unparenthesize(site.receiver);
  return receiver.type === 'attribute' && field(receiver, 'attribute')?.text === 'widgets' && /^dbutils$/.test(field(receiver, 'object')?.text ?? '');
}

/**
 * The notebook widget a value is read from (`dbutils.widgets.get("stage")`, in place or
 * through names), with the default the file creates that widget with
 * (`dbutils.widgets.text("stage", "Production")`, a dropdown or a combobox): the value wherever a
 * run passes no other for the widget. Undefined when the file creates the widget more than once
 * with different defaults, or not at all.
 */
export function widgetDefault(model: SemanticModel, node: Node | undefined): { widget: string; fallback: Node } | undefined {
  const value = node ? model.resolveValue(node) : undefined;
  if (value?.type !== 'call') return undefined;
  const read = model.callSite(value);
  if (!isWidgetsCall(read, new Set(['get', 'getArgument']))) return undefined;
  const widget = stringValue(model, argument(read, 'name', 0));
  if (widget === undefined) return undefined;
  const defaults = model
    .callsNamed(...WIDGET_MAKERS)
    .filter((site) => isWidgetsCall(site, WIDGET_MAKERS) && stringValue(model, argument(site, 'name', 0)) === widget)
    .map((site) => argument(site, 'defaultValue', 1));
  if (defaults.length === 0 || defaults.some((fallback) => fallback === undefined)) return undefined;
  const texts = new Set(defaults.map((fallback) => stringValue(model, fallback)));
  return texts.size === 1 && !texts.has(undefined) ? { widget, fallback: defaults[0]! } : undefined;
}
