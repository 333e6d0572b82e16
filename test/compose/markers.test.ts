/**
 * Fill-in markers (`【发文机关】`) that `tongbao init` leaves in a workspace's templates: one
 * warning per marker and line, comments left alone; a date setting holding a marker counts as
 * unset without a date error, and the placeholders that need it print the marker, so the
 * draft still builds and shows where each date goes.
 */
import { describe, expect, it } from 'vitest';
import { isMarker, unfilledMarkers } from '../../pipeline/compose/markers.js';
import { composeNotice } from '../../pipeline/compose/notice.js';
import { readSettings } from '../../pipeline/compose/settings.js';
import { parseTemplate } from '../../pipeline/compose/template.js';
import type { IsoDate } from '../../pipeline/dates.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { dumpDocument } from '../../pipeline/document/json.js';
import { computeStats } from '../../pipeline/stats/index.js';
import { ledgerOf, problem } from '../helpers/ledger.js';

const TEMPLATE = `---
# 带【】的内容请替换（这一行是注释，不提示）
标题: 中共【单位名称】党组关于巡察整改进展情况的通报
发文机关: 【发文机关】
巡察组: 【巡察组】
巡察开始日期: 【巡察开始日期】
巡察结束日期: 2024-09-04
反馈日期: 【反馈日期】
成文日期: 2025-05-30
---
<!-- 注释中的【示例】不提示 -->
{{巡察期间}}，{{巡察组}}对【单位名称】党组进行了巡察。{{反馈日期}}反馈了意见。<!-- 【行内注释】 -->【单位名称】【单位名称】
<!--
  多行注释里的【也不提示】
-->
{{整改进展}}
`;

const warnings = (source: string) => unfilledMarkers('notice.md', source).map(formatDiagnostic);

describe('fill-in markers', () => {
  it('recognises a whole value that is a marker, and nothing else', () => {
    expect(isMarker('【成文日期】')).toBe(true);
    expect(isMarker(' 【成文日期】 ')).toBe(true);
    expect(isMarker('2025-05-30')).toBe(false);
    expect(isMarker('【成文日期】2025')).toBe(false);
    expect(isMarker('【】')).toBe(false);
  });

  it('warns once per marker and line, skipping front-matter and body comments', () => {
    expect(warnings(TEMPLATE)).toEqual([
      '警告 notice.md:3：“【单位名称】”尚未填写',
      '警告 notice.md:4：“【发文机关】”尚未填写',
      '警告 notice.md:5：“【巡察组】”尚未填写',
      '警告 notice.md:6：“【巡察开始日期】”尚未填写',
      '警告 notice.md:8：“【反馈日期】”尚未填写',
      '警告 notice.md:12：“【单位名称】”尚未填写',
    ]);
  });

  it('counts lines with CRLF endings and a byte-order mark the same way', () => {
    expect(warnings(`\ufeff${TEMPLATE.replace(/\n/gu, '\r\n')}`)).toEqual(warnings(TEMPLATE));
  });

  it('a template without markers has no warnings', () => {
    expect(warnings('---\n标题: 通报\n发文机关: 某某县总工会党组\n---\n正文。\n')).toEqual([]);
  });

  it('a date setting holding a marker is unset, with no date error; the draft prints the markers', () => {
    const { template } = parseTemplate('notice.md', TEMPLATE);
    const { settings, diagnostics } = readSettings(template);
    expect(diagnostics).toEqual([]);
    expect(settings.inspectionStart).toBeNull();
    expect(settings.feedbackDate).toBeNull();
    expect(settings.inspectionEnd).toBe('2024-09-04');
    expect(settings.unfilled).toEqual({ 巡察开始日期: '【巡察开始日期】', 反馈日期: '【反馈日期】' });
    expect(settings.issuer).toBe('【发文机关】');

    const ledger = ledgerOf([problem(1, '甲类问题', 'completed')]);
    const composed = composeNotice(template, settings, ledger, computeStats(ledger, '2025-05-30' as IsoDate));
    expect(composed.diagnostics).toEqual([]);
    const text = dumpDocument(composed.document);
    expect(text).toMatch(/^title: 中共【单位名称】党组( \/ )?关于巡察整改进展情况的通报$/mu);
    expect(text).toMatch(/^signature: 【发文机关】 /mu);
    expect(text).toContain('p: 【巡察开始日期】至2024年9月4日，【巡察组】对【单位名称】党组进行了巡察。【反馈日期】反馈了意见。【单位名称】【单位名称】');
  });

  it('a date setting that is neither a date nor a marker is still an error', () => {
    const { template } = parseTemplate('notice.md', '---\n标题: 通报\n发文机关: 党组\n成文日期: 五月底\n---\n');
    expect(readSettings(template).diagnostics.map(formatDiagnostic)).toEqual([expect.stringMatching(/^错误 notice\.md:4：成文日期“五月底”无法识别/u)]);
  });
});
