/** A bar chart drawn in SVG: one bar per value, labelled for screen readers by `label` and a title per bar. */
export function BarChart(props: {
  label: string;
  values: number[];
  barTitle: (i: number, v: number) => string;
  axis: [string, string];
  testId?: string;
}) {
  const { values } = props;
  const width = 600;
  const height = 160;
  const max = Math.max(1, ...values);
  const step = width / Math.max(1, values.length);
  return (
    <figure class="chart" data-testid={props.testId}>
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={props.label}>
        <line x1="0" y1={height} x2={width} y2={height} class="axis" />
        {values.map((v, i) => {
          const h = (v / max) * (height - 10);
          return (
            <rect key={i} class="bar" x={i * step + 1} y={height - h} width={Math.max(1, step - 2)} height={h}>
              <title>{props.barTitle(i, v)}</title>
            </rect>
          );
        })}
        <text x="0" y={height + 16} class="tick">
          {props.axis[0]}
        </text>
        <text x={width} y={height + 16} class="tick" text-anchor="end">
          {props.axis[1]}
        </text>
        <text x={width} y="12" class="tick" text-anchor="end">
          max {max}
        </text>
      </svg>
      <figcaption>{props.label}</figcaption>
    </figure>
  );
}

/** Parts of a whole as one stacked bar, each part named in the legend beside it. */
export function StackedBar(props: { label: string; parts: Array<{ name: string; value: number; tone: string }> }) {
  const total = Math.max(
    1,
    props.parts.reduce((n, p) => n + p.value, 0),
  );
  let x = 0;
  return (
    <figure class="chart">
      <svg
        viewBox="0 0 600 28"
        role="img"
        aria-label={`${props.label}: ${props.parts.map((p) => `${p.name} ${p.value}`).join(', ')}`}
      >
        {props.parts.map((p) => {
          const w = (p.value / total) * 600;
          const rect = <rect key={p.name} x={x} y="0" width={w} height="28" class={`tone-${p.tone}`} />;
          x += w;
          return rect;
        })}
      </svg>
      <figcaption>
        {props.label}:{' '}
        {props.parts.map((p) => (
          <span key={p.name} class="legend">
            <span class={`swatch tone-${p.tone}`} aria-hidden="true" /> {p.name} <strong>{p.value}</strong>
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
