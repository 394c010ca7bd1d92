// Server-sent events. EventSource for public and cookie-authenticated streams; for the kiosk stream, which needs
// the X-Kiosk-Token header that EventSource cannot send, the same protocol read over fetch(). Both reconnect by
// themselves and resume with Last-Event-ID.

export function openEventSource(url, handlers, onStatus = () => {}) {
  const source = new EventSource(url);
  source.onopen = () => onStatus('open');
  source.onerror = () => onStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  for (const [name, handler] of Object.entries(handlers)) {
    source.addEventListener(name, (event) => handler(JSON.parse(event.data), event.lastEventId));
  }
  return { close: () => source.close() };
}

export function openHeaderStream(url, requestHeaders, handlers, onStatus = () => {}) {
  let lastEventId = null;
  let stopped = false;
  let controller = null;
  let retryMs = 2000;

  async function connect() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = { ...requestHeaders, Accept: 'text/event-stream' };
        if (lastEventId) headers['Last-Event-ID'] = lastEventId;
        const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
        if (!response.ok) throw new Error(`stream refused: ${response.status}`);
        onStatus('open');
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (e) {
        if (stopped) return;
      }
      onStatus('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }

  function dispatch(block) {
    let name = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) lastEventId = line.slice(4);
      else if (line.startsWith('event: ')) name = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
      else if (line.startsWith('retry: ')) retryMs = Number(line.slice(7)) || retryMs;
    }
    if (data && handlers[name]) handlers[name](JSON.parse(data), lastEventId);
  }

  connect();
  return { close: () => { stopped = true; controller?.abort(); } };
}
