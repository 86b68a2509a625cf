// The live event stream: every ledger event as it happens, filtered by account or type, pausable.

import { followEventStream } from './sse.js';
import { clock, element, money } from './format.js';

/** Rows kept on screen; the stream itself keeps everything (a paused or lagging tab resumes where it was). */
const MAX_ROWS = 200;

/** The types `?type=` takes: LiveEvents.Types on the server, in its order. */
const TYPES = [
  'AccountCreated', 'MoneyDeposited', 'MoneyWithdrawn', 'AccountFrozen', 'AccountUnfrozen', 'AccountClosed', 'OverdraftLimitSet',
  'TransferSent', 'TransferHeld', 'HoldPosted', 'HoldReleased', 'TransferCredited', 'TransferSettled', 'TransferReturned',
  'HoldRefused', 'HoldReleaseConfirmed', 'IncomingHoldOpened', 'IncomingHoldReleased',
];

/** Every event the stream delivers, for the other views to react to ("ledger-event", detail: the event). */
export const ledgerEvents = new EventTarget();

export function startStream(signal, { onState, onAccountPicked }) {
  const $ = (id) => document.getElementById(id);
  const body = document.querySelector('#events tbody');
  const status = $('stream-status');
  const pause = $('pause');
  const accountFilter = $('filter-account');
  const typeFilter = $('filter-type');
  typeFilter.append(...TYPES.map((type) => element('option', type)));

  let received = 0;
  let stream = null;

  function row(event) {
    const tr = element('tr', '', 'new');
    tr.dataset.sequence = event.sequence;
    const who = element('td', '', 'mono');
    if (event.account_id) {
      const link = element('button', event.account_id, 'link');
      link.type = 'button';
      link.addEventListener('click', () => onAccountPicked(event.account_id));
      who.append(link);
    } else who.textContent = event.entity_id;
    if (event.transfer_id && event.entity_type === 'account') who.append(element('span', ` · ${event.transfer_id}`, 'sub'));
    tr.append(
      element('td', String(event.sequence), 'num'),
      element('td', clock(event.occurred_at), 'mono'),
      element('td', event.type),
      who,
      element('td', money(event.amount, event.currency), 'num'),
      element('td', String(event.version), 'num'),
      element('td', event.detail ?? '', 'detail'),
    );
    return tr;
  }

  function connect() {
    stream?.close();
    const params = {};
    if (accountFilter.value.trim()) params.account = accountFilter.value.trim();
    if (typeFilter.value) params.type = typeFilter.value;
    stream = followEventStream('/events/stream', params, {
      onReady: (ready) => {
        status.textContent = `live from #${ready.from_sequence} · feed at #${ready.last_sequence}`;
      },
      onEvent: (event) => {
        received++;
        body.prepend(row(event));
        while (body.rows.length > MAX_ROWS) body.lastElementChild.remove();
        status.textContent = `${received.toLocaleString('en')} events · last #${event.sequence}`;
        ledgerEvents.dispatchEvent(new CustomEvent('ledger-event', { detail: event }));
      },
      onState: (state, lastId) => {
        onState(state);
        if (state === 'paused') status.textContent = `paused at #${lastId ?? '–'}: new events wait on the server`;
        if (state === 'reconnecting') status.textContent = `reconnecting, resuming after #${lastId ?? '–'}…`;
      },
    });
  }

  pause.addEventListener('click', () => {
    const paused = pause.getAttribute('aria-pressed') === 'true';
    pause.setAttribute('aria-pressed', String(!paused));
    pause.textContent = paused ? 'Pause' : 'Resume';
    if (paused) stream.resume();
    else stream.pause();
  });

  // A new filter is a new stream: it starts with the feed's recent events that pass it.
  const refilter = () => {
    body.replaceChildren();
    received = 0;
    pause.setAttribute('aria-pressed', 'false');
    pause.textContent = 'Pause';
    connect();
  };
  accountFilter.addEventListener('change', refilter);
  typeFilter.addEventListener('change', refilter);
  $('stream-filter').addEventListener('submit', (e) => {
    e.preventDefault();
    refilter();
  });

  signal.addEventListener('abort', () => stream?.close());
  connect();
}
