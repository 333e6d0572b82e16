/**
 * The page 通报助手 as staff use it, in a real Chromium (Debian's `chromium`, driven by
 * playwright-core; `.ci/run` installs it, and these tests fail when it is missing): the compiled
 * CLI's `tongbao serve` on an inputs folder holding only the templates; the shipped ledgers
 * uploaded; the check; a broken status cell and its error with its place and row; a build and
 * the PDF shown and downloaded; the document date changed in the form and seen in the rebuilt
 * PDF; the quarterly report for 2025Q3; and requests without the token, with a foreign Host or
 * for a path outside the workspace refused.
 *
 * Screenshots go to TONGBAO_SCREENSHOTS (a folder; default: the test's temporary folder). The
 * timings (serve → first page, click on build → PDF shown) are printed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/example.js';
import { readPdf } from '../helpers/pdf.js';

const CHROMIUM = '/usr/bin/chromium';

let dir = '';
let server: ChildProcess | null = null;
let browser: Browser | null = null;
let page: Page;
let url = '';
let port = 0;
let token = '';
let shots = '';
const timings: Record<string, number> = {};

/** A copy of the shipped 整改台账.xlsx whose first problem's 整改结果 says 待定; the cell's address. */
async function brokenLedger(): Promise<{ bytes: Buffer; cell: string }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(join(ROOT, 'inputs', '整改台账.xlsx')) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('整改台账');
  if (!sheet) throw new Error('the example has no sheet 整改台账');
  let found: ExcelJS.Cell | null = null;
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (!found && cell.value === '整改结果') found = cell;
    }),
  );
  const header = found as ExcelJS.Cell | null;
  if (!header) throw new Error('no 整改结果 header');
  const target = sheet.getCell(Number(header.row) + 1, Number(header.col));
  target.value = '待定';
  return { bytes: Buffer.from(await workbook.xlsx.writeBuffer()), cell: target.address };
}

function call(method: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function shot(name: string) {
  await page.screenshot({ path: join(shots, `serve-${name}.png`) });
}

async function downloadText(linkText: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#downloads a', { hasText: linkText }).click()]);
  const path = await download.path();
  const pdf = await readPdf(readFileSync(path));
  return pdf.pages.flatMap((p) => p.lines.map((l) => l.text)).join('\n');
}

/** Waits until no build runs, then for the next build or check the server reports (the page's 'done' event) after `action`. */
async function nextBuild(action: () => Promise<unknown>) {
  await idle();
  const done = async () => Number((await page.locator('body').getAttribute('data-done')) ?? 0);
  const before = await done();
  await action();
  await expect.poll(done, { timeout: 120_000 }).toBeGreaterThan(before);
  await idle();
}

/** Until the server runs no build (watch's follow-up to the page's own save included). */
async function idle() {
  await expect
    .poll(async () => JSON.parse((await call('GET', '/api/state', { 'x-tongbao-token': token })).body).building, { timeout: 120_000, interval: 100 })
    .toBeNull();
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  dir = mkdtempSync(join(tmpdir(), 'tongbao-serve-'));
  shots = process.env.TONGBAO_SCREENSHOTS ?? join(dir, 'screenshots');
  mkdirSync(shots, { recursive: true });
  const inputs = join(dir, 'inputs');
  mkdirSync(inputs);
  for (const name of ['notice.md', 'quarterly.md']) cpSync(join(ROOT, 'inputs', name), join(inputs, name));
  const started = performance.now();
  server = spawn(process.execPath, [join(ROOT, 'bin', 'tongbao.js'), 'serve', '--inputs', 'inputs', '--outputs', 'outputs'], {
    cwd: dir,
    env: { ...process.env, TONGBAO_NO_BROWSER: '1', TONGBAO_WORKERS: 'required', TZ: 'Asia/Shanghai' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    // serve → the line with the address: the server listens
    let out = '';
    server?.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /通报助手已启动：(http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))/u.exec(out);
      if (m) resolve(m[1] as string);
    });
    server?.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  timings.listeningMs = Math.round(performance.now() - started);
  const parsed = new URL(url);
  port = Number(parsed.port);
  token = parsed.searchParams.get('token') ?? '';
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true, locale: 'zh-CN' });
  page = await context.newPage();
  // The browser is started before (a user's is running already): serve → first page is the
  // time to listen plus the time the page takes to load and show the workspace.
  const opened = performance.now();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  timings.pageLoadMs = Math.round(performance.now() - opened);
  timings.firstPageMs = timings.listeningMs + timings.pageLoadMs;
});

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGINT');
  if (dir) rmSync(dir, { recursive: true, force: true });
  console.log(`serve timings: ${JSON.stringify(timings)}`);
});

describe('通报助手 in Chromium', () => {
  it('opens with the token (which leaves the address) and shows the workspace', async () => {
    expect(new URL(page.url()).search).toBe('');
    await expect(page.title()).resolves.toBe('通报助手');
    expect(await page.locator('#ws-inputs').textContent()).toBe(join(dir, 'inputs'));
    expect(await page.locator('#ws-outputs').textContent()).toBe(join(dir, 'outputs'));
    // no ledgers yet: the first check says so
    await expect.poll(() => page.locator('#check-badge').textContent(), { timeout: 60_000 }).not.toBe('');
    await shot('1-start');
  });

  it('uploads the shipped ledgers, checks them and shows each with its state', async () => {
    await nextBuild(() => page.setInputFiles('#file-input', [join(ROOT, 'inputs', '整改台账.xlsx'), join(ROOT, 'inputs', '基层工会台账.xlsx')]));
    await expect.poll(() => page.locator('#files tr[data-file$=".xlsx"]').count(), { timeout: 60_000 }).toBe(2);
    await expect.poll(() => page.locator('#check-badge.badge:not(.warn):not(:empty)').count(), { timeout: 60_000 }).toBe(0);
    const ledger = page.locator('#files tr[data-file="整改台账.xlsx"]');
    await expect(ledger.locator('td').nth(2).textContent()).resolves.toBe('已读取');
    await expect(ledger.locator('td').nth(3).textContent()).resolves.toContain('整改台账 44 行');
    await page.click('button[data-tab="check"]');
    await expect(page.locator('#check-summary').textContent()).resolves.toContain('检查通过');
  });

  it('shows a broken status cell as an error with its place and the row beside it', async () => {
    const broken = await brokenLedger();
    const folder = join(dir, 'broken');
    mkdirSync(folder);
    writeFileSync(join(folder, '整改台账.xlsx'), broken.bytes);
    await nextBuild(() => page.setInputFiles('#file-input', join(folder, '整改台账.xlsx')));
    await page.click('button[data-tab="check"]');
    const error = page.locator('#diagnostics li.error', { hasText: '待定' });
    await error.waitFor();
    await expect(error.locator('.place').textContent()).resolves.toBe(`整改台账.xlsx › 整改台账 › ${broken.cell}（整改结果）`);
    await expect(error.locator('.message').textContent()).resolves.toContain('未知的整改结果“待定”');
    await expect(error.locator('.row-view td.hit').textContent()).resolves.toBe('待定');
    expect(await error.locator('.row-view th').allTextContents()).toContain('整改结果');
    await expect(page.locator('#files tr[data-file="整改台账.xlsx"] td').nth(2).textContent()).resolves.toContain('有错误');
    await shot('2-error');
    // the page kept the version it replaced
    const history = await (await call('GET', '/api/history', { 'x-tongbao-token': token })).body;
    expect(history).toContain('inputs/整改台账.xlsx');
    await nextBuild(() => page.setInputFiles('#file-input', join(ROOT, 'inputs', '整改台账.xlsx')));
    await expect.poll(() => page.locator('#check-summary').textContent(), { timeout: 60_000 }).toContain('检查通过');
  });

  it('builds on a click and shows the PDF; the downloaded PDF is the notice', async () => {
    await page.click('button[data-tab="build"]');
    await expect.poll(async () => Number(await page.locator('#preview').getAttribute('data-loads')), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(2500); // the viewer draws the first page
    await shot('3-before-build');
    // watch's look at the last upload (0.7 s after it) has passed, and nothing runs
    await page.waitForTimeout(1500);
    await idle();
    const loads = Number(await page.locator('#preview').getAttribute('data-loads'));
    const clicked = performance.now();
    await page.click('#build-button');
    await expect.poll(async () => Number(await page.locator('#preview').getAttribute('data-loads')), { timeout: 60_000, interval: 20 }).toBeGreaterThan(loads);
    timings.buildToPdfShownMs = Math.round(performance.now() - clicked);
    timings.buildRoundTripMs = Number(await page.locator('body').getAttribute('data-build-ms'));
    await expect(page.locator('#build-result div').first().textContent()).resolves.toContain('通报已生成');
    await page.waitForTimeout(2500); // the viewer draws the first page
    await shot('4-after-build');
    const text = await downloadText('通报 PDF');
    expect(text).toContain('巡察整改进展情况的通报');
    expect(text).toContain('2025年5月30日');
  });

  it('changes the document date in the form; the rebuilt PDF carries it', async () => {
    await page.click('button[data-tab="settings"]');
    const field = page.locator('input[name="成文日期"]');
    await expect(field.inputValue()).resolves.toBe('2025-05-30');
    await field.fill('2025-06-30');
    await expect.poll(() => page.locator('#save-template').isEnabled()).toBe(true);
    // a typo is checked as it is typed
    await page.locator('#body').press('End');
    await page.locator('#body').type('\n\n{{问题总数不存在}}');
    await page.locator('#template-diagnostics li.error', { hasText: '问题总数不存在' }).waitFor();
    await expect(page.locator('#gutter .bad').count()).resolves.toBe(1);
    // an unfilled fill-in marker in a setting is warned about beside its field
    const issuer = page.locator('input[name="发文机关"]');
    const issuerWas = await issuer.inputValue();
    await issuer.fill('【发文机关】');
    await expect.poll(() => page.locator('.field[data-key="发文机关"] .field-message').textContent()).toContain('尚未填写');
    await shot('5-settings');
    await issuer.fill(issuerWas);
    await expect.poll(() => page.locator('.field[data-key="发文机关"] .field-message').textContent()).toBe('');
    const text = await page.locator('#body').inputValue();
    await page.locator('#body').fill(text.replace('\n\n{{问题总数不存在}}', ''));
    await expect.poll(() => page.locator('#template-diagnostics li.error').count()).toBe(0);
    await nextBuild(() => page.click('#save-template'));
    const saved = readFileSync(join(dir, 'inputs', 'notice.md'), 'utf8');
    expect(saved).toContain('成文日期: 2025-06-30');
    expect(saved).toContain('# 通报的设置。'); // the file's comments kept
    await page.click('button[data-tab="build"]');
    const pdf = await downloadText('通报 PDF');
    expect(pdf).toContain('2025年6月30日');
    expect(pdf).not.toContain('2025年5月30日');
  });

  it('shows 数字的来历: each figure with the ledger rows it was counted from', async () => {
    await page.click('button[data-tab="trace"]');
    const progress = page.locator('.figure', { hasText: '{{整改进展}}' }).first();
    await progress.waitFor();
    await expect(progress.locator('.value').textContent()).resolves.toContain('巡察反馈的14个方面44个具体问题，已完成整改39个');
    const list = page.locator('.figure', { hasText: '::: 问题清单 已完成' }).first();
    await expect(list.locator('.value').textContent()).resolves.toBe('39');
    await list.locator('summary').click();
    await expect(list.locator('tbody tr').count()).resolves.toBe(39);
    await expect(list.locator('tbody tr').first().locator('td').first().textContent()).resolves.toMatch(/^整改台账\.xlsx › 整改台账 › 第\d+行$/u);
    await shot('6-trace');
  });

  it('builds the quarterly report for 2025Q3 chosen from the list', async () => {
    await page.click('button[data-tab="build"]');
    await page.selectOption('#quarter', '2025Q3');
    await page.click('#quarterly-button');
    const link = page.locator('#quarterly-downloads a', { hasText: 'quarterly-2025Q3.xlsx' });
    await link.waitFor({ timeout: 120_000 });
    expect(existsSync(join(dir, 'outputs', 'quarterly-2025Q3.pdf'))).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(
      readFileSync(await download.path())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('edits a warning colour of quarterly.md in the form: a rule it cannot read is shown beside the field; the saved file has the new rule', async () => {
    await page.click('button[data-tab="settings"]');
    await page.selectOption('#template-name', 'quarterly.md');
    const yellow = page.locator('input[name="预警.黄色"]');
    await yellow.waitFor();
    await expect(yellow.inputValue()).resolves.toBe('30日内到期、其余');
    await expect(page.locator('fieldset legend', { hasText: '预警颜色' }).count()).resolves.toBe(1);
    await yellow.fill('20日内快到期、其余');
    await expect.poll(() => page.locator('.field[data-key="预警.黄色"] .field-message').textContent()).toContain('无法识别');
    await page.locator('fieldset legend', { hasText: '预警颜色' }).scrollIntoViewIfNeeded();
    await shot('7-warning-colours');
    await yellow.fill('20日内到期、其余');
    await expect.poll(() => page.locator('.field[data-key="预警.黄色"] .field-message').textContent()).toBe('');
    await expect.poll(() => page.locator('#save-template').isEnabled()).toBe(true);
    await page.click('#save-template');
    await expect.poll(() => readFileSync(join(dir, 'inputs', 'quarterly.md'), 'utf8')).toContain('\n  黄色: 20日内到期、其余\n');
    expect(readFileSync(join(dir, 'inputs', 'quarterly.md'), 'utf8')).toContain('\n  红色: 逾期\n');
  });

  it('refuses a request without the token, with a foreign Host, or for a path outside the workspace', async () => {
    const stranger = await browser?.newContext();
    const other = await stranger?.newPage();
    const answer = await other?.goto(`http://127.0.0.1:${port}/api/state`);
    expect(answer?.status()).toBe(403);
    await stranger?.close();
    expect((await call('GET', '/api/state')).status).toBe(403);
    expect((await call('GET', '/api/state', { host: `tongbao.example:${port}`, 'x-tongbao-token': token })).status).toBe(403);
    expect((await call('POST', '/api/build', { cookie: `tongbao-${port}=${token}` })).status).toBe(403);
    const outside = await call('GET', '/api/outputs/..%2Finputs%2Fnotice.md', { 'x-tongbao-token': token });
    expect(outside.status).toBe(403);
    expect(outside.body).not.toContain('成文日期');
    // from the page itself, with its cookie: still refused
    const fromPage = await page.evaluate(() => fetch('/api/outputs/..%2F..%2Fetc%2Fpasswd').then((r) => r.status));
    expect(fromPage).toBe(403);
  });
});
