// Display helpers. Money stays a decimal string from the API: never parsed into a float to be shown.

/** "1234567.50" → "1,234,567.50" (grouping only; the digits are the API's). */
export function amount(text) {
  if (text === undefined || text === null) return '';
  const [whole, fraction] = String(text).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

export const money = (text, currency) => (text === undefined || text === null ? '' : `${amount(text)}${currency ? ` ${currency}` : ''}`);

/** For plotting only (a pixel position), never for arithmetic on money. */
export const plotValue = (text) => Number(text);

/**
 * An ISO 8601 instant from the API (up to 7 fractional digits) in epoch milliseconds, rounded down or,
 * with up = true, up: the first millisecond at or after the instant, which is what a slider that must not
 * start before an account existed needs.
 */
export function instantMs(iso, up = false) {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(.*)$/.exec(iso);
  if (!match) return Date.parse(iso);
  const digits = (match[2] ?? '').padEnd(3, '0');
  const whole = Date.parse(match[1] + match[3]) + Number(digits.slice(0, 3));
  return up && /[1-9]/.test(digits.slice(3)) ? whole + 1 : whole;
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** Local time of day with milliseconds: events are often apart by less than a second. */
export function clock(iso) {
  const date = new Date(instantMs(iso));
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

export function dateTime(msOrIso) {
  const date = new Date(typeof msOrIso === 'number' ? msOrIso : instantMs(msOrIso));
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A table cell (or any element) with text; never innerHTML with data from the ledger. */
export function element(tag, text = '', className = '') {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  // A cut-off detail can still be read in full by hovering it.
  if (className === 'detail') node.title = text;
  return node;
}

/** Calls fn once things have been quiet for ms (the last call wins). */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
