/** The signature block's layout (GB/T 9704 7.3.5.2). */
import type { SignatureLine } from '../document/ast.js';
import { displayWidth } from '../text/width.js';

/** GB/T 9704 7.3.5.2, unsealed: see `Signature` in document/ast.ts. */
export function signatureLines(issuer: string, date: string, charsPerLine: number): { issuer: SignatureLine; date: SignatureLine } {
  const issuerWidth = displayWidth(issuer);
  const dateWidth = displayWidth(date);
  if (dateWidth + 2 <= issuerWidth) {
    return {
      issuer: { text: issuer, align: 'right', indentChars: 2 },
      date: { text: date, align: 'left', indentChars: Math.max(0, charsPerLine - issuerWidth) },
    };
  }
  return {
    issuer: { text: issuer, align: 'left', indentChars: Math.max(0, charsPerLine - 2 - dateWidth - 2) },
    date: { text: date, align: 'right', indentChars: 2 },
  };
}
