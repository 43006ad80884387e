/**
 * Encodes a converted file's text the way the original file was stored: a UTF-8 BOM and UTF-16 (with
 * its BOM) are kept, since the loader strips them when decoding; everything else is UTF-8.
 */
export function encodeLike(text: string, original: Uint8Array | undefined): Uint8Array {
  const b0 = original?.[0];
  const b1 = original?.[1];
  if (b0 === 0xff && b1 === 0xfe) {
    return utf16(text, true);
  }
  if (b0 === 0xfe && b1 === 0xff) {
    return utf16(text, false);
  }
  const body = new TextEncoder().encode(text);
  if (b0 === 0xef && b1 === 0xbb && original?.[2] === 0xbf) {
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(body, 3);
    return out;
  }
  return body;
}

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < text.length; i++) {
    view.setUint16(2 + i * 2, text.charCodeAt(i), littleEndian);
  }
  return out;
}
