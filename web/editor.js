// The template's settings form (generated from the fields the server lists, so a setting added
// to the schema appears by itself) and its prose in an editor with the file's line numbers. Both
// are checked as they are typed (the server runs the same check as `tongbao check`), and saved
// back into the template file.

const GROUP_NAMES = {
  '': '基本设置',
  字体: 'Word 字体',
  PDF字体: 'PDF 字体文件（可不填）',
  状态词: '本单位的整改结果用语（多个用“、”分隔）',
  预警: '预警颜色（每种颜色一行）',
};
const DATE_HINT = '如 2025-05-30 或 2025年5月30日';

export class TemplateEditor {
  constructor({ api, el, diagnosticItem, onSaved }) {
    this.api = api;
    this.el = el;
    this.diagnosticItem = diagnosticItem;
    this.onSaved = onSaved;
    this.form = document.getElementById('settings-form');
    this.body = document.getElementById('body');
    this.gutter = document.getElementById('gutter');
    this.list = document.getElementById('template-diagnostics');
    this.select = document.getElementById('template-name');
    this.saveButton = document.getElementById('save-template');
    this.revertButton = document.getElementById('revert-template');
    this.messageBox = document.getElementById('template-message');
    this.name = null;
    this.front = '';
    this.saved = null;
    this.bodyStart = 1;
    this.diagnostics = [];
    this.applyTimer = null;
    this.checkTimer = null;
    this.pending = {};
    this.checkSeq = 0;
    this.applySeq = 0;
    this.body.addEventListener('input', () => {
      this.renderGutter();
      this.changed();
      this.schedule('checkTimer', () => this.check());
    });
    this.body.addEventListener('scroll', () => {
      this.gutter.scrollTop = this.body.scrollTop;
    });
    this.select.addEventListener('change', () => this.load(this.select.value, true));
    this.saveButton.addEventListener('click', () => this.save());
    this.revertButton.addEventListener('click', () => this.load(this.name, true));
  }

  text() {
    return this.bodyStart === 1 ? this.body.value : `${this.front}\n${this.body.value}`;
  }

  /** Reads the template from the server, unless it is loaded and has unsaved changes. */
  async load(name, force) {
    const wanted = name || this.select.value || 'notice.md';
    if (!force && this.name === wanted && this.saved !== null) return;
    try {
      const answer = await this.api(`/api/template?name=${encodeURIComponent(wanted)}`);
      this.name = wanted;
      this.select.value = wanted;
      this.saved = answer.text;
      this.take(answer, true);
      this.messageBox.textContent = '';
    } catch (error) {
      this.messageBox.textContent = error.message;
    }
    this.changed();
  }

  /** The server's answer: the front matter and line numbers, the fields, the diagnostics; the prose too when `withBody`. */
  take(answer, withBody) {
    const lines = answer.text.split(/\r\n|\r|\n/);
    this.bodyStart = answer.bodyStartLine;
    this.front = lines.slice(0, this.bodyStart - 1).join('\n');
    if (this.bodyStart === 1) this.front = '';
    if (withBody) this.body.value = lines.slice(this.bodyStart - 1).join('\n');
    this.diagnostics = answer.diagnostics;
    this.renderForm(answer.fields, withBody);
    this.renderGutter();
    this.renderDiagnostics();
  }

  renderForm(fields, rebuild) {
    const el = this.el;
    const byLine = new Map();
    for (const d of this.diagnostics) if (d.place.line !== undefined) byLine.set(d.place.line, (byLine.get(d.place.line) || []).concat(d));
    if (rebuild || !this.form.children.length) {
      const groups = new Map();
      for (const f of fields) groups.set(f.group, (groups.get(f.group) || []).concat(f));
      this.form.replaceChildren(
        ...[...groups].map(([group, list]) =>
          el(
            'fieldset',
            {},
            el('legend', {}, GROUP_NAMES[group] || group),
            group && list[0].help ? el('div', { class: 'field-help' }, list[0].help) : null,
            list.map((f) => {
              const id = `setting-${f.key}`;
              const input =
                f.kind === 'choice'
                  ? el(
                      'select',
                      { id, name: f.key },
                      el('option', { value: '' }, '（默认）'),
                      f.choices.map((c) => el('option', { value: c }, c)),
                    )
                  : el('input', { id, name: f.key, type: 'text', placeholder: f.kind === 'date' ? DATE_HINT : '' });
              input.value = f.value;
              input.addEventListener('input', () => {
                this.pending[f.key] = input.value;
                this.changed(true);
                this.schedule('applyTimer', () => this.apply());
              });
              if (f.help) input.title = f.help;
              return el(
                'div',
                { class: 'field', 'data-key': f.key },
                el('label', { for: id, title: f.help || null }, f.label),
                input,
                f.help && !f.group ? el('div', { class: 'field-help' }, f.help) : null,
                el('div', { class: 'field-message' }),
              );
            }),
          ),
        ),
      );
    }
    // Messages under the fields they are about (by the template line they sit on).
    for (const f of fields) {
      const box = this.form.querySelector(`.field[data-key="${CSS.escape(f.key)}"] .field-message`);
      if (!box) continue;
      const own = f.line === null ? [] : byLine.get(f.line) || [];
      box.textContent = own.map((d) => d.message).join('；');
      box.className = `field-message${own.length && own.every((d) => d.severity === 'warning') ? ' warning' : ''}`;
    }
  }

  renderGutter() {
    const count = this.body.value.split('\n').length;
    const marks = new Map();
    for (const d of this.diagnostics)
      if (d.place.line !== undefined) marks.set(d.place.line, marks.get(d.place.line) === 'bad' || d.severity === 'error' ? 'bad' : 'warn');
    const lines = [];
    for (let i = 0; i < count; i++) {
      const n = this.bodyStart + i;
      lines.push(this.el('span', { class: marks.get(n) || null, title: marks.has(n) ? '这一行有问题，见下方' : null }, String(n)), '\n');
    }
    this.gutter.replaceChildren(...lines);
    this.gutter.scrollTop = this.body.scrollTop;
  }

  renderDiagnostics() {
    this.list.replaceChildren(...this.diagnostics.map(this.diagnosticItem));
  }

  changed(dirty) {
    const isDirty = dirty || (this.saved !== null && this.text() !== this.saved);
    this.saveButton.disabled = !isDirty;
    this.revertButton.disabled = !isDirty;
  }

  /** Runs `work` once typing has paused; the form's and the editor's timers are separate, so neither cancels the other. */
  schedule(timer, work) {
    clearTimeout(this[timer]);
    this[timer] = setTimeout(work, 350);
  }

  /** The form's changes into the front matter (by the server, line by line), then checked. */
  async apply() {
    const values = this.pending;
    this.pending = {};
    const seq = ++this.applySeq;
    // A check asked for before this answer would show the old settings' messages.
    this.checkSeq++;
    try {
      const answer = await this.api('/api/template/apply', { method: 'POST', json: { name: this.name, text: this.text(), values } });
      if (seq !== this.applySeq) return;
      this.take(answer, false);
      this.changed();
    } catch (error) {
      this.messageBox.textContent = error.message;
    }
  }

  async check() {
    const seq = ++this.checkSeq;
    try {
      const answer = await this.api('/api/template/check', { method: 'POST', json: { name: this.name, text: this.text() } });
      if (seq !== this.checkSeq) return;
      this.diagnostics = answer.diagnostics;
      this.renderForm(answer.fields, false);
      this.renderGutter();
      this.renderDiagnostics();
    } catch (error) {
      this.messageBox.textContent = error.message;
    }
  }

  async save() {
    clearTimeout(this.applyTimer);
    clearTimeout(this.checkTimer);
    if (Object.keys(this.pending).length) await this.apply();
    try {
      const text = this.text();
      const answer = await this.api('/api/template/save', { method: 'POST', json: { name: this.name, text } });
      this.saved = text;
      this.messageBox.textContent = `${answer.message}，正在重新生成……`;
      this.onSaved(answer.message);
    } catch (error) {
      this.messageBox.textContent = error.message;
    }
    this.changed();
  }
}
