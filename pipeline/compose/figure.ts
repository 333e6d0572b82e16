/**
 * The `::: 图表 <名称> [图题]` directive: places the chart drawn from charts/<名称>.vl.json,
 * centred at its own size (narrowed to the text width when wider), with an optional caption
 * line below it (placeholders allowed: `::: 图表 audit-coverage 图1 截至{{统计截止日期}}的审计进度`).
 *
 * Compose only places what the chart phase drew (chart/index.ts): with no drawing (`check`),
 * a known chart places nothing and an unknown one is still an error.
 */
import type { Diagnostic, Place } from '../diagnostics.js';
import type { Figure } from '../document/ast.js';
import { GB_T_9704, textWidthPt } from '../document/layout.js';
import type { ChartCatalog, ChartImage } from '../chart/index.js';
import * as msg from '../messages.js';
import type { DirectiveHandler } from './document.js';
import type { Template } from './template.js';

export const FIGURE_DIRECTIVE = '图表';

/** A drawn chart as a figure: one SVG unit is one point, narrowed to `maxWidthPt` keeping its proportions. */
export function figureOf(image: ChartImage, caption: string | null, maxWidthPt: number = textWidthPt(GB_T_9704)): Figure {
  const scale = image.width > maxWidthPt ? maxWidthPt / image.width : 1;
  const figure: Figure = {
    type: 'figure',
    chart: image.name,
    svg: image.svg,
    png: image.png,
    widthPt: image.width * scale,
    heightPt: image.height * scale,
    title: image.title,
  };
  if (caption) figure.caption = caption;
  return figure;
}

/** The charts a template places, by name, in order. */
export function placedCharts(template: Template): string[] {
  return template.blocks.flatMap((b) => (b.kind === 'directive' && b.name === FIGURE_DIRECTIVE && b.args[0] !== undefined ? [b.args[0]] : []));
}

export function figureDirective(charts: ChartCatalog | null, expand: (text: string, place: Place) => string, diagnostics: Diagnostic[]): DirectiveHandler {
  return (args, place) => {
    const [name, ...captionWords] = args;
    const names = charts?.names ?? [];
    if (name === undefined || !names.includes(name)) {
      diagnostics.push(msg.templateUnknownChart(place, name ?? '', names));
      return [];
    }
    const caption = captionWords.length > 0 ? expand(captionWords.join(' '), place) : null;
    if (!charts?.images) return [];
    const image = charts.images.get(name);
    if (!image) {
      diagnostics.push(msg.templateChartNotDrawn(place, name));
      return [];
    }
    return [figureOf(image, caption)];
  };
}
