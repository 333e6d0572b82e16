/**
 * The page's settings form, generated from the settings' schema (compose/settings.ts: its keys,
 * which of them are dates, which take one of a few values), so a key added there appears on the
 * page by itself; and the form's values written back into the template's front matter, line by
 * line, so the file stays the one source (its comments, order and other lines untouched).
 */
import { DATE_KEYS, SETTING_CHOICES, SETTING_KEYS, WARNING_KEY, warningColourOf } from '../../compose/settings.js';
import { parseTemplate } from '../../compose/template.js';
import { SETTING_HELP } from '../../messages.js';

export type FieldKind = 'text' | 'date' | 'choice';

export interface SettingField {
  /** The key as the template writes it: `标题`, `字体.正文`. */
  key: string;
  /** The group it sits under in the front matter (`字体`, `PDF字体`, `状态词`); '' for a top-level key. */
  group: string;
  /** The key within its group: `正文`. */
  label: string;
  kind: FieldKind;
  choices?: readonly string[];
  /** As written in the template; '' when absent. */
  value: string;
  /** The template line holding it; null when absent. */
  line: number | null;
  /** What it means (messages.ts), for the key or its group; '' when nothing is said. */
  help: string;
}

/**
 * `预警.红色`: a warning colour's line, whose key is the colour staff chose (compose/settings.ts);
 * one word, so that a key sent by the page cannot write another setting or a second line.
 */
const isWarningKey = (key: string) => /^[^.:：\s]+$/u.test(warningColourOf(key) ?? '');

/**
 * Every setting the schema knows, with the template's value and line; then the warning colours
 * the template writes (`预警.红色` …), whose keys are the colours themselves.
 */
export function settingFields(file: string, source: string): SettingField[] {
  const { template } = parseTemplate(file, source);
  const written = new Map(template.frontMatter.map((e) => [e.path, e]));
  const warnings = template.frontMatter
    .filter((e) => isWarningKey(e.path))
    .map(
      (e): SettingField => ({
        key: e.path,
        group: WARNING_KEY,
        label: warningColourOf(e.path) ?? '',
        kind: 'text',
        value: e.value,
        line: e.line,
        help: SETTING_HELP[WARNING_KEY] ?? '',
      }),
    );
  return [...schemaFields(written), ...warnings];
}

function schemaFields(written: ReadonlyMap<string, { value: string; line: number }>): SettingField[] {
  const dates: readonly string[] = DATE_KEYS;
  return SETTING_KEYS.map((key) => {
    const dot = key.indexOf('.');
    const group = dot === -1 ? '' : key.slice(0, dot);
    const entry = written.get(key);
    const field: SettingField = {
      key,
      group,
      label: dot === -1 ? key : key.slice(dot + 1),
      kind: dates.includes(key) ? 'date' : SETTING_CHOICES[key] ? 'choice' : 'text',
      value: entry?.value ?? '',
      line: entry?.line ?? null,
      help: SETTING_HELP[key] ?? (group ? (SETTING_HELP[group] ?? '') : ''),
    };
    const choices = SETTING_CHOICES[key];
    if (choices) field.choices = choices;
    return field;
  });
}

/** A value as the front matter must hold it: quoted when its spaces at the ends, a quote or a `#` would otherwise be lost. */
function written(value: string): string {
  if (value === '' || value !== value.trim() || /^["'#]/u.test(value)) return `"${value}"`;
  return value;
}

/**
 * The template's text with settings changed: a key already written gets its value on its own
 * line; a new one is added (under its group's line, which is added when missing); a key set to
 * '' is removed (its group's line too when nothing is left under it). Keys the schema does not
 * know are ignored. The line endings of the file are kept.
 */
export function applySettings(file: string, source: string, values: Readonly<Record<string, string>>): string {
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const bom = source.startsWith('\ufeff') ? '\ufeff' : '';
  let lines = source.slice(bom.length).split(/\r\n|\r|\n/u);
  if (lines[0]?.trim() !== '---') lines = ['---', '---', ...(source.trim() === '' ? [] : lines)];
  const known = new Set(SETTING_KEYS);
  for (const [key, raw] of Object.entries(values)) {
    if (!known.has(key) && !isWarningKey(key)) continue;
    const value = raw.replace(/[\r\n]+/gu, ' ');
    const { template } = parseTemplate(file, lines.join('\n'));
    const entry = template.frontMatter.find((e) => e.path === key);
    const dot = key.indexOf('.');
    const group = dot === -1 ? null : key.slice(0, dot);
    const name = dot === -1 ? key : key.slice(dot + 1);
    if (entry) {
      const index = entry.line - 1;
      if (value === '' && !(key === '空节内容' || key === '问题序号分隔符')) {
        lines.splice(index, 1);
        if (group) removeEmptyGroup(lines, group);
      } else {
        const indent = /^\s*/u.exec(lines[index] as string)?.[0] ?? '';
        lines[index] = `${indent}${entry.key}: ${written(value)}`;
      }
      continue;
    }
    if (value === '') continue;
    const end = lines.findIndex((l, k) => k > 0 && l.trim() === '---');
    if (!group) {
      // Top-level keys go before the first group, so they are not read as part of it.
      const firstGroup = lines.findIndex((l, k) => k > 0 && k < end && /^[^\s#][^:：]*[:：]\s*$/u.test(l));
      lines.splice(firstGroup === -1 ? end : firstGroup, 0, `${name}: ${written(value)}`);
      continue;
    }
    const groupLine = lines.findIndex((l, k) => k > 0 && k < end && new RegExp(`^${group}\\s*[:：]\\s*$`, 'u').test(l));
    if (groupLine === -1) {
      lines.splice(end, 0, `${group}:`, `  ${name}: ${written(value)}`);
      continue;
    }
    let last = groupLine;
    while (last + 1 < end && /^\s+\S/u.test(lines[last + 1] as string)) last++;
    lines.splice(last + 1, 0, `  ${name}: ${written(value)}`);
  }
  return bom + lines.join(eol);
}

function removeEmptyGroup(lines: string[], group: string): void {
  const end = lines.findIndex((l, k) => k > 0 && l.trim() === '---');
  const at = lines.findIndex((l, k) => k > 0 && k < end && new RegExp(`^${group}\\s*[:：]\\s*$`, 'u').test(l));
  if (at !== -1 && !/^\s+\S/u.test(lines[at + 1] ?? '')) lines.splice(at, 1);
}

/** The first line of the template's prose (after the front matter): the editor numbers its lines from there. */
export function bodyStartLine(source: string): number {
  const lines = source.replace(/^\ufeff/u, '').split(/\r\n|\r|\n/u);
  if (lines[0]?.trim() !== '---') return 1;
  const end = lines.findIndex((l, k) => k > 0 && l.trim() === '---');
  return end === -1 ? 1 : end + 2;
}
