/**
 * A small zip writer and reader on Node's own zlib, for office packages (DOCX, XLSX).
 *
 * Office packages are ordinary zips: a local header and the data for each entry, then the
 * central directory (one record per entry, pointing back at its local header), then the
 * end-of-central-directory record. Only what such packages need is here: stored (method 0) and
 * deflated (method 8) entries, UTF-8 names, no encryption, no zip64, no spanning.
 *
 * Why not a pure-JS library: in a cold CLI process a pure-JS deflate runs un-JITted and takes
 * tens of milliseconds (well over 100 on a slow machine) for one DOCX; native zlib takes a few.
 *
 * The writer is deterministic: the same entries and date give the same bytes. Nothing reads the
 * clock and no field depends on the host, but the deflated bytes are zlib's, so they hold for a
 * given zlib build (the one bundled with the Node version in use).
 *
 * Layout reference: PKWARE's APPNOTE.TXT, sections 4.3.7 (local file header), 4.3.12 (central
 * directory header), 4.3.16 (end of central directory record) and 4.4 (the fields).
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/** The records' signatures, as read little-endian ("PK\3\4", "PK\1\2", "PK\5\6", "PK\6\7"). */
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;

const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const END_SIZE = 22;

const STORED = 0;
const DEFLATED = 8;

/** Version 2.0: what deflate needs; written as both "made by" (host 0, MS-DOS) and "needed". */
const VERSION = 20;

/** General-purpose flag bits (APPNOTE 4.4.4). */
const FLAG_ENCRYPTED = 1 << 0;
const FLAG_STRONG_ENCRYPTION = 1 << 6;
const FLAG_UTF8 = 1 << 11;

/**
 * 16- and 32-bit fields top out one below these: 0xFFFF and 0xFFFFFFFF are the values that tell
 * a reader to look in the zip64 records instead, so a plain zip cannot hold them either.
 */
const MAX_ENTRIES = 0xffff - 1;
const MAX_U32 = 0xffffffff - 1;
const MAX_NAME_BYTES = 0xffff;

/** Deflate level for entries: zlib's default, the level fflate was used at before. */
const DEFLATE_LEVEL = 6;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/**
 * MS-DOS date and time fields (APPNOTE 4.4.6) from the *local-time* fields of `date`: a zip
 * entry's time has no zone, and readers show it as it is. Seconds are stored halved.
 */
function dosDateTime(date: Date): { dosDate: number; dosTime: number } {
  const year = date.getFullYear();
  if (Number.isNaN(year)) throw new Error('zip: the entry date is not a valid date');
  // Seven bits of years from 1980.
  if (year < 1980 || year > 2107) throw new Error(`zip: the entry date's year ${year} is outside 1980–2107, which a zip cannot record`);
  const dosDate = ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  const dosTime = (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1);
  return { dosDate, dosTime };
}

function isAscii(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included
  return /^[\x00-\x7f]*$/.test(text);
}

interface PreparedEntry {
  name: Uint8Array;
  flags: number;
  method: number;
  crc: number;
  size: number;
  body: Uint8Array;
  offset: number;
}

/**
 * Zips `entries` in the order given, every entry timed at `date` (its local-time fields).
 * Strings are written as UTF-8. Each entry is deflated at level 6, or stored when deflating does
 * not make it smaller (empty entries, already-compressed media); `store` stores every entry
 * (a package handed straight to another library, which then has nothing to inflate).
 */
export function writeZip(entries: Iterable<readonly [string, string | Uint8Array]>, date: Date, { store = false } = {}): Uint8Array {
  const { dosDate, dosTime } = dosDateTime(date);
  const seen = new Set<string>();
  const prepared: PreparedEntry[] = [];
  let offset = 0;
  let centralSize = 0;
  for (const [name, content] of entries) {
    if (name === '') throw new Error('zip: an entry has an empty name');
    if (seen.has(name)) throw new Error(`zip: two entries are named "${name}"`);
    seen.add(name);
    if (prepared.length === MAX_ENTRIES) throw new Error(`zip: more than ${MAX_ENTRIES} entries need zip64, which is not supported`);
    const nameBytes = utf8.encode(name);
    if (nameBytes.length > MAX_NAME_BYTES) throw new Error(`zip: the entry name "${name.slice(0, 40)}…" is longer than ${MAX_NAME_BYTES} bytes`);
    const data = typeof content === 'string' ? utf8.encode(content) : content;
    if (data.length > MAX_U32) throw new Error(`zip: the entry "${name}" is 4 GB or larger, which needs zip64 (not supported)`);
    let method = STORED;
    let body = data;
    if (data.length > 0 && !store) {
      const deflated = deflateRawSync(data, { level: DEFLATE_LEVEL });
      if (deflated.length < data.length) {
        method = DEFLATED;
        body = deflated;
      }
    }
    if (offset > MAX_U32) throw new Error('zip: the archive reaches 4 GB, which needs zip64 (not supported)');
    prepared.push({ name: nameBytes, flags: isAscii(name) ? 0 : FLAG_UTF8, method, crc: crc32(data), size: data.length, body, offset });
    offset += LOCAL_HEADER_SIZE + nameBytes.length + body.length;
    centralSize += CENTRAL_HEADER_SIZE + nameBytes.length;
  }
  const centralOffset = offset;
  if (centralOffset > MAX_U32 || centralSize > MAX_U32 || centralOffset + centralSize + END_SIZE > 2 ** 32) {
    throw new Error('zip: the archive reaches 4 GB, which needs zip64 (not supported)');
  }

  const out = new Uint8Array(centralOffset + centralSize + END_SIZE);
  const view = new DataView(out.buffer);
  // The fields the local header and the central directory record share, from "version needed"
  // to "extra field length" (APPNOTE 4.3.7 / 4.3.12): 26 bytes at `at`.
  const writeCommon = (at: number, e: PreparedEntry): void => {
    view.setUint16(at, VERSION, true); // version needed to extract
    view.setUint16(at + 2, e.flags, true);
    view.setUint16(at + 4, e.method, true);
    view.setUint16(at + 6, dosTime, true);
    view.setUint16(at + 8, dosDate, true);
    view.setUint32(at + 10, e.crc, true);
    view.setUint32(at + 14, e.body.length, true); // compressed size
    view.setUint32(at + 18, e.size, true); // uncompressed size
    view.setUint16(at + 22, e.name.length, true);
    view.setUint16(at + 24, 0, true); // extra field length: none
  };

  let at = 0;
  for (const e of prepared) {
    view.setUint32(at, LOCAL_HEADER, true);
    writeCommon(at + 4, e);
    out.set(e.name, at + LOCAL_HEADER_SIZE);
    out.set(e.body, at + LOCAL_HEADER_SIZE + e.name.length);
    at += LOCAL_HEADER_SIZE + e.name.length + e.body.length;
  }
  for (const e of prepared) {
    view.setUint32(at, CENTRAL_HEADER, true);
    view.setUint16(at + 4, VERSION, true); // version made by: 2.0, host 0 (MS-DOS), as fflate wrote
    writeCommon(at + 6, e);
    // at + 32: comment length, disk number start, internal attributes (2 bytes each) and
    // external attributes (4): all zero, as the buffer already holds.
    view.setUint32(at + 42, e.offset, true);
    out.set(e.name, at + CENTRAL_HEADER_SIZE);
    at += CENTRAL_HEADER_SIZE + e.name.length;
  }
  view.setUint32(at, END_OF_CENTRAL_DIRECTORY, true);
  // at + 4, at + 6: this disk's number and the central directory's disk, both 0.
  view.setUint16(at + 8, prepared.length, true); // entries on this disk
  view.setUint16(at + 10, prepared.length, true); // entries in all
  view.setUint32(at + 12, centralSize, true);
  view.setUint32(at + 16, centralOffset, true);
  // at + 20: comment length, 0.
  return out;
}

/** One entry of a zip's central directory, before its data is inflated. */
export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  /** The size the directory declares for the entry's contents (after inflating). */
  size: number;
  compressedSize: number;
  /** Where the entry's (compressed) data starts in the archive. */
  dataStart: number;
}

/**
 * Lists a zip's entries from its central directory, in directory order, inflating nothing: the
 * declared sizes can be checked against limits before any work. Throws an Error naming the
 * problem for anything `readZip` refuses (see there).
 */
export function listZip(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfCentralDirectory(bytes, view);

  if (end >= 20 && view.getUint32(end - 20, true) === ZIP64_END_LOCATOR) throw new Error('zip: zip64 archives are not supported');
  const disk = view.getUint16(end + 4, true);
  const centralDisk = view.getUint16(end + 6, true);
  const entriesOnDisk = view.getUint16(end + 8, true);
  const entryCount = view.getUint16(end + 10, true);
  const centralSize = view.getUint32(end + 12, true);
  const centralOffset = view.getUint32(end + 16, true);
  if (entryCount === 0xffff || centralSize === 0xffffffff || centralOffset === 0xffffffff) {
    throw new Error('zip: zip64 archives are not supported');
  }
  if (disk !== 0 || centralDisk !== 0 || entriesOnDisk !== entryCount) throw new Error('zip: multi-disk (spanned) archives are not supported');
  const centralEnd = centralOffset + centralSize;
  if (centralEnd > end) throw new Error('zip: the central directory runs past the end of the archive (truncated or damaged)');

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let at = centralOffset;
  for (let i = 0; i < entryCount; i++) {
    if (at + CENTRAL_HEADER_SIZE > centralEnd || view.getUint32(at, true) !== CENTRAL_HEADER) {
      throw new Error(`zip: central directory record ${i + 1} of ${entryCount} is missing or damaged`);
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    const recordEnd = at + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    if (recordEnd > centralEnd) throw new Error(`zip: central directory record ${i + 1} of ${entryCount} runs past the directory's end`);
    const name = utf8Decoder.decode(bytes.subarray(at + CENTRAL_HEADER_SIZE, at + CENTRAL_HEADER_SIZE + nameLength));
    at = recordEnd;

    const where = `zip entry "${name}"`;
    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) throw new Error(`${where} is encrypted, which is not supported`);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw new Error(`${where} needs zip64, which is not supported`);
    }
    if (method !== STORED && method !== DEFLATED) throw new Error(`${where} uses compression method ${method}; only stored (0) and deflated (8) are supported`);
    if (seen.has(name)) throw new Error(`zip: two entries are named "${name}"`);
    seen.add(name);

    // The data follows the local header, whose name and extra field may differ in length from the
    // central record's. Sizes and CRC come from the central record: with flag bit 3 the local
    // header leaves them zero and a data descriptor follows the data.
    if (localOffset + LOCAL_HEADER_SIZE > centralOffset || view.getUint32(localOffset, true) !== LOCAL_HEADER) {
      throw new Error(`${where}: its local header is missing or damaged`);
    }
    const dataStart = localOffset + LOCAL_HEADER_SIZE + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataStart + compressedSize > centralOffset) throw new Error(`${where}: its data runs past the start of the central directory (truncated or damaged)`);
    if (method === STORED && compressedSize !== size)
      throw new Error(`${where} is stored, but its stored size ${compressedSize} differs from its size ${size}`);
    entries.push({ name, method, crc, size, compressedSize, dataStart });
  }
  return entries;
}

/**
 * The contents of one listed entry. Inflating stops at the entry's declared size (zlib's
 * `maxOutputLength`): an entry whose data would inflate past what the directory declares is
 * damaged or hostile, and is refused without inflating the rest. Size and CRC-32 are checked.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const where = `zip entry "${entry.name}"`;
  const body = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  let data: Uint8Array;
  if (entry.method === STORED) {
    data = body.slice(); // a copy: the caller owns it, not a view into `bytes`
  } else {
    let inflated: Buffer;
    try {
      inflated = inflateRawSync(body, { maxOutputLength: Math.max(entry.size, 1) });
    } catch (error) {
      throw new Error(`${where} cannot be inflated: ${(error as Error).message}`);
    }
    // zlib's result may be a view into a larger buffer; copy only then.
    data = inflated.byteLength === inflated.buffer.byteLength ? inflated : new Uint8Array(inflated);
  }
  if (data.length !== entry.size) throw new Error(`${where} inflates to ${data.length} bytes, but its recorded size is ${entry.size}`);
  if (crc32(data) !== entry.crc) throw new Error(`${where} is damaged: its CRC-32 does not match its data`);
  return data;
}

/**
 * Reads a zip: each entry's name and contents, in central-directory order. Stored and deflated
 * entries only; each entry's size and CRC-32 are checked. Throws an Error naming the problem for
 * anything else: not a zip, truncated, zip64, spanned, encrypted, another compression method,
 * duplicate names, a damaged entry.
 *
 * Names are decoded as UTF-8 whether or not flag bit 11 says so: the spec's default is CP437, but
 * in practice a non-ASCII name without the flag is UTF-8 or a local code page, and ASCII names
 * (all an office package has) read the same either way.
 */
export function readZip(bytes: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const entry of listZip(bytes)) files.set(entry.name, readZipEntry(bytes, entry));
  return files;
}

/**
 * The offset of the end-of-central-directory record. It is the archive's last 22 bytes plus a
 * comment of up to 65535 bytes, so search backwards for its signature; a candidate counts only
 * if its comment length reaches exactly to the end, which a stray "PK\5\6" in the comment won't.
 */
function findEndOfCentralDirectory(bytes: Uint8Array, view: DataView): number {
  if (bytes.length < END_SIZE) throw new Error('zip: not a zip archive (too short)');
  const lowest = Math.max(0, bytes.length - END_SIZE - 0xffff);
  for (let at = bytes.length - END_SIZE; at >= lowest; at--) {
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY && at + END_SIZE + view.getUint16(at + 20, true) === bytes.length) return at;
  }
  throw new Error('zip: no end-of-central-directory record (not a zip archive, or truncated)');
}
