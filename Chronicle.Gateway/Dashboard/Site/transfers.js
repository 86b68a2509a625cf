// Recent transfers with their status and, for a failed one, why.

import { getJson, isAbort, query } from './api.js';
import { dateTime, debounce, element, money } from './format.js';
import { ledgerEvents } from './stream.js';

const LIMIT = 15;
const POLL_MS = 5000;

export function startTransfers(signal, { onAccountPicked }) {
  const body = document.querySelector('#transfers tbody');
  const status = document.getElementById('transfer-status');

  const accountLink = (id) => {
    const link = element('button', id, 'link');
    link.type = 'button';
    link.addEventListener('click', () => onAccountPicked(id));
    return link;
  };

  function row(transfer) {
    const tr = element('tr');
    tr.dataset.transferId = transfer.transfer_id;
    const route = element('td', '', 'mono');
    route.append(accountLink(transfer.from_account_id), ' → ', accountLink(transfer.to_account_id));
    const badge = element('span', transfer.status, 'badge');
    badge.dataset.status = transfer.status;
    const state = element('td');
    state.append(badge);
    tr.append(
      element('td', transfer.transfer_id, 'mono'),
      route,
      element('td', money(transfer.amount, transfer.currency), 'num'),
      state,
      element('td', transfer.reason ?? '', 'detail'),
      element('td', dateTime(transfer.updated_at), 'mono'),
    );
    return tr;
  }

  let timer;
  async function refresh() {
    clearTimeout(timer);
    try {
      const page = await getJson(`/transfers${query({ limit: LIMIT, status: status.value })}`, { signal });
      body.replaceChildren(...page.transfers.map(row));
      if (!page.transfers.length) {
        const empty = element('tr');
        empty.append(element('td', 'no transfers yet', 'sub'));
        body.replaceChildren(empty);
      }
    } catch (error) {
      if (isAbort(error)) return;
    }
    if (!signal.aborted) timer = setTimeout(refresh, POLL_MS);
  }

  status.addEventListener('change', refresh);
  // A transfer's own events say it moved on; the read model has it a moment later.
  const soon = debounce(refresh, 400);
  ledgerEvents.addEventListener('ledger-event', ({ detail: event }) => {
    if (event.entity_type === 'transfer') soon();
  });
  refresh();
}
