/** Reading a DOCX as a test would: its parts as parsed XML, its paragraphs as text. */
import { DOMParser, type Document as XmlDocument, type Element } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';

export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

export interface DocxPackage {
  parts: Record<string, Uint8Array>;
  xml(path: string): XmlDocument;
}

export function openDocx(bytes: Uint8Array): DocxPackage {
  const parts = unzipSync(bytes);
  return {
    parts,
    xml(path) {
      const data = parts[path];
      if (!data) throw new Error(`no part ${path}`);
      const errors: string[] = [];
      const doc = new DOMParser({
        onError: (level, message) => {
          if (level !== 'warning') errors.push(message);
        },
      }).parseFromString(new TextDecoder().decode(data), 'text/xml');
      if (errors.length) throw new Error(`${path} is not well-formed XML: ${errors.join('; ')}`);
      return doc;
    },
  };
}

export function elements(node: XmlDocument | Element, localName: string): Element[] {
  return Array.from(node.getElementsByTagNameNS(W, localName));
}

export function child(node: Element, localName: string): Element | undefined {
  return Array.from(node.childNodes).find((n): n is Element => n.nodeType === 1 && (n as Element).localName === localName);
}

export function attr(node: Element | undefined, name: string): string | null {
  return node ? node.getAttributeNS(W, name) || null : null;
}

export interface DocxParagraph {
  style: string | null;
  text: string;
  element: Element;
}

export function paragraphs(doc: XmlDocument): DocxParagraph[] {
  return elements(doc, 'p').map((p) => {
    const pPr = child(p, 'pPr');
    const style = pPr ? attr(child(pPr, 'pStyle'), 'val') : null;
    const text = elements(p, 't')
      .map((t) => t.textContent ?? '')
      .join('');
    return { style, text, element: p };
  });
}

/** A style's definition in styles.xml by its id. */
export function styleById(styles: XmlDocument, id: string): Element {
  const found = elements(styles, 'style').find((s) => attr(s, 'styleId') === id);
  if (!found) throw new Error(`no style ${id}`);
  return found;
}

/** The first descendant of `node` with this local name. */
export function find(node: Element | undefined, localName: string): Element | undefined {
  return node ? elements(node, localName)[0] : undefined;
}
