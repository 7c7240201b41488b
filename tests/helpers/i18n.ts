import type { Page } from 'playwright-core';

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

/**
 * The Chinese left in a page's words (text, labels, placeholders, titles) under `root` once its data,
 * the elements marked `data-i18n="data"` (event descriptions, grid and unit names, alert titles, people,
 * plans' own words), is taken out. Each as "element: text", so a failure names what is still
 * untranslated. The language button reads 中文 on purpose and is left out too.
 */
export async function chineseInChrome(page: Page, root: string): Promise<string[]> {
  const found = await page.$eval(root, (el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const data of copy.querySelectorAll('[data-i18n=data], [data-testid=lang-switch]')) data.remove();
    const words: string[] = [];
    const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      words.push(`${parent?.tagName.toLowerCase()}.${parent?.getAttribute('class') ?? ''}: ${n.textContent}`);
    }
    for (const e of copy.querySelectorAll('[aria-label], [placeholder], [title]'))
      for (const a of ['aria-label', 'placeholder', 'title'])
        if (e.hasAttribute(a)) words.push(`${e.tagName.toLowerCase()}[${a}]: ${e.getAttribute(a)}`);
    return words;
  });
  return found.filter((w) => CJK.test(w.slice(w.indexOf(':'))));
}
