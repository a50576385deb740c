import { KEY_DEFINITIONS } from './keys';

/** Every key's example under one table: valid TOML that reads without a warning (a test checks it). */
export function configurationExample(): string {
  return ['[tool.mltraps]', ...KEY_DEFINITIONS.map((definition) => definition.example)].join('\n');
}

/** The README's configuration reference, generated from the key definitions so the two cannot drift. */
export function configurationReference(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = KEY_DEFINITIONS.map(
    (definition) => `| \`${definition.key}\` | ${cell(definition.type)} | ${cell(definition.default)} | ${cell(definition.description)} |`,
  );
  const example = ['```toml', configurationExample(), '```'];
  return ['| key | value | default | meaning |', '|---|---|---|---|', ...rows, '', 'Every key, as it would be written in `pyproject.toml`:', '', ...example].join('\n');
}
