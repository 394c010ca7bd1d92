// The display's event stream, read over fetch() so that it never gives up: after a network drop, a server restart
// or an HTTP error it reconnects every few seconds, sending Last-Event-ID so the server replays exactly the calls
// missed in between. A watchdog treats a silent connection (no event or heartbeat for silenceMs) as dropped, which
// catches a cable pulled somewhere between the display and the server.

export function openDisplayStream(url, handlers, onStatus, { silenceMs = 45000 } = {}) {
  let lastEventId = null;
  let retryMs = 2000;
  let controller = null;
  let watchdog = null;
  let stopped = false;

  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => controller?.abort(), silenceMs);
  };

  function dispatch(block) {
    let name = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('id:')) lastEventId = line.slice(3).trim();
      else if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trimStart();
      else if (line.startsWith('retry:')) retryMs = Number(line.slice(6)) || retryMs;
    }
    if (!data || !handlers[name]) return;
    try {
      handlers[name](JSON.parse(data));
    } catch (error) {
      console.error(`display: ${name} event not handled`, error); // one bad event must not stop the stream
    }
  }

  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = { Accept: 'text/event-stream' };
        if (lastEventId) headers['Last-Event-ID'] = lastEventId;
        arm();
        const response = await fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
        if (!response.ok) throw new Error(`display stream refused: ${response.status}`);
        onStatus('open');
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          arm();
          buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (error) {
        // dropped, refused or silent: reconnect below
      }
      clearTimeout(watchdog);
      if (stopped) return;
      onStatus('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }

  run();
  return { close: () => { stopped = true; controller?.abort(); } };
}
