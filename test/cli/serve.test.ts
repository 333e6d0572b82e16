/**
 * `tongbao serve`'s rules, each tested on its own: the gate (Host, token, POST), file names and
 * contents, paths kept inside the workspace, the settings written back into the template, and
 * the server itself on an ephemeral port with a stand-in build (quick: no pipeline runs here;
 * the browser tests in serve.slow.test.ts run the real thing).
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BuildReport, main } from '../../pipeline/cli.js';
import { pruneHistory } from '../../pipeline/cli/outputs.js';
import { Builder } from '../../pipeline/cli/serve/builder.js';
import { cleanFileName, contentProblem, fileInside, saveInput, UPLOAD_LIMIT_BYTES } from '../../pipeline/cli/serve/files.js';
import { checkRequest, cookieName } from '../../pipeline/cli/serve/gate.js';
import { type PageServer, startPageServer } from '../../pipeline/cli/serve/index.js';
import { browserCommand } from '../../pipeline/cli/serve/open-browser.js';
import { applySettings, bodyStartLine, settingFields } from '../../pipeline/cli/serve/settings-form.js';
import { readSettings, SETTING_KEYS } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import { writeZip } from '../../pipeline/zip.js';
import { useTempDirs } from '../helpers/cli.js';
import { ROOT } from '../helpers/example.js';
import { encodeGbk } from '../helpers/gbk.js';

const tempDir = useTempDirs();
const TOKEN = 'a'.repeat(32);

describe('the gate', () => {
  const req = (method: string, url: string, headers: Record<string, string>) => ({ method, url, headers });
  const host = { host: '127.0.0.1:4000' };

  it('refuses a Host other than 127.0.0.1 and the port (DNS rebinding), whatever the token', () => {
    for (const name of ['evil.example:4000', 'localhost:4000', '127.0.0.1:4001', '127.0.0.1']) {
      expect(checkRequest(req('GET', '/', { host: name, 'x-tongbao-token': TOKEN }), 4000, TOKEN)).toMatchObject({ ok: false, status: 403 });
    }
    expect(checkRequest(req('GET', '/', {}), 4000, TOKEN)).toMatchObject({ ok: false, status: 403 });
  });

  it('needs the token: in the address (then a cookie), the cookie for this port, or the header', () => {
    expect(checkRequest(req('GET', '/api/state', host), 4000, TOKEN)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(req('GET', `/?token=${'b'.repeat(32)}`, host), 4000, TOKEN)).toMatchObject({ ok: false });
    expect(checkRequest(req('GET', `/?token=${TOKEN}`, host), 4000, TOKEN)).toEqual({ ok: true, fromQuery: true });
    expect(checkRequest(req('GET', '/', { ...host, cookie: `x=1; ${cookieName(4000)}=${TOKEN}` }), 4000, TOKEN)).toEqual({ ok: true, fromQuery: false });
    // another port's cookie is another server's
    expect(checkRequest(req('GET', '/', { ...host, cookie: `${cookieName(4001)}=${TOKEN}` }), 4000, TOKEN)).toMatchObject({ ok: false });
    expect(checkRequest(req('GET', '/api/state', { ...host, 'x-tongbao-token': TOKEN }), 4000, TOKEN)).toEqual({ ok: true, fromQuery: false });
  });

  it('changes only by POST with the token in its header (a cookie alone, or the address, is not enough), from this origin', () => {
    const cookie = `${cookieName(4000)}=${TOKEN}`;
    expect(checkRequest(req('POST', '/api/build', { ...host, cookie }), 4000, TOKEN)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(req('POST', `/api/build?token=${TOKEN}`, host), 4000, TOKEN)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(req('POST', '/api/build', { ...host, 'x-tongbao-token': TOKEN }), 4000, TOKEN)).toEqual({ ok: true, fromQuery: false });
    expect(checkRequest(req('POST', '/api/build', { ...host, 'x-tongbao-token': TOKEN, origin: 'http://127.0.0.1:4000' }), 4000, TOKEN)).toMatchObject({
      ok: true,
    });
    expect(checkRequest(req('POST', '/api/build', { ...host, 'x-tongbao-token': TOKEN, origin: 'http://evil.example' }), 4000, TOKEN)).toMatchObject({
      ok: false,
      status: 403,
    });
    for (const method of ['PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      expect(checkRequest(req(method, '/api/build', { ...host, 'x-tongbao-token': TOKEN }), 4000, TOKEN)).toMatchObject({ ok: false, status: 405 });
    }
  });
});

describe('files the page saves and serves', () => {
  it('cleans names: the last part of a path, no characters Windows refuses, no hidden or lock files; only ledgers and templates', () => {
    expect(cleanFileName('整改台账.xlsx')).toBe('整改台账.xlsx');
    expect(cleanFileName('..\\..\\Windows\\台账.xlsx')).toBe('台账.xlsx');
    expect(cleanFileName('../../etc/a.csv')).toBe('a.csv');
    expect(cleanFileName('~$整改台账.xlsx')).toBe('整改台账.xlsx');
    expect(cleanFileName('.hidden.csv')).toBe('hidden.csv');
    expect(cleanFileName('a<b>:c"d|e?f*.xlsx')).toBe('abcdef.xlsx');
    expect(cleanFileName('台账\u0000.xlsx ')).toBe('台账.xlsx');
    expect(cleanFileName('NOTICE.MD')).toBe('notice.md');
    for (const bad of ['run.exe', 'page.html', 'other.md', 'CON.xlsx', 'nul.csv', '', '...', `${'长'.repeat(130)}.xlsx`]) expect(cleanFileName(bad)).toBeNull();
  });

  it('checks contents: a workbook is a zip with the workbook part; a CSV is text (UTF-8 or GBK); a template is UTF-8', () => {
    const workbook = writeZip([['xl/workbook.xml', '<workbook/>']], new Date(2025, 0, 1));
    expect(contentProblem('a.xlsx', workbook)).toBeNull();
    expect(contentProblem('a.xlsx', writeZip([['word/document.xml', '<w/>']], new Date(2025, 0, 1)))).toContain('不是 Excel 工作簿');
    expect(contentProblem('a.xlsx', Buffer.from('序号,反馈问题\n'))).toContain('不是 Excel 工作簿');
    expect(contentProblem('a.csv', Buffer.from('序号,反馈问题\n1,党建\n'))).toBeNull();
    expect(contentProblem('a.csv', encodeGbk('序号,反馈问题\n1,党建\n'))).toBeNull();
    expect(contentProblem('a.csv', workbook)).toContain('不是文本格式');
    expect(contentProblem('notice.md', Buffer.from('---\n标题: 通报\n---\n'))).toBeNull();
    expect(contentProblem('notice.md', encodeGbk('---\n标题: 通报\n---\n'))).toContain('UTF-8');
    expect(contentProblem('notice.md', Buffer.alloc(300 * 1024, 0x61))).toContain('太大');
  });

  it('serves only files inside the folder: no `..`, no link out, no folder', () => {
    const dir = tempDir();
    const outputs = join(dir, 'outputs');
    mkdirSync(join(outputs, 'charts'), { recursive: true });
    writeFileSync(join(outputs, 'charts', 'a.svg'), '<svg/>');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    symlinkSync(join(dir, 'secret.txt'), join(outputs, 'link.txt'));
    expect(fileInside(outputs, 'charts/a.svg')).toBe(join(outputs, 'charts', 'a.svg'));
    for (const bad of ['../secret.txt', 'charts/../../secret.txt', 'link.txt', 'charts', '', 'charts//a.svg', 'C:\\x', 'charts/./a.svg']) {
      expect(fileInside(outputs, bad)).toBeNull();
    }
  });

  it('saves into the inputs folder and keeps the version it replaces in outputs/history/<时间>/inputs/', () => {
    const dir = tempDir();
    const inputs = join(dir, 'inputs');
    const outputs = join(dir, 'outputs');
    mkdirSync(inputs);
    const now = new Date(2025, 4, 30, 10, 15, 0);
    expect(saveInput(inputs, outputs, '台账.csv', Buffer.from('一'), now)).toEqual({ name: '台账.csv', backup: null });
    expect(saveInput(inputs, outputs, '台账.csv', Buffer.from('二'), now)).toEqual({ name: '台账.csv', backup: 'history/2025-05-30T101500/inputs/台账.csv' });
    // the same second again: a folder of its own; the same bytes: nothing to keep
    expect(saveInput(inputs, outputs, '台账.csv', Buffer.from('三'), now).backup).toBe('history/2025-05-30T101500-2/inputs/台账.csv');
    expect(saveInput(inputs, outputs, '台账.csv', Buffer.from('三'), now).backup).toBeNull();
    expect(readFileSync(join(inputs, '台账.csv'), 'utf8')).toBe('三');
    expect(readFileSync(join(outputs, 'history/2025-05-30T101500/inputs/台账.csv'), 'utf8')).toBe('一');
    expect(readFileSync(join(outputs, 'history/2025-05-30T101500-2/inputs/台账.csv'), 'utf8')).toBe('二');
  });

  it('keeps the inputs the page replaced when history/ is pruned to its last builds', () => {
    const dir = tempDir();
    const inputs = join(dir, 'inputs');
    const outputs = join(dir, 'outputs');
    mkdirSync(inputs);
    for (let m = 0; m < 13; m++) mkdirSync(join(outputs, 'history', `2025-05-30T10${String(m).padStart(2, '0')}00`), { recursive: true });
    saveInput(inputs, outputs, '台账.csv', Buffer.from('一'), new Date(2025, 4, 30, 9));
    saveInput(inputs, outputs, '台账.csv', Buffer.from('二'), new Date(2025, 4, 30, 9));
    expect(pruneHistory(outputs, 10)).toEqual(['history/2025-05-30T100000', 'history/2025-05-30T100100', 'history/2025-05-30T100200']);
    expect(readFileSync(join(outputs, 'history/2025-05-30T090000/inputs/台账.csv'), 'utf8')).toBe('一');
  });

  it('opens the browser by a command that can be replaced or turned off', () => {
    expect(browserCommand('http://x', { TONGBAO_NO_BROWSER: '1' }, 'linux')).toBeNull();
    expect(browserCommand('http://x', { TONGBAO_BROWSER: '/bin/stub' }, 'win32')).toEqual({ command: '/bin/stub', args: ['http://x'] });
    expect(browserCommand('http://x', {}, 'win32')).toEqual({ command: 'rundll32', args: ['url.dll,FileProtocolHandler', 'http://x'] });
    expect(browserCommand('http://x', {}, 'linux')).toEqual({ command: 'xdg-open', args: ['http://x'] });
  });
});

describe('the settings form', () => {
  const source = ['---', '# 说明', '标题: 通报', '成文日期: 2025-05-30', '字体:', '  正文: 仿宋_GB2312', '---', '正文第一段。', ''].join('\n');

  it('lists every key of the schema with its kind, value and line, so a key added to the schema appears by itself', () => {
    const fields = settingFields('notice.md', source);
    expect(fields.map((f) => f.key)).toEqual(SETTING_KEYS);
    expect(fields.find((f) => f.key === '成文日期')).toMatchObject({ kind: 'date', value: '2025-05-30', line: 4, group: '' });
    expect(fields.find((f) => f.key === '巡察类别')).toMatchObject({ kind: 'choice', choices: ['巡察', '巡视'], value: '', line: null });
    expect(fields.find((f) => f.key === '字体.正文')).toMatchObject({ group: '字体', label: '正文', value: '仿宋_GB2312', line: 6 });
    expect(bodyStartLine(source)).toBe(8);
  });

  it('writes values back line by line: changed in place, new keys added (under their group), emptied keys removed; comments kept', () => {
    const text = applySettings('notice.md', source, {
      成文日期: '2025年6月30日',
      巡察类别: '巡视',
      '字体.标题': '方正小标宋简体',
      'PDF字体.正文': 'fonts/仿宋.ttf',
      标题: '新标题',
      未知: 'x',
    });
    expect(text.split('\n')).toEqual([
      '---',
      '# 说明',
      '标题: 新标题',
      '成文日期: 2025年6月30日',
      '巡察类别: 巡视',
      '字体:',
      '  正文: 仿宋_GB2312',
      '  标题: 方正小标宋简体',
      'PDF字体:',
      '  正文: fonts/仿宋.ttf',
      '---',
      '正文第一段。',
      '',
    ]);
    const parsed = parseTemplate('notice.md', text).template.frontMatter.map((e) => [e.path, e.value]);
    expect(parsed).toContainEqual(['PDF字体.正文', 'fonts/仿宋.ttf']);
    expect(parsed).toContainEqual(['巡察类别', '巡视']);
    const removed = applySettings('notice.md', text, { 'PDF字体.正文': '', 成文日期: '' });
    expect(removed).not.toContain('PDF字体');
    expect(removed).not.toContain('成文日期');
    // values that need quotes keep their spaces; CRLF files stay CRLF
    expect(applySettings('notice.md', source, { 空节内容: ' 无 ' })).toContain('空节内容: " 无 "');
    expect(applySettings('notice.md', source.replaceAll('\n', '\r\n'), { 标题: '甲' })).toContain('\r\n标题: 甲\r\n');
  });

  it('lists the warning colours the template writes, after the schema’s keys; a rule changed or a colour emptied is written back', () => {
    const quarterly = readFileSync(join(ROOT, 'inputs', 'quarterly.md'), 'utf8');
    const fields = settingFields('quarterly.md', quarterly);
    expect(fields.slice(0, SETTING_KEYS.length).map((f) => f.key)).toEqual(SETTING_KEYS);
    const warnings = fields.slice(SETTING_KEYS.length);
    expect(warnings.map((f) => [f.key, f.group, f.label, f.value])).toEqual([
      ['预警.绿色', '预警', '绿色', '已完成'],
      ['预警.蓝色', '预警', '蓝色', '长期坚持'],
      ['预警.红色', '预警', '红色', '逾期'],
      ['预警.黄色', '预警', '黄色', '30日内到期、其余'],
    ]);
    expect(warnings.every((f) => f.kind === 'text' && f.help.includes('30日内到期') && f.line !== null)).toBe(true);
    const text = applySettings('quarterly.md', quarterly, { '预警.黄色': '20日内到期、其余', '预警.蓝色': '' });
    const scheme = readSettings(parseTemplate('quarterly.md', text).template).settings.warnings;
    expect(scheme.colours.map((c) => [c.word, c.rules])).toEqual([
      ['绿色', [{ kind: 'completed' }]],
      ['红色', [{ kind: 'overdue' }]],
      ['黄色', [{ kind: 'dueWithin', days: 20 }, { kind: 'otherOpen' }]],
    ]);
    // the lines around them untouched
    expect(text.split('\n').length).toBe(quarterly.split('\n').length - 1);
  });
});

describe('the server', () => {
  let page: PageServer | null = null;
  afterEach(async () => {
    await page?.close();
    page = null;
  });

  /** A server over a temporary workspace whose builds are stand-ins that take `ms` and count how many run at once. */
  async function start(ms = 5) {
    const dir = tempDir();
    const inputs = join(dir, 'inputs');
    const outputs = join(dir, 'outputs');
    mkdirSync(inputs);
    mkdirSync(outputs);
    writeFileSync(join(outputs, 'notice.pdf'), '%PDF-1.7 stand-in');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    let running = 0;
    const seen = { most: 0, builds: 0 };
    const runBuild = async (): Promise<BuildReport> => {
      running++;
      seen.most = Math.max(seen.most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      seen.builds++;
      return { code: 0, errors: 0, warnings: 0, changed: [], failedWrites: 0, diagnostics: [], ran: null };
    };
    const io = { stdout: () => undefined, stderr: () => undefined, cwd: dir, now: () => new Date(2025, 4, 30) };
    const target = { inputsArg: 'inputs', inputsDir: inputs, outputsDir: outputs, asOf: null, quarter: null };
    const builder = new Builder({ target, io, warm: null, runBuild });
    page = await startPageServer({
      port: 0,
      token: TOKEN,
      builder,
      ctx: { inputsDir: inputs, outputsDir: outputs, inputsShown: 'inputs', now: io.now, version: 'test' },
    });
    return { page, inputs, outputs, seen };
  }

  function call(port: number, method: string, path: string, headers: Record<string, string | number> = {}, body?: Buffer) {
    return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('listens on 127.0.0.1 only and refuses a request without the token or with a foreign Host; sends no CORS header', async () => {
    const { page } = await start();
    expect(page.server.address()).toMatchObject({ address: '127.0.0.1' });
    const noToken = await call(page.port, 'GET', '/api/state');
    expect(noToken.status).toBe(403);
    expect(JSON.parse(noToken.body).error).toContain('口令');
    const foreign = await call(page.port, 'GET', '/api/state', { host: `evil.example:${page.port}`, 'x-tongbao-token': TOKEN });
    expect(foreign.status).toBe(403);
    const options = await call(page.port, 'OPTIONS', '/api/build', {
      'x-tongbao-token': TOKEN,
      origin: 'http://evil.example',
      'access-control-request-method': 'POST',
    });
    expect(options.status).toBe(405);
    const ok = await call(page.port, 'GET', '/api/state', { 'x-tongbao-token': TOKEN, origin: 'http://evil.example' });
    expect(ok.status).toBe(200);
    for (const answer of [noToken, foreign, options, ok]) expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('turns the token in the address into a cookie for this port and drops it from the address', async () => {
    const { page } = await start();
    const entry = await call(page.port, 'GET', `/?token=${TOKEN}`);
    expect(entry.status).toBe(303);
    expect(entry.headers.location).toBe('/');
    expect(String(entry.headers['set-cookie'])).toContain(`${cookieName(page.port)}=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`);
    const home = await call(page.port, 'GET', '/', { cookie: `${cookieName(page.port)}=${TOKEN}` });
    expect(home.status).toBe(200);
    expect(home.body).toContain('<meta name="renderer" content="webkit">');
    expect(home.body).toContain(`<meta name="tongbao-token" content="${TOKEN}">`);
  });

  it('serves nothing outside the workspace’s folders', async () => {
    const { page } = await start();
    const h = { 'x-tongbao-token': TOKEN };
    expect((await call(page.port, 'GET', '/api/outputs/notice.pdf', h)).status).toBe(200);
    for (const path of ['/api/outputs/..%2Fsecret.txt', '/api/outputs/%2e%2e%2Fsecret.txt', '/api/outputs/..%5Csecret.txt', '/api/inputs/..%2Fsecret.txt']) {
      const answer = await call(page.port, 'GET', path, h);
      expect(answer.status, path).toBe(403);
      expect(answer.body).not.toContain('secret');
    }
    // a path the URL parser resolves (/api/outputs/../../x → /x) reaches no route
    expect((await call(page.port, 'GET', '/api/outputs/../../secret.txt', h)).status).toBe(404);
    expect((await call(page.port, 'GET', '/static/..%2F..%2Fpackage.json', h)).status).toBe(404);
  });

  it('refuses an upload over 50 MB, one whose content is not what its name says, and a name it cannot use; saves nothing', async () => {
    const { page, inputs } = await start();
    const h = { 'x-tongbao-token': TOKEN, 'content-type': 'application/octet-stream' };
    const big = await call(page.port, 'POST', `/api/upload?name=${encodeURIComponent('台账.xlsx')}`, { ...h, 'content-length': UPLOAD_LIMIT_BYTES + 1 });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error).toContain('50 MB');
    const fake = await call(page.port, 'POST', `/api/upload?name=${encodeURIComponent('台账.xlsx')}`, h, Buffer.from('MZ not a workbook'));
    expect(fake.status).toBe(415);
    expect(JSON.parse(fake.body).error).toContain('不是 Excel 工作簿');
    const exe = await call(page.port, 'POST', '/api/upload?name=run.exe', h, Buffer.from('MZ'));
    expect(exe.status).toBe(400);
    const csv = await call(page.port, 'POST', `/api/upload?name=${encodeURIComponent('../台账.csv')}`, h, Buffer.from('序号,反馈问题\n'));
    expect(csv.status).toBe(200);
    expect(JSON.parse(csv.body).name).toBe('台账.csv');
    expect(readFileSync(join(inputs, '台账.csv'), 'utf8')).toBe('序号,反馈问题\n');
  });

  it('skips watch’s rebuild of inputs the last build read as they are (the page’s own save), not of changed ones', async () => {
    const { page, inputs, seen } = await start();
    writeFileSync(join(inputs, 'a.csv'), '一');
    await page.builder.run('build', '保存 a.csv');
    expect((await page.builder.run('build', '输入文件夹有变化', { ifChanged: true })).skipped).toBe(true);
    writeFileSync(join(inputs, 'a.csv'), '一二');
    expect((await page.builder.run('build', '输入文件夹有变化', { ifChanged: true })).skipped).toBeUndefined();
    expect(seen.builds).toBe(2);
  });

  it('runs two builds asked for at once one after the other', async () => {
    const { page, seen } = await start(20);
    const h = { 'x-tongbao-token': TOKEN };
    const answers = await Promise.all([
      call(page.port, 'POST', '/api/build', h),
      call(page.port, 'POST', '/api/build', h),
      call(page.port, 'POST', '/api/check', h),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(seen).toEqual({ most: 1, builds: 3 });
  });
});

describe('the page', () => {
  const web = (name: string) => readFileSync(join(ROOT, 'web', name), 'utf8');

  it('asks browsers not to fall back to IE mode, and loads nothing from elsewhere', () => {
    const html = web('index.html');
    expect(html).toContain('<meta name="renderer" content="webkit">');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//u);
  });

  it('uses no script or style newer than Chromium 109 supports (the browsers of Chinese office PCs)', () => {
    // Chromium 110: change-array-by-copy; 112: CSS nesting; 117: groupBy; 119: withResolvers; 121: fromAsync; 122: Set methods; later: import attributes, using
    const newer =
      /\.(?:toSorted|toReversed|toSpliced|with)\(|\b(?:Object|Map)\.groupBy\b|Promise\.withResolvers|Array\.fromAsync|\.(?:union|intersection|symmetricDifference|isSubsetOf|isSupersetOf|isDisjointFrom)\(|\bwith\s*\{\s*type:|\busing\s+\w+\s*=/u;
    for (const name of ['app.js', 'editor.js']) expect(web(name), name).not.toMatch(newer);
    // CSS nesting: a rule inside a rule
    expect(web('style.css')).not.toMatch(/\{[^}]*\{/u);
  });
});

describe('tongbao serve on a port in use', () => {
  it('says so and exits 2', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'inputs'));
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    const stderr: string[] = [];
    const io = { stdout: () => undefined, stderr: (line: string) => stderr.push(line), cwd: dir, now: () => new Date(), signal: AbortSignal.abort() };
    try {
      expect(await main(['serve', '--port', String(port), '--no-open'], io)).toBe(2);
    } finally {
      blocker.close();
    }
    expect(stderr).toEqual([`错误 --port：端口 ${port} 已被占用，请换一个端口，或不写 --port 由系统选择`]);
    expect(await main(['serve', '--port', '70000'], io)).toBe(2);
  });
});
