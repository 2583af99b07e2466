/**
 * DOM events → live events. One listener per event type on the live root
 * (event delegation), so elements added by a patch work without rebinding.
 *
 *   <button live-click="archive" live-value-id="7">     → {event:"archive", value:{id:"7"}}
 *   <form live-submit="save">                           → the form's fields
 *   <form live-change="validate">                       → the form's fields + _target
 *   <form live-change="validate" live-debounce="300">   → the same, once typing pauses for 300 ms
 */

import type { EventValue } from "../protocol";

const VALUE_ATTRIBUTE_PREFIX = "live-value-";

/** Sends an event; `loading` gets the class `live-loading` until the reply. */
export type PushEvent = (event: string, value: EventValue, loading: Element | null) => void;

export function bindEvents(root: HTMLElement, push: PushEvent): void {
  root.addEventListener("click", (event) => onClick(root, event, push));
  root.addEventListener("submit", (event) => onSubmit(root, event, push));
  const lastChangeSent = new WeakMap<HTMLFormElement, string>();
  const schedule = debouncer();
  const onFieldChange = (event: Event) => onChange(root, event, push, lastChangeSent, schedule);
  root.addEventListener("input", onFieldChange);
  root.addEventListener("change", onFieldChange);
}

function onClick(root: HTMLElement, event: MouseEvent, push: PushEvent): void {
  const element = closestInRoot(root, event.target, "[live-click]");
  if (!element) return;
  // A live link is not a navigation.
  if (element instanceof HTMLAnchorElement) event.preventDefault();
  push(element.getAttribute("live-click") ?? "", valueAttributes(element), element);
}

function onSubmit(root: HTMLElement, event: SubmitEvent, push: PushEvent): void {
  const form = closestInRoot(root, event.target, "form[live-submit]");
  if (!(form instanceof HTMLFormElement)) return;
  event.preventDefault();
  const value = { ...formValues(form, event.submitter), ...valueAttributes(form) };
  push(form.getAttribute("live-submit") ?? "", value, form);
}

// Text fields fire `input` per keystroke and `change` on blur; checkboxes and
// selects fire both at once. Sending only what differs from the last event
// of that form drops the duplicates.
function onChange(root: HTMLElement, event: Event, push: PushEvent, lastSent: WeakMap<HTMLFormElement, string>, schedule: Schedule): void {
  const field = event.target;
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement)) return;
  const form = closestInRoot(root, field.form, "form[live-change]");
  if (!(form instanceof HTMLFormElement)) return;
  const send = () => {
    const value = { ...formValues(form, null), _target: field.name };
    const serialized = JSON.stringify(value);
    if (lastSent.get(form) === serialized) return;
    lastSent.set(form, serialized);
    push(form.getAttribute("live-change") ?? "", value, null);
  };
  // A blur or a checkbox is a decision: send it now. Keystrokes wait for a pause.
  const delayMs = event.type === "input" ? Number(form.getAttribute("live-debounce") ?? 0) : 0;
  schedule(form, send, Number.isFinite(delayMs) ? delayMs : 0);
}

type Schedule = (form: HTMLFormElement, send: () => void, delayMs: number) => void;

/** One pending change per form: a new keystroke replaces it and restarts the wait. */
function debouncer(): Schedule {
  const timers = new WeakMap<HTMLFormElement, ReturnType<typeof setTimeout>>();
  return (form, send, delayMs) => {
    clearTimeout(timers.get(form));
    if (delayMs <= 0) return send();
    timers.set(form, setTimeout(send, delayMs));
  };
}

function closestInRoot(root: HTMLElement, target: EventTarget | null, selector: string): Element | null {
  if (!(target instanceof Element)) return null;
  const element = target.closest(selector);
  return element && root.contains(element) ? element : null;
}

/** `live-value-id="7"` → {id: "7"} */
export function valueAttributes(element: Element): EventValue {
  const entries: [string, string][] = [];
  for (const { name, value } of element.attributes) {
    if (name.startsWith(VALUE_ATTRIBUTE_PREFIX)) entries.push([name.slice(VALUE_ATTRIBUTE_PREFIX.length), value]);
  }
  // fromEntries defines own properties, so a key like "__proto__" stays a plain key.
  return Object.fromEntries(entries);
}

/** The form's string fields (files are skipped); a repeated name keeps its last value. */
export function formValues(form: HTMLFormElement, submitter: HTMLElement | null): EventValue {
  const entries: [string, string][] = [];
  for (const [name, value] of readFormData(form, submitter)) {
    if (typeof value === "string") entries.push([name, value]);
  }
  return Object.fromEntries(entries);
}

function readFormData(form: HTMLFormElement, submitter: HTMLElement | null): FormData {
  try {
    // With the submitter, the clicked button's name=value is included, as in a native submit.
    return new FormData(form, submitter);
  } catch {
    return new FormData(form); // the submitter is not a submit button, or an older browser
  }
}
