/**
 * A small SAX-style scanner for the XML parts of an office package (workbook, shared strings,
 * styles, worksheets): one pass over the text, calling back for each element's start and end
 * and for text when asked. Nothing is built: no tree, no attribute objects.
 *
 * What it deliberately does not do: resolve namespaces (elements are known by their local name,
 * `x:row` is `row`), validate, or expand entities other than XML's five and character
 * references. A DOCTYPE is skipped whole, so an entity it declares is never expanded (no XXE,
 * no "billion laughs"): `&name;` stays as written.
 */

export interface XmlHandler {
  /** An element starts; `attrs` is the raw text between its name and `>` (read it with `attr`). */
  open(name: string, attrs: string, selfClosing: boolean): void;
  close?(name: string): void;
  /** Text (entities decoded, CDATA as is), only while `wantText()` is true. */
  text?(text: string): void;
  wantText?(): boolean;
}

export class XmlError extends Error {}

const GT = 62; // >
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?
const DQUOTE = 34;
const SQUOTE = 39;

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Where the tag starting at `from` (just after `<`) ends: its `>`, skipping quoted attribute values. */
export function tagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === DQUOTE || c === SQUOTE) quote = c;
    else if (c === GT) return i;
  }
  return -1;
}

export function scanXml(xml: string, handler: XmlHandler): void {
  const wantText = handler.wantText?.bind(handler);
  const onText = handler.text?.bind(handler);
  const onClose = handler.close?.bind(handler);
  const length = xml.length;
  let i = 0;
  while (i < length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? length : lt;
    if (textEnd > i && onText && wantText?.()) onText(decodeXmlText(xml.slice(i, textEnd)));
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === BANG) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end < 0) throw new XmlError('unterminated comment');
        i = end + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end < 0) throw new XmlError('unterminated CDATA section');
        if (onText && wantText?.()) onText(xml.slice(lt + 9, end));
        i = end + 3;
      } else {
        i = skipDeclaration(xml, lt);
      }
      continue;
    }
    if (next === QUESTION) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) throw new XmlError('unterminated processing instruction');
      i = end + 2;
      continue;
    }
    const gt = tagEnd(xml, lt + 1);
    if (gt < 0) throw new XmlError('unterminated tag');
    if (next === SLASH) {
      if (onClose) onClose(localName(xml.slice(lt + 2, gt).trimEnd()));
      i = gt + 1;
      continue;
    }
    let nameEnd = lt + 1;
    while (nameEnd < gt) {
      const c = xml.charCodeAt(nameEnd);
      if (isSpace(c) || c === SLASH) break;
      nameEnd++;
    }
    const selfClosing = xml.charCodeAt(gt - 1) === SLASH;
    const name = localName(xml.slice(lt + 1, nameEnd));
    handler.open(name, xml.slice(nameEnd, selfClosing ? gt - 1 : gt), selfClosing);
    if (selfClosing && onClose) onClose(name);
    i = gt + 1;
  }
}

/** `<!DOCTYPE …>` with its internal subset (`[…]`), or any other `<!…>`: skipped, never interpreted. */
export function skipDeclaration(xml: string, lt: number): number {
  let depth = 0;
  let quote = 0;
  for (let i = lt + 2; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === DQUOTE || c === SQUOTE) quote = c;
    else if (c === 91)
      depth++; // [
    else if (c === 93)
      depth--; // ]
    else if (c === GT && depth <= 0) return i + 1;
  }
  throw new XmlError('unterminated declaration');
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/**
 * The value of attribute `name` in a tag's raw attribute text, entities decoded; undefined when
 * absent. `name` is matched as written, prefix included (`r:id`).
 */
export function attr(attrs: string, name: string): string | undefined {
  const length = attrs.length;
  let i = 0;
  while (i < length) {
    while (i < length && isSpace(attrs.charCodeAt(i))) i++;
    const nameStart = i;
    while (i < length) {
      const c = attrs.charCodeAt(i);
      if (c === 61 || isSpace(c)) break; // =
      i++;
    }
    const nameEnd = i;
    while (i < length && isSpace(attrs.charCodeAt(i))) i++;
    if (attrs.charCodeAt(i) !== 61) return undefined; // malformed: stop looking
    i++;
    while (i < length && isSpace(attrs.charCodeAt(i))) i++;
    const quote = attrs.charCodeAt(i);
    if (quote !== DQUOTE && quote !== SQUOTE) return undefined;
    const valueEnd = attrs.indexOf(quote === DQUOTE ? '"' : "'", i + 1);
    if (valueEnd < 0) return undefined;
    if (nameEnd - nameStart === name.length && attrs.startsWith(name, nameStart)) return decodeXmlText(attrs.slice(i + 1, valueEnd));
    i = valueEnd + 1;
  }
  return undefined;
}

/** A local name's attribute whatever its prefix (`r:id`, `x:id`): for relationship ids. */
export function attrAnyPrefix(attrs: string, local: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${local}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'u').exec(attrs);
  return m ? decodeXmlText(m[1] ?? m[2] ?? '') : undefined;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's five predefined entities and character references; any other `&name;` is left as written. */
export function decodeXmlText(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/gu, (whole, ref: string) => {
    if (ref.charCodeAt(0) === 35) {
      const code = ref.charCodeAt(1) === 120 || ref.charCodeAt(1) === 88 ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}
