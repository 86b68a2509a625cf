// The one way the dashboard talks to the node: every request carries the API key from session storage.

const KEY = 'chronicle.apiKey';

export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

/** An error answer: status and the node's problem+json (when it sent one). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

const refusedHandlers = new Set();

/** Called with the status when the node refuses the key (401, 403): the page goes back to asking for one. */
export function onKeyRefused(handler) {
  refusedHandlers.add(handler);
}

/** fetch() with the key; throws ApiError for a refused key, and when there is no key to send. */
export async function request(path, { signal, headers = {} } = {}) {
  const key = apiKey.get();
  if (!key) throw new ApiError(401, { detail: 'no API key entered' });
  const response = await fetch(path, {
    headers: { Authorization: `Bearer ${key}`, Accept: 'application/json', ...headers },
    signal,
    cache: 'no-store',
  });
  if (response.status === 401 || response.status === 403) {
    const problem = await response.json().catch(() => null);
    refusedHandlers.forEach((handler) => handler(response.status, problem));
    throw new ApiError(response.status, problem);
  }
  return response;
}

/** GET a JSON answer; ApiError for anything but 2xx. */
export async function getJson(path, options) {
  const response = await request(path, options);
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** A query string from the given parameters, leaving out the empty ones. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** An aborted request is how a view cancels what it no longer needs: not an error to show. */
export const isAbort = (error) => error?.name === 'AbortError';
