import * as fs from 'node:fs';

/** A file's text for linting, or why it is skipped. The BOM is kept aside and restored on write. */
export type SourceText = { ok: true; text: string; bom: boolean } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeSource(bytes: Uint8Array): SourceText {
  // A NUL byte never appears in Python source; it marks a binary file (which can still be valid UTF-8).
  if (bytes.includes(0)) return { ok: false, reason: 'not UTF-8 text' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'not UTF-8 text' };
  }
  const bom = text.startsWith('\uFEFF');
  return { ok: true, text: bom ? text.slice(1) : text, bom };
}

/** Throws the file system's error (the caller reports it as an I/O error). */
export function readSource(file: string): SourceText {
  return decodeSource(fs.readFileSync(file));
}

export function writeSource(file: string, text: string, bom: boolean): void {
  fs.writeFileSync(file, bom ? `\uFEFF${text}` : text);
}
