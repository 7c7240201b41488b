import { describe, expect, it } from 'vitest';
import { EN } from './en';
import { parseLang, resolveLang } from './language';
import { format } from './t';
import { ZH_CN } from './zh-cn';

describe('resolveLang', () => {
  it('is Chinese by default', () => {
    expect(resolveLang('', null)).toBe('zh-CN');
  });
  it('takes ?lang= over what was stored', () => {
    expect(resolveLang('?token=x&lang=en', 'zh-CN')).toBe('en');
    expect(resolveLang('?lang=zh', 'en')).toBe('zh-CN');
  });
  it('falls back to the stored language, ignoring unknown values', () => {
    expect(resolveLang('?lang=fr', 'en')).toBe('en');
    expect(resolveLang('', 'klingon')).toBe('zh-CN');
  });
  it('parses common spellings', () => {
    expect(parseLang('EN-us')).toBe('en');
    expect(parseLang('zh-Hans')).toBe('zh-CN');
    expect(parseLang('')).toBeNull();
  });
});

describe('format', () => {
  it('fills named values and leaves unknown ones visible', () => {
    expect(format('数据 {s} 秒前', { s: 5 })).toBe('数据 5 秒前');
    expect(format('{a}/{b}', { a: 1 })).toBe('1/{b}');
  });
  it('every English string keeps the placeholders of its Chinese one', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(ZH_CN) as (keyof typeof ZH_CN)[])
      expect(names(EN[key]), key).toEqual(names(ZH_CN[key]));
  });
});

describe('the dictionaries', () => {
  const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;
  it('translate every Chinese key into English, and have no English key without a Chinese one', () => {
    expect(Object.keys(EN).sort()).toEqual(Object.keys(ZH_CN).sort());
    for (const [key, text] of Object.entries(EN)) expect(text.trim(), key).not.toBe('');
    for (const [key, text] of Object.entries(ZH_CN)) expect(text.trim(), key).not.toBe('');
  });
  it('write English in English: no Chinese characters, except the button that switches to Chinese', () => {
    const chinese = Object.entries(EN).filter(([key, text]) => key !== 'lang.switch' && CJK.test(text));
    expect(chinese).toEqual([]);
    expect(EN['lang.switch']).toBe('中文');
  });
});
