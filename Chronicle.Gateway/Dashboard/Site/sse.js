// Server-sent events over fetch(): EventSource cannot send the Authorization header, so the stream is
// read with a ReadableStream reader and parsed here (the text/event-stream format of the HTML standard).

import { ApiError, request, isAbort, query } from './api.js';

/** Parses a text/event-stream body, yielding { type, data, id } for each event. */
export async function* parseEventStream(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let data = [];
  let type = '';
  let id = null;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      for (;;) {
        const end = buffer.search(/[\r\n]/);
        // A lone CR at the end of a chunk may be the first half of CRLF: wait for the next chunk.
        if (end < 0 || (buffer[end] === '\r' && end === buffer.length - 1)) break;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer[end] === '\r' && buffer[end + 1] === '\n' ? 2 : 1));
        if (line === '') {
          if (data.length) yield { type: type || 'message', data: data.join('\n'), id };
          data = [];
          type = '';
          id = null;
          continue;
        }
        if (line.startsWith(':')) continue; // a comment
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
        if (field === 'data') data.push(text);
        else if (field === 'event') type = text;
        else if (field === 'id' && !text.includes('\0')) id = text;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

const MIN_RETRY_MS = 1000;
const MAX_RETRY_MS = 15000;

/**
 * Follows a server-sent-events route for as long as it is open: reconnects after any end or failure,
 * asking for what came after the last event it saw (?after= and Last-Event-ID), so nothing is lost
 * across a reconnect or a pause. Stops for good when the key is refused.
 *
 * handlers: onEvent(data, id), onReady(data), onState('connecting' | 'live' | 'reconnecting' | 'paused' | 'refused', detail)
 */
export function followEventStream(path, params, handlers) {
  let lastId = null;
  let controller = null;
  let running = false;
  // Each start() runs its own loop; a loop whose generation is not the current one winds down.
  let generation = 0;
  let retryMs = MIN_RETRY_MS;
  let wake = null;

  const url = () => path + query({ ...params, after: lastId });

  async function run(mine) {
    const current = () => running && mine === generation;
    while (current()) {
      controller = new AbortController();
      handlers.onState(lastId === null ? 'connecting' : 'reconnecting', lastId);
      try {
        const headers = { Accept: 'text/event-stream' };
        if (lastId !== null) headers['Last-Event-ID'] = lastId;
        const response = await request(url(), { signal: controller.signal, headers });
        if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
        for await (const event of parseEventStream(response.body)) {
          // Paused or closed: an event already read is left for the next connection to bring again.
          if (!current()) break;
          retryMs = MIN_RETRY_MS;
          if (event.type === 'ready') {
            handlers.onReady(JSON.parse(event.data));
            handlers.onState('live', lastId);
          } else if (event.type === 'message') {
            if (event.id !== null) lastId = event.id;
            handlers.onEvent(JSON.parse(event.data), event.id);
          }
        }
      } catch (error) {
        if (!current() || isAbort(error)) break;
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          stop();
          handlers.onState('refused', error.message);
          return;
        }
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      }
      if (!current()) break;
      handlers.onState('reconnecting', lastId);
      // Waits before the next attempt; stop() or resume() cut the wait short.
      await new Promise((resolve) => {
        wake = resolve;
        setTimeout(resolve, retryMs);
      });
    }
  }

  function start() {
    if (running) return;
    running = true;
    run(++generation);
  }

  function stop() {
    running = false;
    generation++;
    controller?.abort();
    wake?.();
  }

  start();
  return {
    /** Stops reading; what arrives meanwhile stays on the server, resume() picks it up. */
    pause() {
      stop();
      handlers.onState('paused', lastId);
    },
    resume: start,
    close: stop,
  };
}
