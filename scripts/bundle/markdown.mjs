/**
 * Markdown to HTML for 使用说明.html, the README's staff part: the subset the README writes
 * (ATX headings, paragraphs, `-` and `1.` lists with indented continuation lines, pipe tables,
 * fenced code, `>` quotes, inline code, bold, links, `<!-- … -->` comments, which are dropped).
 * Anything else is printed as text, escaped, so nothing the README adds is ever lost or run.
 *
 * Lines of one paragraph are joined without a space where either side is Chinese (a browser
 * shows a line break between two Chinese characters as a space), with one otherwise.
 */

const escapeHtml = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** CJK characters and full-width punctuation: no space where a line break falls next to one. */
const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201f\u2026\u2014]/u;

export function joinLines(lines) {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (out === '') out = line;
    else out += WIDE.test(out.at(-1)) || WIDE.test(line[0]) ? line : ` ${line}`;
  }
  return out;
}

/** Inline markup: `code` first (nothing inside it is markup), then **bold**, [text](url). */
export function inline(text) {
  const parts = text.split(/(`[^`]+`)/u);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      let html = escapeHtml(part);
      html = html.replace(/\*\*(.+?)\*\*/gu, '<strong>$1</strong>');
      html = html.replace(/\[([^\]]+)\]\(([^)\s]+)\)/gu, (_, label, href) => `<a href="${href}">${label}</a>`);
      return html;
    })
    .join('');
}

const HEADING = /^(#{1,6})\s+(.*)$/u;
const FENCE = /^(```|~~~)\s*([\w-]*)\s*$/u;
const BULLET = /^(\s*)[-*]\s+(.*)$/u;
const NUMBERED = /^(\s*)(\d+)[.)]\s+(.*)$/u;
const indentOf = (line) => /^\s*/u.exec(line ?? '')?.[0].length ?? 0;

/** Lines shifted left by their smallest indent. */
function dedent(lines) {
  const least = Math.min(...lines.filter((l) => l.trim()).map(indentOf));
  return lines.map((l) => l.slice(least)).join('\n');
}

const TABLE_RULE = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/u;

function cells(row) {
  let line = row.trim();
  if (line.startsWith('|')) line = line.slice(1);
  if (line.endsWith('|') && !line.endsWith('\\|')) line = line.slice(0, -1);
  return line.split(/(?<!\\)\|/u).map((c) => c.trim().replaceAll('\\|', '|'));
}

/** A heading's id: its text, for links within the page (`#快速上手`). */
const anchor = (text) => text.replace(/[`*]/gu, '').trim().replace(/\s+/gu, '-');

/**
 * The HTML of a Markdown text (the body only). `headings` collects each heading's level, text
 * and id, for a table of contents.
 */
export function markdownToHtml(markdown, headings = []) {
  const lines = markdown.replaceAll('\r\n', '\n').split('\n');
  const out = [];
  let i = 0;
  const blank = (line) => line === undefined || line.trim() === '';
  const startsBlock = (line) =>
    HEADING.test(line) ||
    FENCE.test(line) ||
    BULLET.test(line) ||
    NUMBERED.test(line) ||
    line.trim().startsWith('|') ||
    line.trim().startsWith('>') ||
    line.trim().startsWith('<!--');

  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (blank(line)) {
      i++;
      continue;
    }
    if (line.trim().startsWith('<!--')) {
      while (i < lines.length && !(lines[i] ?? '').includes('-->')) i++;
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1].length;
      const text = heading[2].trim();
      const id = anchor(text);
      headings.push({ level, text, id });
      out.push(`<h${level} id="${escapeHtml(id)}">${inline(text)}</h${level}>`);
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').trim().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    if (line.trim().startsWith('|') && TABLE_RULE.test(lines[i + 1] ?? '')) {
      const head = cells(line);
      i += 2;
      const rows = [];
      while (i < lines.length && (lines[i] ?? '').trim().startsWith('|')) rows.push(cells(lines[i++] ?? ''));
      out.push('<table>');
      out.push(`<thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead>`);
      out.push('<tbody>');
      for (const row of rows) out.push(`<tr>${row.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`);
      out.push('</tbody></table>');
      continue;
    }
    if (line.trim().startsWith('>')) {
      const quoted = [];
      while (i < lines.length && (lines[i] ?? '').trim().startsWith('>')) quoted.push((lines[i++] ?? '').trim().replace(/^>\s?/u, ''));
      out.push(`<blockquote>${markdownToHtml(quoted.join('\n'), headings)}</blockquote>`);
      continue;
    }
    const listStart = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (listStart) {
      const ordered = !BULLET.test(line);
      const tag = ordered ? 'ol' : 'ul';
      const marker = ordered ? NUMBERED : BULLET;
      const base = indentOf(line);
      const first = ordered ? Number(NUMBERED.exec(line)?.[2] ?? 1) : 1;
      const items = [];
      while (i < lines.length) {
        const m = marker.exec(lines[i] ?? '');
        if (!m || indentOf(lines[i]) !== base) break;
        const text = [ordered ? m[3] : m[2]];
        const nested = [];
        i++;
        while (i < lines.length && !blank(lines[i])) {
          const next = lines[i] ?? '';
          const deeper = indentOf(next) > base;
          if (deeper && (BULLET.test(next) || NUMBERED.test(next) || nested.length)) nested.push(next);
          else if (deeper || (!marker.test(next) && !startsBlock(next))) text.push(next);
          else break;
          i++;
        }
        const sub = nested.length ? markdownToHtml(dedent(nested), headings) : '';
        items.push(`<li>${inline(joinLines(text))}${sub}</li>`);
        // a blank line between items keeps the list going
        if (blank(lines[i]) && marker.test(lines[i + 1] ?? '') && indentOf(lines[i + 1]) === base) i++;
      }
      const start = ordered && first !== 1 ? ` start="${first}"` : '';
      out.push(`<${tag}${start}>${items.join('')}</${tag}>`);
      continue;
    }
    const paragraph = [];
    while (i < lines.length && !blank(lines[i]) && (paragraph.length === 0 || !startsBlock(lines[i] ?? ''))) paragraph.push(lines[i++] ?? '');
    out.push(`<p>${inline(joinLines(paragraph))}</p>`);
  }
  return out.join('\n');
}

/** The README's part for staff: everything above the developers' heading. */
export function staffPart(readme, developersHeading = '## 给开发人员') {
  const lines = readme.replaceAll('\r\n', '\n').split('\n');
  const end = lines.findIndex((l) => l.trim() === developersHeading);
  if (end === -1) throw new Error(`README: no line "${developersHeading}" ends the staff part`);
  return lines.slice(0, end).join('\n');
}

const STYLE = `
body { font-family: "Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; font-size: 16px;
  line-height: 1.75; color: #1f2328; max-width: 56em; margin: 0 auto; padding: 1.5em 2em 4em; }
h1 { font-size: 1.9em; border-bottom: 2px solid #b22222; padding-bottom: .3em; }
h2 { font-size: 1.45em; margin-top: 2em; border-bottom: 1px solid #d0d7de; padding-bottom: .2em; }
h3 { font-size: 1.2em; margin-top: 1.6em; }
h4 { font-size: 1.05em; }
code { font-family: Consolas, "Courier New", monospace; background: #f3f4f6; padding: .1em .35em; border-radius: 4px; font-size: .92em; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: .8em 1em; overflow-x: auto; line-height: 1.5; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #d0d7de; padding: .35em .7em; vertical-align: top; text-align: left; }
th { background: #f6f8fa; }
blockquote { margin: 1em 0; padding: .2em 1em; border-left: 4px solid #d0d7de; color: #57606a; }
nav { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: .6em 1.2em; }
nav ul { margin: .3em 0; padding-left: 1.2em; }
.version { color: #57606a; font-size: .9em; }
@media print { nav { display: none; } body { max-width: none; } }
`;

/**
 * 使用说明.html: the staff part as one page that opens offline in any browser, with a table of
 * contents of its second-level headings after the title.
 */
export function usageHtml(readme, version) {
  const headings = [];
  const body = markdownToHtml(staffPart(readme), headings);
  // second-level headings, each with its third-level ones beneath
  let toc = '';
  let open = false;
  for (const h of headings.filter((x) => x.level === 2 || x.level === 3)) {
    const link = `<a href="#${escapeHtml(h.id)}">${inline(h.text)}</a>`;
    if (h.level === 2) {
      toc += `${open ? '</ul></li>' : ''}<li>${link}<ul>`;
      open = true;
    } else if (open) toc += `<li>${link}</li>`;
  }
  if (open) toc += '</ul></li>';
  toc = toc.replaceAll('<ul></ul>', '');
  const firstHeadingEnd = body.indexOf('</h1>');
  const nav = `<nav><strong>目录</strong><ul>${toc}</ul></nav>`;
  const withNav =
    firstHeadingEnd === -1
      ? `${nav}\n${body}`
      : `${body.slice(0, firstHeadingEnd + 5)}\n<p class="version">通报助手 ${escapeHtml(version)}</p>\n${nav}${body.slice(firstHeadingEnd + 5)}`;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="renderer" content="webkit">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>通报助手 使用说明</title>
<style>${STYLE}</style>
</head>
<body>
${withNav}
</body>
</html>
`;
}
