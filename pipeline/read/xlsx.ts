/**
 * `.xlsx` bytes → one RawSheet per worksheet, in workbook order.
 *
 * Our own reading, over `zip.ts` and the SAX-style scanner in `xml.ts`: the package's parts are
 * listed, checked against the limits in `limits.ts` (declared sizes before anything is
 * inflated), then the shared strings, the styles' date formats and each worksheet are scanned
 * once, each cell going straight into its sheet. Only cells holding a value are stored (rows
 * are sparse arrays), so a stray cell far away costs one cell, not the range up to it.
 *
 * Cell values are flattened as they always were: formulas to their cached results, rich text
 * (shared or inline) to plain text, hyperlinks to their text, errors as errors, numbers in date
 * formats (the built-in ones Excel knows in every locale, and custom formats with date
 * letters) to calendar days, honouring the 1904 date system. Numbers in Chinese built-in date
 * formats (ids 27–36, 50–58) stay numbers: the ledger stage knows which columns hold dates and
 * turns serials into days there. Merged areas read as their master's value (so a category
 * written once over five rows reads five times).
 *
 * Why not exceljs: its full model builds an object per cell plus styles (a 100,000-row ledger
 * took 13 s and 550 MB), it cannot refuse a hostile package before inflating it, and it treats
 * sheet names Excel would not write (with `/`, over 31 characters) as errors.
 */
import { utcDateToIso } from '../dates.js';
import type { Diagnostic } from '../diagnostics.js';
import * as msg from '../messages.js';
import { listZip, readZipEntry, type ZipEntry } from '../zip.js';
import { LIMITS } from './limits.js';
import type { CellValue, MergeRange, RawSheet, ReadResult } from './table.js';
import { attr, attrAnyPrefix, decodeXmlText, isSpace, scanXml, skipDeclaration, tagEnd, XmlError } from './xml.js';

const ZIP_MAGIC = [0x50, 0x4b];
/** OLE compound files: legacy .xls/.et, and encrypted .xlsx (an OLE wrapper around the zip). */
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const OFFICE_DOCUMENT = /\/officeDocument$/u;
const WORKSHEET = /\/worksheet$/u;
const SHARED_STRINGS = /\/sharedStrings$/u;
const STYLES = /\/styles$/u;

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** An encrypted OOXML file is a compound file holding an `EncryptedPackage` stream. */
function isEncryptedPackage(bytes: Uint8Array): boolean {
  const needle = Buffer.from('EncryptedPackage', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

/** A refusal found while reading: becomes the file's one diagnostic. */
class Refusal extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

const utf8 = new TextDecoder('utf-8');

export async function readXlsx(file: string, bytes: Uint8Array): Promise<ReadResult> {
  const fail = (d: Diagnostic): ReadResult => ({ sheets: [], diagnostics: [d] });
  if (bytes.byteLength === 0) return fail(msg.emptyFile(file));
  if (startsWith(bytes, CFB_MAGIC)) {
    return fail(isEncryptedPackage(bytes) ? msg.encryptedWorkbook(file) : msg.legacyWorkbook(file));
  }
  if (!startsWith(bytes, ZIP_MAGIC)) return fail(msg.notAWorkbook(file));
  try {
    return { sheets: readPackage(file, bytes), diagnostics: [] };
  } catch (error) {
    if (error instanceof Refusal) return fail(error.diagnostic);
    if (error instanceof NotAWorkbook) return fail(msg.notAWorkbook(file));
    return fail(msg.damagedWorkbook(file, error instanceof Error ? error.message : String(error)));
  }
}

class NotAWorkbook extends Error {}

/** The package's parts, read against one budget of inflated bytes. */
class Package {
  private readonly entries = new Map<string, ZipEntry>();
  private spent = 0;

  constructor(
    private readonly file: string,
    private readonly bytes: Uint8Array,
  ) {
    for (const entry of listZip(bytes)) this.entries.set(entry.name.replace(/^\/+/u, ''), entry);
  }

  has(part: string): boolean {
    return this.entries.has(part);
  }

  /** Refuses now if the parts' declared sizes, with what was read already, pass the limit. */
  reserve(parts: readonly string[]): void {
    const declared = parts.reduce((sum, part) => sum + (this.entries.get(part)?.size ?? 0), this.spent);
    if (declared > LIMITS.inflatedBytes) throw new Refusal(msg.workbookTooLargeInflated(this.file, declared, LIMITS.inflatedBytes));
  }

  /** A part's text; undefined when the package has no such part. */
  text(part: string): string | undefined {
    const entry = this.entries.get(part);
    if (!entry) return undefined;
    this.reserve([part]);
    const data = readZipEntry(this.bytes, entry);
    this.spent += data.length;
    return utf8.decode(data);
  }
}

/** `target` of a relationship in the part `source`, as a package path. */
function resolveTarget(source: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = source.split('/').slice(0, -1);
  for (const step of target.split('/')) {
    if (step === '..') parts.pop();
    else if (step !== '.' && step !== '') parts.push(step);
  }
  return parts.join('/');
}

function relsPathOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

interface Relationship {
  type: string;
  target: string;
}

function relationships(pkg: Package, part: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  const xml = pkg.text(relsPathOf(part));
  if (xml === undefined) return rels;
  scanXml(xml, {
    open(name, attrs) {
      if (name !== 'Relationship') return;
      const id = attr(attrs, 'Id');
      const target = attr(attrs, 'Target');
      if (id === undefined || target === undefined || attr(attrs, 'TargetMode') === 'External') return;
      rels.set(id, { type: attr(attrs, 'Type') ?? '', target: resolveTarget(part, target) });
    },
  });
  return rels;
}

function readPackage(file: string, bytes: Uint8Array): RawSheet[] {
  const pkg = new Package(file, bytes);
  const root = [...relationships(pkg, '').values()].find((r) => OFFICE_DOCUMENT.test(r.type));
  const workbookPart = root?.target ?? 'xl/workbook.xml';
  const workbookXml = pkg.text(workbookPart);
  // A zip that is not a workbook (a .docx or .zip renamed .xlsx) has no workbook part.
  if (workbookXml === undefined) throw new NotAWorkbook();

  const declared: { name: string; rid: string }[] = [];
  let date1904 = false;
  scanXml(workbookXml, {
    open(name, attrs) {
      if (name === 'workbookPr') {
        const flag = attr(attrs, 'date1904');
        date1904 = flag === '1' || flag === 'true';
      } else if (name === 'sheet') {
        const rid = attrAnyPrefix(attrs, 'id');
        if (rid !== undefined) declared.push({ name: attr(attrs, 'name') ?? '', rid });
      }
    },
  });
  const rels = relationships(pkg, workbookPart);
  // Chart sheets and dialog sheets hold no cells: only worksheets are read.
  const sheets = declared.flatMap((s) => {
    const rel = rels.get(s.rid);
    return rel && WORKSHEET.test(rel.type) ? [{ name: s.name, part: rel.target }] : [];
  });
  if (sheets.length === 0) throw new NotAWorkbook();
  for (const s of sheets) if (!pkg.has(s.part)) throw new Error(`the workbook lists sheet "${s.name}", but its part ${s.part} is missing`);
  const relsList = [...rels.values()];
  const sharedStringsPart = relsList.find((r) => SHARED_STRINGS.test(r.type))?.target;
  const stylesPart = relsList.find((r) => STYLES.test(r.type))?.target;
  // Every part still to be read, by its declared size, before inflating any of them.
  pkg.reserve([...(sharedStringsPart ? [sharedStringsPart] : []), ...(stylesPart ? [stylesPart] : []), ...sheets.map((s) => s.part)]);

  const strings = (sharedStringsPart ? sharedStringsOf(pkg.text(sharedStringsPart)) : []).map((text): CellValue => ({ kind: 'text', text }));
  const dateStyles = stylesPart ? dateStylesOf(pkg.text(stylesPart)) : [];
  const budget = { cells: 0 };
  return sheets.map((s) => {
    const xml = pkg.text(s.part) as string;
    return readSheet({ file, sheet: s.name, xml, strings, dateStyles, date1904, budget });
  });
}

/** The shared-string table: each `<si>`'s text, rich-text runs joined, phonetic guides (`<rPh>`) left out. */
function sharedStringsOf(xml: string | undefined): string[] {
  const strings: string[] = [];
  if (xml === undefined) return strings;
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  scanXml(xml, {
    open(name, _attrs, selfClosing) {
      if (name === 'si')
        current = []; // (a self-closing <si/> is closed at once: an empty string)
      else if (name === 't' && !selfClosing && phonetic === 0) inText = true;
      else if (name === 'rPh' && !selfClosing) phonetic++;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && current) {
        strings.push(current.length === 1 ? (current[0] as string) : current.join(''));
        current = null;
      }
    },
    wantText: () => inText,
    text(text) {
      current?.push(text);
    },
  });
  return strings;
}

/**
 * Built-in number formats every locale shares, as exceljs (and Excel) know them. Ids 27–36 and
 * 50–58 are locale-specific (Chinese dates among them) and deliberately absent: their serials
 * stay numbers for the ledger stage.
 */
const BUILTIN_FORMATS: Record<number, string> = {
  14: 'mm-dd-yy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'm/d/yy "h":mm',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mmss.0',
};

/** A format code shows a date or time when, outside quotes and brackets, it has date or time letters. */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/\[[^\]]*\]/gu, '').replace(/"[^"]*"/gu, '');
  return /[ymdhMsb]/u.test(bare);
}

/** Per cell style index (`s`), whether its number format is a date. */
function dateStylesOf(xml: string | undefined): boolean[] {
  const dates: boolean[] = [];
  if (xml === undefined) return dates;
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  let inCellXfs = false;
  scanXml(xml, {
    open(name, attrs, selfClosing) {
      if (name === 'numFmt') {
        const id = Number(attr(attrs, 'numFmtId'));
        const code = attr(attrs, 'formatCode');
        if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
      } else if (name === 'cellXfs') {
        inCellXfs = !selfClosing;
      } else if (name === 'xf' && inCellXfs) {
        xfs.push(Number(attr(attrs, 'numFmtId') ?? 0));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  for (const id of xfs) {
    const code = custom.get(id) ?? BUILTIN_FORMATS[id];
    dates.push(code !== undefined && isDateFormat(code));
  }
  return dates;
}

interface SheetInput {
  file: string;
  sheet: string;
  xml: string;
  /** One text cell per shared string, shared by every cell that uses it (cells are never changed). */
  strings: readonly CellValue[];
  dateStyles: readonly boolean[];
  date1904: boolean;
  /** Cells stored so far in the workbook. */
  budget: { cells: number };
}

/** "B12" → column 2, row 12; null when it is not an A1 reference. */
function parseRef(ref: string): { row: number; column: number } | null {
  let column = 0;
  let i = 0;
  const length = ref.length;
  if (ref.charCodeAt(0) === 36) i++; // $
  for (; i < length; i++) {
    let c = ref.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32; // a–z as A–Z
    if (c < 65 || c > 90) break;
    column = column * 26 + (c - 64);
    if (column > 1e9) return null;
  }
  if (column === 0) return null;
  if (ref.charCodeAt(i) === 36) i++;
  if (i === length || length - i > 10) return null;
  let row = 0;
  for (; i < length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    row = row * 10 + (c - 48);
  }
  return { row, column };
}

function columnName(column: number): string {
  let name = '';
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return name;
}

/**
 * Date cells by whole serial (a ledger's dates repeat: its few hundred days over thousands of
 * rows), one cell value each, shared like the shared strings' (cells are never changed).
 * Bounded: emptied when full.
 */
const datesBySerial = [new Map<number, CellValue | null>(), new Map<number, CellValue | null>()] as const;
const SERIALS_REMEMBERED = 10_000;

function serialToDate(serial: number, date1904: boolean): CellValue | null {
  const known = Number.isInteger(serial) ? datesBySerial[date1904 ? 1 : 0] : null;
  const cached = known?.get(serial);
  if (cached !== undefined) return cached;
  // exceljs's excelToDate: the serial as a UTC instant, rounded to the millisecond; the day is its UTC date.
  const date = utcDateToIso(new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000)));
  const value: CellValue | null = date ? { kind: 'date', date } : null;
  if (known) {
    if (known.size >= SERIALS_REMEMBERED) known.clear();
    known.set(serial, value);
  }
  return value;
}

function readSheet(input: SheetInput): RawSheet {
  const { file, sheet, xml, strings, dateStyles, date1904, budget } = input;
  const cells: CellValue[][] = [];
  const merges: MergeRange[] = [];
  const refs: string[] = [];
  const outside = (ref: string): Refusal => new Refusal(msg.cellOutsideGrid(file, sheet, ref, LIMITS.columns, LIMITS.rows));

  let row = 0;
  let column = 0;
  let rowsWithValues = 0;
  let lastRowWithValue = 0;

  const store = (v: CellValue): void => {
    if (row !== lastRowWithValue) {
      lastRowWithValue = row;
      if (++rowsWithValues > LIMITS.rowsPerSheet) throw new Refusal(msg.tooManyRows(file, sheet, LIMITS.rowsPerSheet));
    }
    if (++budget.cells > LIMITS.cells) throw new Refusal(msg.tooManyCells(file, sheet, LIMITS.cells));
    const rowCells = cells[row - 1] ?? [];
    cells[row - 1] = rowCells;
    rowCells[column - 1] = v;
  };

  const finish = (type: string, style: number, value: string | null, inline: string | null): void => {
    let v: CellValue | null = null;
    switch (type) {
      case 's': {
        v = value === null ? null : (strings[Number(value)] ?? null);
        break;
      }
      case 'inlineStr':
        if (inline !== null) v = { kind: 'text', text: inline };
        break;
      case 'str':
        if (value !== null) v = { kind: 'text', text: value };
        break;
      case 'b':
        if (value !== null) v = { kind: 'boolean', value: value.trim() === '1' || value.trim() === 'true' };
        break;
      case 'e':
        if (value !== null) v = { kind: 'error', text: value };
        break;
      case 'd': {
        const m = value === null ? null : /^(\d{4})-(\d{2})-(\d{2})/u.exec(value.trim());
        if (m) v = { kind: 'date', date: `${m[1]}-${m[2]}-${m[3]}` as never };
        break;
      }
      default: {
        if (value === null || value.trim() === '') break;
        const n = Number(value);
        if (Number.isNaN(n)) break;
        v = dateStyles[style] ? serialToDate(n, date1904) : { kind: 'number', value: n };
      }
    }
    if (v) store(v);
  };

  scanSheet(xml, {
    row(r) {
      const n = r === undefined ? row + 1 : Number(r);
      if (!Number.isInteger(n) || n < 1) throw new Error(`sheet "${sheet}": the row number "${r}" is not a positive whole number`);
      if (n > LIMITS.rows) throw outside(`A${n}`);
      row = n;
      column = 0;
    },
    cell(ref, type, style, value, inline) {
      if (ref !== undefined) {
        const at = parseRef(ref);
        if (!at) throw new Error(`sheet "${sheet}": the cell reference "${ref}" is not an A1 reference`);
        if (at.column > LIMITS.columns || at.row > LIMITS.rows) throw outside(ref);
        row = at.row;
        column = at.column;
      } else {
        column++;
        if (column > LIMITS.columns) throw outside(`${columnName(column)}${row}`);
      }
      if (row === 0) row = 1;
      // (a self-closing <c/> is formatting only: no value, no inline string)
      if (value !== null || inline !== null) finish(type ?? 'n', style === undefined ? 0 : Number(style), value, inline);
    },
    merge(ref) {
      refs.push(ref);
    },
  });

  // Merged areas: checked whole before any is filled.
  let mergedCells = 0;
  for (const ref of refs) {
    const m = mergeRange(ref);
    if (!m) continue;
    if (m.right > LIMITS.columns || m.bottom > LIMITS.rows) throw outside(ref);
    const size = (m.bottom - m.top + 1) * (m.right - m.left + 1);
    mergedCells += size;
    if (mergedCells > LIMITS.mergedCells) throw new Refusal(msg.mergedAreaTooLarge(file, sheet, ref, size, LIMITS.mergedCells));
    merges.push(m);
  }
  for (const m of merges) {
    // An empty master empties the area: whatever another tool left in its other cells is not shown by Excel.
    const master = cells[m.top - 1]?.[m.left - 1];
    for (let r = m.top; r <= m.bottom; r++) {
      if (cells[r - 1] === undefined && master !== undefined) cells[r - 1] = [];
      const cellsOfRow = cells[r - 1];
      if (!cellsOfRow) continue;
      for (let c = m.left; c <= m.right; c++) {
        if (master !== undefined) cellsOfRow[c - 1] = master;
        else if (c - 1 < cellsOfRow.length) delete cellsOfRow[c - 1];
      }
    }
  }
  return { file, sheet, cells, merges, date1904 };
}

/** An A1-style range ("B4:B6") as row and column numbers, 1-based; null when it is not one. */
function mergeRange(range: string): MergeRange | null {
  const [first = '', last = first] = range.split(':');
  const a = parseRef(first);
  const b = parseRef(last);
  if (!a || !b) return null;
  return { top: Math.min(a.row, b.row), left: Math.min(a.column, b.column), bottom: Math.max(a.row, b.row), right: Math.max(a.column, b.column) };
}

interface SheetSink {
  /** A `<row>`, with its `r` attribute. */
  row(r: string | undefined): void;
  /** A `<c>`: its `r`, `t` and `s` attributes, its `<v>` text and its inline string (null when absent). */
  cell(ref: string | undefined, type: string | undefined, style: string | undefined, value: string | null, inline: string | null): void;
  merge(ref: string): void;
}

/**
 * One pass over a worksheet's XML for its rows, cells and merged areas: the hot loop of reading,
 * so it looks only at `row`, `c` and `mergeCell` start tags and takes a cell's content whole
 * (`<v>…</v>`, with the generic scanner only for inline strings and CDATA).
 */
function scanSheet(xml: string, sink: SheetSink): void {
  const length = xml.length;
  let tags = cellTags('c', -1);
  let i = 0;
  while (i < length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 33 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end < 0) throw new XmlError('unterminated comment');
        i = end + 3;
      } else i = xml.startsWith('<![CDATA[', lt) ? xml.indexOf(']]>', lt) + 3 : skipDeclaration(xml, lt);
      if (i < 3) throw new XmlError('unterminated CDATA section');
      continue;
    }
    if (next === 63 /* ? */ || next === 47 /* / */) {
      const end = xml.indexOf('>', lt);
      if (end < 0) throw new XmlError('unterminated tag');
      i = end + 1;
      continue;
    }
    let nameEnd = lt + 1;
    while (nameEnd < length) {
      const c = xml.charCodeAt(nameEnd);
      if (c === 47 || c === 62 || isSpace(c)) break;
      nameEnd++;
    }
    const gt = tagEnd(xml, nameEnd);
    if (gt < 0) throw new XmlError('unterminated tag');
    const selfClosing = xml.charCodeAt(gt - 1) === 47;
    // The local name (after a prefix's colon), read in place: most tags are `c`, and slicing
    // each name took an allocation per cell.
    let colon = -1;
    for (let k = lt + 1; k < nameEnd; k++) {
      if (xml.charCodeAt(k) === 58 /* : */) {
        colon = k;
        break;
      }
    }
    const localStart = colon < 0 ? lt + 1 : colon + 1;
    const localLength = nameEnd - localStart;
    i = gt + 1;
    if (localLength === 1 && xml.charCodeAt(localStart) === 99 /* c */) {
      cellAttributes(xml, nameEnd, selfClosing ? gt - 1 : gt);
      if (selfClosing) {
        sink.cell(attrR, attrT, attrS, null, null);
        continue;
      }
      if (nameEnd - lt - 1 !== tags.cell.length || !xml.startsWith(tags.cell, lt + 1))
        tags = cellTags(xml.slice(lt + 1, nameEnd), colon < 0 ? -1 : colon - lt - 1);
      const r = attrR;
      const t = attrT;
      const s = attrS;
      // The usual cell: its value and nothing else (`<v>12</v></c>`), read without slicing its content.
      if (xml.startsWith(tags.value, i)) {
        const from = i + tags.value.length;
        const valueEnd = xml.indexOf('<', from);
        if (valueEnd >= 0 && xml.startsWith(tags.valueEnd, valueEnd) && xml.startsWith(tags.close, valueEnd + tags.valueEnd.length)) {
          i = valueEnd + tags.valueEnd.length + tags.close.length;
          sink.cell(r, t, s, decodeXmlText(xml.slice(from, valueEnd)), null);
          continue;
        }
      }
      const end = xml.indexOf(tags.close, i);
      if (end < 0) throw new XmlError('unterminated cell');
      const content = xml.slice(i, end);
      i = end + tags.close.length;
      if (content.indexOf('<![CDATA[') < 0 && content.indexOf(tags.inline) < 0) {
        const at = content.indexOf(tags.value);
        if (at >= 0) {
          const from = at + tags.value.length;
          const valueEnd = content.indexOf('<', from);
          sink.cell(r, t, s, decodeXmlText(content.slice(from, valueEnd < 0 ? content.length : valueEnd)), null);
          continue;
        }
        if (content.indexOf(tags.valueStart) < 0) {
          sink.cell(r, t, s, null, null);
          continue;
        }
      }
      const { value, inline } = cellContent(content);
      sink.cell(r, t, s, value, inline);
    } else if (localLength === 3 && xml.startsWith('row', localStart)) {
      sink.row(attr(xml.slice(nameEnd, selfClosing ? gt - 1 : gt), 'r'));
    } else if (localLength === 9 && xml.startsWith('mergeCell', localStart)) {
      const ref = attr(xml.slice(nameEnd, selfClosing ? gt - 1 : gt), 'ref');
      if (ref !== undefined) sink.merge(ref);
    }
  }
}

/** The tags a cell's content is searched for, with the cell's own prefix (`x:c` → `</x:c>`, `<x:v>`). */
function cellTags(qname: string, colon: number): { cell: string; close: string; value: string; valueEnd: string; valueStart: string; inline: string } {
  const prefix = colon < 0 ? '' : qname.slice(0, colon + 1);
  return { cell: qname, close: `</${qname}>`, value: `<${prefix}v>`, valueEnd: `</${prefix}v>`, valueStart: `<${prefix}v`, inline: `<${prefix}is` };
}

// A cell's r, t and s attributes, as cellAttributes last read them (no object per cell).
let attrR: string | undefined;
let attrT: string | undefined;
let attrS: string | undefined;

/** Reads a `<c>` tag's attributes, between `start` and `end` of the sheet's XML, into attrR, attrT and attrS. */
function cellAttributes(xml: string, start: number, end: number): void {
  attrR = undefined;
  attrT = undefined;
  attrS = undefined;
  let i = start;
  while (i < end) {
    while (i < end && isSpace(xml.charCodeAt(i))) i++;
    const nameStart = i;
    while (i < end && xml.charCodeAt(i) !== 61 && !isSpace(xml.charCodeAt(i))) i++;
    const nameLength = i - nameStart;
    while (i < end && xml.charCodeAt(i) !== 61) i++;
    i++;
    while (i < end && isSpace(xml.charCodeAt(i))) i++;
    if (i >= end) return;
    const quote = xml.charCodeAt(i);
    if (quote !== 34 && quote !== 39) return;
    const valueEnd = xml.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (valueEnd < 0 || valueEnd >= end) return;
    if (nameLength === 1) {
      const name = xml.charCodeAt(nameStart);
      if (name === 114)
        attrR = xml.slice(i + 1, valueEnd); // r
      else if (name === 116)
        attrT = xml.slice(i + 1, valueEnd); // t
      else if (name === 115) attrS = xml.slice(i + 1, valueEnd); // s
    }
    i = valueEnd + 1;
  }
}

/** A cell's `<v>` text and inline string (rich-text runs joined, phonetic guides left out), read in full. */
function cellContent(content: string): { value: string | null; inline: string | null } {
  let value: string | null = null;
  let inline: string[] | null = null;
  let capture: 'v' | 't' | null = null;
  let phonetic = 0;
  scanXml(content, {
    open(name, _attrs, selfClosing) {
      if (name === 'v') {
        value ??= '';
        if (!selfClosing) capture = 'v';
      } else if (name === 'is') inline ??= [];
      else if (name === 'rPh' && !selfClosing) phonetic++;
      else if (name === 't' && !selfClosing && inline && phonetic === 0) capture = 't';
    },
    close(name) {
      if (name === 'v' || name === 't') capture = null;
      else if (name === 'rPh') phonetic--;
    },
    wantText: () => capture !== null,
    text(text) {
      if (capture === 'v') value += text;
      else inline?.push(text);
    },
  });
  return { value, inline: inline === null ? null : (inline as string[]).join('') };
}
