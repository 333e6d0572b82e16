/**
 * `word/fontTable.xml`: the fonts the styles name, each with what a word processor uses when
 * that font is not installed (ECMA-376 part 1 §17.8.3): `w:altName`, another name of an
 * equivalent font, and the PANOSE class, character set and pitch to match a substitute by.
 *
 * The 公文 fonts are named as on the Windows machines the template comes from (仿宋_GB2312,
 * 楷体_GB2312), but newer Windows ships only 仿宋 and 楷体 (FangSong, KaiTi). Without these
 * entries Word and WPS fall back to the eastAsia default, 宋体; with them, 仿宋_GB2312 falls back
 * to 仿宋 and 楷体_GB2312 to 楷体. (Word reads altName and the PANOSE/charset match for missing
 * fonts; WPS reads the same font table. LibreOffice substitutes through its own replacement
 * table and fontconfig, and does not use these entries.)
 *
 * The PANOSE values are those of the Windows fonts (their OS/2 tables), as Word writes them.
 */

interface FontEntry {
  altName?: string;
  panose: string;
  /** ST_FontFamily */
  family: 'auto' | 'decorative' | 'modern' | 'roman' | 'script' | 'swiss';
  pitch: 'default' | 'fixed' | 'variable';
}

/** GB2312 (charset 134), the character set of every Chinese office font. */
const GB2312_CHARSET = '86';

const KNOWN: Record<string, FontEntry> = {
  仿宋_GB2312: { altName: '仿宋', panose: '02010609030101010101', family: 'modern', pitch: 'fixed' },
  楷体_GB2312: { altName: '楷体', panose: '02010609030101010101', family: 'modern', pitch: 'fixed' },
  仿宋: { altName: 'FangSong', panose: '02010609060101010101', family: 'modern', pitch: 'fixed' },
  楷体: { altName: 'KaiTi', panose: '02010609060101010101', family: 'modern', pitch: 'fixed' },
  黑体: { altName: 'SimHei', panose: '02010609060101010101', family: 'modern', pitch: 'fixed' },
  宋体: { altName: 'SimSun', panose: '02010600030101010101', family: 'auto', pitch: 'variable' },
  方正小标宋简体: { altName: '方正小标宋_GBK', panose: '02000000000000000000', family: 'auto', pitch: 'variable' },
};

/** An unknown name (a template's own font) is still declared, as a Chinese font. */
const UNKNOWN: FontEntry = { panose: '02010600030101010101', family: 'auto', pitch: 'variable' };

function escapeAttr(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] as string);
}

/** The known fallback of a font name, if any (also what the fast tests check). */
export function fontFallback(name: string): string | undefined {
  return KNOWN[name]?.altName;
}

export function fontTableXml(names: readonly string[]): string {
  const fonts = [...new Set(names)].map((name) => {
    const e = KNOWN[name] ?? UNKNOWN;
    return (
      `<w:font w:name="${escapeAttr(name)}">` +
      (e.altName ? `<w:altName w:val="${escapeAttr(e.altName)}"/>` : '') +
      `<w:panose1 w:val="${e.panose}"/><w:charset w:val="${GB2312_CHARSET}"/><w:family w:val="${e.family}"/><w:pitch w:val="${e.pitch}"/>` +
      '</w:font>'
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts.join('')}</w:fonts>`
  );
}
