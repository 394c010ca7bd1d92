// Helpers shared by the admin screens: plain-words error messages, form values, small DOM builders.
import { t, language } from '/common/i18n.js';

/**
 * What went wrong, in plain words: our own translation when the code is one a person meets often, then the
 * server's message, which names the field and the rule (the server checks everything; the page does not guess).
 */
export function explain(error) {
  if (error.code === 'network') return t('error.network');
  const key = `error.${error.code}`;
  const known = t(key) !== key ? t(key) : t('error.refused');
  return error.message ? `${known} ${t('error.serverSays', { message: error.message })}` : known;
}

export function say(target, text, kind = 'error') {
  target.textContent = text;
  target.dataset.kind = kind;
}

/** A form's fields as JSON: checkboxes as booleans, number inputs as numbers, empty optional text left out. */
export function formValues(form) {
  const out = {};
  for (const input of form.querySelectorAll('input[name], select[name]')) {
    if (input.closest('[hidden]') || input.disabled) continue;
    if (input.type === 'checkbox') out[input.name] = input.checked;
    else if (input.type === 'number') out[input.name] = input.value === '' ? null : Number(input.value);
    else if (input.value.trim() !== '' || input.required) out[input.name] = input.value.trim();
  }
  return out;
}

export function node(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') element.textContent = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(key, value === true ? '' : value);
  }
  element.append(...children.filter((c) => c !== null && c !== undefined));
  return element;
}

export function number(value, digits = 0) {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(language(), { minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(value);
}

/** Seconds as minutes with one decimal, or a dash when there was nothing to measure. */
export function minutes(seconds) {
  return seconds === null || seconds === undefined ? '—' : number(seconds / 60, 1);
}

/** The name to show for a service or room in the current language. */
export function localName(item) {
  return language() === 'en' && item.nameEn ? item.nameEn : item.name;
}
