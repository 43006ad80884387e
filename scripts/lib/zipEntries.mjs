// Lists a zip's entries from its central directory (a VSIX is a zip); no extraction, no dependency.
const END_OF_CENTRAL_DIR = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;

/** Returns `[{ name, size }]` (uncompressed sizes) for every entry of the zip in `buf`. */
export function zipEntries(buf) {
  let eocd = -1;
  // The end record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === END_OF_CENTRAL_DIR) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) {
    throw new Error('not a zip file (no end of central directory record)');
  }
  const count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) {
      throw new Error(`corrupt zip central directory at byte ${offset}`);
    }
    const size = buf.readUInt32LE(offset + 24);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    entries.push({ name: buf.toString('utf8', offset + 46, offset + 46 + nameLength), size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
