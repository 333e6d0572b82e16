/**
 * The quarterly workbook for the auditors: one sheet per table of the report (compose/
 * quarterly.ts gives them, each with its sheet's name and title), in the document's fonts, with
 * the document's page numbers in the footer. Every label is chosen in compose; the XLSX writer
 * only lays it out.
 */
import type { Document, Table } from '../document/ast.js';
import type { WorkbookModel } from '../document/workbook.js';

export function quarterlyWorkbook(tables: readonly Table[], document: Pick<Document, 'meta' | 'fonts' | 'layout'>): WorkbookModel {
  const names = new Set<string>();
  const sheets = tables.map((table) => {
    const wanted = table.sheet?.name ?? '表';
    // a name used twice gets (2), (3)…: Excel refuses two sheets of one name
    let name = wanted;
    for (let n = 2; names.has(name); n++) name = `${[...wanted].slice(0, 27).join('')}（${n}）`;
    names.add(name);
    return { name, title: table.sheet?.title ?? '', table };
  });
  return {
    creator: document.meta.issuer || 'tongbao',
    date: document.meta.date,
    fonts: { title: document.fonts.title, header: document.fonts.heading1, body: document.fonts.body },
    pageNumber: document.layout.pageNumberDecoration,
    sheets,
  };
}
