// Line charts drawn on a canvas by hand: no charting library, nothing loaded from elsewhere.

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** Sizes the canvas's pixels to its CSS box (sharp on high-density screens) and returns a context in CSS pixels. */
function prepare(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  const context = canvas.getContext('2d');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return { context, width, height };
}

/**
 * Draws points [{x, y}] (x: epoch ms, y: a number) as a line over [xMin, xMax].
 * options: stepped (a value holds until the next point), fill, labels (y axis: min and max, formatted
 * by formatY), marker ({x, y?, label}: a vertical line, a dot at y).
 */
export function drawLineChart(canvas, points, options = {}) {
  const { context, width, height } = prepare(canvas);
  const { stepped = false, fill = true, labels = false, formatY = String, marker = null } = options;
  const xMin = options.xMin ?? Math.min(...points.map((p) => p.x));
  const xMax = options.xMax ?? Math.max(...points.map((p) => p.x));
  const ys = points.map((p) => p.y).concat(marker?.y ?? []);
  const yMin = Math.min(0, ...ys);
  const yMax = Math.max(...ys, yMin + 1);
  const left = labels ? 4 : 1;
  const top = labels ? 14 : 2;
  const bottom = labels ? 14 : 2;
  const plotWidth = Math.max(1, width - left - 1);
  const plotHeight = Math.max(1, height - top - bottom);
  const px = (x) => left + ((x - xMin) / Math.max(1, xMax - xMin)) * plotWidth;
  const py = (y) => top + plotHeight - ((y - yMin) / (yMax - yMin)) * plotHeight;

  context.strokeStyle = css('--line');
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(left, py(yMin) + 0.5);
  context.lineTo(left + plotWidth, py(yMin) + 0.5);
  context.stroke();

  if (labels) {
    context.fillStyle = css('--muted');
    context.font = '11px system-ui, sans-serif';
    context.textBaseline = 'top';
    context.fillText(formatY(yMax), left, 0);
    context.textBaseline = 'bottom';
    context.fillText(formatY(yMin), left, height);
  }

  if (points.length) {
    const path = new Path2D();
    points.forEach((point, index) => {
      if (index === 0) path.moveTo(px(point.x), py(point.y));
      else {
        if (stepped) path.lineTo(px(point.x), py(points[index - 1].y));
        path.lineTo(px(point.x), py(point.y));
      }
    });
    const last = points[points.length - 1];
    if (stepped && options.xMax !== undefined) path.lineTo(px(xMax), py(last.y));
    if (fill) {
      const area = new Path2D(path);
      area.lineTo(stepped && options.xMax !== undefined ? px(xMax) : px(last.x), py(yMin));
      area.lineTo(px(points[0].x), py(yMin));
      area.closePath();
      context.fillStyle = 'rgba(79, 179, 255, 0.15)';
      context.fill(area);
    }
    context.strokeStyle = css('--accent');
    context.lineWidth = 1.5;
    context.stroke(path);
  }

  if (marker) {
    const x = Math.round(px(Math.min(Math.max(marker.x, xMin), xMax))) + 0.5;
    context.strokeStyle = css('--warn');
    context.setLineDash([4, 3]);
    context.beginPath();
    context.moveTo(x, top);
    context.lineTo(x, top + plotHeight);
    context.stroke();
    context.setLineDash([]);
    if (marker.y !== undefined) {
      context.fillStyle = css('--warn');
      context.beginPath();
      context.arc(x, py(marker.y), 4, 0, Math.PI * 2);
      context.fill();
    }
    if (marker.label) {
      context.fillStyle = css('--warn');
      context.font = '11px system-ui, sans-serif';
      context.textBaseline = 'top';
      context.textAlign = x > width / 2 ? 'right' : 'left';
      context.fillText(marker.label, x + (x > width / 2 ? -6 : 6), top);
      context.textAlign = 'left';
    }
  }
}

/** Redraws when the canvas changes size (a phone turned, a window resized). */
export function redrawOnResize(canvas, draw) {
  new ResizeObserver(() => draw()).observe(canvas);
}
