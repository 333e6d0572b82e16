/**
 * Fill-in markers: the `【发文机关】`, `【巡察组】`, `【成文日期】` … that `tongbao init` leaves in
 * the templates of a blank workspace for staff to replace. A marker still in a template is a
 * warning naming its line (the document is still written, showing the marker, so staff see
 * where it goes); a date setting that holds a marker counts as not set, without a date error.
 *
 * Comments are left alone: front-matter lines starting with `#` and `<!-- … -->` in the body
 * may mention markers to explain them.
 */
import type { Diagnostic } from '../diagnostics.js';
import * as msg from '../messages.js';

/** A marker: full-width lenticular brackets around a short name, nothing else. */
const MARKER = /【[^【】\r\n]{1,30}】/gu;

/** The value is a marker and nothing else (a setting left as `init` wrote it). */
export function isMarker(value: string): boolean {
  return /^【[^【】\r\n]{1,30}】$/u.test(value.trim());
}

/** The markers in a text, in order (duplicates kept). */
export function markersIn(text: string): string[] {
  return [...text.matchAll(MARKER)].map((m) => m[0]);
}

/** One warning per distinct marker per line of the template that still holds it. */
export function unfilledMarkers(file: string, source: string): Diagnostic[] {
  const lines = source.replace(/^\ufeff/u, '').split(/\r\n|\r|\n/u);
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, k) => k > 0 && l.trim() === '---');
    const last = end === -1 ? lines.length : end;
    for (let k = 1; k < last; k++) {
      const line = lines[k] as string;
      if (line.trim().startsWith('#')) continue;
      for (const marker of new Set(markersIn(line))) diagnostics.push(msg.templateMarkerUnfilled({ file, line: k + 1 }, marker));
    }
    i = end === -1 ? lines.length : end + 1;
  }
  let inComment = false;
  for (; i < lines.length; i++) {
    let line = lines[i] as string;
    let text = '';
    // Keep only what lies outside <!-- … -->, which may open and close several times on a line.
    while (line !== '') {
      if (inComment) {
        const close = line.indexOf('-->');
        if (close === -1) break;
        inComment = false;
        line = line.slice(close + 3);
      } else {
        const open = line.indexOf('<!--');
        if (open === -1) {
          text += line;
          break;
        }
        text += line.slice(0, open);
        inComment = true;
        line = line.slice(open + 4);
      }
    }
    for (const marker of new Set(markersIn(text))) diagnostics.push(msg.templateMarkerUnfilled({ file, line: i + 1 }, marker));
  }
  return diagnostics;
}
