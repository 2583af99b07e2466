/**
 * Applying a server render to the live root. morphdom changes only what
 * differs, so focus, scroll position and in-flight state survive. The field
 * the user is typing in keeps its value and caret: the server's copy of it
 * may be a keystroke behind.
 */

import morphdom from "morphdom";

export const LOADING_CLASS = "live-loading"; // on an element while its event awaits a reply

type FormField = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

interface FocusSnapshot {
  field: FormField;
  value: string;
  checked: boolean;
  selection: [number, number, "forward" | "backward" | "none"] | null;
}

export function patchRoot(root: HTMLElement, html: string): void {
  const focus = captureFocus(root);
  const target = root.cloneNode(false) as HTMLElement;
  target.innerHTML = html;
  morphdom(root, target, {
    childrenOnly: true,
    onBeforeElUpdated: keepClientState,
    onBeforeElChildrenUpdated: keepClientFlash,
  });
  if (focus) restoreFocus(focus);
}

// The server does not know which elements are waiting for a reply. Nor does it
// know a password typed into a field it renders empty (it never echoes one back):
// keep what was typed, or a trigger-action form would be posted without it.
function keepClientState(fromEl: HTMLElement, toEl: HTMLElement): boolean {
  if (fromEl.classList.contains(LOADING_CLASS)) toEl.classList.add(LOADING_CLASS);
  if (isPasswordField(fromEl) && isPasswordField(toEl) && toEl.value === "") toEl.value = fromEl.value;
  return true;
}

function isPasswordField(element: HTMLElement): element is HTMLInputElement {
  return element instanceof HTMLInputElement && element.type === "password";
}

// A flash shown from a `flash` message stays until the server renders one itself.
function keepClientFlash(fromEl: HTMLElement, toEl: HTMLElement): boolean {
  const isFlashContainer = fromEl.hasAttribute("data-live-flash");
  return !(isFlashContainer && (toEl.textContent ?? "").trim() === "" && toEl.children.length === 0);
}

function captureFocus(root: HTMLElement): FocusSnapshot | null {
  const field = document.activeElement;
  if (!isFormField(field) || !root.contains(field)) return null;
  if (field instanceof HTMLInputElement && field.type === "file") return null;
  return {
    field,
    value: field.value,
    checked: field instanceof HTMLInputElement && field.checked,
    selection: readSelection(field),
  };
}

function restoreFocus({ field, value, checked, selection }: FocusSnapshot): void {
  if (!field.isConnected) return;
  if (field.value !== value) field.value = value;
  if (field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio")) {
    field.checked = checked;
  }
  if (document.activeElement !== field) field.focus({ preventScroll: true });
  if (selection && !sameSelection(field, selection)) {
    try {
      (field as HTMLInputElement).setSelectionRange(...selection);
    } catch {
      // Some input types (email, number) have no selection API; nothing to restore.
    }
  }
}

function isFormField(element: Element | null): element is FormField {
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement;
}

function readSelection(field: FormField): FocusSnapshot["selection"] {
  if (field instanceof HTMLSelectElement) return null;
  try {
    const { selectionStart, selectionEnd, selectionDirection } = field;
    if (selectionStart === null || selectionEnd === null) return null;
    return [selectionStart, selectionEnd, selectionDirection ?? "none"];
  } catch {
    return null;
  }
}

function sameSelection(field: FormField, [start, end]: [number, number, string]): boolean {
  const current = readSelection(field);
  return current !== null && current[0] === start && current[1] === end;
}

/**
 * The trigger-action pattern: a socket cannot set cookies, so a view that
 * must (log-in, log-out) renders a form with `live-trigger-action` and the
 * client submits it as a plain HTTP POST. Each form element is submitted once.
 */
const submittedTriggerForms = new WeakSet<HTMLFormElement>();

export function submitTriggerActions(root: HTMLElement): boolean {
  for (const form of root.querySelectorAll<HTMLFormElement>("form[live-trigger-action]")) {
    if (submittedTriggerForms.has(form)) continue;
    submittedTriggerForms.add(form);
    // The prototype call still works when a field named "submit" shadows form.submit.
    HTMLFormElement.prototype.submit.call(form);
    return true; // the page is navigating away; one form is enough
  }
  return false;
}
