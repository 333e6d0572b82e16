/**
 * Generated workbooks for the scale tests and `scripts/bench-scale.mjs`: big ledgers, odd ones
 * (a stray cell far away, a merged area over most of the sheet, sheet names Excel would not
 * write) and a zip bomb. Nothing here is committed as a file: each is built in memory in well
 * under a second (the bomb's gibibyte is never held: it is deflated once per mebibyte and the
 * blocks repeated).
 *
 * The workbooks are written the way Excel writes them (shared strings, a styles part with a
 * date format, one worksheet part per sheet), with our own minimal zip writer so that the bomb
 * can declare what it likes.
 */
import { crc32, deflateRawSync, constants } from 'node:zlib';

const enc = new TextEncoder();
const esc = (s) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

/** Column number (1-based) → letters. */
export function columnName(column) {
  let name = '';
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  return name;
}

/**
 * A zip of `entries`: { name, data } (deflated here), or { name, raw, size, crc } (already
 * deflated; `size` and `crc` are what the directory declares, true or not).
 */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    let raw = e.raw;
    let size = e.size;
    let crc = e.crc;
    if (e.data !== undefined) {
      const data = typeof e.data === 'string' ? enc.encode(e.data) : e.data;
      raw = deflateRawSync(data, { level: 1 });
      size = data.length;
      crc = crc32(data);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflated
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(raw.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(raw.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, raw);
    centrals.push(central, name);
    offset += 30 + name.length + raw.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/**
 * An .xlsx of `sheets`: { name, rows: (string | number | { date: serial } | null)[][] | iterator
 * of rows, merges?: string[], cells?: { ref, text }[] (extra cells placed by address, after the rows) },
 * or { name, xml } for a worksheet part written as given; `sharedStrings` replaces the shared-string part.
 */
export function workbook(sheets, { sharedStrings } = {}) {
  const strings = new Map();
  const sst = [];
  const index = (s) => {
    let i = strings.get(s);
    if (i === undefined) {
      i = sst.length;
      strings.set(s, i);
      sst.push(`<si><t>${esc(s)}</t></si>`);
    }
    return i;
  };
  const cell = (ref, v) => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    if (typeof v === 'object') return `<c r="${ref}" s="1"><v>${v.date}</v></c>`;
    return `<c r="${ref}" t="s"><v>${index(v)}</v></c>`;
  };
  const parts = sheets.map((sheet, n) => {
    if (sheet.xml !== undefined) return { name: `xl/worksheets/sheet${n + 1}.xml`, data: sheet.xml };
    const xml = [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    ];
    let r = 0;
    for (const row of sheet.rows) {
      r++;
      let cells = '';
      for (let c = 0; c < row.length; c++) cells += cell(`${columnName(c + 1)}${r}`, row[c]);
      xml.push(`<row r="${r}">${cells}</row>`);
    }
    for (const extra of sheet.cells ?? []) {
      const row = /\d+$/u.exec(extra.ref)[0];
      xml.push(`<row r="${row}">${cell(extra.ref, extra.text)}</row>`);
    }
    xml.push('</sheetData>');
    if (sheet.merges?.length)
      xml.push(`<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`);
    xml.push('</worksheet>');
    return { name: `xl/worksheets/sheet${n + 1}.xml`, data: xml.join('') };
  });
  const sheetList = sheets.map((s, n) => `<sheet name="${esc(s.name)}" sheetId="${n + 1}" r:id="rId${n + 1}"/>`).join('');
  const rels = sheets
    .map(
      (_, n) =>
        `<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${n + 1}.xml"/>`,
    )
    .join('');
  const k = sheets.length;
  return zip([
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, n) => `<Override PartName="/xl/worksheets/sheet${n + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheetList}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rId${k + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId${k + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
    {
      name: 'xl/styles.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    },
    // (after the sheets are built: they fill the table)
    ...parts,
    {
      name: 'xl/sharedStrings.xml',
      data:
        sharedStrings ??
        `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${sst.length}" uniqueCount="${sst.length}">${sst.join('')}</sst>`,
    },
  ]);
}

const TOWNS = ['双江镇', '县溪镇', '播阳镇', '牙屯堡镇', '菁芜洲镇', '溪口镇', '陇城镇', '坪坦乡', '甘溪乡', '大高坪苗族乡', '独坡镇'];
const KINDS = ['联合会', '学校', '医院', '企业', '机关', '村（社区）'];
const UNION_HEADER = ['序号', '工会名称', '所属乡镇', '单位类型', '会员人数', '财务检查日期', '计划审计时间', '审计完成日期', '审计发现问题数'];
const PROBLEM_HEADER = ['序号', '反馈问题', '具体问题', '整改结果', '整改情况', '整改时限', '完成时间'];
const STATUSES = ['完成', '阶段性完成', '未完成'];

/** 2024-10-08 as an Excel serial. */
const SERIAL_2024_10_08 = 45573;

/** A union ledger of `count` unions, one sheet, as the example's. */
export function unionLedger(count) {
  function* rows() {
    yield ['基层工会财务监督检查及经费审计台账（生成）'];
    yield UNION_HEADER;
    for (let i = 1; i <= count; i++) {
      const town = TOWNS[i % TOWNS.length];
      yield [
        i,
        `${town}第${i}基层工会`,
        town,
        KINDS[i % KINDS.length],
        20 + (i % 500),
        i % 2 ? { date: SERIAL_2024_10_08 + (i % 30) } : null,
        `${2025 + (i % 3)}年${1 + (i % 12)}月`,
        null,
        null,
      ];
    }
  }
  return workbook([{ name: '基层工会', rows: rows(), merges: ['A1:I1'] }]);
}

/**
 * A problem ledger of `count` problems in groups of 1,000 per category (20 categories for 20,000: the notice numbers categories （一）…（九十九）) (the category merged down
 * each group, as staff write it); every status `status` when given (an unknown word makes every
 * row an error).
 */
export function problemLedger(count, { status } = {}) {
  const merges = ['A1:G1'];
  function* rows() {
    yield ['巡察反馈问题整改台账（生成）'];
    yield PROBLEM_HEADER;
    for (let i = 1; i <= count; i++) {
      const group = Math.floor((i - 1) / 1000);
      const first = (i - 1) % 1000 === 0;
      const row = i + 2;
      if (first) merges.push(`B${row}:B${Math.min(row + 999, count + 2)}`);
      yield [
        i,
        first ? `第${group + 1}方面的问题` : null,
        `具体问题${i}：制度执行不到位。`,
        status ?? STATUSES[i % 3],
        `整改措施${i}：建立制度，定期检查。`,
        '2025年12月',
        i % 3 === 1 ? { date: SERIAL_2024_10_08 + (i % 200) } : null,
      ];
    }
  }
  // (rows() fills `merges` as it runs, before workbook() writes the merge list)
  const sheet = { name: '整改台账', rows: [...rows()], merges };
  return workbook([sheet]);
}

/**
 * A workbook whose shared strings declare (and really inflate to) `gib` GiB of repeated bytes, in
 * about 1 MB per GiB. Deflated once per MiB with a full flush, so the blocks can be repeated.
 * `declaredBytes`: what the directory declares instead of the true size (a lying bomb).
 */
export function zipBomb({ gib = 1, declaredBytes, crc: withCrc = true } = {}) {
  const mib = 1024 * 1024;
  const head = enc.encode('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>');
  const chunk = Buffer.alloc(mib, 0x61); // "aaaa…"
  const tail = enc.encode('</t></si></sst>');
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const blocks = [deflateRawSync(head, flush)];
  const chunkBlock = deflateRawSync(chunk, flush);
  let crc = crc32(head);
  const count = Math.round(gib * 1024);
  // (the CRC of a gibibyte takes a few hundred ms: a test that is refused before it is checked can skip it)
  for (let i = 0; i < count; i++) {
    blocks.push(chunkBlock);
    if (withCrc) crc = crc32(chunk, crc);
  }
  blocks.push(deflateRawSync(tail)); // the final block
  crc = crc32(tail, crc);
  const size = head.length + count * mib + tail.length;
  const valid = workbook([{ name: '整改台账', rows: [PROBLEM_HEADER, [1, '类别', '问题', '完成', '措施']] }]);
  // The valid workbook's parts, with its shared strings replaced by the bomb.
  return replaceEntry(valid, 'xl/sharedStrings.xml', { raw: Buffer.concat(blocks), size: Math.min(declaredBytes ?? size, 0xfffffffe), crc });
}

/** The same zip with one entry's data replaced (entries re-read from our own simple layout). */
function replaceEntry(bytes, target, replacement) {
  const entries = [];
  let at = 0;
  while (bytes.readUInt32LE(at) === 0x04034b50) {
    const compressed = bytes.readUInt32LE(at + 18);
    const nameLength = bytes.readUInt16LE(at + 26);
    const name = bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const raw = bytes.subarray(at + 30 + nameLength, at + 30 + nameLength + compressed);
    entries.push(name === target ? { name, ...replacement } : { name, raw, size: bytes.readUInt32LE(at + 22), crc: bytes.readUInt32LE(at + 14) });
    at += 30 + nameLength + compressed;
  }
  return zip(entries);
}
