import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withVerticalMetrics } from '../../pipeline/fonts/font-tables.js';
import type { OpenedFont } from '../../pipeline/fonts/shared-fonts.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const fontkit = createRequire(import.meta.url)('fontkit') as { create(b: Buffer, face?: string): OpenedFont };

describe('a font with other vertical metrics (the PDF embeds every font with the body font’s)', () => {
  for (const [name, face] of [['serif.ttf'], ['serif.otf'], ['pair.ttc', 'TongbaoTestSans']] as const) {
    it(`changes hhea’s ascender and descender and nothing else (${name}${face ? `, face ${face}` : ''})`, () => {
      const bytes = readFileSync(join(ROOT, 'test/fixtures/fonts', name));
      const font = fontkit.create(bytes, face);
      const copy = withVerticalMetrics(font, bytes, 928, -256);
      expect(copy).not.toBeNull();
      const changed = fontkit.create(Buffer.from(copy as Uint8Array), face);
      expect([changed.ascent, changed.descent]).toEqual([928, -256]);
      expect([font.ascent, font.descent]).not.toEqual([928, -256]);
      expect(changed.postscriptName).toBe(font.postscriptName);
      const differing = [...(copy as Uint8Array)].flatMap((b, i) => (b === bytes[i] ? [] : [i]));
      const hhea = font.directory.tables.hhea?.offset as number;
      expect(differing.every((i) => i >= hhea + 4 && i < hhea + 8)).toBe(true);
      // the file it was made from is left as it was
      expect(fontkit.create(bytes, face).ascent).toBe(font.ascent);
    });
  }
});
