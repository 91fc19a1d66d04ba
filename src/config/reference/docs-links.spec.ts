import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// Beside the configuration reference because both keep the documentation honest against the
// repository: a page that moves or a heading that is renamed must not leave a dead link behind.

const root = resolve(__dirname, '..', '..', '..');

function markdownFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

function withoutFencedCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The text outside fenced code blocks and inline code, where a link is a link. */
function prose(markdown: string): string {
  return withoutFencedCode(markdown).replace(/`[^`\n]*`/g, '');
}

/** Inline `[text](target)` and reference `[label]: target` links, without their titles. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const reference = [...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map(
    (m) => m[1],
  );
  return [...inline, ...reference];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const headings = withoutFencedCode(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm);
  for (const [, heading] of headings) {
    const slug = heading
      .toLowerCase()
      .replace(/<[^>]+>/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

const isExternal = (target: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** Every relative link of `file` that points at nothing: a missing file or a missing heading. */
function deadLinks(file: string, markdown = readFileSync(file, 'utf8')): string[] {
  return linkTargets(markdown)
    .filter((target) => !isExternal(target))
    .filter((link) => {
      const [path, anchor] = link.split('#', 2);
      const destination = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
      if (path !== '' && !existsSync(destination)) return true;
      if (anchor === undefined || anchor === '' || !destination.endsWith('.md')) return false;
      const page = destination === file ? markdown : readFileSync(destination, 'utf8');
      return !anchorsOf(page).has(anchor.toLowerCase());
    })
    .map((link) => `${relative(root, file)}: ${link}`);
}

describe('documentation links', () => {
  const pages = [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))];

  it('finds the pages and their links', () => {
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.flatMap((page) => linkTargets(readFileSync(page, 'utf8'))).length).toBeGreaterThan(
      0,
    );
  });

  it.each(pages.map((page) => relative(root, page)))(
    'every relative link of %s points at a file (and heading) that exists',
    (page) => {
      expect(deadLinks(join(root, page))).toEqual([]);
    },
  );

  it('notices a dead file or heading, and leaves code and web links alone', () => {
    const sample = [
      '# Title',
      '[ok](#title) [bad anchor](#nope) [web](https://example.com/x.md) [up](../README.md)',
      '`[code](missing.md)`',
      '```',
      '[fenced](missing.md)',
      '```',
      '[gone]: no-such-page.md',
    ].join('\n');
    expect(deadLinks(join(root, 'docs', 'sample.md'), sample)).toEqual([
      'docs/sample.md: #nope',
      'docs/sample.md: no-such-page.md',
    ]);
    expect(anchorsOf('# Every `key`, twice\n## Every key, twice')).toEqual(
      new Set(['every-key-twice', 'every-key-twice-1']),
    );
  });
});
