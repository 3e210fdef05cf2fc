/**
 * A tool description from the operation: its summary, then the first paragraph of its
 * description when that says more, as plain one-line text bounded for a tool list
 * (markdown links keep their text, HTML and code fences go).
 */
export const MAX_DESCRIPTION = 400;

export function describeOperation(op: { summary?: string; description?: string; method: string; path: string }): string {
  const summary = clean(op.summary ?? '');
  const paragraph = clean(firstParagraph(op.description ?? ''));
  let text = summary;
  if (paragraph !== '' && !sameText(paragraph, summary)) text = text === '' ? paragraph : `${sentence(text)} ${paragraph}`;
  if (text === '') text = `Calls ${op.method.toUpperCase()} ${op.path}`;
  return bound(sentence(text), MAX_DESCRIPTION);
}

function firstParagraph(markdown: string): string {
  const withoutFences = markdown.replace(/```[\s\S]*?```/g, '');
  for (const block of withoutFences.split(/\n\s*\n/)) {
    const text = block.trim();
    // Admonitions (`> [!NOTE]`) and headings are not what the operation does.
    if (text !== '' && !text.startsWith('>') && !text.startsWith('#')) return text;
  }
  return '';
}

function clean(text: string): string {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function sentence(text: string): string {
  return /[.!?:]$/.test(text) ? text : `${text}.`;
}

function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return norm(a) === norm(b) || norm(a).startsWith(norm(b)) && norm(a).length - norm(b).length < 4;
}

function bound(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const sentenceEnd = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('.\u0020'));
  if (sentenceEnd > max / 2) return cut.slice(0, sentenceEnd + 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : cut.length).replace(/[\s,;:]+$/, '')}…`;
}
