// Live checks for what residents type on the keypads: the ID number's check character (GB 11643, ISO 7064
// MOD 11-2) and a mainland mobile number. The server checks both again; these only give immediate feedback.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** 'incomplete' (with missing count), 'bad-date', 'bad-check' or 'ok'. */
export function checkIdNumber(text) {
  if (text.length < 18) return { state: 'incomplete', missing: 18 - text.length };
  const year = Number(text.slice(6, 10));
  const month = Number(text.slice(10, 12));
  const day = Number(text.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!real || year < 1880 || date.getTime() > Date.now()) return { state: 'bad-date' };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(text[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11] === text[17] ? { state: 'ok' } : { state: 'bad-check' };
}

/** Whether one more key may be typed: digits, and X only as the 18th character. */
export function acceptsIdKey(text, key) {
  if (text.length >= 18) return false;
  if (key === 'X') return text.length === 17;
  return /^[0-9]$/.test(key);
}

/** 'incomplete', 'bad' or 'ok' for an 11-digit mobile number starting 13–19. */
export function checkPhone(text) {
  if (text.length < 11) return 'incomplete';
  return /^1[3-9][0-9]{9}$/.test(text) ? 'ok' : 'bad';
}

/** Groups for reading back: 6-8-4 for ID numbers, 3-4-4 for phones. */
export function grouped(text, sizes) {
  const parts = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= text.length) break;
    parts.push(text.slice(at, at + size));
    at += size;
  }
  return parts.join(' ');
}
