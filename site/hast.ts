// The few hast (HTML syntax tree) shapes the lesson plugins walk; the full types are not a dependency.

export interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

export function visitElements(node: HastNode, visit: (element: HastNode) => void): void {
  if (node.type === "element") visit(node);
  for (const child of node.children ?? []) visitElements(child, visit);
}

export function textOf(node: HastNode): string {
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(textOf).join("");
}
