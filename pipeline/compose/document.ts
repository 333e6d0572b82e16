/**
 * A template's blocks → the document tree, shared by the notice and the quarterly report:
 * the title (balanced lines), headings and paragraphs with their placeholders expanded,
 * block directives (`::: 名称 参数`) expanded by the caller's handlers, and the signature;
 * around them the parts of the 公文 frame the settings ask for (compose/frame.ts).
 */
import type { IsoDate } from '../dates.js';
import type { Diagnostic, Place } from '../diagnostics.js';
import type { Block, Document } from '../document/ast.js';
import { heading, pageBreak, paragraph, signature, title } from '../document/build.js';
import { GB_T_9704, textWidthPt } from '../document/layout.js';
import * as msg from '../messages.js';
import { withKeeps } from './keep.js';
import { signatureLines } from './signature.js';
import { composeFrame, noteLines, sealedSignatureLines } from './frame.js';
import type { NoticeSettings } from './settings.js';
import type { DirectiveOption, Template } from './template.js';
import { balancedLines, chineseDate } from '../text/zh.js';

/** Expands one directive (its arguments, and the options of its block) into blocks; reports its own diagnostics. */
export type DirectiveHandler = (args: string[], place: Place, options: readonly DirectiveOption[]) => Block[];

export interface ComposeOptions {
  template: Template;
  settings: NoticeSettings;
  /** the title, placeholders already expanded */
  titleText: string;
  /** the date under the signature and in the files' properties */
  date: IsoDate;
  /** expands placeholders (and punctuation) in a template text, reporting into `diagnostics` */
  expand: (text: string, place: Place) => string;
  directives: Readonly<Record<string, DirectiveHandler>>;
  diagnostics: Diagnostic[];
}

export function composeDocument(options: ComposeOptions): Document {
  const { template, settings, expand, diagnostics } = options;
  const directives: Record<string, DirectiveHandler> = { ...options.directives, 分页: () => [pageBreak()] };
  const layout = { ...GB_T_9704, boldLevel3: settings.boldLevel3 };
  const titleCharsPerLine = Math.floor(textWidthPt(layout) / layout.sizes.titlePt);
  const frame = composeFrame(settings.frame, layout, options.date);
  const blocks: Block[] = [];
  if (frame.letterhead) blocks.push(frame.letterhead);
  blocks.push(title(options.titleText, balancedLines(options.titleText, titleCharsPerLine)));
  if (frame.recipients) blocks.push(frame.recipients);
  for (const block of template.blocks) {
    const place: Place = { file: template.file, line: block.line };
    if (block.kind === 'heading') blocks.push(heading(block.level, expand(block.text, place)));
    else if (block.kind === 'paragraph') blocks.push(paragraph(expand(block.text, place)));
    else {
      const handler = directives[block.name];
      if (handler) blocks.push(...handler(block.args, place, block.options));
      else diagnostics.push(msg.templateUnknownDirective(place, block.name, Object.keys(directives)));
    }
  }
  if (frame.attachments) blocks.push(frame.attachments);
  const date = chineseDate(options.date);
  const note = settings.frame.note ? { note: noteLines(settings.frame.note, layout.charsPerLine) } : {};
  blocks.push(
    settings.frame.sealed
      ? signature({ ...sealedSignatureLines(settings.issuer, date, layout), blankLinesBefore: layout.frame.sealRoomLines, ...note })
      : signature({ ...signatureLines(settings.issuer, date, layout.charsPerLine), blankLinesBefore: 1, ...note }),
  );
  if (frame.imprint) blocks.push(frame.imprint);
  return {
    type: 'document',
    meta: { title: options.titleText, issuer: settings.issuer, date: options.date },
    layout,
    fonts: settings.fonts,
    blocks: withKeeps(blocks, layout),
  };
}
