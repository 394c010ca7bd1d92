// fetch() for the ClinicKiosk API: JSON in and out, errors as ApiError with the server's code and message.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const headers = {};

/** Sent with every request: X-Kiosk-Token on a kiosk, X-CSRF-Token for staff after login. */
export function setHeader(name, value) {
  if (value == null) delete headers[name];
  else headers[name] = value;
}

export async function api(method, path, body, extraHeaders = {}) {
  const init = { method, headers: { ...headers, ...extraHeaders }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', 'the server cannot be reached');
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = json?.error ?? {};
    throw new ApiError(response.status, error.code ?? 'http_' + response.status, error.message ?? response.statusText);
  }
  return json;
}

/** A key for Idempotency-Key: the same logical request keeps its key across retries. */
export function newKey() {
  return crypto.randomUUID();
}
