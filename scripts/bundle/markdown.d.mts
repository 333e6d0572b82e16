/** Types for markdown.mjs (used by the tests). */
export interface Heading {
  level: number;
  text: string;
  id: string;
}
export function joinLines(lines: readonly string[]): string;
export function inline(text: string): string;
export function markdownToHtml(markdown: string, headings?: Heading[]): string;
export function staffPart(readme: string, developersHeading?: string): string;
export function usageHtml(readme: string, version: string): string;
