/**
 * `word/settings.xml`, written out in full: what the docx library writes (a default tab stop,
 * different odd and even footers, Word 2013+ compatibility mode), and the document's custom
 * 首尾字符, so that Word and WPS break lines where tongbao's PDF does (text/line-break.ts).
 *
 * - `w:noLineBreaksBefore` / `w:noLineBreaksAfter` with `w:lang="zh-CN"` (ECMA-376 part 1
 *   §17.15.1.58–59): the characters that never start, and never end, a line of text in
 *   Chinese (the styles' `w:lang w:eastAsia="zh-CN"`), applied with kinsoku, which is on
 *   unless a paragraph turns it off. Word shows them as 文件 › 选项 › 版式 › 首尾字符设置 ›
 *   自定义 and reads and writes them per document; they replace the standard lists, which
 *   they therefore contain. WPS applies a first/last character list with 段落 › 换行和分页 ›
 *   按中文习惯控制首尾字符; no WPS documentation found says whether it reads a custom list
 *   from a DOCX, but the UOF ↔ OOXML mapping of the Chinese office-document standard carries
 *   UOF's 标点禁则 (行首字符, 行尾字符) as exactly these two elements.
 * - LibreOffice 7.4's DOCX import ignores both (writerfilter's SettingsTable has no case for
 *   them) and keeps its own forbidden characters; test/render/docx-libreoffice.slow.test.ts
 *   sets the lists in the converted document, as it does for the two paragraph settings
 *   LibreOffice misreads (styles.ts).
 */
import { NO_LINE_END, NO_LINE_START } from '../../text/line-break.js';

function escapeAttr(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);
}

/** Elements in the schema's order (CT_Settings). */
export function settingsXml(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    '<w:displayBackgroundShape/>' +
    '<w:defaultTabStop w:val="720"/>' +
    '<w:evenAndOddHeaders/>' +
    `<w:noLineBreaksAfter w:lang="zh-CN" w:val="${escapeAttr(NO_LINE_END)}"/>` +
    `<w:noLineBreaksBefore w:lang="zh-CN" w:val="${escapeAttr(NO_LINE_START)}"/>` +
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>' +
    '</w:settings>'
  );
}
