// 通报助手: the page. Plain ES module, no framework and no build step; syntax Chromium 109 and
// current Firefox run. Everything it shows comes from the server's API (docs/serve-api.md);
// text from files and ledgers is set as text, never as HTML.
import { TemplateEditor } from './editor.js';

const token = document.querySelector('meta[name="tongbao-token"]').content;
const $ = (id) => document.getElementById(id);

/** An element with attributes and children (strings become text). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return node;
}

/** A request to the server: JSON back, or an Error with the server's message. */
export async function api(path, options) {
  const init = { method: options?.method || 'GET', headers: {} };
  if (init.method === 'POST') init.headers['X-Tongbao-Token'] = token;
  if (options && options.json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.json);
  } else if (options && options.body !== undefined) {
    init.headers['Content-Type'] = 'application/octet-stream';
    init.body = options.body;
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let data = null;
  try {
    data = JSON.parse(text);
  } catch {
    data = { error: text };
  }
  if (!res.ok) throw new Error(data?.error || `HTTP ${res.status}`);
  return data;
}

const outputUrl = (path, download) =>
  `/api/outputs/${path
    .split('/')
    .map((p) => encodeURIComponent(p))
    .join('/')}${download ? '?download=1' : ''}`;

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function time(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function message(container, text, kind) {
  container.prepend(el('div', { class: kind || '' }, `${time(Date.now()).slice(11)}　${text}`));
  while (container.children.length > 3) container.lastChild.remove();
}

// ── tabs ─────────────────────────────────────────────────────────────────────────────────

const loaders = {};
function showTab(name) {
  for (const button of document.querySelectorAll('.tabs button')) button.setAttribute('aria-selected', String(button.dataset.tab === name));
  for (const section of document.querySelectorAll('section.tab')) section.hidden = section.dataset.tab !== name;
  if (loaders[name]) loaders[name]();
}
for (const button of document.querySelectorAll('.tabs button')) button.addEventListener('click', () => showTab(button.dataset.tab));

// ── state ────────────────────────────────────────────────────────────────────────────────

let state = null;

const KIND_NAMES = { ledger: '台账', template: '模板', other: '其他' };
const STATE_NAMES = { ok: '已读取', error: '有错误', warning: '有警告', skipped: '未读取', unchecked: '待检查' };
const SHEET_KINDS = { problems: '整改台账', immediate: '立行立改', unions: '基层工会台账', unrecognised: '未识别' };
const CLASS_FOR = { ok: 'state-ok', error: 'state-error', warning: 'state-warning', skipped: 'state-skipped', unchecked: 'state-skipped' };

function renderFiles() {
  const body = $('files').querySelector('tbody');
  const noLedger = !state.files.some((f) => f.kind === 'ledger');
  const hint = el('tr', {}, el('td', { colspan: 7, class: 'muted' }, '还没有台账：把整改台账和基层工会台账（.xlsx 或 .csv）拖到上面的框里。'));
  body.replaceChildren(
    ...(noLedger ? [hint] : []),
    ...state.files.map((f) => {
      const sheets = f.sheets.map(
        (s) => `${s.sheet ? `${s.sheet}：` : ''}${SHEET_KINDS[s.kind] || s.kind}${s.kind === 'unrecognised' ? '' : ` ${s.usedRows} 行`}`,
      );
      const stateText = `${STATE_NAMES[f.state]}${f.errors ? `（${f.errors} 个错误）` : ''}${f.warnings ? `（${f.warnings} 个警告）` : ''}`;
      return el(
        'tr',
        { 'data-file': f.path },
        el('td', {}, f.path),
        el('td', {}, KIND_NAMES[f.kind]),
        el('td', { class: CLASS_FOR[f.state] }, stateText),
        el('td', {}, sheets.join('；') || f.note || ''),
        el('td', {}, size(f.size)),
        el('td', {}, time(f.mtime)),
        el('td', {}, el('a', { href: `/api/inputs/${encodeURIComponent(f.path)}`, download: f.path }, '下载')),
      );
    }),
  );
}

function rowTable(row) {
  const header = el(
    'tr',
    {},
    row.headers.map((h) => el('th', { title: h }, h)),
  );
  const cells = el(
    'tr',
    {},
    row.cells.map((c, i) => el('td', { class: row.column === i + 1 ? 'hit' : null, title: c }, c)),
  );
  return el('div', { class: 'row-view' }, el('div', { class: 'hint' }, row.place), el('table', {}, el('thead', {}, header), el('tbody', {}, cells)));
}

export function diagnosticItem(d) {
  return el(
    'li',
    { class: d.severity, 'data-rule': d.rule },
    el('span', { class: 'kind' }, d.severity === 'error' ? '错误' : '警告'),
    el('span', { class: 'place' }, d.placeText),
    el('span', { class: 'message' }, d.message),
    d.row ? rowTable(d.row) : null,
  );
}

function renderCheck() {
  const check = state.check;
  const list = check ? check.diagnostics : [];
  const errors = list.filter((d) => d.severity === 'error').length;
  const warnings = list.length - errors;
  $('check-summary').textContent = check
    ? errors
      ? `${errors} 个错误、${warnings} 个警告：改正台账中的错误后再生成`
      : `检查通过${warnings ? `，${warnings} 个警告` : '，没有错误和警告'}`
    : '尚未检查';
  $('diagnostics').replaceChildren(...list.map(diagnosticItem));
  const badge = $('check-badge');
  badge.textContent = errors || warnings || '';
  badge.className = errors ? 'badge' : 'badge warn';
}

const OUTPUT_NAMES = {
  'notice.pdf': '通报 PDF',
  'notice.docx': '通报 Word',
  'stats.json': '统计数字（stats.json）',
  'run-log.md': '运行记录（run-log.md）',
  'manifest.json': '文件清单（manifest.json）',
};

function renderOutputs() {
  const outputs = state.outputs.filter((o) => !o.path.startsWith('quarterly-') && !/^charts\/\d{4}Q\d\//.test(o.path));
  const order = (p) => {
    const i = Object.keys(OUTPUT_NAMES).indexOf(p);
    return i === -1 ? 100 : i;
  };
  outputs.sort((a, b) => order(a.path) - order(b.path) || (a.path < b.path ? -1 : 1));
  $('downloads').replaceChildren(
    ...(outputs.length
      ? outputs.map((o) => el('li', {}, el('a', { href: outputUrl(o.path, true), download: o.path.split('/').pop() }, OUTPUT_NAMES[o.path] || o.path)))
      : [el('li', { class: 'muted' }, '尚未生成')]),
  );
  // The quarterly reports already in the outputs folder, newest quarter first.
  const quarterly = state.outputs
    .map((o) => o.path)
    .filter((p) => p.startsWith('quarterly-') && /\.(xlsx|docx|pdf)$/.test(p))
    .sort()
    .reverse();
  if (quarterly.length) renderQuarterly(quarterly);
  const hasPdf = state.outputs.some((o) => o.path === 'notice.pdf');
  $('no-preview').hidden = hasPdf;
  $('preview').hidden = !hasPdf;
}

function renderQuarterly(files) {
  if (!files?.length) return;
  $('quarterly-downloads').replaceChildren(...files.map((p) => el('li', {}, el('a', { href: outputUrl(p, true), download: p.split('/').pop() }, p))));
}

function renderQuarters() {
  const select = $('quarter');
  const current = select.value;
  select.replaceChildren(
    ...state.quarters.list.map((q) => el('option', { value: q }, `${q.slice(0, 4)}年第${'一二三四'[Number(q.slice(5)) - 1]}季度（${q}）`)),
  );
  select.value = current && state.quarters.list.includes(current) ? current : state.quarters.default;
}

function renderStatus() {
  const status = $('status');
  if (state.building) {
    status.className = 'status';
    status.textContent = `正在${state.building.kind === 'check' ? '检查' : '生成'}${state.building.phase ? `：${state.building.phase}` : ''}……`;
    return;
  }
  const build = state.lastBuild;
  const check = state.check;
  if (check?.errors) {
    status.className = 'status error';
    status.textContent = `台账有 ${check.errors} 个错误`;
  } else if (build && build.code === 0) {
    status.className = 'status ok';
    status.textContent = `已生成 ${time(Date.parse(build.at)).slice(11)}`;
  } else {
    status.className = 'status';
    status.textContent = '就绪';
  }
}

function applyState(next) {
  state = next;
  $('ws-inputs').textContent = state.workspace.inputs;
  $('ws-outputs').textContent = state.workspace.outputs;
  renderFiles();
  renderCheck();
  renderOutputs();
  renderQuarters();
  renderStatus();
}

async function refresh() {
  applyState(await api('/api/state'));
}

// ── preview ──────────────────────────────────────────────────────────────────────────────

const preview = $('preview');
preview.addEventListener('load', () => {
  preview.dataset.loads = String(Number(preview.dataset.loads) + 1);
  preview.dataset.loadedAt = String(performance.now());
});
function reloadPreview() {
  if (!state.outputs.some((o) => o.path === 'notice.pdf')) return;
  preview.src = `${outputUrl('notice.pdf')}?v=${Date.now()}`;
}

// ── building ─────────────────────────────────────────────────────────────────────────────

function summaryText(s) {
  const what = s.kind === 'quarterly' ? `季度报表 ${s.quarter}` : s.kind === 'check' ? '检查' : '通报';
  if (s.skipped) return `${what}：输入没有变化，输出保持不变`;
  if (s.kind === 'check') return s.errors ? `检查完成：${s.errors} 个错误、${s.warnings} 个警告` : `检查通过${s.warnings ? `，${s.warnings} 个警告` : ''}`;
  if (s.code === 0)
    return `${what}已生成（${(s.durationMs / 1000).toFixed(1)} 秒${s.warnings ? `，${s.warnings} 个警告` : ''}）${s.changed.length ? `：更新了 ${s.changed.join('、')}` : '：输出没有变化'}`;
  if (s.errors && s.kind === 'quarterly') return `${what}未生成，原有文件保持不变：${s.stderr.slice(0, 3).join('；')}${s.stderr.length > 3 ? ' 等' : ''}`;
  if (s.errors) return `${what}未生成：台账或模板有 ${s.errors} 个错误（见“检查结果”），原有文件保持不变`;
  return `${what}未完全生成：${s.stderr.slice(-3).join('；') || '原因见运行记录'}`;
}

async function build(kind) {
  const buttons = [$('build-button'), $('quarterly-button'), $('check-button')];
  for (const b of buttons) b.disabled = true;
  try {
    if (kind === 'quarterly') {
      const result = await api('/api/quarterly', { method: 'POST', json: { quarter: $('quarter').value } });
      message($('build-result'), summaryText(result), result.code === 0 ? 'ok' : 'error');
      renderQuarterly(result.files);
    } else {
      const asked = performance.now();
      const result = await api(kind === 'check' ? '/api/check' : '/api/build', { method: 'POST' });
      // The build's round trip, for the browser tests' figures (the rest until the PDF shows is the viewer's).
      document.body.dataset.buildMs = String(Math.round(performance.now() - asked));
      message(kind === 'check' ? $('upload-messages') : $('build-result'), summaryText(result), result.code === 0 ? 'ok' : 'error');
      applyState(result.state);
      if (kind === 'build' && result.code === 0) reloadPreview();
    }
  } catch (error) {
    message($('build-result'), error.message, 'error');
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}
$('build-button').addEventListener('click', () => build('build'));
$('quarterly-button').addEventListener('click', () => build('quarterly'));
$('check-button').addEventListener('click', () => build('check'));

// ── uploads ──────────────────────────────────────────────────────────────────────────────

const LIMIT = 50 * 1024 * 1024;
async function upload(files) {
  const box = $('upload-messages');
  for (const file of files) {
    if (file.size > LIMIT) {
      message(box, `${file.name}：文件太大，不能超过 50 MB`, 'error');
      continue;
    }
    try {
      const result = await api(`/api/upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file });
      message(box, result.message, 'ok');
    } catch (error) {
      message(box, error.message, 'error');
    }
  }
}
const drop = $('drop');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  upload([...event.dataTransfer.files]);
});
$('file-input').addEventListener('change', (event) => {
  upload([...event.target.files]);
  event.target.value = '';
});

// ── 数字的来历, history ───────────────────────────────────────────────────────────────────

loaders.trace = async () => {
  const trace = await api('/api/trace');
  $('trace-asof').textContent = trace.asOf || '—';
  $('figures').replaceChildren(
    ...(trace.figures.length
      ? trace.figures.map((f) => {
          const headers = f.rows.length ? f.rows[0].cells.map((c) => el('th', {}, c[0])) : [];
          const rows = f.rows.map((r) =>
            el(
              'tr',
              {},
              el('td', {}, r.place),
              r.cells.map((c) => el('td', { title: c[1] }, c[1])),
            ),
          );
          return el(
            'div',
            { class: 'figure' },
            el('div', {}, el('span', { class: 'label' }, f.label), el('span', { class: 'value' }, f.value), el('span', { class: 'hint' }, `　${f.where}`)),
            el('pre', {}, f.rule),
            f.rowCount
              ? el(
                  'details',
                  {},
                  el('summary', {}, `数到的 ${f.rowCount} 行${f.rowCount > f.rows.length ? `（显示前 ${f.rows.length} 行）` : ''}`),
                  el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, '位置'), headers)), el('tbody', {}, rows)),
                )
              : null,
          );
        })
      : [el('p', { class: 'muted' }, '还没有可追溯的数字：请先检查台账并生成通报。')]),
  );
};

loaders.history = async () => {
  const { builds } = await api('/api/history');
  $('builds').replaceChildren(
    ...(builds.length
      ? builds.map((b) =>
          el(
            'details',
            { class: 'build-folder' },
            el('summary', {}, `${b.folder}（${b.files.length} 个文件）`),
            el(
              'ul',
              {},
              b.files.map((f) =>
                el('li', {}, el('a', { href: outputUrl(`${b.folder}/${f.path}`, true), download: f.path.split('/').pop() }, f.path), ` ${size(f.size)}`),
              ),
            ),
          ),
        )
      : [el('p', { class: 'muted' }, '还没有更早的版本。')]),
  );
};

// ── settings and the template ────────────────────────────────────────────────────────────

const editor = new TemplateEditor({ api, el, diagnosticItem, onSaved: (text) => message($('upload-messages'), text, 'ok') });
loaders.settings = () => editor.load();

// ── events ───────────────────────────────────────────────────────────────────────────────

function listen() {
  const events = new EventSource('/api/events');
  // What happened before the stream opened (the first build may be done by then), or while it was
  // cut off: fetched once it is open.
  events.addEventListener('open', () => {
    refresh().catch(() => undefined);
  });
  events.addEventListener('start', (event) => {
    const data = JSON.parse(event.data);
    state.building = { kind: data.kind, phase: null };
    renderStatus();
    $('progress').textContent = data.kind === 'check' ? '正在检查……' : '正在生成……';
  });
  events.addEventListener('progress', (event) => {
    const data = JSON.parse(event.data);
    if (state.building) state.building.phase = data.phase;
    renderStatus();
    $('progress').textContent = `${data.phase}……`;
  });
  events.addEventListener('done', (event) => {
    const data = JSON.parse(event.data);
    // How many builds and checks that ran the page has heard of (the browser tests wait on it);
    // watch's build that found the inputs as the last build read them did not run.
    if (!data.summary.skipped) document.body.dataset.done = String(Number(document.body.dataset.done || 0) + 1);
    $('progress').textContent = '';
    applyState(data.state);
    const s = data.summary;
    if (s.cause !== '页面' && !s.skipped) message($('build-result'), `${s.cause}：${summaryText(s)}`, s.code === 0 ? 'ok' : 'error');
    if (s.kind === 'build' && s.code === 0 && !s.skipped && s.cause !== '页面') reloadPreview();
    if (!document.querySelector('#tab-trace').hidden) loaders.trace();
  });
}

await refresh();
reloadPreview();
listen();
document.body.dataset.ready = 'true';
