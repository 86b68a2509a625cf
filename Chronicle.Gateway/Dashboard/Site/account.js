// One account: its facts, its balance over time with a time-travel slider (balance-at), its
// transactions newest first, paged. Kept current from the live stream. Its hash chain is checked
// (verify-chain) when it is shown: a scan of all its events, so not on every live update.

import { ApiError, getJson, isAbort, query } from './api.js';
import { drawLineChart, redrawOnResize } from './chart.js';
import { amount, clock, dateTime, debounce, element, instantMs, money, plotValue } from './format.js';
import { ledgerEvents } from './stream.js';

const PAGE = 10;
/** Movements the chart draws: the latest this many. */
const CHART_ROWS = 500;
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** The read model trails the feed by a little: an account read right after its event may not show it yet. */
const CATCH_UP_TRIES = 20;
const CATCH_UP_MS = 300;

export function startAccount(signal) {
  const $ = (id) => document.getElementById(id);
  const view = $('account-view');
  const message = $('account-message');
  const search = $('account-query');
  const slider = $('travel');
  const travelResult = $('travel-result');
  const chart = $('balance-chart');
  const path = (suffix = '') => `/accounts/${encodeURIComponent(account.account_id)}${suffix}`;

  let account = null;
  let points = [];
  let chartStart = 0;
  let travel = null; // { at, balance?, version? } while the slider is off "now"
  let cursors = []; // the `before` of each page shown before the current one
  let pageBefore = null;
  let loads = 0;
  let travels = 0;
  let chains = 0;

  function drawChart() {
    if (!account) return;
    const now = Number(slider.max);
    drawLineChart(chart, points, {
      stepped: true,
      labels: true,
      xMin: chartStart,
      xMax: now,
      formatY: (y) => `${amount(String(Math.round(y)))} ${account.currency}`,
      marker: travel ? { x: travel.at, y: travel.balance !== undefined ? plotValue(travel.balance) : undefined, label: dateTime(travel.at) } : null,
    });
  }
  redrawOnResize(chart, drawChart);

  /** The balance, the version and the overdraft limit of `state` (the account now, or as of an instant). */
  const stateText = (when, state) =>
    `${when}: ${money(state.balance, state.currency)} · version ${state.version} · overdraft limit ${money(state.overdraft_limit, state.currency)}`;

  function renderFacts() {
    $('account-owner').textContent = account.owner_name;
    $('account-balance').textContent = money(account.balance, account.currency);
    // The balance less what holds keep back, plus the overdraft limit: what may still leave.
    $('account-available').textContent = money(account.available_balance, account.currency);
    $('account-overdraft').textContent = money(account.overdraft_limit, account.currency);
    const status = $('account-status');
    status.textContent = account.status;
    status.dataset.status = account.status;
    $('account-version').textContent = String(account.version);
    $('account-created').textContent = dateTime(account.created_at);
    $('account-updated').textContent = dateTime(account.last_updated);
    // The client's labels, key=value in key order (as the API gives them).
    const labels = Object.entries(account.metadata ?? {});
    $('account-metadata').textContent = labels.length ? labels.map(([key, value]) => `${key}=${value}`).join(' · ') : 'none';
  }

  function renderChart(history) {
    const rows = [...history.transactions].reverse();
    const complete = history.total <= rows.length;
    chartStart = complete || !rows.length ? instantMs(account.created_at) : instantMs(rows[0].timestamp);
    points = (complete ? [{ x: instantMs(account.created_at), y: 0 }] : []).concat(
      rows.map((t) => ({ x: instantMs(t.timestamp), y: plotValue(t.balance_after) })),
    );
    // The slider spans the account's life: from its first millisecond to now.
    const atNow = !travel;
    slider.min = String(instantMs(account.created_at, true));
    slider.max = String(Math.max(Date.now(), instantMs(account.last_updated, true)));
    if (atNow) slider.value = slider.max;
    drawChart();
    if (atNow) travelResult.textContent = stateText('now', account);
  }

  /** Shows the page of movements at pageBefore; the newest one is the head of `history` when load() has it already. */
  async function renderPage(history = null) {
    const page = pageBefore === null && history
      ? { transactions: history.transactions.slice(0, PAGE), total: history.total }
      : await getJson(path(`/transactions${query({ limit: PAGE, before: pageBefore })}`), { signal });
    const body = document.querySelector('#transactions tbody');
    body.replaceChildren(
      ...page.transactions.map((t) => {
        const tr = element('tr');
        tr.append(
          element('td', dateTime(t.timestamp), 'mono'),
          element('td', t.type + (t.transfer_id ? ` · ${t.transfer_id}` : '')),
          element('td', amount(t.amount), 'num'),
          element('td', amount(t.balance_after), 'num'),
          element('td', String(t.version), 'num'),
          element('td', t.description ?? '', 'detail'),
        );
        return tr;
      }),
    );
    const first = cursors.length * PAGE + 1;
    $('tx-page').textContent = page.transactions.length
      ? `${first}–${first + page.transactions.length - 1} of ${page.total} movements`
      : 'no movements yet';
    $('tx-newer').disabled = cursors.length === 0;
    const last = page.transactions[page.transactions.length - 1];
    $('tx-older').disabled = !last || first + page.transactions.length - 1 >= page.total;
    $('tx-older').dataset.before = last ? String(last.version) : '';
  }

  /** Reads the account again; until it shows at least `version` (the read model catching up), tries again shortly. */
  async function load(id, version = 0, tries = CATCH_UP_TRIES) {
    const mine = ++loads;
    try {
      const found = await getJson(`/accounts/${encodeURIComponent(id)}`, { signal });
      if (mine !== loads) return;
      account = found;
      const history = await getJson(path(`/transactions${query({ limit: CHART_ROWS })}`), { signal });
      if (mine !== loads) return;
      message.textContent = '';
      view.hidden = false;
      renderFacts();
      renderChart(history);
      await renderPage(history);
      if (account.version < version && tries > 0) setTimeout(() => mine === loads && load(id, version, tries - 1), CATCH_UP_MS);
    } catch (error) {
      if (isAbort(error) || mine !== loads) return;
      if (error instanceof ApiError && error.status === 404) {
        account = null;
        view.hidden = true;
      }
      message.textContent = error.message;
    }
  }

  /** The chain as the journal holds it: valid with its head, or where it breaks. */
  async function checkChain(id) {
    const mine = ++chains;
    const chain = $('account-chain');
    chain.textContent = 'checking…';
    delete chain.dataset.status;
    chain.title = '';
    try {
      const found = await getJson(`/accounts/${encodeURIComponent(id)}/verify-chain`, { signal });
      if (mine !== chains) return;
      chain.dataset.status = found.valid ? 'valid' : 'invalid';
      const events = `${found.events} event${found.events === 1 ? '' : 's'}`;
      chain.textContent = found.valid
        ? `valid · ${events} · head ${found.head ? `${found.head.slice(0, 12)}…` : 'none'} · checked ${clock(new Date().toISOString())}`
        : `broken at version ${found.first_bad_version} (${found.problem}) · ${events}`;
      chain.title = found.head ?? '';
    } catch (error) {
      if (!isAbort(error) && mine === chains) chain.textContent = error.message;
    }
  }

  function show(id) {
    search.value = id;
    travel = null;
    cursors = [];
    pageBefore = null;
    load(id);
    checkChain(id);
  }

  const travelTo = debounce(async (at) => {
    const mine = ++travels;
    try {
      const state = await getJson(path(`/balance-at${query({ timestamp: new Date(at).toISOString() })}`), { signal });
      if (mine !== travels || !travel) return;
      travel = { at, balance: state.balance, version: state.version };
      travelResult.textContent = stateText(`as of ${dateTime(at)}`, state);
      drawChart();
    } catch (error) {
      if (!isAbort(error) && mine === travels) travelResult.textContent = `as of ${dateTime(at)}: ${error.message}`;
    }
  }, 120);

  slider.addEventListener('input', () => {
    if (!account) return;
    const at = Number(slider.value);
    if (at >= Number(slider.max)) {
      travel = null;
      travels++;
      travelResult.textContent = stateText('now', account);
    } else {
      travel = { at };
      travelResult.textContent = `as of ${dateTime(at)}: …`;
      travelTo(at);
    }
    drawChart();
  });

  $('tx-older').addEventListener('click', () => {
    cursors.push(pageBefore);
    pageBefore = $('tx-older').dataset.before;
    renderPage().catch(() => {});
  });
  $('tx-newer').addEventListener('click', () => {
    pageBefore = cursors.pop() ?? null;
    renderPage().catch(() => {});
  });

  $('account-search').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = search.value.trim();
    if (ACCOUNT_ID.test(id)) show(id);
    else message.textContent = 'an account id is 1-64 characters of A-Z, a-z, 0-9, _ or -';
  });

  const suggest = debounce(async (prefix) => {
    try {
      const found = await getJson(`/accounts${query({ prefix, limit: 10 })}`, { signal });
      $('account-suggestions').replaceChildren(...found.accounts.map((a) => {
        const option = element('option');
        option.value = a.account_id;
        option.label = `${a.owner_name} · ${money(a.balance, a.currency)}`;
        return option;
      }));
    } catch {
      // Suggestions are a convenience: without them, the id typed in full still works.
    }
  }, 250);
  search.addEventListener('input', () => {
    const prefix = search.value.trim();
    if (ACCOUNT_ID.test(prefix)) suggest(prefix);
  });

  // Live: the account's own events bring it up to date (the page shown stays where the reader put it).
  const refresh = debounce((version) => account && load(account.account_id, version), 150);
  ledgerEvents.addEventListener('ledger-event', ({ detail: event }) => {
    if (account && event.entity_type === 'account' && event.account_id === account.account_id) refresh(event.version);
  });

  return { show };
}
