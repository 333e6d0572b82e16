/**
 * WOFF 1.0 (W3C Recommendation, 2012) → the TrueType/OpenType file it wraps. The bundled Kai
 * face (LXGW WenKai, from `@fontsource/lxgw-wenkai`) ships as WOFF only; a WOFF is the sfnt's
 * tables, each deflated with zlib, behind a directory of its own. fontkit reads WOFF, but inflates
 * a table afresh on every read (its `WOFFFont._getTableStream`: all of `glyf`, 10 MB, for each
 * glyph pdfkit embeds), and the direct table reads of font-tables.ts index the file's bytes. So
 * the CLI turns a WOFF into the plain sfnt once, when it reads the file, and everything after
 * sees an ordinary .ttf/.otf.
 *
 * The sfnt is rebuilt as the spec describes (section 5): its table directory in the WOFF's tag
 * order, each table at a 4-byte boundary; the tables' bytes, checksums and the `head` table
 * (with its checkSumAdjustment) are the original font's.
 */
import { inflateSync } from 'node:zlib';

const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_HEADER = 12;
const SFNT_ENTRY = 16;

/** A WOFF 1.0 file (its signature `wOFF`). */
export function isWoff(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x77 && data[1] === 0x4f && data[2] === 0x46 && data[3] === 0x46;
}

const align4 = (n: number) => (n + 3) & ~3;

/** The sfnt inside a WOFF 1.0 file; throws on a damaged file (a table out of bounds or inflating to another size). */
export function sfntOfWoff(woff: Uint8Array): Uint8Array {
  const view = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (!isWoff(woff) || woff.length < WOFF_HEADER) throw new Error('not a WOFF file');
  const flavor = view.getUint32(4);
  const numTables = view.getUint16(12);
  if (WOFF_HEADER + numTables * WOFF_ENTRY > woff.length) throw new Error('WOFF table directory out of bounds');

  const tables: { tag: number; checksum: number; data: Uint8Array }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = WOFF_HEADER + i * WOFF_ENTRY;
    const tag = view.getUint32(at);
    const offset = view.getUint32(at + 4);
    const compLength = view.getUint32(at + 8);
    const origLength = view.getUint32(at + 12);
    const checksum = view.getUint32(at + 16);
    if (offset + compLength > woff.length || compLength > origLength) throw new Error('WOFF table out of bounds');
    const stored = woff.subarray(offset, offset + compLength);
    // (a table that would not shrink is stored as it is)
    const data = compLength === origLength ? stored : new Uint8Array(inflateSync(stored, { maxOutputLength: origLength }));
    if (data.length !== origLength) throw new Error('WOFF table inflates to another length');
    tables.push({ tag, checksum, data });
  }

  let size = SFNT_HEADER + numTables * SFNT_ENTRY;
  for (const t of tables) size += align4(t.data.length);
  const sfnt = new Uint8Array(size);
  const out = new DataView(sfnt.buffer);
  // the offset table, with its binary-search fields (OpenType spec, "Table directory")
  const power = 2 ** Math.floor(Math.log2(Math.max(numTables, 1)));
  out.setUint32(0, flavor);
  out.setUint16(4, numTables);
  out.setUint16(6, power * 16);
  out.setUint16(8, Math.log2(power));
  out.setUint16(10, numTables * 16 - power * 16);
  let offset = SFNT_HEADER + numTables * SFNT_ENTRY;
  tables.forEach((t, i) => {
    const at = SFNT_HEADER + i * SFNT_ENTRY;
    out.setUint32(at, t.tag);
    out.setUint32(at + 4, t.checksum);
    out.setUint32(at + 8, offset);
    out.setUint32(at + 12, t.data.length);
    sfnt.set(t.data, offset);
    offset += align4(t.data.length);
  });
  return sfnt;
}
