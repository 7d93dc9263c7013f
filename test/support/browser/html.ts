// Reads pages like a browser without JavaScript (node-html-parser): the forms a person could submit and the text they read.
import { parse, type HTMLElement } from 'node-html-parser';

/** One `<form>` of a page, with the values a browser would submit and its submit buttons. */
export interface PageForm {
  id?: string;
  method: string;
  action: URL;
  fields: Record<string, string>;
  buttons: { name?: string; value?: string; text: string; disabled: boolean }[];
}

/** What a browser submits by default: named, enabled inputs; checkboxes and radios only when checked. */
function defaultFields(form: HTMLElement): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const input of form.querySelectorAll('input')) {
    const name = input.getAttribute('name');
    const type = (input.getAttribute('type') ?? 'text').toLowerCase();
    if (!name || input.hasAttribute('disabled')) continue;
    if ((type === 'checkbox' || type === 'radio') && !input.hasAttribute('checked')) continue;
    fields[name] = input.getAttribute('value') ?? '';
  }
  return fields;
}

function buttonOf(button: HTMLElement): PageForm['buttons'][number] {
  return {
    name: button.getAttribute('name'),
    value: button.getAttribute('value'),
    text: button.text.trim(),
    disabled: button.hasAttribute('disabled'),
  };
}

/** The forms of a page, including buttons outside a form that point at one with form="…". */
export function parseForms(html: string, pageUrl: URL): PageForm[] {
  const root = parse(html);
  const forms = root.querySelectorAll('form').map((form) => ({
    id: form.getAttribute('id'),
    method: (form.getAttribute('method') ?? 'get').toLowerCase(),
    action: new URL(form.getAttribute('action') || pageUrl.href, pageUrl),
    fields: defaultFields(form),
    buttons: form.querySelectorAll('button').map(buttonOf),
  }));
  for (const button of root.querySelectorAll('button[form]')) {
    forms.find((form) => form.id === button.getAttribute('form'))?.buttons.push(buttonOf(button));
  }
  return forms;
}

/** Visible text of an HTML fragment, whitespace collapsed: for asserting what a person reads. */
export function textOf(html: string): string {
  const root = parse(html);
  for (const hidden of root.querySelectorAll('script, style')) hidden.remove();
  return root.text.replace(/\s+/g, ' ').trim();
}
