/**
 * Reading a font's own names (the OpenType `name` table) from a TTF, OTF or TTC, touching only
 * the bytes needed: office fonts are matched by their internal family name (方正小标宋简体
 * ships as FZXBSJW.TTF), and a folder of fonts must be scanned quickly. `read(offset, length)`
 * supplies the bytes; it may return fewer at the end of the file.
 */
export type ByteReader = (offset: number, length: number) => Uint8Array;

export interface FaceNames {
  /** Family names in every language the font gives (nameIDs 1 and 16). */
  families: string[];
  /** Full names (nameID 4). */
  fullNames: string[];
  /** PostScript name (nameID 6): how a face of a TTC collection is chosen. */
  postscriptName: string | null;
}

const u16 = (b: Uint8Array, o: number) => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const u32 = (b: Uint8Array, o: number) => (((b[o] ?? 0) << 24) >>> 0) + (((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0));
const tag = (b: Uint8Array, o: number) => String.fromCharCode(b[o] ?? 0, b[o + 1] ?? 0, b[o + 2] ?? 0, b[o + 3] ?? 0);

function decodeName(bytes: Uint8Array, platform: number, encoding: number): string {
  if (platform === 1) return new TextDecoder('latin1').decode(bytes);
  if (platform === 3 && (encoding === 3 || encoding === 4 || encoding === 5)) {
    // Old Chinese fonts: GB2312/Big5 bytes stored in 16-bit units; drop the padding zeros.
    const packed = Array.from(bytes).filter((_, i) => !(i % 2 === 0 && bytes[i] === 0));
    return new TextDecoder(encoding === 4 ? 'big5' : 'gb18030').decode(new Uint8Array(packed));
  }
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(u16(bytes, i));
  return out;
}

function faceNames(read: ByteReader, sfntOffset: number): FaceNames | null {
  const header = read(sfntOffset, 12);
  const numTables = u16(header, 4);
  if (numTables === 0 || numTables > 200) return null;
  const records = read(sfntOffset + 12, numTables * 16);
  let nameOffset = -1;
  let nameLength = 0;
  for (let i = 0; i < numTables; i++) {
    if (tag(records, i * 16) === 'name') {
      nameOffset = u32(records, i * 16 + 8);
      nameLength = u32(records, i * 16 + 12);
    }
  }
  if (nameOffset < 0 || nameLength === 0 || nameLength > 4_000_000) return null;
  const table = read(nameOffset, nameLength);
  const count = u16(table, 2);
  const stringOffset = u16(table, 4);
  const names: FaceNames = { families: [], fullNames: [], postscriptName: null };
  for (let i = 0; i < count; i++) {
    const r = 6 + i * 12;
    const platform = u16(table, r);
    const encoding = u16(table, r + 2);
    const nameId = u16(table, r + 6);
    const length = u16(table, r + 8);
    const offset = u16(table, r + 10);
    if (![1, 4, 6, 16].includes(nameId)) continue;
    const start = stringOffset + offset;
    const value = decodeName(table.subarray(start, start + length), platform, encoding)
      .replace(/\0/g, '')
      .trim();
    if (!value) continue;
    if (nameId === 1 || nameId === 16) {
      if (!names.families.includes(value)) names.families.push(value);
    } else if (nameId === 4) {
      if (!names.fullNames.includes(value)) names.fullNames.push(value);
    } else if (!names.postscriptName) names.postscriptName = value;
  }
  return names;
}

/** The names of every face in a font file (one for TTF/OTF, several for a TTC), or [] if it is not a font. */
export function readFontNames(read: ByteReader): FaceNames[] {
  const head = read(0, 16);
  if (head.length < 12) return [];
  if (tag(head, 0) === 'ttcf') {
    const numFonts = Math.min(u32(head, 8), 64);
    const offsets = read(12, numFonts * 4);
    const faces: FaceNames[] = [];
    for (let i = 0; i < numFonts; i++) {
      const face = faceNames(read, u32(offsets, i * 4));
      if (face) faces.push(face);
    }
    return faces;
  }
  const version = u32(head, 0);
  if (version !== 0x00010000 && tag(head, 0) !== 'OTTO' && tag(head, 0) !== 'true') return [];
  const face = faceNames(read, 0);
  return face ? [face] : [];
}

/** Names compare without case, spaces, underscores or hyphens: 仿宋_GB2312 is FangSong_GB2312's Chinese name. */
export function normalizeFontName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/gu, '');
}
