/**
 * Calls that show a value to a person or a log (`print`, `display`, a logger's methods) without
 * keeping it: a value passed only to these is looked at, not used (a URI printed is not loaded,
 * a response printed is not kept).
 */
export const DISPLAY_CALLS: ReadonlySet<string> = new Set(['print', 'display', 'displayHTML', 'debug', 'info', 'warning', 'warn', 'error', 'critical', 'exception']);
