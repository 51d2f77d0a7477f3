import type { CollectionReturnValue, Core } from "cytoscape";
import { CLASS } from "./styles";

/**
 * The highlighter only adds and removes classes; what a highlighted, dimmed or focused element
 * looks like is the stylesheet's business (styles.ts).
 *
 * - A path (a channel end to end, or a port's channels): its devices and cables get `on-path`, with
 *   the racks and rooms that hold them; everything else is dimmed.
 * - A focus (the search): one node gets `focus`, nothing is dimmed.
 */
export class TopologyHighlighter {
  private pathIds: readonly string[] = [];

  constructor(private readonly cy: Core) {}

  /** Highlights these elements (ids absent from the graph are skipped) and dims the rest. */
  showPath(ids: readonly string[]): CollectionReturnValue {
    this.pathIds = ids;
    return this.apply();
  }

  clearPath(): void {
    this.pathIds = [];
    this.cy.batch(() => {
      this.cy.elements(`.${CLASS.path}, .${CLASS.dimmed}`).removeClass(`${CLASS.path} ${CLASS.dimmed}`);
    });
  }

  /** Applies the current path again, after elements were added or removed. */
  refresh(): void {
    if (this.pathIds.length) this.apply();
  }

  focus(id: string): void {
    this.cy.batch(() => {
      this.cy.elements(`.${CLASS.focus}`).removeClass(CLASS.focus);
      this.cy.getElementById(id).addClass(CLASS.focus);
    });
  }

  clearFocus(): void {
    this.cy.elements(`.${CLASS.focus}`).removeClass(CLASS.focus);
  }

  get hasPath(): boolean {
    return this.pathIds.length > 0;
  }

  private apply(): CollectionReturnValue {
    const cy = this.cy;
    const hit = cy.collection();
    for (const id of this.pathIds) hit.merge(cy.getElementById(id));
    // The racks and rooms holding the path: compound parents, or zones named in the data.
    const holders = cy.collection();
    hit.nodes().forEach((n) => {
      for (const key of ["rackId", "roomId"]) {
        const id = n.data(key) as string | null | undefined;
        if (id) holders.merge(cy.getElementById(id));
      }
    });
    const withHolders = hit.union(hit.nodes().ancestors()).union(holders);
    cy.batch(() => {
      cy.elements(`.${CLASS.path}, .${CLASS.dimmed}`).removeClass(`${CLASS.path} ${CLASS.dimmed}`);
      withHolders.addClass(CLASS.path);
      // Compound boxes around the path stay readable; everything else fades.
      cy.elements().difference(withHolders).addClass(CLASS.dimmed);
    });
    return withHolders;
  }
}
