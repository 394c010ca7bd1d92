// Appointment slots per service and day (分时段预约): choose a service and a day, see its slots with how many are
// booked, open a slot with a capacity, close an unbooked one. The server refuses overlaps, times outside the
// service's hours and closing a slot that has bookings; its reason is shown next to the form.
import { t } from '/common/i18n.js';
import { explain, formValues, localName, node, say } from './util.js';

const $ = (selector) => document.querySelector(selector);
let call;

export function initSlots(apiCall) {
  call = apiCall;
  $('#slots-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    loadSlots().catch((e) => say($('#slots-filter .message'), explain(e)));
  });
  $('#slot-form').addEventListener('submit', openSlot);
  $('#slots-table').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-close]');
    if (button) closeSlot(button.dataset.close);
  });
}

/** Shows the screen: the services to choose from, tomorrow by default, and that day's slots. */
export async function showSlots() {
  const services = await call('GET', '/api/admin/services');
  const select = $('#slots-service');
  const chosen = select.value;
  select.replaceChildren(...services.map((s) => node('option', { value: s.id, text: localName(s) })));
  if (chosen) select.value = chosen;
  const day = $('#slots-day');
  if (!day.value) {
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    day.value = tomorrow.toISOString().slice(0, 10);
  }
  await loadSlots();
}

async function loadSlots() {
  const serviceId = $('#slots-service').value;
  const day = $('#slots-day').value;
  const slots = await call('GET', `/api/admin/slots?serviceId=${encodeURIComponent(serviceId)}&day=${encodeURIComponent(day)}`);
  $('#slots-table tbody').replaceChildren(...slots.map((s) => node('tr', {},
    node('td', { text: `${s.starts}–${s.ends}` }),
    node('td', { class: 'num', text: String(s.capacity) }),
    node('td', { class: 'num', text: String(s.booked) }),
    node('td', {}, s.booked > 0
      ? node('span', { class: 'note', text: t('slots.hasBookings') })
      : node('button', { type: 'button', class: 'small secondary', 'aria-label': t('slots.closeNamed',
        { time: `${s.starts}–${s.ends}` }), text: t('slots.close'), dataset: { close: String(s.id) } })))));
  $('#slots-table').hidden = slots.length === 0;
  $('#slots-empty').hidden = slots.length > 0;
  say($('#slots-filter .message'), '');
}

async function openSlot(event) {
  event.preventDefault();
  const form = event.target;
  const values = { ...formValues(form), serviceId: $('#slots-service').value, day: $('#slots-day').value };
  say(form.querySelector('.message'), ''); // the previous answer must not stand for this one while it is pending
  try {
    await call('POST', '/api/admin/slots', values);
    say(form.querySelector('.message'), t('slots.opened', { time: `${values.starts}–${values.ends}` }), 'ok');
    await loadSlots();
  } catch (e) {
    say(form.querySelector('.message'), explain(e));
  }
}

async function closeSlot(id) {
  try {
    await call('DELETE', `/api/admin/slots/${id}`);
    await loadSlots();
  } catch (e) {
    say($('#slot-form .message'), explain(e));
  }
}
