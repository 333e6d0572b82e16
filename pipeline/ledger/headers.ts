/**
 * Matching what staff typed to the contract's words. Headers and status words match after
 * NFKC (folding full/half width: `１` is `1`, `（` is `(`) and removing all whitespace,
 * U+3000 included, so `序 号` is 序号. A header may also carry a remark in brackets
 * (`完成时间（年月日）`) or a required-field star (`*序号`); both are ignored.
 */
import type { FieldSpec } from './schema.js';

/**
 * True when NFKC leaves the text as it is and it has no whitespace: every character printable
 * ASCII or a CJK Unified Ideograph (U+4E00–U+9FFF), which NFKC neither decomposes nor composes.
 * Most cells of a ledger are such text, and normalising them is most of reading their words.
 */
function isPlainWord(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c > 0x20 && c < 0x7f) || (c >= 0x4e00 && c <= 0x9fff))) return false;
  }
  return true;
}

/** Removes every whitespace (incl. U+3000, NBSP, zero-width) after folding width with NFKC. */
export function normalizeWord(text: string): string {
  if (isPlainWord(text)) return text;
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: the zero-width joiner is removed on its own, as whitespace
  return text.normalize('NFKC').replace(/[\s\u200b\u200c\u200d\ufeff]+/gu, '');
}

function withoutRemarks(word: string): string {
  return word
    .replace(/^\*+|\*+$/g, '')
    .replace(/\([^()]*\)$/u, '')
    .replace(/\[[^\]]*\]$/u, '');
}

/** The field whose canonical header or synonym this header is, or null. */
export function matchField<F extends string>(fields: Readonly<Record<F, FieldSpec>>, header: string): { field: F; canonical: boolean } | null {
  const word = normalizeWord(header);
  if (word === '') return null;
  for (const candidate of [word, withoutRemarks(word)]) {
    for (const field of Object.keys(fields) as F[]) {
      const spec = fields[field];
      if (normalizeWord(spec.header) === candidate) return { field, canonical: true };
      if (spec.synonyms.some((s) => normalizeWord(s) === candidate)) return { field, canonical: false };
    }
  }
  return null;
}
