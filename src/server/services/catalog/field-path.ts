/** `fibers[3].b.position` → `definition.fibers.3.b.position`, the path a form shows the message on. */
export function definitionField(enginePath: string): string {
  const dotted = enginePath.replace(/\[(\d+)\]/g, ".$1");
  return dotted ? `definition.${dotted}` : "definition";
}
