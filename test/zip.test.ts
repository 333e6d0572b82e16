/**
 * The zip writer and reader office packages go through, checked against themselves and against
 * another implementation (fflate) in both directions: what the writer makes, fflate reads; what
 * fflate makes (with and without data descriptors), the reader reads.
 */
import { strToU8, unzipSync, Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readZip, writeZip } from '../pipeline/zip.js';

/** Deterministic bytes that do not compress (xorshift32). */
function noise(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);

const LARGE_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document>' +
  Array.from({ length: 2000 }, (_, i) => `<w:p><w:r><w:t>第${i + 1}段：关于基层工会经费审计整改情况的通报</w:t></w:r></w:p>`).join('') +
  '</w:document>';

const ENTRIES: [string, string | Uint8Array][] = [
  ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
  ['word/document.xml', LARGE_XML],
  ['word/media/空白.bin', new Uint8Array(0)],
  ['word/media/image1.png', noise(5000)],
  ['附件/台账说明.txt', '整改台账 — 说明\n'],
  ['docProps/', new Uint8Array(0)],
];

const DATE = new Date(2025, 4, 30); // local midnight, as zipPackage builds it

function asBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? strToU8(data) : data;
}

/** Byte-for-byte equality, quickly (a deep toEqual over 100 KB arrays takes a second). */
function expectSameBytes(actual: Uint8Array | undefined, expected: Uint8Array, label: string): void {
  expect(actual, label).toBeInstanceOf(Uint8Array);
  expect(actual!.length, label).toBe(expected.length);
  expect(Buffer.compare(actual!, expected), label).toBe(0);
}

/** Every entry of `expected`, and nothing else, in `files`. */
function expectSameFiles(files: ReadonlyMap<string, Uint8Array>, expected: Record<string, Uint8Array>): void {
  expect([...files.keys()].sort()).toEqual(Object.keys(expected).sort());
  for (const [name, data] of Object.entries(expected)) expectSameBytes(files.get(name), data, name);
}

/** Each central directory record's raw fields, read here without the reader under test. */
function centralRecords(zip: Uint8Array): { name: string; flags: number; method: number; time: number; date: number; offset: number }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const records = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    records.push({
      name: text(zip.subarray(at + 46, at + 46 + nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      time: view.getUint16(at + 12, true),
      date: view.getUint16(at + 14, true),
      offset: view.getUint32(at + 42, true),
    });
    at += 46 + skip;
  }
  return records;
}

/** Decodes MS-DOS date and time fields. */
function dos(date: number, time: number) {
  return {
    year: (date >> 9) + 1980,
    month: (date >> 5) & 15,
    day: date & 31,
    hours: time >> 11,
    minutes: (time >> 5) & 63,
    seconds: (time & 31) * 2,
  };
}

/** The offset of the central directory record of the first entry, and of the end record. */
function offsets(zip: Uint8Array): { central: number; end: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  return { central: view.getUint32(end + 16, true), end };
}

describe('writeZip and readZip', () => {
  const zip = writeZip(ENTRIES, DATE);

  it('round-trips names (Chinese too), an empty file, binary data and compressible text, in order', () => {
    const files = readZip(zip);
    expect([...files.keys()]).toEqual(ENTRIES.map(([name]) => name));
    for (const [name, data] of ENTRIES) expectSameBytes(files.get(name), asBytes(data), name);
  });

  it('deflates what compresses and stores what does not', () => {
    const methods = Object.fromEntries(centralRecords(zip).map((r) => [r.name, r.method]));
    expect(methods['word/document.xml']).toBe(8);
    expect(methods['word/media/image1.png']).toBe(0);
    expect(methods['word/media/空白.bin']).toBe(0);
    expect(zip.length).toBeLessThan(asBytes(LARGE_XML).length / 5);
  });

  it('is read back by fflate', () => {
    expectSameFiles(new Map(Object.entries(unzipSync(zip))), Object.fromEntries(ENTRIES.map(([name, data]) => [name, asBytes(data)])));
  });

  it('reads what fflate writes: deflated, stored, and streamed with data descriptors', () => {
    const bytes = { 'a/文档.xml': strToU8(LARGE_XML), 'b.bin': noise(3000), 'empty.txt': new Uint8Array(0) };
    for (const level of [6, 0] as const) {
      expectSameFiles(readZip(zipSync(bytes, { level })), bytes);
    }

    const chunks: Uint8Array[] = [];
    const stream = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    for (const [name, data] of Object.entries(bytes)) {
      const file = new ZipDeflate(name, { level: 6 });
      stream.add(file);
      file.push(data, true);
    }
    stream.end();
    const streamed = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      streamed.set(c, at);
      at += c.length;
    }
    expect(centralRecords(streamed).every((r) => (r.flags & 8) !== 0)).toBe(true); // sizes in data descriptors
    expectSameFiles(readZip(streamed), bytes);
  });

  it('times every entry at the given date, in local time, in both headers', () => {
    const view = new DataView(zip.buffer);
    for (const record of centralRecords(zip)) {
      expect(dos(record.date, record.time), record.name).toEqual({ year: 2025, month: 5, day: 30, hours: 0, minutes: 0, seconds: 0 });
      // The local header carries the same time and date.
      expect(view.getUint16(record.offset + 10, true)).toBe(record.time);
      expect(view.getUint16(record.offset + 12, true)).toBe(record.date);
    }
    const [record] = centralRecords(writeZip([['a', 'x']], new Date(2107, 11, 31, 23, 59, 58)));
    expect(dos(record!.date, record!.time)).toEqual({ year: 2107, month: 12, day: 31, hours: 23, minutes: 59, seconds: 58 });
  });

  it('flags UTF-8 names (bit 11) only when they are not ASCII', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range
    for (const record of centralRecords(zip)) expect(record.flags, record.name).toBe(/^[\x00-\x7f]*$/.test(record.name) ? 0 : 0x800);
  });

  it('gives the same bytes for the same entries and date', () => {
    const again = writeZip(new Map(ENTRIES.map(([name, data]) => [name, typeof data === 'string' ? data : data.slice()])), new Date(2025, 4, 30));
    expect(Buffer.from(again).equals(Buffer.from(zip))).toBe(true);
  });

  it('finds the end record behind an archive comment', () => {
    const comment = strToU8('PK\x05\x06 a comment that looks like a record');
    const commented = new Uint8Array(zip.length + comment.length);
    commented.set(zip);
    commented.set(comment, zip.length);
    new DataView(commented.buffer).setUint16(zip.length - 2, comment.length, true);
    expect([...readZip(commented).keys()]).toEqual(ENTRIES.map(([name]) => name));
  });

  it('reads an empty archive', () => {
    const empty = writeZip([], DATE);
    expect(empty.length).toBe(22);
    expect(readZip(empty).size).toBe(0);
    expect(Object.keys(unzipSync(empty))).toEqual([]);
  });
});

describe('readZip refuses what it cannot read', () => {
  const zip = writeZip(ENTRIES, DATE);

  /** A copy of the archive with one field of the first entry's central record changed. */
  function patchCentral(offset: number, value: number, size: 2 | 4): Uint8Array {
    const copy = zip.slice();
    const view = new DataView(copy.buffer);
    const at = offsets(copy).central + offset;
    if (size === 2) view.setUint16(at, value, true);
    else view.setUint32(at, value, true);
    return copy;
  }

  it('a CRC-32 that does not match the data', () => {
    const crc = new DataView(zip.buffer).getUint32(offsets(zip).central + 16, true);
    expect(() => readZip(patchCentral(16, crc ^ 1, 4))).toThrow(/"\[Content_Types\]\.xml" is damaged: its CRC-32 does not match/);
    // Damaged data in a stored entry: the image is the fourth entry.
    const image = centralRecords(zip).find((r) => r.name === 'word/media/image1.png')!;
    const damaged = zip.slice();
    damaged[image.offset + 30 + 'word/media/image1.png'.length + 100]! ^= 0xff;
    expect(() => readZip(damaged)).toThrow(/"word\/media\/image1\.png" is damaged/);
  });

  it('an archive cut short anywhere', () => {
    for (let length = 0; length < zip.length; length += 97) {
      expect(() => readZip(zip.subarray(0, length)), `first ${length} bytes`).toThrow(Error);
    }
    expect(() => readZip(zip.subarray(0, zip.length - 1))).toThrow(/no end-of-central-directory record/);
    expect(() => readZip(new Uint8Array(10))).toThrow(/not a zip archive/);
  });

  it('a damaged deflate stream', () => {
    const document = centralRecords(zip).find((r) => r.name === 'word/document.xml')!;
    const damaged = zip.slice();
    damaged.fill(0xff, document.offset + 30 + 'word/document.xml'.length, document.offset + 30 + 'word/document.xml'.length + 8);
    expect(() => readZip(damaged)).toThrow(/"word\/document\.xml"/);
  });

  it('encryption, another compression method, zip64, spanning', () => {
    expect(() => readZip(patchCentral(8, 1, 2))).toThrow(/is encrypted/);
    expect(() => readZip(patchCentral(10, 12, 2))).toThrow(/compression method 12/);
    expect(() => readZip(patchCentral(24, 0xffffffff, 4))).toThrow(/zip64/);
    const many = zip.slice();
    new DataView(many.buffer).setUint16(offsets(many).end + 10, 0xffff, true);
    expect(() => readZip(many)).toThrow(/zip64/);
    const spanned = zip.slice();
    new DataView(spanned.buffer).setUint16(offsets(spanned).end + 4, 1, true);
    expect(() => readZip(spanned)).toThrow(/multi-disk/);
  });

  it('two entries with one name', () => {
    const twice = zipSync({ a: strToU8('1'), b: strToU8('2') });
    // Rename "b" to "a" in both headers.
    const [, second] = centralRecords(twice);
    twice[second!.offset + 30] = 0x61;
    twice[offsets(twice).central + 46 + 1 + 46] = 0x61;
    expect(() => readZip(twice)).toThrow(/two entries are named "a"/);
  });
});

describe('writeZip refuses what a plain zip cannot hold', () => {
  it('more entries than a plain zip counts', () => {
    const names = Array.from({ length: 65535 }, (_, i): [string, Uint8Array] => [`f${i}`, new Uint8Array(0)]);
    expect(() => writeZip(names, DATE)).toThrow(/more than 65534 entries need zip64/);
    expect(readZip(writeZip(names.slice(0, 65534), DATE)).size).toBe(65534);
  });

  it('a date a zip cannot record, a duplicate or empty name', () => {
    expect(() => writeZip([['a', 'x']], new Date(1979, 11, 31))).toThrow(/1979 is outside 1980–2107/);
    expect(() => writeZip([['a', 'x']], new Date(Number.NaN))).toThrow(/not a valid date/);
    expect(() =>
      writeZip(
        [
          ['a', 'x'],
          ['a', 'y'],
        ],
        DATE,
      ),
    ).toThrow(/two entries are named "a"/);
    expect(() => writeZip([['', 'x']], DATE)).toThrow(/empty name/);
  });
});
