/**
 * A deterministic .tar.gz for the Linux bundle (POSIX ustar, pax records for names that are not
 * ASCII or do not fit): the same entries and time give the same bytes on any machine. Entries
 * carry only a path, a mode and the time; owner 0:0, no user or group names.
 *
 * Layout reference: POSIX.1-2017, pax, "ustar Interchange Format" and "pax Extended Header".
 */
import { gzipSync } from 'node:zlib';

const BLOCK = 512;
const utf8 = new TextEncoder();

function octal(value, width) {
  // width - 1 digits and a NUL
  const digits = value.toString(8);
  if (digits.length > width - 1) throw new Error(`tar: ${value} does not fit ${width - 1} octal digits`);
  return `${digits.padStart(width - 1, '0')}\0`;
}

function header({ name, mode, size, mtime, type }) {
  const block = new Uint8Array(BLOCK);
  const put = (text, at, width) => {
    const bytes = utf8.encode(text);
    if (bytes.length > width) throw new Error(`tar: "${text}" is longer than ${width} bytes`);
    block.set(bytes, at);
  };
  put(name, 0, 100);
  put(octal(mode, 8), 100, 8);
  put(octal(0, 8), 108, 8); // uid
  put(octal(0, 8), 116, 8); // gid
  put(octal(size, 12), 124, 12);
  put(octal(mtime, 12), 136, 12);
  put('        ', 148, 8); // checksum counted as spaces
  put(type, 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const b of block) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

const padding = (size) => new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);

/** A pax record `"%d path=%s\n"`, whose length counts its own digits. */
function paxRecord(key, value) {
  const body = ` ${key}=${value}\n`;
  const bodyLength = utf8.encode(body).length;
  let length = bodyLength + 1;
  while (String(length).length + bodyLength !== length) length = String(length).length + bodyLength;
  return utf8.encode(`${length}${body}`);
}

const isPlainName = (name) => /^[\x20-\x7e]*$/u.test(name) && utf8.encode(name).length <= 100;

/**
 * The archive of `entries` ({ path, mode, data } for files, { path, mode } with a trailing `/`
 * for folders), in the order given, every entry timed `mtime` (seconds since 1970).
 */
export function tarGz(entries, mtime) {
  const chunks = [];
  for (const entry of entries) {
    const isDir = entry.path.endsWith('/');
    const data = isDir ? new Uint8Array(0) : entry.data;
    let name = entry.path;
    if (!isPlainName(name)) {
      const record = paxRecord('path', name);
      chunks.push(header({ name: `PaxHeaders/${String(chunks.length)}`, mode: 0o644, size: record.length, mtime, type: 'x' }), record, padding(record.length));
      // ustar readers that skip pax records see a stand-in name
      name = `tongbao-long-name-${chunks.length}${isDir ? '/' : ''}`;
    }
    chunks.push(header({ name, mode: entry.mode, size: data.length, mtime, type: isDir ? '5' : '0' }));
    if (data.length) chunks.push(data, padding(data.length));
  }
  chunks.push(new Uint8Array(BLOCK * 2));
  const gz = gzipSync(Buffer.concat(chunks), { level: 6 });
  // The header's OS byte is the zlib build's (3 on Unix, 10 on Windows): fixed, so the bytes
  // do not depend on where the bundle was made.
  gz[9] = 3;
  return gz;
}
