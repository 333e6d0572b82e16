/** Fonts wrapped as WOFF 1.0, as a font tool writes them (tests of pipeline/fonts/woff.ts and of the CLI reading one). */
import { deflateSync } from 'node:zlib';

/** A WOFF 1.0 of this sfnt, as a font tool writes it (W3C WOFF, section 4 and 5): each table deflated where that is smaller. */
export function woffOf(sfnt: Uint8Array): Uint8Array {
  const view = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength);
  const numTables = view.getUint16(4);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 12 + i * 16;
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    const data = sfnt.subarray(offset, offset + length);
    const packed = deflateSync(data);
    return { tag: view.getUint32(at), checksum: view.getUint32(at + 4), length, stored: packed.length < length ? packed : data };
  });
  let size = 44 + numTables * 20;
  for (const t of tables) size += (t.stored.length + 3) & ~3;
  const woff = new Uint8Array(size);
  const out = new DataView(woff.buffer);
  out.setUint32(0, 0x774f4646); // wOFF
  out.setUint32(4, view.getUint32(0));
  out.setUint32(8, size);
  out.setUint16(12, numTables);
  out.setUint32(16, sfnt.length);
  let offset = 44 + numTables * 20;
  tables.forEach((t, i) => {
    const at = 44 + i * 20;
    out.setUint32(at, t.tag);
    out.setUint32(at + 4, offset);
    out.setUint32(at + 8, t.stored.length);
    out.setUint32(at + 12, t.length);
    out.setUint32(at + 16, t.checksum);
    woff.set(t.stored, offset);
    offset += (t.stored.length + 3) & ~3;
  });
  return woff;
}
