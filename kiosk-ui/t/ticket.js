// The phone page behind a ticket's QR code (/t/{token}): number, service and live place, refreshed every 20 s.
// It shows only what GET /api/public/tickets/{token} returns, which holds nothing personal.

import { api } from '/common/api.js';
import { language, loadLanguage, t } from '/common/i18n.js';

const REFRESH_MS = 20_000;
const token = location.pathname.split('/').pop();
let ticket = null;
let failed = false;

function render() {
  const status = document.getElementById('status');
  if (failed) {
    status.textContent = t('ticket.unknown');
    return;
  }
  if (!ticket) return;
  document.getElementById('number').textContent = ticket.number;
  document.getElementById('service').textContent = language() === 'en' && ticket.serviceNameEn
    ? ticket.serviceNameEn : ticket.serviceName;
  status.textContent = ticket.status === 'waiting'
    ? t('ticket.ahead', { n: ticket.peopleAhead, minutes: ticket.estimatedWaitMinutes })
    : t(`status.${ticket.status}`, { room: ticket.roomId ?? '' });
  document.getElementById('updated').textContent = t('ticket.updated', { time: new Date().toLocaleTimeString(language()) });
}

async function refresh() {
  try {
    ticket = await api('GET', `/api/public/tickets/${encodeURIComponent(token)}`);
    failed = false;
  } catch (e) {
    failed = e.status === 404 || e.status === 400;
  }
  render();
}

async function main() {
  const preferred = navigator.language?.startsWith('zh') ? 'zh-CN' : 'en';
  await loadLanguage('/t', preferred);
  document.getElementById('language').addEventListener('click', async () => {
    await loadLanguage('/t', language() === 'en' ? 'zh-CN' : 'en');
    document.getElementById('language').lang = language() === 'en' ? 'zh-CN' : 'en';
    render();
  });
  document.getElementById('language').lang = language() === 'en' ? 'zh-CN' : 'en';
  await refresh();
  setInterval(refresh, REFRESH_MS);
}

main();
