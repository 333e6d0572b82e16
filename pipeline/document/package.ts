/**
 * Office packages (DOCX, XLSX) are zips whose libraries stamp the clock: core.xml's
 * created/modified dates and every zip entry's time. Both are set to the document's date here,
 * so the same inputs give the same bytes.
 */
import { ymd, type IsoDate } from '../dates.js';
import type { DocumentMeta } from './ast.js';
import { readZip, writeZip } from '../zip.js';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

export function corePropertiesXml(meta: DocumentMeta): string {
  const stamp = `${meta.date}T00:00:00Z`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(meta.title)}</dc:title>` +
    `<dc:creator>${escapeXml(meta.issuer)}</dc:creator>` +
    `<cp:lastModifiedBy>${escapeXml(meta.issuer)}</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** Zips the package's parts, in the order given, with every entry timed at the document date. */
export function zipPackage(parts: ReadonlyMap<string, string | Uint8Array>, date: IsoDate): Uint8Array {
  const { year, month, day } = ymd(date);
  // The zip writer takes an entry's DOS time from the local-time fields of this Date: build it in
  // local time, so every entry reads as the document date at 00:00.
  return writeZip(parts, new Date(year, month - 1, day));
}

/** Re-zips a package another library zipped (docx's Packer, exceljs), every entry timed at `date`. */
export function rezipPackage(bytes: Uint8Array, date: IsoDate): Uint8Array {
  return zipPackage(readZip(bytes), date);
}
