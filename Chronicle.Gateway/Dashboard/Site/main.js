// The dashboard's entry: nothing is shown, and nothing asked of the node, until an API key is entered.

import { apiKey, onKeyRefused } from './api.js';
import { startAccount } from './account.js';
import { startStats } from './stats.js';
import { startStream } from './stream.js';
import { startTransfers } from './transfers.js';

const $ = (id) => document.getElementById(id);
let running = null;

function showGate(problem) {
  running?.abort();
  running = null;
  $('dashboard').hidden = true;
  $('session').hidden = true;
  $('key-gate').hidden = false;
  $('key-error').hidden = !problem;
  $('key-error').textContent = problem ?? '';
  $('key-input').value = '';
  $('key-input').focus();
}

/** Once per page load: the views wire themselves to the page's elements for the life of the page. */
function showDashboard() {
  running = new AbortController();
  const signal = running.signal;
  $('key-gate').hidden = true;
  $('dashboard').hidden = false;
  $('session').hidden = false;

  const connection = $('connection');
  const account = startAccount(signal);
  startStats(signal);
  startStream(signal, {
    onState: (state) => {
      connection.dataset.state = state;
      connection.textContent = state;
    },
    onAccountPicked: account.show,
  });
  startTransfers(signal, { onAccountPicked: account.show });
}

onKeyRefused((status, problem) => {
  apiKey.clear();
  showGate(`The node refused this key (${status}${problem?.detail ? `: ${problem.detail}` : ''}). Enter an auditor key.`);
});

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('key-input').value.trim();
  if (!key) return;
  apiKey.set(key);
  // A fresh page with the key in session storage: the views start clean, with it.
  location.reload();
});

$('forget-key').addEventListener('click', () => {
  apiKey.clear();
  showGate(null);
});

if (apiKey.get()) showDashboard();
else showGate(null);
