/**
 * Which characters never start and never end a line of body text: one rule for the PDF's line
 * breaker (render/pdf/text-layout.ts) and for Word and WPS, which read it from the DOCX as the
 * document's custom 首尾字符 (`w:noLineBreaksBefore` / `w:noLineBreaksAfter` for zh-CN,
 * render/docx/settings.ts), so that both break a line at the same places.
 *
 * The lists are Word's standard ones for Simplified Chinese (文件 › 选项 › 版式 › 首尾字符设置 ›
 * 标准, as Word writes them into settings.xml), plus:
 * - units that follow a number, which never start a line: a number keeps its unit (`30个`,
 *   `8人`, `2024年`, `5月`, `20日`);
 * - 年 and 月, which never end a line: a date stays whole (`2025年5月20日`, `2024年11月`).
 * A custom list replaces the standard one in Word, so the standard characters are all here.
 * The cost is small: such a character also keeps to its neighbour where no number is near
 * (`今年`, `一个`), which only moves a break one character on.
 */

/** Word's standard zh-CN 后置标点: characters that never start a line. */
const STANDARD_NO_LINE_START = '!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠';
/** Word's standard zh-CN 前置标点: characters that never end a line. */
const STANDARD_NO_LINE_END = '$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥';

/** Units a number is followed by in a notice: never at the start of a line. */
export const NUMBER_UNITS = '年月日个家项条名人次件份元万亿';
/** The date parts a number follows: never at the end of a line. */
export const DATE_PARTS = '年月';

/** Characters that never start a line (the DOCX's w:noLineBreaksBefore). */
export const NO_LINE_START = `${STANDARD_NO_LINE_START}‥${NUMBER_UNITS}`;
/** Characters that never end a line (the DOCX's w:noLineBreaksAfter). */
export const NO_LINE_END = `${STANDARD_NO_LINE_END}${DATE_PARTS}`;
