import { COLOUR } from "./styles";
import s from "./topology.module.css";

/** What the colours and lines of the graph mean (the same constants as the stylesheet). */
export function Legend() {
  const box = (fill: string, border: string) => ({ background: fill, borderColor: border });
  return (
    <section className={s.panel} aria-labelledby="topology-legend">
      <h2 id="topology-legend">Legend</h2>
      <ul className={s.legend}>
        <li>
          <span className={s.swatch} style={box(COLOUR.errorFill, COLOUR.error)} /> Error on a channel
        </li>
        <li>
          <span className={s.swatch} style={box(COLOUR.warningFill, COLOUR.warning)} /> Warning
        </li>
        <li>
          <span className={s.swatch} style={box(COLOUR.panel, COLOUR.deviceBorder)} /> Panel, enclosure
        </li>
        <li>
          <span className={s.swatch} style={box(COLOUR.switch, COLOUR.deviceBorder)} /> Switch, router
        </li>
        <li>
          <span className={s.line} style={{ borderTopColor: COLOUR.bundle, borderTopWidth: 6 }} /> Trunks, per rack pair
        </li>
        <li>
          <span className={s.line} style={{ borderTopColor: COLOUR.trunk, borderTopWidth: 2 }} /> One trunk
        </li>
        <li>
          <span className={s.line} style={{ borderTopColor: COLOUR.cord, borderTopWidth: 1 }} /> Patch cord
        </li>
        <li>
          <span className={s.line} style={{ borderTopColor: COLOUR.trunk, borderTopStyle: "dashed", borderTopWidth: 2 }} /> Planned
        </li>
        <li>
          <span className={s.line} style={{ borderTopColor: COLOUR.error, borderTopWidth: 3 }} /> Cable on a failing channel
        </li>
        <li>
          <span className={s.swatch} style={{ background: COLOUR.path, opacity: 0.45 }} /> Chosen path
        </li>
      </ul>
      <p className={s.note}>Double-click a bundle to open it into its trunks. Click anything for its details and findings.</p>
    </section>
  );
}
