import { useSyncExternalStore } from 'react';
import { type Category, categoryById, subcategoryOf } from '../../shared/domain/categories';
import { type EventStatus, STATUS_NAMES, STATUS_NAMES_EN } from '../../shared/domain/event-status';
import { ACTION_NAMES, ACTION_NAMES_EN, type WorkflowAction } from '../../shared/domain/workflow';
import { EN } from './en';
import { DEFAULT_LANG, LANG_STORAGE_KEY, type Lang, resolveLang } from './language';
import { groupedNumber } from './number-format';
import { type MessageKey, ZH_CN } from './zh-cn';

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': ZH_CN, en: EN };
const listeners = new Set<() => void>();
let current: Lang = initialLang();

function initialLang(): Lang {
  if (typeof window === 'undefined') return DEFAULT_LANG;
  const lang = resolveLang(window.location.search, safeStorage()?.getItem(LANG_STORAGE_KEY) ?? null);
  // Kept, so that the watchdog's reload or a later visit without ?lang= stays in the same language.
  safeStorage()?.setItem(LANG_STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  return lang;
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: the language still works for this page view
  }
}

/** Replaces `{name}` with `values.name`; unknown names stay visible rather than vanish. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
}

/** The UI string `key` in the current language, with `{name}` values filled in. */
export function t(key: MessageKey, values?: Record<string, string | number>): string {
  return format(DICTIONARIES[current][key], values);
}

/** The current UI language. */
export function getLang(): Lang {
  return current;
}

/** Switches the language, keeps it in localStorage and re-renders every `useLang()` caller. */
export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  safeStorage()?.setItem(LANG_STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  for (const l of listeners) l();
}

/** The current language, re-rendering the caller when it changes. Call it high in the tree. */
export function useLang(): Lang {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, getLang);
}

/** A category's name in the current language (the id when unknown). */
export function categoryName(id: string): string {
  const c: Category | undefined = categoryById(id);
  if (!c) return id;
  return current === 'en' ? c.nameEn : c.name;
}

/** A subcategory's name in the current language; in English its id reads well enough ("fire hazard"). */
export function subcategoryName(categoryId: string, id: string): string {
  const s = subcategoryOf(categoryId, id);
  if (!s) return id;
  return current === 'en' ? s.id.replace(/-/g, ' ') : s.name;
}

/** A workflow status's name in the current language. */
export function statusName(status: EventStatus): string {
  return (current === 'en' ? STATUS_NAMES_EN : STATUS_NAMES)[status];
}

/** Whole numbers with the current language's grouping. */
export function formatNumber(n: number): string {
  return groupedNumber(n, current);
}

/** A workflow action's button name in the current language. */
export function actionName(action: WorkflowAction): string {
  return (current === 'en' ? ACTION_NAMES_EN : ACTION_NAMES)[action];
}
