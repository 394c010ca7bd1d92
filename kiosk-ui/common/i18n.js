// Flat translation files per page (i18n/zh-CN.json, i18n/en.json). zh-CN is the default; text is never hard-coded
// in markup or scripts: elements carry data-i18n="key" (and data-i18n-attr="aria-label" for attributes).

let messages = {};
let current = 'zh-CN';
const listeners = new Set();

export const LANGUAGES = ['zh-CN', 'en'];

export async function loadLanguage(baseUrl, language) {
  const lang = LANGUAGES.includes(language) ? language : 'zh-CN';
  const response = await fetch(`${baseUrl}/i18n/${lang}.json`, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`missing translations for ${lang}`);
  messages = await response.json();
  current = lang;
  document.documentElement.lang = lang;
  translate(document);
  listeners.forEach((listener) => listener(lang));
  return lang;
}

export function language() {
  return current;
}

export function onLanguageChange(listener) {
  listeners.add(listener);
}

/** The text for a key with {name} placeholders filled; the key itself when missing, so gaps are visible. */
export function t(key, values = {}) {
  const text = messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (values[name] ?? `{${name}}`));
}

export function translate(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => {
    const attr = el.dataset.i18nAttr;
    if (attr) el.setAttribute(attr, t(el.dataset.i18n));
    else el.textContent = t(el.dataset.i18n);
  });
}
