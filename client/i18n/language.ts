/** The UI languages: Chinese first, English on request. */
export type Lang = 'zh-CN' | 'en';

export const DEFAULT_LANG: Lang = 'zh-CN';
export const LANG_STORAGE_KEY = 'citybrain.lang';

/** A language tag as written in a URL or storage ("en", "EN-us", "zh"), or null when it is none of ours. */
export function parseLang(value: string | null | undefined): Lang | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (v === 'en' || v.startsWith('en-')) return 'en';
  if (v === 'zh' || v.startsWith('zh-')) return 'zh-CN';
  return null;
}

/**
 * The language to show: `?lang=` wins (a wall has no keyboard, its URL is its settings), then what
 * was stored, then Chinese. The browser's own language is ignored on purpose: the command centre's
 * screens must not change language with the machine they run on.
 */
export function resolveLang(search: string, stored: string | null): Lang {
  return parseLang(new URLSearchParams(search).get('lang')) ?? parseLang(stored) ?? DEFAULT_LANG;
}
