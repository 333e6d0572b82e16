/**
 * A GBK encoder for tests. iconv-lite is not installed and TextEncoder only writes UTF-8, but
 * Node's TextDecoder reads GBK; so the table is built by decoding every two-byte GBK code
 * (lead 0x81–0xFE, trail 0x40–0xFE except 0x7F) once and inverting it. ASCII is one byte.
 * Checked against known codes in test/read/csv.test.ts (中 = D6 D0, 文 = CE C4).
 */
let table: Map<string, [number, number]> | null = null;

function gbkTable(): Map<string, [number, number]> {
  if (table) return table;
  const decoder = new TextDecoder('gbk', { fatal: true });
  const map = new Map<string, [number, number]>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      let ch: string;
      try {
        ch = decoder.decode(pair);
      } catch {
        continue;
      }
      if (ch.length === 1 && !map.has(ch)) map.set(ch, [lead, trail]);
    }
  }
  table = map;
  return map;
}

export function encodeGbk(text: string): Uint8Array {
  const map = gbkTable();
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = map.get(ch);
      if (!pair) throw new Error(`not encodable in GBK: ${ch}`);
      bytes.push(...pair);
    }
  }
  return Uint8Array.from(bytes);
}
