import { inflateRawSync } from 'node:zlib';

// Just enough of the zip format to list and read a VSIX: the central directory at the end of
// the file names every entry and where its local header is. vsce writes plain zips (no zip64,
// no encryption, stored or deflated entries), so anything else is reported, not guessed at.

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
/** Fixed part of the end record; it may be followed by a comment of up to 65,535 bytes. */
const END_RECORD_SIZE = 22;

function findEndOfCentralDirectory(zip: Buffer): number {
  const earliest = Math.max(0, zip.length - END_RECORD_SIZE - 0xffff);
  for (let offset = zip.length - END_RECORD_SIZE; offset >= earliest; offset--) {
    if (zip.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new Error('not a zip file: no end of central directory record');
}

export function zipEntries(zip: Buffer): ZipEntry[] {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new Error('zip64 archives are not supported');
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_DIRECTORY_HEADER) throw new Error(`bad central directory header at ${offset}`);
    const flags = zip.readUInt16LE(offset + 8);
    if (flags & 1) throw new Error('encrypted zip entries are not supported');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      size: zip.readUInt32LE(offset + 24),
      localHeaderOffset: zip.readUInt32LE(offset + 42),
      // Bit 11 marks UTF-8 names; VSIX names are ASCII either way.
      name: zip.toString(flags & 0x800 ? 'utf8' : 'latin1', offset + 46, offset + 46 + nameLength),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export function readZipEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const header = entry.localHeaderOffset;
  if (zip.readUInt32LE(header) !== LOCAL_FILE_HEADER) throw new Error(`bad local header for ${entry.name}`);
  // The local header's own name and extra lengths may differ from the central directory's.
  const dataStart = header + 30 + zip.readUInt16LE(header + 26) + zip.readUInt16LE(header + 28);
  const data = zip.subarray(dataStart, dataStart + entry.compressedSize);
  let content: Buffer;
  if (entry.method === 0) content = Buffer.from(data);
  else if (entry.method === 8) content = inflateRawSync(data);
  else throw new Error(`${entry.name}: compression method ${entry.method} is not supported`);
  if (content.length !== entry.size) throw new Error(`${entry.name}: ${content.length} bytes, the directory says ${entry.size}`);
  return content;
}
