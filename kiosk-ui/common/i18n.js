// Flat translation files per page (i18n/zh-CN.json, i18n/en.json). zh-CN is the default; text is never hard-coded
// in markup or scripts: elements carry data-i18n="key" (and data-i18n-attr="aria-label" for attributes).

let messages = {};
let current = 'zh-CN';
const listeners = new Set();
// Each file is fetched once per page load: switching back to a language already seen (the kiosk returning to
// Chinese for the next resident) then changes every text at once, with no moment of the old language on screen.
const loaded = new Map();

export const LANGUAGES = ['zh-CN', 'en'];

export async function loadLanguage(baseUrl, language) {
  const lang = LANGUAGES.includes(language) ? language : 'zh-CN';
  const url = `${baseUrl}/i18n/${lang}.json`;
  if (!loaded.has(url)) {
    const response = await fetch(url, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`missing translations for ${lang}`);
    loaded.set(url, await response.json());
  }
  messages = loaded.get(url);
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
