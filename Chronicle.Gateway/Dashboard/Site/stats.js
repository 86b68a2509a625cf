// The top row: money per currency, events per second (and its last minutes), projection lag, cluster members.

import { getJson, isAbort } from './api.js';
import { drawLineChart, redrawOnResize } from './chart.js';
import { element, instantMs, money } from './format.js';

const POLL_MS = 2000;

const READ_MODEL_NOTES = {
  none: 'this node has no read model',
  unreachable: 'read model unreachable',
  rebuilding: 'read model being rebuilt',
};

export function startStats(signal) {
  const $ = (id) => document.getElementById(id);
  const rateChart = $('rate-chart');
  let history = [];

  const drawRate = () =>
    drawLineChart(rateChart, history.map((s) => ({ x: instantMs(s.at), y: s.per_second })), { fill: true });
  redrawOnResize(rateChart, drawRate);

  function render(stats) {
    const moneyList = $('money-list');
    moneyList.replaceChildren(
      ...(stats.money ?? []).map((total) => {
        const item = element('li');
        item.append(element('b', money(total.total, total.currency)), element('span', `${total.accounts} accounts`, 'sub'));
        return item;
      }),
    );
    $('money-note').textContent = stats.money ? (stats.money.length ? '' : 'no accounts yet') : READ_MODEL_NOTES[stats.read_model] ?? '';

    if (stats.events) {
      $('rate-now').textContent = stats.events.per_second.toFixed(1);
      $('rate-total').textContent = `${stats.events.on_stream.toLocaleString('en')} events on the feed`;
      history = stats.events.history;
    } else {
      $('rate-now').textContent = '–';
      $('rate-total').textContent = 'no event feed on this node';
      history = [];
    }
    drawRate();

    const projection = stats.projection;
    $('lag-ms').textContent = projection?.lag_ms != null ? `${projection.lag_ms.toLocaleString('en')} ms` : '–';
    $('lag-detail').textContent = projection
      ? `${projection.caught_up ? 'caught up' : `${projection.pending.toLocaleString('en')} pending`} · ${projection.running}/${projection.partitions} partitions running`
      : 'no projector on this node';

    const members = stats.cluster.members;
    $('member-count').textContent = `${members.filter((m) => m.status === 'up' && m.reachable).length} up`;
    $('member-list').replaceChildren(
      ...members.map((m) =>
        element('li', `${m.address} · ${m.status}${m.reachable ? '' : ' · unreachable'}${m.address === stats.cluster.self ? ' · this node' : ''}`),
      ),
    );
  }

  async function poll() {
    try {
      render(await getJson('/stats', { signal }));
    } catch (error) {
      if (isAbort(error)) return;
      $('money-note').textContent = `stats unavailable: ${error.message}`;
    }
    if (!signal.aborted) setTimeout(poll, POLL_MS);
  }
  poll();
}
