/**
 * Where a key is written in a TOML text, for warnings that name a line. smol-toml gives values
 * without positions, so the text is scanned: table headers (`[tool.mltraps.severity]`) set the
 * current table, and `key =` / `"key" =` lines in it are the key's definitions.
 */

const HEADER = /^\s*\[(?!\[)\s*([^\]]+?)\s*\]\s*(?:#.*)?$/;

function tablePath(header: string): string[] {
  return header.split('.').map((part) => part.trim().replace(/^(["'])(.*)\1$/, '$2'));
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The 1-based line where `key` of the table at `table` is defined: `key = ...` under that
 * table's header, or the header `[table.key]` itself. Undefined when the text does not show it
 * plainly (dotted keys, inline tables: the caller then names the enclosing key's line).
 */
export function lineOfKey(text: string, table: readonly string[], key: string): number | undefined {
  const lines = text.split(/\r?\n|\r/);
  const keyLine = new RegExp(`^\\s*(?:${escapeRegExp(key)}|"${escapeRegExp(key)}"|'${escapeRegExp(key)}')\\s*=`);
  let current: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const header = HEADER.exec(lines[index]);
    if (header) {
      current = tablePath(header[1]);
      if (samePath(current, [...table, key])) return index + 1;
      continue;
    }
    if (samePath(current, table) && keyLine.test(lines[index])) return index + 1;
  }
  return undefined;
}
